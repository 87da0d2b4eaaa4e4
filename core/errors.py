"""Domain errors raised by services; one handler per surface maps them to HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400
    code = "invalid"

    def __init__(
        self, message: str = "", *, field_errors: Mapping[str, Sequence[str]] | None = None
    ):
        super().__init__(message)
        self.message = str(message)
        self.field_errors: dict[str, list[str]] = {
            field: [str(m) for m in messages] for field, messages in (field_errors or {}).items()
        }

    def as_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {"detail": self.message, "code": self.code}
        if self.field_errors:
            payload["errors"] = self.field_errors
        return payload


class InvalidInput(DomainError):
    """400: the request is malformed or breaks a field rule."""

    status_code = 400
    code = "invalid"


class NotVisible(DomainError):
    """404: the object does not exist for this user (never reveal that it exists)."""

    status_code = 404
    code = "not_found"


class NotAllowed(DomainError):
    """403: the user sees the object but may not do this to it."""

    status_code = 403
    code = "permission_denied"


class IllegalStateChange(DomainError):
    """409: the object's current state does not allow this change."""

    status_code = 409
    code = "illegal_state"
