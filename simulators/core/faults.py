"""Fault rules: which calls misbehave, and how.

A rule matches calls by method, path glob and/or operation, and fires on the nth matching call, on every
call after a few, a limited number of times, or with a seeded probability. Each rule owns its random
generator, seeded from the rule's seed (or the tenant's fault seed and the rule id), so the same seed
always yields the same faults in the same order.
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Action(StrEnum):
    LATENCY = "latency"  # delay, then answer normally
    STATUS = "status"  # answer with an HTTP status and the vendor's error body; nothing is applied
    DROP = "drop"  # close the connection without answering; nothing is applied
    TIMEOUT = "timeout"  # hold the call, then close it without answering; nothing is applied
    RATE_LIMIT = "rate_limit"  # 429 with Retry-After and the vendor's error body
    COMMIT_THEN_FAIL = "commit_then_fail"  # apply the call, then answer with a 5xx, a time-out or a drop
    TOKEN_EXPIRY = "token_expiry"  # expire the tenant's access tokens, then handle the call (it will get 401)


class FailWith(StrEnum):
    STATUS = "status"
    TIMEOUT = "timeout"
    DROP = "drop"


class FaultSpec(BaseModel):
    """A fault rule as a client writes it (HTTP body of `POST /_sim/tenants/{id}/faults`, or Python)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    action: Action
    method: str | None = Field(None, description="HTTP method to match, e.g. POST")
    path: str | None = Field(None, description="glob over the resource path, e.g. /invoices/*/approve")
    operation: str | None = Field(
        None, description="route template ('PUT /invoices/{invoiceId}/approve') or SOAP operation name"
    )
    nth: int | None = Field(None, ge=1, description="fire only on the nth matching call (1-based)")
    after: int = Field(0, ge=0, description="let this many matching calls through first")
    times: int | None = Field(None, ge=1, description="fire at most this many times")
    probability: float | None = Field(None, ge=0, le=1, description="fire with this seeded probability")
    seed: int | str | None = Field(None, description="seed for probability; default: tenant fault seed + rule id")
    latency_ms: float = Field(0, ge=0, le=600_000, description="added latency (any action)")
    status: int | None = Field(None, ge=400, le=599, description="status for action status / commit_then_fail")
    message: str | None = Field(None, description="error message or vendor error code in the vendor's error body")
    body: Any = Field(None, description="raw response body to send instead of the vendor error body")
    retry_after: int = Field(1, ge=0, description="Retry-After seconds for rate_limit")
    fail_with: FailWith = Field(FailWith.STATUS, description="how commit_then_fail fails")
    timeout_seconds: float = Field(30, ge=0, le=3600, description="how long timeout holds a call in server mode")

    @model_validator(mode="after")
    def _check(self) -> FaultSpec:
        if self.action is Action.LATENCY and not self.latency_ms:
            raise ValueError("latency needs latency_ms > 0")
        if self.nth is not None and self.probability is not None:
            raise ValueError("use either nth or probability, not both")
        return self


class FaultRule:
    """A live rule: its spec plus its counters and random generator."""

    def __init__(self, rule_id: str, spec: FaultSpec, tenant_seed: int | str) -> None:
        self.id = rule_id
        self.spec = spec
        self.method = spec.method.upper() if spec.method else None
        self.matched = 0
        self.fired = 0
        seed = spec.seed if spec.seed is not None else f"{tenant_seed}:{rule_id}"
        self._rng = random.Random(seed)

    def applies_to(self, method: str, resource: str, raw_path: str, operation: str | None) -> bool:
        s = self.spec
        if self.method and method != self.method:
            return False
        if s.path and not (fnmatch.fnmatchcase(resource, s.path) or fnmatch.fnmatchcase(raw_path, s.path)):
            return False
        return not (s.operation and operation != s.operation)

    def decide(self) -> bool:
        """Count one matching call and say whether the rule fires on it."""
        s = self.spec
        self.matched += 1
        if s.times is not None and self.fired >= s.times:
            return False
        if s.nth is not None:
            fire = self.matched == s.nth
        elif self.matched <= s.after:
            fire = False
        elif s.probability is not None:
            fire = self._rng.random() < s.probability
        else:
            fire = True
        if fire:
            self.fired += 1
        return fire

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.spec.model_dump(mode="json"), "matched": self.matched, "fired": self.fired}


class FaultSet:
    """The fault rules of one tenant, evaluated in the order they were added."""

    def __init__(self, seed: int | str = 0) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self.seed: int | str = seed

    def __bool__(self) -> bool:
        return bool(self._rules)

    @property
    def needs_operation(self) -> bool:
        return any(r.spec.operation for r in self._rules)

    def add(self, spec: FaultSpec | dict[str, Any]) -> FaultRule:
        if not isinstance(spec, FaultSpec):
            spec = FaultSpec.model_validate(spec)
        with self._lock:
            rule = FaultRule(f"f{next(self._ids)}", spec, self.seed)
            self._rules.append(rule)
        return rule

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules = []
            self._ids = itertools.count(1)

    def rules(self) -> list[FaultRule]:
        return list(self._rules)

    def evaluate(
        self, method: str, resource: str, raw_path: str, operation: str | None
    ) -> tuple[float, FaultRule | None]:
        """Return (total added latency in ms, the first firing non-latency rule or None)."""
        latency = 0.0
        chosen: FaultRule | None = None
        with self._lock:
            for rule in self._rules:
                if not rule.applies_to(method, resource, raw_path, operation):
                    continue
                if chosen is not None and rule.spec.action is not Action.LATENCY:
                    rule.matched += 1  # an earlier rule already decides this call's fate
                    continue
                if not rule.decide():
                    continue
                latency += rule.spec.latency_ms
                if chosen is None and rule.spec.action is not Action.LATENCY:
                    chosen = rule
        return latency, chosen
