"""Open311's error shape: an array of {code, description}, with the HTTP status as the code."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def bad_request(description: str) -> Open311Error:
    return Open311Error(400, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)
