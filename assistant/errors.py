"""The project's one error hierarchy; the CLI and UI turn these into messages."""

from functools import partial

from index.errors import EmbedderError, ForeignIndexError, IndexMissingError, ReadOnlyError, StoreError
from ingest.errors import JaarplanError, SourceError, UsageError

__all__ = [
    "JaarplanError",
    "UsageError",
    "SourceError",
    "IndexMissingError",
    "ForeignIndexError",
    "StoreError",
    "ReadOnlyError",
    "EmbedderError",
    "QuestionError",
]


class QuestionError(UsageError):
    """The question cannot be asked as given (empty, too long); ``kind`` and ``values`` let the UI say
    it in the interface language."""

    def __init__(self, message: str, kind: str = "", **values: object) -> None:
        super().__init__(message)
        self.kind, self.values = kind, values

    def __reduce__(self) -> tuple:  # crosses processes (`serve --workers`) with its kind and values
        return (partial(QuestionError, **self.values), (str(self), self.kind))  # type: ignore[arg-type]
