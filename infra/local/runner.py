"""The whole system on one machine: moto server as AWS, the same handlers, the topology's wiring.

Order matters: the emulator starts and the environment is set before any handler module is imported,
because handlers read their settings (table names, bus, endpoint) at import, as they do in Lambda.
"""

from __future__ import annotations

import io
import ipaddress
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from infra.local import concurrency as local_concurrency
from infra.local import kept_statistics, retry_quota
from infra.local.api_server import Router, make_server
from infra.local.aws_emulator import LocalEmulator
from infra.local.chat_setup import LocalChat, start_chat
from infra.local.cognito import create_users, provision_user_pool
from infra.local.faults import Chaos
from infra.local.in_process_calls import InProcessCalls
from infra.local.inbox import Inbox, InboxWatch, collect
from infra.local.invoker import Invoker
from infra.local.kept_data import KeptData
from infra.local.outbox_pipe import outbox_pipes
from infra.local.pollers import QueuePoller, Timer
from infra.local.provision import Resources, provision
from infra.local.web import WebApp, content_security_policy
from infra.local.webhook_ports import allow_local_webhooks_to
from infra.local.webhook_receiver import DemoReceiver
from infra.seed import load_seed, read_demo_users, read_seed
from infra.topology import TOPOLOGY, VISIBILITY_PER_FUNCTION_TIMEOUT, Topology

ROOT = Path(__file__).resolve().parents[2]
DEMO_WEBHOOK_AGENCY = "dien-luc"  # the demo agency whose webhook goes to the demo receiver
DEMO_OPEN311_CLIENT = "demo-open311-client"


@dataclass
class Options:
    host: str = "127.0.0.1"
    port: int = 8080
    aws_port: int = 4566
    aws_port_asked: bool = False  # set by AWS_EMULATOR_PORT: a taken port stops the run, not replaced
    region: str = "ap-southeast-1"
    sweep_seconds: float = 30.0
    out_dir: Path = ROOT / ".local"
    log_level: str = "WARNING"
    tiles_url: str | None = None  # a map tile server for the web app (none: ward outlines only)
    fresh: bool = False  # FRESH=1: start from the demo province, not from the data kept at the last stop
    concurrency: int = local_concurrency.DEFAULT  # LOCAL_CONCURRENCY: batches per queue in flight at once

    def __post_init__(self) -> None:
        # Everything the runner serves is for this machine only: /local/inbox shows reporters' contact data,
        # and the emulator signs staff tokens with a key anyone can download.
        if not ipaddress.ip_address(self.host).is_loopback:
            raise ValueError(f"the local runner listens on a loopback address only, not {self.host}")

    @classmethod
    def from_env(cls) -> Options:
        env = os.environ
        return cls(
            port=int(env.get("PORT", "8080")),
            aws_port=int(env.get("AWS_EMULATOR_PORT") or "4566"),
            aws_port_asked=bool(env.get("AWS_EMULATOR_PORT")),
            region=env.get("AWS_REGION", "ap-southeast-1"),
            sweep_seconds=float(env.get("SWEEP_SECONDS", "30")),
            out_dir=Path(env.get("PHANANH_LOCAL_DIR", str(ROOT / ".local"))),
            log_level=env.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
            tiles_url=env.get("WEB_TILES_URL") or None,
            fresh=env.get("FRESH", "").strip().lower() in {"1", "true", "yes"},
            concurrency=local_concurrency.from_env(env),
        )


def _free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) != 0


def _any_free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


_PRINTING = threading.RLock()  # reentrant: a signal handler may print while the main thread prints


def say(message: str) -> None:
    """One whole line per call: workers log from their own threads, and `print` writes the text and the
    newline separately, so two workers' lines could run together without the lock and the single write."""
    with _PRINTING:
        sys.stdout.write(message + "\n")
        sys.stdout.flush()


@dataclass
class LocalSystem:
    options: Options
    topology: Topology = TOPOLOGY
    log: Callable[[str], None] = say
    resources: Resources | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    _threads: list[Any] = field(default_factory=list)
    _moto: LocalEmulator | None = None
    _http: Any = None
    _receiver: DemoReceiver | None = None
    _chat: LocalChat | None = None
    _stopped: bool = False
    _kept: KeptData | None = None
    _pool_id: str = ""
    _demo_endpoint_id: str = ""
    chaos: Chaos = field(default_factory=lambda: Chaos(None))

    def start(self) -> dict[str, Any]:
        opts = self.options
        if not _free(opts.host, opts.port):
            raise SystemExit(f"Port {opts.port} is in use: stop what runs there or set PORT=<another port>.")
        aws_port = self._emulator_port()
        self._step("Starting the AWS emulator (moto server)", lambda: self._start_moto(aws_port))
        endpoint = f"http://{opts.host}:{aws_port}"
        api_url = f"http://{opts.host}:{opts.port}"
        self._set_environment(endpoint, api_url)  # and FAULTS' hooks, before any handler's client exists
        session = self._own_session(endpoint)
        seed = read_seed()
        self.resources = resources = self._step(
            "Creating tables, bucket, bus, rules and queues from the topology",
            lambda: provision(session, self.topology),
        )
        pool = self._step(
            "Creating the staff user pool",
            lambda: provision_user_pool(session, self.topology, endpoint, [a.id for a in seed.agencies]),
        )
        kept = self._kept = KeptData(opts.out_dir, opts.fresh, self.log)
        self._chat = self._step(
            "Starting fake Zalo OA and Messenger", lambda: self._start_chat(session, kept)
        )
        # Everything that reads settings (seeding included) comes after the environment is complete.
        os.environ.update({**self.resources.env, **pool.env, **self._chat.env})
        seed = self._step("Seeding the demo province and staff", lambda: self._seed(session, pool.pool_id))
        self._pool_id = pool.pool_id
        self._step(
            "Restoring the data kept at the last stop",
            lambda: self._restore(kept, session, resources, pool.pool_id),
        )
        self._step("Starting the demo agency webhook receiver", self._start_demo_receiver)
        invokers = self._invokers()
        self._start_workers(session, self.resources, invokers)
        web_config = self._web_config(api_url, endpoint, pool.pool_id, pool.client_id)
        self._start_api(invokers, WebApp(web_config, content_security_policy(endpoint, opts.tiles_url)))
        self.outputs = self._outputs(api_url, endpoint, self.resources, seed, pool)
        opts.out_dir.mkdir(parents=True, exist_ok=True)
        (opts.out_dir / "outputs.json").write_text(json.dumps(self.outputs, indent=2, ensure_ascii=False))
        return self.outputs

    def _web_config(self, api_url: str, endpoint: str, pool_id: str, client_id: str) -> dict[str, Any]:
        """The web app's config.json: the same keys CDK writes at deploy (infra/constructs/web.py)."""
        return {
            "api_base": api_url,
            "user_pool_id": pool_id,
            "user_pool_client_id": client_id,
            "region": self.options.region,
            "cognito_endpoint": endpoint,
            "tiles_url": self.options.tiles_url,
        }

    def _outputs(
        self, api_url: str, endpoint: str, resources: Resources, seed: Any, pool: Any
    ) -> dict[str, Any]:
        """What `.local/outputs.json` tells people and tools about this run."""
        return {
            "api_url": api_url,
            "aws_endpoint_url": endpoint,
            "region": self.options.region,
            "web_url": f"{api_url}/",
            "docs_url": f"{api_url}/v1/docs",
            "inbox_url": f"{api_url}/local/inbox",
            "openapi_url": f"{api_url}/v1/openapi.json",
            "event_bus_name": resources.env[self.topology.bus_env],
            "tables": {t.name: resources.env[t.env] for t in self.topology.tables},
            "queues": resources.queue_urls,
            "dead_letter_queues": resources.dlq_urls,
            "province": seed.province,
            "user_pool_id": pool.pool_id,
            "user_pool_client_id": pool.client_id,
            "demo_users": [u.model_dump() for u in read_demo_users()],
            # what the demo agency's webhook receiver got (GET: JSON list, each verified)
            "demo_webhook_url": self._receiver.url if self._receiver else None,
            "demo_webhook_agency": DEMO_WEBHOOK_AGENCY,
            "open311_url": f"{api_url}/open311/v2",
            "open311_api_key": seed.open311_api_key,
            **(self._chat.outputs(api_url) if self._chat else {}),  # the fake chat platforms
            # what the handlers were given, for operators' commands run against this run (shared/local_run.py)
            "environment": {**resources.env, **pool.env, **(self._chat.env if self._chat else {})},
        }

    def _restore(self, kept: KeptData, session: boto3.Session, resources: Resources, pool_id: str) -> None:
        """The kept data back, and statistics kept in an earlier layout rebuilt before any worker runs."""
        kept.on_start(session, resources, pool_id)
        if kept.restored:
            kept_statistics.bring_up_to_date(self.log)

    def _emulator_port(self) -> int:
        opts = self.options
        if _free(opts.host, opts.aws_port):
            return opts.aws_port
        if opts.aws_port_asked:
            raise SystemExit(
                f"AWS_EMULATOR_PORT={opts.aws_port} is in use: stop what runs there, or set another port "
                "(or leave AWS_EMULATOR_PORT unset to let the runner pick a free one)."
            )
        port = _any_free_port(opts.host)
        self.log(f"Port {opts.aws_port} (the AWS emulator's default) is in use: using {port} instead.")
        return port

    def _step(self, what: str, action: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        self.log(f"==> {what}…")
        result = action()
        self.log(f"    done in {time.perf_counter() - started:.1f} s")
        return result

    def _start_moto(self, port: int) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per AWS call drowns the flow
        self._moto = LocalEmulator(self.options.host, port)
        self._moto.start()

    def _set_environment(self, endpoint: str, api_url: str) -> None:
        os.environ.update(
            AWS_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - the emulator's fixed dummy credentials
            AWS_REGION=self.options.region,
            AWS_DEFAULT_REGION=self.options.region,
            AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
            # The same user pool and client ids at each start, so a kept staff sign-in stays valid.
            MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY="HASH",
            MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY="HASH",
            POWERTOOLS_TRACE_DISABLED="true",
            POWERTOOLS_METRICS_NAMESPACE="PhanAnh",
            POWERTOOLS_LOG_LEVEL=self.options.log_level,
            POWERTOOLS_DEV="false",
            PUBLIC_WEB_URL=api_url,
            PUBLIC_API_URL=api_url,
            WEBHOOK_PROFILE="local",  # http to loopback allowed (the demo receiver)
        )
        # Powertools' metrics print an EMF blob per invocation; locally that is noise.
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        self._inject_faults()
        retry_quota.install(
            sum(
                local_concurrency.invocations_at_once(f, self.options.concurrency)
                for f in self.topology.functions
            )
        )

    def _own_session(self, endpoint: str) -> boto3.Session:
        """The runner's session (seeding, pollers, pipes: AWS's part), its calls to the emulator made
        without a socket, hooked before any of its clients is built (infra/local/in_process_calls.py)."""
        session = boto3.Session(region_name=self.options.region)
        if self._moto is not None and self._moto.app is not None:
            InProcessCalls(endpoint, self._moto.app).install(session.events)
        return session

    def _inject_faults(self) -> None:
        """FAULTS and REDELIVER: hooks on the default boto3 session, which every handler's clients come
        from (shared/aws.py), before any of them is built; off (and silent) unless asked for."""
        try:
            self.chaos = Chaos.from_env(os.environ)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        self.chaos.install_on_default_session(self.options.region)
        for line in self.chaos.banner():
            self.log(line)

    def _write_fault_summary(self) -> None:
        """What was injected, for the reliability suite and a curious person: faults.json beside outputs."""
        if self.chaos.injector is not None:
            summary = {**self.chaos.injector.summary(), "seed": self.chaos.seed}
            (self.options.out_dir / "faults.json").write_text(json.dumps(summary, indent=2))

    def _seed(self, session: boto3.Session, pool_id: str) -> Any:
        from shared.api_keys import ApiKeyRepository
        from shared.directory import DirectoryRepository

        seed = load_seed(DirectoryRepository())
        # A fresh key each run, for the demo Open311 client; only its hash is stored (outputs.json has it).
        seed.open311_api_key = ApiKeyRepository().issue(DEMO_OPEN311_CLIENT)
        users = read_demo_users()
        create_users(session, pool_id, users)
        self.log(
            f"    {seed.province['name']}: {len(seed.categories)} categories, "
            f"{len(seed.agencies)} agencies, {len(seed.areas)} areas, {len(seed.rules)} routing rules, "
            f"{len(users)} staff, an Open311 API key"
        )
        return seed

    def _invokers(self) -> dict[str, Invoker]:
        """Each function's invoker, admitting as many invocations at once as LOCAL_CONCURRENCY allows it."""
        opts = self.options
        shared = local_concurrency.shared_slots(self.topology.functions)
        return {
            f.name: Invoker(
                f, opts.region, local_concurrency.invocations_at_once(f, opts.concurrency), shared.get(f.name)
            )
            for f in self.topology.functions
        }

    def _start_workers(
        self, session: boto3.Session, resources: Resources, invokers: dict[str, Invoker]
    ) -> None:
        sqs = session.client("sqs")
        for queue in self.topology.queues:
            consumer = self.topology.consumer_of(queue.name)
            poller = QueuePoller(
                sqs,
                queue.name,
                resources.queue_urls[queue.name],
                queue.batch_size,
                invokers[consumer.name],
                self.options.region,
                self.log,
                deliveries=self.chaos.deliveries,
                concurrency=invokers[consumer.name].concurrency,
                in_flight_s=VISIBILITY_PER_FUNCTION_TIMEOUT * consumer.timeout_s,
            )
            self._threads.append(poller)
        for function in self.topology.functions:
            if function.schedule_minutes:
                self._threads.append(Timer(invokers[function.name], self.options.sweep_seconds, self.log))
        self._threads += outbox_pipes(session, self.topology, resources, self.log)  # EventBridge Pipes
        for thread in self._threads:
            thread.start()

    def _start_api(self, invokers: dict[str, Invoker], web: WebApp) -> None:
        self._mailbox = Inbox(lambda: collect(self.options.region))
        self._threads.append(InboxWatch(self._mailbox))
        self._threads[-1].start()
        routes = [(route, invokers[f.name]) for f in self.topology.functions for route in f.routes]
        self._http = make_server(
            self.options.host, self.options.port, Router(routes), self._inbox, self.log, web
        )
        threading.Thread(target=self._http.serve_forever, name="api", daemon=True).start()

    def _start_chat(self, session: boto3.Session, kept: KeptData) -> LocalChat:
        """The fake platforms, with the keys and outboxes of the last stop unless FRESH=1."""
        chat = start_chat(session, self.topology, kept.noted().get("chat"))
        allow_local_webhooks_to(chat.zalo.url, chat.messenger.url)  # their media, fetched as a webhook is
        return chat

    def _inbox(self) -> list[dict[str, Any]]:
        """The emails the emulator's SES accepted and the SMS its SNS kept, newest first, with times."""
        return self._mailbox.messages()

    def _start_demo_receiver(self) -> None:
        """A demo agency receiver on loopback, registered as that agency's webhook endpoint."""
        from services.notify.dal.webhook_endpoints_table import Endpoints

        kept = self._kept.extra if self._kept else {}
        self._receiver = DemoReceiver.on_port(self.options.host, kept.get("demo_webhook_port", 0))
        self._receiver.start()
        allow_local_webhooks_to(self._receiver.url)
        endpoint = Endpoints().get(DEMO_WEBHOOK_AGENCY, kept.get("demo_webhook_endpoint_id", ""))
        if endpoint is not None and not endpoint.url.startswith(self._receiver.url):
            Endpoints().disable(endpoint, "the demo receiver's port was taken: it listens elsewhere now")
            endpoint = None
        if endpoint is None:
            endpoint = Endpoints().create(DEMO_WEBHOOK_AGENCY, f"{self._receiver.url}/hook")
        self._receiver.secret = endpoint.secrets[0].secret
        self._receiver.received.extend(kept.get("demo_webhook_received", []))
        self._demo_endpoint_id = endpoint.id

    def _keep_data(self) -> None:
        """A run that started keeps its data for the next start (a failed start leaves the last snapshot)."""
        if not self.outputs or self._kept is None or self.resources is None:
            return
        receiver, session = self._receiver, boto3.Session(region_name=self.options.region)
        self._kept.on_stop(
            session,
            self.resources,
            self._pool_id,
            {
                "demo_webhook_port": receiver.port if receiver else 0,
                "demo_webhook_endpoint_id": self._demo_endpoint_id,
                "demo_webhook_received": receiver.received if receiver else [],
                "chat": self._chat.kept(session) if self._chat else {},
            },
        )

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for thread in self._threads:
            thread.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=3)
        self._write_fault_summary()
        self._keep_data()
        if self._receiver is not None:
            self._receiver.stop()
        if self._chat is not None:
            self._chat.stop()
        if self._moto is not None:
            self._moto.stop()


class StopSignal:
    """Ctrl-C (SIGINT) and SIGTERM both ask the runner to stop, once: the handlers are installed
    explicitly, because a shell script that starts a process in the background makes it ignore SIGINT,
    and Python only raises KeyboardInterrupt for a SIGINT that was not ignored at start. A second signal
    while stopping changes nothing (no KeyboardInterrupt in the middle of closing down)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._handle)

    def _handle(self, number: int, _frame: object) -> None:
        if self._event.is_set():
            say("Already stopping…")
        self._event.set()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def wait_for_signal(self) -> None:
        while not self._event.wait(0.5):  # a timed wait, so the handler runs promptly in the main thread
            pass


def main() -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    # Metrics are disabled locally; Powertools still warns on each flush that there were none to publish.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    stop = StopSignal()
    system = LocalSystem(Options.from_env())
    try:
        outputs = system.start()
    except SystemExit as error:
        say(str(error))
        system.stop()
        return 1
    if stop.requested:
        system.stop()
        return 0
    _print_where(outputs, system.options.out_dir)
    say("Press Ctrl-C to stop.")
    stop.wait_for_signal()
    say("\nStopping…")
    system.stop()
    say("Stopped.")
    return 0


def _print_where(outputs: dict[str, Any], out_dir: Path) -> None:
    """Where to reach everything, and a first command to try."""
    say("")
    say("Phản ánh hiện trường is running locally.")
    say(f"  Web app        {outputs['web_url']}   (API docs: {outputs['docs_url']})")
    say(f"  API            {outputs['api_url']}   (OpenAPI: {outputs['openapi_url']})")
    say(f"  AWS emulator   {outputs['aws_endpoint_url']}   region {outputs['region']}")
    say(f"  Emails & SMS   {outputs['inbox_url']}")
    say(f"  Demo webhooks  {outputs['demo_webhook_url']}   (agency {outputs['demo_webhook_agency']})")
    users = ", ".join(u["username"] for u in outputs["demo_users"])
    say(f"  Staff sign-in  user pool {outputs['user_pool_id']}, client {outputs['user_pool_client_id']}")
    say(f"                 demo users: {users} (passwords in outputs.json and the README)")
    say(f"  Open311        {outputs['open311_url']}/services.json   (api_key in outputs.json)")
    say(f"  Zalo OA        {outputs['zalo_webhook_url']}   (sent: {outputs['zalo_outbox_url']})")
    say(f"  Messenger      {outputs['messenger_webhook_url']}   (sent: {outputs['messenger_outbox_url']})")
    say(f"  Outputs        {out_dir / 'outputs.json'}")
    say("")
    say("Try:")
    say(f"  curl -s -X POST '{outputs['api_url']}/v1/reports' -H 'Content-Type: application/json' \\")
    say(
        '    -d \'{"description": "Đèn đường hỏng cả tuần nay", "category": "dien", '
        '"location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"}}\''
    )


if __name__ == "__main__":
    sys.exit(main())
