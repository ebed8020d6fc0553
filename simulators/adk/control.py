"""ADK-specific control routes under /_sim: look into a company folder the way a test needs to.

The core control plane already creates, seeds, exports and resets companies. These routes add what a test of
an ADK integration asks next: the records of one table (filtered by field values), the `APIAdklogg` call log
of the common-files folder and its on/off switch (VA-26), and whether an ADK process has the company open.
Errors are in the core control plane's style (`{"error": {"code", "message"}}`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from simulators.core.control import ControlProblem

if TYPE_CHECKING:
    from simulators.adk.simulator import AdkSimulator, CompanyFolder


class CompanyLocked(ControlProblem):
    """Seed or reset while an ADK process holds the company (409 over HTTP)."""

    def __init__(self, tenant_id: str, company: Path) -> None:
        super().__init__(409, "company_locked",
                         f"an ADK process has company {str(company)!r} open (tenant {tenant_id!r}); close it "
                         f"(AdkClose) before seeding or resetting", company=str(company))


class TableRecords(BaseModel):
    tenant: str
    table: str = Field(..., description="the ADK_DB_* name", examples=["ADK_DB_CUSTOMER"])
    count: int
    records: list[dict[str, Any]] = Field(..., description="records in the dataset format (Adk.h field names)")


class LogState(BaseModel):
    tenant: str
    enabled: bool = Field(..., description="whether APIAdklogg exists in the common-files folder")
    path: str
    content: str | None = Field(None, description="the log's text (None when logging is off)")


class LogSwitch(BaseModel):
    enabled: bool = Field(..., description="true creates APIAdklogg (empty if new), false removes it")


class LockState(BaseModel):
    tenant: str
    company: str
    locked: bool = Field(..., description="an ADK process (this one or another) has the company open")


# ------------------------------------------------------------------------ table names and filters
def resolve_table(name: str) -> Any:
    """The Table for "ADK_DB_CUSTOMER", "customer" or "6" (case-insensitive); 404 when there is none."""
    from simulators.adk import tables

    wanted = name.strip().upper()
    for table in tables.TABLES.values():
        if wanted in (table.name, table.name.removeprefix("ADK_DB_"), str(table.id)):
            heads = sorted(t.name for t in tables.TABLES.values() if t.row_table == table.id)
            if heads:
                raise ControlProblem(400, "row_table", f"{table.name} holds rows: they are in the ROWS field of "
                                     f"their head ({', '.join(heads)})")
            return table
    raise ControlProblem(404, "unknown_table", f"no ADK table {name!r}",
                         known=sorted(t.name for t in tables.TABLES.values()))


def parse_where(table: Any, where: list[str]) -> list[tuple[str, str]]:
    """FIELD=value pairs; FIELD is the Adk.h name (the table's own prefix may be left out)."""
    names = {f.name for f in table.fields.values()}
    pairs = []
    for item in where:
        field, sep, value = item.partition("=")
        field = field.strip().upper()
        if not sep or not field:
            raise ControlProblem(400, "invalid_filter", f"a filter is FIELD=value, not {item!r}")
        if field not in names:
            prefix = field_prefix(names)
            if prefix + field not in names:
                raise ControlProblem(400, "unknown_field", f"{table.name} has no field {field!r}",
                                     known=sorted(names))
            field = prefix + field
        pairs.append((field, value))
    return pairs


def field_prefix(names: set[str]) -> str:
    """What every field name of a table starts with: "ADK_CUSTOMER_", "ADK_OOI_HEAD_"."""
    parts = [name.split("_") for name in names]
    common: list[str] = []
    for words in zip(*parts, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    return "_".join(common) + "_" if common else ""


def matches(record: dict[str, Any], field: str, wanted: str) -> bool:
    """Compare a dataset value with the text of a query parameter: booleans as true/false (or 1/0),
    numbers numerically, everything else as text."""
    value = record.get(field)
    if isinstance(value, bool):
        return wanted.strip().lower() in (("true", "1", "yes") if value else ("false", "0", "no"))
    if isinstance(value, int | float):
        try:
            return float(wanted) == float(value)
        except ValueError:
            return False
    if value is None:
        return wanted == ""
    return str(value) == wanted


def table_records(company: Path, table_name: str) -> list[dict[str, Any]]:
    from simulators.adk import store

    return store.read_table(company, table_name)


# ------------------------------------------------------------------------ routes
def build_router(sim: AdkSimulator) -> APIRouter:
    r = APIRouter(tags=["adk"])

    def company_of(tenant_id: str) -> CompanyFolder:
        return sim.tenants.get(tenant_id).state  # TenantNotFound: 404 from the control app

    @r.get("/tenants/{tenant_id}/adk/tables/{table_name}", response_model=TableRecords,
           summary="The records of one table, optionally filtered (?where=FIELD=value, repeatable)")
    async def get_table(tenant_id: str, table_name: str,
                        where: list[str] = Query([], description="FIELD=value; all must hold")) -> Any:
        state = company_of(tenant_id)
        table = resolve_table(table_name)
        pairs = parse_where(table, where)
        records = [rec for rec in table_records(state.company, table.name)
                   if all(matches(rec, f, v) for f, v in pairs)]
        return TableRecords(tenant=tenant_id, table=table.name, count=len(records), records=records)

    @r.get("/tenants/{tenant_id}/adk/log", response_model=LogState,
           summary="The APIAdklogg call log of the common-files folder (VA-26)")
    async def get_log(tenant_id: str) -> Any:
        state = company_of(tenant_id)
        path = state.log_file
        content = read_log(path)
        return LogState(tenant=tenant_id, enabled=content is not None, path=str(path), content=content)

    @r.put("/tenants/{tenant_id}/adk/log", response_model=LogState,
           summary="Switch ADK call logging on (create APIAdklogg) or off (remove it)")
    async def set_log(tenant_id: str, spec: LogSwitch) -> Any:
        state = company_of(tenant_id)
        set_logging(state, spec.enabled)
        return LogState(tenant=tenant_id, enabled=spec.enabled, path=str(state.log_file),
                        content=read_log(state.log_file))

    @r.get("/tenants/{tenant_id}/adk/lock", response_model=LockState,
           summary="Whether an ADK process has the company open")
    async def get_lock(tenant_id: str) -> Any:
        state = company_of(tenant_id)
        return LockState(tenant=tenant_id, company=str(state.company), locked=state.locked())

    return r


def read_log(path: Path) -> str | None:
    """The log's text, or None when the file does not exist (logging off). The ADK writes it in Windows-1252,
    like everything it writes (log.py)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return raw.decode("cp1252", "replace")


def set_logging(state: CompanyFolder, enabled: bool) -> None:
    path = state.log_file
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    else:
        path.unlink(missing_ok=True)
