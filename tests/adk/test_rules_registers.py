"""Registers and supplier invoices on AdkAdd/AdkUpdate: customers (organisation number, references), articles,
projects (dates, customer), supplier invoices (serial number, duplicate supplier invoice numbers, accounts and
projects on rows, template rows for supplier debt and VAT, credit notes, currency)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import datasets, store, tables
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk

OK = AdkError(0)


@pytest.fixture
def paths(write_company) -> tuple[Path, Path]:
    return write_company({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB"}],
        "ADK_DB_SUPPLIER": [{"ADK_SUPPLIER_NUMBER": "L1", "ADK_SUPPLIER_NAME": "Kontorsvaror AB",
                             "ADK_SUPPLIER_ORGANISATION_NUMBER": "556677-8899"},
                            {"ADK_SUPPLIER_NUMBER": "L2", "ADK_SUPPLIER_NAME": "Euro Parts GmbH",
                             "ADK_SUPPLIER_CODE_OF_CURRENCY": "EUR"}],
        "ADK_DB_PROJECT": [{"ADK_PROJECT_CODE_OF_PROJECT": "P1", "ADK_PROJECT_NAME": "Projekt ett"}],
    }})


def record(api: Adk, db: int, prefix: str, **fields) -> int:
    h = api.create_data(db)
    for name, value in fields.items():
        field = getattr(adk, prefix + name)
        setter = {str: api.set_str, float: api.set_double, bool: api.set_bool, int: api.set_date}[type(value)]
        assert setter(h, field, value).ok, name
    return h


def customer(api: Adk, number: str = "2001", name: str = "Ny AB", **fields) -> int:
    return record(api, adk.ADK_DB_CUSTOMER, "ADK_CUSTOMER_", NUMBER=number, NAME=name, **fields)


# ------------------------------------------------------------------------------------------------ customers
def test_customer_organisation_number(api: Adk) -> None:
    assert api.add(customer(api, "2001", ORGANISATION_NUMBER="556123-4567")).ok
    err = api.add(customer(api, "2002", ORGANISATION_NUMBER="556123-4568"))
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_INVALID_CONTROLNR, adk.ADKE_DBTABLE_CUSTOMER,
                                                 adk.ADK_CUSTOMER_ORGANISATION_NUMBER)
    assert api.add(customer(api, "2003", ORGANISATION_NUMBER="556123-4568",
                            IGNORE_ORGANISATION_NUMBER_CHECK=True)).ok
    assert api.add(customer(api, "2004", ORGANISATION_NUMBER="998877660", CODE_OF_COUNTRY="NO")).ok  # foreign
    assert api.add(customer(api, "2005", ORGANISATION_NUMBER="12345", EXPORT=True)).ok
    h = customer(api, "2001", "")
    assert api.find(h).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_ORGANISATION_NUMBER, "123").ok
    assert api.update(h).rc == adk.ADKE_INVALID_CONTROLNR


@pytest.mark.parametrize(("field", "value", "rc"), [
    ("CODE_OF_TERMS_OF_PAYMENT", "99", adk.ADKE_INVALID_PAYMENT_TERMS),
    ("CODE_OF_CURRENCY", "XYZ", adk.ADKE_INVALID_CURRENCY_CODE),
    ("CODE_OF_LANGUAGE", "XX", adk.ADKE_INVALID_LAUNGUAGE_CODE),
    ("CODE_OF_COUNTRY", "XX", adk.ADKE_INVALID_COUNTRY_CODE),
    ("DELIVERY_CODE_OF_COUNTRY", "XX", adk.ADKE_INVALID_COUNTRY_CODE),
    ("PROFIT_CENTRE", "999", adk.ADKE_INVLAID_RESULT_UNIT),
    ("PROJECT", "NOPE", adk.ADKE_INVLAID_PROJECT),
])
def test_customer_references(api: Adk, field: str, value: str, rc: int) -> None:
    err = api.add(customer(api, **{field: value}))
    assert err == AdkError(rc, adk.ADKE_DBTABLE_CUSTOMER, getattr(adk, "ADK_CUSTOMER_" + field), adk.ADKE_ADD)


def test_customer_with_valid_references(api: Adk) -> None:
    h = customer(api, CODE_OF_TERMS_OF_PAYMENT="30", CODE_OF_CURRENCY="eur", CODE_OF_LANGUAGE="EN",
                 CODE_OF_COUNTRY="DE", PROJECT="P1")
    assert api.add(h).ok
    assert api.get_double(h, adk.ADK_CUSTOMER_CLAIM) == (OK, 0.0)


# ------------------------------------------------------------------------------------------------ articles, projects
def test_article(api: Adk) -> None:
    a = record(api, adk.ADK_DB_ARTICLE, "ADK_ARTICLE_", NUMBER="B1", NAME="Bult", UNIT_CODE="xx")
    err = api.add(a)
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_ARTICLE_INVALID_UNITCODE, adk.ADKE_DBTABLE_ARTICLE,
                                                 adk.ADK_ARTICLE_UNIT_CODE)
    assert api.set_str(a, adk.ADK_ARTICLE_UNIT_CODE, "st").ok
    assert api.add(a).ok
    err = api.add(record(api, adk.ADK_DB_ARTICLE, "ADK_ARTICLE_", NUMBER="B2"))
    assert (err.rc, err.field) == (adk.ADKE_NO_NAME, adk.ADK_ARTICLE_NAME)


def test_project_dates_and_customer(api: Adk) -> None:
    p = record(api, adk.ADK_DB_PROJECT, "ADK_PROJECT_", CODE_OF_PROJECT="P2", NAME="Två",
               DATE_OF_BEGINNING=20250301, DATE_OF_END=20250228)
    err = api.add(p)
    assert err == AdkError(adk.ADKE_END_BEFORE_START, adk.ADKE_DBTABLE_PROJECT, adk.ADK_PROJECT_DATE_OF_END,
                           adk.ADKE_ADD)
    assert api.set_date(p, adk.ADK_PROJECT_DATE_OF_END, 20991231).ok
    assert api.set_str(p, adk.ADK_PROJECT_CUSTOMER_NUMBER, "1001").ok
    assert api.add(p).ok
    assert api.get_str(p, adk.ADK_PROJECT_CUSTOMER_NAME, 51) == (OK, "Alfa AB")
    assert api.set_date(p, adk.ADK_PROJECT_DATE_OF_BEGINNING, 21000101).ok
    assert api.update(p).rc == adk.ADKE_END_BEFORE_START
    assert api.set_date(p, adk.ADK_PROJECT_DATE_OF_BEGINNING, 20250301).ok
    assert api.set_bool(p, adk.ADK_PROJECT_CLOSED, 1).ok
    assert api.update(p).ok
    assert api.get_date(p, adk.ADK_PROJECT_DATE_OF_CLOSURE) == (OK, 20250310)
    q = record(api, adk.ADK_DB_PROJECT, "ADK_PROJECT_", CODE_OF_PROJECT="P3", NAME="Tre", CUSTOMER_NUMBER="9")
    assert api.add(q).rc == adk.ADKE_COULD_NOT_FIND_CUSTOMER


def test_deleting_registers(api: Adk) -> None:
    p = record(api, adk.ADK_DB_PROJECT, "ADK_PROJECT_", CODE_OF_PROJECT="P1")
    assert api.find(p).ok
    assert api.delete_record(p).ok
    c = customer(api, "1001", "")
    assert api.find(c).ok and api.delete_record(c).ok
    assert api.find(c).rc == adk.ADKE_NOT_FOUND


# ------------------------------------------------------------------------------------------------ supplier invoices
def supplier_invoice(api: Adk, supplier: str = "L1", *cost_rows: tuple[str, float, str], **fields) -> int:
    h = record(api, adk.ADK_DB_SUPPLIER_INVOICE_HEAD, "ADK_SUP_INV_HEAD_", SUPPLIER_NUMBER=supplier, **fields)
    array = api.create_data_row(adk.ADK_DB_SUPPLIER_INVOICE_ROW, len(cost_rows))
    for i, (account, amount, project) in enumerate(cost_rows):
        r = api.get_data_row(array, i)
        assert api.set_str(r, adk.ADK_OOI_ROW_ACCOUNT_NUMBER, account).ok
        assert api.set_double(r, adk.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, amount).ok
        if project:
            assert api.set_str(r, adk.ADK_OOI_ROW_PROJECT, project).ok
    assert api.set_data(h, adk.ADK_SUP_INV_HEAD_ROWS, array).ok
    assert api.set_double(h, adk.ADK_SUP_INV_HEAD_NROWS, len(cost_rows)).ok
    return h


def rows_of(api: Adk, h: int) -> list[tuple[str, float, str]]:
    out = []
    for i in range(int(api.get_double(h, adk.ADK_SUP_INV_HEAD_NROWS)[1])):
        err, r = api.get_data(h, adk.ADK_SUP_INV_HEAD_ROWS, i)
        assert err.ok
        out.append((api.get_str(r, adk.ADK_OOI_ROW_ACCOUNT_NUMBER, 7)[1],
                    api.get_double(r, adk.ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY)[1],
                    api.get_str(r, adk.ADK_OOI_ROW_PROJECT, 7)[1]))
    return out


def test_supplier_invoice_with_template_rows(api: Adk) -> None:
    h = supplier_invoice(api, "L1", ("5410", 600.0, "P1"), ("6110", 200.0, ""),
                         INVOICE_NUMBER="F-77", VAT_AMOUNT=200.0, TOTAL=1000.0)
    assert api.add(h) == OK
    assert api.get_double(h, adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER) == (OK, 1.0)
    assert api.get_str(h, adk.ADK_SUP_INV_HEAD_SUPPLIER_NAME, 51) == (OK, "Kontorsvaror AB")
    assert api.get_str(h, adk.ADK_SUP_INV_HEAD_ORGANISATION_NUMBER, 16) == (OK, "556677-8899")
    assert api.get_double(h, adk.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY) == (OK, 1000.0)
    assert api.get_date(h, adk.ADK_SUP_INV_HEAD_INVOICE_DATE) == (OK, 20250310)
    assert api.get_date(h, adk.ADK_SUP_INV_HEAD_DUE_DATE) == (OK, 20250409)
    assert rows_of(api, h) == [("2440", -1000.0, ""), ("2641", 200.0, ""), ("5410", 600.0, "P1"), ("6110", 200.0, "")]
    assert api.get_double(h, adk.ADK_SUP_INV_HEAD_NROWS) == (OK, 4.0)
    # the template rows come back when deleted
    assert api.delete_row(h, 1).ok and api.delete_row(h, 1).ok
    assert rows_of(api, h) == [("5410", 600.0, "P1"), ("6110", 200.0, "")]
    assert api.update(h).ok
    assert rows_of(api, h) == [("2440", -1000.0, ""), ("2641", 200.0, ""), ("5410", 600.0, "P1"), ("6110", 200.0, "")]
    second = supplier_invoice(api, "L1", ("5410", 100.0, ""))
    assert api.add(second).ok
    assert api.get_double(second, adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER) == (OK, 2.0)
    assert api.get_double(second, adk.ADK_SUP_INV_HEAD_TOTAL) == (OK, 100.0)  # the rows (+ VAT) when not given
    assert rows_of(api, second) == [("2440", -100.0, ""), ("5410", 100.0, "")]


def test_duplicate_supplier_invoice_number(api: Adk) -> None:
    assert api.add(supplier_invoice(api, "L1", ("5410", 100.0, ""), INVOICE_NUMBER="F-1")).ok
    err = api.add(supplier_invoice(api, "L1", ("5410", 100.0, ""), INVOICE_NUMBER="f-1"))
    assert err == AdkError(adk.ADKE_INVOICENR_ALREADY_EXIST, adk.ADKE_DBTABLE_LEVFKT,
                           adk.ADK_SUP_INV_HEAD_INVOICE_NUMBER, adk.ADKE_ADD)
    assert api.add(supplier_invoice(api, "L2", ("5410", 100.0, ""), INVOICE_NUMBER="F-1")).ok  # another supplier
    assert api.add(supplier_invoice(api, "L1", ("5410", 100.0, ""), INVOICE_NUMBER="F-1",
                                    IGNORE_CHECK_INVNR=True)).ok
    assert api.add(supplier_invoice(api, "L1", ("5410", 100.0, ""))).ok  # no number: no check (S4)
    assert api.add(supplier_invoice(api, "L1", ("5410", 100.0, ""))).ok


def test_supplier_invoice_errors(api: Adk, paths) -> None:
    err = api.add(supplier_invoice(api, "L9", ("5410", 100.0, "")))
    assert (err.rc, err.field) == (adk.ADKE_COULD_NOT_FIND_SUPPLIER, adk.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER)
    err = api.add(supplier_invoice(api, "L1", ("9999", 100.0, "")))
    row_table_code = tables.TABLES[adk.ADK_DB_SUPPLIER_INVOICE_ROW].error_table_code  # the rows' table in lDbTable
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_INVLAID_ACCOUNT, row_table_code,
                                                 adk.ADK_OOI_ROW_ACCOUNT_NUMBER)
    assert api.add(supplier_invoice(api, "L1", ("", 100.0, ""))).rc == adk.ADKE_INVLAID_ACCOUNT
    err = api.add(supplier_invoice(api, "L1", ("5410", 100.0, "NOPE")))
    assert (err.rc, err.field) == (adk.ADKE_INVLAID_PROJECT, adk.ADK_OOI_ROW_PROJECT)
    assert api.add(supplier_invoice(api, "L1", ("5410", 1.0, ""), TYPE_OF_INVOICE="X")).rc == \
        adk.ADKE_INVALID_INVOICE_TYPE
    assert api.add(supplier_invoice(api, "L1", ("5410", 1.0, ""), PROJECT="NOPE")).rc == adk.ADKE_INVLAID_PROJECT
    assert api.add(supplier_invoice(api, "L1", ("5410", 1.0, ""), CURRENCY_CODE="XYZ")).rc == \
        adk.ADKE_INVALID_CURRENCY_CODE
    assert store.read_dataset(paths[1])["tables"].get("ADK_DB_SUPPLIER_INVOICE_HEAD", []) == []


def test_supplier_credit_note_and_currency(api: Adk) -> None:
    k = supplier_invoice(api, "L1", ("5410", 400.0, "P1"), TYPE_OF_INVOICE="K", VAT_AMOUNT=100.0, TOTAL=500.0)
    assert api.add(k).ok
    assert api.get_double(k, adk.ADK_SUP_INV_HEAD_TOTAL) == (OK, -500.0)
    assert api.get_double(k, adk.ADK_SUP_INV_HEAD_VAT_AMOUNT) == (OK, -100.0)
    assert rows_of(api, k) == [("2440", 500.0, ""), ("2641", -100.0, ""), ("5410", -400.0, "P1")]
    e = supplier_invoice(api, "L2", ("4010", 100.0, ""))
    assert api.add(e).ok
    assert api.get_str(e, adk.ADK_SUP_INV_HEAD_CURRENCY_CODE, 4) == (OK, "EUR")  # from the supplier
    assert api.get_double(e, adk.ADK_SUP_INV_HEAD_CURRENCY_RATE) == (OK, 11.2)  # from the register
    assert rows_of(api, e)[1] == ("4010", 1120.0, "")  # SEK on the rows


def test_cancelled_supplier_invoice(api: Adk) -> None:
    h = supplier_invoice(api, "L1", ("5410", 100.0, ""))
    assert api.add(h).ok
    assert api.set_bool(h, adk.ADK_SUP_INV_HEAD_CANCELLED, 1).ok and api.update(h).ok
    assert api.get_double(h, adk.ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY) == (OK, 0.0)
    assert api.set_bool(h, adk.ADK_SUP_INV_HEAD_PAYMSTOP, 1).ok
    assert api.update(h).rc == adk.ADKE_EDIT_DENIED_OBLITERATED
    assert api.delete_record(h).rc == adk.ADKE_DELETE_DENIED


def _balance(api: Adk, h: int) -> float:
    return round(sum(amount for _, amount, _ in rows_of(api, h)), 2)


def test_supplier_invoice_rows_keep_their_signs_and_balance(api: Adk) -> None:
    """A reverse-charge pair (+2645/-2614) keeps its signs on AdkAdd and on every AdkUpdate; a credit note written
    like the invoice it credits is mirrored as a whole."""
    h = supplier_invoice(api, "L1", ("4535", 1000.0, ""), ("2645", 250.0, ""), ("2614", -250.0, ""))
    assert api.add(h).ok
    assert rows_of(api, h) == [("2440", -1000.0, ""), ("4535", 1000.0, ""), ("2645", 250.0, ""),
                               ("2614", -250.0, "")]
    assert api.set_bool(h, adk.ADK_SUP_INV_HEAD_PAYMSTOP, 1).ok and api.update(h).ok
    assert _balance(api, h) == 0.0 and rows_of(api, h)[3] == ("2614", -250.0, "")
    k = supplier_invoice(api, "L1", ("4535", 1000.0, ""), ("2645", 250.0, ""), ("2614", -250.0, ""),
                         TYPE_OF_INVOICE="K")
    assert api.add(k).ok
    assert rows_of(api, k) == [("2440", 1000.0, ""), ("4535", -1000.0, ""), ("2645", -250.0, ""),
                               ("2614", 250.0, "")]
    assert api.update(k).ok and _balance(api, k) == 0.0


def test_supplier_invoices_added_through_the_adk_seed_back(api: Adk, paths, tmp_path: Path) -> None:
    """export -> seed -> export is exact for an invoice, a credit note and a foreign-currency invoice."""
    assert api.add(supplier_invoice(api, "L1", ("5410", 600.0, "P1"), ("6110", 200.0, ""), VAT_AMOUNT=200.0)).ok
    assert api.add(supplier_invoice(api, "L1", ("5410", 400.0, "P1"), TYPE_OF_INVOICE="K", VAT_AMOUNT=100.0)).ok
    assert api.add(supplier_invoice(api, "L2", ("4010", 33.33, ""), VAT_AMOUNT=8.33)).ok
    data = store.read_dataset(paths[1])
    for head in data["tables"]["ADK_DB_SUPPLIER_INVOICE_HEAD"]:
        rows = head["ADK_SUP_INV_HEAD_ROWS"]
        assert sum(r["ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY"] for r in rows) == pytest.approx(0, abs=0.005)
    copy = tmp_path / "copy"
    store.write_dataset(paths[0], copy, data)
    assert store.read_dataset(copy) == data


def test_a_dataset_supplier_invoice_without_head_amounts(tmp_path: Path) -> None:
    """A dataset that books the debt and input VAT on rows but leaves TOTAL and VAT_AMOUNT out: the head follows
    the rows (not the rows' sum, which is 0)."""
    data = datasets.prepare({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_SUPPLIER": [{"ADK_SUPPLIER_NUMBER": "L1", "ADK_SUPPLIER_NAME": "Kontorsvaror AB"}],
        "ADK_DB_SUPPLIER_INVOICE_HEAD": [
            {"ADK_SUP_INV_HEAD_SUPPLIER_NUMBER": "L1", "ADK_SUP_INV_HEAD_ROWS": [
                {"ADK_OOI_ROW_ACCOUNT_NUMBER": "5410", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 800.0},
                {"ADK_OOI_ROW_ACCOUNT_NUMBER": "2641", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 200.0},
                {"ADK_OOI_ROW_ACCOUNT_NUMBER": "2440", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": -1000.0}]},
            {"ADK_SUP_INV_HEAD_SUPPLIER_NUMBER": "L1", "ADK_SUP_INV_HEAD_TYPE_OF_INVOICE": "K",
             "ADK_SUP_INV_HEAD_ROWS": [
                 {"ADK_OOI_ROW_ACCOUNT_NUMBER": "5410", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 80.0},
                 {"ADK_OOI_ROW_ACCOUNT_NUMBER": "2641", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 20.0},
                 {"ADK_OOI_ROW_ACCOUNT_NUMBER": "2440", "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 100.0}]},
        ],
    }})
    store.write_dataset(tmp_path / "common", tmp_path / "company", data)
    f, k = store.read_dataset(tmp_path / "company")["tables"]["ADK_DB_SUPPLIER_INVOICE_HEAD"]
    assert (f["ADK_SUP_INV_HEAD_TOTAL"], f["ADK_SUP_INV_HEAD_VAT_AMOUNT"]) == (1000.0, 200.0)
    assert [r["ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY"] for r in f["ADK_SUP_INV_HEAD_ROWS"]] == [800.0, 200.0, -1000.0]
    assert (k["ADK_SUP_INV_HEAD_TOTAL"], k["ADK_SUP_INV_HEAD_VAT_AMOUNT"]) == (-100.0, -20.0)
    assert [r["ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY"] for r in k["ADK_SUP_INV_HEAD_ROWS"]] == [-80.0, -20.0, 100.0]


def test_nonsense_amounts_are_booked_or_refused_never_internal(api: Adk) -> None:
    """1e20 x 1e20 is past Decimal's default 28 digits (it used to be ADKE_INTERNAL); 1e300 x 1e300 is past a
    double: ADKE_TOO_MANY_SIGNS."""
    h = supplier_invoice(api, "L1", ("5410", 1e20, ""))
    r = api.get_data(h, adk.ADK_SUP_INV_HEAD_ROWS, 0)[1]
    assert api.set_double(r, adk.ADK_OOI_ROW_QUANTITY1, 1e20).ok
    assert api.add(h).ok
    assert api.get_double(h, adk.ADK_SUP_INV_HEAD_TOTAL) == (OK, 1e40)
    k = supplier_invoice(api, "L1", ("5410", 1e300, ""))
    r = api.get_data(k, adk.ADK_SUP_INV_HEAD_ROWS, 0)[1]
    assert api.set_double(r, adk.ADK_OOI_ROW_QUANTITY1, 1e300).ok
    assert api.add(k).rc == adk.ADKE_TOO_MANY_SIGNS
