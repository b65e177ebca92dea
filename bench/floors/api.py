"""The API functions' floor: the libraries' floor (`bench/floors/libraries.py`, repeated here: importing it
would end the paused collection before the resolver) plus what an API function cannot answer a request
without, Powertools' REST resolver with request validation and one route taking a pydantic body.
Importing `aws_lambda_powertools.event_handler` runs its package's `__init__`, which imports every resolver
it offers (AppSync, Bedrock agents, VPC Lattice, …), asyncio and every event source's data class: paid by
any function that uses one of them."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from boto3.dynamodb.conditions import Key
from pydantic import BaseModel

from shared.cold_init import init_done
from shared.tracing import TRACED_MODULES


class Contact(BaseModel):
    email: str


logger = Logger(service="floor")
tracer = Tracer(service="floor", patch_modules=TRACED_MODULES)
condition = Key("pk").eq("floor")
app = APIGatewayRestResolver(enable_validation=True)


@app.post("/contacts")
def add_contact(contact: Contact) -> dict[str, str]:
    return {"email": contact.email}


init_done()
