"""Domain errors that views and the API turn into clear messages."""


class DomainError(Exception):
    """A rule of the platform or of the law refuses the request; the message is for people."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The actor may not do this to this object."""


class ProcedureError(DomainError):
    """The act does not fit the case's state or a guard of the procedure."""
