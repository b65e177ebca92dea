"""Sends one email through SES. Nothing else in the code base talks to SES."""

from __future__ import annotations

from shared.aws import client
from shared.config import get_settings


class SesEmail:
    def send(self, to: str, subject: str, text: str, html: str) -> str:
        """Returns the SES message id."""
        response = client("ses").send_email(
            Source=get_settings().mail_from,
            Destination={"ToAddresses": [to]},
            Message={
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": text, "Charset": "UTF-8"},
                    "Html": {"Data": html, "Charset": "UTF-8"},
                },
            },
        )
        return str(response["MessageId"])
