"""Fiscal years and the chart of accounts: every account belongs to one fiscal year, and every booking
must land in an existing, unlocked fiscal year.

Swedish rules (Bokföringslagen 3 kap.): a fiscal year starts on the first day of a month, ends on the last
day of a month, lasts at most 18 months, and follows the previous year without a gap. A new fiscal year gets a
copy of the chart of accounts of the year it follows, as it does in the vendor's web application.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from simulators.eekonomi import defaults, errors
from simulators.eekonomi.domain import find, path_guid
from simulators.eekonomi.errors import EEkonomiError, field_error
from simulators.eekonomi.state import EEkonomiState, new_id

MAX_FISCAL_YEAR_MONTHS = 18
# Assumption (docs/eekonomi.md): BAS account numbers of a Swedish company, classes 1-8 (class 9 is internal).
MIN_ACCOUNT_NUMBER = 1000
MAX_ACCOUNT_NUMBER = 8999


# ------------------------------------------------------------------------ dates
def day_of(text: str) -> date:
    """The calendar day of a stored date or date-time (`YYYY-MM-DD...`)."""
    return date.fromisoformat(text[:10])


def date_text(day: date) -> str:
    """A date field as the vendor writes it."""
    return day.strftime("%Y-%m-%dT00:00:00")


def today(state: EEkonomiState) -> date:
    return day_of(state.today_text())


# ------------------------------------------------------------------------ fiscal years
def fiscal_years(state: EEkonomiState) -> list[dict[str, Any]]:
    return sorted(state.fiscal_years.values(), key=lambda year: year["StartDate"])


def fiscal_year(state: EEkonomiState, year_id: str) -> dict[str, Any]:
    """One fiscal year, or 404 (ErrorCode 3000)."""
    return find(state.fiscal_years, year_id, "FiscalYear")


def known_fiscal_year(state: EEkonomiState, year_id: str) -> dict[str, Any]:
    """A fiscal year named in a list path (`/accounts/{fiscalyearId}`): unknown is 400 with 3001."""
    year = state.fiscal_years.get(path_guid(year_id, "fiscalyearId"))
    if year is None:
        raise EEkonomiError(400, errors.FISCAL_YEAR_MISSING, f"Fiscal year with id {year_id} does not exist.")
    return year


def current_fiscal_year(state: EEkonomiState) -> dict[str, Any] | None:
    """The fiscal year holding today on the tenant clock; else the latest one that started before today."""
    now = state.today_text()
    year = state.fiscal_year_of(now)
    if year is not None:
        return year
    earlier = [y for y in fiscal_years(state) if y["StartDate"][:10] <= now[:10]]
    return earlier[-1] if earlier else None


def is_locked(state: EEkonomiState, year: dict[str, Any], day: date) -> bool:
    """Locked for accounting: the whole fiscal year, or every day up to CompanySettings.AccountingLockedTo."""
    if year.get("IsLockedForAccounting"):
        return True
    locked_to = state.company.get("AccountingLockedTo")
    return bool(locked_to) and not str(locked_to).startswith("0001") and day <= day_of(str(locked_to))


def open_year_for(state: EEkonomiState, day: date, field: str) -> dict[str, Any]:
    """The fiscal year a booking on `day` goes into: none is 400/3001, a locked one 400/4002."""
    year = state.fiscal_year_of(day.isoformat())
    if year is None:
        message = f"There is no fiscal year for the date {day.isoformat()}."
        raise EEkonomiError(400, errors.FISCAL_YEAR_MISSING, message,
                            [field_error(field, "FiscalYearMissing", message)])
    if is_locked(state, year, day):
        message = f"The date {day.isoformat()} is in a period that is locked for accounting."
        raise EEkonomiError(400, errors.CANNOT_CREATE_OR_UPDATE, message, [field_error(field, "Locked", message)])
    return year


def update_fiscal_year(state: EEkonomiState, year_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /fiscalyears/{id}: only IsLockedForAccounting can change (FiscalYearUpdateApi)."""
    year = fiscal_year(state, year_id)
    if body.get("IsLockedForAccounting") is not None:
        year["IsLockedForAccounting"] = bool(body["IsLockedForAccounting"])
    return year


def _last_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def create_fiscal_year(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    """POST /fiscalyears: Swedish duration rules, no overlap, no gap; the chart of accounts is copied."""
    problems = [field_error(name, "Required", f"The {name} field is required.")
                for name in ("StartDate", "EndDate") if not body.get(name)]
    if problems:
        raise errors.validation_failed(problems)
    start, end = day_of(body["StartDate"]), day_of(body["EndDate"])
    if end <= start:
        raise _year_refused("EndDate must be after StartDate.", "EndDate")
    if start.day != 1:
        raise _year_refused("A fiscal year must start on the first day of a month.", "StartDate")
    if end != _last_of_month(end):
        raise _year_refused("A fiscal year must end on the last day of a month.", "EndDate")
    if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_FISCAL_YEAR_MONTHS:
        raise _year_refused(f"A fiscal year can be at most {MAX_FISCAL_YEAR_MONTHS} months long.", "EndDate")
    years = fiscal_years(state)
    for other in years:
        if start <= day_of(other["EndDate"]) and day_of(other["StartDate"]) <= end:
            raise errors.conflict(f"The fiscal year overlaps the fiscal year {other['StartDate'][:10]} - "
                                  f"{other['EndDate'][:10]}.", "StartDate")
    template: dict[str, Any] | None = None
    if years:
        last, first = years[-1], years[0]
        if start == day_of(last["EndDate"]) + timedelta(days=1):
            template = last
        elif end == day_of(first["StartDate"]) - timedelta(days=1):
            template = first
        else:
            raise _year_refused(f"A new fiscal year must start on {day_of(last['EndDate']) + timedelta(days=1)}, "
                                "the day after the last fiscal year ends.", "StartDate")
    year = {"Id": new_id(), "StartDate": date_text(start), "EndDate": date_text(end), "IsLockedForAccounting": False,
            "BookkeepingMethod": template.get("BookkeepingMethod", 0) if template else 0}
    state.fiscal_years[year["Id"]] = year
    if template is not None:
        now = state.now_utc_text()
        for account in [a for a in state.accounts.values() if a["FiscalYearId"] == template["Id"]]:
            copy = {**account, "FiscalYearId": year["Id"], "CreatedUtc": now, "ModifiedUtc": now}
            state.accounts[f"{year['Id']}/{copy['Number']}"] = copy
    return year


def _year_refused(message: str, field: str) -> EEkonomiError:
    return errors.bad_request(message, errors.CANNOT_CREATE_OR_UPDATE, field, "Invalid")


# ------------------------------------------------------------------------ accounts
def _number_key(account: dict[str, Any]) -> tuple[int, str]:
    number = str(account["Number"])
    return (int(number), number) if number.isdigit() else (10**12, number)


def accounts_of(state: EEkonomiState, year_id: str | None) -> list[dict[str, Any]]:
    """The chart of one fiscal year, by number (GET /accounts without a year: the current fiscal year)."""
    if year_id is None:
        current = current_fiscal_year(state)
        if current is None:
            return []
        year_id = current["Id"]
    return sorted((a for a in state.accounts.values() if a["FiscalYearId"] == year_id), key=_number_key)


def account_number(text: str) -> int:
    """An account number from a path: an integer, else 400 (2000)."""
    try:
        return int(text)
    except ValueError:
        message = f"The value '{text}' is not a valid account number."
        raise errors.bad_request(message, field="accountNumber") from None


def get_account(state: EEkonomiState, year_id: str, number: str) -> dict[str, Any]:
    """GET /accounts/{fiscalyearId}/{accountNumber}: an unknown year or number is 404."""
    value = account_number(number)
    year = state.fiscal_years.get(path_guid(year_id, "fiscalyearId"))
    if year is None:
        raise EEkonomiError(404, errors.FISCAL_YEAR_MISSING, f"Fiscal year with id {year_id} does not exist.")
    account = state.account(year["Id"], value)
    if account is None:
        raise EEkonomiError(404, errors.ACCOUNT_MISSING, f"Account {value} was not found in the fiscal year "
                            f"{year['StartDate'][:10]} - {year['EndDate'][:10]}.")
    return account


def _checked_number(text: str) -> str:
    number = str(text).strip()
    if not number.isdigit() or not MIN_ACCOUNT_NUMBER <= int(number) <= MAX_ACCOUNT_NUMBER:
        message = f"The account number must be a number between {MIN_ACCOUNT_NUMBER} and {MAX_ACCOUNT_NUMBER}."
        raise errors.bad_request(message, field="Number", reason="Range")
    return str(int(number))


def _with_vat_code(state: EEkonomiState, record: dict[str, Any]) -> dict[str, Any]:
    vat_code_id = record.get("VatCodeId")
    if vat_code_id:
        vat_code = state.vat_codes.get(vat_code_id)
        if vat_code is None:
            raise errors.reference_missing("VatCodeId", "VatCode", vat_code_id)
        record["VatCodeDescription"] = vat_code.get("Description")
    else:
        record["VatCodeDescription"] = None
    return record


def create_account(state: EEkonomiState, body: dict[str, Any], default_type: bool = True) -> dict[str, Any]:
    """POST /accounts: the fiscal year must exist (3001) and the number be free in it (4000).

    With useDefaultAccountType the account gets the type of its BAS group; without it none (Type is read-only,
    so there is nothing to take from the body)."""
    year = state.fiscal_years.get(body["FiscalYearId"])
    if year is None:
        message = f"Fiscal year with id {body['FiscalYearId']} does not exist."
        raise EEkonomiError(400, errors.FISCAL_YEAR_MISSING, message,
                            [field_error("FiscalYearId", "NotFound", message)])
    number = _checked_number(body["Number"])
    if state.account(year["Id"], number) is not None:
        raise errors.conflict(f"Account {number} already exists in the fiscal year.", "Number")
    now = state.now_utc_text()
    type_number, type_text = defaults.account_type_of(number) if default_type else (0, None)
    record = _with_vat_code(state, {**body, "Number": number, "FiscalYearId": year["Id"], "Type": type_number,
                                    "TypeDescription": type_text, "CreatedUtc": now, "ModifiedUtc": now})
    state.accounts[f"{year['Id']}/{number}"] = record
    return record


def replace_account(state: EEkonomiState, year_id: str, number: str, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /accounts/{fiscalyearId}/{accountNumber}: a full replace; number and year cannot move (4002)."""
    current = get_account(state, year_id, number)
    if str(body["Number"]).strip() != current["Number"]:
        raise errors.bad_request("The account number cannot be changed.", errors.CANNOT_CREATE_OR_UPDATE, "Number")
    if body["FiscalYearId"] != current["FiscalYearId"]:
        raise errors.bad_request("An account cannot be moved to another fiscal year.",
                                 errors.CANNOT_CREATE_OR_UPDATE, "FiscalYearId")
    kept = {k: current[k] for k in ("CreatedUtc", "Type", "TypeDescription", "ReferenceCode", "Description")
            if k in current}
    record = _with_vat_code(state, {**kept, **body, "Number": current["Number"], "ModifiedUtc": state.now_utc_text()})
    state.accounts[f"{current['FiscalYearId']}/{current['Number']}"] = record
    return record
