"""Visma Administration's business rules as the fake ADK applies them on AdkAdd / AdkUpdate / AdkDelete.

ADK runs the program's own validation (research §3.3, S9). Every rule here plans its effect on a `Tx` (records
put, series moved, warnings) and refuses with `AdkFailure`; the session commits the plan in one SQLite
transaction or throws it away, so a refused call changes nothing.

Generic rules (every table, from tables.py): required fields, register references, unique keys, number series,
timestamps. Per table: invoices/orders/offers (customer data, row amounts, VAT, totals, round-off, credit notes,
printed/cancelled rules, claims), customer payments (invoice balances), supplier invoices (serial number,
duplicate check, template rows), projects, customers (organisation number), and what may be deleted.

Choices where the research does not know (each is listed in docs/adk.md):
- duplicate key: customers ADKE_CUSTOMER_INVALID_CUSTOMERNR (51), every other register
  ADKE_KEY_TAKEN_IN_NUMBERSERIES (214), the same code as a taken document number;
- missing required field: key -> ADKE_NO_KEY, *_NAME/*_TEXT -> ADKE_NO_NAME, a register reference -> that
  register's "invalid ..." code, anything else ADKE_NO_KEY; the field id is in lField;
- row amount = quantity x price x (1 - discount/100), 2 decimals (half up); VAT per row by its VAT code
  ("0" 0 %, "1" 25 %, "2" 12 %, "3" 6 %; default "1", "0" on export invoices, which carry no VAT); freight and
  invoice fee at 25 %; SEK documents are rounded to whole kronor (ROUND_OFF), other currencies are not;
- head amounts are in the document currency; BALANCE is in SEK (total x rate / unit), BALANCE2 in the document
  currency; credit notes (type "K") have negative amounts whatever the sign of quantity and price;
- supplier-invoice row amount = price x quantity (quantity 0 counts as 1), since the row amount fields are
  read-only; the cost rows keep their signs relative to each other (reverse charge +2645/-2614) and are negated
  as a whole when they point against the invoice type (a credit note "K" written with positive prices); AdkAdd
  puts a supplier-debt row (SUPPLIER_DEBT_ACCOUNT, default 2440, minus the total) and an input-VAT row (2641)
  first, and puts them back on every update, so the rows balance; a dataset's rows are kept and given the same
  amounts (debt rows -sign x |value|, input-VAT rows sign x |value|), so export -> seed -> export is exact.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from simulators.adk import constants as adk
from simulators.adk import dates
from simulators.adk.company import Company, Tx, blank_record, fold, reference_field
from simulators.adk.errors import AdkFailure
from simulators.adk.model import Field, FieldType, Record, Table

VAT_RATES = {"0": 0.0, "1": 0.25, "2": 0.12, "3": 0.06}
STANDARD_VAT = "1"
DOMESTIC_CURRENCY = "SEK"
DEFAULT_TERMS_DAYS = 30
SUPPLIER_DEBT_ACCOUNT = "2440"
INPUT_VAT_ACCOUNT = "2641"

OOI_HEADS = frozenset({adk.ADK_DB_INVOICE_HEAD, adk.ADK_DB_ORDER_HEAD, adk.ADK_DB_OFFER_HEAD})
OOI_ROWS = frozenset({adk.ADK_DB_INVOICE_ROW, adk.ADK_DB_ORDER_ROW, adk.ADK_DB_OFFER_ROW})

REFERENCE_ERRORS: dict[int, int] = {
    adk.ADK_DB_CUSTOMER: adk.ADKE_COULD_NOT_FIND_CUSTOMER,
    adk.ADK_DB_ARTICLE: adk.ADKE_COULD_NOT_FIND_ARTICLE,
    adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT: adk.ADKE_INVALID_PAYMENT_TERMS,
    adk.ADK_DB_CODE_OF_CURRENCY: adk.ADKE_INVALID_CURRENCY_CODE,
    adk.ADK_DB_CODE_OF_LANGUAGE: adk.ADKE_INVALID_LAUNGUAGE_CODE,
    adk.ADK_DB_CODE_OF_COUNTRY_CODE: adk.ADKE_INVALID_COUNTRY_CODE,
    adk.ADK_DB_PROJECT: adk.ADKE_INVLAID_PROJECT,
    adk.ADK_DB_CODE_OF_PROFIT_CENTRE: adk.ADKE_INVLAID_RESULT_UNIT,
    adk.ADK_DB_ACCOUNT: adk.ADKE_INVLAID_ACCOUNT,
    adk.ADK_DB_CODE_OF_UNIT: adk.ADKE_ARTICLE_INVALID_UNITCODE,
    adk.ADK_DB_SUPPLIER: adk.ADKE_COULD_NOT_FIND_SUPPLIER,
    adk.ADK_DB_CODE_OF_SELLER: adk.ADKE_CUSTOMER_INVALID_SELLER,
    adk.ADK_DB_INVOICE_HEAD: adk.ADKE_INVALID_INVOICE,
}
# (table, field) -> code where the context names the error better (an invoice's customer, a row's article)
CONTEXT_ERRORS: dict[tuple[int, int], int] = {
    **{(db, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER): adk.ADKE_OOF_INVALID_CUSTOMER for db in OOI_HEADS},
    **{(db, adk.ADK_OOI_ROW_ARTICLE_NUMBER): adk.ADKE_OOF_INVALID_ARTICLE for db in OOI_ROWS},
}
DUPLICATE_ERRORS: dict[int, int] = {adk.ADK_DB_CUSTOMER: adk.ADKE_CUSTOMER_INVALID_CUSTOMERNR}

H = adk  # field names below read as H.ADK_OOI_HEAD_...


def _tables() -> dict[int, Table]:
    from simulators.adk.tables import TABLES

    return TABLES


# wide enough for every finite double (at most 309 digits before the point): Decimal's default 28 digits made
# quantize fail on a nonsense amount (1e20 x 1e20), an ADKE_INTERNAL
_WIDE = Context(prec=400)


def _decimal(value: float) -> Decimal:
    number = float(value)
    if not math.isfinite(number):  # e.g. quantity x price beyond a double: no amount the ADK can hold
        raise fail(adk.ADKE_TOO_MANY_SIGNS)
    return Decimal(repr(number))


def money(value: float) -> float:
    """Round to öre, half away from zero (as a person would), not Python's binary banker's rounding."""
    return float(_decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP, context=_WIDE))


def kronor(value: float) -> float:
    return float(_decimal(value).quantize(Decimal("1"), ROUND_HALF_UP, context=_WIDE))


def fail(rc: int, fld: int = 0, db_table: int = 0) -> AdkFailure:
    return AdkFailure(rc, fld, db_table)


def _empty(fld: Field, value: Any) -> bool:
    if fld.type is FieldType.CHAR:
        return not (value or "").strip()
    if fld.type in (FieldType.DOUBLE, FieldType.DATE):
        return not value
    return False


# ================================================================================================ generic rules
def check_required(table: Table, rec: Record, err_table: int = 0) -> None:
    for fld in table.fields.values():
        if not fld.required or not _empty(fld, rec.get(fld.id)):
            continue
        if fld.references is not None:
            rc = CONTEXT_ERRORS.get((table.id, fld.id), REFERENCE_ERRORS.get(fld.references, adk.ADKE_NO_KEY))
        elif fld.id in table.key:
            rc = adk.ADKE_NO_KEY
        elif fld.name.endswith(("_NAME", "_TEXT")):
            rc = adk.ADKE_NO_NAME
        else:
            rc = adk.ADKE_NO_KEY
        raise fail(rc, fld.id, err_table)


def exists(tx: Tx, db: int, code: Any) -> bool:
    if db == adk.ADK_DB_CODE_OF_CURRENCY and fold(str(code)) == "sek":
        return True  # the domestic currency needs no register entry
    return tx.lookup(db, code) is not None


_checked_fields: dict[int, list[Field]] = {}


def _fields_to_check(table: Table) -> list[Field]:
    """The fields of a table that name a register record or a VAT code (cached: walked on every write)."""
    fields = _checked_fields.get(table.id)
    if fields is None:
        fields = [
            f
            for f in table.fields.values()
            if f.references is not None or (f.name.endswith("_VAT_CODE") and f.type is FieldType.CHAR)
        ]
        _checked_fields[table.id] = fields
    return fields


def check_references(tx: Tx, table: Table, rec: Record, err_table: int = 0) -> None:
    """Every non-empty reference must name an existing register record; VAT codes must be known."""
    for fld in _fields_to_check(table):
        value = rec.get(fld.id)
        if not value or (fld.type is FieldType.CHAR and not value.strip()):
            continue
        if fld.references is not None:
            if fld.references not in tx.company.tables:
                continue
            if not exists(tx, fld.references, value):
                rc = CONTEXT_ERRORS.get((table.id, fld.id), REFERENCE_ERRORS.get(fld.references, adk.ADKE_NOT_FOUND))
                raise fail(rc, fld.id, err_table)
        elif value not in VAT_RATES:
            raise fail(adk.ADKE_INVALID_VAT_CODE, fld.id, err_table)


def check_unique(tx: Tx, table: Table, rid: int, rec: Record) -> None:
    if not table.key:
        return
    data = tx.company.tables[table.id]
    other = data.by_key(rec)
    if other is not None and other != rid and tx.get(table.id, other) is not None:
        raise fail(DUPLICATE_ERRORS.get(table.id, adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES), table.key[0])
    key = data.key(rec)  # type: ignore[misc]
    for (db, prid), planned in tx.changes.puts.items():
        if db == table.id and prid != rid and prid not in data.records and data.key(planned) == key:  # type: ignore[misc]
            raise fail(DUPLICATE_ERRORS.get(table.id, adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES), table.key[0])


def number_taken(tx: Tx, table: Table, number: int) -> bool:
    data = tx.company.tables[table.id]
    rid = data.keys.get((float(number),))
    if rid is not None and tx.get(table.id, rid) is not None:
        return True
    key = table.key[0]
    return any(
        db == table.id and prid not in data.records and int(rec.get(key) or 0) == number
        for (db, prid), rec in tx.changes.puts.items()
    )


def assign_number(tx: Tx, table: Table, rec: Record) -> None:
    """Documents without a number get the next number of their series; an explicit number must be free and, when
    it is at or beyond the series, moves the series on."""
    series = table.number_series
    if series is None:
        return
    key = table.key[0]
    following = int(tx.series.get(series, 1) or 1)
    number = rec.get(key) or 0
    if number == 0:
        number = following
        while number_taken(tx, table, number):
            number += 1
        rec[key] = float(number)
        tx.series[series] = number + 1
        return
    if number < 0 or number != int(number):
        raise fail(adk.ADKE_NO_KEY, key)
    number = int(number)
    if number_taken(tx, table, number):
        raise fail(adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES, key)
    if number >= following:
        tx.series[series] = number + 1


def stamp(tx: Tx, table: Table, rec: Record) -> None:
    if table.timestamp_field is not None:
        rec[table.timestamp_field] = tx.stamp
    for fld in table.fields.values():
        if fld.type is FieldType.DATE and fld.name.endswith("_LASTCHANGE"):
            rec[fld.id] = tx.today
    if table.rows_field is not None:
        row_table = _tables()[table.row_table]  # type: ignore[index]
        for i, row in enumerate(rec.get(table.rows_field) or []):
            if row_table.timestamp_field is not None:
                row[row_table.timestamp_field] = tx.stamp
            row[adk.ADK_OOI_ROW_ROWNUMBER] = float(i + 1)


def _diff(table: Table, old: Record, new: Record) -> set[int]:
    """The writable fields whose value differs (rows compared by their writable fields)."""
    out = set()
    for fid, fld in table.fields.items():
        if fid == table.rows_field:
            row_table = _tables()[table.row_table]  # type: ignore[index]
            if _rows_content(row_table, old.get(fid)) != _rows_content(row_table, new.get(fid)):
                out.add(fid)
        elif fld.writable and fid != table.nrows_field and old.get(fid) != new.get(fid):
            out.add(fid)
    return out


def _rows_content(row_table: Table, rows: list[Record] | None) -> list[tuple]:
    fids = [f.id for f in row_table.fields.values() if f.writable]
    return [tuple(row.get(f) for f in fids) for row in rows or []]


# ================================================================================================ entry points
AddHook = Callable[[Tx, Table, Record, set[int], list[set[int]]], None]
UpdateHook = Callable[[Tx, Table, int, Record, Record, set[int]], None]


def add(tx: Tx, table: Table, rec: Record, changed: set[int], row_changed: list[set[int]]) -> tuple[int, Record]:
    """Plan AdkAdd of `rec` (a complete record from the caller's buffer); returns its rid and the record as it will
    be stored (numbers, totals and defaults filled in: the session writes it back into the caller's buffer)."""
    rid = tx.new_rid()
    hook = ADD_HOOKS.get(table.id)
    if hook is not None:
        hook(tx, table, rec, changed, row_changed)  # first: it may fill required fields (a copied credit note)
    check_required(table, rec)
    check_references(tx, table, rec)
    assign_number(tx, table, rec)
    check_unique(tx, table, rid, rec)
    stamp(tx, table, rec)
    tx.put(table.id, rid, rec)
    return rid, rec


def update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> Record:
    """Plan AdkUpdate of the stored record `old` to `new` (the stored record with the caller's changes over it)."""
    if table.key and _key_changed(table, old, new):
        raise fail(adk.ADKE_EDIT_DENIED_FIELD, next(f for f in table.key if old.get(f) != new.get(f)))
    if not _diff(table, old, new):
        return old  # nothing to write: the record (and its timestamp) stays as it is
    check_required(table, new)
    hook = UPDATE_HOOKS.get(table.id)
    if hook is not None:
        hook(tx, table, rid, old, new, changed)
    check_references(tx, table, new)
    stamp(tx, table, new)
    tx.put(table.id, rid, new)
    return new


def _key_changed(table: Table, old: Record, new: Record) -> bool:
    return any(
        fold(str(old.get(f))) != fold(str(new.get(f)))
        if table.fields[f].type is FieldType.CHAR
        else old.get(f) != new.get(f)
        for f in table.key
    )


def delete(tx: Tx, table: Table, rid: int, rec: Record) -> None:
    """Plan AdkDeleteRecord: registers only, and only while nothing refers to the record."""
    if not table.deletable:
        raise fail(adk.ADKE_DELETE_DENIED)
    ref_field = reference_field(table)
    if ref_field is not None:
        code = rec.get(ref_field)
        if _referenced(tx, table.id, code):
            raise fail(adk.ADKE_DELETE_DENIED, ref_field)
    tx.delete(table.id, rid)


def _referenced(tx: Tx, db: int, code: Any) -> bool:
    """Whether any record (or document row) refers to register `db`'s record `code`."""
    if code in ("", None):
        return False
    want = fold(code) if isinstance(code, str) else code
    tables = _tables()
    for other in tables.values():
        fields = [f.id for f in other.fields.values() if f.references == db]
        row_fields: list[int] = []
        if other.rows_field is not None:
            row_table = tables[other.row_table]  # type: ignore[index]
            row_fields = [f.id for f in row_table.fields.values() if f.references == db]
        if not fields and not row_fields:
            continue
        for _rid, rec in tx.records(other.id):
            for f in fields:
                value = rec.get(f)
                if value and (fold(value) if isinstance(value, str) else value) == want:
                    return True
            for row in rec.get(other.rows_field) or [] if row_fields else []:
                for f in row_fields:
                    value = row.get(f)
                    if value and (fold(value) if isinstance(value, str) else value) == want:
                        return True
    return False


# ================================================================================================ customers, projects
def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def valid_org_number(text: str) -> bool:
    """A Swedish organisation or personal identity number: 10 digits (12 with the century), optional hyphen,
    Luhn check digit."""
    digits = text.replace("-", "").replace("+", "").replace(" ", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        return False
    return _luhn_ok(digits[-10:])


def _customer_checks(tx: Tx, table: Table, rec: Record, old: Record | None) -> None:
    org = (rec.get(H.ADK_CUSTOMER_ORGANISATION_NUMBER) or "").strip()
    if not org or rec.get(H.ADK_CUSTOMER_IGNORE_ORGANISATION_NUMBER_CHECK):
        return
    if old is not None and old.get(H.ADK_CUSTOMER_ORGANISATION_NUMBER) == rec.get(H.ADK_CUSTOMER_ORGANISATION_NUMBER):
        return
    country = fold(rec.get(H.ADK_CUSTOMER_CODE_OF_COUNTRY) or "")
    if country in ("", "se") and not rec.get(H.ADK_CUSTOMER_EXPORT) and not valid_org_number(org):
        raise fail(adk.ADKE_INVALID_CONTROLNR, H.ADK_CUSTOMER_ORGANISATION_NUMBER)


def _customer_add(tx: Tx, table: Table, rec: Record, changed: set[int], row_changed: list[set[int]]) -> None:
    _customer_checks(tx, table, rec, None)


def _customer_update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> None:
    _customer_checks(tx, table, new, old)


def _project_checks(tx: Tx, rec: Record) -> None:
    begin, end = rec.get(H.ADK_PROJECT_DATE_OF_BEGINNING) or 0, rec.get(H.ADK_PROJECT_DATE_OF_END) or 0
    if begin and end and end < begin:
        raise fail(adk.ADKE_END_BEFORE_START, H.ADK_PROJECT_DATE_OF_END)
    customer = rec.get(H.ADK_PROJECT_CUSTOMER_NUMBER)
    if customer and not rec.get(H.ADK_PROJECT_CUSTOMER_NAME):
        found = tx.lookup(adk.ADK_DB_CUSTOMER, customer)
        if found is not None:
            rec[H.ADK_PROJECT_CUSTOMER_NAME] = found[1].get(H.ADK_CUSTOMER_NAME) or ""
    if rec.get(H.ADK_PROJECT_CLOSED) and not rec.get(H.ADK_PROJECT_DATE_OF_CLOSURE):
        rec[H.ADK_PROJECT_DATE_OF_CLOSURE] = tx.today


def _project_add(tx: Tx, table: Table, rec: Record, changed: set[int], row_changed: list[set[int]]) -> None:
    _project_checks(tx, rec)


def _project_update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> None:
    _project_checks(tx, new)


# ================================================================================================ invoices
# head field <- customer field, copied on add where the caller left the head field empty
CUSTOMER_TO_HEAD = [
    (H.ADK_OOI_HEAD_CUSTOMER_NAME, H.ADK_CUSTOMER_NAME),
    (H.ADK_OOI_HEAD_MAILING_ADDRESS1, H.ADK_CUSTOMER_MAILING_ADDRESS),
    (H.ADK_OOI_HEAD_MAILING_ADDRESS2, H.ADK_CUSTOMER_MAILING_ADDRESS2),
    (H.ADK_OOI_HEAD_ZIPCODE, H.ADK_CUSTOMER_ZIPCODE),
    (H.ADK_OOI_HEAD_CITY, H.ADK_CUSTOMER_CITY),
    (H.ADK_OOI_HEAD_COUNTRY, H.ADK_CUSTOMER_COUNTRY),
    (H.ADK_OOI_HEAD_CUSTOMER_REFERENCE_NAME, H.ADK_CUSTOMER_REFERENCE),
    (H.ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT, H.ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT),
    (H.ADK_OOI_HEAD_CURRENCY_CODE, H.ADK_CUSTOMER_CODE_OF_CURRENCY),
    (H.ADK_OOI_HEAD_LANGUAGE_CODE, H.ADK_CUSTOMER_CODE_OF_LANGUAGE),
    (H.ADK_OOI_HEAD_CODE_OF_COUNTRY, H.ADK_CUSTOMER_CODE_OF_COUNTRY),
    (H.ADK_OOI_HEAD_CUSTOMER_INVOICE_VAT_NUMBER, H.ADK_CUSTOMER_VAT_NUMBER),
    (H.ADK_OOI_HEAD_PROFIT_CENTRE, H.ADK_CUSTOMER_PROFIT_CENTRE),
    (H.ADK_OOI_HEAD_PROJECT_CODE, H.ADK_CUSTOMER_PROJECT),
]
HEAD_FLAGS = frozenset(
    {H.ADK_OOI_HEAD_DOCUMENT_PRINTED, H.ADK_OOI_HEAD_DOCUMENT_CANCELLED, H.ADK_OOI_HEAD_DOCUMENT_NOT_DONE}
)


def terms_days(tx: Tx, code: str) -> int:
    """Days to the due date: the payment code (or the code itself) when it is a number, 0 for cash ("K"), else 30."""
    found = tx.lookup(adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT, code) if code else None
    candidates = [found[1].get(H.ADK_CODE_OF_TERMS_OF_PAYMENT_PAYMENT_CODE) or "" if found else "", code or ""]
    for text in candidates:
        text = text.strip()
        if text.isdigit():
            return int(text)
        if text.upper() == "K":
            return 0
    return DEFAULT_TERMS_DAYS


def currency_rate(tx: Tx, code: str) -> tuple[float, float]:
    """(rate in SEK per unit, unit) of a currency from its register entry; SEK is (1, 1)."""
    if not code or fold(code) == "sek":
        return 1.0, 1.0
    found = tx.lookup(adk.ADK_DB_CODE_OF_CURRENCY, code)
    if found is None:
        return 1.0, 1.0
    rec = found[1]
    return float(rec.get(H.ADK_CODE_OF_CURRENCY_SELL) or 1.0), float(rec.get(H.ADK_CODE_OF_CURRENCY_UNIT) or 1.0)


def ocr_number(number: int) -> str:
    """The invoice number with a Luhn check digit (the usual Swedish OCR reference)."""
    digits = str(number)
    for check in range(10):
        if _luhn_ok(digits + str(check)):
            return digits + str(check)
    return digits  # pragma: no cover


def fill_from_customer(head: Record, customer: Record, changed: set[int] | None) -> None:
    for head_field, customer_field in CUSTOMER_TO_HEAD:
        if not (head.get(head_field) or "").strip():
            head[head_field] = customer.get(customer_field) or ""
    if changed is None or H.ADK_OOI_HEAD_EXPORT not in changed:
        head[H.ADK_OOI_HEAD_EXPORT] = bool(customer.get(H.ADK_CUSTOMER_EXPORT))


def _row_error_table(head_table: Table) -> int:
    return _tables()[head_table.row_table].error_table_code  # type: ignore[index]


def prepare_ooi_rows(tx: Tx, head_table: Table, head: Record, row_changed: list[set[int]] | None) -> None:
    """Validate the rows of an offer/order/invoice and fill them from the article register."""
    row_table = _tables()[head_table.row_table]  # type: ignore[index]
    err_table = row_table.error_table_code
    export = bool(head.get(H.ADK_OOI_HEAD_EXPORT))
    for i, row in enumerate(head.get(head_table.rows_field) or []):  # type: ignore[arg-type]
        ch = row_changed[i] if row_changed is not None and i < len(row_changed) else None
        number = (row.get(H.ADK_OOI_ROW_ARTICLE_NUMBER) or "").strip()
        if number:
            found = tx.lookup(adk.ADK_DB_ARTICLE, number)
            if found is None:
                raise fail(adk.ADKE_OOF_INVALID_ARTICLE, H.ADK_OOI_ROW_ARTICLE_NUMBER, err_table)
            article = found[1]
            if not (row.get(H.ADK_OOI_ROW_TEXT) or "").strip():
                row[H.ADK_OOI_ROW_TEXT] = article.get(H.ADK_ARTICLE_NAME) or ""
            if not (row.get(H.ADK_OOI_ROW_UNIT) or "").strip():
                row[H.ADK_OOI_ROW_UNIT] = article.get(H.ADK_ARTICLE_UNIT_CODE) or ""
            if (
                ch is not None
                and H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY not in ch
                and not row.get(H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY)
            ):
                # the register's price is in SEK: in the document currency at the document's rate
                per_unit = float(head.get(H.ADK_OOI_HEAD_CURRENCY_RATE) or 1.0) / float(
                    head.get(H.ADK_OOI_HEAD_CURRENCY_UNIT) or 1.0
                )
                row[H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY] = money(
                    float(article.get(H.ADK_ARTICLE_PRICE) or 0.0) / (per_unit or 1.0)
                )
        code = (row.get(H.ADK_OOI_ROW_VAT_CODE) or "").strip()
        if not code:
            row[H.ADK_OOI_ROW_VAT_CODE] = "0" if export else STANDARD_VAT
        elif code not in VAT_RATES:
            raise fail(adk.ADKE_INVALID_VAT_CODE, H.ADK_OOI_ROW_VAT_CODE, err_table)
        check_references(tx, row_table, row, err_table)


def compute_ooi(tx: Tx, head_table: Table, head: Record) -> None:
    """Row amounts, VAT, totals and round-off of an offer/order/invoice (document currency), written into the
    records."""
    credit = head.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) == "K"
    sign = -1.0 if credit else 1.0
    export = bool(head.get(H.ADK_OOI_HEAD_EXPORT))
    incl = bool(head.get(H.ADK_OOI_HEAD_INCLUDING_VAT))
    rate = float(head.get(H.ADK_OOI_HEAD_CURRENCY_RATE) or 1.0)
    unit = float(head.get(H.ADK_OOI_HEAD_CURRENCY_UNIT) or 1.0)
    excl_total = 0.0
    vat_total = 0.0
    for row in head.get(head_table.rows_field) or []:  # type: ignore[arg-type]
        quantity = float(row.get(H.ADK_OOI_ROW_QUANTITY1) or 0.0)
        price = float(row.get(H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY) or 0.0)
        discount = float(row.get(H.ADK_OOI_ROW_DISCOUNT) or 0.0)
        amount = sign * abs(money(quantity * price * (1 - discount / 100)))
        row[H.ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY] = amount
        row[H.ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY] = money(amount * rate / unit)
        vat_rate = 0.0 if export else VAT_RATES.get(row.get(H.ADK_OOI_ROW_VAT_CODE) or STANDARD_VAT, 0.25)
        if incl:
            excl = amount / (1 + vat_rate)
            vat = amount - excl
        else:
            excl, vat = amount, amount * vat_rate
        excl_total += excl
        vat_total += vat
        number = (row.get(H.ADK_OOI_ROW_ARTICLE_NUMBER) or "").strip()
        cost = 0.0
        if number:
            found = tx.lookup(adk.ADK_DB_ARTICLE, number)
            if found is not None:
                cost = sign * abs(quantity) * float(found[1].get(H.ADK_ARTICLE_ESTIMATED_PURCHASE_PRICE) or 0.0)
        margin = money(excl - cost)
        row[H.ADK_OOI_ROW_CONTRIBUTION_MARGIN] = margin
        row[H.ADK_OOI_ROW_CONTRIBUTION_DEGREE] = money(100 * margin / excl) if excl else 0.0
    fees = sign * abs(float(head.get(H.ADK_OOI_HEAD_CARGO_AMOUNT) or 0.0)) + sign * abs(
        float(head.get(H.ADK_OOI_HEAD_DISPATCH_FEE) or 0.0)
    )
    excl_total += fees
    vat_total += 0.0 if export else fees * VAT_RATES[STANDARD_VAT]
    excl_total, vat_total = money(excl_total), money(vat_total)
    raw = money(excl_total + vat_total)
    currency = head.get(H.ADK_OOI_HEAD_CURRENCY_CODE) or ""
    total = kronor(raw) if not currency or fold(currency) == "sek" else raw
    head[H.ADK_OOI_HEAD_EXCLUDING_OF_VAT] = excl_total
    head[H.ADK_OOI_HEAD_VAT_AMOUNT] = vat_total
    head[H.ADK_OOI_HEAD_ROUND_OFF] = money(total - raw)
    head[H.ADK_OOI_HEAD_TOTAL_AMOUNT] = money(total)
    if head_table.nrows_field is not None:
        head[head_table.nrows_field] = float(len(head.get(head_table.rows_field) or []))  # type: ignore[arg-type]


def sek(head: Record, amount: float) -> float:
    rate = float(head.get(H.ADK_OOI_HEAD_CURRENCY_RATE) or 1.0)
    unit = float(head.get(H.ADK_OOI_HEAD_CURRENCY_UNIT) or 1.0)
    return money(amount * rate / unit)


def claim_of(head: Record) -> float:
    """What an invoice adds to its customer's claim (SEK): its balance unless cancelled."""
    return 0.0 if head.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED) else float(head.get(H.ADK_OOI_HEAD_BALANCE) or 0.0)


def _adjust_customer(tx: Tx, number: str, claim_delta: float, invoice_date: int = 0) -> None:
    if not number or (not claim_delta and not invoice_date):
        return
    found = tx.lookup(adk.ADK_DB_CUSTOMER, number)
    if found is None:
        return
    rid, customer = found
    customer = dict(customer)
    customer[H.ADK_CUSTOMER_CLAIM] = money(float(customer.get(H.ADK_CUSTOMER_CLAIM) or 0.0) + claim_delta)
    if invoice_date and invoice_date > (customer.get(H.ADK_CUSTOMER_LAST_INVOICE_DATE) or 0):
        customer[H.ADK_CUSTOMER_LAST_INVOICE_DATE] = invoice_date
    limit = float(customer.get(adk.ADK_CUSTOMER_CREDIT_LIMIT) or 0.0)
    if claim_delta > 0 and limit and customer[H.ADK_CUSTOMER_CLAIM] > limit:
        tx.warn(adk.ADKW_CREDIT_LIMIT, adk.ADKE_DBTABLE_CUSTOMER, adk.ADK_CUSTOMER_CREDIT_LIMIT)
    tx.put(adk.ADK_DB_CUSTOMER, rid, customer)  # a derived change: the customer's timestamp stays


def _credit_source(tx: Tx, table: Table, head: Record, changed: set[int]) -> Record | None:
    """The invoice a credit note credits (checked), copying from it what CREDIT_INVOICE_COPY_WHAT asks."""
    copy_number = int(head.get(H.ADK_OOI_HEAD_CREDIT_INVOICE_COPY_NUMBER) or 0)
    if copy_number and H.ADK_OOI_HEAD_TYPE_OF_INVOICE not in changed:
        head[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] = "K"
    if head.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) != "K":
        return None
    number = int(head.get(H.ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE) or 0) or copy_number
    if not number:
        return None
    field = (
        H.ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE
        if head.get(H.ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE)
        else H.ADK_OOI_HEAD_CREDIT_INVOICE_COPY_NUMBER
    )
    found = tx.lookup(table.id, float(number))
    if found is None:
        raise fail(adk.ADKE_INVALID_INVOICE, field)
    original = found[1]
    if original.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) == "K":
        raise fail(adk.ADKE_DENIED_CREDIT_CREDIT_INVOICE, field)
    if original.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED):
        raise fail(adk.ADKE_DENIED_CREDIT_OBLITERATED_INVOICE, field)
    head[H.ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE] = float(number)
    if copy_number:
        what = int(head.get(H.ADK_OOI_HEAD_CREDIT_INVOICE_COPY_WHAT) or 0)
        if what not in (adk.eEntireInvoice, adk.eInformation, adk.eNothing):
            raise fail(adk.ADKE_INVALID_TYPE_TO_COPY, H.ADK_OOI_HEAD_CREDIT_INVOICE_COPY_WHAT)
        if what in (adk.eEntireInvoice, adk.eInformation):
            for fid, fld in table.fields.items():
                if fld.type is FieldType.CHAR and fid != H.ADK_OOI_HEAD_TYPE_OF_INVOICE and not head.get(fid):
                    head[fid] = original.get(fid) or ""
            if not head.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER):
                head[H.ADK_OOI_HEAD_CUSTOMER_NUMBER] = original.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER) or ""
            for fid in (
                H.ADK_OOI_HEAD_CURRENCY_RATE,
                H.ADK_OOI_HEAD_CURRENCY_UNIT,
                H.ADK_OOI_HEAD_EXPORT,
                H.ADK_OOI_HEAD_INCLUDING_VAT,
            ):
                if fid not in changed:
                    head[fid] = original.get(fid)
        if what == adk.eEntireInvoice and not head.get(table.rows_field):  # type: ignore[arg-type]
            row_table = _tables()[table.row_table]  # type: ignore[index]
            rows = []
            for src in original.get(table.rows_field) or []:  # type: ignore[arg-type]
                row = blank_record(row_table)
                for fid, fld in row_table.fields.items():
                    if fld.writable:
                        row[fid] = src.get(fid)
                rows.append(row)
            head[table.rows_field] = rows  # type: ignore[index]
    return original


def _ooi_add(tx: Tx, table: Table, head: Record, changed: set[int], row_changed: list[set[int]]) -> None:
    is_invoice = table.id == adk.ADK_DB_INVOICE_HEAD
    if is_invoice:
        head[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] = (head.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) or "F").strip().upper()
        if head[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] not in ("F", "K"):
            raise fail(adk.ADKE_INVALID_INVOICE_TYPE, H.ADK_OOI_HEAD_TYPE_OF_INVOICE)
        rows_before = len(head.get(table.rows_field) or [])  # type: ignore[arg-type]
        _credit_source(tx, table, head, changed)
        if len(head.get(table.rows_field) or []) != rows_before:  # type: ignore[arg-type]
            row_changed = None  # type: ignore[assignment]  # rows copied from the original: take them as they are
    customer = tx.lookup(adk.ADK_DB_CUSTOMER, head.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER))
    if customer is None:
        raise fail(adk.ADKE_OOF_INVALID_CUSTOMER, H.ADK_OOI_HEAD_CUSTOMER_NUMBER)
    fill_from_customer(head, customer[1], changed)
    _fill_ooi_defaults(tx, head, changed)
    check_references(tx, table, head)
    prepare_ooi_rows(tx, table, head, row_changed)
    compute_ooi(tx, table, head)
    _check_flags(head, None)
    assign_number(tx, table, head)
    if not head.get(H.ADK_OOI_HEAD_OCR_NUMBER) and is_invoice:
        head[H.ADK_OOI_HEAD_OCR_NUMBER] = ocr_number(int(head[H.ADK_OOI_HEAD_DOCUMENT_NUMBER]))
    if is_invoice:
        total = float(head[H.ADK_OOI_HEAD_TOTAL_AMOUNT])
        head[H.ADK_OOI_HEAD_BALANCE2] = total
        head[H.ADK_OOI_HEAD_BALANCE] = sek(head, total)
        _adjust_customer(
            tx, head[H.ADK_OOI_HEAD_CUSTOMER_NUMBER], claim_of(head), head.get(H.ADK_OOI_HEAD_DOCUMENT_DATE1) or 0
        )


def _fill_ooi_defaults(tx: Tx, head: Record, changed: set[int] | None) -> None:
    if not head.get(H.ADK_OOI_HEAD_DOCUMENT_DATE1):
        head[H.ADK_OOI_HEAD_DOCUMENT_DATE1] = tx.today
    if not head.get(H.ADK_OOI_HEAD_DOCUMENT_DATE2):
        days = terms_days(tx, head.get(H.ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT) or "")
        head[H.ADK_OOI_HEAD_DOCUMENT_DATE2] = dates.add_days(head[H.ADK_OOI_HEAD_DOCUMENT_DATE1], days)
    if not head.get(H.ADK_OOI_HEAD_CURRENCY_CODE):
        head[H.ADK_OOI_HEAD_CURRENCY_CODE] = DOMESTIC_CURRENCY
    rate, unit = currency_rate(tx, head[H.ADK_OOI_HEAD_CURRENCY_CODE])
    if changed is None or H.ADK_OOI_HEAD_CURRENCY_RATE not in changed:
        head[H.ADK_OOI_HEAD_CURRENCY_RATE] = rate
    if changed is None or H.ADK_OOI_HEAD_CURRENCY_UNIT not in changed:
        head[H.ADK_OOI_HEAD_CURRENCY_UNIT] = unit
    if not head.get(H.ADK_OOI_HEAD_CURRENCY_UNIT):
        head[H.ADK_OOI_HEAD_CURRENCY_UNIT] = 1.0


def _check_flags(new: Record, old: Record | None) -> None:
    printed, not_done = new.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED), new.get(H.ADK_OOI_HEAD_DOCUMENT_NOT_DONE)
    if printed and not_done:
        became_printed = old is None or not old.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED)
        raise fail(
            adk.ADKE_NOT_PRINTED_IF_NOT_READY,
            H.ADK_OOI_HEAD_DOCUMENT_PRINTED if became_printed else H.ADK_OOI_HEAD_DOCUMENT_NOT_DONE,
        )


def payments_of(tx: Tx, number: float) -> list[tuple[int, Record]]:
    """The customer payments on an invoice that are not cancelled."""
    return [
        (rid, rec)
        for rid, rec in tx.matching(adk.ADK_DB_CUSTOMERPAYMENT, adk.eCustomerPaymentInvoice, (float(number or 0),))
        if not rec.get(H.ADK_CUSTOMERPAYMENT_CANCELLED)
    ]


def _ooi_update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> None:
    is_invoice = table.id == adk.ADK_DB_INVOICE_HEAD
    diff = _diff(table, old, new)
    if old.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED):
        raise fail(adk.ADKE_EDIT_DENIED_OBLITERATED, min(diff))
    content = diff - HEAD_FLAGS
    if content and old.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED) and new.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED):
        raise fail(adk.ADKE_EDIT_DENIED_PRINTED, min(content))
    number = old.get(H.ADK_OOI_HEAD_DOCUMENT_NUMBER)
    paid = is_invoice and bool(payments_of(tx, number))
    if content:
        if paid:
            raise fail(adk.ADKE_EDIT_DENIED_PAYMENTS_ON_INVOICE, min(content))
        if is_invoice:
            new[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] = (new.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) or "F").strip().upper()
            if new[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] not in ("F", "K"):
                raise fail(adk.ADKE_INVALID_INVOICE_TYPE, H.ADK_OOI_HEAD_TYPE_OF_INVOICE)
        if H.ADK_OOI_HEAD_CUSTOMER_NUMBER in content:
            customer = tx.lookup(adk.ADK_DB_CUSTOMER, new.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER))
            if customer is None:
                raise fail(adk.ADKE_OOF_INVALID_CUSTOMER, H.ADK_OOI_HEAD_CUSTOMER_NUMBER)
            for head_field, _ in CUSTOMER_TO_HEAD:  # the new customer's data, unless the caller set it now
                if head_field not in changed:
                    new[head_field] = ""
            fill_from_customer(new, customer[1], changed)
        if fold(new.get(H.ADK_OOI_HEAD_CURRENCY_CODE) or "") != fold(old.get(H.ADK_OOI_HEAD_CURRENCY_CODE) or ""):
            _fill_ooi_defaults(tx, new, changed)  # another currency (set, or the new customer's): its rate
        check_references(tx, table, new)
        prepare_ooi_rows(tx, table, new, None)
        compute_ooi(tx, table, new)
        if is_invoice:
            total = float(new[H.ADK_OOI_HEAD_TOTAL_AMOUNT])
            new[H.ADK_OOI_HEAD_BALANCE2] = total
            new[H.ADK_OOI_HEAD_BALANCE] = sek(new, total)
    if old.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED) and not new.get(H.ADK_OOI_HEAD_DOCUMENT_PRINTED):
        tx.warn(adk.ADKW_INVOICE_COM_REMOVE_PRINTED, table.error_table_code, H.ADK_OOI_HEAD_DOCUMENT_PRINTED)
    _check_flags(new, old)
    if new.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED) and not old.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED):
        if paid:
            raise fail(adk.ADKE_EDIT_DENIED_PAYMENTS_ON_INVOICE, H.ADK_OOI_HEAD_DOCUMENT_CANCELLED)
        new[H.ADK_OOI_HEAD_BALANCE] = 0.0
        new[H.ADK_OOI_HEAD_BALANCE2] = 0.0
    if is_invoice:
        old_customer = old.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER) or ""
        new_customer = new.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER) or ""
        if fold(old_customer) == fold(new_customer):
            _adjust_customer(tx, new_customer, money(claim_of(new) - claim_of(old)))
        else:
            _adjust_customer(tx, old_customer, -claim_of(old))
            _adjust_customer(tx, new_customer, claim_of(new), new.get(H.ADK_OOI_HEAD_DOCUMENT_DATE1) or 0)


# ================================================================================================ customer payments
def _payment_amounts(tx: Tx, pay: Record, invoice: Record, changed: set[int] | None) -> None:
    inv_rate = float(invoice.get(H.ADK_OOI_HEAD_CURRENCY_RATE) or 1.0) / float(
        invoice.get(H.ADK_OOI_HEAD_CURRENCY_UNIT) or 1.0
    )
    if not pay.get(H.ADK_CUSTOMERPAYMENT_CURRENCY_CODE):
        pay[H.ADK_CUSTOMERPAYMENT_CURRENCY_CODE] = invoice.get(H.ADK_OOI_HEAD_CURRENCY_CODE) or DOMESTIC_CURRENCY
    if changed is None or H.ADK_CUSTOMERPAYMENT_CURRENCY_RATE not in changed:
        pay[H.ADK_CUSTOMERPAYMENT_CURRENCY_RATE] = round(inv_rate, 6)
    rate = float(pay.get(H.ADK_CUSTOMERPAYMENT_CURRENCY_RATE) or inv_rate or 1.0)
    amount_cur = float(pay.get(H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY) or 0.0)
    amount_kr = float(pay.get(H.ADK_CUSTOMERPAYMENT_AMOUNT_KR) or 0.0)
    paid = float(pay.get(H.ADK_CUSTOMERPAYMENT_AMOUNT_PAID) or 0.0)
    if not amount_cur:
        amount_cur = paid or (money(amount_kr / rate) if amount_kr else 0.0)
    if not amount_cur:
        raise fail(adk.ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED, H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY)
    if not amount_kr:
        amount_kr = money(amount_cur * rate)
    pay[H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY] = money(amount_cur)
    pay[H.ADK_CUSTOMERPAYMENT_AMOUNT_KR] = money(amount_kr)
    if not paid:
        pay[H.ADK_CUSTOMERPAYMENT_AMOUNT_PAID] = money(amount_cur)
    if not pay.get(H.ADK_CUSTOMERPAYMENT_DATE):
        pay[H.ADK_CUSTOMERPAYMENT_DATE] = tx.today


def _apply_payment(
    tx: Tx, invoice_rid: int, invoice: Record, amount_cur: float, pay_date: int, restamp: bool = True
) -> None:
    """Reduce (or, negative, restore) an invoice's balance by a payment in the invoice currency."""
    head = dict(invoice)
    head[H.ADK_OOI_HEAD_BALANCE2] = money(float(head.get(H.ADK_OOI_HEAD_BALANCE2) or 0.0) - amount_cur)
    head[H.ADK_OOI_HEAD_BALANCE] = sek(head, head[H.ADK_OOI_HEAD_BALANCE2])
    if pay_date:
        head[H.ADK_OOI_HEAD_LAST_PAYMENT] = max(pay_date, head.get(H.ADK_OOI_HEAD_LAST_PAYMENT) or 0)
    else:  # a cancelled payment: the latest remaining one
        dates_left = [
            rec.get(H.ADK_CUSTOMERPAYMENT_DATE) or 0
            for _rid, rec in payments_of(tx, head.get(H.ADK_OOI_HEAD_DOCUMENT_NUMBER))
        ]
        head[H.ADK_OOI_HEAD_LAST_PAYMENT] = max(dates_left, default=0)
    if restamp:
        head[H.ADK_OOI_HEAD_TIMESTAMP] = tx.stamp
    tx.put(adk.ADK_DB_INVOICE_HEAD, invoice_rid, head)
    _adjust_customer(tx, head.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER) or "", money(claim_of(head) - claim_of(invoice)))


def _payment_invoice(tx: Tx, pay: Record) -> tuple[int, Record]:
    found = tx.lookup(adk.ADK_DB_INVOICE_HEAD, pay.get(H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER))
    if found is None:
        raise fail(adk.ADKE_INVALID_INVOICE, H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)
    return found


def _payment_add(tx: Tx, table: Table, pay: Record, changed: set[int], row_changed: list[set[int]]) -> None:
    invoice_rid, invoice = _payment_invoice(tx, pay)
    if invoice.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED):
        raise fail(adk.ADKE_EDIT_DENIED_OBLITERATED, H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)
    _payment_amounts(tx, pay, invoice, changed)
    if pay.get(H.ADK_CUSTOMERPAYMENT_CANCELLED):
        return
    _apply_payment(
        tx, invoice_rid, invoice, pay[H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY], pay[H.ADK_CUSTOMERPAYMENT_DATE]
    )


PAYMENT_EDITABLE = frozenset(
    {
        H.ADK_CUSTOMERPAYMENT_CANCELLED,
        H.ADK_CUSTOMERPAYMENT_SETTLED,
        H.ADK_CUSTOMERPAYMENT_STATUS,
        H.ADK_CUSTOMERPAYMENT_STATUS_C,
        H.ADK_CUSTOMERPAYMENT_ROW_TYPE,
        H.ADK_CUSTOMERPAYMENT_PAYMENT_CODE,
    }
)


def _payment_update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> None:
    other = _diff(table, old, new) - PAYMENT_EDITABLE
    if other:
        raise fail(adk.ADKE_EDIT_DENIED_FIELD, min(other))
    was, now = old.get(H.ADK_CUSTOMERPAYMENT_CANCELLED), new.get(H.ADK_CUSTOMERPAYMENT_CANCELLED)
    if was and not now:
        raise fail(adk.ADKE_EDIT_DENIED_OBLITERATED, H.ADK_CUSTOMERPAYMENT_CANCELLED)
    if now and not was:
        tx.put(table.id, rid, new)  # so the invoice's remaining payments no longer count this one
        invoice_rid, invoice = _payment_invoice(tx, new)
        _apply_payment(tx, invoice_rid, invoice, -float(old.get(H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY) or 0.0), 0)


# ================================================================================================ supplier invoices
def _supplier_invoice_prepare(
    tx: Tx, table: Table, head: Record, rid: int, old: Record | None, changed: set[int]
) -> None:
    head[H.ADK_SUP_INV_HEAD_TYPE_OF_INVOICE] = (head.get(H.ADK_SUP_INV_HEAD_TYPE_OF_INVOICE) or "F").strip().upper()
    if head[H.ADK_SUP_INV_HEAD_TYPE_OF_INVOICE] not in ("F", "K"):
        raise fail(adk.ADKE_INVALID_INVOICE_TYPE, H.ADK_SUP_INV_HEAD_TYPE_OF_INVOICE)
    supplier = tx.lookup(adk.ADK_DB_SUPPLIER, head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER))
    if supplier is None:
        raise fail(adk.ADKE_COULD_NOT_FIND_SUPPLIER, H.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER)
    sup = supplier[1]
    for head_field, sup_field in (
        (H.ADK_SUP_INV_HEAD_SUPPLIER_NAME, H.ADK_SUPPLIER_NAME),
        (H.ADK_SUP_INV_HEAD_ORGANISATION_NUMBER, H.ADK_SUPPLIER_ORGANISATION_NUMBER),
        (H.ADK_SUP_INV_HEAD_CURRENCY_CODE, H.ADK_SUPPLIER_CODE_OF_CURRENCY),
    ):
        if not (head.get(head_field) or "").strip():
            head[head_field] = sup.get(sup_field) or ""
    if not head.get(H.ADK_SUP_INV_HEAD_CURRENCY_CODE):
        head[H.ADK_SUP_INV_HEAD_CURRENCY_CODE] = DOMESTIC_CURRENCY
    if H.ADK_SUP_INV_HEAD_CURRENCY_RATE not in changed and (
        old is None or H.ADK_SUP_INV_HEAD_CURRENCY_CODE in _diff(table, old, head)
    ):
        rate, unit = currency_rate(tx, head[H.ADK_SUP_INV_HEAD_CURRENCY_CODE])
        head[H.ADK_SUP_INV_HEAD_CURRENCY_RATE] = round(rate / unit, 6)
    if not head.get(H.ADK_SUP_INV_HEAD_INVOICE_DATE):
        head[H.ADK_SUP_INV_HEAD_INVOICE_DATE] = tx.today
    if not head.get(H.ADK_SUP_INV_HEAD_DUE_DATE):
        head[H.ADK_SUP_INV_HEAD_DUE_DATE] = dates.add_days(head[H.ADK_SUP_INV_HEAD_INVOICE_DATE], DEFAULT_TERMS_DAYS)
    if not head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT):
        head[H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT] = SUPPLIER_DEBT_ACCOUNT
    invoice_number = (head.get(H.ADK_SUP_INV_HEAD_INVOICE_NUMBER) or "").strip()
    if (
        invoice_number
        and not head.get(H.ADK_SUP_INV_HEAD_IGNORE_CHECK_INVNR)
        and (old is None or old.get(H.ADK_SUP_INV_HEAD_INVOICE_NUMBER) != head.get(H.ADK_SUP_INV_HEAD_INVOICE_NUMBER))
    ):
        supplier_key = (fold(head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER) or ""),)
        for other_rid, other in tx.matching(table.id, adk.eSupplierNr, supplier_key):
            if (
                other_rid != rid
                and not other.get(H.ADK_SUP_INV_HEAD_CANCELLED)
                and fold((other.get(H.ADK_SUP_INV_HEAD_INVOICE_NUMBER) or "").strip()) == fold(invoice_number)
            ):
                raise fail(adk.ADKE_INVOICENR_ALREADY_EXIST, H.ADK_SUP_INV_HEAD_INVOICE_NUMBER)
    check_references(tx, table, head)
    compute_supplier_invoice(tx, table, head)


def _is_template_row(head: Record, row: Record) -> bool:
    account = row.get(H.ADK_OOI_ROW_ACCOUNT_NUMBER) or ""
    return account in (
        head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT) or SUPPLIER_DEBT_ACCOUNT,
        INPUT_VAT_ACCOUNT,
    ) and not row.get(H.ADK_OOI_ROW_PROJECT)


def _is_debt_row(head: Record, row: Record) -> bool:
    account = row.get(H.ADK_OOI_ROW_ACCOUNT_NUMBER) or ""
    debt = head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT) or SUPPLIER_DEBT_ACCOUNT
    return account == debt and not row.get(H.ADK_OOI_ROW_PROJECT)


def _row_value(row: Record) -> float:
    """quantity x price of a supplier-invoice row (quantity 0 counts as 1), with the signs as written."""
    quantity = float(row.get(H.ADK_OOI_ROW_QUANTITY1) or 0.0) or 1.0
    return money(quantity * float(row.get(H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY) or 0.0))


def _set_row_amount(row: Record, amount: float, rate: float) -> None:
    row[H.ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY] = money(amount)
    row[H.ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY] = money(amount * rate)


def _cost_amounts(cost_rows: list[Record], sign: float) -> list[float]:
    """The cost rows' amounts: each row keeps its sign relative to the others (a reverse-charge pair +VAT/-VAT, a
    discount row), and the rows as a whole point the invoice's way: when they sum against it (negative on an
    invoice "F", positive on a credit note "K", e.g. a credit note written like the invoice it credits) every
    amount is negated."""
    values = [_row_value(row) for row in cost_rows]
    if sign * sum(values) < 0:
        values = [-v for v in values]
    return values


def compute_supplier_invoice(tx: Tx, table: Table, head: Record, template: bool = True) -> None:
    """Cost rows (checked), total, VAT and balance; then the template rows (supplier debt, input VAT) first.

    The rows are a balanced booking: cost rows + input VAT on the debit side, the supplier debt (-total) on the
    credit side; a credit note "K" mirrors it. With `template` (AdkAdd/AdkUpdate) the caller's debt and input-VAT
    rows are dropped and made again from the head. Without it (a dataset: every row is given, as an export writes
    them) the rows stay as they are and get the same amounts AdkAdd gave them, so export -> seed -> export is
    exact: cost rows as above, input-VAT rows sign x |value| (positive on "F"), debt rows -sign x |value|."""
    row_table = _tables()[table.row_table]  # type: ignore[index]
    err_table = row_table.error_table_code
    sign = -1.0 if head.get(H.ADK_SUP_INV_HEAD_TYPE_OF_INVOICE) == "K" else 1.0
    rate = float(head.get(H.ADK_SUP_INV_HEAD_CURRENCY_RATE) or 1.0)
    rows = head.get(table.rows_field) or []  # type: ignore[arg-type]
    if template:
        cost_rows = [row for row in rows if not _is_template_row(head, row)]
        vat_rows: list[Record] = []
        debt_rows: list[Record] = []
    else:
        cost_rows, vat_rows, debt_rows = [], [], []
        for row in rows:
            if _is_debt_row(head, row):
                debt_rows.append(row)
            elif _is_template_row(head, row):
                vat_rows.append(row)
            else:
                cost_rows.append(row)
    for row in cost_rows:
        if not (row.get(H.ADK_OOI_ROW_ACCOUNT_NUMBER) or "").strip():
            raise fail(adk.ADKE_INVLAID_ACCOUNT, H.ADK_OOI_ROW_ACCOUNT_NUMBER, err_table)
        check_references(tx, row_table, row, err_table)
    cost = 0.0
    for row, amount in zip(cost_rows, _cost_amounts(cost_rows, sign), strict=True):
        _set_row_amount(row, amount, rate)
        cost += amount
    for row in vat_rows:
        _set_row_amount(row, sign * abs(_row_value(row)), rate)
    for row in debt_rows:
        _set_row_amount(row, -sign * abs(_row_value(row)), rate)
    given_vat = float(head.get(H.ADK_SUP_INV_HEAD_VAT_AMOUNT) or 0.0)
    if given_vat or template:
        vat = sign * abs(given_vat)
    else:  # a dataset that books input VAT on rows but leaves the head's VAT out
        vat = sum(row[H.ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY] for row in vat_rows)
    total = float(head.get(H.ADK_SUP_INV_HEAD_TOTAL) or 0.0)
    if total:
        total = sign * abs(total)
    elif debt_rows:  # a dataset's debt rows say what is owed
        total = -sum(row[H.ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY] for row in debt_rows)
    else:
        total = cost + vat
    head[H.ADK_SUP_INV_HEAD_VAT_AMOUNT] = money(vat)
    head[H.ADK_SUP_INV_HEAD_TOTAL] = money(total)
    head[H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY] = money(
        total - float(head.get(H.ADK_SUP_INV_HEAD_OUTGOING_PAYMENTS_CURRENT_CURRENCY) or 0.0)
    )
    if template:
        made = []
        debt = blank_record(row_table)
        debt[H.ADK_OOI_ROW_ACCOUNT_NUMBER] = head.get(H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT) or SUPPLIER_DEBT_ACCOUNT
        debt[H.ADK_OOI_ROW_TEXT] = "Leverantörsskuld"
        debt[H.ADK_OOI_ROW_QUANTITY1] = 1.0
        debt[H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY] = -money(total)
        _set_row_amount(debt, -money(total), rate)
        made.append(debt)
        if vat:
            vat_row = blank_record(row_table)
            vat_row[H.ADK_OOI_ROW_ACCOUNT_NUMBER] = INPUT_VAT_ACCOUNT
            vat_row[H.ADK_OOI_ROW_TEXT] = "Ingående moms"
            vat_row[H.ADK_OOI_ROW_QUANTITY1] = 1.0
            vat_row[H.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY] = money(vat)
            _set_row_amount(vat_row, vat, rate)
            made.append(vat_row)
        rows = [*made, *cost_rows]
        head[table.rows_field] = rows  # type: ignore[index]
    head[table.nrows_field] = float(len(rows))  # type: ignore[index]


def _supplier_invoice_add(tx: Tx, table: Table, head: Record, changed: set[int], row_changed: list[set[int]]) -> None:
    _supplier_invoice_prepare(tx, table, head, -1, None, changed)


def _supplier_invoice_update(tx: Tx, table: Table, rid: int, old: Record, new: Record, changed: set[int]) -> None:
    if old.get(H.ADK_SUP_INV_HEAD_CANCELLED):
        raise fail(adk.ADKE_EDIT_DENIED_OBLITERATED, min(_diff(table, old, new)))
    _supplier_invoice_prepare(tx, table, new, rid, old, changed)
    if new.get(H.ADK_SUP_INV_HEAD_CANCELLED):
        new[H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY] = 0.0


ADD_HOOKS: dict[int, AddHook] = {
    adk.ADK_DB_CUSTOMER: _customer_add,
    adk.ADK_DB_PROJECT: _project_add,
    adk.ADK_DB_INVOICE_HEAD: _ooi_add,
    adk.ADK_DB_ORDER_HEAD: _ooi_add,
    adk.ADK_DB_OFFER_HEAD: _ooi_add,
    adk.ADK_DB_CUSTOMERPAYMENT: _payment_add,
    adk.ADK_DB_SUPPLIER_INVOICE_HEAD: _supplier_invoice_add,
}
UPDATE_HOOKS: dict[int, UpdateHook] = {
    adk.ADK_DB_CUSTOMER: _customer_update,
    adk.ADK_DB_PROJECT: _project_update,
    adk.ADK_DB_INVOICE_HEAD: _ooi_update,
    adk.ADK_DB_ORDER_HEAD: _ooi_update,
    adk.ADK_DB_OFFER_HEAD: _ooi_update,
    adk.ADK_DB_CUSTOMERPAYMENT: _payment_update,
    adk.ADK_DB_SUPPLIER_INVOICE_HEAD: _supplier_invoice_update,
}


# ================================================================================================ datasets
def complete_dataset(company: Company, given: dict[tuple[int, int], tuple[set[int], str]], now: datetime) -> None:
    """Check a company built from a dataset (keys, references, dates) and derive what the dataset leaves out:
    document numbers, invoice and supplier-invoice totals, balances from the payments, customer claims, last
    invoice and payment dates, timestamps. Raises DatasetError naming the record and field."""
    from simulators.core.errors import DatasetError

    tx = Tx(company, now)
    tables = _tables()

    def problem(exc: AdkFailure, path: str, table: Table) -> DatasetError:
        from simulators.adk.texts import error_text

        err = exc.error
        fld = table.fields.get(err.field)
        if err.db_table and err.db_table != table.error_table_code and table.row_table is not None:
            fld = tables[table.row_table].fields.get(err.field)
        name = fld.name if fld is not None else f"field {err.field}"
        return DatasetError(f"{name}: {error_text(err.rc)} (ADK error {err.rc})", f"{path}.{name}")

    order = [
        adk.ADK_DB_CUSTOMER,
        adk.ADK_DB_SUPPLIER,
        adk.ADK_DB_INVOICE_HEAD,
        adk.ADK_DB_ORDER_HEAD,
        adk.ADK_DB_OFFER_HEAD,
        adk.ADK_DB_SUPPLIER_INVOICE_HEAD,
        adk.ADK_DB_CUSTOMERPAYMENT,
    ]
    ordered = sorted(company.tables, key=lambda db: (order.index(db) if db in order else -1, db))
    # 1. keys, required fields, numbers
    for db in ordered:
        data = company.tables[db]
        table = data.table
        seen: dict[tuple, str] = {}
        for rid, rec in sorted(data.records.items()):
            fields, path = given[(db, rid)]
            try:
                check_required(table, rec)
                if table.number_series and table.key and not rec.get(table.key[0]):
                    pass  # numbered below, after every explicit number is known
                elif table.key:
                    key = data.key(rec)  # type: ignore[misc]
                    if key in seen:
                        raise DatasetError(
                            f"duplicate key: the same as {seen[key]}", f"{path}.{table.fields[table.key[0]].name}"
                        )
                    seen[key] = path
            except AdkFailure as exc:
                raise problem(exc, path, table) from None
        if table.number_series and table.key:
            key_field = table.key[0]
            numbers = [int(rec.get(key_field) or 0) for rec in data.records.values()]
            following = max([int(company.series.get(table.number_series, 1) or 1), *[n + 1 for n in numbers]])
            for rid, rec in sorted(data.records.items()):
                if not rec.get(key_field):
                    data.remove(rid)
                    rec[key_field] = float(following)
                    following += 1
                    data.insert(rid, rec)
            company.series[table.number_series] = following
            tx.changes.series = company.series
    # 2. references and derived fields, registers first, documents after, payments last
    for db in ordered:
        data = company.tables[db]
        table = data.table
        for rid, rec in sorted(data.records.items()):
            fields, path = given[(db, rid)]
            try:
                _complete_record(tx, table, rec, fields)
            except AdkFailure as exc:
                raise problem(exc, path, table) from None
    _complete_balances(company, given, tx)


def _complete_record(tx: Tx, table: Table, rec: Record, fields: set[int]) -> None:
    db = table.id
    if db in OOI_HEADS:
        customer = tx.lookup(adk.ADK_DB_CUSTOMER, rec.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER))
        if customer is None:
            raise fail(adk.ADKE_OOF_INVALID_CUSTOMER, H.ADK_OOI_HEAD_CUSTOMER_NUMBER)
        rec[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] = (rec.get(H.ADK_OOI_HEAD_TYPE_OF_INVOICE) or "F").strip().upper()
        if db == adk.ADK_DB_INVOICE_HEAD and rec[H.ADK_OOI_HEAD_TYPE_OF_INVOICE] not in ("F", "K"):
            raise fail(adk.ADKE_INVALID_INVOICE_TYPE, H.ADK_OOI_HEAD_TYPE_OF_INVOICE)
        fill_from_customer(rec, customer[1], fields)
        _fill_ooi_defaults(tx, rec, fields)
        check_references(tx, table, rec)
        prepare_ooi_rows(tx, table, rec, None)
        totals = {H.ADK_OOI_HEAD_TOTAL_AMOUNT, H.ADK_OOI_HEAD_VAT_AMOUNT, H.ADK_OOI_HEAD_EXCLUDING_OF_VAT}
        if not totals & fields:
            compute_ooi(tx, table, rec)
        if db == adk.ADK_DB_INVOICE_HEAD and not rec.get(H.ADK_OOI_HEAD_OCR_NUMBER):
            rec[H.ADK_OOI_HEAD_OCR_NUMBER] = ocr_number(int(rec[H.ADK_OOI_HEAD_DOCUMENT_NUMBER]))
    elif db == adk.ADK_DB_SUPPLIER_INVOICE_HEAD:
        if tx.lookup(adk.ADK_DB_SUPPLIER, rec.get(H.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER)) is None:
            raise fail(adk.ADKE_COULD_NOT_FIND_SUPPLIER, H.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER)
        check_references(tx, table, rec)
        given_balance = H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY in fields
        balance = rec.get(H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY)
        if not rec.get(H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT):
            rec[H.ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT] = SUPPLIER_DEBT_ACCOUNT
        if not rec.get(H.ADK_SUP_INV_HEAD_DUE_DATE) and rec.get(H.ADK_SUP_INV_HEAD_INVOICE_DATE):
            rec[H.ADK_SUP_INV_HEAD_DUE_DATE] = dates.add_days(rec[H.ADK_SUP_INV_HEAD_INVOICE_DATE], DEFAULT_TERMS_DAYS)
        compute_supplier_invoice(tx, table, rec, template=False)
        if given_balance:
            rec[H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY] = balance
        elif rec.get(H.ADK_SUP_INV_HEAD_CANCELLED):
            rec[H.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY] = 0.0
    elif db == adk.ADK_DB_CUSTOMERPAYMENT:
        found = tx.lookup(adk.ADK_DB_INVOICE_HEAD, rec.get(H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER))
        if found is None:
            raise fail(adk.ADKE_INVALID_INVOICE, H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)
        _payment_amounts(tx, rec, found[1], fields)
    else:
        if db == adk.ADK_DB_PROJECT:
            _project_checks(tx, rec)
        if db == adk.ADK_DB_CUSTOMER:
            _customer_checks(tx, table, rec, None)
        check_references(tx, table, rec)
    _stamp_dataset(tx, table, rec, fields)


def _stamp_dataset(tx: Tx, table: Table, rec: Record, fields: set[int]) -> None:
    """Timestamps and change dates the dataset leaves out: now on the company clock; row numbers 1..n."""
    if table.timestamp_field is not None and table.timestamp_field not in fields:
        rec[table.timestamp_field] = tx.stamp
    for fld in table.fields.values():
        if fld.type is FieldType.DATE and fld.name.endswith("_LASTCHANGE") and fld.id not in fields:
            rec[fld.id] = tx.today
    if table.rows_field is not None:
        row_table = _tables()[table.row_table]  # type: ignore[index]
        for i, row in enumerate(rec.get(table.rows_field) or []):
            row[adk.ADK_OOI_ROW_ROWNUMBER] = float(i + 1)
            if row_table.timestamp_field is not None and not row.get(row_table.timestamp_field):
                row[row_table.timestamp_field] = rec.get(table.timestamp_field) or tx.stamp


def _complete_balances(company: Company, given: dict[tuple[int, int], tuple[set[int], str]], tx: Tx) -> None:
    invoices = company.tables[adk.ADK_DB_INVOICE_HEAD]
    paid: dict[float, float] = {}
    last: dict[float, int] = {}
    for rec in company.tables[adk.ADK_DB_CUSTOMERPAYMENT].records.values():
        if rec.get(H.ADK_CUSTOMERPAYMENT_CANCELLED):
            continue
        number = rec.get(H.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)
        paid[number] = paid.get(number, 0.0) + float(rec.get(H.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY) or 0.0)
        last[number] = max(last.get(number, 0), rec.get(H.ADK_CUSTOMERPAYMENT_DATE) or 0)
    claims: dict[str, float] = {}
    last_invoice: dict[str, int] = {}
    for rid, rec in invoices.records.items():
        fields, _path = given[(adk.ADK_DB_INVOICE_HEAD, rid)]
        number = rec.get(H.ADK_OOI_HEAD_DOCUMENT_NUMBER)
        if H.ADK_OOI_HEAD_BALANCE2 not in fields:
            rec[H.ADK_OOI_HEAD_BALANCE2] = (
                0.0
                if rec.get(H.ADK_OOI_HEAD_DOCUMENT_CANCELLED)
                else money(float(rec.get(H.ADK_OOI_HEAD_TOTAL_AMOUNT) or 0.0) - paid.get(number, 0.0))
            )
        if H.ADK_OOI_HEAD_BALANCE not in fields:
            rec[H.ADK_OOI_HEAD_BALANCE] = sek(rec, rec[H.ADK_OOI_HEAD_BALANCE2])
        if H.ADK_OOI_HEAD_LAST_PAYMENT not in fields and number in last:
            rec[H.ADK_OOI_HEAD_LAST_PAYMENT] = last[number]
        customer = fold(rec.get(H.ADK_OOI_HEAD_CUSTOMER_NUMBER) or "")
        claims[customer] = claims.get(customer, 0.0) + claim_of(rec)
        last_invoice[customer] = max(last_invoice.get(customer, 0), rec.get(H.ADK_OOI_HEAD_DOCUMENT_DATE1) or 0)
    for rid, rec in company.tables[adk.ADK_DB_CUSTOMER].records.items():
        fields, _path = given[(adk.ADK_DB_CUSTOMER, rid)]
        number = fold(rec.get(H.ADK_CUSTOMER_NUMBER) or "")
        if H.ADK_CUSTOMER_CLAIM not in fields:
            rec[H.ADK_CUSTOMER_CLAIM] = money(claims.get(number, 0.0))
        if H.ADK_CUSTOMER_LAST_INVOICE_DATE not in fields and number in last_invoice:
            rec[H.ADK_CUSTOMER_LAST_INVOICE_DATE] = last_invoice[number]
