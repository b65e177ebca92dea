"""Sends one SMS through SNS (direct publish to a phone number). Nothing else talks to SNS."""

from __future__ import annotations

import re

from shared.aws import client

VIETNAM = "+84"


def e164(phone: str) -> str:
    """0912 345 678 → +84912345678; numbers already international keep their country code."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("+"):
        return "+" + digits[1:].replace("+", "")
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return VIETNAM + digits[1:]
    return "+" + digits


class SnsSms:
    def send(self, phone: str, text: str) -> str:
        """Returns the SNS message id."""
        response = client("sns").publish(
            PhoneNumber=e164(phone),
            Message=text,
            MessageAttributes={
                # Transactional: delivered even to numbers that opted out of promotional messages.
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            },
        )
        return str(response["MessageId"])
