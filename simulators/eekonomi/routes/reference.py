"""/v2/termsofpayments, /v2/vatcodes, /v2/accountTypes (read-only registers) and /v2/companysettings (GET and PUT,
a bare object without the list envelope). Rules live in domain/reference.py.

Routes are registered in lower case (the path is lower-cased before routing) with the vendor's parameter names
lower-cased, so the scopes of the vendor's operation are found for the route template.
"""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.eekonomi.domain import reference
from simulators.eekonomi.routes.base import JSON, body_of, caller, listing, reply

router = VendorRouter()
COMPANY = "CompanySettingsApi"


def _rate_date(request: Request) -> None:
    for key, value in request.query_params.items():
        if key.lower() == "vatratedate":
            reference.check_rate_date(value)


@router.get("/termsofpayments")
async def list_terms_of_payments(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, "TermsOfPaymentApi", list(call.state.terms_of_payments.values()))


@router.get("/termsofpayments/{id}")
async def get_terms_of_payment(id: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply("TermsOfPaymentApi", reference.terms_of_payment(call.state, id))


@router.get("/vatcodes")
async def list_vat_codes(request: Request) -> JSON:
    call = caller(request)
    _rate_date(request)
    with call.lock:
        return listing(request, call, "VatCodeApi", list(call.state.vat_codes.values()))


@router.get("/vatcodes/{id}")
async def get_vat_code(id: str, request: Request) -> JSON:
    call = caller(request)
    _rate_date(request)
    with call.lock:
        return reply("VatCodeApi", reference.vat_code(call.state, id))


@router.get("/accounttypes")
async def list_account_types(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, "AccountTypesApi", reference.account_types(call.state))


@router.get("/companysettings")
async def get_company_settings(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(COMPANY, reference.company_settings(call.state))


@router.put("/companysettings")
async def replace_company_settings(request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, COMPANY)
    with call.lock:
        return reply(COMPANY, reference.replace_company_settings(call.state, body))
