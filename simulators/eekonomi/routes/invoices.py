"""/v2/customerinvoicedrafts and /v2/customerinvoices: drafts (CRUD, convert), invoices (list with
modifiedSinceUtc, create, read, PDF link) and payments. Rules live in domain/invoices.py.

Routes are registered in lower case with the vendor's parameter names lower-cased, so the scopes of the
vendor's operation are found for the route template.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulators.core.routing import VendorRouter
from simulators.eekonomi import schema
from simulators.eekonomi.domain import invoices
from simulators.eekonomi.routes.base import (
    JSON,
    body_of,
    caller,
    created,
    deleted,
    listing,
    query_flag,
    raw_json,
    reply,
)

router = VendorRouter()
DRAFT = "CustomerInvoiceDraftApi"
INVOICE = "CustomerInvoiceApi"


# ------------------------------------------------------------------------ drafts
@router.get("/customerinvoicedrafts")
async def list_drafts(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, DRAFT, invoices.list_drafts(call.state))


@router.post("/customerinvoicedrafts")
async def create_draft(request: Request) -> JSON:
    call = caller(request)
    query_flag(request, "overrideCustomerIsPrivatePerson", False)  # accepted, no effect (docs/eekonomi.md)
    body = await body_of(request, DRAFT)
    with call.lock:
        return created(DRAFT, invoices.create_draft(call.state, body))


@router.get("/customerinvoicedrafts/{invoicedraftid}")
async def get_draft(invoicedraftid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(DRAFT, invoices.get_draft(call.state, invoicedraftid))


@router.put("/customerinvoicedrafts/{customerinvoicedraftid}")
async def replace_draft(customerinvoicedraftid: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, DRAFT)
    with call.lock:
        return reply(DRAFT, invoices.replace_draft(call.state, customerinvoicedraftid, body))


@router.delete("/customerinvoicedrafts/{customerinvoicedraftid}")
async def delete_draft(customerinvoicedraftid: str, request: Request) -> Response:
    call = caller(request)
    with call.lock:
        invoices.delete_draft(call.state, customerinvoicedraftid)
    return deleted()


@router.post("/customerinvoicedrafts/{customerinvoicedraftid}/convert")
async def convert_draft(customerinvoicedraftid: str, request: Request) -> JSON:
    call = caller(request)
    keep = query_flag(request, "keepOriginalDraftDate", False)
    override = query_flag(request, "overrideCompanyKeepOriginalDraftDate", False)
    raw = await raw_json(request, required=False)
    expected = schema.validate("CustomerInvoiceDraftValidationApi", raw) if raw is not None else None
    with call.lock:
        invoice = invoices.convert_draft(call.state, customerinvoicedraftid, expected, keep, override)
        return created(INVOICE, invoices.view(call.state, invoice))


# ------------------------------------------------------------------------ invoices
def _modified_since(request: Request) -> str | None:
    for key, value in request.query_params.items():
        if key.lower() == "modifiedsinceutc":
            return value
    return None


@router.get("/customerinvoices")
async def list_invoices(request: Request) -> JSON:
    call = caller(request)
    since = _modified_since(request)
    with call.lock:
        return listing(request, call, INVOICE, invoices.list_invoices(call.state, since))


@router.post("/customerinvoices")
async def create_invoice(request: Request) -> JSON:
    call = caller(request)
    query_flag(request, "rotReducedAutomaticDistribution", False)  # ROT/RUT distribution is not simulated
    body = await body_of(request, INVOICE)
    with call.lock:
        return created(INVOICE, invoices.view(call.state, invoices.create_invoice(call.state, body)))


@router.get("/customerinvoices/{invoiceid}")
async def get_invoice(invoiceid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(INVOICE, invoices.view(call.state, invoices.get_invoice(call.state, invoiceid)))


@router.get("/customerinvoices/{invoiceid}/pdf")
async def invoice_pdf(invoiceid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply("InvoiceUrlApi", invoices.pdf_url(call.state, invoiceid))


@router.post("/customerinvoices/{invoiceid}/payments")
async def pay_invoice(invoiceid: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, "InvoicePaymentApi")
    with call.lock:
        return created("InvoicePaymentApi", invoices.pay(call.state, invoiceid, body))
