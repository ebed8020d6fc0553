"""AdkAdd / AdkUpdate / AdkDelete through the `Adk` API: write-through to the company folder, one transaction per
call (a failure leaves nothing, in memory or on disk), duplicates and required fields, timestamps, Update by key
or of the current record, AdkDeleteRecord, AdkDeleteRow renumbering and the warning callback."""

from __future__ import annotations

import sqlite3
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
    return write_company({"company": {"name": "Test AB"}, "tables": {
        "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB"},
                            {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Beta AB"}],
        "ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A1", "ADK_ARTICLE_NAME": "Konsult", "ADK_ARTICLE_PRICE": 1000.0}],
        "ADK_DB_INVOICE_HEAD": [{"ADK_OOI_HEAD_DOCUMENT_NUMBER": 1, "ADK_OOI_HEAD_CUSTOMER_NUMBER": "1002",
                                 "ADK_OOI_HEAD_ROWS": [{"ADK_OOI_ROW_ARTICLE_NUMBER": "A1",
                                                        "ADK_OOI_ROW_QUANTITY1": 1.0,
                                                        "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 100.0}]}],
    }})


def customer(api: Adk, number: str, name: str = "Ny Kund AB") -> int:
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, number).ok
    if name:
        assert api.set_str(h, adk.ADK_CUSTOMER_NAME, name).ok
    return h


def invoice_rows(api: Adk, head: int, *rows: tuple[str, float, float]) -> int:
    array = api.create_data_row(adk.ADK_DB_INVOICE_ROW, len(rows))
    for i, (article, quantity, price) in enumerate(rows):
        r = api.get_data_row(array, i)
        assert api.set_str(r, adk.ADK_OOI_ROW_ARTICLE_NUMBER, article).ok
        assert api.set_double(r, adk.ADK_OOI_ROW_QUANTITY1, quantity).ok
        assert api.set_double(r, adk.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, price).ok
    assert api.set_data(head, adk.ADK_OOI_HEAD_ROWS, array).ok
    assert api.set_double(head, adk.ADK_OOI_HEAD_NROWS, len(rows)).ok
    return array


def count(company: Path, table: str) -> int:
    return len(store.read_dataset(company)["tables"].get(table, []))


def test_add_writes_through(api: Adk, paths) -> None:
    _common, company = paths
    h = customer(api, "2001")
    assert api.add(h) == OK
    assert count(company, "ADK_DB_CUSTOMER") == 3  # on disk at once (read by another connection)
    _err, stamp = api.get_date(h, adk.ADK_CUSTOMER_TIMESTAMP)
    assert api.long_to_datetime(stamp) == (OK, "2025-03-10 10:00:00")  # the tenant clock, Swedish time
    assert api.get_date(h, adk.ADK_CUSTOMER_LASTCHANGE) == (OK, 20250310)
    g = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(g, adk.ADK_CUSTOMER_NUMBER, "2001").ok and api.find(g).ok
    assert api.get_str(g, adk.ADK_CUSTOMER_NAME, 51) == (OK, "Ny Kund AB")


def test_duplicate_keys(api: Adk, paths) -> None:
    _common, company = paths
    err = api.add(customer(api, "1001"))
    assert err == AdkError(adk.ADKE_CUSTOMER_INVALID_CUSTOMERNR, adk.ADKE_DBTABLE_CUSTOMER, adk.ADK_CUSTOMER_NUMBER,
                           adk.ADKE_ADD)
    assert api.add(customer(api, "1001 ".strip())).rc == adk.ADKE_CUSTOMER_INVALID_CUSTOMERNR
    a = api.create_data(adk.ADK_DB_ARTICLE)
    assert api.set_str(a, adk.ADK_ARTICLE_NUMBER, "a1").ok  # keys compare case-insensitively
    assert api.set_str(a, adk.ADK_ARTICLE_NAME, "Dubblett").ok
    err = api.add(a)
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES, adk.ADKE_DBTABLE_ARTICLE,
                                                 adk.ADK_ARTICLE_NUMBER)
    u = api.create_data(adk.ADK_DB_CODE_OF_UNIT)
    assert api.set_str(u, adk.ADK_CODE_OF_UNIT_CODE, "st").ok
    assert api.add(u).rc == adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES
    assert count(company, "ADK_DB_CUSTOMER") == 2


def test_required_fields(api: Adk) -> None:
    err = api.add(customer(api, "", "Utan nummer AB"))
    assert (err.rc, err.field) == (adk.ADKE_NO_KEY, adk.ADK_CUSTOMER_NUMBER)
    err = api.add(customer(api, "3001", ""))
    assert (err.rc, err.field) == (adk.ADKE_NO_NAME, adk.ADK_CUSTOMER_NAME)
    err = api.add(customer(api, "   ", "Blanka AB"))
    assert err.rc == adk.ADKE_NO_KEY
    p = api.create_data(adk.ADK_DB_PROJECT)
    assert api.set_str(p, adk.ADK_PROJECT_CODE_OF_PROJECT, "X1").ok
    err = api.add(p)
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_NO_NAME, adk.ADKE_DBTABLE_PROJECT, adk.ADK_PROJECT_NAME)


def test_failed_add_leaves_nothing(api: Adk, paths) -> None:
    common, company = paths
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    invoice_rows(api, h, ("A1", 1, 100.0), ("NOPE", 1, 100.0))
    err = api.add(h)
    assert (err.rc, err.db_table, err.field) == (adk.ADKE_OOF_INVALID_ARTICLE, adk.ADKE_DBTABLE_ARTRAD,
                                                 adk.ADK_OOI_ROW_ARTICLE_NUMBER)
    assert api.get_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (OK, 0.0)  # nothing written back
    api.close()
    again = Adk()
    try:
        assert again.open(common, company).ok
        f = again.create_data(adk.ADK_DB_INVOICE_HEAD)
        assert again.set_double(f, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 2).ok
        assert again.find(f).rc == adk.ADKE_NOT_FOUND
        c = again.create_data(adk.ADK_DB_CUSTOMER)
        assert again.set_str(c, adk.ADK_CUSTOMER_NUMBER, "1001").ok and again.find(c).ok
        assert again.get_double(c, adk.ADK_CUSTOMER_CLAIM) == (OK, 0.0)
    finally:
        again.close()
    assert store.read_dataset(company)["company"]["series"]["invoice"] == 2


def test_a_failing_write_rolls_back(api: Adk, paths) -> None:
    """SQLite fails half-way through the transaction (the customer's claim is written, then a trigger refuses the
    invoice row): the call fails, and memory and disk are as before."""
    _common, company = paths
    with sqlite3.connect(company / store.DB_FILE) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON records WHEN NEW.tbl = 6 "
                     "AND json_extract(NEW.data, '$.ADK_OOI_HEAD_DOCUMENT_NUMBER') = 2 "
                     "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    invoice_rows(api, h, ("A1", 1, 100.0))
    err = api.add(h)
    assert (err.rc, err.function) == (adk.ADKE_INTERNAL, adk.ADKE_ADD)
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(inv, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 2).ok
    assert api.find(inv).rc == adk.ADKE_NOT_FOUND  # not in memory
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(c, adk.ADK_CUSTOMER_NUMBER, "1001").ok and api.find(c).ok
    assert api.get_double(c, adk.ADK_CUSTOMER_CLAIM) == (OK, 0.0)
    data = store.read_dataset(company)  # nor on disk
    assert len(data["tables"]["ADK_DB_INVOICE_HEAD"]) == 1
    assert data["tables"]["ADK_DB_CUSTOMER"][0]["ADK_CUSTOMER_CLAIM"] == 0.0
    assert data["company"]["series"]["invoice"] == 2
    with sqlite3.connect(company / store.DB_FILE) as conn:
        conn.execute("DROP TRIGGER refuse")
    assert api.add(h).ok  # the same buffer, now it goes through, with the number it would have had
    assert api.get_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (OK, 2.0)
    assert api.find(c).ok and api.get_double(c, adk.ADK_CUSTOMER_CLAIM) == (OK, 125.0)


def test_update_current_record(api: Adk, paths) -> None:
    _common, company = paths
    h = customer(api, "1001", "")
    assert api.find(h).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_CITY, "Borås").ok
    assert api.update(h) == OK
    rows = {c["ADK_CUSTOMER_NUMBER"]: c for c in store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"]}
    assert rows["1001"]["ADK_CUSTOMER_CITY"] == "Borås"
    assert rows["1001"]["ADK_CUSTOMER_NAME"] == "Alfa AB"
    assert rows["1001"]["ADK_CUSTOMER_TIMESTAMP"] == "2025-03-10T10:00:00"


def test_update_by_key_changes_only_what_was_set(api: Adk, paths) -> None:
    _common, company = paths
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1002").ok
    assert api.set_str(h, adk.ADK_CUSTOMER_EMAIL, "ny@beta.se").ok
    assert api.update(h).ok  # no Find: the record with the buffer's key
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 51) == (OK, "Beta AB")  # the whole record written back
    rows = {c["ADK_CUSTOMER_NUMBER"]: c for c in store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"]}
    assert rows["1002"]["ADK_CUSTOMER_EMAIL"] == "ny@beta.se" and rows["1002"]["ADK_CUSTOMER_NAME"] == "Beta AB"
    missing = customer(api, "9999", "")
    err = api.update(missing)
    assert (err.rc, err.function) == (adk.ADKE_NOT_FOUND, adk.ADKE_UPDATE)
    assert api.update_ex(missing, 0).function == adk.ADKE_UPDATEEX


def test_update_refuses_a_key_change_and_bad_values(api: Adk) -> None:
    h = customer(api, "1001", "")
    assert api.find(h).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1009").ok
    err = api.update(h)
    assert (err.rc, err.field) == (adk.ADKE_EDIT_DENIED_FIELD, adk.ADK_CUSTOMER_NUMBER)
    assert api.find(h).rc == adk.ADKE_NOT_FOUND  # nothing was renamed
    h = customer(api, "1001", "")
    assert api.find(h).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "").ok
    assert api.update(h).rc == adk.ADKE_NO_NAME
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "Alfa AB").ok
    assert api.set_str(h, adk.ADK_CUSTOMER_CODE_OF_CURRENCY, "XXX").ok
    assert api.update(h).rc == adk.ADKE_INVALID_CURRENCY_CODE


def test_update_without_changes_keeps_the_timestamp(api: Adk, paths) -> None:
    h = customer(api, "1001", "")
    assert api.find(h).ok
    before = api.get_date(h, adk.ADK_CUSTOMER_TIMESTAMP)[1]
    FolderClock(paths[1]).advance(3600)
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "Alfa AB").ok  # the same value
    assert api.update(h).ok
    assert api.get_date(h, adk.ADK_CUSTOMER_TIMESTAMP)[1] == before


def test_add_then_update_the_same_buffer(api: Adk) -> None:
    h = customer(api, "1001A")
    assert api.add(h).ok
    assert api.set_str(h, adk.ADK_CUSTOMER_CITY, "Visby").ok
    assert api.update(h).ok
    g = customer(api, "1001A", "")
    assert api.find(g).ok and api.get_str(g, adk.ADK_CUSTOMER_CITY, 36) == (OK, "Visby")
    assert api.next(h).ok  # the cursor stands on the added record: Next goes on from it
    assert api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 17)[1] == "1002"


def test_add_of_a_row_table_is_refused(api: Adk) -> None:
    r = api.create_data(adk.ADK_DB_INVOICE_ROW)
    assert api.add(r).rc == adk.ADKE_INVALID_DB
    assert api.update(r).rc == adk.ADKE_INVALID_DB


def test_delete_record(api: Adk, paths) -> None:
    _common, company = paths
    h = customer(api, "5001")
    assert api.add(h).ok
    assert api.delete_record(h) == OK
    assert count(company, "ADK_DB_CUSTOMER") == 2
    g = customer(api, "5001", "")
    assert api.find(g).rc == adk.ADKE_NOT_FOUND
    assert api.delete_record(g).rc == adk.ADKE_NOT_FOUND
    # the cursor stays where the record was: Next goes on
    c = customer(api, "1001", "")
    assert api.find(c).ok
    assert api.delete(customer(api, "5002")).rc == adk.ADKE_NOT_FOUND


def test_delete_refused(api: Adk, paths) -> None:
    _common, company = paths
    c = customer(api, "1002", "")
    assert api.find(c).ok
    err = api.delete_record(c)  # 1002 has an invoice
    assert (err.rc, err.db_table, err.function) == (adk.ADKE_DELETE_DENIED, adk.ADKE_DBTABLE_CUSTOMER, adk.ADKE_DELETE)
    a = api.create_data(adk.ADK_DB_ARTICLE)
    assert api.set_str(a, adk.ADK_ARTICLE_NUMBER, "A1").ok and api.find(a).ok
    assert api.delete_record(a).rc == adk.ADKE_DELETE_DENIED  # on an invoice row
    u = api.create_data(adk.ADK_DB_CODE_OF_CURRENCY)
    assert api.set_str(u, adk.ADK_CODE_OF_CURRENCY_CODE, "EUR").ok and api.find(u).ok
    assert api.delete(u).ok  # nobody uses EUR
    inv = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.first(inv).ok
    assert api.delete_record(inv).rc == adk.ADKE_DELETE_DENIED  # documents are cancelled, not deleted
    assert count(company, "ADK_DB_INVOICE_HEAD") == 1
    assert count(company, "ADK_DB_CUSTOMER") == 2


def test_delete_row_renumbers(api: Adk, paths) -> None:
    _common, company = paths
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    invoice_rows(api, h, ("A1", 1, 100.0), ("A1", 2, 100.0), ("A1", 3, 100.0))
    assert api.add(h).ok
    number = api.get_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER)[1]
    f = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(f, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, number).ok and api.find(f).ok
    err = api.delete_row(f, 2)
    assert err == OK
    assert api.get_double(f, adk.ADK_OOI_HEAD_NROWS) == (OK, 2.0)
    quantities = []
    for i in range(2):
        err, row = api.get_data(f, adk.ADK_OOI_HEAD_ROWS, i)
        assert api.get_double(row, adk.ADK_OOI_ROW_ROWNUMBER) == (OK, float(i + 1))
        quantities.append(api.get_double(row, adk.ADK_OOI_ROW_QUANTITY1)[1])
    assert quantities == [1.0, 3.0]
    assert api.update(f).ok
    assert api.get_double(f, adk.ADK_OOI_HEAD_EXCLUDING_OF_VAT) == (OK, 400.0)
    stored = next(i for i in store.read_dataset(company)["tables"]["ADK_DB_INVOICE_HEAD"]
                  if i["ADK_OOI_HEAD_DOCUMENT_NUMBER"] == number)
    assert [r["ADK_OOI_ROW_ROWNUMBER"] for r in stored["ADK_OOI_HEAD_ROWS"]] == [1.0, 2.0]
    assert [r["ADK_OOI_ROW_QUANTITY1"] for r in stored["ADK_OOI_HEAD_ROWS"]] == [1.0, 3.0]
    assert stored["ADK_OOI_HEAD_NROWS"] == 2.0


def test_delete_row_errors(api: Adk) -> None:
    f = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(f, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 1).ok and api.find(f).ok
    for bad in (0, 2, -1):
        err = api.delete_row(f, bad)
        assert (err.rc, err.function) == (adk.ADKE_INVALID_INDEX, adk.ADKE_DELETE_ROW), bad
    assert api.find_ex(f, 0).ok
    assert api.delete_row(f, 1).rc == adk.ADKE_INVALID_INDEX  # no rows loaded
    assert api.delete_row(api.create_data(adk.ADK_DB_CUSTOMER), 1).rc == adk.ADKE_INVALID_DB
    assert api.delete_row(0, 1).rc == adk.ADKE_INVALID_PDATA


def test_nrows_above_the_array(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    invoice_rows(api, h, ("A1", 1, 100.0))
    assert api.set_double(h, adk.ADK_OOI_HEAD_NROWS, 2).ok
    err = api.add(h)
    assert (err.rc, err.field) == (adk.ADKE_INVALID_INDEX, adk.ADK_OOI_HEAD_NROWS)
    assert api.set_double(h, adk.ADK_OOI_HEAD_NROWS, 0).ok  # rows beyond NROWS are not stored
    assert api.add(h).ok and api.get_double(h, adk.ADK_OOI_HEAD_NROWS) == (OK, 0.0)


def test_add_ex_without_rows(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    invoice_rows(api, h, ("A1", 1, 100.0))
    err = api.add_ex(h, 0)
    assert err.ok and api.get_double(h, adk.ADK_OOI_HEAD_NROWS) == (OK, 0.0)
    assert api.get_double(h, adk.ADK_OOI_HEAD_TOTAL_AMOUNT) == (OK, 0.0)


def test_warning_callback(api: Adk) -> None:
    seen: list[AdkError] = []
    api.set_warning_function(seen.append)
    f = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_double(f, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 1).ok and api.find(f).ok
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok and api.update(f).ok
    assert seen == []
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0).ok
    assert api.update(f).ok  # un-printing warns, and goes through
    assert [(w.rc, w.db_table, w.field, w.function) for w in seen] == [
        (adk.ADKW_INVOICE_COM_REMOVE_PRINTED, adk.ADKE_DBTABLE_OOF, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED,
         adk.ADKE_UPDATE)]

    def broken(err: AdkError) -> None:
        raise RuntimeError("callback bug")

    api.set_warning_function(broken)
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok and api.update(f).ok
    assert api.set_bool(f, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0).ok and api.update(f).ok
    api.set_warning_function(None)
