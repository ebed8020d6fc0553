"""/v2/accounts (chart of accounts per fiscal year) and /v2/fiscalyears. Rules live in domain/accounts.py;
parameter names are the vendor's, lower-cased (scope lookup)."""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.eekonomi.domain import accounts
from simulators.eekonomi.routes.base import JSON, body_of, caller, created, listing, query_flag, reply

router = VendorRouter()
ACCOUNT = "AccountApi"
YEAR = "FiscalYearApi"


# ------------------------------------------------------------------------ accounts
@router.get("/accounts")
async def list_accounts(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, ACCOUNT, accounts.accounts_of(call.state, None))


@router.post("/accounts")
async def create_account(request: Request) -> JSON:
    call = caller(request)
    default_type = query_flag(request, "useDefaultAccountType", True)
    body = await body_of(request, ACCOUNT)
    with call.lock:
        return created(ACCOUNT, accounts.create_account(call.state, body, default_type))


@router.get("/accounts/{fiscalyearid}")
async def list_year_accounts(fiscalyearid: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        year = accounts.known_fiscal_year(call.state, fiscalyearid)
        return listing(request, call, ACCOUNT, accounts.accounts_of(call.state, year["Id"]))


@router.get("/accounts/{fiscalyearid}/{accountnumber}")
async def get_account(fiscalyearid: str, accountnumber: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(ACCOUNT, accounts.get_account(call.state, fiscalyearid, accountnumber))


@router.put("/accounts/{fiscalyearid}/{accountnumber}")
async def replace_account(fiscalyearid: str, accountnumber: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, ACCOUNT)
    with call.lock:
        return reply(ACCOUNT, accounts.replace_account(call.state, fiscalyearid, accountnumber, body))


# ------------------------------------------------------------------------ fiscal years
@router.get("/fiscalyears")
async def list_fiscal_years(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, YEAR, accounts.fiscal_years(call.state))


@router.post("/fiscalyears")
async def create_fiscal_year(request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, YEAR)
    with call.lock:
        return created(YEAR, accounts.create_fiscal_year(call.state, body))


@router.get("/fiscalyears/{id}")
async def get_fiscal_year(id: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply(YEAR, accounts.fiscal_year(call.state, id))


@router.put("/fiscalyears/{id}")
async def update_fiscal_year(id: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, "FiscalYearUpdateApi")
    with call.lock:
        return reply(YEAR, accounts.update_fiscal_year(call.state, id, body))
