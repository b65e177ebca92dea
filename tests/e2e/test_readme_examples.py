"""Every shell example a newcomer follows, pasted in order against `make run`'s process: README.md, then the
pages it sends them to (signing in, a case worked, the statistics). Each must exit 0 and show what its
comment says. Only the address changes (the test's run listens on free ports, with its own outputs folder).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator

import boto3
import pytest

from tests.e2e.conftest import ROOT, Running, start_local_system

pytestmark = pytest.mark.e2e
PAGES = (
    "README.md",
    "docs/local-run.md",
    "docs/api.md",
    "docs/deadlines-and-statistics.md",
    "docs/chat-channels.md",
)
DOCUMENTED_API = "http://127.0.0.1:8080"
END = "@@example-done"
# `make …`, with or without settings before it (`FAULTS=… make run`): the examples run against a system
# this test started, and `make run` would not return.
STARTS_MAKE = re.compile(r"^(?:[A-Z_]+=\S*\s+)*make\b")
QUIET_S = 30  # how long the workers may take to settle after a command, at most


def shell_blocks(text: str) -> Iterator[str]:
    yield from re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def complete(command: str) -> bool:
    """Whether bash would run these lines as they are (quotes, `$( )` and continuations closed)."""
    check = subprocess.run(["/bin/bash", "-n"], input=command, capture_output=True, text=True)
    return check.returncode == 0


def commands(block: str) -> Iterator[str]:
    pending = ""
    for line in block.splitlines():
        if not pending and line.strip().startswith("#"):
            continue  # a comment line of its own says what the previous command showed
        pending += line + "\n"
        if not line.rstrip().endswith("\\") and complete(pending):
            yield pending.rstrip()
            pending = ""
    assert not pending, f"an example does not parse: {pending}"


def examples() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for block in shell_blocks((ROOT / page).read_text(encoding="utf-8")):
            found += [(page, c) for c in commands(block) if not STARTS_MAKE.match(c)]
    return found


def test_every_url_in_the_examples_is_quoted() -> None:
    """zsh reads `?` and `&` in an unquoted URL as a glob and a background job."""
    for page, command in examples():
        unquoted = re.findall(r"(?<!['\"])https?://\S+", command)
        assert not unquoted, f"{page}: quote {unquoted} in `{command}`"


class Shell:
    """One bash session, as a newcomer's terminal: variables set by one example serve the next."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["/bin/bash", "--noprofile", "--norc"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, command: str) -> tuple[int, str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{command}\nprintf '\\n{END} %s\\n' \"$?\"\n")
        self.process.stdin.flush()
        lines: list[str] = []
        for line in self.process.stdout:
            if line.startswith(END):
                return int(line.split()[1]), "".join(lines)
            lines.append(line)
        raise AssertionError(f"the shell ended during: {command}")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)


def settled(outputs: dict[str, object]) -> None:
    """Waits until every queue is empty twice in a row: a person pastes slower than the workers work."""
    sqs = boto3.client(
        "sqs",
        endpoint_url=str(outputs["aws_endpoint_url"]),
        region_name=str(outputs["region"]),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    urls = list(dict(outputs["queues"]).values())  # type: ignore[call-overload]
    quiet, deadline = 0, time.monotonic() + QUIET_S
    while quiet < 2 and time.monotonic() < deadline:
        busy = any(
            int(v)
            for url in urls
            for v in sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            )["Attributes"].values()
        )
        quiet = 0 if busy else quiet + 1
        time.sleep(0.3)


# What each documented result looks like, by a piece of the command that shows it.
EXPECTED = {
    'echo "$CODE"': r"^PA-[0-9A-Z]{4}-[0-9A-Z]{4}$",
    '/v1/reports/$CODE"': r'"status":"assigned".*"answer_due_at":"20',
    "/local/inbox?format=json": r'"channel": "sms".*|"channel": "email"',
    "demo_webhook_url": r'"type": "Report.Assigned".*"answer_due_at": "20',
    "/v1/staff/me": r'"dien-luc"',
    "status=assigned": r'"PA-',
    "/actions": r'"status":"in_progress".*"events":\["Report.Accepted"\]',
    "/v1/stats'": r'"name":"Phường An Xuyên"',
    "format=csv": r"^period,dimension,id,name,",
    "/v1/staff/stats'": r'"by_area"',
    "figure=received": r'"report_id":"PA-',
    "rebuild_stats --check": r" 0 differences",
    "# what the person read": r"Mã tra cứu: PA-",
    "# every reply": r"Đã nhận ảnh \(1/5\).*Mã tra cứu: PA-",
    '/v1/staff/reports/$CHAT_CODE"': r'(?=.*"channel":"zalo")(?=.*"agency_id":"dien-luc")',
    "hub.challenge=1158201444": r"^1158201444$",
    "?detail=1": r'Tracking code: PA-.*"messaging_type": "RESPONSE"',
}


@pytest.fixture(scope="module")
def fresh_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A run of its own, as a newcomer's first: nothing sent before the README's first example."""
    running = start_local_system(tmp_path_factory.mktemp("readme"))
    yield running
    running.stop()


def test_every_example_runs_in_order_and_shows_what_it_says(fresh_system: Running) -> None:
    outputs = fresh_system.outputs
    out_dir = fresh_system.log.parent  # the run's PHANANH_LOCAL_DIR
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "POWERTOOLS_")) and not k.endswith("_TABLE")
    }
    env["PHANANH_LOCAL_DIR"] = str(out_dir)
    shell = Shell(env)
    seen: set[str] = set()
    try:
        for page, command in examples():
            settled(outputs)
            runnable = command.replace(DOCUMENTED_API, str(outputs["api_url"])).replace(
                ".local/outputs.json", str(out_dir / "outputs.json")
            )
            status, output = shell.run(runnable)
            assert status == 0, f"{page}: `{command}` exited {status}:\n{output}"
            assert '"error"' not in output, f"{page}: `{command}` answered an error:\n{output}"
            for piece, pattern in EXPECTED.items():
                if piece in command:
                    seen.add(piece)
                    assert re.search(pattern, output.strip(), flags=re.MULTILINE | re.DOTALL), (
                        f"{page}: `{command}` should show {pattern!r}, showed:\n{output}"
                    )
    finally:
        shell.close()
    assert seen == set(EXPECTED), f"examples no longer in the pages: {set(EXPECTED) - seen}"
    log = fresh_system.log.read_text(encoding="utf-8")
    assert "Warning" not in log and "Traceback" not in log, log
    worker_lines = [line for line in log.splitlines() if " ← " in line]
    assert worker_lines and all(line.count(" ← ") == 1 for line in worker_lines), log  # one event a line
