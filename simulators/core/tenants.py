"""Tenants: one company / organization each, with its own data, clock, journal and fault rules.

A tenant remembers its baseline dataset so that `reset` brings it back to where the test started.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from simulators.core.clock import Clock
from simulators.core.faults import FaultSet
from simulators.core.journal import Journal


class TenantNotFound(LookupError):
    pass


@dataclass
class Tenant:
    id: str
    credentials: dict[str, str]
    state: Any
    baseline: bytes | dict[str, Any] | None = None  # frozen (simulator.freeze_dataset): JSON bytes
    clock: Clock = field(default_factory=Clock)
    journal: Journal = field(default_factory=Journal)
    faults: FaultSet = field(default_factory=FaultSet)
    lock: threading.RLock = field(default_factory=threading.RLock)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    label: str | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "tenant": self.id,
            "label": self.label,
            "credentials": self.credentials,
            "clock": self.clock.describe(),
            "journal_entries": len(self.journal),
            "fault_rules": len(self.faults.rules()),
            "created_at": self.created_at.isoformat(),
        }


def new_tenant_id() -> str:
    return "t-" + secrets.token_hex(6)


class TenantRegistry:
    """All tenants of one simulator, and the credential index that maps a login to exactly one of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tenants: dict[str, Tenant] = {}
        self._by_credential: dict[tuple[str, str], str] = {}

    def add(self, tenant: Tenant, keys: dict[str, str]) -> None:
        """Register a tenant; `keys` are the credential values that identify it (kind -> value)."""
        with self._lock:
            if tenant.id in self._tenants:
                raise ValueError(f"tenant {tenant.id!r} already exists")
            for kind, value in keys.items():
                if (kind, value) in self._by_credential:
                    raise ValueError(f"{kind} {value!r} already belongs to another tenant")
            self._tenants[tenant.id] = tenant
            for kind, value in keys.items():
                self._by_credential[(kind, value)] = tenant.id

    def rekey(self, tenant: Tenant, kind: str, old: str | None, new: str) -> None:
        with self._lock:
            if old is not None:
                self._by_credential.pop((kind, old), None)
            self._by_credential[(kind, new)] = tenant.id

    def remove(self, tenant_id: str) -> Tenant:
        with self._lock:
            tenant = self._tenants.pop(tenant_id, None)
            if tenant is None:
                raise TenantNotFound(tenant_id)
            self._by_credential = {k: v for k, v in self._by_credential.items() if v != tenant_id}
            return tenant

    def get(self, tenant_id: str) -> Tenant:
        try:
            return self._tenants[tenant_id]
        except KeyError:
            raise TenantNotFound(tenant_id) from None

    def by_credential(self, kind: str, value: str) -> Tenant | None:
        tid = self._by_credential.get((kind, value))
        return self._tenants.get(tid) if tid else None

    def find(self, predicate: Callable[[Tenant], bool]) -> Tenant | None:
        return next((t for t in self._tenants.values() if predicate(t)), None)

    def all(self) -> list[Tenant]:
        return list(self._tenants.values())

    def __len__(self) -> int:
        return len(self._tenants)

    def __contains__(self, tenant_id: str) -> bool:
        return tenant_id in self._tenants
