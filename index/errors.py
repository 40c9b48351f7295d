"""Index errors (part of the hierarchy re-exported by ``assistant.errors``)."""

from ingest.errors import JaarplanError


class IndexMissingError(JaarplanError):
    """No index has been built in the data directory yet."""


class ForeignIndexError(JaarplanError):
    """The index on disk was built with another model, or its manifest is not ours."""


class StoreError(JaarplanError):
    """The vector store (embedded Chroma or a Chroma server) cannot be used."""


class ReadOnlyError(JaarplanError):
    """The data directory cannot be written."""


class EmbedderError(JaarplanError):
    """The embedding model cannot be loaded."""
