"""Domain errors. Handlers map them to HTTP answers; logic never knows about HTTP."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    """The caller is known and lacks the right (a wrong access token, a role that may not): 403."""

    code = "forbidden"


class InvalidInput(DomainError):
    """Well-formed but unacceptable input (e.g. an unknown category): answered with 422."""

    code = "validation_error"

    def __init__(self, message_vi: str, message_en: str, fields: dict[str, str]) -> None:
        super().__init__(message_vi, message_en)
        self.fields = fields


class Unauthorized(DomainError):
    """No valid sign-in: answered with 401."""

    code = "unauthorized"


class Unavailable(DomainError):
    """Something this request needs could not be reached just now (not the caller's fault): 503, try again."""

    code = "unavailable"


class Conflict(DomainError):
    """A conditional write lost: the item changed since it was read."""

    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, current: str, target: str, allowed: list[str]) -> None:
        super().__init__(
            f"Không thể chuyển phản ánh từ trạng thái '{current}' sang '{target}'.",
            f"A report in status '{current}' cannot move to '{target}'.",
        )
        self.current = current
        self.target = target
        self.allowed = allowed


class JointRefused(Exception):
    """A write that was to land with a new report was refused by its condition: nothing was written.
    `refused` holds the positions, among those writes, of the ones refused."""

    def __init__(self, refused: list[int]) -> None:
        super().__init__(f"joint writes refused: {refused}")
        self.refused = refused


class PublishError(Exception):
    """EventBridge refused some entries of a PutEvents call."""
