"""A per-tenant fake clock.

Token lifetimes, fiscal periods and "changed since" queries read the tenant clock, so a test can jump
hours ahead in microseconds. By default the clock follows real time; it can be frozen, set and advanced.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_instant(value: str | datetime) -> datetime:
    """Accept ISO 8601 with or without offset; a naive value is taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Clock:
    """Real time plus an offset, or a frozen instant. Thread-safe: the server thread and tests share it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta()
        self._frozen_at: datetime | None = None

    def now(self) -> datetime:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return utcnow() + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at: str | datetime | None = None) -> datetime:
        with self._lock:
            self._frozen_at = parse_instant(at) if at is not None else self.now()
            return self._frozen_at

    def unfreeze(self) -> datetime:
        """Resume ticking from the current fake instant (the offset is kept)."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - utcnow()
                self._frozen_at = None
            return self.now()

    def set(self, at: str | datetime) -> datetime:
        moment = parse_instant(at)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = moment
            else:
                self._offset = moment - utcnow()
        return moment

    def advance(self, seconds: float) -> datetime:
        delta = timedelta(seconds=seconds)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += delta
            else:
                self._offset += delta
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta()
            self._frozen_at = None

    def describe(self) -> dict:
        return {"now": self.now().isoformat(), "frozen": self.frozen, "offsetSeconds": self._offset.total_seconds()}
