"""The service discovery document (http://wiki.open311.org/Service_discovery)."""

from __future__ import annotations

from typing import Any

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00+07:00"  # when this endpoint's behaviour last changed
CONTACT = "Trung tâm điều hành đô thị thông minh (IOC) — phananh@phananh-demo.vn"


def discovery(base_url: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": CONTACT,
        "key_service": "API keys are issued per client application by the operations centre.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{base_url}/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
