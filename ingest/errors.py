"""Base of the project's one error hierarchy (re-exported by ``assistant.errors``)."""


class JaarplanError(Exception):
    """Any failure the user can act on; the message names the problem and the fix."""

    exit_code = 1


class UsageError(JaarplanError):
    """The user asked for something invalid (bad question, bad flag value)."""

    exit_code = 2


class SourceError(JaarplanError):
    """A source document is missing, unreadable, encrypted or empty."""
