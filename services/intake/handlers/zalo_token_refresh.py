"""zalo-token-refresh (scheduled): trades the Zalo OA refresh token for new tokens when due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.dal.zalo_oauth import ZaloSecret, ZaloTokenEndpoint
from services.intake.logic.zalo_token import RefreshRefused, refresh_zalo_token
from shared.chat_secrets import forget
from shared.cold_init import init_done

logger = Logger(service="intake")
store = ZaloSecret()
oauth = ZaloTokenEndpoint()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    try:
        outcome = refresh_zalo_token(store, oauth, datetime.now(UTC))
    except RefreshRefused as refused:
        # The OA must be authorised again by a person (docs/chat-channels.md); the alarm on this
        # function's errors says so.
        logger.error("zalo token refresh refused", extra={"reason": str(refused)})
        raise
    if outcome == "refreshed":
        forget()
        logger.info("zalo access token refreshed")
    return {"refreshed": int(outcome == "refreshed")}


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
