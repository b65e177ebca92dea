"""Text that becomes a header (an email Subject, a webhook header, a file name) holds no control characters.

CR/LF in a name an admin typed would otherwise start a new header (`Bcc:` in an email, `Set-Cookie:` in an
answer); other control characters and Unicode's line and paragraph separators are refused by some mail
and HTTP stacks and shown as line breaks by others. Each run of them becomes one space.
"""

from __future__ import annotations

import re

# Cc (C0, DEL, C1) plus the line and paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_value(text: str) -> str:
    return _CONTROLS.sub(" ", text).strip()
