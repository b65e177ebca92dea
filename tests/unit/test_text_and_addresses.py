"""Plain-text rules for inputs, the XML writer's output, and which URL hosts are public."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, ValidationError

from services.intake.logic.open311_errors import Open311Error
from services.intake.logic.open311_render import to_xml
from services.intake.logic.open311_requests import public_media_url
from services.intake.logic.open311_submit import draft_from_form, parse_form
from shared.addresses import is_public_host
from shared.models import Category
from shared.plain_text import PlainTextInput, SingleLine, has_control_characters, printable
from tests.fakes import FakeDirectory

XML_CHAR = st.characters(codec="utf-8")  # every encodable code point, controls included


def _parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.split("\n", 1)[1])  # noqa: S314 - our own output, in a test


@given(st.lists(st.text(XML_CHAR, max_size=50), max_size=5), st.text(XML_CHAR, max_size=50))
def test_requests_xml_always_parses(descriptions: list[str], address: str) -> None:
    data = [{"service_request_id": "PA-1", "description": d, "address": address} for d in descriptions]
    root = _parse(to_xml("service_requests", data))
    # an XML parser reads CR LF and a lone CR as LF
    expected = [printable(d).replace("\r\n", "\n").replace("\r", "\n") for d in descriptions]
    assert [e.findtext("description") or "" for e in root] == expected


class Body(PlainTextInput):
    text: str
    names: list[str] = Field(default_factory=list)
    answers: dict[str, str] = Field(default_factory=dict)
    title: SingleLine = "x"


@given(st.text(XML_CHAR, max_size=40))
def test_every_text_field_refuses_exactly_the_control_characters(text: str) -> None:
    for fields in ({"text": text}, {"text": "", "names": [text]}, {"text": "", "answers": {"k": text}}):
        try:
            Body.model_validate(fields)
        except ValidationError:
            assert has_control_characters(text)
        else:
            assert not has_control_characters(text)


def test_free_text_keeps_tabs_and_line_breaks_but_a_name_does_not() -> None:
    assert Body(text="a\r\nb\tc").text == "a\r\nb\tc"
    for name in ("UBND\r\nBcc: x", "tab\there", "nul\x00"):
        with pytest.raises(ValidationError):
            Body(text="", title=name)


def _form(**fields: str) -> Any:
    directory = FakeDirectory()
    directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power"))
    plain, attributes = parse_form("&".join(f"{k}={v}" for k, v in fields.items()))
    return draft_from_form(plain, attributes, directory)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1/a.jpg",
        "http://10.0.0.5/a.jpg",
        "http://192.168.1.1/a.jpg",
        "http://172.16.3.4/a.jpg",
        "http://[::1]/a.jpg",
        "http://[fe80::1]/a.jpg",
        "http://[::ffff:10.0.0.1]/a.jpg",
        "http://100.64.0.1/a.jpg",
        "http://0.0.0.0/a.jpg",
        "http://2130706433/a.jpg",
        "http://0x7f.1/a.jpg",
        "http://localhost/a.jpg",
        "http://metadata.google.internal/a.jpg",
        "http://printer.local/a.jpg",
        "http://intranet/a.jpg",
        "http://user:pw@example.com/a.jpg",
    ],
)
def test_media_url_refuses_internal_hosts_without_echoing_them(url: str) -> None:
    with pytest.raises(Open311Error) as refused:
        _form(service_code="dien", lat="9.18", long="105.15", media_url=url)
    assert refused.value.status == 400
    assert url.split("//")[1].split("/")[0] not in refused.value.description


@pytest.mark.parametrize(
    "url", ["https://example.com/a.jpg", "http://1.1.1.1/x.png", "https://[2001:4860::8888]/p"]
)
def test_media_url_accepts_public_hosts(url: str) -> None:
    assert _form(service_code="dien", lat="9.18", long="105.15", media_url=url).media_url == url


@pytest.mark.parametrize("host", ["example.com", "cdn.phananh.gov.vn", "8.8.8.8"])
def test_public_hosts(host: str) -> None:
    assert is_public_host(host)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("http://169.254.169.254/latest", ""),
        ("http://10.1.2.3/x.jpg", ""),
        ("http://[::1", ""),
        (None, ""),
        ("https://example.com/x.jpg", "https://example.com/x.jpg"),
    ],
)
def test_a_stored_internal_media_url_is_never_echoed(stored: str | None, shown: str) -> None:
    assert public_media_url(stored) == shown
