"""The one error type of every service function."""


class ServiceError(ValueError):
    """A write refused because of bad input; ``errors`` maps a field (or indicator code) to a message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}
