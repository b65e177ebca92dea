"""The libraries every handler stands on, imported as a handler would and nothing of ours: the floor under
the cold-start ratios. boto3's DynamoDB conditions, Powertools' Logger, batch processor and Tracer (with
our patch list), pydantic with an email field, pydantic-settings."""

from __future__ import annotations

import pydantic_settings  # noqa: F401 - imported for its cost, as shared/config.py does
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from boto3.dynamodb.conditions import Key
from pydantic import BaseModel, EmailStr

from shared.tracing import TRACED_MODULES


class Contact(BaseModel):
    email: EmailStr


logger = Logger(service="floor")
tracer = Tracer(service="floor", patch_modules=TRACED_MODULES)
processor = BatchProcessor(event_type=EventType.SQS)
condition = Key("pk").eq("floor")
