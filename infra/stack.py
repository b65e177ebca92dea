"""The whole system in one stack, composed from the capability constructs."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from infra.constructs import Api, Auth, Functions, Messaging, Schedules, Storage
from infra.stage import StageConfig
from infra.topology import TOPOLOGY, Topology


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
        storage = Storage(self, "Storage", topology)
        messaging = Messaging(self, "Messaging", topology)
        auth = Auth(self, "Auth", topology)
        functions = Functions(
            self, "Functions", topology, storage=storage, messaging=messaging, auth=auth, config=config
        )
        Api(self, "Api", topology, functions.by_name, auth, config)
        Schedules(self, "Schedules", topology, functions.by_name)
