"""Buffers and fields: handles, typed accessors and every field error, metadata, row arrays, the date
conversions, AdkResetStruct/AdkDeleteStruct - all through the `Adk` API."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import dates
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk

OK = AdkError(0)


@pytest.fixture
def api():
    a = Adk()
    yield a
    a.close()


# ------------------------------------------------------------------------------------------------ handles
def test_create_data(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert h > 0 and api.last_create_error == OK
    assert api.create_data(adk.ADK_DB_CUSTOMER) not in (0, h)
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 51) == (OK, "")
    assert api.get_str(api.create_data(adk.ADK_DB_INVOICE_HEAD), adk.ADK_OOI_HEAD_TYPE_OF_INVOICE, 2) == (OK, "F")


def test_create_data_of_tables_not_modelled(api: Adk) -> None:
    assert api.create_data(adk.ADK_DB_VERIFICATION_HEAD) == 0  # a real table the fake does not model
    assert api.last_create_error.rc == adk.ADKE_DBTABLE_NOT_IN_ADM_VER
    assert api.create_data(999) == 0
    assert api.last_create_error.rc == adk.ADKE_INVALID_DB
    assert api.create_data("0") == 0  # type: ignore[arg-type]
    err = api.set_str(0, adk.ADK_CUSTOMER_NAME, "x")  # what a caller does next with the NULL it got
    assert (err.rc, err.function) == (adk.ADKE_INVALID_PDATA, adk.ADKE_SET_STRING)


@pytest.mark.parametrize("handle", [0, -1, 123456, None, "1"])
def test_bad_handles(api: Adk, handle) -> None:
    assert api.get_str(handle, 0, 10)[0].rc == adk.ADKE_INVALID_PDATA
    assert api.set_double(handle, 0, 1.0).rc == adk.ADKE_INVALID_PDATA
    assert api.first(handle).rc == adk.ADKE_INVALID_PDATA
    assert api.delete_struct(handle).rc == adk.ADKE_INVALID_PDATA
    assert api.is_read_write(handle, 0) is False


def test_deleted_handle(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_ARTICLE)
    assert api.delete_struct(h) == AdkError(0, 0, 0, 0)
    err = api.get_str(h, adk.ADK_ARTICLE_NAME, 51)[0]
    assert (err.rc, err.function) == (adk.ADKE_INVALID_PDATA, adk.ADKE_GET_STRING)
    assert api.delete_struct(h).rc == adk.ADKE_INVALID_PDATA


# ------------------------------------------------------------------------------------------------ typed access
def test_round_trips_of_each_type(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NAME, "Ärlig Åkeri AB").ok
    assert api.get_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NAME, 51) == (OK, "Ärlig Åkeri AB")
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NAME, "Ärlig".encode("cp1252")).ok  # bytes as from C
    assert api.get_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NAME)[1] == "Ärlig"
    assert api.set_double(h, adk.ADK_OOI_HEAD_CURRENCY_RATE, 11.123456).ok
    assert api.get_double(h, adk.ADK_OOI_HEAD_CURRENCY_RATE) == (OK, 11.123456)
    assert api.set_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 17).ok  # an int is a double too
    assert api.get_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (OK, 17.0)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1).ok
    assert api.get_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED) == (OK, 1)
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0).ok
    assert api.get_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED) == (OK, 0)
    assert api.set_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, 20250131).ok
    assert api.get_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1) == (OK, 20250131)
    assert api.set_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, 0).ok  # no date


def test_unknown_field(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    for field in (10, 500, -1):  # 10 is a real id (TELEPHONE2) the fake does not model
        err = api.set_str(h, field, "x")
        assert err == AdkError(adk.ADKE_UNKNON_DB_FIELD, adk.ADKE_DBTABLE_CUSTOMER, field, adk.ADKE_SET_STRING)
    assert api.get_double(h, 500)[0].rc == adk.ADKE_UNKNON_DB_FIELD
    assert api.get_type(h, 500)[0].rc == adk.ADKE_UNKNON_DB_FIELD
    assert api.set_str(h, "1", "x").rc == adk.ADKE_UNKNON_DB_FIELD  # type: ignore[arg-type]


def test_wrong_typed_accessor(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    cases = [
        (api.set_str, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, "1", adk.ADKE_SET_STRING),
        (api.set_double, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, 1.0, adk.ADKE_SET_DOUBLE),
        (api.set_bool, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, 1, adk.ADKE_SET_BOOL),
        (api.set_date, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, 20250101, adk.ADKE_SET_DATE),
    ]
    for setter, field, value, function in cases:
        assert setter(h, field, value) == AdkError(adk.ADKE_INVALID_DATA_TYPE, adk.ADKE_DBTABLE_OOF, field, function)
    assert api.get_str(h, adk.ADK_OOI_HEAD_NROWS, 10)[0].rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.get_double(h, adk.ADK_OOI_HEAD_ROWS)[0].rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.get_bool(h, adk.ADK_OOI_HEAD_TEXT1)[0].rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.get_date(h, adk.ADK_OOI_HEAD_TEXT1)[0].rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.set_double(h, adk.ADK_OOI_HEAD_CURRENCY_RATE, "1.0").rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.set_double(h, adk.ADK_OOI_HEAD_CURRENCY_RATE, float("nan")).rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.set_bool(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED, "yes").rc == adk.ADKE_INVALID_DATA_TYPE


def test_read_only_fields(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    err = api.set_double(h, adk.ADK_OOI_HEAD_TOTAL_AMOUNT, 100.0)
    assert err == AdkError(adk.ADKE_EDIT_DENIED_FIELD, adk.ADKE_DBTABLE_OOF, adk.ADK_OOI_HEAD_TOTAL_AMOUNT,
                           adk.ADKE_SET_DOUBLE)
    assert api.set_double(h, adk.ADK_OOI_HEAD_BALANCE, 1.0).rc == adk.ADKE_EDIT_DENIED_FIELD
    assert api.is_read_write(h, adk.ADK_OOI_HEAD_TOTAL_AMOUNT) is False
    assert api.is_read_write(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER) is True
    # the timestamp is read-only, but a sort order keys on it: set for the change-tracking seek (S6)
    assert api.is_read_write(h, adk.ADK_OOI_HEAD_TIMESTAMP) is False
    assert api.set_date(h, adk.ADK_OOI_HEAD_TIMESTAMP, dates.datetime_to_long("2025-01-01 00:00:00")).ok


def test_string_limits(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.get_length(h, adk.ADK_CUSTOMER_NUMBER) == (OK, 16)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1" * 16).ok
    err = api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1" * 17)
    assert (err.rc, err.field) == (adk.ADKE_TOO_MANY_SIGNS, adk.ADK_CUSTOMER_NUMBER)
    assert api.get_str(h, adk.ADK_CUSTOMER_NUMBER)[1] == "1" * 16  # refused, not truncated: the old value stays
    for text in ("Ελλάς", "emoji 🙂", "nul\0byte"):
        err = api.set_str(h, adk.ADK_CUSTOMER_NAME, text)
        assert (err.rc, err.field) == (adk.ADKE_INVALID_STRING, adk.ADK_CUSTOMER_NAME), text
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, b"\x81\x8d").rc == adk.ADKE_INVALID_STRING  # undefined in cp1252
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, None).rc == adk.ADKE_INVALID_STRING
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "\u20ac \u2013 \u201ccitat\u201d \u0153").ok  # in Windows-1252


def test_getter_buffer_sizes(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "12345").ok
    assert api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 6) == (OK, "12345")  # five characters and the NUL
    err, text = api.get_str(h, adk.ADK_CUSTOMER_NUMBER, 5)
    assert (err.rc, err.field, err.function, text) == (
        adk.ADKE_TO_SHORT_STRING, adk.ADK_CUSTOMER_NUMBER, adk.ADKE_GET_STRING, "")
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 1) == (OK, "")
    assert api.get_str(h, adk.ADK_CUSTOMER_NAME, 0)[0].rc == adk.ADKE_TO_SHORT_STRING


def test_decimals(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.get_decimals(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT) == (OK, 2)
    assert api.set_double(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT, 12.34).ok
    assert api.set_double(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT, 0.1 + 0.2).ok  # binary noise is not a decimal
    assert api.get_double(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT)[1] == 0.3
    err = api.set_double(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT, 12.345)
    assert (err.rc, err.field, err.function) == (adk.ADKE_TOO_MANY_DECIMALS, adk.ADK_OOI_HEAD_CARGO_AMOUNT,
                                                 adk.ADKE_SET_DOUBLE)
    assert api.get_double(h, adk.ADK_OOI_HEAD_CARGO_AMOUNT)[1] == 0.3  # refused, not rounded
    assert api.set_double(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, 1.5).rc == adk.ADKE_TOO_MANY_DECIMALS
    assert api.set_double(h, adk.ADK_OOI_HEAD_CURRENCY_RATE, 10.1234567).rc == adk.ADKE_TOO_MANY_DECIMALS


def test_bad_date_longs(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    for value in (20250230, 20251301, 2025013, -1, 99999999, "20250101"):
        err = api.set_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, value)
        assert (err.rc, err.field, err.function) == (adk.ADKE_LONG_TO_DATE, adk.ADK_OOI_HEAD_DOCUMENT_DATE1,
                                                     adk.ADKE_SET_DATE), value
    assert api.set_date(h, adk.ADK_OOI_HEAD_TIMESTAMP, -5).rc == adk.ADKE_LONG_TO_DATE
    assert api.set_date(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1, 20240229).ok


# ------------------------------------------------------------------------------------------------ metadata
def test_metadata(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.get_type(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER) == (OK, adk.eChar)
    assert api.get_type(h, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (OK, adk.eDouble)
    assert api.get_type(h, adk.ADK_OOI_HEAD_DOCUMENT_PRINTED) == (OK, adk.eBool)
    assert api.get_type(h, adk.ADK_OOI_HEAD_DOCUMENT_DATE1) == (OK, adk.eDate)
    assert api.get_type(h, adk.ADK_OOI_HEAD_ROWS) == (OK, adk.eData)
    assert api.get_decimals(h, adk.ADK_OOI_HEAD_CURRENCY_RATE) == (OK, 6)
    assert api.get_length(h, adk.ADK_OOI_HEAD_TEXT1) == (OK, 60)
    assert api.get_field_name(adk.ADK_DB_CUSTOMER, adk.ADK_CUSTOMER_NAME, 50) == (OK, "ADK_CUSTOMER_NAME")
    assert api.get_field_name(adk.ADK_DB_CUSTOMER, adk.ADK_CUSTOMER_NAME, 17)[0].rc == adk.ADKE_TO_SHORT_STRING
    assert api.get_field_name(adk.ADK_DB_CUSTOMER, 500, 50)[0].rc == adk.ADKE_UNKNON_DB_FIELD
    assert api.get_field_name(999, 0, 50)[0].rc == adk.ADKE_INVALID_DB
    assert api.get_timestamp_field(h) == (OK, adk.ADK_OOI_HEAD_TIMESTAMP)
    assert api.get_timestamp_field(api.create_data(adk.ADK_DB_CUSTOMER)) == (OK, adk.ADK_CUSTOMER_TIMESTAMP)
    assert api.get_row_db_id(h) == (OK, adk.ADK_DB_INVOICE_ROW)
    assert api.get_rows_field_id(h) == (OK, adk.ADK_OOI_HEAD_ROWS)
    assert api.get_nrows_field_id(h) == (OK, adk.ADK_OOI_HEAD_NROWS)
    assert api.get_last_field_id(h) == (OK, adk.ADK_OOI_HEAD_LAST)
    s = api.create_data(adk.ADK_DB_SUPPLIER_INVOICE_HEAD)
    assert api.get_row_db_id(s) == (OK, adk.ADK_DB_SUPPLIER_INVOICE_ROW)
    assert api.get_rows_field_id(s) == (OK, adk.ADK_SUP_INV_HEAD_ROWS)
    c = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.get_row_db_id(c)[0].rc == adk.ADKE_INVALID_DB
    assert api.get_nrows_field_id(c)[0].rc == adk.ADKE_INVALID_DB
    assert api.get_last_field_id(c) == (OK, adk.ADK_CUSTOMER_LAST)


# ------------------------------------------------------------------------------------------------ rows
def test_row_arrays(api: Adk) -> None:
    head = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    rows = api.create_data_row(adk.ADK_DB_INVOICE_ROW, 3)
    assert rows > 0
    row_handles = [api.get_data_row(rows, i) for i in range(3)]
    assert all(row_handles) and len(set(row_handles)) == 3
    assert api.get_data_row(rows, 0) == row_handles[0]  # the same row, the same handle
    assert api.get_data_row(rows, 3) == 0 and api.get_data_row(rows, -1) == 0 and api.get_data_row(head, 0) == 0
    assert api.set_str(row_handles[1], adk.ADK_OOI_ROW_TEXT, "Rad två").ok
    assert api.set_data(head, adk.ADK_OOI_HEAD_ROWS, rows).ok
    err, second = api.get_data(head, adk.ADK_OOI_HEAD_ROWS, 1)
    assert err.ok and second == row_handles[1]
    assert api.get_str(second, adk.ADK_OOI_ROW_TEXT, 61) == (OK, "Rad två")
    err = api.get_data(head, adk.ADK_OOI_HEAD_ROWS, 3)[0]
    assert (err.rc, err.function) == (adk.ADKE_INVALID_INDEX, adk.ADKE_GET_DATA)
    assert api.get_data(head, adk.ADK_OOI_HEAD_NROWS, 0)[0].rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.get_data(api.create_data(adk.ADK_DB_INVOICE_HEAD), adk.ADK_OOI_HEAD_ROWS, 0)[0].rc == \
        adk.ADKE_INVALID_INDEX  # no rows attached
    # set_data wants a row array of the head's row table
    assert api.set_data(head, adk.ADK_OOI_HEAD_ROWS, head).rc == adk.ADKE_INVALID_STRUCT_POINTER_TO_ROW
    assert api.set_data(head, adk.ADK_OOI_HEAD_ROWS, 0).rc == adk.ADKE_INVALID_STRUCT_POINTER_TO_ROW
    wrong = api.create_data_row(adk.ADK_DB_ORDER_ROW, 1)
    assert api.set_data(head, adk.ADK_OOI_HEAD_ROWS, wrong).rc == adk.ADKE_INVALID_STRUCT_POINTER_TO_ROW
    assert api.set_data(head, adk.ADK_OOI_HEAD_TEXT1, rows).rc == adk.ADKE_INVALID_DATA_TYPE
    assert api.create_data_row(999, 2) == 0 and api.create_data_row(adk.ADK_DB_INVOICE_ROW, -1) == 0
    assert api.create_data_row(adk.ADK_DB_INVOICE_ROW, 0) > 0
    assert api.delete_struct(rows).ok
    assert api.get_str(row_handles[0], adk.ADK_OOI_ROW_TEXT, 61)[0].rc == adk.ADKE_INVALID_PDATA


def test_reset_struct(api: Adk) -> None:
    h = api.create_data(adk.ADK_DB_INVOICE_HEAD)
    assert api.set_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, "1001").ok
    assert api.set_str(h, adk.ADK_OOI_HEAD_TYPE_OF_INVOICE, "K").ok
    assert api.set_data(h, adk.ADK_OOI_HEAD_ROWS, api.create_data_row(adk.ADK_DB_INVOICE_ROW, 1)).ok
    assert api.set_sort_order(h, adk.eInvoiceDate).ok
    assert api.reset_struct(h) == AdkError(0)
    assert api.get_str(h, adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, 17) == (OK, "")
    assert api.get_str(h, adk.ADK_OOI_HEAD_TYPE_OF_INVOICE, 2) == (OK, "F")  # back to the default
    assert api.get_data(h, adk.ADK_OOI_HEAD_ROWS, 0)[0].rc == adk.ADKE_INVALID_INDEX
    err = api.reset_struct(0)
    assert (err.rc, err.function) == (adk.ADKE_INVALID_PDATA, adk.ADKE_RESET_STRUCT)


# ------------------------------------------------------------------------------------------------ dates
def test_date_conversions(api: Adk) -> None:
    assert api.date_to_long("2025-03-31") == (OK, 20250331)
    assert api.date_to_long(b"2025-03-31") == (OK, 20250331)
    assert api.date_to_long("20250331") == (OK, 20250331)
    for bad in ("2025-02-30", "31.03.2025", "", "2025-3-1", None, "abcd-ef-gh"):
        err = api.date_to_long(bad)[0]
        assert (err.rc, err.function) == (adk.ADKE_DATE_TO_LONG, adk.ADKE_DATE_TO_LONG), bad
    assert api.long_to_date(20250331) == (OK, "2025-03-31")
    assert api.long_to_date(0) == (OK, "")
    assert api.long_to_date(20250331, 10)[0].rc == adk.ADKE_TO_SHORT_STRING  # 10 characters need 11
    for bad in (20251301, -3, 12, "x"):
        assert api.long_to_date(bad)[0].rc == adk.ADKE_LONG_TO_DATE, bad


def test_datetime_conversions(api: Adk) -> None:
    err, value = api.datetime_to_long("2025-03-31 14:05:09")
    assert err.ok and api.long_to_datetime(value) == (OK, "2025-03-31 14:05:09")
    assert api.datetime_to_long("2025-03-31T14:05:09")[1] == value
    assert api.datetime_to_long("2025-03-31 14:05")[1] == value - 9
    assert api.datetime_to_long("2025-03-31")[1] == value - (14 * 3600 + 5 * 60 + 9)
    for bad in ("2025-03-31 25:00:00", "2025-03-31 14", "today", "2100-01-01 00:00:00", ""):
        assert api.datetime_to_long(bad)[0].rc == adk.ADKE_INVALID_DATETIME_STRING, bad
    assert api.long_to_datetime(value, 19)[0].rc == adk.ADKE_DT_TO_SHORT_STRING
    assert api.long_to_datetime(-1)[0].rc == adk.ADKE_LONG_TO_DATE
    assert api.long_to_datetime(0) == (OK, "")


def test_dates_module() -> None:
    assert dates.date_to_long("2024-02-29") == 20240229
    assert dates.long_to_date(20240229) == "2024-02-29"
    assert dates.add_days(20241231, 1) == 20250101
    assert dates.is_date_long(0) and not dates.is_date_long(20240230)
    assert dates.datetime_to_long("1970-01-02 00:00:00") == 86400
    with pytest.raises(ValueError):
        dates.long_to_day(0)
    from datetime import UTC, datetime

    summer = datetime(2025, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Stockholm (CEST)
    assert dates.long_to_datetime(dates.stamp_of(summer)) == "2025-07-01 12:00:00"
    assert dates.today_of(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == 20260101  # already new year in Sweden


def test_no_exception_escapes(api: Adk, tmp_path: Path) -> None:
    """Nonsense arguments of every kind come back as error codes."""
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    weird = [None, object(), 1.5, -1, "x", b"\xff", [], {}]
    for value in weird:
        for call in (lambda v: api.set_str(h, adk.ADK_CUSTOMER_NAME, v), lambda v: api.set_double(h, v, v),
                     lambda v: api.get_str(h, v, v), lambda v: api.set_filter(h, v, v, v),
                     lambda v: api.set_sort_order(h, v), lambda v: api.open(v, v), lambda v: api.delete_row(h, v),
                     lambda v: api.get_data(h, v, v), lambda v: api.long_to_date(v), lambda v: api.date_to_long(v)):
            result = call(value)
            err = result[0] if isinstance(result, tuple) else result
            assert isinstance(err, AdkError)
