"""A Severa organization: its entities by contract type, plus what the API user may see.

Entities are dicts in the contract's member names (the wire shape), keyed by GUID under their contract type
name ("Invoice", "Account", …), so a read is a lookup and an export a copy. Every write stamps the record's
change time on the tenant clock; the "ChangedSince" operations read those stamps.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulators.core.clock import Clock


@dataclass
class ApiUser:
    """The organization's API user: SEV-01..03 (active, key) and SEV-02 (which business units it may see)."""

    active: bool = True
    business_units: list[str] | None = None  # None: every business unit

    def to_json(self) -> dict[str, Any]:
        return {"active": self.active, "businessUnits": self.business_units}


@dataclass
class SeveraState:
    clock: Clock
    entities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    changed: dict[str, dict[str, datetime]] = field(default_factory=dict)
    api_user: ApiUser = field(default_factory=ApiUser)
    files: dict[str, bytes] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # operation-specific stores (logs, case members, …)
    counters: dict[str, int] = field(default_factory=dict)

    # ---------------------------------------------------------------- entities
    def store(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.entities.setdefault(kind, {})

    def get(self, kind: str, guid: str | None) -> dict[str, Any] | None:
        if not guid:
            return None
        return self.entities.get(kind, {}).get(guid.lower())

    def all(self, kind: str) -> Iterator[dict[str, Any]]:
        return iter(list(self.entities.get(kind, {}).values()))

    def put(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace a record (GUID assigned when missing) and stamp its change time."""
        guid = (record.get("GUID") or str(uuid.uuid4())).lower()
        record["GUID"] = guid
        self.store(kind)[guid] = record
        self.touch(kind, guid)
        return record

    def touch(self, kind: str, guid: str) -> None:
        self.changed.setdefault(kind, {})[guid] = self.clock.now()

    def delete(self, kind: str, guid: str) -> bool:
        removed = self.entities.get(kind, {}).pop(guid.lower(), None) is not None
        self.changed.get(kind, {}).pop(guid.lower(), None)
        return removed

    def changed_since(self, kind: str, since: datetime) -> list[dict[str, Any]]:
        stamps = self.changed.get(kind, {})
        return [r for g, r in self.entities.get(kind, {}).items() if stamps.get(g) and stamps[g] >= since]

    def next_number(self, kind: str, start: int = 1) -> int:
        value = self.counters.get(kind, start - 1) + 1
        self.counters[kind] = value
        return value

    # ---------------------------------------------------------------- access rights
    def visible(self, business_unit_guid: str | None) -> bool:
        allowed = self.api_user.business_units
        return allowed is None or (business_unit_guid or "").lower() in {g.lower() for g in allowed}
