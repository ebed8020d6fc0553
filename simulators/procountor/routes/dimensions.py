"""Dimension routes (spec 26.04 paths under /dimensions); there is no route to create a dimension."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import dimensions as domain
from simulators.procountor.domain.common import path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/dimensions")
async def list_dimensions(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.listing(t.state, request.query_params))


@router.get("/dimensions/{dimension_id}")
async def get_dimension(dimension_id: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.find(t.state, path_id(dimension_id, domain.NOT_FOUND)))


@router.put("/dimensions/{dimension_id}")
async def rename_dimension(dimension_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.rename(t.state, path_id(dimension_id, domain.NOT_FOUND_FOR_UPDATE), payload))


@router.post("/dimensions/{dimension_id}/items")
async def add_item(dimension_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.add_item(t.state, path_id(dimension_id, domain.ITEM_PARENT_NOT_FOUND), payload))


@router.put("/dimensions/{dimension_id}/items")
async def update_item(dimension_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.update_item(t.state, path_id(dimension_id, domain.ITEM_NOT_FOUND), payload))
