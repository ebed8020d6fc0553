"""ICase, ICaseStatus and IPhase: projects with their numbers, statuses, members, forecasts and phase trees.

The first section holds the helpers that products.py and items.py share: a request entity (spyne instance)
as a stored record, seeded JSON values in their contract types, insert stamps for the "NewOnly" options,
and SEV-02 visibility through a record's case.

Operation-specific stores in `state.extra`: "caseMembers" {caseGUID: [userGUID]}, "phaseMembers"
{phaseGUID: [userGUID]}, "billingAndExpenseForecasts" {caseGUID: [forecast]}, "caseStatusOrder" [GUID],
"salesProcesses" [{"GUID", "IsWon"}] (which sales processes count as won), "insertedAt" {kind: {GUID: iso}}.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from simulators.core.clock import parse_instant
from simulators.severa.contract_data import CONTRACT
from simulators.severa.faults import NoPermission, NotFound, ValidationFailure
from simulators.severa.service import handles, received
from simulators.severa.state import SeveraState

Record = dict[str, Any]

# CaseGetOptions (documented flags; the operations take a plain int)
NEW_ONLY, INCLUDE_INACTIVE, EXCLUDE_NOT_NUMBERED, EXCLUDE_NO_WON = 1, 2, 4, 8
INTERNAL_ONLY, EXCLUDE_CLOSED, EXCLUDE_OPEN = 16, 32, 64


# ====================================================================== shared helpers
@cache
def members(kind: str) -> dict[str, str]:
    """Member name -> xsd type of a contract type, base-type members first."""
    spec = CONTRACT["types"][kind]
    own = {m["name"]: m["xsd"] for m in spec.get("members", [])}
    return {**members(spec["base"]), **own} if spec.get("base") else own


def record_of(value: Any) -> Any:
    """A request entity (spyne instance) as a plain record holding only the members that were sent."""
    return received(value)


def _coerce(xsd: str, value: Any) -> Any:
    try:
        if xsd == "xs:dateTime" and isinstance(value, str):
            text = value.strip()
            return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        if xsd == "xs:decimal" and isinstance(value, int | float | str) and not isinstance(value, bool):
            return Decimal(str(value))
        if xsd in ("xs:int", "xs:long") and isinstance(value, str | float) and not isinstance(value, bool):
            return int(value)
        if xsd == "xs:boolean" and isinstance(value, str):
            return value.strip().lower() in ("true", "1")
    except (ValueError, InvalidOperation):
        return value
    return value


def typed(kind: str, record: Record) -> Record:
    """Seeded JSON values (ISO strings, floats) as the contract types spyne writes, in place."""
    for name, xsd in members(kind).items():
        value = record.get(name)
        if value is not None:
            record[name] = _coerce(xsd, value)
    return record


def find(state: SeveraState, kind: str, guid: str | None) -> Record | None:
    record = state.get(kind, guid.strip() if isinstance(guid, str) else None)
    return typed(kind, record) if record is not None else None


def every(state: SeveraState, kind: str) -> list[Record]:
    return [typed(kind, r) for r in state.all(kind)]


def key(guid: Any) -> str:
    return guid.strip().lower() if isinstance(guid, str) else ""


def same(a: Any, b: Any) -> bool:
    return bool(key(a)) and key(a) == key(b)


def code_key(code: Any) -> str:
    """Codes compare like SQL Server's default collation: case-insensitive, trailing blanks ignored."""
    return code.rstrip().lower() if isinstance(code, str) else ""


def instant(value: Any) -> datetime:
    """A dateTime as an aware UTC instant (naive values are UTC)."""
    return parse_instant(value)


def day_of(value: Any) -> date:
    """The calendar day a stored or requested dateTime names (its own date part, no zone shift)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.date()


def in_days(value: Any, start: Any, end: Any) -> bool:
    """Whether a dateTime's day lies within [start, end] (days, either bound may be missing)."""
    if value is None:
        return False
    day = day_of(value)
    return (start is None or day >= day_of(start)) and (end is None or day <= day_of(end))


def today(state: SeveraState) -> datetime:
    now = state.clock.now()
    return datetime(now.year, now.month, now.day)


def dec(value: Any, default: Decimal | None = None) -> Decimal | None:
    if value is None:
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailure(f"'{value}' is not a number.") from None


def save(state: SeveraState, kind: str, record: Record, new: bool = False) -> Record:
    """Store a record (change stamp on the tenant clock) and, for a new one, its insert stamp.

    A seeded record keeps its load time as insert time: it is taken from the change stamp before the first
    update replaces that stamp.
    """
    inserted = state.extra.setdefault("insertedAt", {}).setdefault(kind, {})
    guid = key(record.get("GUID"))
    if not new and guid and guid not in inserted and guid in state.changed.get(kind, {}):
        inserted[guid] = state.changed[kind][guid].isoformat()
    state.put(kind, record)
    if new:
        inserted[record["GUID"]] = state.clock.now().isoformat()
    return record


def inserted_at(state: SeveraState, kind: str, record: Record) -> datetime | None:
    stamp = state.extra.get("insertedAt", {}).get(kind, {}).get(record.get("GUID"))
    if stamp:
        return instant(stamp)
    return state.changed.get(kind, {}).get(record.get("GUID"))


def remove(state: SeveraState, kind: str, guid: str) -> None:
    state.delete(kind, guid)
    state.extra.get("insertedAt", {}).get(kind, {}).pop(key(guid), None)


def changed_since(state: SeveraState, kind: str, since: Any, new_only: bool = False) -> list[Record]:
    """Records changed (with new_only: inserted) at or after `since` on the tenant clock."""
    moment = instant(since) if since is not None else datetime.min.replace(tzinfo=UTC)
    found = [typed(kind, r) for r in state.changed_since(kind, moment)]
    if new_only:
        found = [r for r in found if (at := inserted_at(state, kind, r)) is not None and at >= moment]
    return found


def merged(stored: Record, incoming: Record, fixed: tuple[str, ...] = ("GUID",)) -> Record:
    """An update: every member sent (not null) replaces the stored one, except server-owned ones."""
    result = dict(stored)
    result.update({k: v for k, v in incoming.items() if v is not None and k not in fixed})
    return result


def entity_param(value: Any, name: str) -> Record:
    record = record_of(value)
    if not isinstance(record, dict):
        raise ValidationFailure(f"{name} is required.")
    return record


def linked(state: SeveraState, store: str, guid: str | None) -> list[str]:
    """The GUIDs an extra store links to a record ({GUID: [GUID]}; seeded keys in any case), lower-cased."""
    links = state.extra.get(store, {})
    found = links.get(key(guid))
    if found is None:
        found = next((v for k, v in links.items() if key(k) == key(guid)), [])
    return [key(g) for g in found or []]


def case_visible(state: SeveraState, case: Record | None) -> bool:
    return case is not None and state.visible(case.get("BusinessUnitGUID"))


def case_of(state: SeveraState, record: Record) -> Record | None:
    return load_case(state, record.get("CaseGUID"))


def visible_through_case(state: SeveraState, record: Record, business_unit: str | None = None) -> bool:
    """SEV-02 for case-bound records (phases, items, hour entries): their case's business unit decides."""
    case = case_of(state, record)
    return case_visible(state, case) and (not business_unit or same(case.get("BusinessUnitGUID"), business_unit))


def is_won(state: SeveraState, case: Record) -> bool:
    """Won: the case's sales process is flagged IsWon in extra["salesProcesses"]; without that, probability 100."""
    processes = {key(p.get("GUID")): p for p in state.extra.get("salesProcesses", []) if isinstance(p, dict)}
    process = processes.get(key(case.get("SalesProcessGUID")))
    if process is not None:
        return bool(process.get("IsWon"))
    return case.get("Probability") == 100


# ====================================================================== cases
def load_case(state: SeveraState, guid: str | None) -> Record | None:
    case = find(state, "Case", guid)
    if case is not None and case.get("InsertTs") is None:
        case["InsertTs"] = inserted_at(state, "Case", case)
    return case


def all_cases(state: SeveraState) -> list[Record]:
    return [c for c in (load_case(state, r["GUID"]) for r in state.all("Case")) if c is not None]


def _in_unit(case: Record, business_unit: str | None) -> bool:
    return not key(business_unit) or same(case.get("BusinessUnitGUID"), business_unit)


def writable_case(state: SeveraState, guid: str | None, what: str = "Case") -> Record:
    """A case a write may touch: NotFound when missing, NoPermission outside the API user's business units."""
    case = load_case(state, guid)
    if case is None:
        raise NotFound(f"{what} with GUID {guid} was not found.")
    if not case_visible(state, case):
        raise NoPermission(f"No permission to the case {guid} (business unit {case.get('BusinessUnitGUID')}).")
    return case


@handles("GetCaseByGUID")
def get_case_by_guid(state: SeveraState, caseGuid: str | None) -> Record:
    case = load_case(state, caseGuid)
    if not case_visible(state, case):
        raise NotFound(f"Case with GUID {caseGuid} was not found.")
    return case  # type: ignore[return-value]


@handles("GetAllCases")
def get_all_cases(state: SeveraState, businessUnitGUID: str | None) -> list[Record]:
    return [c for c in all_cases(state) if case_visible(state, c) and _in_unit(c, businessUnitGUID)]


@handles("GetCaseByNumber")
def get_case_by_number(state: SeveraState, caseNumber: int | None) -> Record | None:
    """No NotFound fault is declared: an unknown number gives a null result."""
    return next((c for c in all_cases(state) if caseNumber is not None and c.get("CaseNumber") == caseNumber
                 and case_visible(state, c)), None)


@handles("GetCasesByAccountGUID")
def get_cases_by_account(state: SeveraState, businessUnitGUID: str | None, accountGuid: str | None) -> list[Record]:
    return [c for c in get_all_cases(state, businessUnitGUID) if same(c.get("AccountGUID"), accountGuid)]


@handles("GetCaseByTaskGUID")
def get_case_by_task(state: SeveraState, taskGuid: str | None) -> Record:
    """Tasks are phases: the case whose root task (or one of whose phases) has this GUID."""
    case = next((c for c in all_cases(state) if same(c.get("RootTaskGUID"), taskGuid)), None)
    if case is None and (phase := find(state, "Phase", taskGuid)) is not None:
        case = load_case(state, phase.get("CaseGUID"))
    if not case_visible(state, case):
        raise NotFound(f"Case with task GUID {taskGuid} was not found.")
    return case  # type: ignore[return-value]


def _fill_references(state: SeveraState, case: Record, before: Record | None = None) -> None:
    """Check the references a new case has, or an update changes, and copy the names and numbers that
    travel with them (a seeded case's unchanged references are left as they are)."""
    new = before is None
    before = before or {}

    def changed(field: str) -> bool:
        return new or key(case.get(field)) != key(before.get(field))

    account = find(state, "Account", case.get("AccountGUID"))
    if changed("AccountGUID") and not key(case.get("AccountGUID")):
        raise ValidationFailure("AccountGUID is required: a case belongs to an account.")
    if changed("AccountGUID") and account is None:
        raise ValidationFailure(f"AccountGUID: account {case['AccountGUID']} was not found.")
    if account is not None:
        case.update(AccountGUID=account["GUID"], AccountName=account.get("Name"), AccountNumber=account.get("Number"))
    unit = find(state, "BusinessUnit", case.get("BusinessUnitGUID"))
    if changed("BusinessUnitGUID") and key(case.get("BusinessUnitGUID")) and unit is None:
        raise ValidationFailure(f"BusinessUnitGUID: business unit {case['BusinessUnitGUID']} was not found.")
    if unit is not None:
        case.update(BusinessUnitGUID=unit["GUID"], BusinessUnitName=unit.get("Name"),
                    BusinessUnitNumber=unit.get("Code"))
        if not case.get("CostCenterGUID"):
            case["CostCenterGUID"] = unit.get("CostCenterGUID")
    if not state.visible(case.get("BusinessUnitGUID")):
        raise NoPermission(f"No permission to cases of business unit {case.get('BusinessUnitGUID')}.")
    for guid_field, code_field in (("CaseOwnerUserGUID", "CaseOwnerUserCode"),
                                   ("SalesPersonUserGUID", "SalesPersonUserCode")):
        if changed(guid_field) and key(case.get(guid_field)):
            user = find(state, "User", case[guid_field])
            if user is None:
                raise ValidationFailure(f"{guid_field}: user {case[guid_field]} was not found.")
            case[guid_field], case[code_field] = user["GUID"], user.get("Code")
    if new or changed("CurrencyGUID") or code_key(case.get("CurrencyShortform")) != code_key(
            before.get("CurrencyShortform")):
        _fill_currency(state, case, account or {})
    if changed("CurrentCaseStatusGUID") and key(case.get("CurrentCaseStatusGUID")):
        status = find(state, "CaseStatus", case["CurrentCaseStatusGUID"])
        if status is None:
            raise ValidationFailure(f"CurrentCaseStatusGUID: case status {case['CurrentCaseStatusGUID']} was not "
                                    "found.")
        case.update(CurrentCaseStatusGUID=status["GUID"], CurrentCaseStatusDescription=status.get("Name"),
                    CurrentCaseStatusInsertTs=state.clock.now())
    number = case.get("CaseNumber")
    if number is not None and number != before.get("CaseNumber"):
        if number <= 0:
            raise ValidationFailure("CaseNumber must be a positive number.")
        if any(c.get("CaseNumber") == number and not same(c["GUID"], case.get("GUID")) for c in all_cases(state)):
            raise ValidationFailure(f"CaseNumber {number} is already in use.")


def _fill_currency(state: SeveraState, case: Record, account: Record) -> None:
    currencies = every(state, "Currency")
    by_guid = next((c for c in currencies if same(c.get("GUID"), case.get("CurrencyGUID"))), None)
    wanted = case.get("CurrencyShortform") if by_guid is None else by_guid.get("IsoCode")
    if not wanted and not key(case.get("CurrencyGUID")):
        base = next((c for c in currencies if dec(c.get("Rate")) == 1), None)
        wanted = account.get("CurrencyCode") or (base or {}).get("IsoCode")
    match = by_guid or next((c for c in currencies if code_key(c.get("IsoCode")) == code_key(wanted)), None)
    if match is not None:
        case.update(CurrencyGUID=match["GUID"], CurrencyShortform=match.get("IsoCode"))
    elif wanted:
        case["CurrencyShortform"] = wanted


def _next_case_number(state: SeveraState) -> int:
    used = {c.get("CaseNumber") for c in all_cases(state)}
    start = max((n for n in used if isinstance(n, int)), default=0) + 1
    number = state.next_number("Case", start)
    while number in used:
        number = state.next_number("Case", start)
    return number


def _default_business_unit(state: SeveraState) -> str | None:
    allowed = state.api_user.business_units
    if allowed:
        return allowed[0]
    units = every(state, "BusinessUnit")
    root = next((u for u in units if not u.get("ParentBusinessUnitGUID")), units[0] if units else None)
    return root["GUID"] if root else None


def _add_member(state: SeveraState, store: str, guid: str, user_guid: str) -> None:
    listed = linked(state, store, guid)
    if key(user_guid) not in listed:
        state.extra.setdefault(store, {})[key(guid)] = [*listed, key(user_guid)]


@handles("AddNewCase")
def add_new_case(state: SeveraState, caseInfo: Any) -> Record:
    case = entity_param(caseInfo, "caseInfo")
    if key(case.get("GUID")) and find(state, "Case", case["GUID"]) is not None:
        raise ValidationFailure(f"A case with GUID {case['GUID']} already exists.")
    if not (case.get("Name") or "").strip():
        raise ValidationFailure("Name is required.")
    case.pop("RootTaskGUID", None)
    if not key(case.get("BusinessUnitGUID")):
        case["BusinessUnitGUID"] = _default_business_unit(state)
    _fill_references(state, case)
    if case.get("CurrentCaseStatusGUID") is None:
        status = next((s for s in case_statuses(state) if s.get("IsActive") is not False), None)
        if status is not None:
            case.update(CurrentCaseStatusGUID=status["GUID"], CurrentCaseStatusDescription=status.get("Name"),
                        CurrentCaseStatusInsertTs=state.clock.now())
    if case.get("CaseNumber") is None:
        case["CaseNumber"] = _next_case_number(state)
    now = state.clock.now()
    case.update(InsertTs=now, UpdatedTs=None)
    case.setdefault("StartDate", today(state))
    if case.get("IsClosed"):
        case.setdefault("ClosedDate", now)
    else:
        case.update(IsClosed=False, ClosedDate=None)
    save(state, "Case", case, new=True)
    root = save(state, "Phase", {"CaseGUID": case["GUID"], "Name": case["Name"], "IsCompleted": False,
                                 "IsLocked": False, "SortOrder": 0}, new=True)
    case["RootTaskGUID"] = root["GUID"]
    if key(case.get("CaseOwnerUserGUID")):
        _add_member(state, "caseMembers", case["GUID"], case["CaseOwnerUserGUID"])
    return case


@handles("UpdateCase")
def update_case(state: SeveraState, caseInfo: Any) -> Record:
    incoming = entity_param(caseInfo, "caseInfo")
    if not key(incoming.get("GUID")):
        raise ValidationFailure("GUID is required to update a case.")
    stored = writable_case(state, incoming["GUID"])
    case = merged(stored, incoming, fixed=("GUID", "InsertTs", "RootTaskGUID", "UpdatedTs"))
    _fill_references(state, case, before=stored)
    now = state.clock.now()
    if case.get("IsClosed") and not stored.get("IsClosed"):
        case["ClosedDate"] = incoming.get("ClosedDate") or now
    elif incoming.get("IsClosed") is False:
        case["ClosedDate"] = None
    case["UpdatedTs"] = now
    stored.clear()
    stored.update(case)
    save(state, "Case", stored)
    root = find(state, "Phase", stored.get("RootTaskGUID"))
    if root is not None and root.get("Name") != stored.get("Name"):
        root["Name"] = stored.get("Name")
        save(state, "Phase", root)
    return stored


@handles("DeleteCase")
def delete_case(state: SeveraState, caseGuid: str | None) -> bool:
    case = writable_case(state, caseGuid)
    guid = case["GUID"]
    if any(same(r.get("CaseGUID"), guid) for kind in ("HourEntry", "Item") for r in state.all(kind)):
        raise ValidationFailure("The case has hour entries or costs and cannot be deleted.")
    if any(same(i.get("MainCaseGUID"), guid) for i in state.all("Invoice")):
        raise ValidationFailure("The case has invoices and cannot be deleted.")
    for phase in [p for p in state.all("Phase") if same(p.get("CaseGUID"), guid)]:
        remove(state, "Phase", phase["GUID"])
        for store in ("phaseMembers", "phaseWorkTypes"):
            state.extra.get(store, {}).pop(phase["GUID"], None)
    for store in ("caseMembers", "billingAndExpenseForecasts"):
        state.extra.get(store, {}).pop(guid, None)
    remove(state, "Case", guid)
    return True


@handles("GetCasesChangedSince")
def get_cases_changed_since(state: SeveraState, businessUnitGUID: str | None, startDateTime: Any,
                            options: int | None) -> list[Record]:
    """CaseGetOptions: NewOnly 1 (InsertTs since), IncludeInactive 2 (cases of inactive accounts too),
    ExcludeNotNumbered 4, ExcludeNoWonCases 8, InternalOnly 16, ExcludeClosed 32, ExcludeOpen 64."""
    flags = options or 0
    found = []
    for case in changed_since(state, "Case", startDateTime):
        case = load_case(state, case["GUID"]) or case
        if not (case_visible(state, case) and _in_unit(case, businessUnitGUID)):
            continue
        if flags & NEW_ONLY and instant(case["InsertTs"]) < instant(startDateTime or datetime.min):
            continue
        account = find(state, "Account", case.get("AccountGUID"))
        if not flags & INCLUDE_INACTIVE and account is not None and account.get("IsActive") is False:
            continue
        if flags & EXCLUDE_NOT_NUMBERED and case.get("CaseNumber") is None:
            continue
        if flags & EXCLUDE_NO_WON and not is_won(state, case):
            continue
        if flags & INTERNAL_ONLY and not case.get("IsInternal"):
            continue
        if flags & EXCLUDE_CLOSED and case.get("IsClosed"):
            continue
        if flags & EXCLUDE_OPEN and not case.get("IsClosed"):
            continue
        found.append(case)
    return found


@handles("GetCaseMemberUsersByCaseGUID")
def get_case_members(state: SeveraState, caseGuid: str | None) -> list[Record]:
    case = get_case_by_guid(state, caseGuid)
    users = (find(state, "User", g) for g in linked(state, "caseMembers", case["GUID"]))
    return [u for u in users if u is not None]


@handles("AddCaseMemberUser")
def add_case_member(state: SeveraState, caseGuid: str | None, userGuid: str | None) -> None:
    case = get_case_by_guid(state, caseGuid)
    user = find(state, "User", userGuid)
    if user is None:
        raise NotFound(f"User with GUID {userGuid} was not found.")
    if user.get("IsActive") is False:
        raise ValidationFailure(f"User {user.get('Code') or user['GUID']} is inactive and cannot be a case member.")
    _add_member(state, "caseMembers", case["GUID"], user["GUID"])
    state.touch("Case", case["GUID"])


# ---------------------------------------------------------------------- billing and expense forecasts
def _forecasts(state: SeveraState, case_guid: str) -> list[Record]:
    """The case's stored forecast list itself (values typed in place), so that appends persist."""
    stored = state.extra.setdefault("billingAndExpenseForecasts", {}).setdefault(key(case_guid), [])
    for forecast in stored:
        typed("BillingAndExpenseForecast", forecast)
    return stored


def _check_forecast(forecast: Record) -> None:
    year, month = forecast.get("Year"), forecast.get("Month")
    if not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValidationFailure("Year is required (1900-9999).")
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationFailure("Month is required (1-12).")


@handles("GetBillingAndExpenseForecastByCaseGUID")
def get_forecasts(state: SeveraState, caseGuid: str | None) -> list[Record]:
    case = get_case_by_guid(state, caseGuid)
    return sorted(_forecasts(state, case["GUID"]), key=lambda f: (f.get("Year", 0), f.get("Month", 0)))


@handles("AddNewBillingAndExpenseForecastToCase")
def add_forecast(state: SeveraState, caseGuid: str | None, billingAndExpenseForecastInfo: Any) -> Record:
    case = get_case_by_guid(state, caseGuid)
    forecast = entity_param(billingAndExpenseForecastInfo, "billingAndExpenseForecastInfo")
    _check_forecast(forecast)
    existing = _forecasts(state, case["GUID"])
    if any(f.get("Year") == forecast["Year"] and f.get("Month") == forecast["Month"] for f in existing):
        raise ValidationFailure(f"The case already has a forecast for {forecast['Year']}-{forecast['Month']:02d}.")
    forecast["GUID"] = key(forecast.get("GUID")) or str(uuid.uuid4())
    existing.append(forecast)
    state.touch("Case", case["GUID"])
    return forecast


@handles("UpdateBillingAndExpenseForecast")
def update_forecast(state: SeveraState, billingAndExpenseForecastInfo: Any) -> Record:
    incoming = entity_param(billingAndExpenseForecastInfo, "billingAndExpenseForecastInfo")
    for case_guid, forecasts in state.extra.get("billingAndExpenseForecasts", {}).items():
        for forecast in forecasts:
            if same(forecast.get("GUID"), incoming.get("GUID")):
                writable_case(state, case_guid)
                updated = merged(typed("BillingAndExpenseForecast", forecast), incoming)
                _check_forecast(updated)
                forecast.update(updated)
                state.touch("Case", key(case_guid))
                return forecast
    raise NotFound(f"Billing and expense forecast with GUID {incoming.get('GUID')} was not found.")


# ====================================================================== case statuses
def case_statuses(state: SeveraState) -> list[Record]:
    """In their list order (extra["caseStatusOrder"], then the others as stored)."""
    order = {g: i for i, g in enumerate(state.extra.get("caseStatusOrder", []))}
    statuses = every(state, "CaseStatus")
    return sorted(statuses, key=lambda s: order.get(s["GUID"], len(order) + statuses.index(s)))


def _status(state: SeveraState, guid: str | None) -> Record:
    status = find(state, "CaseStatus", guid)
    if status is None:
        raise NotFound(f"Case status with GUID {guid} was not found.")
    return status


def _check_status_name(state: SeveraState, status: Record) -> None:
    name = (status.get("Name") or "").strip()
    if not name:
        raise ValidationFailure("Name is required.")
    if any(code_key(s.get("Name")) == code_key(name) and not same(s["GUID"], status.get("GUID"))
           for s in every(state, "CaseStatus")):
        raise ValidationFailure(f"A case status named '{name}' already exists.")


@handles("GetCaseStatusByGUID")
def get_case_status(state: SeveraState, caseStatusGUID: str | None) -> Record:
    return _status(state, caseStatusGUID)


@handles("GetAllCaseStatuses")
def get_all_case_statuses(state: SeveraState) -> list[Record]:
    return case_statuses(state)


@handles("AddNewCaseStatus")
def add_case_status(state: SeveraState, caseStatusInfo: Any, insertPosition: int | None) -> Record:
    status = entity_param(caseStatusInfo, "caseStatusInfo")
    status.pop("GUID", None)
    _check_status_name(state, status)
    status.setdefault("IsActive", True)
    order = [s["GUID"] for s in case_statuses(state)]
    save(state, "CaseStatus", status, new=True)
    position = len(order) if insertPosition is None else max(0, min(insertPosition, len(order)))
    order.insert(position, status["GUID"])
    state.extra["caseStatusOrder"] = order
    return status


@handles("UpdateCaseStatus")
def update_case_status(state: SeveraState, caseStatusInfo: Any) -> Record:
    incoming = entity_param(caseStatusInfo, "caseStatusInfo")
    stored = _status(state, incoming.get("GUID"))
    updated = merged(stored, incoming)
    _check_status_name(state, updated)
    stored.update(updated)
    save(state, "CaseStatus", stored)
    for case in all_cases(state):
        if same(case.get("CurrentCaseStatusGUID"), stored["GUID"]) and case.get(
                "CurrentCaseStatusDescription") != stored.get("Name"):
            case["CurrentCaseStatusDescription"] = stored.get("Name")
            save(state, "Case", case)
    return stored


@handles("DeleteCaseStatus")
def delete_case_status(state: SeveraState, caseStatusGUID: str | None, replacementCaseStatusGUID: str | None) -> bool:
    """A status in use needs a replacement, which the cases then get; without one the delete is refused."""
    status = _status(state, caseStatusGUID)
    users = [c for c in all_cases(state) if same(c.get("CurrentCaseStatusGUID"), status["GUID"])]
    if users:
        replacement = find(state, "CaseStatus", replacementCaseStatusGUID)
        if replacement is None or same(replacement["GUID"], status["GUID"]):
            raise ValidationFailure(f"Case status '{status.get('Name')}' is used by {len(users)} case(s) and "
                                    "cannot be deleted without a replacement status.")
        for case in users:
            case.update(CurrentCaseStatusGUID=replacement["GUID"],
                        CurrentCaseStatusDescription=replacement.get("Name"),
                        CurrentCaseStatusInsertTs=state.clock.now())
            save(state, "Case", case)
    remove(state, "CaseStatus", status["GUID"])
    state.extra["caseStatusOrder"] = [g for g in state.extra.get("caseStatusOrder", []) if g != status["GUID"]]
    return True


# ====================================================================== phases
def phases_of(state: SeveraState, case_guid: str) -> list[Record]:
    """A case's phases in tree order: each phase followed by its subphases, siblings by SortOrder."""
    found = [typed("Phase", p) for p in state.all("Phase") if same(p.get("CaseGUID"), case_guid)]
    guids = {p["GUID"] for p in found}
    ordered: list[Record] = []

    def visit(parent: str | None) -> None:
        level = [p for p in found if (key(p.get("ParentPhaseGUID")) if key(p.get("ParentPhaseGUID")) in guids
                                      else None) == parent]
        for phase in sorted(level, key=lambda p: p.get("SortOrder") or 0):
            if phase not in ordered:
                ordered.append(phase)
                visit(phase["GUID"])

    visit(None)
    return ordered


def _phase(state: SeveraState, guid: str | None) -> Record:
    phase = find(state, "Phase", guid)
    if phase is None or not visible_through_case(state, phase):
        raise NotFound(f"Phase with GUID {guid} was not found.")
    return phase


def _check_phase(state: SeveraState, phase: Record, case: Record) -> None:
    if not (phase.get("Name") or "").strip():
        raise ValidationFailure("Name is required.")
    parent_guid = phase.get("ParentPhaseGUID")
    if key(parent_guid):
        parent = find(state, "Phase", parent_guid)
        if parent is None or not same(parent.get("CaseGUID"), case["GUID"]):
            raise ValidationFailure(f"ParentPhaseGUID: phase {parent_guid} is not a phase of case {case['GUID']}.")
        ancestor: Record | None = parent
        while ancestor is not None:  # a phase cannot move under itself
            if same(ancestor["GUID"], phase.get("GUID")):
                raise ValidationFailure("ParentPhaseGUID: a phase cannot be its own ancestor.")
            ancestor = find(state, "Phase", ancestor.get("ParentPhaseGUID"))
    if key(phase.get("WorkTypeGUID")) and find(state, "WorkType", phase["WorkTypeGUID"]) is None:
        raise ValidationFailure(f"WorkTypeGUID: work type {phase['WorkTypeGUID']} was not found.")


@handles("GetPhaseByGUID")
def get_phase(state: SeveraState, phaseGUID: str | None) -> Record:
    return _phase(state, phaseGUID)


@handles("GetPhasesByCaseGUID")
def get_phases_by_case(state: SeveraState, caseGUID: str | None) -> list[Record]:
    return phases_of(state, key(caseGUID)) if case_visible(state, load_case(state, caseGUID)) else []


@handles("GetPhasesByCode")
def get_phases_by_code(state: SeveraState, phaseCode: str | None, caseGUID: str | None) -> list[Record]:
    return [typed("Phase", p) for p in state.all("Phase")
            if code_key(p.get("Code")) == code_key(phaseCode) and code_key(phaseCode)
            and (not key(caseGUID) or same(p.get("CaseGUID"), caseGUID)) and visible_through_case(state, p)]


@handles("AddNewPhase")
def add_new_phase(state: SeveraState, phaseInfo: Any, members: Any) -> Record:
    phase = entity_param(phaseInfo, "phaseInfo")
    phase.pop("GUID", None)
    if not key(phase.get("CaseGUID")):
        raise ValidationFailure("CaseGUID is required: a phase belongs to a case.")
    case = load_case(state, phase["CaseGUID"])
    if case is None:
        raise ValidationFailure(f"CaseGUID: case {phase['CaseGUID']} was not found.")
    if not case_visible(state, case):
        raise NoPermission(f"No permission to the case {case['GUID']}.")
    if case.get("IsClosed"):
        raise ValidationFailure("Phases cannot be added to a closed case.")
    phase["CaseGUID"] = case["GUID"]
    if not key(phase.get("ParentPhaseGUID")):
        phase["ParentPhaseGUID"] = case.get("RootTaskGUID")
    _check_phase(state, phase, case)
    user_guids = record_of(members) or []
    users = [find(state, "User", g) for g in user_guids]
    if None in users:
        raise ValidationFailure(f"members: user {user_guids[users.index(None)]} was not found.")
    if phase.get("SortOrder") is None:
        phase["SortOrder"] = sum(1 for p in phases_of(state, case["GUID"])
                                 if same(p.get("ParentPhaseGUID"), phase.get("ParentPhaseGUID")))
    phase.setdefault("IsCompleted", False)
    phase.setdefault("IsLocked", False)
    save(state, "Phase", phase, new=True)
    for user in users:
        _add_member(state, "phaseMembers", phase["GUID"], user["GUID"])  # type: ignore[index]
        _add_member(state, "caseMembers", case["GUID"], user["GUID"])  # type: ignore[index]
    return phase


@handles("UpdatePhase")
def update_phase(state: SeveraState, phaseInfo: Any) -> Record:
    incoming = entity_param(phaseInfo, "phaseInfo")
    stored = find(state, "Phase", incoming.get("GUID"))
    if stored is None:
        raise NotFound(f"Phase with GUID {incoming.get('GUID')} was not found.")
    case = writable_case(state, stored.get("CaseGUID"))
    if key(incoming.get("CaseGUID")) and not same(incoming["CaseGUID"], case["GUID"]):
        raise ValidationFailure("CaseGUID: a phase cannot move to another case.")
    updated = merged(stored, incoming, fixed=("GUID", "CaseGUID"))
    if same(stored["GUID"], case.get("RootTaskGUID")):
        updated["ParentPhaseGUID"] = None
    _check_phase(state, updated, case)
    stored.update(updated)
    return save(state, "Phase", stored)


@handles("DeletePhase")
def delete_phase(state: SeveraState, phaseGUID: str | None, phaseGUIDToTransferItemsTo: str | None) -> bool:
    """Hour entries and items on the phase move to the transfer phase; without one the delete is refused."""
    phase = find(state, "Phase", phaseGUID)
    if phase is None:
        raise NotFound(f"Phase with GUID {phaseGUID} was not found.")
    case = writable_case(state, phase.get("CaseGUID"))
    if same(phase["GUID"], case.get("RootTaskGUID")):
        raise ValidationFailure("The root phase of a case cannot be deleted.")
    if any(same(p.get("ParentPhaseGUID"), phase["GUID"]) for p in state.all("Phase")):
        raise ValidationFailure("The phase has subphases; delete them first.")
    bound = [(k, r) for k, field in (("HourEntry", "PhaseGUID"), ("Item", "TaskGUID"))
             for r in state.all(k) if same(r.get(field), phase["GUID"])]
    if bound:
        target = find(state, "Phase", phaseGUIDToTransferItemsTo)
        if target is None or same(target["GUID"], phase["GUID"]) or not same(target.get("CaseGUID"), case["GUID"]):
            raise ValidationFailure("The phase has hour entries or items: give another phase of the same case "
                                    "in phaseGUIDToTransferItemsTo.")
        for kind, record in bound:
            record["PhaseGUID" if kind == "HourEntry" else "TaskGUID"] = target["GUID"]
            if kind == "HourEntry":
                record["TaskGUID"] = target["GUID"]
            save(state, kind, record)
    remove(state, "Phase", phase["GUID"])
    for store in ("phaseMembers", "phaseWorkTypes"):
        state.extra.get(store, {}).pop(phase["GUID"], None)
    return True


@handles("GetHourEntryPhasesByUserGUID")
def get_hour_entry_phases(state: SeveraState, userGUID: str | None) -> list[Record]:
    """The phase trees a user may enter hours on: open cases the user is a member of (or a member of one of
    whose phases), without completed phases."""
    user = key(userGUID)
    trees = []
    for case in all_cases(state):
        if case.get("IsClosed") or not case_visible(state, case):
            continue
        phases = [p for p in phases_of(state, case["GUID"]) if not p.get("IsCompleted")]
        if user not in linked(state, "caseMembers", case["GUID"]) and not any(
                user in linked(state, "phaseMembers", p["GUID"]) for p in phases):
            continue
        guids = {p["GUID"] for p in phases}
        trees += [_tree_node(case, p, phases) for p in phases if key(p.get("ParentPhaseGUID")) not in guids]
    return trees


def _tree_node(case: Record, phase: Record, phases: list[Record]) -> Record:
    children = [_tree_node(case, p, phases) for p in phases if same(p.get("ParentPhaseGUID"), phase["GUID"])]
    return {"AccountGUID": case.get("AccountGUID"), "AccountName": case.get("AccountName"),
            "CaseGUID": case["GUID"], "ChildPhases": children, "GUID": phase["GUID"],
            "IsLocked": bool(phase.get("IsLocked")), "Name": phase.get("Name"),
            "ParentPhaseGUID": phase.get("ParentPhaseGUID"), "WorkTypeGUID": phase.get("WorkTypeGUID")}


@handles("GetPhasesChangedSince")
def get_phases_changed_since(state: SeveraState, businessUnitGUID: str | None, startDateTime: Any,
                             options: int | None) -> list[Record]:
    """PhaseGetOptions: NewOnly 1."""
    return [p for p in changed_since(state, "Phase", startDateTime, new_only=bool((options or 0) & NEW_ONLY))
            if visible_through_case(state, p, businessUnitGUID)]
