"""The project's one error hierarchy; the CLI and UI turn these into messages."""

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
    """The question cannot be asked as given (empty, too long)."""
