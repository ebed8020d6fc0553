"""ITravelReimbursement and ITravelReimbursementStatus: travel reimbursements by GUID, number, date and status,
their attachments and PDF, and their status (PC-19: picked up in one status, moved to another after transfer).

A travel reimbursement has no business unit of its own: it belongs to its user's (User.BusinessUnitGUID), which is
what the business-unit parameters and the API user's limit (SEV-02) go by. Attachments are File records named by
the rows' FileGUIDs, with their bytes in state.files.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from simulators.severa import pdf
from simulators.severa.faults import NotFound, ValidationFailure
from simulators.severa.handlers.files import file_record
from simulators.severa.handlers.invoices import (
    as_datetime,
    business_units_under,
    cents,
    day_of,
    flags,
    money,
    within,
    writable,
)
from simulators.severa.service import handles
from simulators.severa.state import SeveraState

INCLUDE_CHILD_BUSINESS_UNITS = 16  # TravelReimbursementGetOptions.IncludeChildBusinessUnits (NewOnly 1: no effect)


def business_unit_of(state: SeveraState, reimbursement: dict[str, Any]) -> str:
    user = state.get("User", reimbursement.get("UserGUID")) or {}
    return (user.get("BusinessUnitGUID") or "").lower()


def _reimbursement(state: SeveraState, guid: str | None) -> dict[str, Any]:
    found = state.get("TravelReimbursement", guid.strip() if guid else guid)
    if found is None or not state.visible(business_unit_of(state, found)):
        raise NotFound(f"Travel reimbursement with GUID {guid} was not found.")
    return found


def _status(state: SeveraState, name: str | None) -> dict[str, Any] | None:
    wanted = (name or "").strip().lower()
    return next((s for s in state.all("TravelReimbursementStatus") if (s.get("Name") or "").lower() == wanted),
                None) if wanted else None


def _select(state: SeveraState, status: str | None = None, business_unit: str | None = None,
            include_children: bool = False, start: Any = None, end: Any = None) -> list[dict[str, Any]]:
    units = business_units_under(state, business_unit, include_children)
    wanted = (status or "").strip().lower()
    found = []
    for reimbursement in state.all("TravelReimbursement"):
        unit = business_unit_of(state, reimbursement)
        if not state.visible(unit) or (units is not None and unit not in units):
            continue
        if wanted and (reimbursement.get("TravelReimbursementStatus") or "").lower() != wanted:
            continue
        if within(reimbursement.get("Date"), start, end):
            found.append(reimbursement)
    return found


@handles("GetAllTravelReimbursementStatuses")
def get_all_travel_reimbursement_statuses(state: SeveraState) -> list[dict[str, Any]]:
    return sorted(state.all("TravelReimbursementStatus"), key=lambda s: s.get("SortOrder") or 0)


@handles("GetTravelReimbursementByGUID")
def get_travel_reimbursement_by_guid(state: SeveraState, travelReimbursementGUID: str | None) -> dict[str, Any]:
    return _reimbursement(state, travelReimbursementGUID)


@handles("GetTravelReimbursementByNumber")
def get_travel_reimbursement_by_number(state: SeveraState, travelReimbursementNumber: int | None,
                                       travelReimbursementNumberingBusinessUnitGUID: str | None) -> dict[str, Any]:
    unit = (travelReimbursementNumberingBusinessUnitGUID or "").strip().lower()
    for reimbursement in _select(state):
        if reimbursement.get("Number") == travelReimbursementNumber and (
                not unit or business_unit_of(state, reimbursement) == unit):
            return reimbursement
    raise NotFound(f"Travel reimbursement number {travelReimbursementNumber} was not found.")


@handles("GetTravelReimbursementsByDate")
def get_travel_reimbursements_by_date(state: SeveraState, startDate: Any, endDate: Any,
                                      options: int | None) -> list[dict[str, Any]]:
    return _select(state, start=startDate, end=endDate)


@handles("GetTravelReimbursementsByStatus")
def get_travel_reimbursements_by_status(state: SeveraState, status: str | None, options: int | None,
                                        businessUnitGUID: str | None) -> list[dict[str, Any]]:
    if not status or not status.strip():
        return []
    return _select(state, status, businessUnitGUID, bool(flags(options) & INCLUDE_CHILD_BUSINESS_UNITS))


@handles("GetTravelReimbursementsByStatusGUID")
def get_travel_reimbursements_by_status_guid(state: SeveraState, travelReimbursementStatusGUID: str | None,
                                             options: int | None) -> list[dict[str, Any]]:
    status = state.get("TravelReimbursementStatus", (travelReimbursementStatusGUID or "").strip())
    if status is None:
        raise NotFound(f"Travel reimbursement status with GUID {travelReimbursementStatusGUID} was not found.")
    return _select(state, status.get("Name"))


@handles("SetTravelReimbursementStatus")
def set_travel_reimbursement_status(state: SeveraState, travelReimbursementGUID: str | None,
                                    status: str | None) -> None:
    """PC-19: moves the reimbursement to a status by name; an approving status stamps the approval date."""
    reimbursement = writable(state, "TravelReimbursement", travelReimbursementGUID, "Travel reimbursement",
                             lambda r: business_unit_of(state, r))
    known = _status(state, status)
    if known is None:
        raise ValidationFailure(f"Travel reimbursement status '{status}' does not exist.")
    reimbursement["TravelReimbursementStatus"] = known["Name"]
    if known.get("IsApproved") and not reimbursement.get("ApprovalDate"):
        reimbursement["ApprovalDate"] = state.clock.now()
    state.touch("TravelReimbursement", reimbursement["GUID"])


@handles("GetTravelReimbursementAttachments")
def get_travel_reimbursement_attachments(state: SeveraState, guid: str | None) -> list[dict[str, Any]]:
    """The files the reimbursement's rows name (receipts), each once, in row order."""
    reimbursement = _reimbursement(state, guid)
    seen: list[str] = []
    for row in reimbursement.get("TravelReimbursementRows") or []:
        for file_guid in row.get("FileGUIDs") or []:
            if file_guid and file_guid.lower() not in seen:
                seen.append(file_guid.lower())
    return [record for g in seen if (record := file_record(state, g)) is not None]


def _user_name(state: SeveraState, guid: str | None) -> str:
    user = state.get("User", guid) or {}
    return " ".join(p for p in (user.get("FirstName"), user.get("LastName")) if p) or (guid or "")


@handles("GetTravelReimbursementPdf")
def get_travel_reimbursement_pdf(state: SeveraState, guid: str | None) -> bytes:
    """The reimbursement as a PDF: number, person, date, status, rows (quantity x unit cost) and the total."""
    reimbursement = _reimbursement(state, guid)
    line, row = pdf.Line.text, pdf.Line.row
    currency = reimbursement.get("CurrencyShortform") or "EUR"
    day = day_of(reimbursement.get("Date"))
    lines = [line(f"TRAVEL REIMBURSEMENT {reimbursement.get('Number') or ''}".strip(), 18, True), pdf.BLANK,
             line(f"Person: {_user_name(state, reimbursement.get('UserGUID'))}"),
             line(f"Date: {day.isoformat() if day else ''}"),
             line(f"Status: {reimbursement.get('TravelReimbursementStatus') or ''}"), pdf.BLANK,
             row((0, "Expense"), (230, "Date"), (300, "Quantity"), (370, "Unit cost"), (440, f"Amount ({currency})"),
                 bold=True)]
    total = Decimal(0)
    for entry in reimbursement.get("TravelReimbursementRows") or []:
        amount = cents(money(entry.get("Quantity")) * money(entry.get("UnitCost")))
        total += amount
        event = day_of(entry.get("EventDate"))
        lines.append(row((0, str(entry.get("Name") or entry.get("Description") or "")[:42]),
                         (230, event.isoformat() if event else ""),
                         (300, f"{entry.get('Quantity') or 0} {entry.get('MeasurementUnit') or ''}".strip()),
                         (370, str(entry.get("UnitCost") or 0)), (440, f"{amount:.2f}")))
    advance = money(reimbursement.get("AdvancePayment"))
    lines += [pdf.BLANK, row((300, "Total"), (440, f"{total:.2f}"), bold=True)]
    if advance:
        lines += [row((300, "Advance payment"), (440, f"{advance:.2f}")),
                  row((300, "To be paid"), (440, f"{total - advance:.2f}"), bold=True)]
    if reimbursement.get("Notes"):
        lines += [pdf.BLANK, line(str(reimbursement["Notes"]))]
    created = as_datetime(reimbursement.get("Date")) or state.clock.now()
    return pdf.render(lines, title=f"Travel reimbursement {reimbursement.get('Number') or reimbursement['GUID']}",
                      created=created)
