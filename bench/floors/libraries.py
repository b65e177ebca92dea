"""The libraries every handler stands on, imported as a handler would and nothing of ours: the floor under
the cold-start ratios. boto3 (with the DynamoDB conditions our tables use), Powertools' Logger and Tracer
(the X-Ray SDK, patching our list, as deployed: tracing on) and one pydantic model (every handler but one
validates something with pydantic, and the first model built imports pydantic's schema machinery).

Nothing a worker does not import: no Powertools batch utility (`shared/sqs_batch.py`), no event handler
(the API functions' floor is `bench/floors/api.py`), no email-validator, PyJWT, pydantic-settings or
Jinja2 (docs/decisions.md 26)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Tracer
from boto3.dynamodb.conditions import Key
from pydantic import BaseModel

from shared.cold_init import init_done
from shared.tracing import TRACED_MODULES


class Contact(BaseModel):
    email: str


logger = Logger(service="floor")
tracer = Tracer(service="floor", patch_modules=TRACED_MODULES)
condition = Key("pk").eq("floor")

init_done()
