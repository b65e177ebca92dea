"""A citizen's and a staff member's HTTP client as a real one behaves under a misbehaving backend: bounded
retries of 5xx, of a connection error and of a keyed submission still in progress, with the same
Idempotency-Key each time; everything it saw is counted."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

ATTEMPTS = 12
BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 3.0)  # then 3 s each: ~30 s in all, past an in-progress key's expiry
TIMEOUT_S = 30


def _pause(attempt: int) -> None:
    time.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])


@dataclass
class Seen:
    """What the clients saw, over the whole run."""

    statuses: Counter[int] = field(default_factory=Counter)
    connection_errors: int = 0
    gave_up: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: int) -> None:
        with self._lock:
            self.statuses[status] += 1

    def broken(self) -> None:
        with self._lock:
            self.connection_errors += 1

    def give_up(self, what: str) -> None:
        with self._lock:
            self.gave_up.append(what)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def retrying(
    seen: Seen, what: str, send: Callable[[], requests.Response], retry_on: tuple[int, ...] = ()
) -> requests.Response | None:
    """`send` until it answers neither 5xx nor one of `retry_on`, at most ATTEMPTS times; None if never."""
    for attempt in range(ATTEMPTS):
        try:
            response = send()
        except requests.ConnectionError:
            seen.broken()
            _pause(attempt)
            continue
        seen.saw(response.status_code)
        if response.status_code < 500 and response.status_code not in retry_on:
            return response
        _pause(attempt)
    seen.give_up(what)
    return None


def submit(seen: Seen, api: str, body: dict[str, Any], key: str) -> str | None:
    """A report with its Idempotency-Key; its tracking code, or None when the client gave up."""
    response = retrying(
        seen,
        f"POST /v1/reports {key}",
        lambda: requests.post(
            f"{api}/v1/reports", json=body, headers={"Idempotency-Key": key}, timeout=TIMEOUT_S
        ),
        retry_on=(409,),  # the same key still in progress: the first attempt's outcome is coming
    )
    if response is None or response.status_code != 201:
        seen.give_up(f"POST /v1/reports {key}: {None if response is None else response.text[:200]}")
        return None
    return str(response.json()["id"])


def upload_photo(seen: Seen, api: str, photo: bytes) -> str | None:
    """An upload slot, then the photo posted to the bucket; the upload id."""
    slot = retrying(
        seen,
        "POST /v1/uploads",
        lambda: requests.post(f"{api}/v1/uploads", json={"content_type": "image/jpeg"}, timeout=TIMEOUT_S),
    )
    if slot is None or slot.status_code != 201:
        return None
    fields = slot.json()
    posted = retrying(
        seen,
        "photo upload",
        lambda: requests.post(
            fields["url"],
            data=fields["fields"],
            files={"file": ("photo.jpg", photo, "image/jpeg")},
            timeout=TIMEOUT_S,
        ),
    )
    return str(fields["upload_id"]) if posted is not None and posted.status_code < 300 else None


def act(seen: Seen, api: str, token: str, report_id: str, action: dict[str, Any], becomes: str) -> bool:
    """A staff action until the report is in status `becomes`: a 409 (someone, or our own earlier attempt
    whose answer was lost, changed it) means reading it again, as the staff console does."""
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(ATTEMPTS):
        view = retrying(
            seen,
            f"GET staff view {report_id}",
            lambda: requests.get(f"{api}/v1/staff/reports/{report_id}", headers=headers, timeout=TIMEOUT_S),
        )
        if view is None or view.status_code != 200:
            return False
        if view.json()["status"] == becomes:
            return True
        version = view.json()["version"]
        done = retrying(
            seen,
            f"{action['type']} {report_id}",
            lambda version=version: requests.post(  # type: ignore[misc]
                f"{api}/v1/staff/reports/{report_id}/actions",
                json={**action, "version": version},
                headers=headers,
                timeout=TIMEOUT_S,
            ),
        )
        if done is not None and done.status_code == 200:
            return True
    seen.give_up(f"{action['type']} {report_id}")
    return False
