"""Attachments: files owned by an invoice or another object, with Procountor's rules.

A file is at most 10,000,000 bytes of any type; its MIME type comes from the extension of its name, which
is why a rename may not change the extension. `sendWithInvoice` is allowed only on sales invoices, sales
orders and purchase orders. An attachment of an invoice is also listed in that invoice's `attachments`.
"""

from __future__ import annotations

import mimetypes
import os
from datetime import date
from typing import Any

from simulators.procountor.domain.common import Query, keyset, page_of, validate
from simulators.procountor.domain.company import API_USERNAME, check_int32
from simulators.procountor.errors import ProcountorError, bad_request, error, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import ProcountorState

MAX_FILE_SIZE = 10_000_000
TOO_BIG = "File size too big."
NOT_FOUND = "Attachment not found."
RENAME_NOT_FOUND = "Attachment for given id has not been found"
SEND_WITH_INVOICE_TYPES = ("SALES_INVOICE", "SALES_ORDER", "PURCHASE_ORDER")
FIELDS = ("id", "name", "referenceType", "referenceId", "mimeType", "sendWithInvoice")
DEFAULT_MIME_TYPE = "application/octet-stream"

# the `type` filter of GET /attachments (spec 26.04)
SEARCH_TYPES = (
    "SALES_INVOICE", "SALES_ORDER", "OFFER", "PURCHASE_INVOICE", "PURCHASE_ORDER", "TRAVEL_INVOICE",
    "BILL_OF_CHARGES", "JOURNAL", "SALARY", "PERIODIC_TAX_RETURN", "REFERENCE_PAYMENT",
    "BANK_STATEMENT_AS_RECEIPT", "VAT_SUMMARY", "BANK_STATEMENT_EVENT", "SALES_PRODUCT_REGISTER",
    "PURCHASE_PRODUCT_REGISTER", "CUSTOMER_BUSINESS_PARTNER_REGISTER", "SUPPLIER_BUSINESS_PARTNER_REGISTER",
    "PERSON_BUSINESS_PARTNER_REGISTER", "EMPLOYEE_INFO", "ENVIRONMENT", "NETS_COLLECTION", "COST_RECEIPT",
    "REFERENCE_PAYMENT_EVENT",
)
_SEARCH_TYPE_OF_REFERENCE = {"BANKSTATEMENTEVENT": "BANK_STATEMENT_EVENT",
                             "REFERENCE_PAYMENT": "REFERENCE_PAYMENT_EVENT"}

# the standard library's built-in table only: the same answer on every machine (no /etc/mime.types)
_MIME = mimetypes.MimeTypes()


def mime_type_of(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    return _MIME.types_map[True].get(extension) or _MIME.types_map[False].get(extension) or DEFAULT_MIME_TYPE


def public(record: dict[str, Any]) -> dict[str, Any]:
    """The Attachment object (stored records also carry when they were attached)."""
    return {k: record[k] for k in FIELDS if k in record}


def find(state: ProcountorState, att_id: int, missing: str = NOT_FOUND) -> dict[str, Any]:
    record = state.attachments.get(att_id)
    if record is None:
        raise not_found(missing)
    return record


# ------------------------------------------------------------------------ references
def _ledger_receipt_invoice(state: ProcountorState, receipt_id: int) -> dict[str, Any] | None:
    return next((inv for inv in state.invoices.values() if inv.get("ledgerReceiptId") == receipt_id), None)


def _reference_exists(state: ProcountorState, kind: str, ref_id: int) -> bool:
    """Whether the owner exists, for the registers the simulator holds; other owners are taken on trust."""
    if kind == "INVOICE":
        return ref_id in state.invoices
    if kind == "LEDGERRECEIPT":
        return _ledger_receipt_invoice(state, ref_id) is not None
    if kind in ("SALES_PRODUCT_REGISTER", "PURCHASE_PRODUCT_REGISTER"):
        return ref_id in state.products
    if kind in ("CUSTOMER_BUSINESS_PARTNER_REGISTER", "SUPPLIER_BUSINESS_PARTNER_REGISTER"):
        return ref_id in state.partners
    if kind == "PERSON_BUSINESS_PARTNER_REGISTER":
        return ref_id in state.persons or ref_id in state.partners
    return True


def _reference_errors(state: ProcountorState, meta: m.Attachment) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    if not _reference_exists(state, meta.referenceType, meta.referenceId):
        errs.append(error(400, f"Value of the 'referenceId' field is invalid: {meta.referenceId}", "referenceId"))
    elif meta.sendWithInvoice:
        inv = state.invoices.get(meta.referenceId) if meta.referenceType == "INVOICE" else None
        if inv is None or inv.get("type") not in SEND_WITH_INVOICE_TYPES:
            errs.append(error(400, "Value of the 'sendWithInvoice' field is invalid: sendWithInvoice can be set "
                                   "only for SALES_INVOICE, SALES_ORDER and PURCHASE_ORDER invoices.",
                              "sendWithInvoice"))
    return errs


def _invoice_of(state: ProcountorState, record: dict[str, Any]) -> dict[str, Any] | None:
    if record.get("referenceType") != "INVOICE":
        return None
    return state.invoices.get(record.get("referenceId"))  # type: ignore[arg-type]


# ------------------------------------------------------------------------ writes
def create(state: ProcountorState, meta: Any, content: bytes) -> dict[str, Any]:
    """Store one attachment (meta already parsed from JSON, content the file's bytes)."""
    if not isinstance(meta, dict):
        raise bad_request("Value of the 'meta' field is invalid: a JSON object is expected.", "meta")
    if len(content) > MAX_FILE_SIZE:
        raise bad_request(TOO_BIG, "file")
    payload = dict(meta)
    # Assumption (docs/procountor.md): a missing sendWithInvoice means false; the spec requires it, but the
    # PyPI client and the Laravel client both leave it out.
    if payload.get("sendWithInvoice") is None:
        payload["sendWithInvoice"] = False
    body = validate(m.Attachment, payload)
    errs = _reference_errors(state, body)
    if errs:
        raise ProcountorError(400, errs)
    att_id = state.next_id("attachment", 300001)
    record = {
        "id": att_id,
        "name": body.name,
        "referenceType": body.referenceType,
        "referenceId": body.referenceId,
        "mimeType": mime_type_of(body.name),
        "sendWithInvoice": body.sendWithInvoice,
        "attached": state.local_now().isoformat(timespec="seconds"),
    }
    state.attachments[att_id] = record
    state.attachment_files[att_id] = bytes(content)
    link_to_invoice(state, record)
    return record


def link_to_invoice(state: ProcountorState, record: dict[str, Any]) -> None:
    """Show the attachment in its invoice's `attachments` list (created or seeded alike)."""
    inv = _invoice_of(state, record)
    if inv is not None:
        listed = inv.setdefault("attachments", [])
        if not any(a.get("id") == record["id"] for a in listed):
            listed.append(public(record))


def content_of(state: ProcountorState, att_id: int) -> tuple[dict[str, Any], bytes]:
    record = find(state, att_id)
    return public(record), state.attachment_files.get(att_id, b"")


def delete(state: ProcountorState, att_id: int) -> None:
    record = find(state, att_id)
    inv = _invoice_of(state, record)
    if inv is not None:
        inv["attachments"] = [a for a in inv.get("attachments", []) if a.get("id") != att_id]
    del state.attachments[att_id]
    state.attachment_files.pop(att_id, None)


def rename(state: ProcountorState, att_id: int, payload: Any) -> dict[str, Any]:
    """Only the name changes, and never its extension (the MIME type was derived from it)."""
    record = find(state, att_id, RENAME_NOT_FOUND)
    body = validate(m.AttachmentRename, payload)
    new_name = body.name
    if not new_name.strip():
        raise bad_request("Value of the 'name' cannot be blank.", "name")
    old_ext = os.path.splitext(record["name"])[1].lower()
    new_ext = os.path.splitext(new_name)[1].lower()
    if new_ext != old_ext:
        raise bad_request(f"Value of the 'name' field is invalid: the file extension cannot be changed "
                          f"('{old_ext or '(none)'}' to '{new_ext or '(none)'}').", "name")
    record["name"] = new_name
    inv = _invoice_of(state, record)
    if inv is not None:
        for listed in inv.get("attachments", []):
            if listed.get("id") == att_id:
                listed["name"] = new_name
    return public(record)


# ------------------------------------------------------------------------ search
def _search_type(state: ProcountorState, record: dict[str, Any]) -> str:
    kind = record.get("referenceType", "")
    inv = None
    if kind == "INVOICE":
        inv = state.invoices.get(record.get("referenceId"))  # type: ignore[arg-type]
    elif kind == "LEDGERRECEIPT":
        inv = _ledger_receipt_invoice(state, record.get("referenceId"))  # type: ignore[arg-type]
    else:
        return _SEARCH_TYPE_OF_REFERENCE.get(kind, kind)
    if inv is None:
        return "JOURNAL"  # journal receipts are the only INVOICE/LEDGERRECEIPT owners that are not invoices
    if inv.get("type") == "SALES_ORDER" and inv.get("isOffer"):
        return "OFFER"
    return inv.get("type", "JOURNAL")


def _document(state: ProcountorState, record: dict[str, Any]) -> dict[str, Any]:
    doc = {
        "attachmentId": record["id"],
        "name": record.get("name"),
        "size": len(state.attachment_files.get(record["id"], b"")),
        "user": API_USERNAME,
        "referenceId": record.get("referenceId"),
        "referenceType": record.get("referenceType"),
        "attached": record.get("attached"),
    }
    return {k: v for k, v in doc.items() if v is not None}


def search(state: ProcountorState, params: Any, username: str | None = None) -> dict[str, Any]:
    """GET /attachments; `username` comes from the HTTP header of that name (API 23.06+)."""
    q = Query(params)
    check_int32(q, "page", "previousId", "referenceId", "minSize", "maxSize")
    start, end = q.day("createdStartDate"), q.day("createdEndDate")
    min_size, max_size = q.integer("minSize", 0), q.integer("maxSize", 0)
    name = (q.text("name") or "").lower()
    types = q.choices("type", SEARCH_TYPES)
    reference = q.integer("referenceId")
    page, size = q.paging()

    def keep(record: dict[str, Any], doc: dict[str, Any]) -> bool:
        attached = _day(doc.get("attached"))
        if (start and (attached is None or attached < start)) or (end and (attached is None or attached > end)):
            return False
        if (min_size is not None and doc["size"] < min_size) or (max_size is not None and doc["size"] > max_size):
            return False
        if name and name not in doc.get("name", "").lower():
            return False
        if reference is not None and doc.get("referenceId") != reference:
            return False
        if types and _search_type(state, record) not in types:
            return False
        return not (username and username != doc["user"])

    found = []
    for record in state.attachments.values():
        doc = _document(state, record)
        if keep(record, doc):
            found.append({"id": record["id"], **doc})
    for param, key in (("orderByCreatedDate", "attached"), ("orderByName", "name"), ("orderBySize", "size")):
        direction = q.order(param)
        if direction:
            found.sort(key=lambda d, k=key: (d.get(k) if d.get(k) is not None else "", d["id"]),
                       reverse=direction == "DESC")
            break
    else:
        found = keyset(found, q)
    return page_of(found, page, size, lambda d: {k: v for k, v in d.items() if k != "id"})


def _day(stamp: str | None) -> date | None:
    try:
        return date.fromisoformat(stamp[:10]) if stamp else None
    except ValueError:
        return None
