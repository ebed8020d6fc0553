"""/v2/vouchers: all vouchers, those of one fiscal year, one voucher, and manual vouchers (POST).
Rules live in domain/vouchers.py; parameter names are the vendor's, lower-cased (scope lookup)."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.eekonomi.domain import accounts, vouchers
from simulators.eekonomi.routes.base import JSON, body_of, caller, created, listing, query_flag, reply

router = VendorRouter()
MODEL = "VoucherApi"


@router.get("/vouchers")
async def list_vouchers(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, MODEL, vouchers.all_vouchers(call.state))


@router.post("/vouchers")
async def create_voucher(request: Request) -> JSON:
    call = caller(request)
    automatic_vat = query_flag(request, "useAutomaticVatCalculation", False)
    default_codes = query_flag(request, "useDefaultVatCodes", True)
    default_series = query_flag(request, "useDefaultVoucherSeries", True)
    body = await body_of(request, MODEL)
    with call.lock:
        return created(MODEL, vouchers.create_voucher(call.state, body, automatic_vat, default_codes, default_series))


@router.get("/vouchers/{fiscalyearid}")
async def list_year_vouchers(fiscalyearid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        year = accounts.known_fiscal_year(call.state, fiscalyearid)
        return listing(request, call, MODEL, vouchers.all_vouchers(call.state, year["Id"]))


@router.get("/vouchers/{fiscalyearid}/{voucherid}")
async def get_voucher(fiscalyearid: str, voucherid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(MODEL, vouchers.get_voucher(call.state, fiscalyearid, voucherid))
