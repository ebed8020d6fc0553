"""Invoices: creation, update, search and the status machine, with Procountor's rules.

Sales invoices go UNFINISHED → (approve) NOT_SENT, or APPROVED with NO_SENDING → (send) SENT; mark-paid
gives PARTLY_PAID or MARKED_PAID; invalidate gives INVALIDATED. Purchase, travel and expense invoices
circulate UNFINISHED → (sendToCirculation) RECEIVED → (verify) VERIFIED → (approve) APPROVED. Status
changes need an open fiscal year and period.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.procountor.domain.common import (
    Query,
    check_int32,
    is_finnish_business_id,
    keyset,
    page_of,
    validate,
    validated,
)
from simulators.procountor.domain.company import company_ibans
from simulators.procountor.errors import ProcountorError, bad_request, error, forbidden, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import API_USER_ID, ProcountorState

SALES_TYPES = ("SALES_INVOICE", "SALES_ORDER")
CIRCULATING_TYPES = ("PURCHASE_INVOICE", "PURCHASE_ORDER", "TRAVEL_INVOICE", "BILL_OF_CHARGES")
NO_VAT_STATUS_TYPES = ("TRAVEL_INVOICE", "BILL_OF_CHARGES")
WRITE_ONLY_FORBIDDEN_CHANNELS = ("EDIFACT", "PAPER_INVOICE")
READ_ONLY_FIELDS = ("id", "status", "invoiceNumber", "ledgerReceiptId", "paymentDate", "invoiceSumInfo",
                    "creatorId", "attachments", "sum", "invoiceOperatorInfo", "version")
INTERNAL_FIELDS = ("created",)
MAX_DUE_DAYS = 999

NOT_FOUND = "Invoice not found."
BAD_STATUS = "Insufficient user rights or invalid invoice status."
BAD_SEND = "Insufficient user rights, invalid invoice status or not supported invoice type."
CLOSED = "CLOSED_FISCAL_PERIOD"

TWO = Decimal("0.01")
# Assumption: an amount column holds 15 integer digits and 2 decimals (numeric(17,2)); see docs/procountor.md
AMOUNT_LIMIT = Decimal("1e15")


def _money(value: Decimal) -> float:
    return float(value.quantize(TWO, rounding=ROUND_HALF_UP))


def _fits(amount: Decimal, field: str, shown: Any) -> Decimal:
    """An amount computed from `field` (showing `shown`), or a 400 naming the field when no amount column holds it."""
    if not amount.is_finite() or abs(amount) >= AMOUNT_LIMIT:
        raise bad_request(f"Value of the '{field}' field is out of range: {shown}", field)
    return amount


# ------------------------------------------------------------------------ views
def public(inv: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in inv.items() if k not in INTERNAL_FIELDS}


def basic_info(inv: dict[str, Any]) -> dict[str, Any]:
    info = {
        "id": inv["id"],
        "type": inv["type"],
        "status": inv["status"],
        "invoiceNumber": inv.get("invoiceNumber"),
        "originalInvoiceNumber": inv.get("originalInvoiceNumber"),
        "invoiceChannel": inv.get("invoiceChannel"),
        "date": inv["date"],
        "dueDate": inv.get("paymentInfo", {}).get("dueDate"),
        "created": inv.get("created"),
        "version": inv.get("version"),
        "invoiceSumInfo": inv.get("invoiceSumInfo", []),
        "creatorId": inv.get("creatorId", API_USER_ID),
        "counterParty": inv["counterParty"],
    }
    if inv.get("partnerId") is not None:
        info["partnerId"] = inv["partnerId"]
    if inv["type"] == "SALES_ORDER":
        info["isOffer"] = bool(inv.get("isOffer"))
    return {k: v for k, v in info.items() if v is not None}


def find(state: ProcountorState, inv_id: int) -> dict[str, Any]:
    inv = state.invoices.get(inv_id)
    if inv is None:
        raise not_found(NOT_FOUND)
    return inv


# ------------------------------------------------------------------------ sums
def sums(state: ProcountorState, inv: dict[str, Any]) -> list[dict[str, Any]]:
    """The invoiceSumInfo; an amount (row, total or conversion) too large to store is a 400 naming its cause."""
    include_vat = bool(inv.get("extraInfo", {}).get("unitPricesIncludeVat"))
    head_discount = Decimal(str(inv.get("discountPercent") or 0))
    net_total = Decimal(0)
    vat_total = Decimal(0)
    for i, row in enumerate(inv.get("invoiceRows", [])):
        path = f"invoiceRows[{i}]"
        amount = _fits(Decimal(str(row["quantity"])) * Decimal(str(row["unitPrice"])), f"{path}.unitPrice",
                       row["unitPrice"])
        amount = _fits(amount * (1 - Decimal(str(row.get("discountPercent") or 0)) / 100),
                       f"{path}.discountPercent", row.get("discountPercent"))
        amount = _fits(amount * (1 - head_discount / 100), "discountPercent", inv.get("discountPercent"))
        rate = Decimal(str(row.get("vatPercent") or 0)) / 100
        if include_vat:
            net = amount / (1 + rate)
            vat = amount - net
        else:
            net = amount
            vat = amount * rate
        net_total += net.quantize(TWO, rounding=ROUND_HALF_UP)
        vat_total += vat.quantize(TWO, rounding=ROUND_HALF_UP)
        _fits(net_total + vat_total, path, "")  # the running total: the row that makes it too large
    payment = inv.get("paymentInfo", {})
    currency = payment.get("currency", "EUR")
    company_currency = state.company.get("companyCurrency", "EUR")
    info = [{
        "currency": currency,
        "inAccountingCurrency": currency == company_currency,
        "excludingVatTotal": _money(net_total),
        "vatSumTotal": _money(vat_total),
        "invoiceSumTotal": _money(net_total + vat_total),
    }]
    if currency != company_currency:
        # Assumption: currencyRate is invoice-currency units per one accounting-currency unit
        rate = Decimal(str(payment.get("currencyRate") or 1)) or Decimal(1)
        _fits((net_total + vat_total) / rate, "paymentInfo.currencyRate", payment.get("currencyRate"))
        info.append({
            "currency": company_currency,
            "inAccountingCurrency": True,
            "excludingVatTotal": _money(net_total / rate),
            "vatSumTotal": _money(vat_total / rate),
            "invoiceSumTotal": _money(net_total / rate + vat_total / rate),
        })
    return info


def total(inv: dict[str, Any]) -> Decimal:
    return Decimal(str(inv["invoiceSumInfo"][0]["invoiceSumTotal"]))


# ------------------------------------------------------------------------ validation
def _rules(state: ProcountorState, inv: m.Invoice, raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The vendor's rules beyond the schema: every violation, each naming its field."""
    errs: list[dict[str, Any]] = []
    kind = inv.type
    if kind == "PERIODIC_TAX_RETURN":
        errs.append(error(400, "Value of the 'type' field is invalid: PERIODIC_TAX_RETURN", "type"))
    if inv.invoiceChannel in WRITE_ONLY_FORBIDDEN_CHANNELS:
        errs.append(error(400, f"Value of the 'invoiceChannel' field is invalid: {inv.invoiceChannel}",
                          "invoiceChannel"))
    if inv.paymentInfo.paymentMethod == "DKLMPKRE":
        errs.append(error(400, "Value of the 'paymentInfo.paymentMethod' field is invalid: DKLMPKRE",
                          "paymentInfo.paymentMethod"))
    if kind not in NO_VAT_STATUS_TYPES and inv.vatStatus is None:
        errs.append(error(400, "Value of the 'vatStatus' cannot be blank.", "vatStatus"))
    if kind in SALES_TYPES and inv.language is None:
        errs.append(error(400, "Value of the 'language' cannot be blank.", "language"))
    if kind in SALES_TYPES and inv.deliveryMethod == "OTHER":
        errs.append(error(400, "Value of the 'deliveryMethod' field is invalid: OTHER", "deliveryMethod"))
    if not inv.invoiceRows and kind != "PERIODIC_TAX_RETURN":
        errs.append(error(400, "Value of the 'invoiceRows' cannot be blank.", "invoiceRows"))
    # dates
    due = inv.paymentInfo.dueDate
    if due < inv.date:
        errs.append(error(400, "DUE_DATE_BEFORE_BILL_DATE", "paymentInfo.dueDate"))
    elif (due - inv.date).days > MAX_DUE_DAYS:
        errs.append(error(400, f"Value of the 'paymentInfo.dueDate' field is out of range: {due.isoformat()}",
                          "paymentInfo.dueDate"))
    if inv.deliveryStartDate and inv.deliveryEndDate and inv.deliveryEndDate < inv.deliveryStartDate:
        errs.append(error(400, "Value of the 'deliveryEndDate' field is invalid: before deliveryStartDate",
                          "deliveryEndDate"))
    if not state.is_open(inv.date):
        errs.append(error(400, CLOSED, "date"))
    # partner register
    if inv.partnerId is not None and inv.partnerId not in state.partners:
        errs.append(error(400, f"Value of the 'partnerId' field is invalid: {inv.partnerId}", "partnerId"))
    errs += _counterparty_rules(inv)
    errs += _vat_rules(state, inv)
    if kind in SALES_TYPES and inv.paymentInfo.bankAccount and inv.paymentInfo.bankAccount.accountNumber:
        iban = inv.paymentInfo.bankAccount.accountNumber.replace(" ", "")
        if iban.upper() not in company_ibans(state):
            errs.append(error(400, f"Value of the 'paymentInfo.bankAccount.accountNumber' field is invalid: {iban}",
                              "paymentInfo.bankAccount.accountNumber"))
    return errs


def _counterparty_rules(inv: m.Invoice) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    party = inv.counterParty
    address = party.counterPartyAddress
    country = address.country or "FINLAND"
    if party.identifier and country == "FINLAND" and inv.type in (*SALES_TYPES, "PURCHASE_INVOICE", "PURCHASE_ORDER") \
            and not is_finnish_business_id(party.identifier):
        errs.append(error(400, "ERROR_BRN_CODE", "counterParty.identifier"))
    if inv.type in SALES_TYPES:
        billing = inv.billingAddress
        channel = inv.invoiceChannel
        if channel == "MAIL":
            for part in ("street", "zip", "city"):
                if not getattr(address, part) and not (billing and getattr(billing, part)):
                    field = f"counterParty.counterPartyAddress.{part}"
                    errs.append(error(400, f"Value of the '{field}' cannot be blank.", field))
        elif channel == "ELECTRONIC_INVOICE" and inv.type == "SALES_INVOICE":
            for part in ("street", "zip", "city"):
                if not getattr(address, part):
                    field = f"counterParty.counterPartyAddress.{part}"
                    errs.append(error(400, f"Value of the '{field}' cannot be blank.", field))
                if not (billing and getattr(billing, part)):
                    field = f"billingAddress.{part}"
                    errs.append(error(400, f"Value of the '{field}' cannot be blank.", field))
        if channel == "ELECTRONIC_INVOICE":
            einv = party.einvoiceAddress
            if einv is None or not einv.address:
                field = "counterParty.einvoiceAddress.address"
                errs.append(error(400, f"Value of the '{field}' cannot be blank.", field))
            elif country == "FINLAND" and not einv.operator:
                field = "counterParty.einvoiceAddress.operator"
                errs.append(error(400, f"Value of the '{field}' cannot be blank.", field))
        if channel == "EMAIL" and not party.email:
            errs.append(error(400, "Value of the 'counterParty.email' cannot be blank.", "counterParty.email"))
    if party.bccAddresses:
        if len(party.bccAddresses) > 4:
            errs.append(error(400, "SIZE_MUST_BE_BETWEEN_0_AND_4", "counterParty.bccAddresses"))
        for i, bcc in enumerate(party.bccAddresses):
            if len(bcc) > 256 or (party.email and bcc == party.email):
                field = f"counterParty.bccAddresses[{i}]"
                errs.append(error(400, f"Value of the '{field}' field is invalid: {bcc}", field))
    return errs


def _vat_rules(state: ProcountorState, inv: m.Invoice) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    allowed = set(state.vat_percents)
    head = inv.vatStatus
    if head is not None and head not in state.vat_statuses:
        errs.append(error(400, f"Value of the 'vatStatus' field is invalid: {head}", "vatStatus"))
    for i, row in enumerate(inv.invoiceRows):
        code = row.vatStatus if row.vatStatus is not None else head
        status = state.vat_statuses.get(code) if code is not None else None
        if row.vatStatus is not None and status is None:
            errs.append(error(400, f"Value of the 'invoiceRows[{i}].vatStatus' field is invalid: {row.vatStatus}",
                              f"invoiceRows[{i}].vatStatus"))
            continue
        if float(row.vatPercent) not in allowed:
            errs.append(error(400, "ERROR_VATSTATUS_VATPERC", f"invoiceRows[{i}].vatPercent"))
        elif status is not None and status.zero_rated and row.vatPercent != 0:
            errs.append(error(400, "ERROR_VATSTATUS_VATPERC", f"invoiceRows[{i}].vatStatus"))
    return errs


def _validated(state: ProcountorState, payload: Any) -> tuple[m.Invoice, dict[str, Any]]:
    return validated(m.Invoice, payload, lambda inv: _rules(state, inv, payload), READ_ONLY_FIELDS)


def _defaults(data: dict[str, Any]) -> None:
    party_address = data["counterParty"]["counterPartyAddress"]
    if "billingAddress" not in data:
        data["billingAddress"] = dict(party_address)
    if "deliveryAddress" not in data:
        data["deliveryAddress"] = dict(party_address)
    data.setdefault("notes", "")
    data.setdefault("additionalInformation", "")
    if data["type"] == "SALES_ORDER":
        data.setdefault("isOffer", False)


# ------------------------------------------------------------------------ writes
def create(state: ProcountorState, payload: Any) -> dict[str, Any]:
    _, data = _validated(state, payload)
    _defaults(data)
    invoice_sums = sums(state, data)  # before any id or number is used up: a refused invoice takes none
    inv_id = state.next_id("invoice", 100001)
    stamp = state.new_version()
    inv = {
        "id": inv_id,
        **data,
        "status": "UNFINISHED",
        "invoiceNumber": state.next_id("invoiceNumber", 1),
        "ledgerReceiptId": state.next_id("ledgerReceipt", 200001),
        "creatorId": API_USER_ID,
        "attachments": [],
        "version": stamp,
        "created": stamp,
    }
    inv["invoiceSumInfo"] = invoice_sums
    state.invoices[inv_id] = inv
    return inv


def update(state: ProcountorState, inv_id: int, payload: Any) -> dict[str, Any]:
    current = find(state, inv_id)
    editable = ("UNFINISHED",) if current["type"] in SALES_TYPES else ("UNFINISHED", "RECEIVED")
    if current["status"] not in editable:
        raise forbidden(BAD_STATUS)
    version = payload.get("version") if isinstance(payload, dict) else None
    if version is None:
        raise bad_request("Value of the 'version' cannot be blank.", "version")
    if version != current.get("version"):
        raise bad_request("The invoice has been modified by someone else: 'version' is not the latest.", "version")
    inv, data = _validated(state, payload)
    if inv.type != current["type"]:
        raise bad_request(f"Value of the 'type' field is invalid: {inv.type}", "type")
    if inv.partnerId is not None and inv.partnerId != current.get("partnerId"):
        raise bad_request(f"Value of the 'partnerId' field is invalid: {inv.partnerId}", "partnerId")
    _defaults(data)
    invoice_sums = sums(state, data)
    keep = {k: current[k] for k in (*READ_ONLY_FIELDS, *INTERNAL_FIELDS, "partnerId") if k in current}
    updated = {"id": inv_id, **data, **keep, "version": state.new_version()}
    updated["invoiceSumInfo"] = invoice_sums
    state.invoices[inv_id] = updated
    return updated


def set_notes(state: ProcountorState, inv_id: int, payload: Any) -> None:
    inv = find(state, inv_id)
    notes = validate(m.InvoiceNotes, payload)
    inv["notes"] = notes.notes or ""
    inv["version"] = state.new_version()


# ------------------------------------------------------------------------ status machine
def _require_open(state: ProcountorState, inv: dict[str, Any], day: date | None = None) -> None:
    when = day or date.fromisoformat(inv["date"])
    if not state.is_open(when):
        raise forbidden(CLOSED, "date" if day is None else "paymentDate")


def _move(state: ProcountorState, inv: dict[str, Any], status: str) -> dict[str, str]:
    inv["status"] = status
    inv["version"] = state.new_version()
    return {"message": f"Invoice status changed to {status}."}


def approve(state: ProcountorState, inv_id: int, payload: Any = None) -> dict[str, str]:
    inv = find(state, inv_id)
    if payload:
        validate(m.CheckingEvent, payload)
    if inv["type"] in SALES_TYPES:
        if inv["status"] != "UNFINISHED":
            raise forbidden(BAD_STATUS)
        _require_open(state, inv)
        return _move(state, inv, "APPROVED" if inv.get("invoiceChannel") == "NO_SENDING" else "NOT_SENT")
    if inv["status"] not in ("RECEIVED", "VERIFIED"):
        raise forbidden(BAD_STATUS)
    _require_open(state, inv)
    return _move(state, inv, "APPROVED")


def send(state: ProcountorState, inv_id: int) -> dict[str, str]:
    inv = find(state, inv_id)
    if inv["type"] not in SALES_TYPES or inv["status"] not in ("NOT_SENT", "SENT"):
        raise forbidden(BAD_SEND)
    _require_open(state, inv)
    return _move(state, inv, "SENT")


def unfinished(state: ProcountorState, inv_id: int) -> dict[str, str]:
    inv = find(state, inv_id)
    allowed = ("NOT_SENT", "APPROVED", "SENT") if inv["type"] in SALES_TYPES else (
        "RECEIVED", "VERIFIED", "APPROVED", "PAYMENT_DENIED")
    if inv["status"] not in allowed:
        raise forbidden(BAD_STATUS)
    _require_open(state, inv)
    return _move(state, inv, "UNFINISHED")


def invalidate(state: ProcountorState, inv_id: int) -> dict[str, str]:
    inv = find(state, inv_id)
    if inv["status"] in ("INVALIDATED", "PAID", "MARKED_PAID", "PAYMENT_QUEUED", "PAYMENT_SENT_TO_BANK"):
        raise forbidden(BAD_STATUS)
    _require_open(state, inv)
    return _move(state, inv, "INVALIDATED")


def send_to_circulation(state: ProcountorState, inv_id: int) -> dict[str, str]:
    inv = find(state, inv_id)
    if inv["type"] not in CIRCULATING_TYPES or inv["status"] != "UNFINISHED":
        raise forbidden(BAD_STATUS)
    return _move(state, inv, "RECEIVED")


def verify(state: ProcountorState, inv_id: int, payload: Any = None) -> dict[str, str]:
    inv = find(state, inv_id)
    if payload:
        validate(m.CheckingEvent, payload)
    if inv["type"] not in CIRCULATING_TYPES or inv["status"] != "RECEIVED":
        raise forbidden(BAD_STATUS)
    return _move(state, inv, "VERIFIED")


def mark_paid(state: ProcountorState, inv_id: int, payload: Any) -> dict[str, Any]:
    inv = find(state, inv_id)
    body = validate(m.MarkInvoiceAsPaid, payload)
    payable = ("NOT_SENT", "SENT", "APPROVED", "PARTLY_PAID", "PAYMENT_QUEUED", "PAYMENT_SENT_TO_BANK")
    if inv["status"] not in payable:
        raise forbidden(BAD_STATUS)
    currency = inv["paymentInfo"]["currency"]
    if body.currency != currency:
        raise bad_request(f"Value of the 'currency' field is invalid: {body.currency}", "currency")
    if body.amount <= 0:
        raise bad_request(f"Value of the 'amount' field is invalid: {body.amount}", "amount")
    _require_open(state, inv, body.paymentDate)
    events = state.payment_events.setdefault(inv_id, [])
    paid = sum((Decimal(str(e["amount"])) for e in events), Decimal(0)) + Decimal(str(body.amount))
    status = "MARKED_PAID" if paid >= total(inv) else "PARTLY_PAID"
    event = {
        "id": state.next_id("paymentEvent", 400001),
        "invoiceId": inv_id,
        "type": _EVENT_TYPES.get(body.paymentMethodType or "", "ELSEWHERE"),
        "paymentDate": body.paymentDate.isoformat(),
        "status": status,
        "amount": body.amount,
        "currency": currency,
        "description": body.description or "",
        "paidAmount": body.amount,
        "paidCurrency": currency,
    }
    events.append(event)
    inv["status"] = status
    inv["paymentDate"] = event["paymentDate"]
    inv["version"] = state.new_version()
    return event


def payment_events(state: ProcountorState, inv_id: int, params: Any) -> dict[str, Any]:
    """GET /invoices/{id}/paymentevents: a PaymentEventSearchResult ({"results", "meta"}), paged like every list."""
    find(state, inv_id)
    q = Query(params)
    page, size = q.paging()
    return page_of(keyset(state.payment_events.get(inv_id, []), q), page, size)


_EVENT_TYPES = {
    "ADJUSTMENT": "ADJUSTMENT", "BANK_STATEMENT": "BANKSTATEMENT", "CASH": "CASH", "CHARGE_CARD": "CHARGECARD",
    "CORRECTION": "CORRECTION", "CREDIT_LOSS": "CREDITLOSS", "CREDIT_NOTE": "COMPENSATIONINVOICE",
    "EXTERNAL_BANK_TRANSFER": "BANKTRANSFERELSEWHERE", "SET_OFF": "SETOFF",
}


# ------------------------------------------------------------------------ search
STATUSES = m.InvoiceStatusValues
TYPES = m.InvoiceTypeValues
CHANNELS = m.InvoiceInvoiceChannelValues


def search(state: ProcountorState, params: Any) -> dict[str, Any]:
    q = Query(params)
    statuses = q.choices("status", STATUSES)
    types = q.choices("types", TYPES)
    channels = q.choices("invoiceChannel", CHANNELS)
    start, end = q.day("startDate"), q.day("endDate")
    due_start, due_end = q.day("dueStartDate"), q.day("dueEndDate")
    created_start, created_end = q.stamp("createdStartDate"), q.stamp("createdEndDate")
    version_start, version_end = q.stamp("versionStartDate"), q.stamp("versionEndDate")
    check_int32(q, "businessPartnerId", "factoringContractId", "invoiceNumber")  # int32 in the description
    partner = q.integer("businessPartnerId")
    original = q.text("originalInvoiceNumber")
    number = q.integer("invoiceNumber")
    term = (q.text("searchTerm") or "").lower()
    is_offer = q.boolean("isOffer")
    products = q.text("productId")
    product_ids = {int(p) for p in products.split(",") if p.strip().isdigit()} if products else None
    page, size = q.paging()

    def keep(inv: dict[str, Any]) -> bool:
        if statuses and inv["status"] not in statuses:
            return False
        if types and inv["type"] not in types:
            return False
        if channels and inv.get("invoiceChannel") not in channels:
            return False
        if start and inv["date"] < start.isoformat():
            return False
        if end and inv["date"] > end.isoformat():
            return False
        due = inv.get("paymentInfo", {}).get("dueDate", "")
        if (due_start and due < due_start.isoformat()) or (due_end and due > due_end.isoformat()):
            return False
        created = inv.get("created", "")
        if (created_start and created < created_start) or (created_end and created > created_end):
            return False
        version = inv.get("version", "")
        if (version_start and version < version_start) or (version_end and version > version_end):
            return False
        if partner is not None and inv.get("partnerId") != partner:
            return False
        if original is not None and inv.get("originalInvoiceNumber") != original:
            return False
        if number is not None and inv.get("invoiceNumber") != number:
            return False
        if inv["type"] == "SALES_ORDER" and bool(inv.get("isOffer")) != bool(is_offer):
            return False
        if product_ids is not None and not any(r.get("productId") in product_ids for r in inv.get("invoiceRows", [])):
            return False
        if term:
            hay = " ".join([inv["counterParty"]["counterPartyAddress"].get("name", ""),
                            str(inv.get("invoiceNumber", "")), inv.get("additionalInformation", "")]).lower()
            if term not in hay:
                return False
        return True

    found = [inv for inv in state.invoices.values() if keep(inv)]
    for name, key in (("orderByDate", "date"), ("orderByCreated", "created"), ("orderByVersion", "version")):
        direction = q.order(name)
        if direction:
            found.sort(key=lambda r, k=key: (r.get(k) or "", r["id"]), reverse=direction == "DESC")
            break
    else:
        found = keyset(found, q)
    return page_of(found, page, size, basic_info)


# ------------------------------------------------------------------------ datasets
def complete_seeded_invoice(state: ProcountorState, inv: dict[str, Any], path: str = "$.procountor.invoices") -> None:
    """Fill what Procountor would have generated for an invoice that comes from a dataset; amounts Procountor could
    not store are a DatasetError naming the field."""
    inv.setdefault("status", "UNFINISHED")
    if "invoiceNumber" not in inv:
        inv["invoiceNumber"] = state.next_id("invoiceNumber", 1)
    else:
        state.counters["invoiceNumber"] = max(state.counters.get("invoiceNumber", 0), inv["invoiceNumber"])
    if "ledgerReceiptId" not in inv:
        inv["ledgerReceiptId"] = state.next_id("ledgerReceipt", 200001)
    inv.setdefault("creatorId", API_USER_ID)
    inv.setdefault("attachments", [])
    stamp = inv.setdefault("version", state.new_version())
    inv.setdefault("created", stamp)
    if "counterParty" in inv and "invoiceRows" in inv:
        _defaults(inv)
        try:
            inv["invoiceSumInfo"] = sums(state, inv)
        except ProcountorError as exc:
            from simulators.core.errors import DatasetError

            first = exc.errors[0]
            raise DatasetError(first["message"], f"{path}.{first['field']}") from None


# ------------------------------------------------------------------------ control plane (not the vendor API)
DIMENSION_MISMATCH = "DIMENSION_OR_DIMENSION_ITEM_IDENTIFIERS_DOES_NOT_MATCH_THOSE_STORED_IN_DATABASE"


def force_status(state: ProcountorState, inv_id: int, status: str, payment_date: date | None = None) -> dict[str, Any]:
    """Put an invoice in any status, as Procountor's UI, payment runs and bank statements do.

    Payments need MFA, so PAYMENT_QUEUED, PAYMENT_SENT_TO_BANK and PAID cannot be reached through the API.
    """
    inv = find(state, inv_id)
    if status not in STATUSES:
        raise bad_request(f"Value of the 'status' field is invalid: {status}", "status")
    inv["status"] = status
    if payment_date is not None:
        inv["paymentDate"] = payment_date.isoformat()
    elif status in ("PAID", "MARKED_PAID") and not inv.get("paymentDate"):
        inv["paymentDate"] = state.today().isoformat()
    inv["version"] = state.new_version()
    return inv


def _net_in_accounting_currency(inv: dict[str, Any]) -> float:
    for info in inv.get("invoiceSumInfo") or []:
        if info.get("inAccountingCurrency"):
            return float(info.get("excludingVatTotal") or 0)
    return 0.0


def _two_decimals(value: Any) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    amount = Decimal(str(value))
    # at most two decimals, and within what an amount column holds (a huge integer must not overflow float)
    return amount.is_finite() and int(amount.as_tuple().exponent) >= -2 and abs(amount) < Decimal("1e15")


def dimension_values(state: ProcountorState, inv: dict[str, Any], values: Any) -> list[dict[str, Any]]:
    """DimensionItemValues checked as Procountor checks them on ledger transactions.

    Dimension and item must exist and the item be active, each pair may appear once, and a value has at most
    two decimals. A missing value is the invoice's net total in the accounting currency.
    """
    if not isinstance(values, list):
        raise bad_request("Value of the 'dimensionItemValues' field is invalid: ", "dimensionItemValues")
    errs: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for i, raw in enumerate(values):
        path = f"dimensionItemValues[{i}]"
        if not isinstance(raw, dict):
            errs.append(error(400, f"Value of the '{path}' field is invalid: ", path))
            continue
        ids = {}
        for key in ("dimensionId", "itemId"):
            val = raw.get(key)
            if val is None:
                errs.append(error(400, f"Value of the '{path}.{key}' cannot be blank.", f"{path}.{key}"))
            elif not isinstance(val, int) or isinstance(val, bool):
                errs.append(error(400, f"Value of the '{path}.{key}' field is invalid: {val}", f"{path}.{key}"))
            else:
                ids[key] = val
        value = raw.get("value", _net_in_accounting_currency(inv))
        if not _two_decimals(value):
            errs.append(error(400, f"Value of the '{path}.value' field is invalid: {value}", f"{path}.value"))
            continue
        if len(ids) < 2:
            continue
        dim = state.dimensions.get(ids["dimensionId"])
        item = next((it for it in (dim or {}).get("items", []) if it.get("id") == ids["itemId"]), None)
        if item is None or item.get("status") == "P":
            errs.append(error(400, DIMENSION_MISMATCH, path))
            continue
        pair = (ids["dimensionId"], ids["itemId"])
        if pair in seen:
            errs.append(error(400, f"Value of the '{path}' field is invalid: dimension item given twice", path))
            continue
        seen.add(pair)
        out.append({"dimensionId": pair[0], "itemId": pair[1], "value": float(value)})
    if errs:
        raise ProcountorError(400, errs)
    return out


def set_dimensions(state: ProcountorState, inv_id: int, values: Any) -> list[dict[str, Any]]:
    """Record which dimension items (project, cost centre, business unit) an invoice is booked to."""
    inv = find(state, inv_id)
    checked = dimension_values(state, inv, values)
    if checked:
        state.invoice_dimensions[inv_id] = checked
    else:
        state.invoice_dimensions.pop(inv_id, None)
    # Assumption: dimensioning an invoice changes its version (integrations poll by versionStartDate)
    inv["version"] = state.new_version()
    return checked


def seed_dimensions(state: ProcountorState, inv: dict[str, Any], values: Any, path: str) -> None:
    """The `dimensionItemValues` of an invoice in a dataset; a bad one is a DatasetError naming it."""
    from simulators.core.errors import DatasetError

    try:
        state.invoice_dimensions[inv["id"]] = dimension_values(state, inv, values)
    except ProcountorError as exc:
        first = exc.errors[0]
        raise DatasetError(first["message"], f"{path}.{first.get('field', 'dimensionItemValues')}") from None
