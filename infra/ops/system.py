"""Where an ops command works: the local run (its outputs.json) or a deployed stack (its OpsResources
output), as the same names — tables, the bus, the queues and dead-letter queues by their topology names."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from infra.ops.errors import FAILED, NOT_FOUND, OpsError
from infra.topology import TOPOLOGY
from shared.aws import reset_clients
from shared.local_run import NoLocalRun, outputs_path, read_outputs

OPS_OUTPUT = "OpsResources"  # the stack output infra/stack.py writes


@dataclass
class System:
    where: str
    session: boto3.Session
    tables: dict[str, str]
    event_bus_name: str
    queues: dict[str, str]  # topology name → URL (local) or queue name (stack)
    dead_letter_queues: dict[str, str]
    endpoint_url: str | None = None
    _urls: dict[str, str] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint_url)  # type: ignore[call-overload]

    def url(self, ref: str) -> str:
        """A queue's URL from what the outputs hold (a URL already, or a queue name)."""
        if ref.startswith(("http://", "https://")):
            return ref
        if ref not in self._urls:
            self._urls[ref] = self.client("sqs").get_queue_url(QueueName=ref)["QueueUrl"]
        return self._urls[ref]

    def use_for_services(self) -> None:
        """Points the services' adapters (shared/aws.py reads the environment) at this system."""
        env = {spec.env: self.tables[spec.name] for spec in TOPOLOGY.tables if spec.name in self.tables}
        env[TOPOLOGY.bus_env] = self.event_bus_name
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = self.session.region_name or "ap-southeast-1"
        if self.endpoint_url:
            env.update(
                AWS_ENDPOINT_URL=self.endpoint_url,
                AWS_ACCESS_KEY_ID="testing",
                AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - the emulator's fixed dummy credentials
                AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
            )
        os.environ.update(env)
        reset_clients()


def local_run() -> System:
    try:
        outputs = read_outputs()
    except NoLocalRun as missing:
        raise OpsError(
            f"không có bản chạy cục bộ nào đang chạy ({outputs_path()}): chạy `make run` ở một cửa sổ khác, "
            "hoặc chỉ định --stack <tên stack> để làm việc với một môi trường đã triển khai.",
            f"no local run is up ({outputs_path()}): start one with `make run` in another terminal, or "
            "pass --stack <stack name> to work on a deployed stage.",
            NOT_FOUND,
        ) from missing
    region = str(outputs["region"])
    return System(
        where=f"the local run ({outputs_path()})",
        session=boto3.Session(
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - the emulator's fixed dummy credentials
        ),
        endpoint_url=str(outputs["aws_endpoint_url"]),
        tables=dict(outputs["tables"]),  # type: ignore[call-overload]
        event_bus_name=str(outputs["event_bus_name"]),
        queues=dict(outputs["queues"]),  # type: ignore[call-overload]
        dead_letter_queues=dict(outputs["dead_letter_queues"]),  # type: ignore[call-overload]
    )


def deployed(stack: str, region: str | None) -> System:
    session = boto3.Session(region_name=region) if region else boto3.Session()
    try:
        found = session.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    except (ClientError, BotoCoreError) as error:
        raise OpsError(
            f"không đọc được stack {stack}: {error}",
            f"cannot read the stack {stack}: {error}",
            FAILED,
        ) from error
    outputs = {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}
    if OPS_OUTPUT not in outputs:
        raise OpsError(
            f"stack {stack} không có output {OPS_OUTPUT}: hãy triển khai lại phiên bản hiện tại.",
            f"the stack {stack} has no {OPS_OUTPUT} output: deploy the current version first.",
            NOT_FOUND,
        )
    names = json.loads(outputs[OPS_OUTPUT])
    return System(
        where=f"the stack {stack} ({session.region_name})",
        session=session,
        tables=names["tables"],
        event_bus_name=names["event_bus_name"],
        queues=names["queues"],
        dead_letter_queues=names["dead_letter_queues"],
    )
