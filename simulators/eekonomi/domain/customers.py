"""Customers: create, full replace, delete, and the fields the server works out.

A stored customer is the validated CustomerApi body plus Id and ChangedUtc. What depends on other registers
is derived on every read (`view`): the TermsOfPayment object from the terms register, UnpaidInvoicesAmount
and LastInvoiceDate from the customer's invoices, IsFutureInvoiceDateAllowed from the terms; so it never goes
stale and the invoices resource need not touch customers.

The rules (the vendor's field descriptions, research notes §5 "Customer"; the codes are this simulator's
mapping, docs/eekonomi.md): CustomerNumber unique (4000) and assigned from CompanySettings.NextCustomerNumber
when missing; TermsOfPaymentId must exist (400, 3000); value formats and the five CC addresses are model
validation (2000); combinations the vendor forbids are 4002 (VatNumber without InvoiceCountryCode, reverse
construction VAT without VatNumber, ForceBookkeepVat inside the EU, EmailAddresses without EmailAddress,
DeliveryBasedVat without the delivery address); only customers without invoices or drafts can be deleted (4001).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.domain import find, is_eu
from simulators.eekonomi.errors import EEkonomiError, Error, field_error
from simulators.eekonomi.state import EEkonomiState, new_id

MAX_CC_ADDRESSES = 5
CANNOT_DELETE = ("Only customers without any linked transactions can be deleted. To hide a customer that has "
                 "transactions, set the IsActive property to false.")
# Cash and card payments are paid at once: an invoice dated in the future makes no sense for them (assumption).
IMMEDIATE_PAYMENT_TYPES = (2, 3)
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_VAT_NUMBER = re.compile(r"[A-Za-z]{2}[0-9A-Za-z]{8,12}")


# ------------------------------------------------------------------------ reads
# what the server derives from other registers on every read
DERIVED = ("TermsOfPayment", "UnpaidInvoicesAmount", "LastInvoiceDate", "IsFutureInvoiceDateAllowed")


def get(state: EEkonomiState, customer_id: str) -> dict[str, Any]:
    return view(state, find(state.customers, customer_id, "Customer", "customerId"))


def view(state: EEkonomiState, record: dict[str, Any]) -> dict[str, Any]:
    """The stored customer plus what the server derives from the other registers."""
    return {**record, **derived_fields(state, [record["Id"]])[record["Id"]]}


def all_views(state: EEkonomiState) -> list[dict[str, Any]]:
    """Every customer with its derived fields (for a `$filter`/`$orderby` that names one), one pass over invoices."""
    extra = derived_fields(state, state.customers)
    return [{**record, **extra[ident]} for ident, record in state.customers.items()]


def derived_fields(state: EEkonomiState, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Customer Id -> its DERIVED fields: the terms of payment object, the remaining amount of its invoices,
    its latest invoice date, and whether invoices may be dated in the future (not for cash or card terms)."""
    wanted = {ident: state.customers[ident] for ident in ids if ident in state.customers}
    unpaid: dict[str, float] = dict.fromkeys(wanted, 0.0)
    last: dict[str, str | None] = dict.fromkeys(wanted)
    for invoice in state.invoices.values():
        owner = invoice.get("CustomerId")
        if owner in unpaid:
            unpaid[owner] += float(invoice.get("RemainingAmount") or 0)
            day = invoice.get("InvoiceDate")
            if day and (last[owner] is None or day > last[owner]):
                last[owner] = day
    out = {}
    for ident, record in wanted.items():
        terms = state.terms_of_payments.get(str(record.get("TermsOfPaymentId") or "").lower())
        out[ident] = {
            "TermsOfPayment": dict(terms) if terms is not None else None,
            "UnpaidInvoicesAmount": round(unpaid[ident], 2),
            "LastInvoiceDate": last[ident],
            "IsFutureInvoiceDateAllowed": terms is None or terms.get("TermsOfPaymentTypeId")
            not in IMMEDIATE_PAYMENT_TYPES,
        }
    return out


def has_transactions(state: EEkonomiState, customer_id: str) -> bool:
    """Whether an invoice or an invoice draft names this customer (then it cannot be deleted)."""
    return any(doc.get("CustomerId") == customer_id
               for docs in (state.invoices, state.drafts) for doc in docs.values())


# ------------------------------------------------------------------------ writes
def create(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    """POST /customers: `body` is the validated CustomerApi (canonical names, read-only fields dropped)."""
    record = _checked(state, body, None)
    record.setdefault("Iban", "")
    record.setdefault("IsDirectDebitEnabled", False)
    if not _filled(record.get("CustomerNumber")):
        record["CustomerNumber"] = _next_number(state)
    _note_number(state, record["CustomerNumber"])
    record["Id"] = new_id()
    record["ChangedUtc"] = state.now_utc_text()
    record["MessageThreads"] = []
    record["Notes"] = []
    state.customers[record["Id"]] = record
    _index_number(state, record)
    return view(state, record)


def replace(state: EEkonomiState, customer_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /customers/{id}: a full replace. Omitted fields become null or their default, except the customer
    number (an identifier; kept), and Iban and IsDirectDebitEnabled ("default value is existing database value
    (PUT)")."""
    old = find(state.customers, customer_id, "Customer", "customerId")
    record = _checked(state, body, old["Id"])
    for name in ("Iban", "IsDirectDebitEnabled"):
        if name not in record:
            record[name] = old.get(name)
    if not _filled(record.get("CustomerNumber")):
        record["CustomerNumber"] = old.get("CustomerNumber") or _next_number(state)
    _note_number(state, record["CustomerNumber"])
    record["Id"] = old["Id"]
    record["ChangedUtc"] = state.now_utc_text()
    record["MessageThreads"] = old.get("MessageThreads") or []
    record["Notes"] = old.get("Notes") or []
    state.customers[record["Id"]] = record
    _index_number(state, record, old.get("CustomerNumber"))
    return view(state, record)


def delete(state: EEkonomiState, customer_id: str) -> None:
    record = find(state.customers, customer_id, "Customer", "customerId")
    if has_transactions(state, record["Id"]):
        raise EEkonomiError(400, errors.CANNOT_DELETE, CANNOT_DELETE)
    del state.customers[record["Id"]]
    _number_index(state).pop(_key(record.get("CustomerNumber")), None)


# ------------------------------------------------------------------------ rules
def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _checked(state: EEkonomiState, body: dict[str, Any], own_id: str | None) -> dict[str, Any]:
    """The record to store, or the first kind of error found: formats (2000), references (3000), the number
    (4000), then combinations (4002)."""
    record = {k: v for k, v in body.items() if k != "TermsOfPayment"}  # the server fills it from the register
    _formats(state, record)
    terms_id = record["TermsOfPaymentId"]
    if terms_id not in state.terms_of_payments:
        raise errors.reference_missing("TermsOfPaymentId", "TermsOfPayment", terms_id)
    number = record.get("CustomerNumber")
    if _filled(number):
        record["CustomerNumber"] = number = number.strip()
        if _number_taken(state, number, own_id):
            raise errors.conflict(f"A customer with the customer number {number} already exists.", "CustomerNumber")
    combos = _combinations(state, record)
    if combos:
        first = "; ".join(e["Message"] for e in combos[:3])
        raise EEkonomiError(400, errors.CANNOT_CREATE_OR_UPDATE, f"The customer cannot be saved: {first}", combos)
    if record.get("CustomerLabels"):
        record["CustomerLabels"] = [_label(label) for label in record["CustomerLabels"] if label is not None]
    return record


def _formats(state: EEkonomiState, record: dict[str, Any]) -> None:
    problems: list[Error] = []
    for name in ("InvoiceCountryCode", "DeliveryCountryCode"):
        code = record.get(name)
        if _filled(code):
            if _COUNTRY.fullmatch(code.strip()):
                record[name] = code.strip().upper()
            else:
                problems.append(field_error(name, "Invalid", f"The field {name} must be an ISO 3166 country code "
                                                             "of two letters."))
        elif code is not None:
            record[name] = None
    currency = record.get("CurrencyCode")
    if not _filled(currency):
        record["CurrencyCode"] = state.company.get("CurrencyCode") or "SEK"
    elif _CURRENCY.fullmatch(currency.strip()):
        record["CurrencyCode"] = currency.strip().upper()
    else:
        problems.append(field_error("CurrencyCode", "Invalid", "The field CurrencyCode must be an ISO 4217 "
                                                               "currency code of three letters."))
    vat = record.get("VatNumber")
    if _filled(vat) and not _VAT_NUMBER.fullmatch(vat.replace(" ", "")):
        problems.append(field_error("VatNumber", "Invalid", "The field VatNumber must be a 2 character country "
                                                            "code followed by 8-12 numbers and letters."))
    cc = record.get("EmailAddresses")
    if cc is not None and len(cc) > MAX_CC_ADDRESSES:
        problems.append(field_error("EmailAddresses", "MaxLength",
                                    f"A maximum of {MAX_CC_ADDRESSES} email addresses can be provided."))
    if problems:
        raise errors.validation_failed(problems)


def _combinations(state: EEkonomiState, record: dict[str, Any]) -> list[Error]:
    found: list[Error] = []
    has_vat_number = _filled(record.get("VatNumber"))
    if has_vat_number and not _filled(record.get("InvoiceCountryCode")):
        found.append(field_error("InvoiceCountryCode", "Required",
                                 "InvoiceCountryCode must be set when a VatNumber is set."))
    if record.get("ReverseChargeOnConstructionServices") and not has_vat_number:
        found.append(field_error("VatNumber", "Required",
                                 "VatNumber must be set when ReverseChargeOnConstructionServices is true."))
    # the description forbids it "if InvoiceCountryCode belongs to a country inside EU": only a country given
    # counts (the PyPI client sends ForceBookkeepVat true with no country on every customer it creates)
    country = record.get("InvoiceCountryCode")
    if record.get("ForceBookkeepVat") and country and is_eu(country):
        found.append(field_error("ForceBookkeepVat", "Invalid",
                                 f"ForceBookkeepVat cannot be true for a customer in an EU country ({country})."))
    if record.get("EmailAddresses") and not _filled(record.get("EmailAddress")):
        found.append(field_error("EmailAddress", "Required",
                                 "EmailAddress must be set when EmailAddresses (CC addresses) are given."))
    if record.get("DeliveryBasedVat"):
        for name in ("DeliveryCity", "DeliveryCountryCode", "DeliveryPostalCode"):
            if not _filled(record.get(name)):
                found.append(field_error(name, "Required", f"{name} must be set when DeliveryBasedVat is true."))
    return found


def _label(label: dict[str, Any]) -> dict[str, Any]:
    """A customer label; its Id follows its name, so the same label has the same Id on every customer."""
    name = str(label.get("Name", "")).strip()
    return {"Id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"eekonomi:customer-label:{name.lower()}")), **label}


# ------------------------------------------------------------------------ customer numbers
def _key(number: Any) -> str:
    return str(number or "").strip().lower()


def _number_index(state: EEkonomiState) -> dict[str, str]:
    """Customer number (case-insensitive) -> Id, built on first use and kept by create, replace and delete, so a
    create costs the same with 10 customers or 100,000."""
    index = state.indexes.get("customer_numbers")
    if index is None:
        index = state.indexes["customer_numbers"] = {_key(c.get("CustomerNumber")): c["Id"]
                                                     for c in state.customers.values()}
    return index


def _index_number(state: EEkonomiState, record: dict[str, Any], old_number: Any = None) -> None:
    index = _number_index(state)
    if old_number is not None and index.get(_key(old_number)) == record["Id"]:
        del index[_key(old_number)]
    index[_key(record.get("CustomerNumber"))] = record["Id"]


def _number_taken(state: EEkonomiState, number: str, own_id: str | None) -> bool:
    return _number_index(state).get(_key(number), own_id) != own_id


def _next_number(state: EEkonomiState) -> str:
    """CompanySettings.NextCustomerNumber, skipping numbers already in use."""
    taken = _number_index(state)
    number = int(state.company.get("NextCustomerNumber") or 1)
    while str(number) in taken:
        number += 1
    return str(number)


def _note_number(state: EEkonomiState, number: str) -> None:
    """A numeric customer number at or past NextCustomerNumber moves it on, as the web application does."""
    if number.isdigit() and len(number) <= 9:
        value = int(number)
        if value >= int(state.company.get("NextCustomerNumber") or 1):
            state.company["NextCustomerNumber"] = value + 1
