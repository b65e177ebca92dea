"""What `infra.ops dlq show` prints of a dead letter: reporters' names, phones, emails and chat ids masked,
wherever they sit; the rest as it is."""

from __future__ import annotations

import json

from infra.ops.masking import masked_body

PERSON = {"name": "Nguyễn Văn Bình", "phone": "0912345678", "email": "binh@example.vn", "language": "en"}


def test_the_reporter_block_is_masked_but_its_language() -> None:
    shown = masked_body(json.dumps({"detail": {"report_id": "PA-2222-3333", "reporter": PERSON}}))
    assert shown["detail"]["reporter"] == {
        "name": "N***", "phone": "091*****78", "email": "b***@example.vn", "language": "en",
    }  # fmt: skip
    assert shown["detail"]["report_id"] == "PA-2222-3333"


def test_contact_fields_are_masked_anywhere_even_in_json_carried_as_text() -> None:
    inner = json.dumps({"data": {"chat_id": "zl-88213344", "sender": {"id": "psid-1234567"}, "note": "ok"}})
    shown = masked_body(json.dumps({"body": inner, "reporter_phone": "+84 912 345 678"}))
    text = json.dumps(shown, ensure_ascii=False)
    for secret in ("zl-88213344", "psid-1234567", "+84 912 345 678"):
        assert secret not in text
    assert shown["body"]["data"]["note"] == "ok"


def test_a_body_that_is_not_json_is_masked_whole_when_it_holds_an_address() -> None:
    assert masked_body("gửi cho binh@example.vn") != "gửi cho binh@example.vn"
    assert masked_body("not json, no contact") == "not json, no contact"
