"""The few exception types services raise; each carries a Message a person can read."""

from __future__ import annotations

from core.messages import Message


class VartioError(Exception):
    """Base for refusals a person should see (not for programming errors)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


class PermissionDenied(VartioError):
    """The actor may not do this here; raised only by core.permissions."""

    def __init__(self, message: Message, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ValidationFailed(VartioError):
    """Input was rejected; ``errors`` maps a field name to its message. Nothing was written."""

    def __init__(self, errors: dict[str, Message]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first)
        self.errors = errors


class NotFound(VartioError):
    pass


class AuthenticationFailed(VartioError):
    pass
