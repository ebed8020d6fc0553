"""Business partner routes (spec 26.04 paths under /businesspartners)."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import partners as domain
from simulators.procountor.domain.common import Query, batch_get, path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/businesspartners")
async def search_partners(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search(t.state, request.query_params, request.headers))


@router.post("/businesspartners")
async def create_partner(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.create(t.state, payload))


@router.get("/businesspartners/{partner_ids}")
async def get_partners(partner_ids: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(batch_get(t.state.partners, partner_ids, domain.NOT_FOUND, skip_invalid=True))


@router.put("/businesspartners/{partner_id}")
async def replace_partner(partner_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.replace(t.state, path_id(partner_id, domain.NOT_FOUND_FOR_UPDATE), payload))


@router.patch("/businesspartners/{partner_id}")
async def patch_partner(partner_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    version = Query(request.query_params).text("version")
    with t.lock:
        return JSON(domain.patch(t.state, path_id(partner_id, domain.NOT_FOUND_FOR_UPDATE), payload, version))
