"""How the delivery log shows a recipient: reporters' addresses are personal data, so the log (read by
agencies and operators) keeps them masked."""

from __future__ import annotations


def mask(recipient: str) -> str:
    """n***@gmail.com, +84*******78: enough to recognise, not to contact."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return recipient[:3] + "*" * max(len(recipient) - 5, 0) + recipient[-2:]


def logged_as(recipient: str, audience: str) -> str:
    return mask(recipient) if audience == "reporter" else recipient
