"""The cursor model (research §1.4, §3.8): one current record per buffer, sort orders as index and filter,
AdkSetFilter, First/Next/Previous/Last with EOF/BOF, Find as an exact seek or (timestamps) a >= seek, the Ex
forms without rows, and change tracking on the tenant clock."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import datasets, store
from simulators.adk.clockfile import FolderClock
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk

OK = AdkError(0)
CUSTOMERS = [
    ("1003", "Cederträ AB", "Umeå", "order@ceder.se"),
    ("1001", "alfa konsult AB", "Göteborg", "info@alfa.se"),
    ("1005", "Östra Bygg AB", "Malmö", ""),
    ("1002", "Beta Incab AB", "Lund", "faktura@beta.se"),
    ("1004", "Ärlig Åkeri AB", "Kiruna", "x@inc.se"),
]


@pytest.fixture
def env(tmp_path: Path):
    common, company = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
    data = datasets.prepare({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": n, "ADK_CUSTOMER_NAME": name, "ADK_CUSTOMER_CITY": city,
                             "ADK_CUSTOMER_EMAIL": mail, "ADK_CUSTOMER_TIMESTAMP": f"2025-01-0{i + 1}T08:00:00"}
                            for i, (n, name, city, mail) in enumerate(CUSTOMERS)],
        "ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A1", "ADK_ARTICLE_NAME": "Konsult", "ADK_ARTICLE_PRICE": 100.0}],
        "ADK_DB_PROJECT": [{"ADK_PROJECT_CODE_OF_PROJECT": "P1", "ADK_PROJECT_NAME": "Ett"},
                           {"ADK_PROJECT_CODE_OF_PROJECT": "P2", "ADK_PROJECT_NAME": "Två", "ADK_PROJECT_CLOSED": True},
                           {"ADK_PROJECT_CODE_OF_PROJECT": "P3", "ADK_PROJECT_NAME": "Tre"}],
        "ADK_DB_INVOICE_HEAD": [
            {"ADK_OOI_HEAD_DOCUMENT_NUMBER": n, "ADK_OOI_HEAD_CUSTOMER_NUMBER": c,
             "ADK_OOI_HEAD_DOCUMENT_DATE1": "2025-01-10",
             "ADK_OOI_HEAD_ROWS": [{"ADK_OOI_ROW_ARTICLE_NUMBER": "A1", "ADK_OOI_ROW_QUANTITY1": q,
                                    "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 100.0}] * rows}
            for n, c, q, rows in ((1, "1001", 1.0, 2), (2, "1002", 2.0, 1), (3, "1001", 3.0, 3))],
        "ADK_DB_CUSTOMERPAYMENT": [{"ADK_CUSTOMERPAYMENT_INVOICE_NUMBER": 2, "ADK_CUSTOMERPAYMENT_AMOUNT_KR": 250.0,
                                    "ADK_CUSTOMERPAYMENT_DATE": "2025-01-20"}],
    }})
    store.write_dataset(common, company, data)
    clock = FolderClock(company)
    clock.freeze("2025-02-01T12:00:00+00:00")
    api = Adk()
    assert api.open(common, company).ok
    yield api, clock
    api.close()


def walk(api: Adk, h: int, field: int, forward: bool = True, start: bool = True) -> list[str]:
    out = []
    err = (api.first(h) if forward else api.last(h)) if start else (api.next(h) if forward else api.previous(h))
    while err.ok:
        out.append(api.get_str(h, field, 100)[1])
        err = api.next(h) if forward else api.previous(h)
    assert err.rc == (adk.ADKE_EOF if forward else adk.ADKE_BOF)
    return out


def test_default_order_and_both_directions(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1001", "1002", "1003", "1004", "1005"]
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER, forward=False) == ["1005", "1004", "1003", "1002", "1001"]


def test_eof_and_bof(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.last(h).ok
    err = api.next(h)
    assert err == AdkError(adk.ADKE_EOF, adk.ADKE_DBTABLE_CUSTOMER, 0, adk.ADKE_NEXT)
    assert api.next(h).rc == adk.ADKE_EOF  # stays at EOF
    assert api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1005"  # the buffer keeps the last record
    assert api.previous(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1005"  # FoxPro: back from EOF
    assert api.first(h).ok
    err = api.previous(h)
    assert (err.rc, err.function) == (adk.ADKE_BOF, adk.ADKE_PREVIOUS)
    assert api.previous(h).rc == adk.ADKE_BOF
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1001"
    assert api.next_ex(h, 0).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1002"
    assert api.previous_ex(h, 0).ok and api.last_ex(h, 0).ok and api.first_ex(h, 0).ok


def test_next_before_positioning_starts_at_the_first(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1001"
    g = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.previous(g).ok and api.get_str(g, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1005"


def test_empty_set(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_SUPPLIER)
    assert api.first(h) == AdkError(adk.ADKE_EOF, adk.ADKE_DBTABLE_SUPPLIER, 0, adk.ADKE_FIRST)
    assert api.last(h).rc == adk.ADKE_BOF
    assert api.next(h).rc == adk.ADKE_EOF
    assert api.first_ex(h, 1).function == adk.ADKE_FIRSTEX


def test_sort_orders(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_sort_order(h, adk.eCustomerName).ok
    # case-insensitive, Swedish: å ä ö after z
    assert walk(api, h, adk.ADK_CUSTOMER_NAME) == [
        "alfa konsult AB", "Beta Incab AB", "Cederträ AB", "Ärlig Åkeri AB", "Östra Bygg AB"]
    err = api.set_sort_order(h, adk.eInvoiceNr)  # not an order of the customer table
    assert err == AdkError(adk.ADKE_NOT_VALID_SORTORDER, adk.ADKE_DBTABLE_CUSTOMER, 0, adk.ADKE_SET_SORT_ORDER)
    assert api.set_sort_order(h, 9999).rc == adk.ADKE_NOT_VALID_SORTORDER
    assert api.set_sort_order(h, adk.eCustomerPostCode).ok


def test_changing_the_order_keeps_the_current_record(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1003").ok and api.find(h).ok
    assert api.set_sort_order(h, adk.eCustomerName).ok
    assert api.next(h).ok
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 51)[1] == "Ärlig Åkeri AB"  # the one after Cederträ by name


def test_status_orders_filter(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_PROJECT)
    assert api.set_sort_order(h, adk.eProjectNotFinishedCode).ok
    assert walk(api, h, adk.ADK_PROJECT_CODE_OF_PROJECT) == ["P1", "P3"]
    assert api.set_sort_order(h, adk.eProjectFinishedCode).ok
    assert walk(api, h, adk.ADK_PROJECT_CODE_OF_PROJECT) == ["P2"]
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_sort_order(inv, adk.eInvoiceNotPayedCustomerNr).ok
    numbers = []
    err = api.first(inv)
    while err.ok:
        numbers.append(api.get_double(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER)[1])
        err = api.next(inv)
    assert numbers == [1.0, 3.0]  # invoice 2 is paid


def test_filters(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "*inc*", 0).ok  # contains, case-insensitive
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1002"]
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "*AB", 0).ok  # replaces the filter on the same field
    assert len(walk(api, h, adk.ADK_CUSTOMER_NUMBER)) == 5
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "ALFA*", 0).ok  # prefix
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1001"]
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "cederträ ab", 0).ok  # exact
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1003"]
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "*a*ab", 0).ok  # an "a" somewhere before the final "ab"
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1001", "1002", "1005"]  # ä and å are not a
    assert api.set_filter(h, adk.ADK_CUSTOMER_EMAIL, "*.se", 0).ok  # several filters: all must hold
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1001", "1002"]
    assert api.clear_filters(h).ok
    assert api.set_filter(h, adk.ADK_CUSTOMER_CITY, "*å*", 0).ok
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == ["1003"]
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER, forward=False) == ["1003"]
    assert api.clear_filters(h).ok
    assert len(walk(api, h, adk.ADK_CUSTOMER_NUMBER)) == 5
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "nobody", 0).ok
    assert api.first(h).rc == adk.ADKE_EOF


def test_filters_on_other_types(env) -> None:
    api, _ = env
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_filter(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, "3", 0).ok
    assert api.first(inv).ok and api.get_double(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER)[1] == 3.0
    assert api.next(inv).rc == adk.ADKE_EOF
    assert api.clear_filters(inv).ok
    assert api.set_filter(inv, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, "2025-01*", 0).ok
    assert api.first(inv).ok
    p = api.create_data(adk.ADK_DB_PROJECT)
    assert api.set_filter(p, adk.ADK_PROJECT_CLOSED, "1", 0).ok
    assert walk(api, p, adk.ADK_PROJECT_CODE_OF_PROJECT) == ["P2"]
    assert api.set_filter(p, adk.ADK_PROJECT_CLOSED, "maybe", 0).rc == adk.ADKE_INVALID_FILTER_EXPRESSION


def test_filter_errors(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    err = api.set_filter(h, adk.ADK_CUSTOMER_NAME, "*x*", 1)
    assert err == AdkError(adk.ADKE_INVALID_FILTER_SYNTAX_VERSION, adk.ADKE_DBTABLE_CUSTOMER, adk.ADK_CUSTOMER_NAME,
                           adk.ADKE_SETFILTER)
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "", 0).rc == adk.ADKE_INVALID_FILTER_EXPRESSION
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, "a\tb", 0).rc == adk.ADKE_INVALID_FILTER_EXPRESSION
    assert api.set_filter(h, adk.ADK_CUSTOMER_NAME, None, 0).rc == adk.ADKE_INVALID_FILTER_EXPRESSION
    assert api.set_filter(h, 500, "x", 0).rc == adk.ADKE_UNKNON_DB_FIELD
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_filter(inv, adk.ADK_OOI_HEAD_ROWS, "*", 0).rc == adk.ADKE_INVALID_FILTER_FIELD
    assert api.is_filterable(inv, adk.ADK_OOI_HEAD_ROWS) == (OK, False)
    assert api.is_filterable(inv, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER) == (OK, True)
    assert api.is_filterable(inv, 999)[0].rc == adk.ADKE_UNKNON_DB_FIELD
    assert api.clear_filters(0).rc == adk.ADKE_INVALID_PDATA


def test_find_exact(env) -> None:
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1004").ok
    assert api.find(h) == OK
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 51) == (OK, "Ärlig Åkeri AB")
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1005"  # Next in index order
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "100").ok  # no prefix match
    err = api.find(h)
    assert err == AdkError(adk.ADKE_NOT_FOUND, adk.ADKE_DBTABLE_CUSTOMER, 0, adk.ADKE_FIND)
    assert api.next(h).rc == adk.ADKE_EOF  # a failed Find leaves the cursor at EOF
    assert api.set_sort_order(h, adk.eCustomerName).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "BETA INCAB AB").ok  # any order, case-insensitive
    assert api.find_ex(h, 0).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1002"
    u = api.create_data(adk.ADK_DB_CODE_OF_UNIT)
    assert api.set_str(u, adk.ADK_CODE_OF_UNIT_CODE, "tim").ok and api.find(u).ok
    assert api.set_str(u, adk.ADK_CODE_OF_UNIT_CODE, "xyz").ok and api.find(u).rc == adk.ADKE_NOT_FOUND


def test_find_honours_filters_and_status_orders(env) -> None:
    api, _ = env
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_sort_order(inv, adk.eInvoiceNotPrintedInvoiceNr).ok
    assert api.set_double(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 2).ok and api.find(inv).ok
    assert api.set_sort_order(inv, adk.eInvoiceNotPayedCustomerNr).ok
    assert api.set_str(inv, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1002").ok
    assert api.find(inv).rc == adk.ADKE_NOT_FOUND  # 1002's only invoice is paid
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_filter(c, adk.ADK_CUSTOMER_CITY, "Lund", 0).ok
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, "1001").ok
    assert api.find(c).rc == adk.ADKE_NOT_FOUND


def test_find_by_invoice_number_with_and_without_rows(env) -> None:
    api, _ = env
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 3).ok
    assert api.find(inv).ok
    assert api.get_double(inv, adk.ADK_OOI_HEAD_NROWS) == (OK, 3.0)
    err, row = api.get_data(inv, adk.ADK_OOI_HEAD_ROWS, 2)
    assert err.ok and api.get_double(row, adk.ADK_OOI_ROW_ROWNUMBER) == (OK, 3.0)
    assert api.find_ex(inv, 0).ok  # the head only (S5)
    assert api.get_double(inv, adk.ADK_OOI_HEAD_NROWS) == (OK, 3.0)
    assert api.get_data(inv, adk.ADK_OOI_HEAD_ROWS, 0)[0].rc == adk.ADKE_INVALID_INDEX
    assert api.get_double(row, adk.ADK_OOI_ROW_ROWNUMBER)[0].rc == adk.ADKE_INVALID_PDATA  # old rows released
    assert api.find2(inv, 1).ok and api.get_data(inv, adk.ADK_OOI_HEAD_ROWS, 0)[0].ok
    assert api.first_ex(inv, 0).ok and api.get_data(inv, adk.ADK_OOI_HEAD_ROWS, 0)[0].rc == adk.ADKE_INVALID_INDEX
    assert api.next(inv).ok and api.get_data(inv, adk.ADK_OOI_HEAD_ROWS, 0)[0].ok


def test_find_payment_by_invoice(env) -> None:
    api, _ = env
    pay = api.create_data(adk.ADK_DB_CUSTOMERPAYMENT)
    assert api.set_double(pay, adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, 2).ok
    assert api.find_ex(pay, 0).ok
    assert api.get_date(pay, adk.ADK_CUSTOMERPAYMENT_DATE) == (OK, 20250120)
    assert api.set_double(pay, adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, 1).ok
    assert api.find_ex(pay, 0).rc == adk.ADKE_NOT_FOUND  # unpaid (S5's test)


def test_change_tracking_by_timestamp(env) -> None:
    """S6: set the timestamp field to a moment, Find on eTimeStamp (>= seek), then Next in timestamp order."""
    api, clock = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_sort_order(h, adk.eTimeStamp).ok
    err, field = api.get_timestamp_field(h)
    assert err.ok
    err, since = api.datetime_to_long("2025-01-03 00:00:00")
    assert api.set_date(h, field, since).ok
    assert api.find(h).ok
    seen = [api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1]]
    while api.next(h).ok:
        seen.append(api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1])
    assert seen == ["1005", "1002", "1004"]  # stamped on Jan 3, 4 and 5 by the dataset

    # a change on the tenant clock: only that record is newer than a moment after the dataset
    clock.set("2025-02-01T12:00:00+00:00")
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, "1003").ok and api.find(c).ok
    assert api.set_str(c, adk.ADK_CUSTOMER_CITY, "Luleå").ok and api.update(c).ok
    err, stamp = api.get_date(c, adk.ADK_CUSTOMER_TIMESTAMP)
    assert api.long_to_datetime(stamp)[1] == "2025-02-01 13:00:00"  # Swedish wall-clock time (CET)
    clock.advance(3600)
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, "1001").ok and api.find(c).ok
    assert api.set_str(c, adk.ADK_CUSTOMER_CITY, "Borås").ok and api.update(c).ok
    assert api.set_date(h, field, api.datetime_to_long("2025-02-01 00:00:00")[1]).ok
    assert api.find(h).ok
    seen = [api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1]]
    while api.next(h).ok:
        seen.append(api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1])
    assert seen == ["1003", "1001"]
    assert api.set_date(h, field, api.datetime_to_long("2030-01-01 00:00:00")[1]).ok
    assert api.find(h).rc == adk.ADKE_NOT_FOUND


def test_update_keeps_the_cursor_in_place(env) -> None:
    """Updating records while walking the timestamp order visits each once (the cursor does not jump to the
    record's new place at the end)."""
    api, clock = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_sort_order(h, adk.eTimeStamp).ok
    visited = []
    err = api.first(h)
    while err.ok:
        number = api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1]
        visited.append(number)
        if number not in ("1005",):
            assert api.set_str(h, adk.ADK_CUSTOMER_REFERENCE, "sedd").ok and api.update(h).ok
        clock.advance(10)
        err = api.next(h)
    assert visited == ["1003", "1001", "1005", "1002", "1004"]  # the updated ones do not come round again


@pytest.mark.parametrize("through", ["the walking buffer", "another buffer"])
def test_updating_every_record_met_in_timestamp_order_ends(env, through: str) -> None:
    """The sync loop that once spun: walk eTimeStamp, write a value that differs every time into each record
    met, on a clock that moves on between updates. Every update re-stamps the record past the cursor; the walk
    must still meet each record once and end, and Next after Update must move on."""
    api, clock = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    other = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_sort_order(h, adk.eTimeStamp).ok and api.set_sort_order(other, adk.eCustomerNr).ok
    visited: list[str] = []
    err = api.first(h)
    for step in range(50):  # a guard: 5 records, so far fewer steps
        if not err.ok:
            break
        number = api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1]
        visited.append(number)
        clock.advance(1)
        if through == "the walking buffer":
            target = h
        else:
            target = other
            assert api.set_str(other, adk.ADK_CUSTOMER_NUMBER, number).ok and api.find(other).ok
        assert api.set_str(target, adk.ADK_CUSTOMER_REFERENCE, f"synk {step}").ok and api.update(target).ok
        err = api.next(h)
    assert err.rc == adk.ADKE_EOF
    assert visited == ["1003", "1001", "1005", "1002", "1004"]
    # a new walk meets them again, in their new order (the order they were updated in)
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER) == visited


def test_stepping_back_and_forth_meets_records_again(env) -> None:
    """Only records an update moved are passed over: Previous then Next returns to the same records."""
    api, _ = env
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_sort_order(h, adk.eTimeStamp).ok
    assert api.first(h).ok and api.next(h).ok and api.next(h).ok
    assert api.previous(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1001"
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1005"
    assert api.set_str(h, adk.ADK_CUSTOMER_REFERENCE, "ändrad").ok and api.update(h).ok
    assert api.previous(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1001"
    assert [api.next(h).ok, api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1]] == [True, "1002"]  # 1005 moved on
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1004"
    assert api.next(h).rc == adk.ADKE_EOF
    assert walk(api, h, adk.ADK_CUSTOMER_NUMBER)[-1] == "1005"  # a new walk meets it at its new place


def test_buffers_are_independent(env) -> None:
    api, _ = env
    a, b = api.create_data(adk.ADK_DB_CUSTOMER), api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.first(a).ok and api.last(b).ok
    assert api.next(a).ok and api.previous(b).ok
    assert api.get_str(a, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1002"
    assert api.get_str(b, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1004"


def test_cursor_after_close_and_reopen(env) -> None:
    api, _ = env
    common, company = api.common_files, api.company_folder
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.first(h).ok and api.next(h).ok
    api.close()
    assert api.open(common, company).ok
    assert api.next(h).ok and api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1001"  # positions were reset


def test_iterating_ten_thousand_customers(tmp_path: Path) -> None:
    common, company = tmp_path / "common", tmp_path / "FTG"
    store.write_dataset(common, company, {"company": {"name": "Stor AB"}, "tables": {"ADK_DB_CUSTOMER": [
        {"ADK_CUSTOMER_NUMBER": f"{i:05d}", "ADK_CUSTOMER_NAME": f"Kund {i}"} for i in range(10_000)]}})
    api = Adk()
    try:
        assert api.open(common, company).ok
        h = api.create_data(adk.ADK_DB_CUSTOMER)
        started = time.perf_counter()
        count, err = 0, api.first(h)
        while err.ok:
            count += 1
            err = api.next(h)
        elapsed = time.perf_counter() - started
        assert count == 10_000 and err.rc == adk.ADKE_EOF
        assert elapsed < 2.0  # ~30 ms here; a loose bound that only catches an O(n) step per record
        assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "09999").ok and api.find(h).ok
    finally:
        api.close()
