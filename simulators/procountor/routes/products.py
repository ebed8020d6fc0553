"""Product routes (spec 26.04 paths under /products)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import products as domain
from simulators.procountor.domain.common import path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/products")
async def search_products(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search(t.state, request.query_params))


@router.post("/products")
async def create_product(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.create(t.state, payload))


# the group routes come first: /products/groups would otherwise be read as a product id
@router.get("/products/groups")
async def product_groups(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.groups(t.state, request.query_params))


@router.post("/products/groups")
async def create_product_group(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.create_group(t.state, payload))


@router.get("/products/groups/{group_id}")
async def get_product_group(group_id: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.find_group(t.state, path_id(group_id, domain.GROUP_NOT_FOUND)))


@router.put("/products/groups/{group_id}")
async def rename_product_group(group_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.rename_group(t.state, path_id(group_id, domain.GROUP_NOT_FOUND), payload))


@router.delete("/products/groups/{group_id}")
async def remove_product_group(group_id: str, request: Request) -> Response:
    t = tenant(request)
    with t.lock:
        domain.remove_group(t.state, path_id(group_id, domain.GROUP_NOT_FOUND))
    return Response(status_code=204)


@router.api_route("/products/groups", methods=["PUT", "PATCH", "DELETE", "OPTIONS"])
async def product_groups_other_methods() -> None:
    """Without this, PUT or DELETE /products/groups would reach the product routes as product id "groups"."""
    raise HTTPException(405, headers={"Allow": "GET, POST"})


@router.get("/products/{product_ids}")
async def get_products(product_ids: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.get_many(t.state, product_ids, request.query_params))


@router.put("/products/{product_id}")
async def replace_product(product_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.replace(t.state, path_id(product_id, domain.NOT_FOUND), payload))


@router.delete("/products/{product_id}")
async def remove_product(product_id: str, request: Request) -> Response:
    t = tenant(request)
    with t.lock:
        domain.remove(t.state, path_id(product_id, domain.NOT_FOUND))
    return Response(status_code=204)
