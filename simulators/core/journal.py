"""The request journal: every vendor call a tenant received, queryable and countable.

Entries keep raw bytes and decode only when read, so recording costs little on the hot path.
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

BODY_KEEP_BYTES = 64 * 1024
DEFAULT_CAPACITY = 20_000


def _text(raw: bytes) -> str:
    if len(raw) > BODY_KEEP_BYTES:
        return raw[:BODY_KEEP_BYTES].decode("utf-8", "replace") + f"…[{len(raw)} bytes]"
    return raw.decode("utf-8", "replace")


@dataclass(slots=True)
class Entry:
    seq: int
    at: datetime
    method: str
    path: str
    resource: str
    query: str
    operation: str | None
    status: int
    request_headers: dict[str, str]
    request_body: bytes
    response_body: bytes
    duration_ms: float
    fault: str | None = None
    outcome: str = "responded"  # responded | dropped | timed_out

    def to_dict(self, bodies: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "method": self.method,
            "path": self.path,
            "resource": self.resource,
            "query": self.query,
            "operation": self.operation,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 3),
            "fault": self.fault,
            "outcome": self.outcome,
        }
        if bodies:
            data["request_headers"] = self.request_headers
            data["request_body"] = _text(self.request_body)
            data["response_body"] = _text(self.response_body)
        return data

    def request_json(self) -> Any:
        return orjson.loads(self.request_body) if self.request_body else None

    def response_json(self) -> Any:
        return orjson.loads(self.response_body) if self.response_body else None


@dataclass
class JournalFilter:
    """Criteria shared by journal queries, call-count verification and fault rules."""

    method: str | None = None
    path: str | None = None  # glob over the resource path (without version prefix) or the raw path
    operation: str | None = None  # route template ("PUT /invoices/{invoiceId}/approve") or SOAP operation
    status: int | None = None
    fault: bool | None = None
    since: int | None = None  # only entries with seq > since

    def matches(self, e: Entry) -> bool:
        if self.method and e.method != self.method.upper():
            return False
        if self.path and not (
            fnmatch.fnmatchcase(e.resource, self.path) or fnmatch.fnmatchcase(e.path, self.path)
        ):
            return False
        if self.operation and e.operation != self.operation:
            return False
        if self.status is not None and e.status != self.status:
            return False
        if self.fault is not None and (e.fault is not None) != self.fault:
            return False
        return not (self.since is not None and e.seq <= self.since)


@dataclass
class Journal:
    capacity: int = DEFAULT_CAPACITY
    _entries: deque[Entry] = field(init=False)
    _seq: itertools.count = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    dropped: int = 0

    def __post_init__(self) -> None:
        self._entries = deque(maxlen=self.capacity)
        self._seq = itertools.count(1)

    def record(self, **fields: Any) -> Entry:
        with self._lock:
            entry = Entry(seq=next(self._seq), **fields)
            if len(self._entries) == self.capacity:
                self.dropped += 1
            self._entries.append(entry)
        return entry

    def entries(self, flt: JournalFilter | None = None, limit: int | None = None) -> list[Entry]:
        with self._lock:
            items = list(self._entries)
        if flt is not None:
            items = [e for e in items if flt.matches(e)]
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        return items

    def count(self, flt: JournalFilter | None = None) -> int:
        return len(self.entries(flt))

    def last(self) -> Entry | None:
        with self._lock:
            return self._entries[-1] if self._entries else None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.dropped = 0

    def __len__(self) -> int:
        return len(self._entries)


class VerificationError(AssertionError):
    """A call-count expectation that the journal does not meet; the message says what was seen."""

    def __init__(self, message: str, report: dict[str, Any]):
        super().__init__(message)
        self.report = report


def verify(
    journal: Journal,
    flt: JournalFilter,
    count: int | None = None,
    at_least: int | None = None,
    at_most: int | None = None,
) -> dict[str, Any]:
    """Check how many calls matched; raise VerificationError with the matching calls listed otherwise."""
    if count is None and at_least is None and at_most is None:
        at_least = 1
    matched = journal.entries(flt)
    actual = len(matched)
    ok = (
        (count is None or actual == count)
        and (at_least is None or actual >= at_least)
        and (at_most is None or actual <= at_most)
    )
    expected = {k: v for k, v in {"count": count, "at_least": at_least, "at_most": at_most}.items() if v is not None}
    criteria = {k: v for k, v in vars(flt).items() if v is not None}
    report = {
        "ok": ok,
        "criteria": criteria,
        "expected": expected,
        "actual": actual,
        "calls": [e.to_dict(bodies=False) for e in matched[-20:]],
    }
    if not ok:
        seen = ", ".join(f"{e.method} {e.path} -> {e.status}" for e in matched[-5:]) or "none"
        raise VerificationError(
            f"expected {expected} calls matching {criteria}, got {actual} (last: {seen})", report
        )
    return report
