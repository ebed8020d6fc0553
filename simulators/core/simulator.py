"""The contract between the core and one simulator, and what every simulator gets from the core.

A simulator supplies its domain (state, datasets), how callers are identified, its vendor error body and
its vendor ASGI app. The core adds tenants, the journal, faults, the clock and the control plane.
"""

from __future__ import annotations

import copy
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson

from simulators.core.errors import DatasetError
from simulators.core.journal import Journal
from simulators.core.tenants import Tenant, TenantRegistry, new_tenant_id
from simulators.core.tokens import TokenStore

ASGIApp = Any


@dataclass(slots=True)
class RequestInfo:
    """What the core knows about a vendor call before the vendor app sees it."""

    method: str
    raw_path: str
    prefix: str
    resource: str
    query: str
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass(slots=True)
class ErrorReply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


def freeze_dataset(dataset: dict[str, Any]) -> bytes | dict[str, Any]:
    """A tenant's baseline as compact JSON bytes: a 10,000-invoice dataset kept as Python objects for `reset`
    costs several times the memory of its JSON, and every use of a baseline decodes a fresh copy anyway."""
    try:
        return orjson.dumps(dataset)
    except TypeError:  # a dataset built in Python with non-JSON values
        return copy.deepcopy(dataset)


def thaw_dataset(baseline: bytes | dict[str, Any] | None) -> dict[str, Any]:
    """A fresh, private copy of a frozen baseline."""
    if baseline is None:
        return {}
    if isinstance(baseline, bytes):
        return orjson.loads(baseline)
    return copy.deepcopy(baseline)


def copy_dataset(dataset: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a JSON dataset; a JSON round trip is about six times faster than copy.deepcopy."""
    try:
        return orjson.loads(orjson.dumps(dataset))
    except TypeError:  # a dataset built in Python with non-JSON values
        return copy.deepcopy(dataset)


class Simulator(ABC):
    name: ClassVar[str]
    title: ClassVar[str]
    default_port: ClassVar[int]
    base_path: ClassVar[str] = ""
    max_body_bytes: ClassVar[int] = 2_000_000
    # more ports of the same simulator (role -> default port), e.g. eEkonomi's identity server
    extra_ports: ClassVar[dict[str, int]] = {}

    def __init__(self) -> None:
        self.tenants = TenantRegistry()
        self.tokens = TokenStore()
        self.unattributed = Journal(capacity=2_000)
        self._asgi: ASGIApp | None = None

    # ----------------------------------------------------------------- hooks a simulator implements
    @abstractmethod
    def new_state(self) -> Any:
        """An empty domain state for one tenant."""

    @abstractmethod
    def new_credentials(self, tenant_id: str) -> dict[str, str]:
        """Fresh credentials for a tenant (all values unique to it)."""

    @abstractmethod
    def credential_keys(self, credentials: dict[str, str]) -> dict[str, str]:
        """Which credential values identify the tenant (kind -> value) in the registry index."""

    @abstractmethod
    def load_dataset(self, tenant: Tenant, dataset: dict[str, Any]) -> Any:
        """Build a state from a dataset; raise DatasetError naming the bad element."""

    @abstractmethod
    def export_dataset(self, tenant: Tenant) -> dict[str, Any]:
        """The tenant's state as a dataset that `load_dataset` accepts back."""

    @abstractmethod
    def demo_dataset(self) -> dict[str, Any]:
        """Realistic data for the demo tenant of `visma-sim serve`."""

    def default_dataset(self) -> dict[str, Any]:
        """What a tenant created without a dataset holds (a minimal company)."""
        return {}

    @abstractmethod
    def split_path(self, path: str) -> tuple[str, str] | None:
        """(vendor prefix, resource path) for a vendor path, or None when it is not one of the vendor's."""

    @abstractmethod
    def identify(self, request: RequestInfo) -> Tenant | None:
        """Which tenant a call belongs to (for the journal and fault rules), valid credentials or not."""

    @abstractmethod
    def error_reply(self, status: int, message: str | None = None) -> ErrorReply:
        """The vendor's own error body for a status (used by faults and by the core's own refusals)."""

    @abstractmethod
    def build_vendor_app(self) -> ASGIApp:
        """The vendor API as an ASGI app, routed on the resource path (prefix already removed)."""

    def operation_of(self, request: RequestInfo) -> str | None:
        """The operation name for protocols that carry it in the body (SOAP). REST uses route templates."""
        return None

    def expire_tokens(self, tenant: Tenant) -> None:
        self.tokens.expire_tenant(tenant.id)

    def control_extensions(self) -> Any:
        """An optional APIRouter with simulator-specific control routes (mounted under /_sim)."""
        return None

    def listener_app(self, role: str | None = None) -> ASGIApp:
        """The app a port serves: None for the main port, or a role of `extra_ports`."""
        return self.asgi

    def url_entry(self, base_url: str, tenant: Tenant | None, extra: dict[str, str] | None = None) -> dict[str, Any]:
        """This simulator's entry in the `--urls-file` JSON; `extra` holds the base URLs of extra ports."""
        entry: dict[str, Any] = {"url": base_url + self.base_path, "control": base_url + "/_sim"}
        if tenant is not None:
            entry["tenant"] = tenant.id
            entry["credentials"] = dict(tenant.credentials)
        return entry

    # ----------------------------------------------------------------- what the core provides
    def create_tenant(
        self,
        dataset: dict[str, Any] | None = None,
        tenant_id: str | None = None,
        label: str | None = None,
        credentials: dict[str, str] | None = None,
    ) -> Tenant:
        tid = tenant_id or new_tenant_id()
        if tid in self.tenants:
            raise ValueError(f"tenant {tid!r} already exists")
        creds = {**self.new_credentials(tid), **(credentials or {})}
        baseline = freeze_dataset(dataset if dataset is not None else self.default_dataset())
        tenant = Tenant(id=tid, credentials=creds, state=self.new_state(), label=label)
        tenant.faults.seed = tid
        tenant.state = self.load_dataset(tenant, thaw_dataset(baseline))
        tenant.baseline = baseline
        self.tenants.add(tenant, self.credential_keys(creds))
        return tenant

    def seed(self, tenant: Tenant, dataset: dict[str, Any]) -> dict[str, Any]:
        """Replace the tenant's data with a dataset; the dataset becomes the new baseline for reset.

        The new state is built aside and swapped in only when the whole dataset loaded, so a bad dataset
        leaves the tenant as it was.
        """
        if not isinstance(dataset, dict):
            raise DatasetError("a dataset is a JSON object")
        baseline = freeze_dataset(dataset)
        state = self.load_dataset(tenant, thaw_dataset(baseline))
        with tenant.lock:
            tenant.state = state
            tenant.baseline = baseline
        return self.summary(tenant)

    def export(self, tenant: Tenant) -> dict[str, Any]:
        with tenant.lock:
            return self.export_dataset(tenant)

    def reset(self, tenant: Tenant) -> float:
        """Back to the baseline data with a fresh journal, no faults, real time and no live tokens."""
        started = time.perf_counter()
        state = self.load_dataset(tenant, thaw_dataset(tenant.baseline))
        with tenant.lock:
            tenant.state = state
            tenant.journal.clear()
            tenant.faults.clear()
            tenant.clock.reset()
            self.tokens.drop_tenant(tenant.id)
        return (time.perf_counter() - started) * 1000

    def delete_tenant(self, tenant_id: str) -> None:
        self.tenants.remove(tenant_id)
        self.tokens.drop_tenant(tenant_id)

    def summary(self, tenant: Tenant) -> dict[str, Any]:
        """Counts of what the tenant holds, per collection of its dataset."""
        data = self.export(tenant)
        return {k: (len(v) if isinstance(v, list | dict) else v) for k, v in data.items()}

    def warm_up(self) -> None:
        """Finish what start-up deferred (the control plane app; a simulator adds its own), so first calls
        are as fast as the rest. `serve` runs it on a thread once the ports are open."""
        self.asgi.warm_up()

    @property
    def asgi(self) -> ASGIApp:
        """The complete app: vendor routes behind the core middleware, plus the control plane at /_sim."""
        if self._asgi is None:
            from simulators.core.asgi import build_app

            self._asgi = build_app(self)
        return self._asgi
