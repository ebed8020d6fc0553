"""IInvoice and IInvoiceStatus (a first slice: statuses, read by GUID and status, set status)."""

from __future__ import annotations

from typing import Any

from simulators.severa.faults import NotFound, ValidationFailure
from simulators.severa.service import handles
from simulators.severa.state import SeveraState


@handles("GetAllInvoiceStatuses")
def get_all_invoice_statuses(state: SeveraState) -> list[dict[str, Any]]:
    return sorted(state.all("InvoiceStatus"), key=lambda s: s.get("SortOrder", 0))


@handles("GetInvoiceByGUID")
def get_invoice_by_guid(state: SeveraState, invoiceGUID: str | None) -> dict[str, Any]:
    invoice = state.get("Invoice", invoiceGUID)
    if invoice is None or not state.visible(invoice.get("BusinessUnitGUID")):
        raise NotFound(f"Invoice with GUID {invoiceGUID} was not found.")
    return invoice


@handles("GetInvoicesByStatus")
def get_invoices_by_status(state: SeveraState, businessUnitGUID: str | None, status: str | None,
                           options: int | None, maxInvoices: int | None) -> list[dict[str, Any]]:
    found = [i for i in state.all("Invoice") if i.get("InvoiceStatus") == status and state.visible(
        i.get("BusinessUnitGUID")) and (not businessUnitGUID or i.get("BusinessUnitGUID") == businessUnitGUID.lower())]
    return found[:maxInvoices] if maxInvoices else found


@handles("SetInvoiceStatus")
def set_invoice_status(state: SeveraState, invoiceGUID: str | None, status: str | None) -> None:
    invoice = get_invoice_by_guid(state, invoiceGUID)
    if not any(s.get("Name") == status for s in state.all("InvoiceStatus")):
        raise ValidationFailure(f"Invoice status '{status}' does not exist.")
    invoice["InvoiceStatus"] = status
    state.touch("Invoice", invoice["GUID"])
