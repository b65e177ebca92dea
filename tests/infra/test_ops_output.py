"""The stack tells `python -m infra.ops --stack` what to work on: every table, the bus, every queue and every
dead-letter queue (each one alarmed), by the names the local run's outputs.json uses."""

from __future__ import annotations

from infra.topology import TOPOLOGY
from tests.infra.test_stack import Cfn


def test_the_ops_output_names_every_table_queue_and_dead_letter_queue(template: Cfn) -> None:
    joined = template["Outputs"]["OpsResources"]["Value"]["Fn::Join"][1]
    literal = "".join(part for part in joined if isinstance(part, str))
    tables, rest = literal.split('"queues":')
    queues, dead = rest.split('"dead_letter_queues":')
    assert all(f'"{t.name}":"' in tables for t in TOPOLOGY.tables)
    assert '"event_bus_name":"' in tables
    assert all(f'"{q.name}":"' in queues for q in TOPOLOGY.queues)
    scheduled = [f.name for f in TOPOLOGY.functions if f.schedule_minutes]
    expected = [
        "undeliverable-events",
        *(q.name for q in TOPOLOGY.queues),
        *(f"{name}-async" for name in scheduled),
        *(f"{name}-schedule" for name in scheduled),
    ]
    assert [name for name in expected if f'"{name}":"' not in dead] == []
