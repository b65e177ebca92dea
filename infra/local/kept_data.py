"""What the runner says and does about the kept data: restored at start (or not, with FRESH=1), written
at stop. The snapshot itself: `snapshot.py`."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from infra.local import snapshot
from infra.local.provision import Resources

FOLDER = "snapshot"


class KeptData:
    def __init__(self, out_dir: Path, fresh: bool, log: Callable[[str], None]) -> None:
        self.folder = out_dir / FOLDER
        self.fresh, self.log = fresh, log
        self.extra: dict[str, Any] = {}  # what the last run noted besides the data (the demo receiver)
        self.restored = False

    def noted(self) -> dict[str, Any]:
        """What the last stop noted besides the data, for what starts before the restore ({} if FRESH=1)."""
        return {} if self.fresh else snapshot.saved_extra(self.folder) or {}

    def on_start(self, session: boto3.Session, resources: Resources, pool_id: str) -> None:
        if self.fresh:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.log("    FRESH=1: starting from the demo province (the kept data was removed)")
            return
        older = snapshot.older_format(self.folder)
        if older is not None:
            raise SystemExit(
                f"The data kept in {self.folder} was written by an older version (format {older}, this one "
                f"reads {snapshot.FORMAT}) and cannot be restored faithfully. It is left as it is; "
                "`make run FRESH=1` starts from the demo province instead (and replaces it at the next stop)."
            )
        saved = snapshot.saved_extra(self.folder)
        if saved is None:
            self.log("    nothing kept from an earlier run: starting from the demo province")
            return
        started = time.perf_counter()
        try:
            counts = snapshot.restore(session, resources, pool_id, self.folder)
        except Exception as error:
            raise SystemExit(
                f"Could not restore the data kept in {self.folder} ({error!r}). It is left as it is; "
                "`make run FRESH=1` starts from the demo province instead (and replaces it at the next stop)."
            ) from error
        self.extra, self.restored = saved, True
        self.log(f"    restored in {time.perf_counter() - started:.1f} s: {snapshot.summary(counts)}")

    def on_stop(
        self, session: boto3.Session, resources: Resources, pool_id: str, extra: dict[str, Any]
    ) -> None:
        self.log(f"Keeping the data for the next start in {self.folder}…")
        started = time.perf_counter()
        try:
            counts = snapshot.take(session, resources, pool_id, self.folder, extra)
        except Exception as error:  # the run is stopping anyway: say what was not kept, and where
            self.log(f"Could not keep the data for the next start ({error!r}); {self.folder} is unchanged.")
            return
        self.log(
            f"Kept for the next start ({time.perf_counter() - started:.1f} s): {snapshot.summary(counts)}. "
            "`make run FRESH=1` starts from the demo province instead."
        )
