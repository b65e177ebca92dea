"""A chat draft is filed once: Powertools idempotency records (shared/idempotency.py) keyed on the draft,
so a turn repeated after a failure answers with the code of the report it already filed."""

from __future__ import annotations

from collections.abc import Callable

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from shared.idempotency import guard

config = IdempotencyConfig(event_key_jmespath="key", expires_after_seconds=48 * 3600, hash_function="sha256")


class ChatFilings:
    def run(self, key: str, create: Callable[[], str]) -> str:
        def file_once(draft: dict[str, str]) -> dict[str, str]:
            return {"report_id": create()}

        once = guard(file_once, config, "draft", key_prefix="intake.chat_filing")
        return str(once(draft={"key": key})["report_id"])
