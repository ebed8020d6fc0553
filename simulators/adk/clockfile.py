"""The tenant clock of a company folder, shared between processes through `<company>/clock.json`.

The control plane (one process) owns a `FolderClock` per company and changes it (freeze, set, advance); the ADK
(any process that opens the company) only reads it, with `folder_now`, to stamp TIMESTAMP fields and to date
new documents. The file holds `{"frozen_at": iso | null, "offset_seconds": float}`; without a file the clock is
real time.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from simulators.core.clock import Clock, parse_instant, utcnow

CLOCK_FILE = "clock.json"


class FolderClock(Clock):
    """A `Clock` that writes its state to the company folder on every change (and reads it back on creation,
    so a new control-plane process continues the company's fake time)."""

    def __init__(self, company_folder: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(company_folder) / CLOCK_FILE
        frozen, offset = read_state(self.path)
        self._frozen_at = frozen
        self._offset = offset

    def freeze(self, at: str | datetime | None = None) -> datetime:
        moment = super().freeze(at)
        self.save()
        return moment

    def unfreeze(self) -> datetime:
        moment = super().unfreeze()
        self.save()
        return moment

    def set(self, at: str | datetime) -> datetime:
        moment = super().set(at)
        self.save()
        return moment

    def advance(self, seconds: float) -> datetime:
        moment = super().advance(seconds)
        self.save()
        return moment

    def reset(self) -> None:
        super().reset()
        self.save()

    def save(self) -> None:
        """Write the state atomically (temp file + rename), so a reader never sees half a file."""
        with self._lock:
            state = {
                "frozen_at": self._frozen_at.isoformat() if self._frozen_at else None,
                "offset_seconds": self._offset.total_seconds(),
            }
        if not self.path.parent.is_dir():
            return  # the company folder is not there (yet): nothing to share the clock with
        fd, tmp = tempfile.mkstemp(prefix=".clock.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w") as handle:
                json.dump(state, handle)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _cache.pop(str(self.path), None)


def read_state(path: Path) -> tuple[datetime | None, timedelta]:
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None, timedelta()
    frozen = data.get("frozen_at")
    return (parse_instant(frozen) if frozen else None), timedelta(seconds=float(data.get("offset_seconds") or 0))


# path -> (stat signature, frozen_at, offset)
_cache: dict[str, tuple[tuple[int, int, int], datetime | None, timedelta]] = {}
_cache_lock = threading.Lock()
_FRESH_NS = 200_000_000  # a file changed in the last 0.2 s is re-read: file times are coarser than a call


def folder_now(company_folder: str | os.PathLike[str]) -> datetime:
    """Now on the company's clock (aware, UTC). One stat per call; the file is parsed only when it changed."""
    path = os.path.join(company_folder, CLOCK_FILE)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return utcnow()
    signature = (st.st_mtime_ns, st.st_ino, st.st_size)
    cached = _cache.get(path)
    if cached is None or cached[0] != signature or time.time_ns() - st.st_mtime_ns < _FRESH_NS:
        frozen, offset = read_state(Path(path))
        with _cache_lock:
            _cache[path] = (signature, frozen, offset)
    else:
        _, frozen, offset = cached
    if frozen is not None:
        return frozen
    return utcnow() + offset
