"""Customer invoices, credit notes and orders on AdkAdd/AdkUpdate: numbering, what is written back into the
caller's buffer, data from the customer and article registers, row amounts, VAT, totals and round-off, foreign
currency, credit notes, printed/cancelled rules, register references, and the customer's claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import store
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk

OK = AdkError(0)


@pytest.fixture
def paths(write_company) -> tuple[Path, Path]:
    return write_company({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_CUSTOMER": [
            {"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB", "ADK_CUSTOMER_MAILING_ADDRESS": "Storg 1",
             "ADK_CUSTOMER_ZIPCODE": "411 19", "ADK_CUSTOMER_CITY": "Göteborg", "ADK_CUSTOMER_REFERENCE": "Anna",
             "ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT": "30", "ADK_CUSTOMER_PROFIT_CENTRE": "100",
             "ADK_CUSTOMER_CODE_OF_COUNTRY": "SE"},
            {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Nordic AS", "ADK_CUSTOMER_EXPORT": True,
             "ADK_CUSTOMER_CODE_OF_COUNTRY": "NO", "ADK_CUSTOMER_CODE_OF_CURRENCY": "NOK",
             "ADK_CUSTOMER_CODE_OF_LANGUAGE": "EN", "ADK_CUSTOMER_VAT_NUMBER": "NO998877660MVA",
             "ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT": "15"},
        ],
        "ADK_DB_ARTICLE": [
            {"ADK_ARTICLE_NUMBER": "A1", "ADK_ARTICLE_NAME": "Konsulttimme", "ADK_ARTICLE_PRICE": 1000.0,
             "ADK_ARTICLE_UNIT_CODE": "tim", "ADK_ARTICLE_ESTIMATED_PURCHASE_PRICE": 600.0},
            {"ADK_ARTICLE_NUMBER": "A2", "ADK_ARTICLE_NAME": "Licens", "ADK_ARTICLE_PRICE": 250.5,
             "ADK_ARTICLE_UNIT_CODE": "st"},
        ],
        "ADK_DB_PROJECT": [{"ADK_PROJECT_CODE_OF_PROJECT": "P1", "ADK_PROJECT_NAME": "Projekt ett"}],
        "ADK_DB_CODE_OF_PROFIT_CENTRE": [{"ADK_CODE_OF_PROFIT_CENTRE_CODE": "100"},
                                         {"ADK_CODE_OF_PROFIT_CENTRE_CODE": "200"}],
    }})


def head(api: Adk, customer: str = "1001", **fields) -> int:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    if customer:
        assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, customer).ok
    for name, value in fields.items():
        field = getattr(adk, "ADK_OOI_HEAD_" + name)
        setter = {str: api.set_str, float: api.set_double, bool: api.set_bool, int: api.set_date}[type(value)]
        assert setter(h, field, value).ok, name
    return h


def rows(api: Adk, h: int, *specs: dict) -> list[int]:
    array = api.create_data_row(adk.ADK_DB_INVOICE_ROW, len(specs))
    handles = []
    for i, spec in enumerate(specs):
        r = api.get_data_row(array, i)
        for name, value in spec.items():
            field = getattr(adk, "ADK_OOI_ROW_" + name)
            setter = api.set_str if isinstance(value, str) else api.set_double
            assert setter(r, field, value).ok, name
        handles.append(r)
    assert api.set_data(h, adk.ADK_OOI_HEAD_ROWS, array).ok
    assert api.set_double(h, adk.ADK_OOI_HEAD_NROWS, len(specs)).ok
    return handles


def d(api: Adk, h: int, name: str, prefix: str = "ADK_OOI_HEAD_") -> float:
    err, value = api.get_double(h, getattr(adk, prefix + name))
    assert err.ok
    return value


def s(api: Adk, h: int, name: str, prefix: str = "ADK_OOI_HEAD_") -> str:
    err, value = api.get_str(h, getattr(adk, prefix + name), 100)
    assert err.ok
    return value


def add_invoice(api: Adk, customer: str = "1001", *specs: dict, **fields) -> int:
    h = head(api, customer, **fields)
    rows(api, h, *(specs or ({"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0},)))
    err = api.add(h)
    assert err.ok, err
    return h


def find_customer(api: Adk, number: str) -> int:
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, number).ok and api.find(c).ok
    return c


# ------------------------------------------------------------------------------------------------ numbering
def test_numbering(api: Adk, paths) -> None:
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 1.0  # a new company's series starts at 1
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 2.0
    assert d(api, add_invoice(api, DOCUMENT_NUMBER=10.0), "DOCUMENT_NUMBER") == 10.0  # moves the series on
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 11.0
    assert d(api, add_invoice(api, DOCUMENT_NUMBER=5.0), "DOCUMENT_NUMBER") == 5.0  # a free gap: allowed
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 12.0  # the series did not go back
    h = head(api, DOCUMENT_NUMBER=10.0)
    rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0})
    err = api.add(h)
    assert err == AdkError(adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES, adk.ADKE_DBTABLE_OOF,
                           adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, adk.ADKE_ADD)
    assert store.read_dataset(paths[1])["company"]["series"]["invoice"] == 13
    k = add_invoice(api, "1001", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0}, TYPE_OF_INVOICE="K")
    assert d(api, k, "DOCUMENT_NUMBER") == 13.0  # credit notes share the series


def test_series_skips_numbers_taken_explicitly(api: Adk) -> None:
    add_invoice(api, DOCUMENT_NUMBER=1.0)
    add_invoice(api, DOCUMENT_NUMBER=3.0)
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 4.0


def test_orders_have_their_own_series(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_ORDER_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    assert api.add(h).ok
    assert d(api, h, "DOCUMENT_NUMBER") == 1.0
    assert d(api, add_invoice(api), "DOCUMENT_NUMBER") == 1.0
    assert d(api, h, "BALANCE") == 0.0  # orders are no claims
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 1250.0


# ------------------------------------------------------------------------------------------------ write-back
def test_add_writes_number_totals_and_rows_back(api: Adk) -> None:
    h = head(api)
    r1, r2 = rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 2.0},
                  {"ARTICLE_NUMBER": "A2", "QUANTITY1": 3.0, "PRICE_EACH_CURRENT_CURRENCY": 99.99, "DISCOUNT": 10.0})
    assert api.add(h) == OK
    assert d(api, h, "DOCUMENT_NUMBER") == 1.0
    assert d(api, r1, "AMOUNT_CURRENT_CURRENCY", "ADK_OOI_ROW_") == 2000.0  # the article's price
    assert d(api, r1, "PRICE_EACH_CURRENT_CURRENCY", "ADK_OOI_ROW_") == 1000.0
    assert d(api, r2, "AMOUNT_CURRENT_CURRENCY", "ADK_OOI_ROW_") == 269.97  # 3 x 99.99 x 0.9
    assert d(api, r2, "AMOUNT_DOMESTIC_CURRENCY", "ADK_OOI_ROW_") == 269.97
    assert [d(api, r, "ROWNUMBER", "ADK_OOI_ROW_") for r in (r1, r2)] == [1.0, 2.0]
    assert (s(api, r1, "TEXT", "ADK_OOI_ROW_"), s(api, r1, "UNIT", "ADK_OOI_ROW_")) == ("Konsulttimme", "tim")
    assert s(api, r1, "VAT_CODE", "ADK_OOI_ROW_") == "1"
    assert d(api, r1, "CONTRIBUTION_MARGIN", "ADK_OOI_ROW_") == 800.0  # 2000 - 2 x 600
    assert d(api, r1, "CONTRIBUTION_DEGREE", "ADK_OOI_ROW_") == 40.0
    assert d(api, h, "EXCLUDING_OF_VAT") == 2269.97
    assert d(api, h, "VAT_AMOUNT") == 567.49
    assert d(api, h, "ROUND_OFF") == -0.46  # SEK: whole kronor
    assert d(api, h, "TOTAL_AMOUNT") == 2837.0
    assert d(api, h, "BALANCE") == 2837.0 and d(api, h, "BALANCE2") == 2837.0
    assert d(api, h, "NROWS") == 2.0
    assert s(api, h, "OCR_NUMBER") == "18"  # the number with a Luhn check digit
    err, row = api.get_data(h, adk.ADK_OOI_HEAD_ROWS, 1)
    assert err.ok and row == r2  # the caller's own row buffers
    assert api.get_date(h, adk.ADK_OOI_HEAD_TIMESTAMP)[1] > 0


def test_head_filled_from_the_customer(api: Adk) -> None:
    h = add_invoice(api, "1001", CUSTOMER_REFERENCE_NAME="Bertil")
    assert s(api, h, "CUSTOMER_NAME") == "Alfa AB"
    assert (s(api, h, "MAILING_ADDRESS1"), s(api, h, "ZIPCODE"), s(api, h, "CITY")) == (
        "Storg 1", "411 19", "Göteborg")
    assert s(api, h, "CUSTOMER_REFERENCE_NAME") == "Bertil"  # the caller's value wins
    assert s(api, h, "CODE_OF_TERMS_OF_PAYMENT") == "30"
    assert s(api, h, "PROFIT_CENTRE") == "100"
    assert s(api, h, "CURRENCY_CODE") == "SEK" and d(api, h, "CURRENCY_RATE") == 1.0
    assert api.get_bool(h, adk.ADK_OOI_HEAD_EXPORT) == (OK, 0)
    assert api.get_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1) == (OK, 20250310)  # today on the tenant clock
    assert api.get_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE2) == (OK, 20250409)  # + 30 days (terms "30")
    c = find_customer(api, "1001")
    assert d(api, c, "CLAIM", "ADK_CUSTOMER_") == 1250.0
    assert api.get_date(c, adk.ADK_CUSTOMER_LAST_INVOICE_DATE) == (OK, 20250310)


def test_export_customer_in_foreign_currency(api: Adk) -> None:
    h = add_invoice(api, "1002", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0},
                    DOCUMENT_DATE1=20250301)
    assert api.get_bool(h, adk.ADK_OOI_HEAD_EXPORT) == (OK, 1)
    assert s(api, h, "CUSTOMER_INVOICE_VAT_NUMBER") == "NO998877660MVA"
    assert (s(api, h, "CURRENCY_CODE"), s(api, h, "LANGUAGE_CODE"), s(api, h, "CODE_OF_COUNTRY")) == (
        "NOK", "EN", "NO")
    assert (d(api, h, "CURRENCY_RATE"), d(api, h, "CURRENCY_UNIT")) == (99.5, 100.0)  # from the register
    assert d(api, h, "VAT_AMOUNT") == 0.0  # export: no VAT
    assert d(api, h, "TOTAL_AMOUNT") == 1005.03 and d(api, h, "ROUND_OFF") == 0.0  # no kronor rounding
    assert d(api, h, "BALANCE2") == 1005.03  # in NOK: the article's 1000 SEK at 99.5 SEK per 100 NOK
    assert d(api, h, "BALANCE") == 1000.0  # in SEK
    assert api.get_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE2) == (OK, 20250316)  # terms "15"
    _err, row = api.get_data(h, adk.ADK_OOI_HEAD_ROWS, 0)
    assert s(api, row, "VAT_CODE", "ADK_OOI_ROW_") == "0"
    assert d(api, row, "PRICE_EACH_CURRENT_CURRENCY", "ADK_OOI_ROW_") == 1005.03
    assert d(api, row, "AMOUNT_DOMESTIC_CURRENCY", "ADK_OOI_ROW_") == 1000.0
    assert d(api, find_customer(api, "1002"), "CLAIM", "ADK_CUSTOMER_") == 1000.0
    given = add_invoice(api, "1002", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 800.0})
    assert d(api, given, "TOTAL_AMOUNT") == 800.0  # a price the caller sets is in the document currency


def test_caller_values_beat_the_register(api: Adk) -> None:
    h = head(api, "1002", CURRENCY_RATE=100.0, EXPORT=False)
    rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 1000.0})
    assert api.add(h).ok
    assert d(api, h, "CURRENCY_RATE") == 100.0 and d(api, h, "CURRENCY_UNIT") == 100.0
    assert api.get_bool(h, adk.ADK_OOI_HEAD_EXPORT) == (OK, 0)
    assert d(api, h, "VAT_AMOUNT") == 250.0


def test_vat_codes(api: Adk) -> None:
    h = add_invoice(api, "1001", {"TEXT": "tolv", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 100.0,
                                  "VAT_CODE": "2"},
                    {"TEXT": "sex", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 100.0, "VAT_CODE": "3"},
                    {"TEXT": "fri", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 100.0, "VAT_CODE": "0"},
                    {"TEXT": "bara text"})
    assert d(api, h, "EXCLUDING_OF_VAT") == 300.0
    assert d(api, h, "VAT_AMOUNT") == 18.0
    assert d(api, h, "TOTAL_AMOUNT") == 318.0
    bad = head(api)
    rows(api, bad, {"TEXT": "x", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 1.0, "VAT_CODE": "7"})
    err = api.add(bad)
    assert err == AdkError(adk.ADKE_INVALID_VAT_CODE, adk.ADKE_DBTABLE_ARTRAD, adk.ADK_OOI_ROW_VAT_CODE, adk.ADKE_ADD)


def test_prices_including_vat_and_fees(api: Adk) -> None:
    h = add_invoice(api, "1001", {"TEXT": "inkl", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 125.0},
                    INCLUDING_VAT=True, CARGO_AMOUNT=100.0, DISPATCH_FEE=40.0)
    assert d(api, h, "EXCLUDING_OF_VAT") == 240.0  # 100 + freight 100 + fee 40
    assert d(api, h, "VAT_AMOUNT") == 60.0
    assert d(api, h, "TOTAL_AMOUNT") == 300.0


def test_rounding_half_up(api: Adk) -> None:
    h = add_invoice(api, "1001", {"TEXT": "x", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 0.4})
    assert d(api, h, "TOTAL_AMOUNT") == 1.0 and d(api, h, "ROUND_OFF") == 0.5  # 0.50 -> 1 krona
    h = add_invoice(api, "1001", {"TEXT": "x", "QUANTITY1": 1.0, "PRICE_EACH_CURRENT_CURRENCY": 1.99})
    assert d(api, h, "TOTAL_AMOUNT") == 2.0 and d(api, h, "ROUND_OFF") == -0.49  # 2.49 -> 2


# ------------------------------------------------------------------------------------------------ credit notes
def test_credit_note(api: Adk) -> None:
    original = add_invoice(api)
    number = d(api, original, "DOCUMENT_NUMBER")
    k = add_invoice(api, "1001", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0},
                    TYPE_OF_INVOICE="K", NUMBER_OF_ORIGINAL_INVOICE=number)
    assert d(api, k, "TOTAL_AMOUNT") == -1250.0
    assert d(api, k, "VAT_AMOUNT") == -250.0
    assert d(api, k, "BALANCE") == -1250.0
    _err, row = api.get_data(k, adk.ADK_OOI_HEAD_ROWS, 0)
    assert d(api, row, "AMOUNT_CURRENT_CURRENCY", "ADK_OOI_ROW_") == -1000.0
    assert d(api, row, "QUANTITY1", "ADK_OOI_ROW_") == 1.0  # the quantity is kept as given
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 0.0


def test_credit_note_original_checks(api: Adk) -> None:
    def credit(number: float) -> AdkError:
        h = head(api, TYPE_OF_INVOICE="K", NUMBER_OF_ORIGINAL_INVOICE=number)
        rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0})
        return api.add(h)

    err = credit(77.0)
    assert (err.rc, err.field) == (adk.ADKE_INVALID_INVOICE, adk.ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE)
    k = add_invoice(api, "1001", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0}, TYPE_OF_INVOICE="K")
    assert credit(d(api, k, "DOCUMENT_NUMBER")).rc == adk.ADKE_DENIED_CREDIT_CREDIT_INVOICE
    cancelled = add_invoice(api)
    assert api.set_bool(cancelled, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1).ok and api.update(cancelled).ok
    assert credit(d(api, cancelled, "DOCUMENT_NUMBER")).rc == adk.ADKE_DENIED_CREDIT_OBLITERATED_INVOICE


def test_credit_note_copied_from_the_invoice(api: Adk) -> None:
    original = add_invoice(api, "1001", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 2.0},
                           {"ARTICLE_NUMBER": "A2", "QUANTITY1": 1.0})
    h = head(api, "", CREDIT_INVOICE_COPY_NUMBER=d(api, original, "DOCUMENT_NUMBER"))
    assert api.add(h).ok
    assert s(api, h, "TYPE_OF_INVOICE") == "K"
    assert s(api, h, "CUSTOMER_NUMBER") == "1001"
    assert d(api, h, "NUMBER_OF_ORIGINAL_INVOICE") == d(api, original, "DOCUMENT_NUMBER")
    assert d(api, h, "NROWS") == 2.0
    assert d(api, h, "TOTAL_AMOUNT") == -d(api, original, "TOTAL_AMOUNT")
    err, row = api.get_data(h, adk.ADK_OOI_HEAD_ROWS, 1)
    assert err.ok and s(api, row, "ARTICLE_NUMBER", "ADK_OOI_ROW_") == "A2"
    bad = head(api, "", CREDIT_INVOICE_COPY_NUMBER=d(api, original, "DOCUMENT_NUMBER"), CREDIT_INVOICE_COPY_WHAT=5.0)
    assert api.add(bad).rc == adk.ADKE_INVALID_TYPE_TO_COPY


def test_invoice_type(api: Adk) -> None:
    h = head(api, TYPE_OF_INVOICE="X")
    err = api.add(h)
    assert (err.rc, err.field) == (adk.ADKE_INVALID_INVOICE_TYPE, adk.ADK_OOI_HEAD_TYPE_OF_INVOICE)
    h = add_invoice(api, TYPE_OF_INVOICE="f")
    assert s(api, h, "TYPE_OF_INVOICE") == "F"


# ------------------------------------------------------------------------------------------------ printed/cancelled
def test_mark_printed_on_the_same_buffer(api: Adk) -> None:
    """S5: add, then set PRINTED and AdkUpdate the very same buffer."""
    h = add_invoice(api)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok
    assert api.update(h) == OK
    f = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(f, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, d(api, h, "DOCUMENT_NUMBER")).ok
    assert api.find_ex(f, 0).ok and api.get_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED) == (OK, 1)
    assert api.set_str(f, adk.ADK_OOI_HEAD_TEXT1, "Ändrad").ok
    err = api.update(f)
    assert err == AdkError(adk.ADKE_EDIT_DENIED_PRINTED, adk.ADKE_DBTABLE_OOF, adk.ADK_OOI_HEAD_TEXT1,
                           adk.ADKE_UPDATE)
    assert api.find(f).ok
    err, row = api.get_data(f, adk.ADK_OOI_HEAD_ROWS, 0)
    assert api.set_double(row, adk.ADK_OOI_ROW_QUANTITY1, 5.0).ok
    assert api.update(f).rc == adk.ADKE_EDIT_DENIED_PRINTED  # rows are content too
    assert api.find(f).ok
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1).ok
    assert api.update(f).ok  # flags may change on a printed invoice
    assert api.set_str(f, adk.ADK_OOI_HEAD_TEXT1, "x").ok
    err = api.update(f)
    assert (err.rc, err.field) == (adk.ADKE_EDIT_DENIED_OBLITERATED, adk.ADK_OOI_HEAD_TEXT1)
    assert api.set_str(f, adk.ADK_OOI_HEAD_TEXT1, "").ok
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED, 0).ok
    assert api.update(f).rc == adk.ADKE_EDIT_DENIED_OBLITERATED  # no way back


def test_not_done_cannot_be_printed(api: Adk) -> None:
    h = head(api, DOCUMENT_NOT_DONE=True, DOCUMENT_PRINTED=True)
    err = api.add(h)
    assert (err.rc, err.field) == (adk.ADKE_NOT_PRINTED_IF_NOT_READY, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED)
    h = add_invoice(api, DOCUMENT_NOT_DONE=True)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok
    assert api.update(h).rc == adk.ADKE_NOT_PRINTED_IF_NOT_READY
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_NOT_DONE, 0).ok
    assert api.update(h).ok


def test_cancel_removes_the_claim(api: Adk) -> None:
    h = add_invoice(api)
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 1250.0
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1).ok and api.update(h).ok
    assert d(api, h, "BALANCE") == 0.0
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 0.0


def test_update_recomputes_an_unprinted_invoice(api: Adk) -> None:
    h = add_invoice(api)
    _err, row = api.get_data(h, adk.ADK_OOI_HEAD_ROWS, 0)
    assert api.set_double(row, adk.ADK_OOI_ROW_QUANTITY1, 3.0).ok
    assert api.update(h).ok
    assert d(api, h, "TOTAL_AMOUNT") == 3750.0 and d(api, h, "BALANCE") == 3750.0
    assert d(api, row, "AMOUNT_CURRENT_CURRENCY", "ADK_OOI_ROW_") == 3000.0
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 3750.0
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1002").ok  # another customer: its data
    assert api.update(h).ok
    assert s(api, h, "CUSTOMER_NAME") == "Nordic AS"
    assert d(api, find_customer(api, "1001"), "CLAIM", "ADK_CUSTOMER_") == 0.0
    assert (s(api, h, "CURRENCY_CODE"), d(api, h, "CURRENCY_RATE")) == ("NOK", 99.5)  # the customer's currency
    assert d(api, h, "TOTAL_AMOUNT") == 3000.0  # export: no VAT now (the row price stays as it was)
    assert d(api, find_customer(api, "1002"), "CLAIM", "ADK_CUSTOMER_") == 2985.0  # SEK


# ------------------------------------------------------------------------------------------------ references
@pytest.mark.parametrize(("field", "value", "rc"), [
    ("CUSTOMER_NUMBER", "9999", adk.ADKE_OOF_INVALID_CUSTOMER),
    ("PROJECT_CODE", "NOPE", adk.ADKE_INVLAID_PROJECT),
    ("PROFIT_CENTRE", "999", adk.ADKE_INVLAID_RESULT_UNIT),
    ("CODE_OF_TERMS_OF_PAYMENT", "99", adk.ADKE_INVALID_PAYMENT_TERMS),
    ("CURRENCY_CODE", "XXX", adk.ADKE_INVALID_CURRENCY_CODE),
    ("LANGUAGE_CODE", "XX", adk.ADKE_INVALID_LAUNGUAGE_CODE),
    ("CODE_OF_COUNTRY", "XX", adk.ADKE_INVALID_COUNTRY_CODE),
    ("SELLER_CODE", "NN", adk.ADKE_CUSTOMER_INVALID_SELLER),
])
def test_head_references(api: Adk, field: str, value: str, rc: int) -> None:
    h = head(api, **{field: value})
    rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0})
    err = api.add(h)
    assert err == AdkError(rc, adk.ADKE_DBTABLE_OOF, getattr(adk, "ADK_OOI_HEAD_" + field), adk.ADKE_ADD)


@pytest.mark.parametrize(("field", "value", "rc"), [
    ("ARTICLE_NUMBER", "NOPE", adk.ADKE_OOF_INVALID_ARTICLE),
    ("UNIT", "xx", adk.ADKE_ARTICLE_INVALID_UNITCODE),
    ("PROJECT", "NOPE", adk.ADKE_INVLAID_PROJECT),
    ("PROFIT_CENTRE", "999", adk.ADKE_INVLAID_RESULT_UNIT),
    ("ACCOUNT_NUMBER", "9999", adk.ADKE_INVLAID_ACCOUNT),
])
def test_row_references(api: Adk, field: str, value: str, rc: int) -> None:
    h = head(api)
    rows(api, h, {"TEXT": "rad", "QUANTITY1": 1.0, field: value})
    err = api.add(h)
    assert err == AdkError(rc, adk.ADKE_DBTABLE_ARTRAD, getattr(adk, "ADK_OOI_ROW_" + field), adk.ADKE_ADD)


def test_valid_references_and_missing_customer(api: Adk) -> None:
    h = add_invoice(api, "1001", {"ARTICLE_NUMBER": "A1", "QUANTITY1": 1.0, "PROJECT": "p1", "PROFIT_CENTRE": "200",
                                  "ACCOUNT_NUMBER": "3041", "UNIT": "st"}, PROJECT_CODE="P1")
    assert s(api, h, "PROJECT_CODE") == "P1"
    err = api.add(head(api, ""))
    assert (err.rc, err.field) == (adk.ADKE_OOF_INVALID_CUSTOMER, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER)


def test_an_invoice_past_the_customers_credit_limit_warns_and_is_still_added(api):
    customer = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(customer, adk.ADK_CUSTOMER_NUMBER, "1001").ok and api.find(customer).ok
    assert api.set_double(customer, adk.ADK_CUSTOMER_CREDIT_LIMIT, 1000.0).ok and api.update(customer).ok
    warnings: list[AdkError] = []
    api.set_warning_function(warnings.append)
    h = head(api)
    rows(api, h, {"ARTICLE_NUMBER": "A1", "QUANTITY1": 2.0})
    assert api.add(h).ok
    assert [(w.rc, w.field) for w in warnings] == [(adk.ADKW_CREDIT_LIMIT, adk.ADK_CUSTOMER_CREDIT_LIMIT)]
