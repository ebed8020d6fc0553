"""Procountor-specific control routes under /_sim: what a test needs that the vendor API cannot do.

Purchase invoices reach PAYMENT_QUEUED, PAYMENT_SENT_TO_BANK and PAID only through payment runs and bank
statements (MFA in the real service), and dimensions live on ledger receipts; closing a fiscal period is
done in Procountor's UI. These routes set such facts directly on one tenant, in the core control plane's
error style (`{"error": {"code", "message"}}`), never in the vendor's paths.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from simulators.core.control import ControlProblem
from simulators.procountor.domain import invoices
from simulators.procountor.errors import ProcountorError
from simulators.procountor.state import ProcountorState

if TYPE_CHECKING:
    from simulators.procountor.simulator import ProcountorSimulator

STATUSES = invoices.STATUSES


class StatusChange(BaseModel):
    status: str = Field(..., description="any value of the vendor's invoice status enum, e.g. PAYMENT_QUEUED",
                        examples=["PAYMENT_QUEUED"])
    paymentDate: str | None = Field(None, description="YYYY-MM-DD; PAID and MARKED_PAID default to today")


class DimensionItemValue(BaseModel):
    # loosely typed on purpose: the domain checks each field and names the bad one in a 400
    dimensionId: Any = Field(None, description="id of a dimension (GET /dimensions)")
    itemId: Any = Field(None, description="id of an active item of that dimension")
    value: Any = Field(None, description="absolute amount, at most 2 decimals; default: the invoice's net total")


class Dimensioning(BaseModel):
    dimensionItemValues: list[DimensionItemValue] = Field(
        ..., description="[{dimensionId, itemId, value}]; an empty list removes the dimensioning",
        examples=[[{"dimensionId": 1, "itemId": 1001, "value": 1250.0}]])


def _invoice_id(raw: str, state: ProcountorState) -> int:
    if raw.isdigit() and len(raw) <= 18 and int(raw) in state.invoices:
        return int(raw)
    raise ControlProblem(404, "invoice_not_found", f"no invoice {raw!r} in this company")


def _year(state: ProcountorState, fiscal_year_id: int) -> dict[str, Any]:
    year = find_year(state, fiscal_year_id)
    if year is None:
        raise ControlProblem(404, "fiscal_year_not_found", f"no fiscal year {fiscal_year_id}")
    return year


# ------------------------------------------------------------------------ fiscal years (no HTTP)
def _stamp(state: ProcountorState) -> str:
    return state.local_now().isoformat(timespec="seconds")


def find_year(state: ProcountorState, fy_id: int) -> dict[str, Any] | None:
    return next((y for y in state.fiscal_years if y.get("id") == fy_id), None)


def set_year_open(state: ProcountorState, year: dict[str, Any], open_: bool) -> dict[str, Any]:
    """Open or close a whole fiscal year with every tracking period in it."""
    stamp = _stamp(state)
    year["isOpen"] = open_
    year["modified"] = stamp
    for period in year.get("trackingPeriods", []):
        period["status"] = "OPEN" if open_ else "CLOSED"
        period["modified"] = stamp
    return year


def set_period_open(state: ProcountorState, year: dict[str, Any], period: dict[str, Any],
                    open_: bool) -> dict[str, Any]:
    """Open or close one tracking period; opening one in a closed year opens the year (its other periods stay)."""
    stamp = _stamp(state)
    period["status"] = "OPEN" if open_ else "CLOSED"
    period["modified"] = stamp
    if open_ and not year.get("isOpen", True):
        year["isOpen"] = True
        year["modified"] = stamp
    return year


# ------------------------------------------------------------------------ routes
def build_router(sim: ProcountorSimulator) -> APIRouter:
    r = APIRouter(tags=["procountor"])
    tenant_of = sim.tenants.get  # raises TenantNotFound: 404 from the control app

    @r.post("/tenants/{tenant_id}/procountor/invoices/{invoice_id}/status",
            summary="Set an invoice's status (any value, e.g. PAYMENT_QUEUED, PAYMENT_SENT_TO_BANK, PAID)")
    async def set_status(tenant_id: str, invoice_id: str, spec: StatusChange) -> Any:
        tenant = tenant_of(tenant_id)
        with tenant.lock:
            state: ProcountorState = tenant.state
            inv_id = _invoice_id(invoice_id, state)
            if spec.status not in STATUSES:
                raise ControlProblem(400, "invalid_status", f"{spec.status!r} is not an invoice status",
                                     allowed=list(STATUSES))
            paid_on = None
            if spec.paymentDate is not None:
                try:
                    paid_on = date.fromisoformat(spec.paymentDate) if len(spec.paymentDate) == 10 else None
                except ValueError:
                    paid_on = None
                if paid_on is None:
                    raise ControlProblem(400, "invalid_date",
                                         f"paymentDate must be YYYY-MM-DD, not {spec.paymentDate!r}")
            return invoices.public(invoices.force_status(state, inv_id, spec.status, paid_on))

    @r.get("/tenants/{tenant_id}/procountor/invoices/{invoice_id}/dimensions",
           summary="The dimension items an invoice is booked to")
    async def get_dimensions(tenant_id: str, invoice_id: str) -> Any:
        tenant = tenant_of(tenant_id)
        with tenant.lock:
            state: ProcountorState = tenant.state
            inv_id = _invoice_id(invoice_id, state)
            return {"invoiceId": inv_id, "dimensionItemValues": state.invoice_dimensions.get(inv_id, [])}

    @r.post("/tenants/{tenant_id}/procountor/invoices/{invoice_id}/dimensions",
            summary="Dimension an invoice to projects, cost centres or business units (replaces earlier ones)")
    async def put_dimensions(tenant_id: str, invoice_id: str, spec: Dimensioning) -> Any:
        tenant = tenant_of(tenant_id)
        with tenant.lock:
            state: ProcountorState = tenant.state
            inv_id = _invoice_id(invoice_id, state)
            try:
                values = [v.model_dump(exclude_unset=True) for v in spec.dimensionItemValues]
                stored = invoices.set_dimensions(state, inv_id, values)
            except ProcountorError as exc:
                raise ControlProblem(400, "invalid_dimensions", exc.errors[0]["message"], details=exc.errors) from None
            return {"invoiceId": inv_id, "dimensionItemValues": stored}

    def year_route(open_: bool) -> Any:
        async def handler(tenant_id: str, fiscal_year_id: int) -> Any:
            tenant = tenant_of(tenant_id)
            with tenant.lock:
                state: ProcountorState = tenant.state
                return set_year_open(state, _year(state, fiscal_year_id), open_)

        handler.__name__ = "open_fiscal_year" if open_ else "close_fiscal_year"
        return handler

    def period_route(open_: bool) -> Any:
        async def handler(tenant_id: str, fiscal_year_id: int, period_id: int) -> Any:
            tenant = tenant_of(tenant_id)
            with tenant.lock:
                state: ProcountorState = tenant.state
                year = _year(state, fiscal_year_id)
                period = next((p for p in year.get("trackingPeriods", []) if p.get("id") == period_id), None)
                if period is None:
                    raise ControlProblem(404, "tracking_period_not_found",
                                         f"no tracking period {period_id} in fiscal year {fiscal_year_id}")
                return set_period_open(state, year, period, open_)

        handler.__name__ = "open_tracking_period" if open_ else "close_tracking_period"
        return handler

    base = "/tenants/{tenant_id}/procountor/fiscalyears/{fiscal_year_id}"
    r.post(base + "/close", summary="Close a fiscal year and all its tracking periods")(year_route(False))
    r.post(base + "/open", summary="Open a fiscal year and all its tracking periods")(year_route(True))
    r.post(base + "/trackingPeriods/{period_id}/close", summary="Close one tracking period")(period_route(False))
    r.post(base + "/trackingPeriods/{period_id}/open",
           summary="Open one tracking period (and its year, if closed)")(period_route(True))
    return r
