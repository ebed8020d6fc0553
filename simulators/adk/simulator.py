"""The ADK simulator as the core sees it: tenants are company folders, and there is no vendor HTTP API.

Visma Administration's integration API is a library (Adk.dll) that opens a company folder on disk. So a
tenant here is a pair of folders, laid out as an installation lays them out:

    <root>/<tenant>/Gemensamma filer        the "common files" folder (AdkOpen's first argument)
    <root>/<tenant>/Företag/FTG1            the company folder (its second argument)

The root is `VISMA_SIM_ADK_ROOT`, or a temporary folder per simulator instance that is removed at exit.
The data lives in the company folder (`store.py`), not in memory: the control plane's create/seed/reset write
it with `store.write_dataset`, export reads it back with `store.read_dataset`, and any process (the engine
under test, a ctypes program) opens it with the fake ADK. The tenant clock is a `FolderClock`, which persists
to the company folder so that every process stamps records with the same fake time.

The simulator's port serves the control plane (`/_sim`) only; every other path is a 404 that says where the
company is. While an ADK process has the company open (it holds the company lock), seed and reset are refused
with 409: rewriting a company under an open ADK would pull the data from under its cursors.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from simulators.core.simulator import ErrorReply, RequestInfo, Simulator
from simulators.core.tenants import Tenant, new_tenant_id

ROOT_ENV = "VISMA_SIM_ADK_ROOT"
COMMON_FILES = "Gemensamma filer"
COMPANIES = "Företag"
COMPANY_FOLDER = "FTG1"
LOG_FILE = "APIAdklogg"  # VA-26: when it exists in the common-files folder, every ADK call is appended to it

LIBRARY_MESSAGE = (
    "Visma Administration's ADK is a library (Adk.dll), not a web service: open the company folder with "
    "AdkOpen(common_files, company), using the paths the control plane gives (GET /_sim/tenants/{id}). "
    "This port serves only the control plane under /_sim."
)


@dataclass(frozen=True, slots=True)
class CompanyFolder:
    """A tenant's state: where its company lives. The records themselves are on disk."""

    tenant_id: str
    folder: Path  # <root>/<tenant>
    common_files: Path
    company: Path
    login: dict[str, str] | None = None  # {"user", "password"} when the company has login activated
    written_at: datetime | None = None  # the moment the store stamped the dataset with (timestamps it left out)

    @property
    def log_file(self) -> Path:
        return self.common_files / LOG_FILE

    def locked(self) -> bool:
        """Whether an ADK (in this process or another) has the company open."""
        return company_locked(self.company)


def company_locked(company: Path) -> bool:
    """A non-blocking probe of the company lock; it never keeps the lock."""
    from simulators.adk import store

    return store.is_locked(company)


def _safe_folder_name(tenant_id: str) -> str:
    if not tenant_id or tenant_id in (".", "..") or "/" in tenant_id or "\\" in tenant_id or "\0" in tenant_id:
        raise ValueError(f"tenant id {tenant_id!r} cannot name a company folder")
    return tenant_id


class AdkSimulator(Simulator):
    name = "adk"
    title = "Visma Administration (ADK)"
    default_port = 8705

    def __init__(self, root: str | Path | None = None) -> None:
        super().__init__()
        self._root_setting = root
        self._root: Path | None = None
        self._cleanup: weakref.finalize | None = None
        self._restamp: dict[str, datetime] = {}  # tenant id -> the stamp a reset writes the baseline with

    # ---------------------------------------------------------------- folders
    @property
    def root(self) -> Path:
        """The folder that holds every tenant's folders (created on first use)."""
        if self._root is None:
            configured = self._root_setting or os.environ.get(ROOT_ENV)
            if configured:
                path = Path(configured).expanduser().resolve()
                path.mkdir(parents=True, exist_ok=True)
            else:
                path = Path(tempfile.mkdtemp(prefix="visma-sim-adk-"))
                # removed when the simulator goes away or the interpreter exits, whichever is first
                self._cleanup = weakref.finalize(self, shutil.rmtree, str(path), True)
            self._root = path
        return self._root

    def folders(self, tenant_id: str) -> CompanyFolder:
        folder = self.root / _safe_folder_name(tenant_id)
        return CompanyFolder(tenant_id, folder, folder / COMMON_FILES, folder / COMPANIES / COMPANY_FOLDER)

    def close(self) -> None:
        """Remove the temporary root now (a root from VISMA_SIM_ADK_ROOT is kept). The end of the simulator: its
        tenants' folders are gone."""
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None
            self._root = None

    # ---------------------------------------------------------------- tenants and credentials
    def new_state(self) -> CompanyFolder | None:
        return None  # load_dataset builds it: it needs the tenant id

    def new_credentials(self, tenant_id: str) -> dict[str, str]:
        paths = self.folders(tenant_id)
        return {"common_files": str(paths.common_files), "company": str(paths.company)}

    def credential_keys(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"company": credentials["company"]}

    def create_tenant(self, dataset: dict[str, Any] | None = None, tenant_id: str | None = None,
                      label: str | None = None, credentials: dict[str, str] | None = None) -> Tenant:
        tid = _safe_folder_name(tenant_id or new_tenant_id())
        # the folders follow the tenant id: a caller cannot move them with credentials
        fixed = {k: v for k, v in (credentials or {}).items() if k not in ("common_files", "company")}
        folder = self.root / tid
        fresh = not folder.exists()
        try:
            tenant = super().create_tenant(dataset, tid, label, fixed)
        except Exception:
            if fresh and tid not in self.tenants:  # a refused dataset leaves no folder behind
                shutil.rmtree(folder, ignore_errors=True)
            raise
        self._sync_login(tenant)
        return tenant

    def seed(self, tenant: Tenant, dataset: dict[str, Any]) -> dict[str, Any]:
        loaded = super().seed(tenant, dataset)
        self._sync_login(tenant)
        return loaded

    def reset(self, tenant: Tenant) -> float:
        """Back to the baseline, timestamps included: the records get the stamps they had when the baseline was
        written, so a reset company is the company the test started with, whatever the clock says now."""
        state: CompanyFolder = tenant.state
        if state.written_at is not None:
            self._restamp[tenant.id] = state.written_at
        try:
            took = super().reset(tenant)  # FolderClock.reset writes the real-time clock file
        finally:
            self._restamp.pop(tenant.id, None)
        state = tenant.state
        if state.log_file.exists():  # a fresh journal: the ADK log starts empty (it stays switched on)
            state.log_file.write_bytes(b"")
        self._sync_login(tenant)
        return took

    def delete_tenant(self, tenant_id: str) -> None:
        tenant = self.tenants.get(tenant_id)
        super().delete_tenant(tenant_id)
        state = tenant.state
        if isinstance(state, CompanyFolder):
            shutil.rmtree(state.folder, ignore_errors=True)

    def _sync_login(self, tenant: Tenant) -> None:
        """The company's login (AdkOpen2) is part of the dataset; the credentials follow it."""
        state: CompanyFolder = tenant.state
        for key in ("user", "password"):
            tenant.credentials.pop(key, None)
        if state.login:
            tenant.credentials["user"] = state.login["user"]
            tenant.credentials["password"] = state.login["password"]

    # ---------------------------------------------------------------- datasets
    def load_dataset(self, tenant: Tenant, dataset: dict[str, Any]) -> CompanyFolder:
        """Write the company folder from a dataset. The store builds it aside and renames it into place, so a
        dataset it refuses leaves the company as it was."""
        from simulators.adk import datasets, store
        from simulators.adk.clockfile import folder_now

        data = datasets.prepare(dataset)
        paths = self.folders(tenant.id)
        now = self._restamp.get(tenant.id) or folder_now(paths.company)
        try:
            store.write_dataset(paths.common_files, paths.company, data, now=now)
        except store.CompanyLockedError:
            from simulators.adk.control import CompanyLocked

            raise CompanyLocked(tenant.id, paths.company) from None
        self._attach_clock(tenant, paths.company)
        login = data.get("company", {}).get("login")
        return CompanyFolder(paths.tenant_id, paths.folder, paths.common_files, paths.company,
                             dict(login) if login else None, now)

    def _attach_clock(self, tenant: Tenant, company: Path) -> None:
        """The tenant clock becomes the company's FolderClock, so ADK processes read the same fake time."""
        from simulators.adk.clockfile import FolderClock

        if not isinstance(tenant.clock, FolderClock):
            tenant.clock = FolderClock(company)
        tenant.clock.save()

    def export_dataset(self, tenant: Tenant) -> dict[str, Any]:
        from simulators.adk import store

        return store.read_dataset(tenant.state.company)

    def default_dataset(self) -> dict[str, Any]:
        return {}  # datasets.prepare fills in a new Swedish company's registers

    def demo_dataset(self) -> dict[str, Any]:
        from simulators.adk.demo import demo_dataset

        return demo_dataset()

    def summary(self, tenant: Tenant) -> dict[str, Any]:
        """The company's name and the number of records per table."""
        data = self.export(tenant)
        tables = data.get("tables", {})
        return {"company": data.get("company", {}).get("name"),
                **{name: len(records) for name, records in tables.items()}}

    # ---------------------------------------------------------------- the (absent) vendor API
    def split_path(self, path: str) -> tuple[str, str] | None:
        return "", path

    def identify(self, request: RequestInfo) -> Tenant | None:
        return None

    def error_reply(self, status: int, message: str | None = None) -> ErrorReply:
        return ErrorReply(status, orjson.dumps({"message": message or LIBRARY_MESSAGE}))

    def build_vendor_app(self) -> Any:
        body = orjson.dumps({"message": LIBRARY_MESSAGE})

        async def no_vendor_paths(scope: dict, receive: Any, send: Any) -> None:
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 404, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return no_vendor_paths

    def control_extensions(self) -> Any:
        from simulators.adk.control import build_router

        return build_router(self)

    def url_entry(self, base_url: str, tenant: Tenant | None, extra: dict[str, str] | None = None) -> dict[str, Any]:
        """The company's folders instead of a URL: that is how a program reaches the ADK."""
        if tenant is None:
            return {"root": str(self.root), "control": base_url + "/_sim"}
        state: CompanyFolder = tenant.state
        return {"common_files": str(state.common_files), "company": str(state.company),
                "control": base_url + "/_sim", "tenant": tenant.id, "credentials": dict(tenant.credentials)}

    def warm_up(self) -> None:
        super().warm_up()
        from simulators.adk import session, store  # noqa: F401  (first ADK call as fast as the rest)

