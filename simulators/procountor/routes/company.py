"""Company routes (spec 26.04): /company, /fiscalyears, /vats, /bankaccounts, /sessioninfo and /users."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import company as domain
from simulators.procountor.domain.common import path_id
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()


@router.get("/company")
async def get_company(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.company(t.state))


@router.put("/company")
async def put_company(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.update_company(t.state, payload))


@router.get("/fiscalyears")
async def get_fiscal_years(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.fiscal_years(t.state))


@router.put("/fiscalyears/{fiscal_year_id}/trackingPeriods/{tracking_period_id}")
async def put_tracking_period(fiscal_year_id: str, tracking_period_id: str, request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        year_id = path_id(fiscal_year_id, domain.PERIOD_NOT_FOUND)
        period_id = path_id(tracking_period_id, domain.PERIOD_NOT_FOUND)
        return JSON(domain.mark_period_pending(t.state, year_id, period_id, payload))


@router.get("/vats/default")
async def get_vats_default(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.vat_default(t.state))


@router.get("/vats/country")
async def get_vats_country(request: Request) -> JSON:
    tenant(request)
    return JSON(domain.vat_country(request.query_params))


@router.get("/bankaccounts")
async def search_bank_accounts(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search_bank_accounts(t.state, request.query_params))


@router.post("/bankaccounts")
async def create_bank_account(request: Request) -> JSON:
    t = tenant(request)
    payload = await json_body(request)
    with t.lock:
        return JSON(domain.create_bank_account(t.state, payload))


@router.get("/bankaccounts/{account_id}")
async def get_bank_account(account_id: str, request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        acc_id = path_id(account_id, domain.BANK_ACCOUNT_NOT_FOUND)
        return JSON(domain.bank_account_view(domain.find_bank_account(t.state, acc_id)))


@router.get("/sessioninfo")
async def get_session_info(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.session_info(t.state))


@router.get("/users")
async def get_current_user(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.current_user(t.state))
