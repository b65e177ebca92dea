"""The API functions' floor: the libraries' floor (`bench/cold_floor.py`) plus what an API function cannot
answer a request without, Powertools' REST resolver with request validation, one route taking a pydantic
body. Importing `aws_lambda_powertools.event_handler` runs its package's `__init__`, which imports every
resolver it offers (AppSync, Bedrock agents, VPC Lattice, …), asyncio and every event source's data class:
paid by any function that uses one of them."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from bench.cold_floor import Contact

app = APIGatewayRestResolver(enable_validation=True)


@app.post("/contacts")
def add_contact(contact: Contact) -> dict[str, str]:
    return {"email": contact.email}
