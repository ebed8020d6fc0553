"""Customer payments (ADK_DB_CUSTOMERPAYMENT): they lower the invoice's balance (SEK) and balance in currency,
set its last payment date and the customer's claim; cancelling one puts it back; invoices with payments
refuse content changes and cancellation."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import store
from simulators.adk.clockfile import FolderClock
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk

OK = AdkError(0)


@pytest.fixture
def paths(write_company) -> tuple[Path, Path]:
    row = {"ADK_OOI_ROW_TEXT": "Konsult", "ADK_OOI_ROW_QUANTITY1": 1.0,
           "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 1000.0}
    return write_company({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB"},
                            {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Nordic AS",
                             "ADK_CUSTOMER_EXPORT": True, "ADK_CUSTOMER_CODE_OF_CURRENCY": "NOK"}],
        "ADK_DB_INVOICE_HEAD": [
            {"ADK_OOI_HEAD_DOCUMENT_NUMBER": 1, "ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001", "ADK_OOI_HEAD_ROWS": [row]},
            {"ADK_OOI_HEAD_DOCUMENT_NUMBER": 2, "ADK_OOI_HEAD_CUSTOMER_NUMBER": "1002", "ADK_OOI_HEAD_ROWS": [row]},
            {"ADK_OOI_HEAD_DOCUMENT_NUMBER": 3, "ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001", "ADK_OOI_HEAD_ROWS": [row],
             "ADK_OOI_HEAD_DOCUMENT_CANCELLED": True},
        ],
    }})


def invoice(api: Adk, number: float) -> int:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, number).ok and api.find(h).ok
    return h


def claim(api: Adk, number: str) -> float:
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, number).ok and api.find(c).ok
    return api.get_double(c, adk.ADK_CUSTOMER_CLAIM)[1]


def pay(api: Adk, number: float, date: int = 0, **amounts: float) -> tuple[AdkError, int]:
    p = api.create_data(adk.ADK_DB_CUSTOMERPAYMENT)
    assert api.set_double(p, adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, number).ok
    if date:
        assert api.set_date(p, adk.ADK_CUSTOMERPAYMENT_DATE, date).ok
    for name, value in amounts.items():
        assert api.set_double(p, getattr(adk, "ADK_CUSTOMERPAYMENT_" + name), value).ok
    return api.add(p), p


def test_the_dataset_balances(api: Adk) -> None:
    h = invoice(api, 1)
    assert api.get_double(h, adk.ADK_OOI_HEAD_TOTAL_AMOUNT)[1] == 1250.0
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE)[1] == 1250.0
    assert api.get_double(invoice(api, 3), adk.ADK_OOI_HEAD_BALANCE)[1] == 0.0  # cancelled
    assert claim(api, "1001") == 1250.0


def test_payments_lower_the_balance(api: Adk) -> None:
    err, p = pay(api, 1, 20250305, AMOUNT_KR=1000.0)
    assert err == OK
    assert api.get_double(p, adk.ADK_CUSTOMERPAYMENT_NR) == (OK, 1.0)  # numbered from its series
    assert api.get_double(p, adk.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY) == (OK, 1000.0)
    assert api.get_double(p, adk.ADK_CUSTOMERPAYMENT_AMOUNT_PAID) == (OK, 1000.0)
    assert api.get_str(p, adk.ADK_CUSTOMERPAYMENT_CURRENCY_CODE, 4) == (OK, "SEK")
    h = invoice(api, 1)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 250.0)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE2) == (OK, 250.0)
    assert api.get_date(h, adk.ADK_OOI_HEAD_LAST_PAYMENT) == (OK, 20250305)
    assert claim(api, "1001") == 250.0
    err, second = pay(api, 1, AMOUNT_PAID=250.0)  # no date: today
    assert err.ok and api.get_double(second, adk.ADK_CUSTOMERPAYMENT_NR) == (OK, 2.0)
    h = invoice(api, 1)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 0.0)
    assert api.get_date(h, adk.ADK_OOI_HEAD_LAST_PAYMENT) == (OK, 20250310)
    assert claim(api, "1001") == 0.0
    paid = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_sort_order(paid, adk.eInvoicePayedCustomerNr).ok
    assert api.first(paid).ok and api.get_double(paid, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (OK, 1.0)


def test_a_payment_stamps_the_invoice(api: Adk, paths) -> None:
    FolderClock(paths[1]).advance(86400)
    assert pay(api, 1, AMOUNT_KR=100.0)[0].ok
    stamp = api.get_date(invoice(api, 1), adk.ADK_OOI_HEAD_TIMESTAMP)[1]
    assert api.long_to_datetime(stamp)[1] == "2025-03-11 10:00:00"


def test_payment_in_foreign_currency(api: Adk) -> None:
    h = invoice(api, 2)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE2) == (OK, 1000.0)  # NOK, export: no VAT
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 995.0)  # SEK at 99.5 per 100 NOK
    err, p = pay(api, 2, AMOUNT_CURRENCY=400.0)
    assert err.ok
    assert api.get_double(p, adk.ADK_CUSTOMERPAYMENT_AMOUNT_KR) == (OK, 398.0)
    assert api.get_str(p, adk.ADK_CUSTOMERPAYMENT_CURRENCY_CODE, 4) == (OK, "NOK")
    h = invoice(api, 2)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE2) == (OK, 600.0)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 597.0)
    assert pay(api, 2, AMOUNT_CURRENCY=600.0, AMOUNT_KR=610.0)[0].ok  # another rate: the currency balance rules
    h = invoice(api, 2)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE2) == (OK, 0.0)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 0.0)
    assert claim(api, "1002") == 0.0


def test_payment_errors(api: Adk, paths) -> None:
    err = pay(api, 99, AMOUNT_KR=1.0)[0]
    assert err == AdkError(adk.ADKE_INVALID_INVOICE, adk.ADKE_DBTABLE_CUSTOMERPAYMENT,
                           adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, adk.ADKE_ADD)
    assert pay(api, 0, AMOUNT_KR=1.0)[0].rc == adk.ADKE_INVALID_INVOICE
    err = pay(api, 1)[0]
    assert (err.rc, err.field) == (adk.ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED, adk.ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY)
    assert pay(api, 3, AMOUNT_KR=1.0)[0].rc == adk.ADKE_EDIT_DENIED_OBLITERATED  # a cancelled invoice
    assert store.read_dataset(paths[1])["tables"].get("ADK_DB_CUSTOMERPAYMENT", []) == []


def test_cancelling_a_payment(api: Adk) -> None:
    assert pay(api, 1, 20250301, AMOUNT_KR=200.0)[0].ok
    err, p = pay(api, 1, 20250305, AMOUNT_KR=300.0)
    assert api.get_double(invoice(api, 1), adk.ADK_OOI_HEAD_BALANCE) == (OK, 750.0)
    assert api.set_double(p, adk.ADK_CUSTOMERPAYMENT_AMOUNT_KR, 1.0).ok
    err = api.update(p)
    assert (err.rc, err.field) == (adk.ADKE_EDIT_DENIED_FIELD, adk.ADK_CUSTOMERPAYMENT_AMOUNT_KR)
    assert api.set_double(p, adk.ADK_CUSTOMERPAYMENT_AMOUNT_KR, 300.0).ok
    assert api.set_bool(p, adk.ADK_CUSTOMERPAYMENT_CANCELLED, 1).ok
    assert api.update(p).ok
    h = invoice(api, 1)
    assert api.get_double(h, adk.ADK_OOI_HEAD_BALANCE) == (OK, 1050.0)
    assert api.get_date(h, adk.ADK_OOI_HEAD_LAST_PAYMENT) == (OK, 20250301)  # the remaining payment's date
    assert claim(api, "1001") == 1050.0
    assert api.set_bool(p, adk.ADK_CUSTOMERPAYMENT_CANCELLED, 0).ok
    assert api.update(p).rc == adk.ADKE_EDIT_DENIED_OBLITERATED
    assert api.delete_record(p).rc == adk.ADKE_DELETE_DENIED


def test_invoice_with_payments_is_locked(api: Adk) -> None:
    assert pay(api, 1, AMOUNT_KR=100.0)[0].ok
    h = invoice(api, 1)
    assert api.set_str(h, adk.ADK_OOI_HEAD_TEXT1, "ändrad").ok
    err = api.update(h)
    assert (err.rc, err.field) == (adk.ADKE_EDIT_DENIED_PAYMENTS_ON_INVOICE, adk.ADK_OOI_HEAD_TEXT1)
    h = invoice(api, 1)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1).ok
    assert api.update(h).rc == adk.ADKE_EDIT_DENIED_PAYMENTS_ON_INVOICE
    h = invoice(api, 1)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok
    assert api.update(h).ok  # flags are fine
