"""Person register routes (spec 26.04 paths under /persons)."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import persons as domain
from simulators.procountor.domain.common import path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/persons")
async def search_persons(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search(t.state, request.query_params))


@router.post("/persons")
async def create_person(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.create(t.state, payload))


@router.get("/persons/{person_id}")
async def get_person(person_id: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.find(t.state, path_id(person_id, domain.NOT_FOUND)))


@router.put("/persons/{person_id}")
async def update_person(person_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.update(t.state, path_id(person_id, domain.NOT_FOUND_FOR_UPDATE), payload))
