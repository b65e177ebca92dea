"""The whole system in one stack, composed from the capability constructs."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.constructs import (
    Api,
    Auth,
    Functions,
    Mail,
    Messaging,
    Observability,
    PhotoCdn,
    Schedules,
    Storage,
    WebApp,
)
from infra.constructs.later import Later
from infra.constructs.outbox_pipe import OutboxPipe
from infra.constructs.web import AppConfig
from infra.stage import StageConfig
from infra.topology import TOPOLOGY, Topology

PUBLIC_API_URL_ENV = "PUBLIC_API_URL"  # read as public_api_url by shared/config.py


class PhanAnhStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        topology: Topology = TOPOLOGY,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        storage, messaging = Storage(self, "Storage", topology), Messaging(self, "Messaging", topology)
        self.pipes = _pipes(self, topology, storage, messaging, config)  # the report outbox to the bus
        auth = Auth(self, "Auth", topology)
        photo_cdn = PhotoCdn(self, "PhotoCdn", storage.buckets["photos"])
        mail = Mail(self, "Mail", config)
        # The web app's distribution is the API's CORS origin, and the API's origin is in its CSP.
        web_url = Later("the web app's URL")
        web_origin = config.web_origin or web_url.token
        functions = Functions(
            self,
            "Functions",
            topology,
            storage=storage,
            messaging=messaging,
            auth=auth,
            config=config,
            photos_url=photo_cdn.url,
            mail=mail,
            web_origin=web_origin,
        )
        api = Api(self, "Api", topology, functions.by_name, auth, config, web_origin)
        _tell_public_api_url(topology, functions, api)
        self.api_url_output = CfnOutput(self, "ApiUrl", value=api.rest_api.url, description="API base URL")
        web = self._web_app(storage, auth, api)
        web_url.set(web.url)
        storage.allow_browser_uploads("photos")
        self.web_url_output = CfnOutput(self, "WebUrl", value=web.url, description="The web app")
        schedules = Schedules(self, "Schedules", topology, functions.by_name)
        self._observability(config, functions, messaging, schedules, api)
        self._ops_output(storage, messaging, functions, schedules)

    def _web_app(self, storage: Storage, auth: Auth, api: Api) -> WebApp:
        return WebApp(
            self,
            "Web",
            access_logs=storage.access_logs,
            config=AppConfig(
                api_base=api.base_url,
                user_pool_id=auth.user_pool.user_pool_id,
                user_pool_client_id=auth.client.user_pool_client_id,
                region=self.region,
            ),
            api_origin=api.origin,
            photos=storage.buckets["photos"],
        )

    def _observability(
        self, config: StageConfig, functions: Functions, messaging: Messaging, schedules: Schedules, api: Api
    ) -> None:
        Observability(
            self,
            "Observability",
            config=config,
            functions={
                **functions.by_name,
                **{f"{name}-enrichment": pipe.enrichment for name, pipe in self.pipes.items()},
            },
            dead_letter_queues={
                **messaging.dead_letter_queues,
                **functions.dead_letter_queues,
                **schedules.dead_letter_queues,
                **{name: pipe.dead_letter_queue for name, pipe in self.pipes.items()},
            },
            api=api.rest_api,
        )

    def _ops_output(
        self, storage: Storage, messaging: Messaging, functions: Functions, schedules: Schedules
    ) -> None:
        """What `python -m infra.ops --stack <name>` works on: tables, bus, queues and dead-letter queues
        by their topology names (queue names, not URLs, to keep the output short)."""
        dead_letter_queues = {
            **messaging.dead_letter_queues,
            **functions.dead_letter_queues,
            **schedules.dead_letter_queues,
            **{name: pipe.dead_letter_queue for name, pipe in self.pipes.items()},
        }
        resources = {
            "tables": {name: table.table_name for name, table in storage.tables.items()},
            "event_bus_name": messaging.bus.event_bus_name,
            "queues": {name: queue.queue_name for name, queue in messaging.queues.items()},
            "dead_letter_queues": {name: queue.queue_name for name, queue in dead_letter_queues.items()},
        }
        CfnOutput(
            self,
            "OpsResources",
            value=self.to_json_string(resources),
            description="Resource names for python -m infra.ops",
        )


def _pipes(
    stack: Stack, topology: Topology, storage: Storage, messaging: Messaging, config: StageConfig
) -> dict[str, OutboxPipe]:
    """The topology's pipes: a table's stream to the bus (the report outbox)."""
    return {
        spec.name: OutboxPipe(
            stack,
            f"Pipe-{spec.name}",
            spec,
            table=storage.tables[spec.table],
            bus=messaging.bus,
            config=config,
        )
        for spec in topology.pipes
    }


def _tell_public_api_url(topology: Topology, functions: Functions, api: Api) -> None:
    """The absolute links API functions answer with start here (services/intake/handlers/api_base.py)."""
    for spec in topology.functions:
        if spec.routes:
            functions.by_name[spec.name].add_environment(PUBLIC_API_URL_ENV, api.base_url)
