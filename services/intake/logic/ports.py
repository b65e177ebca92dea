"""The adapters intake's logic receives, as Protocols; `dal/` implements them, tests pass fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.intake.models import StoredOutcome, Upload
from shared.models import PhotoResult, Report, Status
from shared.ports import JointWrites, ReportFile

# The `feed` index key of a report: where a feed page ended.
POSITION_KEYS = ("pk", "sk", "feed_month", "created_at")
# A feed of one status reads the `by_status` index: its key, and the "month" its positions carry.
STATUS_POSITION_KEYS = ("pk", "sk", "status_key", "created_at")
STATUS_POSITION = "status"


@dataclass(frozen=True)
class FeedPosition:
    """Where a read stopped: the month partition, and the index key of the last item read in it (None:
    the month's start)."""

    month: str
    key: dict[str, str] | None


@dataclass
class ReadBudget:
    """What one request may read from the feed index: items, and Queries (an empty month costs one)."""

    items: int
    queries: int

    def spent(self) -> bool:
        return self.items <= 0 or self.queries <= 0


class ReportFeed(Protocol):
    """Reports newest first, read from the `feed` index (never a Scan)."""

    def newest(
        self,
        accept: Callable[[Report], bool],
        limit: int,
        since: datetime | None = None,
        until: datetime | None = None,
        after: FeedPosition | None = None,
        budget: ReadBudget | None = None,
        status: Status | None = None,
    ) -> tuple[list[Report], FeedPosition | None]:
        """Up to `limit` accepted reports created in [since, until], newest first, after `after`, read
        within `budget` (a default one when None); and where to go on from, None when nothing is left.
        `status` names the one status `accept` keeps, so the read can use that status's index."""
        ...


class UploadStore(Protocol):
    def put(self, upload: Upload) -> None: ...

    def get_many(self, ids: list[str]) -> dict[str, Upload]: ...

    def claim(self, ids: list[str], claimant: str, usable_at: datetime | None = None) -> list[str]:
        """Marks every upload as `claimant`'s, all or none: an upload someone else claimed first stays
        theirs, and with `usable_at` one whose slot is no longer usable then is refused too. The ids
        refused (nothing is claimed then); empty when all are now `claimant`'s."""
        ...

    def filing_claims(self, ids: list[str], usable_at: datetime) -> JointWrites:
        """A filing's claims on these uploads (each known, usable at `usable_at` and free), to be written
        with the report itself (`file_new_report`'s `joint`): the uploads are the report's exactly when
        it is stored. A refusal is JointRefused, with the positions of the ids refused."""
        ...


class PhotoResultStore(Protocol):
    def record(self, report_id: str, result: PhotoResult) -> bool:
        """False when this photo was already recorded (a repeated delivery)."""
        ...

    def for_report(self, report_id: str) -> dict[str, PhotoResult]: ...

    def get(self, report_id: str, upload_id: str) -> PhotoResult | None: ...


class ReportsWithPhotos(Protocol):
    """A report with what the photo worker found for its photos, read together (a `ReportFiles`)."""

    def with_photos(self, report_id: str) -> ReportFile | None: ...


class PhotoStorage(Protocol):
    """The photos bucket: private originals, cleaned copies, short-lived signed addresses."""

    def presigned_post(
        self, key: str, content_type: str, max_bytes: int, expires_s: int
    ) -> dict[str, Any]: ...

    def presigned_get(self, key: str, expires_s: int) -> str: ...

    def original(self, key: str, max_bytes: int) -> tuple[int, bytes] | None:
        """An upload's whole size and its bytes (none when it is larger than `max_bytes`), or None when
        nothing was uploaded there."""
        ...

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def publish(self, key: str, data: bytes, content_type: str) -> bool:
        """Writes a cleaned copy unless one is there already; False when the one there is kept."""
        ...


class KeyedOnce(Protocol):
    """Runs `create` at most once per Idempotency-Key and body within the window; a retry gets its outcome.

    Raises KeyReused (the key with another body) or KeyInProgress (the first call is still running).
    """

    def run(self, key: str, body: dict[str, Any], create: Callable[[], StoredOutcome]) -> StoredOutcome: ...


class ApiClients(Protocol):
    """Open311 API keys: the client application a key was issued to."""

    def client_for(self, key: str) -> str | None: ...
