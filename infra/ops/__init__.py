"""Operators' recovery commands (`python -m infra.ops --help`): dead-letter queues, the outbox, webhook
deliveries that were given up. They work on the local run (`.local/outputs.json`) or a deployed stack."""
