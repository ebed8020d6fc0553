"""IItem and IHourEntry: costs and products booked on cases (VA-20..VA-22, PC-18) and hours worked on phases.

AddNewItem follows Severa's support article "API code example: AddNewItem": an item always needs a case;
with a product, price and cost default from the product; without one, UnitPrice and UnitCost are mandatory;
UnitPrice is in the case currency and UnitCost in the organization's base currency; UnitPriceInBaseCurrency is
always recomputed from UnitPrice and the currency rate (Currency records, the base currency has rate 1;
currencyCode only changes that computation). A closed case refuses costs (VA-22).

"Reimbursed" entries and items are those on a credited invoice: their InvoiceGUID names a credit note
(IsCreditNote; `inCreditNote` true) or an invoice a credit note reimbursed (IsReimbursed; `inCreditNote`
false); a null `inCreditNote` takes both.

Operation-specific store in `state.extra`: "expectedDailyHours" {userGUID: hours} for the work-day info.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.severa.faults import GeneralFailure, NoPermission, NotFound, ValidationFailure
from simulators.severa.handlers.cases import (
    Record,
    case_visible,
    changed_since,
    code_key,
    day_of,
    dec,
    entity_param,
    every,
    find,
    in_days,
    inserted_at,
    instant,
    key,
    linked,
    load_case,
    merged,
    record_of,
    remove,
    same,
    save,
    today,
    visible_through_case,
)
from simulators.severa.handlers.products import phase_work_types
from simulators.severa.service import handles
from simulators.severa.state import SeveraState

CLOSED_CASE = "Det går inte att lägga till kostnader till det stängda projektet"  # VA-22, as Severa says it
SERVER_OWNED = ("InvoiceGUID", "InvoiceRowGUID", "IsReadOnly")
DEFAULT_DAILY_HOURS = Decimal("7.5")
MAX_WORK_DAYS = 366


# ---------------------------------------------------------------------- money
def currency_rate(state: SeveraState, currency_code: str | None, case: Record) -> Decimal:
    """The rate of currencyCode (or else of the case's currency): units of it per one base-currency unit."""
    currencies = every(state, "Currency")
    if code_key(currency_code):
        currency = next((c for c in currencies if code_key(c.get("IsoCode")) == code_key(currency_code)), None)
        if currency is None:
            raise ValidationFailure(f"currencyCode: currency '{currency_code}' was not found.")
    else:
        currency = next((c for c in currencies if same(c.get("GUID"), case.get("CurrencyGUID"))), None) or next(
            (c for c in currencies if code_key(c.get("IsoCode")) == code_key(case.get("CurrencyShortform"))
             and code_key(case.get("CurrencyShortform"))), None)
    rate = dec(currency.get("Rate")) if currency else None
    return rate if rate is not None and rate > 0 else Decimal(1)


def in_base_currency(price: Decimal | None, rate: Decimal) -> Decimal:
    if price is None:
        return Decimal(0)
    return price if rate == 1 else (price / rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def credit_side(state: SeveraState, record: Record) -> bool | None:
    """True: on a credit note; False: on an invoice a credit note reimbursed; None: not reimbursed."""
    invoice = find(state, "Invoice", record.get("InvoiceGUID"))
    if invoice is None:
        return None
    if invoice.get("IsCreditNote"):
        return True
    return False if invoice.get("IsReimbursed") else None


def reimbursed(state: SeveraState, record: Record, in_credit_note: bool | None = None) -> bool:
    side = credit_side(state, record)
    return side is not None and (in_credit_note is None or side == in_credit_note)


def _case_for_write(state: SeveraState, guid: str | None, closed_message: str) -> Record:
    if not key(guid):
        raise ValidationFailure("CaseGUID is required: costs and hours always belong to a case.")
    case = load_case(state, guid)
    if case is None:
        raise ValidationFailure(f"CaseGUID: case {guid} was not found.")
    if not case_visible(state, case):
        raise NoPermission(f"No permission to the case {case['GUID']}.")
    if case.get("IsClosed"):
        raise ValidationFailure(closed_message)
    return case


# ====================================================================== items
def prepare_item(state: SeveraState, item: Record, currency_code: str | None) -> Record:
    """A new item checked and completed as Severa stores it (not saved yet)."""
    item = {k: v for k, v in item.items() if k not in SERVER_OWNED}
    if key(item.get("GUID")) and find(state, "Item", item["GUID"]) is not None:
        raise ValidationFailure(f"An item with GUID {item['GUID']} already exists.")
    case = _case_for_write(state, item.get("CaseGUID"), CLOSED_CASE)
    item.update(CaseGUID=case["GUID"], CaseNumber=case.get("CaseNumber"))
    if key(item.get("ProductGUID")):
        kind = "Product" if find(state, "Product", item["ProductGUID"]) else "TravelExpense"
        product = find(state, kind, item["ProductGUID"])
        if product is None:
            raise ValidationFailure(f"ProductGUID: product {item['ProductGUID']} was not found.")
        item["ProductGUID"] = product["GUID"]
        defaults = {"UnitPrice": dec(product.get("UnitPrice"), Decimal(0)),
                    "UnitCost": dec(product.get("UnitCost"), Decimal(0)), "Name": product.get("Name"),
                    "ProductCode": product.get("Code"), "MeasurementUnit": product.get("MeasurementUnit"),
                    "VAT": product.get("VAT"), "ProductType": product.get("Type") or kind}
        for name, value in defaults.items():
            if item.get(name) is None:
                item[name] = value
    elif item.get("UnitPrice") is None or item.get("UnitCost") is None:
        raise ValidationFailure("UnitPrice and UnitCost are required for an item without ProductGUID.")
    if key(item.get("TaskGUID")):
        phase = find(state, "Phase", item["TaskGUID"])
        if phase is None or not same(phase.get("CaseGUID"), case["GUID"]):
            raise ValidationFailure(f"TaskGUID: phase {item['TaskGUID']} is not a phase of case {case['GUID']}.")
    else:
        item["TaskGUID"] = case.get("RootTaskGUID")
    if key(item.get("UserGUID")):
        user = find(state, "User", item["UserGUID"])
        if user is None:
            raise ValidationFailure(f"UserGUID: user {item['UserGUID']} was not found.")
        item.update(UserGUID=user["GUID"], UserCode=user.get("Code"))
    if item.get("Quantity") is None:
        item["Quantity"] = Decimal(1)
    for name, value in (("CostCenterGUID", case.get("CostCenterGUID")), ("EventDate", today(state))):
        if item.get(name) is None:
            item[name] = value
    item["UnitPriceInBaseCurrency"] = in_base_currency(dec(item.get("UnitPrice")),
                                                      currency_rate(state, currency_code, case))
    item["IsReadOnly"] = False
    return item


def _item(state: SeveraState, guid: str | None) -> Record:
    item = find(state, "Item", guid)
    if item is None or not visible_through_case(state, item):
        raise NotFound(f"Item with GUID {guid} was not found.")
    return item


def _visible_items(state: SeveraState, business_unit: str | None = None) -> list[Record]:
    return [i for i in every(state, "Item") if visible_through_case(state, i, business_unit)]


@handles("AddNewItem")
def add_new_item(state: SeveraState, itemInfo: Any, currencyCode: str | None) -> Record:
    return save(state, "Item", prepare_item(state, entity_param(itemInfo, "itemInfo"), currencyCode), new=True)


@handles("AddNewItems")
def add_new_items(state: SeveraState, items: Any) -> list[Record]:
    """All or nothing: every item is checked before any is stored."""
    prepared = [prepare_item(state, record, None) for record in (record_of(items) or [])]
    guids = [key(i.get("GUID")) for i in prepared if key(i.get("GUID"))]
    if len(guids) != len(set(guids)):
        raise ValidationFailure("items: the same GUID appears twice.")
    return [save(state, "Item", item, new=True) for item in prepared]


@handles("DeleteItem")
def delete_item(state: SeveraState, itemGUID: str | None) -> bool:
    item = find(state, "Item", itemGUID)
    if item is None:
        raise NotFound(f"Item with GUID {itemGUID} was not found.")
    if not visible_through_case(state, item):
        raise NoPermission(f"No permission to the case of item {item['GUID']}.")
    if key(item.get("InvoiceGUID")) or item.get("IsReadOnly"):
        raise ValidationFailure(f"Item {item['GUID']} is invoiced and cannot be deleted.")
    remove(state, "Item", item["GUID"])
    return True


@handles("GetItemByGUID")
def get_item(state: SeveraState, itemGUID: str | None) -> Record:
    return _item(state, itemGUID)


@handles("GetItemByPurchaseOrderNumber")
def get_item_by_po(state: SeveraState, poNumber: str | None) -> Record:
    """The first item stored with this purchase order number."""
    found = next((i for i in _visible_items(state)
                  if code_key(poNumber) and code_key(i.get("PurchaseOrderNumber")) == code_key(poNumber)), None)
    if found is None:
        raise NotFound(f"Item with purchase order number '{poNumber}' was not found.")
    return found


@handles("AddNewExpenseToProductByPoNumber")
def add_expense_by_po(state: SeveraState, poNumber: str | None, itemInfo: Any) -> Record:
    """A new expense item next to the product item of that purchase order: same case, product and phase
    unless the request says otherwise."""
    product_item = get_item_by_po(state, poNumber)
    item = entity_param(itemInfo, "itemInfo")
    for name in ("CaseGUID", "ProductGUID", "TaskGUID"):
        if not key(item.get(name)):
            item[name] = product_item.get(name)
    item["PurchaseOrderNumber"] = product_item.get("PurchaseOrderNumber")
    return save(state, "Item", prepare_item(state, item, None), new=True)


def _inserted_between(state: SeveraState, item: Record, start: Any, end: Any) -> bool:
    at = inserted_at(state, "Item", item)
    if at is None or (start is not None and at < instant(start)):
        return False
    if end is None:
        return True
    limit = instant(end)
    if (limit.hour, limit.minute, limit.second, limit.microsecond) == (0, 0, 0, 0):
        return at < limit + timedelta(days=1)  # a date-only end takes its whole day
    return at <= limit


@handles("GetItemsByInsertDate")
def get_items_by_insert_date(state: SeveraState, insertStartDate: Any, insertEndDate: Any) -> list[Record]:
    return [i for i in _visible_items(state) if _inserted_between(state, i, insertStartDate, insertEndDate)]


@handles("GetItemsChangedSince")
def get_items_changed_since(state: SeveraState, startDate: Any) -> list[Record]:
    return [i for i in changed_since(state, "Item", startDate) if visible_through_case(state, i)]


@handles("GetItemsByCaseGUID")
def get_items_by_case(state: SeveraState, caseGUID: str | None) -> list[Record]:
    return [i for i in _visible_items(state) if same(i.get("CaseGUID"), caseGUID)]


@handles("GetReimbursedItemByGUID")
def get_reimbursed_item(state: SeveraState, itemGUID: str | None) -> Record:
    item = find(state, "Item", itemGUID)
    if item is None or not visible_through_case(state, item) or not reimbursed(state, item):
        raise NotFound(f"Reimbursed item with GUID {itemGUID} was not found.")
    return item


@handles("GetReimbursedItemsChangedSince")
def get_reimbursed_items_changed_since(state: SeveraState, startDate: Any, inCreditNote: bool | None) -> list[Record]:
    return [i for i in get_items_changed_since(state, startDate) if reimbursed(state, i, inCreditNote)]


def is_travel_expense(state: SeveraState, item: Record) -> bool:
    return find(state, "TravelExpense", item.get("ProductGUID")) is not None or code_key(
        item.get("ProductType")) == "travelexpense"


@handles("GetTravelExpensesByDate")
def get_travel_expenses_by_date(state: SeveraState, businessUnitGUID: str | None, startDate: Any,
                                endDate: Any) -> list[Record]:
    """Items of travel-expense types whose EventDate falls on the days [startDate, endDate]."""
    return [i for i in _visible_items(state, businessUnitGUID)
            if is_travel_expense(state, i) and in_days(i.get("EventDate"), startDate, endDate)]


# ====================================================================== hour entries
def prepare_hours(state: SeveraState, info: Record, stored: Record | None = None) -> Record:
    """An hour entry checked and completed (not saved): user, case, phase and work type must exist."""
    if stored is None:
        entry = {k: v for k, v in info.items() if k not in SERVER_OWNED}
    else:
        entry = merged(stored, info, fixed=("GUID", *SERVER_OWNED))
    user = find(state, "User", entry.get("UserGUID")) if key(entry.get("UserGUID")) else None
    if user is None:
        raise ValidationFailure(f"UserGUID: user {entry.get('UserGUID')} was not found." if key(
            entry.get("UserGUID")) else "UserGUID is required.")
    if user.get("IsActive") is False:
        raise ValidationFailure(f"UserGUID: user {user.get('Code') or user['GUID']} is inactive.")
    phase = find(state, "Phase", entry.get("PhaseGUID")) if key(entry.get("PhaseGUID")) else None
    if key(entry.get("PhaseGUID")) and phase is None:
        raise ValidationFailure(f"PhaseGUID: phase {entry['PhaseGUID']} was not found.")
    case_guid = entry.get("CaseGUID") if key(entry.get("CaseGUID")) else (phase or {}).get("CaseGUID")
    case = _case_for_write(state, case_guid, "Hours cannot be entered on a closed case.")
    phase = phase or find(state, "Phase", case.get("RootTaskGUID"))
    if phase is not None:
        if not same(phase.get("CaseGUID"), case["GUID"]):
            raise ValidationFailure(f"PhaseGUID: phase {phase['GUID']} is not a phase of case {case['GUID']}.")
        if phase.get("IsLocked") or phase.get("IsCompleted"):
            raise ValidationFailure(f"PhaseGUID: phase '{phase.get('Name')}' is locked or completed.")
    work_type = _work_type(state, entry, user, phase)
    if entry.get("EventDate") is None and entry.get("StartTime") is not None:
        start = entry["StartTime"]
        entry["EventDate"] = datetime(start.year, start.month, start.day)
    if entry.get("EventDate") is None:
        raise ValidationFailure("EventDate is required.")
    if entry.get("StartTime") is not None and entry.get("EndTime") is not None:
        if instant(entry["EndTime"]) < instant(entry["StartTime"]):
            raise ValidationFailure("EndTime is before StartTime.")
        if entry.get("Quantity") is None:
            hours = Decimal((instant(entry["EndTime"]) - instant(entry["StartTime"])).total_seconds()) / 3600
            entry["Quantity"] = hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if entry.get("Quantity") is None:
        raise ValidationFailure("Quantity is required (or StartTime and EndTime).")
    if dec(entry["Quantity"]) < 0:  # type: ignore[operator]
        raise ValidationFailure("Quantity cannot be negative.")
    defaults = {"IsBillable": not case.get("IsInternal"), "IsApproved": False,
                "IsProductive": (work_type or {}).get("IsProductive", True),
                "UnitPrice": dec((phase or {}).get("PricePerHour"), Decimal(0)), "UnitCost": Decimal(0)}
    for name, value in defaults.items():
        if entry.get(name) is None:
            entry[name] = value
    entry.update(UserGUID=user["GUID"], CaseGUID=case["GUID"], AccountGUID=case.get("AccountGUID"),
                 PhaseGUID=(phase or {}).get("GUID"), TaskGUID=(phase or {}).get("GUID"),
                 WorkTypeGUID=(work_type or {}).get("GUID"), IsReadOnly=bool(entry.get("IsReadOnly")),
                 UnitPriceInBaseCurrency=in_base_currency(dec(entry["UnitPrice"]), currency_rate(state, None, case)))
    return entry


def _work_type(state: SeveraState, entry: Record, user: Record, phase: Record | None) -> Record | None:
    guid = entry.get("WorkTypeGUID")
    if key(guid):
        work_type = find(state, "WorkType", guid)
        if work_type is None:
            raise ValidationFailure(f"WorkTypeGUID: work type {guid} was not found.")
        if work_type.get("IsActive") is False:
            raise ValidationFailure(f"WorkTypeGUID: work type '{work_type.get('Name')}' is inactive.")
        if phase is not None and not any(same(w["GUID"], work_type["GUID"])
                                         for w in phase_work_types(state, phase["GUID"])):
            raise ValidationFailure(f"WorkTypeGUID: work type '{work_type.get('Name')}' is not allowed on phase "
                                    f"'{phase.get('Name')}'.")
        return work_type
    allowed = phase_work_types(state, phase["GUID"]) if phase is not None else [
        w for w in every(state, "WorkType") if w.get("IsActive") is not False]
    candidates = [user.get("WorktypeGUID"), (phase or {}).get("WorkTypeGUID"),
                  *(w["GUID"] for w in allowed if w.get("IsDefault"))]
    for candidate in candidates:
        found = next((w for w in allowed if same(w["GUID"], candidate)), None)
        if found is not None:
            return found
    restricted = phase is not None and linked(state, "phaseWorkTypes", phase["GUID"])
    return allowed[0] if restricted and allowed else None


def _entry(state: SeveraState, guid: str | None) -> Record:
    entry = find(state, "HourEntry", guid)
    if entry is None or not visible_through_case(state, entry):
        raise NotFound(f"Hour entry with GUID {guid} was not found.")
    return entry


def _entries(state: SeveraState, business_unit: str | None = None, start: Any = None, end: Any = None,
             user: str | None = None) -> list[Record]:
    return [e for e in every(state, "HourEntry") if visible_through_case(state, e, business_unit)
            and ((start is None and end is None) or in_days(e.get("EventDate"), start, end))
            and (not key(user) or same(e.get("UserGUID"), user))]


def _changeable(state: SeveraState, guid: str | None, verb: str) -> Record:
    entry = find(state, "HourEntry", guid)
    if entry is None:
        raise NotFound(f"Hour entry with GUID {guid} was not found.")
    if not visible_through_case(state, entry):
        raise NoPermission(f"No permission to the case of hour entry {entry['GUID']}.")
    if key(entry.get("InvoiceGUID")) or entry.get("IsReadOnly"):
        raise ValidationFailure(f"Hour entry {entry['GUID']} is invoiced and cannot be {verb}.")
    return entry


@handles("AddNewHourEntry")
def add_new_hour_entry(state: SeveraState, hourEntryInfo: Any) -> Record:
    info = entity_param(hourEntryInfo, "hourEntryInfo")
    if key(info.get("GUID")) and find(state, "HourEntry", info["GUID"]) is not None:
        raise ValidationFailure(f"An hour entry with GUID {info['GUID']} already exists.")
    return save(state, "HourEntry", prepare_hours(state, info), new=True)


@handles("UpdateHourEntry")
def update_hour_entry(state: SeveraState, hourEntryInfo: Any) -> Record:
    info = entity_param(hourEntryInfo, "hourEntryInfo")
    stored = _changeable(state, info.get("GUID"), "changed")
    updated = prepare_hours(state, info, stored)
    stored.clear()
    stored.update(updated)
    return save(state, "HourEntry", stored)


@handles("DeleteHourEntry")
def delete_hour_entry(state: SeveraState, hourEntryGUID: str | None) -> bool:
    entry = _changeable(state, hourEntryGUID, "deleted")
    remove(state, "HourEntry", entry["GUID"])
    return True


@handles("GetHourEntryByGUID")
def get_hour_entry(state: SeveraState, hourEntryGUID: str | None) -> Record:
    return _entry(state, hourEntryGUID)


@handles("GetHourEntriesByDate")
def get_hour_entries_by_date(state: SeveraState, businessUnitGUID: str | None, startdate: Any,
                             enddate: Any) -> list[Record]:
    return _entries(state, businessUnitGUID, startdate, enddate)


@handles("GetHourEntriesByDateAndUserGUID", "GetHourEntriesByDateAndUser")
def get_hour_entries_by_user(state: SeveraState, businessUnitGUID: str | None, startdate: Any, enddate: Any,
                             userGUID: str | None) -> list[Record]:
    return _entries(state, businessUnitGUID, startdate, enddate, userGUID)


@handles("GetHourEntriesByCaseGUID")
def get_hour_entries_by_case(state: SeveraState, caseGuid: str | None, startDate: Any, endDate: Any) -> list[Record]:
    return [e for e in _entries(state, None, startDate, endDate) if same(e.get("CaseGUID"), caseGuid)]


@handles("GetInvoicedHourEntriesByCaseGUID")
def get_invoiced_hour_entries(state: SeveraState, caseGuid: str | None) -> list[Record]:
    return [e for e in get_hour_entries_by_case(state, caseGuid, None, None) if key(e.get("InvoiceGUID"))]


@handles("GetHourEntriesChangedSince")
def get_hour_entries_changed_since(state: SeveraState, startDate: Any) -> list[Record]:
    return [e for e in changed_since(state, "HourEntry", startDate) if visible_through_case(state, e)]


@handles("GetReimbursedHourEntryByGUID")
def get_reimbursed_hour_entry(state: SeveraState, hourEntryGUID: str | None) -> Record:
    entry = find(state, "HourEntry", hourEntryGUID)
    if entry is None or not visible_through_case(state, entry) or not reimbursed(state, entry):
        raise NotFound(f"Reimbursed hour entry with GUID {hourEntryGUID} was not found.")
    return entry


@handles("GetReimbursedHourEntriesByDate")
def get_reimbursed_hour_entries_by_date(state: SeveraState, businessUnitGUID: str | None, startdate: Any,
                                        enddate: Any, inCreditNote: bool | None) -> list[Record]:
    return [e for e in _entries(state, businessUnitGUID, startdate, enddate) if reimbursed(state, e, inCreditNote)]


@handles("GetReimbursedHourEntriesChangedSince")
def get_reimbursed_hour_entries_changed_since(state: SeveraState, startDate: Any,
                                              inCreditNote: bool | None) -> list[Record]:
    return [e for e in get_hour_entries_changed_since(state, startDate) if reimbursed(state, e, inCreditNote)]


@handles("GetWorkDayInfoByDateRangeAndUserGUID")
def get_work_day_info(state: SeveraState, businessUnitGUID: str | None, startdate: Any, enddate: Any,
                      userGUID: str | None, includeUnPaidAbsenses: bool | None,
                      includeInfoForInactiveUser: bool | None) -> list[Record]:
    """One WorkDayInfo per day of [startdate, enddate]: the user's entries, their total and the expected
    hours (extra["expectedDailyHours"][user], else 7.5 on weekdays; weekends 0). No absences are modelled."""
    if startdate is None or enddate is None:
        raise GeneralFailure("startdate and enddate are required.")
    user = find(state, "User", userGUID)
    if user is None:
        raise GeneralFailure(f"User with GUID {userGUID} was not found.")
    if user.get("IsActive") is False and not includeInfoForInactiveUser:
        return []
    first, last = day_of(startdate), day_of(enddate)
    if (last - first).days >= MAX_WORK_DAYS:
        raise GeneralFailure(f"The date range is limited to {MAX_WORK_DAYS} days.")
    overrides = {key(k): v for k, v in state.extra.get("expectedDailyHours", {}).items()}
    daily = dec(overrides.get(key(user["GUID"])), DEFAULT_DAILY_HOURS)
    entries = _entries(state, businessUnitGUID, first, last, user["GUID"])
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        booked = [e for e in entries if day_of(e["EventDate"]) == day]
        total = sum((dec(e.get("Quantity"), Decimal(0)) for e in booked), Decimal(0))  # type: ignore[misc]
        expected = daily if day.weekday() < 5 else Decimal(0)
        days.append({"Activities": [], "Date": datetime(day.year, day.month, day.day), "Entries": booked,
                     "ExpectedHours": expected, "OvertimeAllowed": False,
                     "ReadOnly": any(key(e.get("InvoiceGUID")) or e.get("IsReadOnly") for e in booked),
                     "Ready": bool(expected) and total >= expected, "TotalHours": total})
    return days
