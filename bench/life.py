"""The AWS calls of one report's whole life, through the handlers as API Gateway and the queues drive them.

The citizen asks for a photo slot, uploads one photo straight to S3 (the browser's request, not our
code's: done outside the counted window, priced by the cost model), submits with an email address; the
report is routed, announced, its clocks started and counted; the power company's staff open it and
accept it, open it and answer it; an operator opens it and publishes the answer; the citizen rates it.
After each step every queue is drained. Staff sign in once, outside the window (Cognito is priced
per user per month, not per report).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from bench.aws_calls import ApiCalls, Call, Invocation
from bench.capacity import Capacity, Units
from bench.emulator import Emulator
from bench.flow import Flow, LabelledInvoker
from bench.sink import bytes_written, quiet
from bench.submit import HEADERS, REPORT
from infra.local.api_server import proxy_event
from infra.local.cognito import create_users, provision_user_pool
from infra.seed import DemoUser
from infra.topology import TOPOLOGY, Route

AGENCY = "dien-luc"
PASSWORD = "PhanAnh#Bench2026"  # noqa: S105 - a throwaway user of the throwaway emulator
STAFF = {"bench-agency": [f"agency:{AGENCY}"], "bench-operator": ["operator"]}
REPORTER = {"name": "Nguyễn Văn A", "email": "nguoi.bao@example.com"}
ANSWER = "Đã thay bóng đèn và kiểm tra lại toàn tuyến."
STEPS = ("upload slot", "submit", "accept", "resolve", "publish", "rate")


@dataclass
class LifeCost:
    calls: Counter[Call]
    photo_upload_bytes: int  # what the citizen's browser sent to S3
    photo_stored_bytes: int  # the cleaned copies kept for this report (the upload itself expires in 2 days)
    emails: int
    units: Units
    invocations: list[Invocation]
    log_bytes: int  # what the handlers wrote to stdout: logs and EMF metrics
    photo_thumb_bytes: int = 0  # the thumbnails' share of photo_stored_bytes (what the track page shows)


def photo(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A phone-like JPEG (~1–2 MP after the web app's downscaling)."""
    image = Image.new("RGB", size, (90, 140, 200))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(250, 200, 40), width=5)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class Life:
    def __init__(self, emulator: Emulator, calls: ApiCalls, flow: Flow) -> None:
        self.emulator, self.calls, self.flow = emulator, calls, flow
        for pipe in flow.pipes:  # the timed POSTs of section 2 were stored, then deleted: not this life's
            pipe.skip_what_was_written()
        self.tokens = self._sign_in()
        with quiet():
            self.staff = LabelledInvoker(TOPOLOGY.function("staff-api"), emulator.region, calls)

    def _sign_in(self) -> dict[str, str]:
        import os

        from shared import auth
        from shared.config import get_settings

        session = self.emulator.session
        pool = provision_user_pool(session, TOPOLOGY, self.emulator.endpoint, [AGENCY])
        os.environ.update(pool.env)
        create_users(
            session,
            pool.pool_id,
            [DemoUser(username=u, password=PASSWORD, groups=g) for u, g in STAFF.items()],
        )
        auth.reset()
        get_settings.cache_clear()  # the sign-in settings were not there when the handlers first read them
        idp = session.client("cognito-idp")
        return {
            user: idp.initiate_auth(
                ClientId=pool.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": user, "PASSWORD": PASSWORD},
            )["AuthenticationResult"]["IdToken"]
            for user in STAFF
        }

    def _call(
        self, invoker: LabelledInvoker, method: str, route: str, path: str, body: Any = None, **headers: str
    ) -> Any:
        matched = next(r for r in invoker.function.routes if r.method == method and r.path == route)
        params = _params(matched, path)
        raw = json.dumps(body).encode() if body is not None else b""
        response = invoker(proxy_event(method, matched, path, params, "", {**HEADERS, **headers}, raw))
        if response.get("statusCode") not in (200, 201):
            raise RuntimeError(
                f"{method} {path} answered {response.get('statusCode')}: {response.get('body')}"
            )
        return json.loads(response["body"])

    def _act(self, user: str, report_id: str, action: dict[str, Any]) -> None:
        bearer = {"Authorization": f"Bearer {self.tokens[user]}"}
        view = self._call(
            self.staff, "GET", "/v1/staff/reports/{id}", f"/v1/staff/reports/{report_id}", **bearer
        )
        path = f"/v1/staff/reports/{report_id}/actions"
        self._call(
            self.staff,
            "POST",
            "/v1/staff/reports/{id}/actions",
            path,
            {**action, "version": view["version"]},
            **bearer,
        )
        self.flow.settle()

    def one_life(self) -> LifeCost:
        data = photo()
        emails_before, logged, first = (
            self.emulator.emails_sent(),
            bytes_written(),
            len(self.calls.invocations),
        )
        capacity = Capacity(self.emulator.session.client("dynamodb"))
        self.calls.observers.append(capacity)
        with quiet(), self.calls.window() as counted:
            report_id, slot = self._live(data)
        self.calls.observers.remove(capacity)
        with self.calls.paused():
            stored, thumbs = self._stored_bytes(report_id, slot)
        return LifeCost(
            counted,
            photo_upload_bytes=len(data),
            photo_stored_bytes=stored,
            emails=self.emulator.emails_sent() - emails_before,
            units=capacity.units,
            invocations=self.calls.invocations[first:],
            log_bytes=bytes_written() - logged,
            photo_thumb_bytes=thumbs,
        )

    def _live(self, data: bytes) -> tuple[str, dict[str, Any]]:
        """The steps of STEPS; returns the report's id and its photo's upload slot."""
        intake = self.flow.intake
        slot = self._call(intake, "POST", "/v1/uploads", "/v1/uploads", {"content_type": "image/jpeg"})
        with self.calls.paused():
            self._upload(slot, data)
        body = {**REPORT, "reporter": REPORTER, "photos": [slot["upload_id"]]}
        created = self._call(intake, "POST", "/v1/reports", "/v1/reports", body)
        report_id = created["id"]
        self.flow.settle()
        self._act("bench-agency", report_id, {"type": "accept"})
        self._act("bench-agency", report_id, {"type": "resolve", "answer": ANSWER})
        self._act("bench-operator", report_id, {"type": "publish"})
        token = {"X-Access-Token": created["access_token"]}
        rating = {"satisfied": True, "score": 5}
        self._call(
            intake, "POST", "/v1/reports/{id}/rating", f"/v1/reports/{report_id}/rating", rating, **token
        )
        self.flow.settle()
        return report_id, slot

    def _upload(self, slot: dict[str, Any], data: bytes) -> None:
        """What the browser does with the presigned POST (the emulator does not check its policy)."""
        s3 = self.emulator.session.client("s3")
        s3.put_object(
            Bucket=self.emulator.resources.env["PHOTOS_BUCKET"], Key=slot["fields"]["key"], Body=data
        )

    def _stored_bytes(self, report_id: str, slot: dict[str, Any]) -> tuple[int, int]:
        """The bytes of the report's cleaned copies, and of its thumbnails among them."""
        s3 = self.emulator.session.client("s3")
        bucket = self.emulator.resources.env["PHOTOS_BUCKET"]
        total = thumbs = 0
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                if report_id in item["Key"] and item["Key"] != slot["fields"]["key"]:
                    total += int(item["Size"])
                    thumbs += int(item["Size"]) if item["Key"].endswith(".thumb.jpg") else 0
        return total, thumbs


def _params(route: Route, path: str) -> dict[str, str]:
    names = route.path.strip("/").split("/")
    values = path.strip("/").split("/")
    return {n[1:-1]: v for n, v in zip(names, values, strict=True) if n.startswith("{")}
