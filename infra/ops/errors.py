"""The one way an ops command refuses: a message in Vietnamese and English and an exit status."""

from __future__ import annotations

# Exit statuses, as `python -m infra.ops --help` lists them.
OK = 0
FAILED = 1  # AWS refused or failed; nothing was half-done silently (the command says what it did)
BAD_INPUT = 2  # an unknown queue, a malformed id, a bad option
NOT_FOUND = 3  # a well-formed id that names nothing
INTERRUPTED = 130


class OpsError(Exception):
    def __init__(self, message_vi: str, message_en: str, exit_status: int = BAD_INPUT) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en
        self.exit_status = exit_status

    def __str__(self) -> str:
        return f"Lỗi: {self.message_vi}\nError: {self.message_en}"
