"""Control characters are refused at the door of every text input, and requests.xml always parses."""

from __future__ import annotations

import pytest

from tests.integration.test_casework import POWER_CUT, act, routed, tokens  # noqa: F401 - the fixture
from tests.integration.test_citizen_api import REPORT
from tests.integration.test_intake_bad_input import Env, env  # noqa: F401 - the module's environment
from tests.integration.test_open311 import as_json, call, post
from tests.support import api_call

# A member of each part of the class: NUL, other C0 controls, escape, DEL, a lone surrogate.
BAD = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\ud800", "\uffff"]
REPORT_FIELDS = {
    "description": lambda bad: {"description": f"Đèn đường hỏng{bad} cả tuần nay"},
    "location": lambda bad: {"location": {**REPORT["location"], "address": f"Đường{bad}Trần Hưng Đạo"}},
    "reporter": lambda bad: {"reporter": {"name": f"Nguyễn{bad}Văn A"}},
    "attributes": lambda bad: {"category": "giao_thong", "attributes": {"hazard": f"pot{bad}hole"}},
}


@pytest.mark.parametrize("bad", BAD, ids=repr)
@pytest.mark.parametrize("field", sorted(REPORT_FIELDS))
def test_a_report_with_a_control_character_is_422(env: Env, field: str, bad: str) -> None:  # noqa: F811
    status, body = api_call("POST", "/v1/reports", {**REPORT, **REPORT_FIELDS[field](bad)})
    assert status == 422, body
    assert [k.split(".")[0] for k in body["error"]["fields"]] == [field], body["error"]["fields"]


def test_tabs_and_line_breaks_stay_allowed_in_free_text(env: Env) -> None:  # noqa: F811
    status, body = api_call("POST", "/v1/reports", {**REPORT, "description": "Dòng một\r\nDòng hai\tcột"})
    assert status == 201, body


@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_a_rating_comment_with_a_control_character_is_422(env: Env, bad: str) -> None:  # noqa: F811
    status, body = api_call(
        "POST",
        f"/v1/reports/{env.answered['id']}/rating",
        {"satisfied": True, "comment": f"Cảm{bad}ơn"},
        headers={"X-Access-Token": env.answered["access_token"]},
        route="/v1/reports/{id}/rating",
    )
    assert (status, list(body["error"]["fields"])) == (422, ["comment"])


@pytest.mark.parametrize("bad", [b for b in BAD if b != "\ud800"], ids=repr)  # a form cannot carry one
@pytest.mark.parametrize("field", ["description", "address_string", "first_name", "attribute[pole_number]"])
def test_an_open311_request_with_a_control_character_is_400(env: Env, field: str, bad: str) -> None:  # noqa: F811
    [error] = as_json(post(env.api_key, **{field: f"x{bad}y"}), 400)
    assert "control characters" in error["description"]


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/a.jpg"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_internal_media_url_is_refused_and_not_echoed(env: Env, url: str, fmt: str) -> None:  # noqa: F811
    result = post(env.api_key, fmt, media_url=url)
    assert result["statusCode"] == 400
    assert url.split("/")[2] not in result["body"]
    listed = call("GET", f"/requests.{fmt}")
    assert url.split("/")[2] not in listed["body"]
