"""The control plane under /_sim: tenants, datasets, journal, faults and the clock, over HTTP.

It has its own OpenAPI document at /_sim/openapi.json (and docs at /_sim/docs), apart from the vendor's
paths. Every route is a thin shell over the simulator's own methods (`create_tenant`, `seed`, `reset`,
`tenant.clock`, `tenant.faults`, `tenant.journal`), which Python callers can use directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from simulators.core.errors import DatasetError
from simulators.core.faults import FaultSpec
from simulators.core.journal import JournalFilter, VerificationError, verify
from simulators.core.tenants import TenantNotFound

if TYPE_CHECKING:
    from simulators.core.simulator import Simulator


class TenantCreate(BaseModel):
    tenant_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                                  description="choose the id (default: random)")
    label: str | None = Field(None, max_length=200)
    dataset: dict[str, Any] | None = Field(None, description="seed data; default: a minimal company")
    demo: bool = Field(False, description="seed with the simulator's demo dataset instead")


class Verification(BaseModel):
    method: str | None = None
    path: str | None = None
    operation: str | None = None
    status: int | None = None
    count: int | None = Field(None, ge=0)
    at_least: int | None = Field(None, ge=0)
    at_most: int | None = Field(None, ge=0)


class ClockSet(BaseModel):
    at: str = Field(..., description="ISO 8601 instant; without offset it is UTC")


class ClockFreeze(BaseModel):
    at: str | None = Field(None, description="freeze at this instant (default: now on the tenant clock)")


class ClockAdvance(BaseModel):
    seconds: float = Field(0, description="seconds to move forward (negative moves back)")
    minutes: float = 0
    hours: float = 0
    days: float = 0


def _problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


class ControlProblem(Exception):
    """Raise in any control route (simulator extensions too): answered as {"error": {code, message, ...}}."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def build_control_app(sim: Simulator) -> FastAPI:
    app = FastAPI(
        title=f"{sim.title} simulator: control plane",
        version="1",
        description=(
            "Seed, reset, inspect and verify the simulator's tenants, inject faults and drive the tenant clock. "
            "Not part of the vendor's API."
        ),
        openapi_url="/_sim/openapi.json",
        docs_url="/_sim/docs",
        redoc_url=None,
    )

    @app.exception_handler(TenantNotFound)
    async def _not_found(_: Request, exc: TenantNotFound) -> JSONResponse:
        return _problem(404, "tenant_not_found", f"no tenant {exc.args[0]!r} in the {sim.name} simulator")

    @app.exception_handler(ControlProblem)
    async def _problem_raised(_: Request, exc: ControlProblem) -> JSONResponse:
        return _problem(exc.status, exc.code, exc.message, **exc.extra)

    @app.exception_handler(DatasetError)
    async def _bad_dataset(_: Request, exc: DatasetError) -> JSONResponse:
        return _problem(400, "invalid_dataset", str(exc), details=exc.details)

    @app.exception_handler(VerificationError)
    async def _verify_failed(_: Request, exc: VerificationError) -> JSONResponse:
        return JSONResponse({"error": {"code": "verification_failed", "message": str(exc)}, **exc.report},
                            status_code=409)

    r = APIRouter(prefix="/_sim")
    tenant_of = sim.tenants.get

    @r.get("", summary="Simulator information")
    async def info() -> dict[str, Any]:
        return {"simulator": sim.name, "title": sim.title, "tenants": len(sim.tenants),
                "openapi": "/_sim/openapi.json", "docs": "/_sim/docs"}

    @r.get("/tenants", summary="List tenants")
    async def list_tenants() -> list[dict[str, Any]]:
        return [t.describe() for t in sim.tenants.all()]

    @r.post("/tenants", status_code=201, summary="Create a tenant; returns its credentials")
    async def create_tenant(spec: TenantCreate | None = Body(None)) -> Any:
        spec = spec or TenantCreate()
        dataset = sim.demo_dataset() if spec.demo else spec.dataset
        try:
            tenant = sim.create_tenant(dataset=dataset, tenant_id=spec.tenant_id, label=spec.label)
        except ValueError as exc:
            if isinstance(exc, DatasetError):
                raise
            return _problem(409, "tenant_exists", str(exc))
        return tenant.describe()

    @r.get("/tenants/{tenant_id}", summary="Describe a tenant")
    async def get_tenant(tenant_id: str) -> dict[str, Any]:
        return tenant_of(tenant_id).describe()

    @r.delete("/tenants/{tenant_id}", status_code=204, summary="Delete a tenant")
    async def delete_tenant(tenant_id: str) -> Response:
        sim.delete_tenant(tenant_id)
        return Response(status_code=204)

    @r.post("/tenants/{tenant_id}/seed", summary="Replace the tenant's data with a dataset (the new baseline)")
    async def seed(tenant_id: str, dataset: dict[str, Any] = Body(...)) -> dict[str, Any]:
        return {"tenant": tenant_id, "loaded": sim.seed(tenant_of(tenant_id), dataset)}

    @r.get("/tenants/{tenant_id}/export", summary="Export the tenant's data as a dataset")
    async def export(tenant_id: str) -> dict[str, Any]:
        return sim.export(tenant_of(tenant_id))

    @r.post("/tenants/{tenant_id}/reset", summary="Back to the baseline data; clear journal, faults, clock, tokens")
    async def reset(tenant_id: str) -> dict[str, Any]:
        took = sim.reset(tenant_of(tenant_id))
        return {"tenant": tenant_id, "reset_ms": round(took, 3)}

    @r.get("/tenants/{tenant_id}/journal", summary="Calls the tenant received, oldest first")
    async def journal(
        tenant_id: str,
        method: str | None = None,
        path: str | None = Query(None, description="glob over the resource or raw path"),
        operation: str | None = None,
        status: int | None = None,
        fault: bool | None = None,
        since: int | None = Query(None, description="only entries with seq greater than this"),
        limit: int | None = Query(None, ge=0, le=20_000),
        bodies: bool = True,
    ) -> dict[str, Any]:
        tenant = tenant_of(tenant_id)
        flt = JournalFilter(method, path, operation, status, fault, since)
        items = tenant.journal.entries(flt, limit)
        return {"tenant": tenant_id, "count": len(items), "entries": [e.to_dict(bodies) for e in items]}

    @r.delete("/tenants/{tenant_id}/journal", status_code=204, summary="Forget the journal")
    async def clear_journal(tenant_id: str) -> Response:
        tenant_of(tenant_id).journal.clear()
        return Response(status_code=204)

    @r.post("/tenants/{tenant_id}/journal/verify",
            summary="Check a call count; 409 with the calls seen when it does not hold")
    async def verify_calls(tenant_id: str, spec: Verification) -> dict[str, Any]:
        flt = JournalFilter(spec.method, spec.path, spec.operation, spec.status)
        return verify(tenant_of(tenant_id).journal, flt, spec.count, spec.at_least, spec.at_most)

    @r.get("/tenants/{tenant_id}/faults", summary="List fault rules with their counters")
    async def list_faults(tenant_id: str) -> list[dict[str, Any]]:
        return [rule.to_dict() for rule in tenant_of(tenant_id).faults.rules()]

    @r.post("/tenants/{tenant_id}/faults", status_code=201, summary="Add a fault rule")
    async def add_fault(tenant_id: str, spec: FaultSpec) -> dict[str, Any]:
        return tenant_of(tenant_id).faults.add(spec).to_dict()

    @r.delete("/tenants/{tenant_id}/faults", status_code=204, summary="Remove every fault rule")
    async def clear_faults(tenant_id: str) -> Response:
        tenant_of(tenant_id).faults.clear()
        return Response(status_code=204)

    @r.delete("/tenants/{tenant_id}/faults/{rule_id}", status_code=204, summary="Remove one fault rule")
    async def remove_fault(tenant_id: str, rule_id: str) -> Response:
        if not tenant_of(tenant_id).faults.remove(rule_id):
            return _problem(404, "fault_not_found", f"no fault rule {rule_id!r}")
        return Response(status_code=204)

    @r.put("/tenants/{tenant_id}/faults/seed", summary="Seed for rules without their own seed")
    async def fault_seed(tenant_id: str, seed: int | str = Body(..., embed=True)) -> dict[str, Any]:
        tenant_of(tenant_id).faults.seed = seed
        return {"seed": seed}

    @r.get("/tenants/{tenant_id}/clock", summary="The tenant clock")
    async def clock(tenant_id: str) -> dict[str, Any]:
        return tenant_of(tenant_id).clock.describe()

    @r.post("/tenants/{tenant_id}/clock/freeze", summary="Stop the clock (at an instant, or now)")
    async def freeze(tenant_id: str, spec: ClockFreeze | None = Body(None)) -> dict[str, Any]:
        clock = tenant_of(tenant_id).clock
        clock.freeze(spec.at if spec else None)
        return clock.describe()

    @r.post("/tenants/{tenant_id}/clock/unfreeze", summary="Let the clock tick again from where it stands")
    async def unfreeze(tenant_id: str) -> dict[str, Any]:
        clock = tenant_of(tenant_id).clock
        clock.unfreeze()
        return clock.describe()

    @r.post("/tenants/{tenant_id}/clock/set", summary="Move the clock to an instant")
    async def set_clock(tenant_id: str, spec: ClockSet) -> dict[str, Any]:
        clock = tenant_of(tenant_id).clock
        try:
            clock.set(spec.at)
        except ValueError:
            return _problem(400, "invalid_instant", f"not an ISO 8601 instant: {spec.at!r}")
        return clock.describe()

    @r.post("/tenants/{tenant_id}/clock/advance", summary="Move the clock forward")
    async def advance(tenant_id: str, spec: ClockAdvance) -> dict[str, Any]:
        clock = tenant_of(tenant_id).clock
        clock.advance(spec.seconds + 60 * spec.minutes + 3600 * spec.hours + 86400 * spec.days)
        return clock.describe()

    app.include_router(r)
    extra = sim.control_extensions()
    if extra is not None:
        app.include_router(extra, prefix="/_sim")
    return app
