"""Every test process gets the environment a deployed function would have, before any handler imports.

Handlers read their settings (table names, bus, region) at import, as in Lambda; the physical names are
the ones infra/local/provision.py creates, derived from the topology.
"""

from __future__ import annotations

import os

from infra.local.provision import physical
from infra.topology import TOPOLOGY

REGION = "ap-southeast-1"

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_REGION=REGION,
    AWS_DEFAULT_REGION=REGION,
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="PhanAnh",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="WARNING",
    MAIL_FROM="phananh@phananh-demo.vn",
    PUBLIC_API_URL="http://api.test",  # the API's address as the stack or the runner would configure it
)
os.environ.pop("AWS_ENDPOINT_URL", None)  # in-process tests use moto's mock, never a stray endpoint
os.environ.update({t.env: physical(TOPOLOGY, t.name) for t in TOPOLOGY.tables})
os.environ.update({b.env: physical(TOPOLOGY, b.name) for b in TOPOLOGY.buckets})
os.environ[TOPOLOGY.bus_env] = physical(TOPOLOGY, TOPOLOGY.bus_name)
