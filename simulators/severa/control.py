"""Severa-specific control routes: regenerate the API key, (in)activate the API user, limit its rights."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from simulators.severa.simulator import SeveraSimulator


class ApiUserChange(BaseModel):
    active: bool | None = Field(None, description="false inactivates the API user: its key fails (SEV-03)")
    businessUnits: list[str] | None = Field(
        None, description="GUIDs of the business units the API user may see (SEV-02); omit for no change")
    allBusinessUnits: bool = Field(False, description="true lifts the business-unit limit")


def build_router(sim: SeveraSimulator) -> APIRouter:
    r = APIRouter(tags=["severa"])

    @r.post("/tenants/{tenant_id}/severa/api-key/regenerate",
            summary="Regenerate the API key: the old key fails at once (SEV-03)")
    async def regenerate(tenant_id: str) -> dict[str, Any]:
        tenant = sim.tenants.get(tenant_id)
        with tenant.lock:
            return {"tenant": tenant_id, "credentials": {"api_key": sim.regenerate_key(tenant)}}

    @r.get("/tenants/{tenant_id}/severa/api-user", summary="The API user's state and access rights")
    async def api_user(tenant_id: str) -> dict[str, Any]:
        return sim.tenants.get(tenant_id).state.api_user.to_json()

    @r.post("/tenants/{tenant_id}/severa/api-user", summary="Activate/inactivate the API user, limit its rights")
    async def change_api_user(tenant_id: str, change: ApiUserChange) -> dict[str, Any]:
        tenant = sim.tenants.get(tenant_id)
        with tenant.lock:
            user = tenant.state.api_user
            if change.active is not None:
                user.active = change.active
            if change.allBusinessUnits:
                user.business_units = None
            elif change.businessUnits is not None:
                user.business_units = [g.lower() for g in change.businessUnits]
            return user.to_json()

    return r
