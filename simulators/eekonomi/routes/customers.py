"""/v2/customers: list (OData), create, read, full replace, delete. Rules live in domain/customers.py.

Routes are registered in lower case with the vendor's parameter names lower-cased, so the scopes of the
vendor's operation (`/customers/{customerId}`) are found for the route template.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulators.core.routing import VendorRouter
from simulators.eekonomi import schema
from simulators.eekonomi.domain import customers
from simulators.eekonomi.routes.base import JSON, body_of, caller, created, deleted, listing, reply

router = VendorRouter()
MODEL = "CustomerApi"


@router.get("/customers")
async def list_customers(request: Request) -> JSON:
    """The list; the derived fields (terms object, unpaid amount…) are worked out for the page only, unless the
    query filters or sorts on one of them (they need an invoice scan, too slow for every customer each call)."""
    call = caller(request)
    state = call.state
    query = " ".join(value for key, value in request.query_params.multi_items()
                     if key.lower() in ("$filter", "$orderby")).lower()
    with call.lock:
        if any(name.lower() in query for name in customers.DERIVED):
            return listing(request, call, MODEL, customers.all_views(state))

        def complete_page(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
            extra = customers.derived_fields(state, [record["Id"] for record in records])
            return [schema.complete(MODEL, {**record, **extra[record["Id"]]}) for record in records]

        return listing(request, call, MODEL, state.customers.values(), page=complete_page)


@router.post("/customers")
async def create_customer(request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, MODEL)
    with call.lock:
        return created(MODEL, customers.create(call.state, body))


@router.get("/customers/{customerid}")
async def get_customer(customerid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(MODEL, customers.get(call.state, customerid))


@router.put("/customers/{customerid}")
async def replace_customer(customerid: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, MODEL)
    with call.lock:
        return reply(MODEL, customers.replace(call.state, customerid, body))


@router.delete("/customers/{customerid}")
async def delete_customer(customerid: str, request: Request) -> Response:
    call = caller(request)
    with call.lock:
        customers.delete(call.state, customerid)
    return deleted()
