"""The exceptions scitui raises on purpose; anything else is a bug."""


class ScituiError(Exception):
    """Base class: an error with a message fit to show a user on one line."""


class ConfigError(ScituiError):
    """The configuration file is unreadable or invalid."""


class StoreError(ScituiError):
    """The SQLite database cannot be opened, read or written."""


class FetchError(ScituiError):
    """A feed or page could not be retrieved."""


class ExtractError(ScituiError):
    """An article page could not be parsed or cleaned."""


class ParseError(ScituiError):
    """Fetched bytes are not a usable feed."""


class QueryError(ScituiError):
    """A search query that the full-text index cannot parse."""
