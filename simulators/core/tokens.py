"""Bearer tokens bound to one tenant, with lifetimes on that tenant's clock."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Token:
    value: str
    tenant_id: str
    expires_at: float  # tenant-clock timestamp
    kind: str = "access"
    data: dict[str, Any] = field(default_factory=dict)


class TokenStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_value: dict[str, Token] = {}
        self._by_tenant: dict[str, set[str]] = {}

    def issue(self, tenant_id: str, now: float, lifetime: float, kind: str = "access", **data: Any) -> Token:
        token = Token(secrets.token_urlsafe(32), tenant_id, now + lifetime, kind, data)
        with self._lock:
            self._by_value[token.value] = token
            self._by_tenant.setdefault(tenant_id, set()).add(token.value)
        return token

    def get(self, value: str) -> Token | None:
        return self._by_value.get(value)

    def valid(self, value: str, now_of: Any, kind: str = "access") -> Token | None:
        """The token if it exists, is of this kind and has not expired on its tenant's clock."""
        token = self._by_value.get(value)
        if token is None or token.kind != kind:
            return None
        if now_of(token.tenant_id) >= token.expires_at:
            return None
        return token

    def revoke(self, value: str) -> None:
        with self._lock:
            token = self._by_value.pop(value, None)
            if token is not None:
                self._by_tenant.get(token.tenant_id, set()).discard(value)

    def of_tenant(self, tenant_id: str) -> list[Token]:
        return [self._by_value[v] for v in list(self._by_tenant.get(tenant_id, ())) if v in self._by_value]

    def expire_tenant(self, tenant_id: str, kind: str | None = None) -> int:
        """Make every token of a tenant expired now (a token-expiry fault); returns how many."""
        with self._lock:
            hit = [t for t in self.of_tenant(tenant_id) if kind is None or t.kind == kind]
            for t in hit:
                t.expires_at = float("-inf")
        return len(hit)

    def drop_tenant(self, tenant_id: str) -> None:
        with self._lock:
            for value in self._by_tenant.pop(tenant_id, set()):
                self._by_value.pop(value, None)
