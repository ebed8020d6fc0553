"""Company-level resources: the company itself, fiscal years, VAT, bank accounts, the session and its user.

The company record is where sender details come from (rule PC-03). Bank accounts are shown in the spec
26.04 shape (`iban`, BBAN `accountNumber`, `defaultForInvoice`, ...) whatever shape a dataset stored them
in: the datasets (and the invoice rules) keep the IBAN in `accountNumber`.
"""

from __future__ import annotations

from typing import Any

from stdnum import iban as iban_check
from stdnum.fi import ytunnus

from simulators.procountor.domain.common import Query, page_of, validate
from simulators.procountor.errors import ProcountorError, bad_request, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import API_USER_ID, ProcountorState

# ------------------------------------------------------------------------ the API user of every company
# Assumption (docs/procountor.md): every simulated company has one API user, id 1 (the invoices' creatorId).
API_USERNAME = "api.user"
API_USER_FIRST_NAME = "API"
API_USER_LAST_NAME = "User"

# fields of PUT /company the caller cannot change (they belong to the environment, not the company card)
COMPANY_READ_ONLY = ("id", "country", "productVersion", "operationType", "accountingOfficeName",
                     "accountingOfficeId", "companyCurrency")
COMPANY_UPDATED = "Company info was successfully updated."

PERIOD_NOT_FOUND = "Fiscal period not found."
PERIOD_PENDING = "Fiscal period was successfully marked as pending."

BANK_ACCOUNT_NOT_FOUND = "Bank account not found."
BANK_ACCOUNT_IN_USE = "Bank account already in use."
BAD_PREVIOUS_ID = "The given previousId is not identifier of existing bank account."
DEFAULT_LEDGER_ACCOUNT = "1910"  # spec example; the usual bank ledger account of a Finnish chart of accounts
BASIC_FIELDS = ("id", "accountNumber", "iban", "bic", "bankName", "currency", "defaultForInvoice",
                "defaultForPayment", "status", "orderNo", "associatedAccounts", "version")
INACTIVE_FLAGS = ("defaultForInvoice", "defaultForPayment", "showAccountOnInvoice", "allowPayments",
                  "allowForeignPayments", "allowSalaryPayments", "allowExpressPayments", "withholdingTax")
LEGACY_KEYS = ("name", "isDefault")  # the default dataset's own names for bankName / the default flags
INT32_MAX = 2**31 - 1

# VAT rates in force in 2026 (percent), by ISO 3166-1 alpha-2 code, highest first, 0 % included.
# FI: 25.5 since 2024-09, 14 (from 2025 also the former 10 % goods), 13.5 food and restaurants from 2026,
# 10 newspapers and periodicals. SE: the temporary 6 % food rate from 2026-04 keeps the same set of rates.
COUNTRY_VAT_PERCENTS: dict[str, list[float]] = {
    "FI": [25.5, 14.0, 13.5, 10.0, 0.0],
    "SE": [25.0, 12.0, 6.0, 0.0],
    "NO": [25.0, 15.0, 12.0, 0.0],
    "DK": [25.0, 0.0],
    "EE": [24.0, 13.0, 9.0, 0.0],
    "DE": [19.0, 7.0, 0.0],
}


# ------------------------------------------------------------------------ company
def company(state: ProcountorState) -> dict[str, Any]:
    return state.company


def update_company(state: ProcountorState, payload: Any) -> dict[str, str]:
    """PUT /company replaces the company card; environment fields (id, country, product, ...) stay."""
    body = validate(m.Company, payload)
    current = state.company
    if body.id != current.get("id"):
        raise bad_request(f"Value of the 'id' field is invalid: {body.id}", "id")
    ident = body.businessIdentifier
    if ident and ident.brnType == "FI" and ident.code and not ytunnus.is_valid(ident.code):
        raise bad_request("ERROR_BRN_CODE", "businessIdentifier.code")
    data = body.dump()
    merged = {k: v for k, v in data.items() if k not in COMPANY_READ_ONLY}
    merged.update({k: current[k] for k in COMPANY_READ_ONLY if k in current})
    state.company = {k: merged[k] for k in m.Company.model_fields if k in merged}  # the spec's field order
    return {"message": COMPANY_UPDATED}


# ------------------------------------------------------------------------ fiscal years
def fiscal_years(state: ProcountorState) -> dict[str, Any]:
    """Years newest first, each year's tracking periods in chronological order (spec wording)."""
    years = sorted(state.fiscal_years, key=lambda y: y["startDate"], reverse=True)
    return {"fiscalYears": [
        {**y, "trackingPeriods": sorted(y.get("trackingPeriods", []), key=lambda p: p["startDate"])} for y in years
    ]}


def mark_period_pending(state: ProcountorState, year_id: int, period_id: int, payload: Any) -> dict[str, str]:
    """The only change the API allows: a tracking period from OPEN to PENDING; anything else is a 409."""
    year = next((y for y in state.fiscal_years if y.get("id") == year_id), None)
    period = None
    if year is not None:
        period = next((p for p in year.get("trackingPeriods", []) if p.get("id") == period_id), None)
    if period is None:
        raise not_found(PERIOD_NOT_FOUND)
    body = validate(m.TrackingPeriod, payload)
    if body.status != "PENDING":
        raise ProcountorError(409, f"Tracking period status cannot be changed to {body.status}: only the change "
                                   "from OPEN to PENDING is allowed.", "status")
    if period.get("status") != "OPEN" or not year.get("isOpen", True):
        raise ProcountorError(409, f"Tracking period status cannot be changed from {period.get('status')} to "
                                   "PENDING: only the change from OPEN to PENDING is allowed.", "status")
    period["status"] = "PENDING"
    period["modified"] = state.local_now().isoformat(timespec="seconds")
    return {"message": PERIOD_PENDING}


# ------------------------------------------------------------------------ VAT
def _country_name(enum_value: str) -> str:
    """FINLAND -> Finland, as in the spec's VatCountryInfo example."""
    return enum_value.replace("_", " ").title()


def _status_use(description: str) -> tuple[bool, bool]:
    """(sales, purchase) for a VAT status, read from its description.

    Assumption: a status whose description names only sales is for sales, only purchases for purchases,
    and anything else (both, or neither) is allowed for both.
    """
    text = description.lower()
    has_sales, has_purchase = "sales" in text, "purchase" in text
    return (has_sales or not has_purchase), (has_purchase or not has_sales)


def vat_default(state: ProcountorState) -> dict[str, Any]:
    country = _country_name(state.company.get("country") or "FINLAND")
    percentages = [{"vatPercent": p, "sales": True, "purchase": True}
                   for p in sorted(set(state.vat_percents), reverse=True)]
    statuses = []
    for status in sorted(state.vat_statuses.values(), key=lambda s: s.code):
        sales, purchase = _status_use(status.description)
        statuses.append({"vatStatus": status.code, "description": status.description, "sales": sales,
                         "purchase": purchase})
    return {"vatInformation": [{"country": country, "percentages": percentages}], "vatStatuses": statuses}


def vat_country(params: Any) -> dict[str, Any]:
    code = Query(params).text("countryCode")
    if code is None:
        raise bad_request("Value of the 'countryCode' cannot be blank.", "countryCode")
    rates = COUNTRY_VAT_PERCENTS.get(code.strip().upper())
    if rates is None:
        raise bad_request(f"Value of the 'countryCode' field is invalid: {code}", "countryCode")
    return {"vatPercentages": list(rates)}


# ------------------------------------------------------------------------ bank accounts
def iban_of(account: dict[str, Any]) -> str:
    """The account's IBAN without spaces (the default dataset keeps it in `accountNumber`)."""
    return iban_check.compact(str(account.get("iban") or account.get("accountNumber") or ""))


def company_ibans(state: ProcountorState) -> set[str]:
    """Every IBAN of the company: what an invoice's paymentInfo.bankAccount.accountNumber must be one of."""
    return {iban_of(a) for a in state.bank_accounts}


def bank_account_view(account: dict[str, Any]) -> dict[str, Any]:
    """A stored account in the CompanyBankAccount shape of spec 26.04."""
    number = iban_of(account)
    view: dict[str, Any] = {"id": account.get("id"), "accountNumber": number[4:], "iban": number}
    view.update({k: v for k, v in account.items() if k not in (*LEGACY_KEYS, "id", "accountNumber", "iban")})
    if "bankName" not in view and account.get("name"):
        view["bankName"] = account["name"]
    is_default = bool(account.get("isDefault", False))
    view.setdefault("currency", "EUR")
    view.setdefault("defaultForInvoice", is_default)
    view.setdefault("defaultForPayment", is_default)
    view.setdefault("status", "ACTIVE")
    view.setdefault("ledgerAccount", DEFAULT_LEDGER_ACCOUNT)
    view.setdefault("showAccountOnInvoice", view["defaultForInvoice"])
    view.setdefault("allowPayments", False)
    view.setdefault("allowForeignPayments", False)
    return view


def bank_account_basic(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in BASIC_FIELDS if view.get(k) is not None}


def find_bank_account(state: ProcountorState, account_id: int) -> dict[str, Any]:
    for account in state.bank_accounts:
        if account.get("id") == account_id:
            return account
    raise not_found(BANK_ACCOUNT_NOT_FOUND)


def search_bank_accounts(state: ProcountorState, params: Any) -> dict[str, Any]:
    """Ordered by order number (ASC) unless orderById is given; previousId continues after that account."""
    q = Query(params)
    check_int32(q, "page", "previousId")
    page, size = q.paging()
    by_id = q.order("orderById")
    by_number = q.order("orderByOrderNo")
    previous = q.integer("previousId")
    views = [bank_account_view(a) for a in state.bank_accounts]
    if by_id:
        views.sort(key=lambda v: v["id"], reverse=by_id == "DESC")
        if previous:
            views = [v for v in views if (v["id"] < previous if by_id == "DESC" else v["id"] > previous)]
    else:
        direction = by_number or "ASC"
        views.sort(key=lambda v: (v.get("orderNo") or 0, v["id"]), reverse=direction == "DESC")
        if previous:
            ids = [v["id"] for v in views]
            if previous not in ids:
                raise not_found(BAD_PREVIOUS_ID)
            views = views[ids.index(previous) + 1:]
    return page_of(views, page, size, bank_account_basic)


def check_int32(q: Query, *names: str) -> None:
    """400 for a query parameter outside int32: the spec types page, previousId and ids as int32."""
    for name in names:
        q.integer(name, -INT32_MAX - 1, INT32_MAX)


def _next_bank_account_id(state: ProcountorState) -> int:
    highest = max((a.get("id") or 0 for a in state.bank_accounts), default=0)
    state.counters["bankAccount"] = max(state.counters.get("bankAccount", 0), highest)
    return state.next_id("bankAccount")


def create_bank_account(state: ProcountorState, payload: Any) -> dict[str, Any]:
    body = validate(m.CompanyBankAccount, payload)
    if not iban_check.is_valid(body.iban):
        raise bad_request(f"Value of the 'iban' field is invalid: {body.iban}", "iban")
    number = iban_check.compact(body.iban)
    if number in company_ibans(state):
        raise ProcountorError(409, BANK_ACCOUNT_IN_USE, "iban")
    data = body.dump()
    for key in ("id", "accountNumber", "version", "created"):
        data.pop(key, None)
    if data["status"] == "INACTIVE":
        data.update({k: False for k in INACTIVE_FLAGS if k in data})
    for flag in ("defaultForInvoice", "defaultForPayment"):
        if data.get(flag):  # one default of each kind per company
            for other in state.bank_accounts:
                if bank_account_view(other).get(flag):
                    other[flag] = False
    if data.get("orderNo") is None:
        data["orderNo"] = max((bank_account_view(a).get("orderNo") or 0 for a in state.bank_accounts), default=0) + 1
    stamp = state.new_version()
    # stored like the datasets store accounts: the IBAN in `accountNumber` too, which is what an invoice's
    # paymentInfo.bankAccount.accountNumber is checked against; bank_account_view() shows the BBAN there
    record = {"id": _next_bank_account_id(state), "accountNumber": number, **data, "iban": number,
              "version": stamp, "created": stamp}
    state.bank_accounts.append(record)
    return bank_account_view(record)


# ------------------------------------------------------------------------ session and user
def session_info(state: ProcountorState) -> dict[str, Any]:
    company_ = state.company
    info = {
        "companyId": company_.get("id"),
        "name": company_.get("name"),
        "country": company_.get("country"),
        "productVersion": company_.get("productVersion"),
        "userId": API_USER_ID,
        "userName": f"{API_USER_FIRST_NAME} {API_USER_LAST_NAME}",
        "companySettings": {"invoiceDiscussionEnabled": False},
    }
    return {k: v for k, v in info.items() if v is not None}


def current_user(state: ProcountorState) -> dict[str, Any]:
    company_ = state.company
    user = {
        "id": API_USER_ID,
        "username": API_USERNAME,
        "companyId": company_.get("id"),
        "countryCode": company_.get("country"),
        "firstName": API_USER_FIRST_NAME,
        "lastName": API_USER_LAST_NAME,
        "email": "api.user@example.invalid",
        "mobilePhone": "+358401234567",
    }
    return {k: v for k, v in user.items() if v is not None}
