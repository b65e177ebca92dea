"""One construct per capability of the system, each built from infra/topology.py."""

from infra.constructs.api import Api
from infra.constructs.auth import Auth
from infra.constructs.functions import Functions
from infra.constructs.mail import Mail
from infra.constructs.messaging import Messaging
from infra.constructs.observability import Observability
from infra.constructs.photo_cdn import PhotoCdn
from infra.constructs.schedules import Schedules
from infra.constructs.storage import Storage
from infra.constructs.web import WebApp

__all__ = [
    "Api",
    "Auth",
    "Functions",
    "Mail",
    "Messaging",
    "Observability",
    "PhotoCdn",
    "Schedules",
    "Storage",
    "WebApp",
]
