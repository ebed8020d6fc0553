"""Consistency of the fake ADK's vocabulary: constants.py (the numbers of Adk.h/AdkError.h), tables.py (fields, keys,
sort orders) and texts.py (Swedish texts). Values are checked against shared/research/adk.md §1-§2."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from simulators.adk import constants as adk
from simulators.adk import tables, texts
from simulators.adk.model import FieldType

# field-constant prefix -> the tables that use that field set
PREFIXES: dict[str, tuple[int, ...]] = {
    "ADK_CUSTOMER_": (adk.ADK_DB_CUSTOMER,),
    "ADK_ARTICLE_": (adk.ADK_DB_ARTICLE,),
    "ADK_OOI_HEAD_": (adk.ADK_DB_INVOICE_HEAD, adk.ADK_DB_ORDER_HEAD, adk.ADK_DB_OFFER_HEAD),
    "ADK_OOI_ROW_": (adk.ADK_DB_INVOICE_ROW, adk.ADK_DB_ORDER_ROW, adk.ADK_DB_OFFER_ROW,
                     adk.ADK_DB_SUPPLIER_INVOICE_ROW),
    "ADK_SUP_INV_HEAD_": (adk.ADK_DB_SUPPLIER_INVOICE_HEAD,),
    "ADK_PROJECT_": (adk.ADK_DB_PROJECT,),
    "ADK_CODE_OF_PROFIT_CENTRE_": (adk.ADK_DB_CODE_OF_PROFIT_CENTRE,),
    "ADK_CODE_OF_UNIT_": (adk.ADK_DB_CODE_OF_UNIT,),
    "ADK_CODE_OF_TERMS_OF_PAYMENT_": (adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT,),
    "ADK_CODE_OF_LANGUAGE_": (adk.ADK_DB_CODE_OF_LANGUAGE,),
    "ADK_CODE_OF_CURRENCY_": (adk.ADK_DB_CODE_OF_CURRENCY,),
    "ADK_CODE_OF_COUNTRY_CODE_": (adk.ADK_DB_CODE_OF_COUNTRY_CODE,),
    "ADK_CODE_OF_SELLER_": (adk.ADK_DB_CODE_OF_SELLER,),
    "ADK_CUSTOMERPAYMENT_": (adk.ADK_DB_CUSTOMERPAYMENT,),
    "ADK_SUPPLIER_": (adk.ADK_DB_SUPPLIER,),
    "ADK_ACCOUNT_": (adk.ADK_DB_ACCOUNT,),
}  # fmt: skip


def field_constants() -> list[tuple[str, int, str]]:
    """(name, value, prefix) of every field constant in constants.py (the *_LAST markers aside)."""
    out = []
    for name, value in vars(adk).items():
        if not name.startswith("ADK_") or name.startswith("ADK_DB_") or not isinstance(value, int):
            continue
        if name.endswith("_LAST"):
            continue
        prefix = next((p for p in PREFIXES if name.startswith(p)), None)
        out.append((name, value, prefix))
    return out


# --- table ids ------------------------------------------------------------------------------------------------------


def test_every_table_id_of_the_header_is_there_once():
    assert sorted(adk.TABLE_IDS.values()) == list(range(85))  # ADK_DB_CUSTOMER = 0 .. ADK_DB_PRM3 = 84
    assert adk.DB_NAMES[adk.ADK_DB_CUSTOMERPAYMENT] == "ADK_DB_CUSTOMERPAYMENT"
    assert frozenset(range(85)) == tables.KNOWN_TABLE_IDS
    assert set(tables.TABLES) < tables.KNOWN_TABLE_IDS
    assert adk.ADK_DB_CONTACT in tables.KNOWN_TABLE_IDS and tables.table(adk.ADK_DB_CONTACT) is None
    assert 85 not in tables.KNOWN_TABLE_IDS and tables.table(85) is None


def test_the_tables_of_the_issue_are_modelled():
    expected = {
        "ADK_DB_CUSTOMER", "ADK_DB_ARTICLE", "ADK_DB_ORDER_HEAD", "ADK_DB_ORDER_ROW", "ADK_DB_OFFER_HEAD",
        "ADK_DB_OFFER_ROW", "ADK_DB_INVOICE_HEAD", "ADK_DB_INVOICE_ROW", "ADK_DB_SUPPLIER_INVOICE_HEAD",
        "ADK_DB_SUPPLIER_INVOICE_ROW", "ADK_DB_PROJECT", "ADK_DB_ACCOUNT", "ADK_DB_SUPPLIER",
        "ADK_DB_CODE_OF_TERMS_OF_PAYMENT", "ADK_DB_CODE_OF_LANGUAGE", "ADK_DB_CODE_OF_CURRENCY",
        "ADK_DB_CODE_OF_SELLER", "ADK_DB_CODE_OF_UNIT", "ADK_DB_CODE_OF_PROFIT_CENTRE",
        "ADK_DB_CODE_OF_COUNTRY_CODE", "ADK_DB_CUSTOMERPAYMENT",
    }  # fmt: skip
    assert {t.name for t in tables.TABLES.values()} == expected
    for db_id, t in tables.TABLES.items():
        assert t.id == db_id and adk.TABLE_IDS[t.name] == db_id


# --- fields ---------------------------------------------------------------------------------------------------------


def test_field_ids_are_unique_within_each_table_and_below_its_last_marker():
    for t in tables.TABLES.values():
        names = [f.name for f in t.fields.values()]
        assert len(names) == len(set(names)), t.name
        for fid, f in t.fields.items():
            assert fid == f.id, (t.name, f.name)
            assert 0 <= f.id <= t.last_field < adk.MAX_FIELD, (t.name, f.name)


def test_every_field_constant_is_in_its_tables_with_the_same_id():
    consts = field_constants()
    orphans = [name for name, _, prefix in consts if prefix is None]
    assert not orphans, f"field constants without a table: {orphans}"
    for name, value, prefix in consts:
        for db_id in PREFIXES[prefix]:
            found = tables.field_by_name(name, db_id)
            assert found is not None, (name, adk.DB_NAMES[db_id])
            assert found[1].id == value, name


def test_every_modelled_field_has_a_constant():
    for t in tables.TABLES.values():
        for f in t.fields.values():
            assert getattr(adk, f.name) == f.id, f.name


def test_last_markers_match_the_tables():
    for prefix, db_ids in PREFIXES.items():
        last = getattr(adk, prefix + "LAST")
        for db_id in db_ids:
            assert tables.table(db_id).last_field == last, prefix


@pytest.mark.parametrize(
    ("name", "value", "type_"),
    [  # id and type comment of the header, as the research note lists them (§2.2)
        ("ADK_CUSTOMER_NUMBER", 0, FieldType.CHAR),
        ("ADK_CUSTOMER_EXPORT", 41, FieldType.BOOL),
        ("ADK_CUSTOMER_LAST_INVOICE_DATE", 42, FieldType.DATE),
        ("ADK_CUSTOMER_CLAIM", 53, FieldType.DOUBLE),
        ("ADK_CUSTOMER_VAT_NUMBER", 59, FieldType.CHAR),
        ("ADK_CUSTOMER_CODE_OF_COUNTRY", 70, FieldType.CHAR),
        ("ADK_CUSTOMER_TIMESTAMP", 94, FieldType.DATE),
        ("ADK_CUSTOMER_INACTIVE", 112, FieldType.BOOL),
        ("ADK_ARTICLE_UNIT_CODE", 7, FieldType.CHAR),
        ("ADK_ARTICLE_PRICE", 45, FieldType.DOUBLE),
        ("ADK_ARTICLE_WEBSHOP", 71, FieldType.BOOL),
        ("ADK_OOI_HEAD_DOCUMENT_NUMBER", 0, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_DOCUMENT_PRINTED", 6, FieldType.BOOL),
        ("ADK_OOI_HEAD_DOCUMENT_DATE1", 8, FieldType.DATE),
        ("ADK_OOI_HEAD_TYPE_OF_INVOICE", 13, FieldType.CHAR),
        ("ADK_OOI_HEAD_CURRENCY_RATE", 35, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_TOTAL_AMOUNT", 61, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_BALANCE2", 78, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_ROWS", 103, FieldType.DATA),
        ("ADK_OOI_HEAD_NROWS", 104, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_CREDIT_INVOICE_COPY_WHAT", 107, FieldType.DOUBLE),
        ("ADK_OOI_HEAD_LAST_PAYMENT", 120, FieldType.DATE),
        ("ADK_OOI_HEAD_TIMESTAMP", 137, FieldType.DATE),
        ("ADK_OOI_ROW_QUANTITY1", 2, FieldType.DOUBLE),
        ("ADK_OOI_ROW_ACCOUNT_NUMBER", 11, FieldType.CHAR),
        ("ADK_OOI_ROW_VAT_CODE", 16, FieldType.CHAR),
        ("ADK_OOI_ROW_ROWNUMBER", 31, FieldType.DOUBLE),
        ("ADK_OOI_ROW_TIMESTAMP", 49, FieldType.DATE),
        ("ADK_SUP_INV_HEAD_GIVEN_NUMBER", 0, FieldType.DOUBLE),
        ("ADK_SUP_INV_HEAD_INVOICE_NUMBER", 6, FieldType.CHAR),
        ("ADK_SUP_INV_HEAD_ROWS", 36, FieldType.DATA),
        ("ADK_SUP_INV_HEAD_IGNORE_CHECK_INVNR", 41, FieldType.BOOL),
        ("ADK_SUP_INV_HEAD_PAYMSTOP", 45, FieldType.BOOL),
        ("ADK_PROJECT_CLOSED", 20, FieldType.BOOL),
        ("ADK_PROJECT_OUR_ORDER_NUMBER", 8, FieldType.DOUBLE),
        ("ADK_CODE_OF_PROFIT_CENTRE_YEAR_ID", 0, FieldType.CHAR),
        ("ADK_CODE_OF_PROFIT_CENTRE_CODE", 1, FieldType.CHAR),
        ("ADK_CODE_OF_UNIT_DECIMALS", 4, FieldType.DOUBLE),
        ("ADK_CODE_OF_LANGUAGE_ISO", 2, FieldType.BOOL),
        ("ADK_CODE_OF_CURRENCY_SELL", 4, FieldType.DOUBLE),
        ("ADK_CODE_OF_SELLER_REF", 3, FieldType.BOOL),
        ("ADK_CUSTOMERPAYMENT_INVOICE_NUMBER", 1, FieldType.DOUBLE),
        ("ADK_CUSTOMERPAYMENT_STATUS_C", 30, FieldType.CHAR),
        ("ADK_CUSTOMERPAYMENT_TIMESTAMP", 38, FieldType.DATE),
        ("ADK_SUPPLIER_TIMESTAMP", 54, FieldType.DATE),
        ("ADK_ACCOUNT_NUMBER", 1, FieldType.CHAR),
        ("ADK_ACCOUNT_NOT_ACTIVE", 20, FieldType.BOOL),
        ("ADK_ACCOUNT_BALANCE", 24, FieldType.DOUBLE),
    ],
)
def test_field_ids_and_types_match_the_notes(name, value, type_):
    assert getattr(adk, name) == value
    _, f = tables.field_by_name(name)
    assert (f.id, f.type) == (value, type_)


def test_lengths_and_decimals_fit_the_types():
    for t in tables.TABLES.values():
        for f in t.fields.values():
            if f.type is FieldType.CHAR:
                assert f.length > 0, f.name
            else:
                assert f.length == 0, f.name
            if f.type is not FieldType.DOUBLE:
                assert f.decimals == 0, f.name
            if f.type is FieldType.DATA:
                assert not f.filterable, f.name


def test_chosen_lengths_follow_the_caller_limits():
    def length(name):
        return tables.field_by_name(name)[1].length

    assert length("ADK_CUSTOMER_NUMBER") == length("ADK_ARTICLE_NUMBER") == 16
    assert length("ADK_CUSTOMER_NAME") == length("ADK_ARTICLE_NAME") == length("ADK_PROJECT_NAME") == 50
    assert length("ADK_OOI_ROW_TEXT") == length("ADK_OOI_HEAD_TEXT1") == 60
    assert length("ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER") == 20
    assert length("ADK_OOI_ROW_ACCOUNT_NUMBER") == length("ADK_ACCOUNT_NUMBER") == 6
    assert length("ADK_PROJECT_CODE_OF_PROJECT") == length("ADK_CODE_OF_PROFIT_CENTRE_CODE") == 6
    assert length("ADK_OOI_HEAD_CURRENCY_CODE") == length("ADK_CODE_OF_UNIT_CODE") == 3
    # a code that refers to a register is as long as that register's key
    for t in tables.TABLES.values():
        for f in t.fields.values():
            if f.references is not None:
                target = tables.table(f.references)
                key = target.fields[target.key[0]]
                assert (f.type, f.length) == (key.type, key.length), (t.name, f.name)


def test_rates_keep_six_decimals_and_amounts_two():
    def decimals(name):
        return tables.field_by_name(name)[1].decimals

    for name in ("ADK_OOI_HEAD_CURRENCY_RATE", "ADK_SUP_INV_HEAD_CURRENCY_RATE", "ADK_CUSTOMERPAYMENT_CURRENCY_RATE"):
        assert decimals(name) == 6  # VA-15
    for name in ("ADK_OOI_HEAD_TOTAL_AMOUNT", "ADK_OOI_HEAD_BALANCE", "ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY",
                 "ADK_SUP_INV_HEAD_TOTAL", "ADK_CUSTOMERPAYMENT_AMOUNT_KR"):  # fmt: skip
        assert decimals(name) == 2
    assert decimals("ADK_OOI_HEAD_DOCUMENT_NUMBER") == decimals("ADK_OOI_HEAD_NROWS") == 0


def test_computed_fields_are_read_only_and_caller_fields_writable():
    read_only = ["ADK_OOI_HEAD_TOTAL_AMOUNT", "ADK_OOI_HEAD_EXCLUDING_OF_VAT", "ADK_OOI_HEAD_VAT_AMOUNT",
                 "ADK_OOI_HEAD_BALANCE", "ADK_OOI_HEAD_BALANCE2", "ADK_OOI_HEAD_LAST_PAYMENT", "ADK_CUSTOMER_CLAIM",
                 "ADK_CUSTOMER_LAST_INVOICE_DATE", "ADK_CUSTOMER_LASTCHANGE", "ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY",
                 "ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY", "ADK_OOI_ROW_ROWNUMBER"]  # fmt: skip
    for name in read_only:
        assert not tables.field_by_name(name)[1].writable, name
    writable = ["ADK_OOI_HEAD_DOCUMENT_NUMBER", "ADK_OOI_HEAD_DOCUMENT_PRINTED", "ADK_OOI_HEAD_DOCUMENT_CANCELLED",
                "ADK_OOI_HEAD_NROWS", "ADK_OOI_HEAD_ROWS", "ADK_SUP_INV_HEAD_TOTAL", "ADK_SUP_INV_HEAD_VAT_AMOUNT",
                "ADK_CUSTOMER_EXPORT", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY"]  # fmt: skip
    for name in writable:
        assert tables.field_by_name(name)[1].writable, name
    for t in tables.TABLES.values():  # every change timestamp is ADK's
        assert t.timestamp_field is not None, t.name
        ts = t.fields[t.timestamp_field]
        assert ts.type is FieldType.DATE and not ts.writable and ts.name.endswith("_TIMESTAMP"), t.name


def test_required_fields():
    def required(db_id):
        return {f.name for f in tables.table(db_id).fields.values() if f.required}

    assert required(adk.ADK_DB_CUSTOMER) == {"ADK_CUSTOMER_NUMBER", "ADK_CUSTOMER_NAME"}
    assert required(adk.ADK_DB_ARTICLE) == {"ADK_ARTICLE_NUMBER", "ADK_ARTICLE_NAME"}
    assert required(adk.ADK_DB_INVOICE_HEAD) == {"ADK_OOI_HEAD_CUSTOMER_NUMBER"}
    assert required(adk.ADK_DB_SUPPLIER_INVOICE_HEAD) == {"ADK_SUP_INV_HEAD_SUPPLIER_NUMBER"}
    assert required(adk.ADK_DB_PROJECT) == {"ADK_PROJECT_CODE_OF_PROJECT", "ADK_PROJECT_NAME"}
    assert required(adk.ADK_DB_CODE_OF_UNIT) == {"ADK_CODE_OF_UNIT_CODE"}
    assert required(adk.ADK_DB_CODE_OF_PROFIT_CENTRE) == {"ADK_CODE_OF_PROFIT_CENTRE_CODE"}
    assert not required(adk.ADK_DB_INVOICE_ROW)  # free text rows exist (S5)


def test_references_point_at_modelled_registers():
    refs = {
        f.name: f.references for t in tables.TABLES.values() for f in t.fields.values() if f.references is not None
    }
    assert refs["ADK_OOI_HEAD_CUSTOMER_NUMBER"] == adk.ADK_DB_CUSTOMER
    assert refs["ADK_OOI_ROW_ARTICLE_NUMBER"] == adk.ADK_DB_ARTICLE
    assert refs["ADK_OOI_ROW_UNIT"] == refs["ADK_ARTICLE_UNIT_CODE"] == adk.ADK_DB_CODE_OF_UNIT
    assert refs["ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT"] == adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT
    assert refs["ADK_CUSTOMER_CODE_OF_CURRENCY"] == adk.ADK_DB_CODE_OF_CURRENCY
    assert refs["ADK_CUSTOMER_CODE_OF_LANGUAGE"] == adk.ADK_DB_CODE_OF_LANGUAGE
    assert refs["ADK_CUSTOMER_CODE_OF_COUNTRY"] == adk.ADK_DB_CODE_OF_COUNTRY_CODE
    assert refs["ADK_OOI_HEAD_PROJECT_CODE"] == refs["ADK_OOI_ROW_PROJECT"] == adk.ADK_DB_PROJECT
    assert refs["ADK_OOI_HEAD_PROFIT_CENTRE"] == adk.ADK_DB_CODE_OF_PROFIT_CENTRE
    assert refs["ADK_SUP_INV_HEAD_SUPPLIER_NUMBER"] == adk.ADK_DB_SUPPLIER
    assert refs["ADK_OOI_ROW_ACCOUNT_NUMBER"] == adk.ADK_DB_ACCOUNT
    for target in refs.values():
        t = tables.table(target)
        assert t is not None and len(t.key) == 1


# --- keys, series, rows ---------------------------------------------------------------------------------------------


def test_keys_exist_and_number_series():
    for t in tables.TABLES.values():
        for k in t.key:
            assert k in t.fields, t.name
    head = tables.table(adk.ADK_DB_INVOICE_HEAD)
    assert head.key == (adk.ADK_OOI_HEAD_DOCUMENT_NUMBER,) and head.number_series == "invoice"
    assert tables.table(adk.ADK_DB_ORDER_HEAD).number_series == "order"
    assert tables.table(adk.ADK_DB_OFFER_HEAD).number_series == "offer"
    sup = tables.table(adk.ADK_DB_SUPPLIER_INVOICE_HEAD)
    assert sup.key == (adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER,) and sup.number_series == "supplier_invoice"
    pay = tables.table(adk.ADK_DB_CUSTOMERPAYMENT)
    assert pay.key == (adk.ADK_CUSTOMERPAYMENT_NR,) and pay.number_series == "customer_payment"
    assert tables.table(adk.ADK_DB_CODE_OF_PROFIT_CENTRE).key == (adk.ADK_CODE_OF_PROFIT_CENTRE_CODE,) == (1,)
    assert tables.table(adk.ADK_DB_ACCOUNT).key == (adk.ADK_ACCOUNT_NUMBER,) == (1,)
    for t in tables.TABLES.values():
        if t.number_series:
            assert t.fields[t.key[0]].type is FieldType.DOUBLE, t.name
        elif t.key:
            assert t.fields[t.key[0]].type is FieldType.CHAR, t.name


def test_heads_know_their_rows():
    pairs = {
        adk.ADK_DB_INVOICE_HEAD: adk.ADK_DB_INVOICE_ROW,
        adk.ADK_DB_ORDER_HEAD: adk.ADK_DB_ORDER_ROW,
        adk.ADK_DB_OFFER_HEAD: adk.ADK_DB_OFFER_ROW,
        adk.ADK_DB_SUPPLIER_INVOICE_HEAD: adk.ADK_DB_SUPPLIER_INVOICE_ROW,
    }
    for t in tables.TABLES.values():
        if t.id in pairs:
            assert t.row_table == pairs[t.id]
            assert t.fields[t.rows_field].type is FieldType.DATA
            assert t.fields[t.nrows_field].type is FieldType.DOUBLE
            rows = tables.table(t.row_table)
            assert rows.fields == tables.table(adk.ADK_DB_INVOICE_ROW).fields  # one OOI row field set
            assert rows.key == () and rows.rows_field is None
        else:
            assert (t.rows_field, t.nrows_field, t.row_table) == (None, None, None), t.name
    inv = tables.table(adk.ADK_DB_INVOICE_HEAD)
    assert (inv.rows_field, inv.nrows_field) == (103, 104)
    sup = tables.table(adk.ADK_DB_SUPPLIER_INVOICE_HEAD)
    assert (sup.rows_field, sup.nrows_field) == (36, 37)


def test_deletable_registers_and_error_table_codes():
    for db_id in (adk.ADK_DB_CUSTOMER, adk.ADK_DB_ARTICLE, adk.ADK_DB_SUPPLIER, adk.ADK_DB_PROJECT,
                  adk.ADK_DB_CODE_OF_UNIT, adk.ADK_DB_CODE_OF_CURRENCY, adk.ADK_DB_CODE_OF_PROFIT_CENTRE):  # fmt: skip
        assert tables.table(db_id).deletable
    for db_id in (adk.ADK_DB_INVOICE_HEAD, adk.ADK_DB_ORDER_HEAD, adk.ADK_DB_SUPPLIER_INVOICE_HEAD):
        assert not tables.table(db_id).deletable
    codes = {t.id: t.error_table_code for t in tables.TABLES.values()}
    assert codes[adk.ADK_DB_CUSTOMER] == 52
    assert codes[adk.ADK_DB_INVOICE_HEAD] == codes[adk.ADK_DB_ORDER_HEAD] == 54
    assert codes[adk.ADK_DB_PROJECT] == 71
    assert codes[adk.ADK_DB_CODE_OF_PROFIT_CENTRE] == 74
    assert codes[adk.ADK_DB_CUSTOMERPAYMENT] == 401
    for code in codes.values():
        assert code in adk.DBTABLE_CODES and texts.table_text(code)


# --- sort orders ----------------------------------------------------------------------------------------------------


def test_sort_orders_key_on_fields_of_their_table():
    for t in tables.TABLES.values():
        for oid, order in t.sort_orders.items():
            assert order.id == oid == adk.SORT_ORDERS[order.name] == getattr(adk, order.name), (t.name, order.name)
            assert order.keys and all(k in t.fields for k in order.keys), (t.name, order.name)
            assert order.seek in ("exact", "ge")
        if t.id == adk.ADK_DB_CUSTOMERPAYMENT:  # no order on NR exists: payments are looked up by invoice (S5)
            assert t.default_sort == adk.eCustomerPaymentInvoice
        elif t.key:
            assert t.default_sort in t.sort_orders and t.sort_orders[t.default_sort].keys == t.key, t.name
        else:
            assert t.default_sort is None, t.name


def test_sort_orders_as_the_header_comments_say():
    inv = tables.table(adk.ADK_DB_INVOICE_HEAD).sort_orders
    assert inv[adk.eInvoiceNr].keys == (adk.ADK_OOI_HEAD_DOCUMENT_NUMBER,)
    assert inv[adk.eInvoiceDate].keys == (adk.ADK_OOI_HEAD_DOCUMENT_DATE1,)
    assert inv[adk.eCustomerNr].keys == (adk.ADK_OOI_HEAD_CUSTOMER_NUMBER,)
    assert inv[adk.eInvoiceInledgerExpireDate].keys == (adk.ADK_OOI_HEAD_DOCUMENT_DATE2,)
    assert inv[adk.eInvoiceNotPayedDate].keys == (adk.ADK_OOI_HEAD_DOCUMENT_DATE2,)
    cust = tables.table(adk.ADK_DB_CUSTOMER).sort_orders
    assert cust[adk.eCustomerName].keys == (adk.ADK_CUSTOMER_NAME,)
    assert cust[adk.eCustomerPostCode].keys == (adk.ADK_CUSTOMER_ZIPCODE,)
    assert cust[adk.eCustomerEmail].keys == (adk.ADK_CUSTOMER_EMAIL,)
    sup = tables.table(adk.ADK_DB_SUPPLIER_INVOICE_HEAD).sort_orders
    assert sup[adk.eSupplierInvoiceNr].keys == (adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER,)
    assert sup[adk.eSupplierInvoiceExpireDate].keys == (adk.ADK_SUP_INV_HEAD_DUE_DATE,)
    pc = tables.table(adk.ADK_DB_CODE_OF_PROFIT_CENTRE).sort_orders
    assert pc[adk.eCodeOfProfitCentreUnit].keys == (adk.ADK_CODE_OF_PROFIT_CENTRE_CODE,)
    pay = tables.table(adk.ADK_DB_CUSTOMERPAYMENT).sort_orders
    assert pay[adk.eCustomerPaymentInvoice].keys == (adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER,)
    # an order of another table is not valid here (the session answers ADKE_NOT_VALID_SORTORDER)
    assert adk.eInvoiceNr not in tables.table(adk.ADK_DB_ORDER_HEAD).sort_orders
    assert adk.eInvoiceNotPayedCustomerNr not in tables.table(adk.ADK_DB_ORDER_HEAD).sort_orders


def test_every_table_with_a_timestamp_has_the_timestamp_order():
    for t in tables.TABLES.values():
        order = t.sort_orders[adk.eTimeStamp]
        assert order.keys == (t.timestamp_field,) and order.seek == "ge", t.name
        others = [o for o in t.sort_orders.values() if o.id != adk.eTimeStamp]
        assert all(o.seek == "exact" for o in others), t.name


def test_status_orders_filter():
    inv = tables.table(adk.ADK_DB_INVOICE_HEAD).sort_orders
    open_ = {adk.ADK_OOI_HEAD_BALANCE: 125.0, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED: True}
    paid = {adk.ADK_OOI_HEAD_BALANCE: 0.0, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED: True}
    cancelled = {adk.ADK_OOI_HEAD_BALANCE: 125.0, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED: True}
    draft = {adk.ADK_OOI_HEAD_BALANCE: 125.0, adk.ADK_OOI_HEAD_DOCUMENT_NOT_DONE: True}
    not_paid, is_paid = inv[adk.eInvoiceNotPayedCustomerNr].admits, inv[adk.eInvoicePayedCustomerNr].admits
    assert not_paid(open_) and not not_paid(paid) and not not_paid(cancelled)
    assert inv[adk.eInvoiceNotPayedDate].admits(open_)
    assert is_paid(paid) and not is_paid(open_) and not is_paid(cancelled)
    assert is_paid({adk.ADK_OOI_HEAD_BALANCE: 0.004}) and not_paid({adk.ADK_OOI_HEAD_BALANCE: -10.0})  # credit notes
    not_printed = inv[adk.eInvoiceNotPrintedInvoiceNr].admits
    assert not_printed(draft) and not not_printed(open_)
    in_ledger = inv[adk.eInvoiceInledgerExpireDate].admits
    assert in_ledger(open_) and in_ledger(paid) and not in_ledger(draft) and not in_ledger(cancelled)
    assert inv[adk.eInvoiceNr].admits is None
    proj = tables.table(adk.ADK_DB_PROJECT).sort_orders
    assert proj[adk.eProjectFinishedCode].admits({adk.ADK_PROJECT_CLOSED: True})
    assert not proj[adk.eProjectFinishedCode].admits({})
    assert proj[adk.eProjectNotFinishedCode].admits({adk.ADK_PROJECT_CLOSED: False})
    art = tables.table(adk.ADK_DB_ARTICLE).sort_orders
    assert art[adk.eArticleWebShop].admits({adk.ADK_ARTICLE_WEBSHOP: True})
    assert not art[adk.eArticleWebShop].admits({})


# --- lookups --------------------------------------------------------------------------------------------------------


def test_lookups_by_name():
    assert tables.table_by_name("ADK_DB_CUSTOMER") is tables.table(0)
    assert tables.table_by_name("ADK_DB_CONTACT") is None and tables.table_by_name("nope") is None
    t, f = tables.field_by_name("ADK_OOI_HEAD_TOTAL_AMOUNT")
    assert t.id == adk.ADK_DB_INVOICE_HEAD and f.id == 61
    t, f = tables.field_by_name("ADK_OOI_ROW_ACCOUNT_NUMBER", adk.ADK_DB_SUPPLIER_INVOICE_ROW)
    assert t.id == adk.ADK_DB_SUPPLIER_INVOICE_ROW and f.id == 11
    assert tables.field_by_name("ADK_OOI_ROW_TEXT")[0].id == adk.ADK_DB_INVOICE_ROW
    assert tables.field_by_name("ADK_CUSTOMER_NAME", adk.ADK_DB_ARTICLE) is None
    assert tables.field_by_name("ADK_NO_SUCH_FIELD") is None
    assert "| ADK_DB_CUSTOMER | ADK_CUSTOMER_NUMBER | 0 | CHAR | 16 |" in tables.describe()


# --- constants ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [  # research note §1.2-§2.3, spelled as Visma spells them
        ("ADKE_OK", 0), ("ADKE_INTERNAL", 1), ("ADKE_NOT_PRINTED_IF_NOT_READY", 5), ("ADKE_EDIT_DENIED_PRINTED", 12),
        ("ADKE_COULD_NOT_FIND_CUSTOMER", 21), ("ADKE_INVALID_LAUNGUAGE_CODE", 44), ("ADKE_OOF_INVALID_CUSTOMER", 49),
        ("ADKE_DBTABLE_CUSTOMER", 52), ("ADKE_DBTABLE_OOF", 54), ("ADKE_DBTABLE_PROJECT", 71),
        ("ADKE_DBTABLE_RESULT_UNIT", 74), ("ADKE_BOF", 78), ("ADKE_EOF", 79), ("ADKE_NO_DB_OPEN", 80),
        ("ADKE_ADD", 81), ("ADKE_FIND", 82), ("ADKE_UPDATE", 85), ("ADKE_OPEN", 100), ("ADKE_UNKNON_DB_FIELD", 102),
        ("ADKE_INVALID_DATA_TYPE", 103), ("ADKE_NOT_VALID_SORTORDER", 104), ("ADKE_INVALID_DB", 107),
        ("ADKE_EDIT_DENIED_FIELD", 109), ("ADKE_NO_KEY", 112), ("ADKE_TO_SHORT_STRING", 114),
        ("ADKE_NOT_FOUND", 115), ("ADKE_INVALID_PATH_COMPANY", 116), ("ADKE_APP_OLD", 132),
        ("ADKE_INVALID_ADM_PATH", 137), ("ADKE_INVLAID_ACCOUNT", 148), ("ADKE_INVLAID_PROJECT", 149),
        ("ADKE_INVLAID_RESULT_UNIT", 150), ("ADKE_TOO_MANY_SIGNS", 180), ("ADKE_TOO_MANY_DECIMALS", 181),
        ("ADKE_INVALID_STRUCT_POINTER", 211), ("ADKE_KEY_TAKEN_IN_NUMBERSERIES", 214), ("ADKW_CREDIT_LIMIT", 238),
        ("ADKE_DBTABLE_NOT_IN_ADM_VER", 278), ("ADKE_INVALID_COUNTRY_CODE", 279),
        ("ADKE_INVOICENR_ALREADY_EXIST", 345), ("ADKE_INVALID_VAT_CODE", 373), ("ADKE_DBTABLE_CUSTOMERPAYMENT", 401),
        ("ADKW_INVOICE_COM_REMOVE_PRINTED", 448), ("ADKE_EXCLUSIVE_LOCK", 486), ("ADKE_INVALID_FIELD_ID", 488),
        ("ADKE_EDIT_DENIED_INVOICE_ALREADY_PAYED", 644), ("ADKE_INVALID_PDATA", 672), ("ADKE_LOGIN_DENIED", 674),
        ("ADKE_LOGIN_FAIL", 676), ("ADKE_OPEN2", 677), ("ADKE_SETFILTER", 682), ("ADKE_INVALID_FILTER_FIELD", 685),
        ("ADKE_INVALID_FILTER_SYNTAX_VERSION", 687), ("ADKW_INVOICE_REMOVE_PRINTED_EXT", 689),
        ("ADKE_LAST_ERROR_CODE", 694),
        ("ADK_DB_CUSTOMER", 0), ("ADK_DB_INVOICE_HEAD", 6), ("ADK_DB_SUPPLIER_INVOICE_ROW", 9),
        ("ADK_DB_CODE_OF_PROFIT_CENTRE", 25), ("ADK_DB_CODE_OF_COUNTRY_CODE", 61), ("ADK_DB_CUSTOMERPAYMENT", 62),
        ("ADK_DB_AGREEMENT_HEAD", 74), ("ADK_DB_PRM3", 84),
        ("ADK_CUSTOMER_LAST", 136), ("ADK_ARTICLE_LAST", 78), ("ADK_OOI_HEAD_LAST", 151), ("ADK_OOI_ROW_LAST", 52),
        ("ADK_SUP_INV_HEAD_LAST", 47), ("ADK_PROJECT_LAST", 22),
        ("eCustomerNr", 0), ("eCustomerName", 1), ("eSupplierNr", 2), ("eInvoiceNr", 12), ("eInvoiceDate", 13),
        ("eSupplierInvoiceNr", 14), ("eArticleNr", 16), ("eAccountNr", 21), ("eProjectCode", 23),
        ("eCodeOfTermsOfPayment", 30), ("eCodeOfCurrency", 33), ("eCodeOfUnit", 41),
        ("eCodeOfProfitCentreUnit", 42), ("eInvoiceInledgerExpireDate", 61), ("eInvoiceNotPayedCustomerNr", 65),
        ("eInvoicePayedCustomerNr", 67), ("eInvoiceNotPrintedInvoiceNr", 69), ("eProjectNotFinishedCode", 94),
        ("eProjectFinishedCode", 96), ("eCodeOfCountryCode", 160), ("eCustomerPaymentInvoice", 161),
        ("eTimeStamp", 220), ("eCustomerEmail", 240),
        ("eUnused", 0), ("eBool", 1), ("eChar", 2), ("eDouble", 4), ("eDate", 5), ("eData", 6),
        ("elRc", 0), ("elDbTable", 1), ("elField", 2), ("elFunction", 3), ("elProgramPart", 4),
        ("eReadOnly", 0), ("eReadWrite", 1), ("eEntireInvoice", 0), ("eInformation", 1), ("eNothing", 2),
        ("ADKI_ADMIN2000", 1), ("ADKI_ADMIN200", 5), ("MAX_FIELD", 200),
    ],
)  # fmt: skip
def test_constant_values_equal_the_notes(name, value):
    assert getattr(adk, name) == value
    assert type(getattr(adk, name)) is int  # plain ints, as ctypes code passes them


def test_enums_mirror_the_module_level_ints():
    assert [int(m) for m in adk.ADK_FIELD_TYPE] == [adk.eUnused, adk.eBool, adk.eChar, adk.eDouble, adk.eDate,
                                                    adk.eData]  # fmt: skip
    for m in FieldType:  # the shared model's FieldType is the header's ADK_FIELD_TYPE
        assert int(m) == int(list(adk.ADK_FIELD_TYPE)[list(FieldType).index(m)])
    for enum in (adk.ADK_RW, adk.ADK_ERROR_TEXT_TYPE, adk.ADK_CREDIT_INVOICE_TO_COPY, adk.ADK_SORT_ORDER):
        for m in enum:
            assert getattr(adk, m.name) == m.value, m.name
    assert adk.ADK_SORT_ORDER(240).name == "eCustomerEmail"


def test_return_code_values_are_unique():
    by_value: dict[int, str] = {}
    for name, value in adk.RETURN_CODES.items():
        if name == "ADKE_LAST_ERROR_CODE":
            continue
        assert value not in by_value, (name, by_value.get(value))
        by_value[value] = name
    assert adk.code_name(115) == "ADKE_NOT_FOUND" and adk.code_name(694) == "ADKE_LAST_ERROR_CODE"
    assert adk.code_name(99999) is None
    assert adk.ADKE_DBTABLE_OOF in adk.DBTABLE_CODES and adk.ADKE_DBTABLE_NOT_IN_ADM_VER not in adk.DBTABLE_CODES
    assert adk.ADKE_ADD in adk.FUNCTION_CODES and adk.ADKE_NOT_FOUND not in adk.FUNCTION_CODES


# --- texts ----------------------------------------------------------------------------------------------------------


def test_every_return_code_has_a_swedish_text():
    for name, code in adk.RETURN_CODES.items():
        text = texts.error_text(code)
        assert text and not text.startswith("Okänt fel"), name
        text.encode("cp1252")  # every text crosses the C surface as Windows-1252
    for code in adk.FUNCTION_CODES:
        assert texts.function_text(code).startswith("Adk"), code
    for code in adk.DBTABLE_CODES:
        assert texts.table_text(code), code
    assert texts.error_text(99999) == "Okänt fel (felkod 99999)"


def test_the_texts_users_see():
    assert texts.error_text(adk.ADKE_INVALID_ADM_PATH).startswith("Felaktig sökväg till gemensamma filer")
    assert texts.error_text(adk.ADKE_INVALID_PATH_COMPANY) == "Felaktig sökväg till företag"
    assert texts.error_text(adk.ADKE_NO_DB_OPEN) == "Ingen databas öppen"
    assert texts.error_text(adk.ADKE_APP_OLD).startswith(
        "Versionen av API:et är äldre än versionen av Visma Administration. Uppdatera eller reparera"
    )
    assert texts.error_text(adk.ADKE_NOT_FOUND) == "Posten hittades inte"
    assert texts.error_text(adk.ADKE_EOF) == "Slut på tabellen"
    assert texts.error_text(adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES) == "Numret är redan använt i nummerserien"


def test_function_codes_by_name():
    assert texts.function_code("AdkAdd") == adk.ADKE_ADD
    assert texts.function_code("AdkFindEx") == adk.ADKE_FINDEX
    assert texts.function_code("AdkDeleteRecord") == adk.ADKE_DELETE
    assert texts.function_code("AdkGetErrorText") == 0
    assert texts.function_text(adk.ADKE_SETFILTER) == "AdkSetFilter" and texts.function_text(0) == ""


def test_component_text_reads_every_error_shape():
    engine_style = SimpleNamespace(rc=adk.ADKE_NOT_FOUND, db_table=adk.ADKE_DBTABLE_CUSTOMER,
                                   field=adk.ADK_CUSTOMER_NAME, function=adk.ADKE_FIND, program_part=0)  # fmt: skip
    c_style = SimpleNamespace(lRc=adk.ADKE_NOT_FOUND, lDbTable=adk.ADKE_DBTABLE_CUSTOMER,
                              lField=adk.ADK_CUSTOMER_NAME, lFunction=adk.ADKE_FIND, lProgramPart=0)  # fmt: skip
    as_tuple = (adk.ADKE_NOT_FOUND, adk.ADKE_DBTABLE_CUSTOMER, adk.ADK_CUSTOMER_NAME, adk.ADKE_FIND, 0)
    for err in (engine_style, c_style, as_tuple):
        assert texts.component_text(adk.elRc, err) == "Posten hittades inte"
        assert texts.component_text(adk.elDbTable, err) == "Kund"
        assert texts.component_text(adk.elField, err) == "Namn"
        assert texts.component_text(adk.elFunction, err) == "AdkFind"
        assert texts.component_text(adk.elProgramPart, err) == ""
        assert texts.component_text(99, err) == ""
    ooi = (adk.ADKE_OOF_INVALID_CUSTOMER, adk.ADKE_DBTABLE_OOF, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, adk.ADKE_ADD, 0)
    assert texts.component_text(adk.elField, ooi) == "Kundnummer"
    assert texts.component_text(adk.elField, (0, 0, 5, 0, 0)) == ""
    assert texts.field_text(adk.ADKE_DBTABLE_ARTRAD, adk.ADK_OOI_ROW_TEXT) == "Text"


def test_every_modelled_field_has_a_label():
    for t in tables.TABLES.values():
        for f in t.fields.values():
            assert tables.FIELD_LABELS.get(f.name), f.name
