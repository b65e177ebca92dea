"""Open311 response bodies in JSON or XML, from the same plain data (the handler wraps them in a response)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any, Literal

from shared.plain_text import printable

Format = Literal["json", "xml"]
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "photos": "photo",
    "timeline": "step",
}


def _text(value: Any) -> str:
    """Element text XML 1.0 can carry: what it cannot is dropped (stored before inputs were checked)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else printable(str(value))


def _fill(element: ET.Element, value: Any, tag: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child, key)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_tag), child, item_tag)
    else:
        element.text = _text(value)


# XML is generated with xml.etree (never parsed from clients): a list under a key becomes a wrapper
# element holding one element per item, named as the spec names them (<attributes><attribute>...).
def to_xml(root: str, data: Any) -> str:
    element = ET.Element(root)
    _fill(element, data, root)
    body = ET.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}'


def render(data: Any, root: str, fmt: Format) -> tuple[str, str]:
    """(content type, body); `root` names the XML root (e.g. "services"); JSON is the data as it is."""
    body = json.dumps(data, ensure_ascii=False) if fmt == "json" else to_xml(root, data)
    return CONTENT_TYPES[fmt], body


def render_error(status: int, description: str, fmt: Format) -> tuple[str, str]:
    """Open311's error shape: an array of {code, description}, with the HTTP status as the code."""
    return render([{"code": status, "description": description}], "errors", fmt)


def split_format(name: str) -> tuple[str, Format]:
    """ "dien.json" → ("dien", "json"); raises ValueError without a .json or .xml suffix."""
    stem, _, suffix = name.rpartition(".")
    if suffix == "json":
        return stem, "json"
    if suffix == "xml":
        return stem, "xml"
    raise ValueError(name)
