"""The reliability suite's workload: N citizens' reports through a bounded pool of clients, then staff work
on a share of them, then two messages poisoned on purpose; seeded, so a run can be repeated."""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.test_casework_flow import id_token
from tests.images import jpeg_with_gps
from tests.reliability.client import Seen, act, submit, upload_photo
from tests.reliability.observe import aws, reports

CLIENTS = 8
POISON = ('{"poison": "reliability-suite-1"}', '{"poison": "reliability-suite-2"}')
ANSWER = "Điện lực Cà Mau đã thay bóng đèn và kiểm tra lại đường dây; đề nghị bà con báo nếu còn hỏng."


@dataclass(frozen=True)
class Submission:
    key: str
    body: dict[str, Any]
    contact: str  # the reporter's email or phone: one per report, so each message is told apart
    photo: bool = False


@dataclass
class Outcome:
    submissions: list[Submission] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # Idempotency-Key → tracking code
    published: list[str] = field(default_factory=list)  # accepted, resolved and published
    seen: Seen = field(default_factory=Seen)


def _jitter(rng: random.Random) -> float:
    return rng.uniform(-0.0004, 0.0004)


def submissions(count: int, seed: int) -> list[Submission]:
    """The mix: power faults with an email (the demo agency, its webhook), some with a photo; rubbish
    with a phone only (SMS); vague ones without a category (triage)."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        kind = rng.random()
        location = {"lat": 9.1769 + _jitter(rng), "lon": 105.1524 + _jitter(rng), "address": f"Số {i}"}
        if kind < 0.2:
            contact = f"09{seed % 10}{i:07d}"
            body = {
                "description": f"Rác thải đổ bừa bãi ven kênh, bốc mùi hôi thối số {i}",
                "category": "ve_sinh_moi_truong",
                "location": location,
                "reporter": {"name": "Người dân", "phone": contact},
            }
        elif kind < 0.3:
            contact = f"triage{i}@example.vn"
            body = {
                "description": f"Có việc cần phản ánh với chính quyền, mong được xem xét lần {i}",
                "location": location,
                "reporter": {"email": contact},
            }
        else:
            contact = f"dan{i}@example.vn"
            body = {
                "description": f"Đèn đường hỏng cả tuần nay, trụ số {i}",
                "category": "dien",
                "location": location,
                "reporter": {"name": "Nguyễn Văn A", "email": contact},
            }
        made.append(Submission(f"rel-{seed}-{i}", body, contact, photo=kind > 0.9))
    return made


def _file(outcome: Outcome, api: str, submission: Submission, photo: bytes) -> None:
    body = submission.body
    if submission.photo:
        upload = upload_photo(outcome.seen, api, photo)
        body = {**body, "photos": [upload]} if upload else body
    report_id = submit(outcome.seen, api, body, submission.key)
    if report_id:
        outcome.ids[submission.key] = report_id


def file_reports(outputs: dict[str, Any], count: int, seed: int) -> Outcome:
    outcome = Outcome(submissions=submissions(count, seed))
    photo = jpeg_with_gps((800, 600))
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda s: _file(outcome, outputs["api_url"], s, photo), outcome.submissions))
    return outcome


def _routed(outputs: dict[str, Any], report_ids: list[str], seconds: float) -> None:
    """Waits until each of these reports has left `received` (routing under faults takes retries)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses = {r: t.status for r, t in reports(outputs).items()}
        if all(statuses.get(r, "received") != "received" for r in report_ids):
            return
        time.sleep(1)
    raise AssertionError(f"not routed within {seconds} s")


def casework(outputs: dict[str, Any], outcome: Outcome, share: int) -> float:
    """The power company accepts and resolves every `share`-th power report once routed; the operator
    publishes. The seconds it took."""
    started = time.monotonic()
    api = outputs["api_url"]
    agency, operator = id_token(outputs, "dienluc1"), id_token(outputs, "operator1")
    power = [s for s in outcome.submissions if s.body.get("category") == "dien" and s.key in outcome.ids]
    _routed(outputs, [outcome.ids[s.key] for s in power[::share]], seconds=180)

    def work(submission: Submission) -> None:
        report_id = outcome.ids[submission.key]
        seen = outcome.seen
        if (
            act(seen, api, agency, report_id, {"type": "accept"}, "in_progress")
            and act(seen, api, agency, report_id, {"type": "resolve", "answer": ANSWER}, "resolved")
            and act(seen, api, operator, report_id, {"type": "publish"}, "closed")
        ):
            outcome.published.append(report_id)

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(work, power[::share]))
    return time.monotonic() - started


def poison(outputs: dict[str, Any]) -> None:
    """Two messages no worker can read, straight onto two queues: they must end in those DLQs, alone."""
    sqs = aws(outputs, "sqs")
    for queue, body in zip(("routing", "sla"), POISON, strict=True):
        sqs.send_message(QueueUrl=outputs["queues"][queue], MessageBody=body)
