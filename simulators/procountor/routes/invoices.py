"""Invoice routes (spec 26.04 paths under /invoices)."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import invoices as domain
from simulators.procountor.domain.common import batch_get, path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/invoices")
async def search_invoices(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search(t.state, request.query_params))


@router.post("/invoices")
async def create_invoice(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.public(domain.create(t.state, payload)))


@router.get("/invoices/{invoice_ids}")
async def get_invoices(invoice_ids: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        # "only valid ids are returned; all ids invalid gets 404": /invoices/abc is not found, as PUT /invoices/abc is
        return JSON(batch_get(t.state.invoices, invoice_ids, domain.NOT_FOUND, domain.public, skip_invalid=True))


@router.put("/invoices/{invoice_id}")
async def update_invoice(invoice_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        inv_id = path_id(invoice_id, "Invoice to update not found.")
        return JSON(domain.public(domain.update(t.state, inv_id, payload)))


@router.put("/invoices/{invoice_id}/notes")
async def put_notes(invoice_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        domain.set_notes(t.state, path_id(invoice_id, domain.NOT_FOUND), payload)
        return JSON({"message": "Notes updated."})


def _transition(name: str, with_body: bool = False):
    action = getattr(domain, name)

    async def handler(invoice_id: str, request: Request) -> JSON:
        t = tenant(request)
        payload = await json_body(request, required=False) if with_body else None
        with t.lock:
            inv_id = path_id(invoice_id, domain.NOT_FOUND)
            result = action(t.state, inv_id, payload) if with_body else action(t.state, inv_id)
            return JSON(result)

    handler.__name__ = f"{name}_invoice"
    return handler


router.put("/invoices/{invoice_id}/approve")(_transition("approve", with_body=True))
router.put("/invoices/{invoice_id}/verify")(_transition("verify", with_body=True))
router.put("/invoices/{invoice_id}/send")(_transition("send"))
router.put("/invoices/{invoice_id}/unfinished")(_transition("unfinished"))
router.put("/invoices/{invoice_id}/invalidate")(_transition("invalidate"))
router.put("/invoices/{invoice_id}/sendToCirculation")(_transition("send_to_circulation"))


@router.put("/invoices/{invoice_id}/paymentevents/markpaid")
async def mark_paid(invoice_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.mark_paid(t.state, path_id(invoice_id, domain.NOT_FOUND), payload))


@router.get("/invoices/{invoice_id}/paymentevents")
async def payment_events(invoice_id: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.payment_events(t.state, path_id(invoice_id, domain.NOT_FOUND), request.query_params))
