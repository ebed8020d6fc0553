"""IInvoice and IInvoiceStatus: invoices by GUID, number, status and date; status, number, payment date and log
writes; PDFs, attachments, Finvoice XML, invoices created from items, and where an invoice's rows came from.

Stores besides the Invoice records (seed them under "extra" and "files"):
- state.extra["invoiceFiles"]: {invoice GUID: [InvoiceFile, ...]}; each attachment's bytes in state.files[GUID];
- state.extra["invoiceLog"]: [{"invoiceGuid", "context", "text", "source", "eventTimeUtc", "loggedAt"}, ...].

Not found differs per operation, as in Severa: the by-GUID operations fault NotFound, GetInvoiceByNumber answers
null, lists answer empty. A malformed GUID given to a write is a GeneralFailure (Severa parses it as a .NET Guid);
a write to an invoice outside the API user's business units (SEV-02) is NoPermission; a read of one is NotFound.
A credit note is an invoice with IsCreditNote true whose ReimburseInvoiceGUID names the invoice it credits.
"""

from __future__ import annotations

import re
import textwrap
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import MAX_EMAX, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from lxml import etree

from simulators.severa import pdf
from simulators.severa.faults import GeneralFailure, NoPermission, NotFound, ValidationFailure
from simulators.severa.service import handles, received
from simulators.severa.state import SeveraState

NEW_ONLY = 1  # InvoiceGetOptions.NewOnly: accepted, no effect (its meaning for these operations is unknown)
EXCLUDE_CHILD_BUSINESS_UNITS = 16  # InvoiceGetOptions.ExcludeChildBusinessUnits
GUID_FORMAT = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
_GUID = re.compile(r"^[({]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}[)}]?$")
PAID, UNPAID = "Paid", "Unpaid"
FINVOICE_VERSIONS = {"", "3", "3.0"}
CENT = Decimal("0.01")


# ---------------------------------------------------------------------------------------------- shared helpers
def is_guid(value: str | None) -> bool:
    return bool(value) and bool(_GUID.match(value.strip()))


def as_datetime(value: Any) -> datetime | None:
    """A stored or given date (datetime, date or ISO string, as seeds hold them) as a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def day_of(value: Any) -> date | None:
    moment = as_datetime(value)
    return moment.date() if moment is not None and moment.year > 1 else None


def within(value: Any, start: Any, end: Any) -> bool:
    """Whether a record's date lies in [start, end] by calendar day; a missing bound is open."""
    day, first, last = day_of(value), day_of(start), day_of(end)
    if first is None and last is None:
        return True
    return day is not None and (first is None or day >= first) and (last is None or day <= last)


def flags(options: Any) -> int:
    try:
        return int(options or 0)
    except (TypeError, ValueError):
        return 0


def business_units_under(state: SeveraState, guid: str | None, include_children: bool = True) -> set[str] | None:
    """The business unit and, when asked, every unit below it (BusinessUnit.ParentBusinessUnitGUID); None: all."""
    if not guid or not guid.strip():
        return None
    root = guid.strip().lower()
    found = {root}
    if include_children:
        children: dict[str, list[str]] = {}
        for unit in state.all("BusinessUnit"):
            parent = (unit.get("ParentBusinessUnitGUID") or "").lower()
            if parent:
                children.setdefault(parent, []).append(unit["GUID"])
        todo = [root]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def writable(state: SeveraState, kind: str, guid: str | None, label: str, unit_of: Callable[[dict[str, Any]], Any],
             hidden: type[Exception] = NoPermission) -> dict[str, Any]:
    """The record a write changes: GeneralFailure for a malformed GUID, NotFound, or `hidden` outside SEV-02."""
    record = state.get(kind, guid.strip() if guid else guid)
    if record is None:
        if not is_guid(guid):
            raise GeneralFailure(GUID_FORMAT)
        raise NotFound(f"{label} with GUID {guid} was not found.")
    if not state.visible(unit_of(record)):
        if hidden is NotFound:
            raise NotFound(f"{label} with GUID {guid} was not found.")
        raise NoPermission(f"The API user has no rights to change {label.lower()} {guid}.")
    return record


def plain(value: Any) -> Any:
    """A spyne request object as stored values: dicts with every member of the contract type, lists, primitives."""
    return received(value, keep_unset=True)


def money(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def cents(value: Decimal) -> Decimal:
    """Rounded half up to cents at any magnitude: a seeded amount is the tenant's own and is shown as it is, so the
    context is as wide as the value (the default 28 digits cannot quantize 1e30); infinity and NaN pass through."""
    if not value.is_finite():
        return value
    wide = Context(prec=max(28, value.adjusted() + 3), Emax=MAX_EMAX)
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=wide)


def stored_number(value: Decimal) -> float:
    """Amounts are stored as JSON numbers (datasets are JSON), rounded to cents."""
    return float(cents(value))


def finnish_reference(number: int) -> str:
    """A Finnish creditor reference (viitenumero) for an invoice number: weights 7, 3, 1 from the right."""
    digits = str(number)
    total = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed(digits)))
    return f"{digits}{(10 - total % 10) % 10}"


# ---------------------------------------------------------------------------------------------- invoice lookups
def invoice_status(state: SeveraState, name: str | None) -> dict[str, Any] | None:
    wanted = (name or "").strip().lower()
    return next((s for s in state.all("InvoiceStatus") if (s.get("Name") or "").lower() == wanted), None) \
        if wanted else None


def select_invoices(state: SeveraState, business_unit: str | None, options: Any, status: str | None = None,
                    start: Any = None, end: Any = None) -> Iterator[dict[str, Any]]:
    """Visible invoices of a business unit (and its children unless ExcludeChildBusinessUnits), by status/date."""
    units = business_units_under(state, business_unit, not flags(options) & EXCLUDE_CHILD_BUSINESS_UNITS)
    wanted = (status or "").strip().lower()
    for invoice in state.all("Invoice"):
        unit = (invoice.get("BusinessUnitGUID") or "").lower()
        if not state.visible(unit) or (units is not None and unit not in units):
            continue
        if wanted and (invoice.get("InvoiceStatus") or "").lower() != wanted:
            continue
        if within(invoice.get("Date"), start, end):
            yield invoice


def invoice_by_number(state: SeveraState, number: int | None, business_unit: str | None) -> dict[str, Any] | None:
    """The visible invoice with this number in the business unit's numbering (any unit when none is given)."""
    unit = (business_unit or "").strip().lower()
    for invoice in state.all("Invoice"):
        numbering = {(invoice.get(k) or "").lower() for k in ("InvoiceNumberingBusinessUnitGUID", "BusinessUnitGUID")}
        if number is not None and invoice.get("Number") == number and (not unit or unit in numbering) \
                and state.visible(invoice.get("BusinessUnitGUID")):
            return invoice
    return None


def invoice_files(state: SeveraState, invoice_guid: str) -> list[dict[str, Any]]:
    files = next((v for k, v in (state.extra.get("invoiceFiles") or {}).items() if k.lower() == invoice_guid.lower()),
                 None) or []
    return sorted(files, key=lambda f: f.get("PrintOrder") or 0)


def _unit(invoice: dict[str, Any]) -> Any:
    return invoice.get("BusinessUnitGUID")


# ---------------------------------------------------------------------------------------------- reads
@handles("GetAllInvoiceStatuses")
def get_all_invoice_statuses(state: SeveraState) -> list[dict[str, Any]]:
    return sorted(state.all("InvoiceStatus"), key=lambda s: s.get("SortOrder", 0))


@handles("GetInvoiceByGUID")
def get_invoice_by_guid(state: SeveraState, invoiceGUID: str | None) -> dict[str, Any]:
    invoice = state.get("Invoice", invoiceGUID)
    if invoice is None or not state.visible(invoice.get("BusinessUnitGUID")):
        raise NotFound(f"Invoice with GUID {invoiceGUID} was not found.")
    return invoice


@handles("GetInvoiceByNumber")
def get_invoice_by_number(state: SeveraState, invoiceNumber: int | None,
                          businessUnitGUID: str | None) -> dict[str, Any] | None:
    return invoice_by_number(state, invoiceNumber, businessUnitGUID)


@handles("GetInvoicesByStatus")
def get_invoices_by_status(state: SeveraState, businessUnitGUID: str | None, status: str | None,
                           options: int | None, maxInvoices: int | None) -> list[dict[str, Any]]:
    found = list(select_invoices(state, businessUnitGUID, options, status)) if status and status.strip() else []
    return found[:maxInvoices] if maxInvoices and maxInvoices > 0 else found


@handles("GetInvoicesByStatusAndBusinessUnit")
def get_invoices_by_status_and_business_unit(state: SeveraState, status: str | None,
                                             businessUnitGUID: str | None) -> list[dict[str, Any]]:
    return list(select_invoices(state, businessUnitGUID, 0, status)) if status and status.strip() else []


@handles("GetInvoicesByDate")
def get_invoices_by_date(state: SeveraState, businessUnitGUID: str | None, startDate: datetime | None,
                         endDate: datetime | None, options: int | None) -> list[dict[str, Any]]:
    return list(select_invoices(state, businessUnitGUID, options, None, startDate, endDate))


@handles("GetInvoicesByDateAndStatus")
def get_invoices_by_date_and_status(state: SeveraState, businessUnitGUID: str | None, startDate: datetime | None,
                                    endDate: datetime | None, status: str | None,
                                    options: int | None) -> list[dict[str, Any]]:
    return list(select_invoices(state, businessUnitGUID, options, status, startDate, endDate))


# ---------------------------------------------------------------------------------------------- writes
@handles("SetInvoiceStatus")
def set_invoice_status(state: SeveraState, invoiceGUID: str | None, status: str | None) -> None:
    invoice = writable(state, "Invoice", invoiceGUID, "Invoice", _unit)
    known = invoice_status(state, status)
    if known is None:
        raise ValidationFailure(f"Invoice status '{status}' does not exist.")
    invoice["InvoiceStatus"] = known["Name"]
    state.touch("Invoice", invoice["GUID"])


@handles("SetInvoiceNumber")
def set_invoice_number(state: SeveraState, invoiceGUID: str | None, invoiceNumber: int | None,
                       referenceNumber: str | None, status: str | None) -> None:
    """VA-06: the number (and reference number) given replace any earlier ones; a status, when given, is set."""
    invoice = writable(state, "Invoice", invoiceGUID, "Invoice", _unit)
    if invoiceNumber is None or invoiceNumber <= 0:
        raise ValidationFailure(f"Invoice number must be a positive integer, not {invoiceNumber}.")
    known = invoice_status(state, status)
    if status and status.strip() and known is None:
        raise ValidationFailure(f"Invoice status '{status}' does not exist.")
    invoice["Number"] = invoiceNumber
    invoice["ReferenceNumber"] = referenceNumber
    if isinstance(invoice.get("InvoiceDetails"), dict):
        invoice["InvoiceDetails"]["invoiceNumber"] = invoiceNumber
    if known is not None:
        invoice["InvoiceStatus"] = known["Name"]
    state.touch("Invoice", invoice["GUID"])


@handles("SetInvoicePaymentDate")
def set_invoice_payment_date(state: SeveraState, invoiceGUID: str | None, paymentDate: datetime | None) -> None:
    """VA-23: the payment date (null clears it) and the payment status that follows from it."""
    invoice = writable(state, "Invoice", invoiceGUID, "Invoice", _unit)
    invoice["PaymentDate"] = paymentDate
    invoice["PaymentStatus"] = PAID if paymentDate is not None else UNPAID
    state.touch("Invoice", invoice["GUID"])


@handles("AddNewInvoiceLogEntry")
def add_new_invoice_log_entry(state: SeveraState, invoiceGuid: str | None, context: str | None, text: str | None,
                              source: str | None, eventTimeUtc: datetime | None, ignoreDuplicates: bool | None) -> None:
    """Appends to the invoice's log; with ignoreDuplicates an entry equal in context, text and source is skipped."""
    invoice = writable(state, "Invoice", invoiceGuid, "Invoice", _unit, hidden=NotFound)
    if not text or not text.strip():
        raise GeneralFailure("The log entry has no text.")
    log = state.extra.setdefault("invoiceLog", [])
    entry = {"invoiceGuid": invoice["GUID"], "context": context, "text": text, "source": source}
    if ignoreDuplicates and any({k: e.get(k) for k in entry} == entry for e in log):
        return None
    moment = eventTimeUtc or state.clock.now()
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    log.append({**entry, "eventTimeUtc": moment.isoformat(), "loggedAt": state.clock.now().isoformat()})
    state.touch("Invoice", invoice["GUID"])
    return None


# ---------------------------------------------------------------------------------------------- PDFs, attachments
def _pdf_or_attachment(state: SeveraState, invoice: dict[str, Any], option: Any) -> bytes:
    """All: the invoice PDF; AttachmentOnly: the first PDF attachment (by PrintOrder), or nothing."""
    if str(option) in ("AttachmentOnly", "1"):
        for file in invoice_files(state, invoice["GUID"]):
            is_pdf = "pdf" in (file.get("MIMEtype") or "").lower() or (file.get("Name") or "").lower().endswith(".pdf")
            content = state.files.get((file.get("GUID") or "").lower())
            if is_pdf and content:
                return content
        return b""
    return invoice_pdf(state, invoice)


@handles("GetInvoicePdf")
def get_invoice_pdf(state: SeveraState, invoiceNumber: int | None, invoiceNumberingBusinessUnitGUID: str | None,
                    getAttachmentOnly: Any) -> bytes:
    invoice = invoice_by_number(state, invoiceNumber, invoiceNumberingBusinessUnitGUID)
    if invoice is None:
        raise NotFound(f"Invoice number {invoiceNumber} was not found.")
    return _pdf_or_attachment(state, invoice, getAttachmentOnly)


@handles("GetInvoicePdfByInvoiceGUID")
def get_invoice_pdf_by_invoice_guid(state: SeveraState, invoiceGuid: str | None, getAttachmentOnly: Any) -> bytes:
    return _pdf_or_attachment(state, get_invoice_by_guid(state, invoiceGuid), getAttachmentOnly)


@handles("GetInvoiceAttachmentFileGUIDs")
def get_invoice_attachment_file_guids(state: SeveraState, invoiceGuid: str | None) -> list[dict[str, Any]]:
    return invoice_files(state, get_invoice_by_guid(state, invoiceGuid)["GUID"])


@handles("GetInvoiceAttachmentFile")
def get_invoice_attachment_file(state: SeveraState, attachmentGuid: str | None) -> bytes:
    wanted = (attachmentGuid or "").strip().lower()
    for invoice_guid, files in (state.extra.get("invoiceFiles") or {}).items():
        invoice = state.get("Invoice", invoice_guid)
        if invoice is None or not state.visible(invoice.get("BusinessUnitGUID")):
            continue
        if wanted and any((f.get("GUID") or "").lower() == wanted for f in files) and wanted in state.files:
            return state.files[wanted]
    raise NotFound(f"Invoice attachment with GUID {attachmentGuid} was not found.")


# ---------------------------------------------------------------------------------------------- amounts
def row_amounts(row: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """(VAT excluded, VAT, VAT included) of a row: the stored amounts, or computed from quantity and price."""
    quantity, price = money(row.get("deliveredQuantity")), money(row.get("unitPriceAmount") or row.get("rowUnitPrice"))
    excluded = money(row["rowVatExcludedAmount"]) if row.get("rowVatExcludedAmount") is not None \
        else cents(quantity * price)
    vat = money(row["rowVatAmount"]) if row.get("rowVatAmount") is not None \
        else cents(excluded * money(row.get("rowVatRatePercent")) / 100)
    included = money(row["rowAmount"]) if row.get("rowAmount") is not None else excluded + vat
    return excluded, vat, included


def invoice_totals(invoice: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """The invoice's stored totals (InvoiceDetails), or the sums of its rows when it has none."""
    details = invoice.get("InvoiceDetails")
    if isinstance(details, dict) and details.get("invoiceTotalVatIncludedAmount") is not None:
        return (money(details.get("invoiceTotalVatExcludedAmount")), money(details.get("invoiceTotalVatAmount")),
                money(details.get("invoiceTotalVatIncludedAmount")))
    sums = [Decimal(0)] * 3
    for row in invoice.get("InvoiceRows") or []:
        sums = [a + b for a, b in zip(sums, row_amounts(row), strict=True)]
    return sums[0], sums[1], sums[2]


def vat_breakdown(rows: list[dict[str, Any]]) -> dict[Decimal, tuple[Decimal, Decimal]]:
    """VAT rate -> (base, VAT) over the rows."""
    groups: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for row in rows:
        excluded, vat, _ = row_amounts(row)
        rate = money(row.get("rowVatRatePercent")).normalize()
        base, total = groups.get(rate, (Decimal(0), Decimal(0)))
        groups[rate] = (base + excluded, total + vat)
    return groups


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fmt(amount: Decimal) -> str:
    return f"{cents(amount):,.2f}".replace(",", " ")


def _day(value: Any) -> str:
    day = day_of(value)
    return day.isoformat() if day else ""


def paragraph(text: str, width: int = 95) -> list[pdf.Line]:
    """Free text as PDF lines: its own line breaks kept, long lines wrapped."""
    return [pdf.Line.text(part) for block in text.splitlines() for part in (textwrap.wrap(block, width) or [""])]


def invoice_pdf(state: SeveraState, invoice: dict[str, Any]) -> bytes:
    """The invoice as a one-page (more when it has many rows) PDF: parties, dates, rows, totals."""
    line, row = pdf.Line.text, pdf.Line.row
    currency = invoice.get("CurrencyShortform") or "EUR"
    kind = "CREDIT NOTE" if invoice.get("IsCreditNote") else "INVOICE"
    number = invoice.get("Number")
    lines = [line(f"{kind} {number if number is not None else '(not numbered)'}", 18, True), pdf.BLANK,
             row((0, _text(invoice.get("SenderName") or invoice.get("BusinessUnitName"))),
                 (300, f"Date: {_day(invoice.get('Date'))}"), bold=True),
             row((0, _text(invoice.get("SenderAddressline"))), (300, f"Due date: {_day(invoice.get('DueDate'))}")),
             row((0, f"{_text(invoice.get('SenderPostalCode'))} {_text(invoice.get('SenderCity'))}".strip()),
                 (300, f"Reference number: {_text(invoice.get('ReferenceNumber'))}")),
             row((0, f"VAT number: {_text(invoice.get('SenderVatNumber'))}"),
                 (300, f"Payment term: {_text(invoice.get('PaymentTerm'))} days")), pdf.BLANK,
             line("Customer", bold=True),
             line(_text(invoice.get("ReceiverCustomerName") or invoice.get("AccountName"))),
             line(_text(invoice.get("ReceiverAddressline"))),
             line(f"{_text(invoice.get('ReceiverPostalCode'))} {_text(invoice.get('ReceiverCity'))} "
                  f"{_text(invoice.get('ReceiverCountry'))}".strip()),
             line(f"Customer number: {_text(invoice.get('AccountNumber'))}   "
                  f"VAT number: {_text(invoice.get('ReceiverVatNumber'))}")]
    for label, key in (("Our reference", "OurReference"), ("Your reference", "YourReference"),
                       ("Order number", "OrderNumber")):
        if invoice.get(key):
            lines.append(line(f"{label}: {invoice[key]}"))
    if invoice.get("IsCreditNote") and invoice.get("ReimburseInvoiceGUID"):
        original = state.get("Invoice", invoice["ReimburseInvoiceGUID"]) or {}
        lines.append(line(f"Credits invoice {original.get('Number') or invoice['ReimburseInvoiceGUID']}"))
    if invoice.get("NotesBeforeInvoiceRows"):
        lines += [pdf.BLANK, *paragraph(invoice["NotesBeforeInvoiceRows"])]
    lines += [pdf.BLANK, row((0, "Description"), (230, "Quantity"), (300, "Unit price"), (370, "VAT %"),
                             (420, f"Amount ({currency})"), bold=True)]
    for entry in invoice.get("InvoiceRows") or []:
        excluded, _, _ = row_amounts(entry)
        lines.append(row((0, _text(entry.get("articleName"))[:42]),
                         (230, f"{_text(entry.get('deliveredQuantity'))} {_text(entry.get('quantityUnitCode'))}"),
                         (300, _text(entry.get("unitPriceAmount") or entry.get("rowUnitPrice"))),
                         (370, _text(entry.get("rowVatRatePercent"))), (420, _fmt(excluded))))
    excluded, vat, included = invoice_totals(invoice)
    lines += [pdf.BLANK, row((300, "Total excluding VAT"), (420, _fmt(excluded))),
              row((300, "VAT"), (420, _fmt(vat))),
              row((300, f"Total ({currency})"), (420, _fmt(included)), bold=True)]
    for key in ("NotesAfterInvoiceRows", "Notes"):
        if invoice.get(key):
            lines += [pdf.BLANK, *paragraph(invoice[key])]
    title = f"{kind.title()} {number if number is not None else invoice['GUID']}"
    return pdf.render(lines, title=title, created=as_datetime(invoice.get("EntryDate")) or state.clock.now())


# ---------------------------------------------------------------------------------------------- Finvoice
def finvoice_xml(state: SeveraState, invoice: dict[str, Any]) -> str:
    """The invoice as a Finvoice 3.0 document (the text a Finvoice/SeveraFinvoice item carries)."""
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element("Finvoice", {"Version": "3.0", f"{{{xsi}}}noNamespaceSchemaLocation": "Finvoice3.0.xsd"},
                         nsmap={"xsi": xsi})
    currency = invoice.get("CurrencyShortform") or "EUR"
    seller = invoice.get("SellerOrganization") or {}
    seller_address = seller.get("sellerPostalAddressDetails") or {}
    contact = invoice.get("SellerContact") or {}
    buyer = invoice.get("BuyerOrganization") or {}
    buyer_address = buyer.get("buyerPostalAddressDetails") or {}

    def add(parent: Any, tag: str, text: Any = None, **attrs: str) -> Any:
        node = etree.SubElement(parent, tag, attrs)
        if text is not None:
            node.text = str(text)
        return node

    def amount(parent: Any, tag: str, value: Decimal) -> None:
        add(parent, tag, f"{cents(value):.2f}".replace(".", ","), AmountCurrencyIdentifier=currency)

    def ccyymmdd(parent: Any, tag: str, value: Any) -> None:
        day = day_of(value)
        if day is not None:
            add(parent, tag, day.strftime("%Y%m%d"), Format="CCYYMMDD")

    transmission = add(root, "MessageTransmissionDetails")
    sender = add(transmission, "MessageSenderDetails")
    add(sender, "FromIdentifier", seller.get("sellerEInvoiceAddress") or invoice.get("SenderVatNumber") or "")
    add(sender, "FromIntermediator", seller.get("sellerEInvoiceOperator") or "")
    receiver = add(transmission, "MessageReceiverDetails")
    add(receiver, "ToIdentifier", buyer.get("buyerElectronicInvoiceAddress") or invoice.get("ReceiverVatNumber") or "")
    add(receiver, "ToIntermediator", buyer.get("buyerElectronicInvoiceOperator") or "")
    message = add(transmission, "MessageDetails")
    add(message, "MessageIdentifier", invoice["GUID"])
    add(message, "MessageTimeStamp", state.clock.now().replace(microsecond=0).isoformat())

    party = add(root, "SellerPartyDetails")
    add(party, "SellerPartyIdentifier", seller.get("sellerPartyIdentifier") or invoice.get("SenderVatNumber") or "")
    add(party, "SellerOrganisationName", seller.get("sellerOrganisationName") or invoice.get("SenderName") or "")
    add(party, "SellerOrganisationTaxCode", seller.get("sellerOrganisationTaxCode") or invoice.get("SenderVatNumber")
        or "")
    address = add(party, "SellerPostalAddressDetails")
    add(address, "SellerStreetName", seller_address.get("streetName") or invoice.get("SenderAddressline") or "")
    add(address, "SellerTownName", seller_address.get("townName") or invoice.get("SenderCity") or "")
    add(address, "SellerPostCodeIdentifier", seller_address.get("postCodeIdentifier") or
        invoice.get("SenderPostalCode") or "")
    add(address, "CountryCode", seller_address.get("countryCode") or "FI")
    add(address, "CountryName", seller_address.get("country") or invoice.get("SenderCountry") or "")
    if contact.get("sellerContactPersonName") or invoice.get("SenderContactName"):
        add(root, "SellerContactPersonName", contact.get("sellerContactPersonName") or invoice["SenderContactName"])
    information = add(root, "SellerInformationDetails")
    add(information, "SellerHomeTownName", contact.get("sellerHomeTownName") or invoice.get("SenderCity") or "")
    for account in contact.get("sellerAccountDetails") or []:
        details = add(information, "SellerAccountDetails")
        add(details, "SellerAccountID", account.get("sellerAccountID") or "", IdentificationSchemeName="IBAN")
        add(details, "SellerBic", account.get("sellerBic") or "", IdentificationSchemeName="BIC")

    party = add(root, "BuyerPartyDetails")
    add(party, "BuyerPartyIdentifier", buyer.get("buyerPartyIdentifier") or _text(invoice.get("AccountNumber")))
    add(party, "BuyerOrganisationName", buyer.get("buyerOrganisationName") or invoice.get("ReceiverCustomerName")
        or invoice.get("AccountName") or "")
    add(party, "BuyerOrganisationTaxCode", buyer.get("buyerOrganisationTaxCode") or invoice.get("ReceiverVatNumber")
        or "")
    address = add(party, "BuyerPostalAddressDetails")
    add(address, "BuyerStreetName", buyer_address.get("streetName") or invoice.get("ReceiverAddressline") or "")
    add(address, "BuyerTownName", buyer_address.get("townName") or invoice.get("ReceiverCity") or "")
    add(address, "BuyerPostCodeIdentifier", buyer_address.get("postCodeIdentifier") or
        invoice.get("ReceiverPostalCode") or "")
    add(address, "CountryCode", buyer_address.get("countryCode") or "FI")
    add(address, "CountryName", buyer_address.get("country") or invoice.get("ReceiverCountry") or "")
    if buyer.get("buyerContactPersonName") or invoice.get("ReceiverContactName"):
        add(root, "BuyerContactPersonName", buyer.get("buyerContactPersonName") or invoice["ReceiverContactName"])
    if buyer.get("buyerEmailaddressIdentifier") or invoice.get("ReceiverContactEmail"):
        add(add(root, "BuyerCommunicationDetails"), "BuyerEmailaddressIdentifier",
            buyer.get("buyerEmailaddressIdentifier") or invoice["ReceiverContactEmail"])

    credit = bool(invoice.get("IsCreditNote"))
    details = add(root, "InvoiceDetails")
    add(details, "InvoiceTypeCode", "INV02" if credit else "INV01")
    add(details, "InvoiceTypeText", "HYVITYSLASKU" if credit else "LASKU")
    add(details, "OriginCode", "Original")
    add(details, "InvoiceNumber", _text(invoice.get("Number")))
    ccyymmdd(details, "InvoiceDate", invoice.get("Date"))
    original = state.get("Invoice", invoice.get("ReimburseInvoiceGUID")) if credit else None
    if original is not None and original.get("Number") is not None:
        add(details, "OriginalInvoiceNumber", original["Number"])
    if invoice.get("OurReference"):
        add(details, "SellerReferenceIdentifier", invoice["OurReference"])
    if invoice.get("OrderNumber"):
        add(details, "OrderIdentifier", invoice["OrderNumber"])
    if invoice.get("YourReference"):
        add(details, "BuyerReferenceIdentifier", invoice["YourReference"])
    excluded, vat, included = invoice_totals(invoice)
    amount(details, "InvoiceTotalVatExcludedAmount", excluded)
    amount(details, "InvoiceTotalVatAmount", vat)
    amount(details, "InvoiceTotalVatIncludedAmount", included)
    for rate, (base, total) in vat_breakdown(invoice.get("InvoiceRows") or []).items():
        specification = add(details, "VatSpecificationDetails")
        amount(specification, "VatBaseAmount", base)
        add(specification, "VatRatePercent", f"{rate:f}".replace(".", ","))
        amount(specification, "VatRateAmount", total)
    if invoice.get("Notes"):
        add(details, "InvoiceFreeText", invoice["Notes"])
    terms = add(details, "PaymentTermsDetails")
    add(terms, "PaymentTermsFreeText", f"{invoice.get('PaymentTerm') or 0} days net")
    ccyymmdd(terms, "InvoiceDueDate", invoice.get("DueDate"))
    fine = add(terms, "PaymentOverDueFineDetails")
    add(fine, "PaymentOverDueFineFreeText", "Overdue interest")
    add(fine, "PaymentOverDueFinePercent", f"{money(invoice.get('OverDueInterest')):.2f}".replace(".", ","))
    if invoice.get("VirtualBankBarcode"):
        add(root, "VirtualBankBarcode", invoice["VirtualBankBarcode"])

    for entry in invoice.get("InvoiceRows") or []:
        row = add(root, "InvoiceRow")
        add(row, "ArticleIdentifier", entry.get("articleIdentifier") or "")
        add(row, "ArticleName", entry.get("articleName") or "")
        add(row, "DeliveredQuantity", f"{money(entry.get('deliveredQuantity')).normalize():f}".replace(".", ","),
            QuantityUnitCode=entry.get("quantityUnitCode") or "")
        amount(row, "UnitPriceAmount", money(entry.get("unitPriceAmount") or entry.get("rowUnitPrice")))
        if entry.get("rowFreeText"):
            add(row, "RowFreeText", entry["rowFreeText"])
        row_excluded, row_vat, row_included = row_amounts(entry)
        add(row, "RowVatRatePercent", f"{money(entry.get('rowVatRatePercent')).normalize():f}".replace(".", ","))
        if entry.get("rowVatCode"):
            add(row, "RowVatCode", entry["rowVatCode"])
        amount(row, "RowVatAmount", row_vat)
        amount(row, "RowVatExcludedAmount", row_excluded)
        amount(row, "RowAmount", row_included)

    epi = add(root, "EpiDetails")
    identification = add(epi, "EpiIdentificationDetails")
    ccyymmdd(identification, "EpiDate", invoice.get("Date"))
    add(identification, "EpiReference", "")
    parties = add(epi, "EpiPartyDetails")
    bank = (contact.get("sellerAccountDetails") or [{}])[0]
    add(add(parties, "EpiBfiPartyDetails"), "EpiBfiIdentifier", bank.get("sellerBic") or "",
        IdentificationSchemeName="BIC")
    beneficiary = add(parties, "EpiBeneficiaryPartyDetails")
    add(beneficiary, "EpiNameAddressDetails", seller.get("sellerOrganisationName") or invoice.get("SenderName") or "")
    add(beneficiary, "EpiAccountID", bank.get("sellerAccountID") or "", IdentificationSchemeName="IBAN")
    instruction = add(epi, "EpiPaymentInstructionDetails")
    add(instruction, "EpiRemittanceInfoIdentifier", invoice.get("ReferenceNumber") or "",
        IdentificationSchemeName="SPY")
    amount(instruction, "EpiInstructedAmount", included)
    add(instruction, "EpiCharge", "SHA", ChargeOption="SHA")
    ccyymmdd(instruction, "EpiDateOptionDate", invoice.get("DueDate"))
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _finvoices(state: SeveraState, invoices: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"Finvoice": finvoice_xml(state, invoice), "GUID": invoice["GUID"]} for invoice in invoices]


@handles("GetFinvoicesByStatus")
def get_finvoices_by_status(state: SeveraState, businessUnitGUID: str | None, status: str | None,
                            options: int | None) -> list[dict[str, Any]]:
    if not status or not status.strip():
        return []
    return _finvoices(state, select_invoices(state, businessUnitGUID, options, status))


@handles("GetFinvoicesByStatusAndDate")
def get_finvoices_by_status_and_date(state: SeveraState, finvoiceVersion: str | None, businessUnitGUID: str | None,
                                     invoiceStatus: str | None, invoiceDateStart: datetime | None,
                                     invoiceDateEnd: datetime | None, options: int | None) -> list[dict[str, Any]]:
    if (finvoiceVersion or "").strip() not in FINVOICE_VERSIONS:
        raise GeneralFailure(f"Finvoice version '{finvoiceVersion}' is not supported (supported: 3.0).")
    if not invoiceStatus or not invoiceStatus.strip():
        return []
    return _finvoices(state, select_invoices(state, businessUnitGUID, options, invoiceStatus, invoiceDateStart,
                                             invoiceDateEnd))


# ---------------------------------------------------------------------------------------------- CreateInvoices
def _default_status(state: SeveraState, name: str | None) -> str:
    if name and name.strip():
        known = invoice_status(state, name)
        if known is None:
            raise GeneralFailure(f"Invoice status '{name}' does not exist.")
        return known["Name"]
    statuses = sorted(state.all("InvoiceStatus"), key=lambda s: s.get("SortOrder") or 0)
    chosen = next((s for s in statuses if s.get("IsDefault")), statuses[0] if statuses else {"Name": "Draft"})
    return chosen["Name"]


def _next_invoice_number(state: SeveraState, unit: dict[str, Any] | None) -> int:
    """The numbering business unit's NextInvoiceNumber (then advanced), or one past the highest number used."""
    if unit is not None and unit.get("NextInvoiceNumber"):
        number = int(unit["NextInvoiceNumber"])
        unit["NextInvoiceNumber"] = number + 1
        state.touch("BusinessUnit", unit["GUID"])
        return number
    return max((int(i["Number"]) for i in state.all("Invoice") if i.get("Number") is not None), default=0) + 1


def _invoice_rows(case: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for number, item in enumerate(items, start=1):
        quantity = money(item.get("InvoiceQuantity") if item.get("InvoiceQuantity") is not None
                         else item.get("Quantity"))
        price, rate = money(item.get("UnitPrice")), money(item.get("VAT"))
        excluded = cents(quantity * price)
        vat = cents(excluded * rate / 100)
        row = {"GUID": str(uuid.uuid4()), "rowNumber": number,
               "CaseGUIDs": [case["GUID"]], "ItemGUIDs": [item["GUID"]],
               "ProductGUIDs": [item["ProductGUID"]] if item.get("ProductGUID") else [],
               "UserGUIDs": [item["UserGUID"]] if item.get("UserGUID") else [],
               "MainCaseGUID": case["GUID"], "MainCaseName": case.get("Name"), "MainCaseNumber": case.get("CaseNumber"),
               "EventDate": item.get("EventDate"), "articleIdentifier": item.get("ProductCode"),
               "articleName": item.get("InvoiceDescription") or item.get("Name"),
               "deliveredQuantity": float(quantity), "quantityUnitCode": item.get("MeasurementUnit"),
               "unitPriceAmount": float(price), "rowUnitPrice": float(price), "rowVatRatePercent": float(rate),
               "rowVatExcludedAmount": stored_number(excluded), "rowVatAmount": stored_number(vat),
               "rowAmount": stored_number(excluded + vat), "rowCostCenterGUID": item.get("CostCenterGUID")
               or case.get("CostCenterGUID"), "rowCostCenterNumber": case.get("CostCenterNumber")}
        rows.append(row)
    return rows


def _new_invoice(state: SeveraState, info: dict[str, Any], status_name: str, case: dict[str, Any],
                 items: list[dict[str, Any]]) -> dict[str, Any]:
    account = state.get("Account", case.get("AccountGUID")) or {}
    unit = state.get("BusinessUnit", case.get("BusinessUnitGUID"))
    unit_data = unit or {}
    status = invoice_status(state, status_name) or {}
    today = datetime.combine(state.clock.now().date(), datetime.min.time())
    invoice_date = as_datetime(info.get("Date"))
    invoice_date = invoice_date if invoice_date is not None and invoice_date.year > 1 else today
    term = info.get("PaymentTerm") or case.get("PaymentTerm") or account.get("PaymentTerm") \
        or unit_data.get("PaymentTerm") or 14
    due = as_datetime(info.get("DueDate")) or invoice_date + timedelta(days=int(term))
    interest = info.get("OverDueInterest") or case.get("OverdueInterest") or account.get("OverdueInterest") \
        or unit_data.get("OverDueInterest") or 0
    number = _next_invoice_number(state, unit) if status.get("HasInvoiceNumber") else None
    rows = _invoice_rows(case, items)
    excluded = sum((money(r["rowVatExcludedAmount"]) for r in rows), Decimal(0))
    vat = sum((money(r["rowVatAmount"]) for r in rows), Decimal(0))
    rates = {r["rowVatRatePercent"] for r in rows}
    invoice: dict[str, Any] = {
        "AccountGUID": case.get("AccountGUID"), "AccountName": case.get("AccountName") or account.get("Name"),
        "AccountNumber": case.get("AccountNumber") or account.get("Number"),
        "BusinessUnitGUID": case.get("BusinessUnitGUID"), "BusinessUnitName": case.get("BusinessUnitName")
        or unit_data.get("Name"), "BusinessUnitCode": unit_data.get("Code"),
        "CurrencyGUID": case.get("CurrencyGUID"), "CurrencyRate": 1.0,
        "CurrencyShortform": case.get("CurrencyShortform") or account.get("CurrencyCode")
        or unit_data.get("CurrencyCode") or "EUR",
        "Date": invoice_date, "DueDate": due, "EntryDate": state.clock.now(),
        "InvoiceAllowedCaseGUIDs": [case["GUID"]], "InvoiceNumberingBusinessUnitGUID": case.get("BusinessUnitGUID"),
        "InvoiceRows": rows, "InvoiceStatus": status_name, "IsCreditNote": False, "IsReimbursed": False,
        "IsTaxFree": False, "LanguageGUID": info.get("LanguageGUID"), "MainCaseGUID": case["GUID"],
        "Notes": info.get("Notes"), "Number": number, "OrderNumber": case.get("OrderNumber"),
        "OurReference": info.get("OurReference") or case.get("OurReference"), "OverDueInterest": float(interest),
        "PaymentStatus": UNPAID, "PaymentTerm": int(term),
        "ReferenceNumber": finnish_reference(number) if number is not None else None,
        "ReceiverCustomerName": info.get("ReceiverCustomerName") or account.get("Name") or case.get("AccountName"),
        "YourReference": info.get("YourReference") or case.get("YourReference"),
        "InvoiceDetails": {
            "invoiceDate": invoice_date, "invoiceDueDate": due, "invoiceNumber": number,
            "invoiceTotalVatExcludedAmount": stored_number(excluded), "invoiceTotalVatAmount": stored_number(vat),
            "invoiceTotalVatIncludedAmount": stored_number(excluded + vat), "invoiceTypeText": "Invoice",
            "orderIdentifier": case.get("OrderNumber"), "originCode": "Original",
            "paymentOverDueFinePercent": float(interest), "paymentTermsFreeText": f"{int(term)} days net",
            "vatBaseAmount": stored_number(excluded), "vatRateAmount": stored_number(vat),
            "vatRatePercent": int(next(iter(rates))) if len(rates) == 1 else 0},
    }
    for key in ("ReceiverAddressline", "ReceiverCity", "ReceiverContactEmail", "ReceiverContactName",
                "ReceiverCountry", "ReceiverPostalCode", "ReceiverState", "ReceiverVatNumber", "SenderAddressline",
                "SenderCity", "SenderContactName", "SenderCountry", "SenderName", "SenderPostalCode", "SenderState",
                "SenderVatNumber"):
        invoice[key] = info.get(key)
    state.put("Invoice", invoice)
    for item, row in zip(items, rows, strict=True):
        item["InvoiceGUID"], item["InvoiceRowGUID"] = invoice["GUID"], row["GUID"]
        state.touch("Item", item["GUID"])
    return invoice


@handles("CreateInvoices")
def create_invoices(state: SeveraState, invoiceInformation: Any) -> list[dict[str, Any]]:
    """One invoice per case of the items named, in the status given or the default one; rows and totals
    from the items (quantity times unit price, the item's VAT %); the items are marked as invoiced."""
    info = plain(invoiceInformation) or {}
    guids = [g for g in info.get("ItemGUIDs") or [] if g and g.strip()]
    if not guids:
        raise GeneralFailure("InvoiceInformation.ItemGUIDs names no items to invoice.")
    status_name = _default_status(state, info.get("InvoiceStatus"))
    by_case: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for guid in guids:
        item = state.get("Item", guid.strip())
        if item is None:
            raise GeneralFailure(f"Item with GUID {guid} was not found.")
        if item.get("InvoiceGUID"):
            raise GeneralFailure(f"Item {guid} is already on invoice {item['InvoiceGUID']}.")
        if item.get("IsBillable") is False:
            raise GeneralFailure(f"Item {guid} is not billable.")
        case = state.get("Case", item.get("CaseGUID"))
        if case is None:
            raise GeneralFailure(f"Item {guid} has no case (CaseGUID {item.get('CaseGUID')} was not found).")
        if not state.visible(case.get("BusinessUnitGUID")):
            raise GeneralFailure(f"The API user has no rights to invoice case {case['GUID']}.")
        entry = by_case.setdefault(case["GUID"], (case, []))
        if item not in entry[1]:
            entry[1].append(item)
    return [_new_invoice(state, info, status_name, case, items) for case, items in by_case.values()]


# ---------------------------------------------------------------------------------------------- origins
@handles("GetInvoiceOriginDetailsByInvoiceGUID")
def get_invoice_origin_details_by_invoice_guid(state: SeveraState, invoiceGUID: str | None) -> dict[str, Any]:
    """The cases the invoice's rows came from (with the phases the rows name) and each row's hours and items."""
    invoice = get_invoice_by_guid(state, invoiceGUID)
    rows = invoice.get("InvoiceRows") or []
    case_guids: list[str] = []
    for row in rows:
        for guid in [row.get("MainCaseGUID"), *(row.get("CaseGUIDs") or [])]:
            if guid and guid.lower() not in case_guids:
                case_guids.append(guid.lower())
    if not case_guids and invoice.get("MainCaseGUID"):
        case_guids.append(invoice["MainCaseGUID"].lower())
    phase_guids = {g.lower() for row in rows for g in row.get("PhaseGUIDs") or [] if g}
    cases = []
    for guid in case_guids:
        case = state.get("Case", guid)
        if case is None:
            named = next((r for r in rows if (r.get("MainCaseGUID") or "").lower() == guid), {})
            case = {"GUID": guid, "Name": named.get("MainCaseName"), "CaseNumber": named.get("MainCaseNumber")}
        phases = [p for p in state.all("Phase") if p["GUID"] in phase_guids and (p.get("CaseGUID") or "").lower()
                  == guid]
        cases.append({**case, "Phases": phases})
    origins = [{"InvoiceRowGUID": row.get("GUID"),
                "HourEntries": [h for g in row.get("HourGUIDs") or [] if (h := state.get("HourEntry", g))],
                "Items": [i for g in row.get("ItemGUIDs") or [] if (i := state.get("Item", g))]} for row in rows]
    return {"Cases": cases, "InvoiceRowOrigins": origins}
