"""The staff command body: one model per action type, told apart by "type" (a discriminated union).

Every action carries the `version` the caller read: the change applies only if nobody changed the report
since (409 otherwise). Every text is bounded; unknown fields are refused.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from shared.models import Urgency, new_list
from shared.plain_text import PlainTextInput

CODE = r"^[a-z0-9_]{1,40}$"
AGENCY_ID = r"^[a-z0-9-]{1,60}$"
REPORT_ID = r"^PA-[0-9A-Z]{4}-[0-9A-Z]{4}$"
PHOTO_KEY = r"^[A-Za-z0-9/_.-]{1,200}$"
MAX_PHOTOS = 5

Reason = Annotated[str, Field(min_length=3, max_length=1000)]
Photos = Annotated[list[Annotated[str, Field(pattern=PHOTO_KEY)]], Field(max_length=MAX_PHOTOS)]


class RejectReason(StrEnum):
    """Templates: the public reads the Vietnamese text of the chosen reason (REJECT_TEXTS)."""

    SPAM = "spam"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_ENOUGH_INFO = "not_enough_info"
    ABUSIVE = "abusive"
    ALREADY_HANDLED = "already_handled"


REJECT_TEXTS: dict[RejectReason, str] = {
    RejectReason.SPAM: "Nội dung không phải là phản ánh hiện trường.",
    RejectReason.OUT_OF_SCOPE: (
        "Nội dung không thuộc phạm vi tiếp nhận của hệ thống; đề nghị liên hệ cơ quan có thẩm quyền."
    ),
    RejectReason.NOT_ENOUGH_INFO: "Phản ánh thiếu thông tin (vị trí, nội dung) để xác minh, xử lý.",
    RejectReason.ABUSIVE: "Nội dung có ngôn từ không phù hợp.",
    RejectReason.ALREADY_HANDLED: "Sự việc đã được cơ quan chức năng xử lý trước đó.",
}  # fmt: skip


# `defer_build`: the actions' models are built by the first request that takes an action, not at import;
# a cold start of the staff API that serves a read never builds them (docs/decisions.md, cold).
class _Action(PlainTextInput):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)

    version: int = Field(
        ge=1, le=1_000_000_000, description="The report's version as read; 409 if it changed since"
    )


class Classify(_Action):
    type: Literal["classify"]
    category: str = Field(pattern=CODE)
    urgency: Urgency | None = None


class Assign(_Action):
    type: Literal["assign"]
    agency_id: str = Field(pattern=AGENCY_ID)
    reason: Reason | None = Field(default=None, description="Required when reassigning")


class Reject(_Action):
    type: Literal["reject"]
    reason: RejectReason
    note: str | None = Field(default=None, max_length=1000)


class Merge(_Action):
    type: Literal["merge"]
    duplicate_of: str = Field(pattern=REPORT_ID)


class Publish(_Action):
    type: Literal["publish"]
    answer: str | None = Field(default=None, min_length=10, max_length=4000, description="Edited answer")


class Hide(_Action):
    type: Literal["hide"]
    hidden: bool = True
    reason: Reason


class Accept(_Action):
    type: Literal["accept"]


class Note(_Action):
    type: Literal["note"]
    note: str = Field(min_length=1, max_length=2000)
    photos: Photos = Field(default_factory=new_list)
    waiting_for_reporter: bool | None = None


class Contacted(_Action):
    type: Literal["contacted"]
    note: str | None = Field(default=None, max_length=2000)
    waiting_for_reporter: bool | None = None


class Resolve(_Action):
    type: Literal["resolve"]
    answer: str = Field(min_length=10, max_length=4000)
    photos: Photos = Field(default_factory=new_list)


class SendBack(_Action):
    type: Literal["send_back"]
    reason: Reason


class Reopen(_Action):
    type: Literal["reopen"]
    reason: Reason


Action = Annotated[
    Classify
    | Assign
    | Reject
    | Merge
    | Publish
    | Hide
    | Accept
    | Note
    | Contacted
    | Resolve
    | SendBack
    | Reopen,
    Field(discriminator="type"),
]
