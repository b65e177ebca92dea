"""What a chat send API's refusal looks like to callers."""

from __future__ import annotations


class ChatRefused(Exception):
    """The platform did not take the message (an error code, a status, no answer): retry later."""
