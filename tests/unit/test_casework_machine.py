"""The case-work state machine under random sequences of staff actions (hypothesis stateful testing).

Whatever the order, the caller or the version sent: no sequence reaches an illegal state, every change
is a transition the shared state machine allows, versions only increase, and refused actions change nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from pydantic import TypeAdapter

from services.routing.logic.access import ensure_visible
from services.routing.logic.casework import FROM, check, decide
from services.routing.models.actions import Action
from shared.errors import DomainError
from shared.models import Category, Location, Report, Status
from shared.principal import Principal
from shared.sla_policy import SlaPolicy, SlaSettings, policy_from
from shared.status import TRANSITIONS

RULES = policy_from(SlaSettings())

ORIGINAL = "PA-0000-0001"
PEOPLE = {
    "operator": Principal(subject="1", username="op", groups=frozenset({"operator"})),
    "dien-luc": Principal(subject="2", username="dl", groups=frozenset({"agency:dien-luc"})),
    "so-xay-dung": Principal(subject="3", username="xd", groups=frozenset({"agency:so-xay-dung"})),
    "leader": Principal(subject="4", username="lead", groups=frozenset({"leader"})),
}
ACTIONS = TypeAdapter(Action)
REASON = "Lý do cụ thể"
OPERATOR_BODIES = [
    {"type": "classify", "category": "dien"},
    {"type": "classify", "category": "khac"},
    {"type": "assign", "agency_id": "dien-luc", "reason": REASON},
    {"type": "assign", "agency_id": "so-xay-dung"},
    {"type": "reject", "reason": "spam"},
    {"type": "publish"},
    {"type": "hide", "reason": REASON},
    {"type": "hide", "hidden": False, "reason": REASON},
    {"type": "reopen", "reason": REASON},
]
MERGE = {"type": "merge", "duplicate_of": ORIGINAL}  # final: only in the rarer anyone_acts rule
AGENCY_BODIES = [
    {"type": "accept"},
    {"type": "note", "note": "Đang xử lý", "waiting_for_reporter": True},
    {"type": "contacted", "waiting_for_reporter": False},
    {"type": "resolve", "answer": "Đã xử lý xong sự việc."},
    {"type": "send_back", "reason": REASON},
]
STALE = st.sampled_from([False, False, False, True])  # mostly fresh, so sequences go deep


class Lookups:
    def __init__(self, auto_publish: bool) -> None:
        self._auto = auto_publish

    def category_exists(self, code: str) -> bool:
        return code in {"dien", "khac"}

    def agency_exists(self, agency_id: str) -> bool:
        return agency_id in {"dien-luc", "so-xay-dung"}

    def agency_for(self, category: str, area_code: str | None) -> str | None:
        return "dien-luc" if category == "dien" else None

    def report(self, report_id: str) -> Report | None:
        return new_report(ORIGINAL) if report_id == ORIGINAL else None

    def auto_publish(self) -> bool:
        return self._auto

    def category(self, code: str) -> Category | None:
        return Category(code=code, name_vi=code, name_en=code) if code in {"dien", "khac"} else None

    def sla_policy(self) -> SlaPolicy:
        return RULES


def new_report(report_id: str = "PA-1111-2222") -> Report:
    now = datetime(2026, 3, 2, 8, tzinfo=UTC)
    return Report(
        id=report_id, created_at=now, updated_at=now, channel="web", description="Mô tả phản ánh",
        location=Location(lat=9.17, lon=105.15),
    )  # fmt: skip


class CaseWork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.report = new_report()
        self.lookups = Lookups(auto_publish=False)
        self.clock = datetime(2026, 3, 2, 9, tzinfo=UTC)

    @rule(auto=st.booleans())
    def province_changes_its_mind(self, auto: bool) -> None:
        self.lookups = Lookups(auto_publish=auto)

    @rule()
    def next_step_of_the_usual_path(self) -> None:
        """Keeps sequences moving towards the deep states (resolved, published, re-opened)."""
        status = self.report.status
        owner = self.report.agency_id or "dien-luc"
        step = {
            Status.RECEIVED: ("operator", OPERATOR_BODIES[0]),
            Status.TRIAGE: ("operator", OPERATOR_BODIES[2]),
            Status.ASSIGNED: (owner, AGENCY_BODIES[0]),
            Status.IN_PROGRESS: (owner, AGENCY_BODIES[3]),
            Status.RESOLVED: ("operator", {"type": "publish"}),
            Status.CLOSED: ("operator", {"type": "reopen", "reason": REASON}),
            Status.REJECTED: ("operator", {"type": "reopen", "reason": REASON}),
        }[status]
        self.act(*step, stale=False)

    @rule(body=st.sampled_from(OPERATOR_BODIES), stale=STALE)
    def operator_acts(self, body: dict[str, object], stale: bool) -> None:
        self.act("operator", body, stale)

    @rule(body=st.sampled_from(AGENCY_BODIES), stale=STALE)
    def assigned_agency_acts(self, body: dict[str, object], stale: bool) -> None:
        self.act(self.report.agency_id or "dien-luc", body, stale)

    @rule(
        who=st.sampled_from(sorted(PEOPLE)),
        body=st.sampled_from([*OPERATOR_BODIES, *AGENCY_BODIES, MERGE]),
        stale=st.booleans(),
    )
    def anyone_acts(self, who: str, body: dict[str, object], stale: bool) -> None:
        self.act(who, body, stale)

    def act(self, who: str, body: dict[str, object], stale: bool) -> None:
        before = self.report
        action = ACTIONS.validate_python({**body, "version": before.version + (1 if stale else 0)})
        self.clock += timedelta(minutes=5)
        try:
            ensure_visible(PEOPLE[who], before, before.id)
            check(PEOPLE[who], before, action)
            decision = decide(before, action, self.lookups, PEOPLE[who].actor, "c", self.clock)
        except DomainError:
            return  # refused: nothing changed (the report object is untouched)
        assert not stale
        assert before.status in FROM[action.type]
        after = decision.report
        assert after.version == before.version + 1
        previous = before.status
        for event in decision.events:
            status = Status(event.data["status"])
            assert status == previous or status in TRANSITIONS[previous], (previous, status)
            previous = status
        assert previous == after.status
        assert decision.events and decision.events[-1].data["agency_id"] == after.agency_id
        self.report = after

    @invariant()
    def only_legal_states(self) -> None:
        r = self.report
        if r.status in {Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED}:
            assert r.agency_id is not None
        if r.status is Status.TRIAGE:
            assert r.agency_id is None
        if r.status is Status.RESOLVED:
            assert r.agency_answer
        if r.status is Status.CLOSED:
            assert r.answer
        if r.duplicate_of:
            assert r.status is Status.CLOSED and r.duplicate_of == ORIGINAL
        if r.status is Status.REJECTED:
            assert r.reject_reason


TestCaseWork = CaseWork.TestCase
TestCaseWork.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


def test_every_action_type_has_a_row_in_the_action_table() -> None:
    (union, _) = get_args(Action)
    types = {get_args(model.model_fields["type"].annotation)[0] for model in get_args(union)}
    assert types == set(FROM)
    assert types >= {"classify", "assign", "reject", "merge", "publish", "hide", "accept", "note"}
    assert types >= {"contacted", "resolve", "send_back", "reopen"}
