"""The libraries every handler stands on, imported as a handler would and nothing of ours: the floor under
the cold-start ratios. boto3's DynamoDB conditions, Powertools' Logger, batch processor and Tracer (with
our patch list), and a pydantic model (no handler imports email-validator, PyJWT or pydantic-settings
at import: shared/models.py, shared/auth.py, shared/config.py)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from boto3.dynamodb.conditions import Key
from pydantic import BaseModel

from shared.tracing import TRACED_MODULES


class Contact(BaseModel):
    email: str


logger = Logger(service="floor")
tracer = Tracer(service="floor", patch_modules=TRACED_MODULES)
processor = BatchProcessor(event_type=EventType.SQS)
condition = Key("pk").eq("floor")
