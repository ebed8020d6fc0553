"""Every export of the C-style fake (`simulators.adk.cstyle`) called the way ctypes code calls Adk.dll: happy paths,
the ADK's error codes, bad arguments (which must come back as codes, never as Python exceptions) and the
APIAdklogg call log (VA-26)."""

from __future__ import annotations

import ctypes
import json
import os
import random
import subprocess
import sys
from ctypes import (
    POINTER,
    addressof,
    byref,
    c_bool,
    c_char,
    c_char_p,
    c_double,
    c_int,
    c_int8,
    c_long,
    c_void_p,
    create_string_buffer,
    pointer,
)
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simulators.adk import constants as c
from simulators.adk import cstyle, datasets, store
from simulators.adk import log as calllog
from simulators.adk.cstyle import ADK_ERROR, EXPORTS, FakeAdkDll, load
from simulators.adk.errors import AdkError
from simulators.adk.log import LOG_NAME, parse_line
from simulators.adk.session import Adk

REPO = Path(__file__).resolve().parents[2]

CUSTOMERS = [
    {"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa Bygg AB", "ADK_CUSTOMER_CITY": "Göteborg"},
    {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Beta Åkeri AB", "ADK_CUSTOMER_CITY": "Umeå"},
    {"ADK_CUSTOMER_NUMBER": "1003", "ADK_CUSTOMER_NAME": "Gamma Konsult AB", "ADK_CUSTOMER_CITY": "Malmö"},
]
ARTICLES = [
    {"ADK_ARTICLE_NUMBER": "KONS", "ADK_ARTICLE_NAME": "Konsultation", "ADK_ARTICLE_UNIT_CODE": "tim",
     "ADK_ARTICLE_PRICE": 1000.0},
    {"ADK_ARTICLE_NUMBER": "RESA", "ADK_ARTICLE_NAME": "Resa", "ADK_ARTICLE_UNIT_CODE": "st",
     "ADK_ARTICLE_PRICE": 500.0},
]

# the exports the issue and the research notes list, plus the .NET wrapper names
LISTED = ["AdkOpen", "AdkOpen2", "AdkOpenEx", "AdkOpenEx2", "AdkClose", "AdkIsLoginActivated", "AdkCreateData",
          "AdkCreateDataRow", "AdkGetDataRow", "AdkSetData", "AdkGetData", "AdkResetStruct", "AdkDeleteStruct",
          "AdkSetStr", "AdkGetStr", "AdkSetDouble", "AdkGetDouble", "AdkSetBool", "AdkGetBool", "AdkSetDate",
          "AdkGetDate", "AdkDateToLong", "AdkLongToDate", "AdkDateTimeToLong", "AdkLongToDateTime", "AdkGetType",
          "AdkGetLength", "AdkGetDecimals", "AdkIsReadWrite", "AdkGetFieldName", "AdkGetTimestampField", "AdkAdd",
          "AdkAddEx", "AdkUpdate", "AdkUpdateEx", "AdkFind", "AdkFindEx", "AdkFind2", "AdkFirst", "AdkNext",
          "AdkPrevious", "AdkLast", "AdkFirstEx", "AdkNextEx", "AdkPreviousEx", "AdkLastEx", "AdkSetSortOrder",
          "AdkSetFilter", "AdkClearFilters", "AdkIsFilterable", "AdkDelete", "AdkDeleteRecord", "AdkDeleteRow",
          "AdkGetErrorText", "AdkSetWarningFunction", "AdkGetVersion", "AdkGetProgramDatabaseVersion",
          "AdkGetCompanyName", "AdkGetCompanyNameEx", "AdkGetVariant", "AdkGetRowDbId", "AdkGetNrowsFldId",
          "AdkGetRowsFldId", "AdkGetLastFldId", "AdkGetRowDataId", "AdkGetNrowsFieldId", "AdkGetRowsFieldId",
          "AdkGetLastFieldId", "AdkGetRowData", "AdkGetNumeric"]


@dataclass
class Folders:
    common: str
    company: str

    @property
    def paths(self) -> tuple[bytes, bytes]:
        return self.common.encode("cp1252"), self.company.encode("cp1252")


def make_company(tmp_path: Path, login: dict[str, str] | None = None) -> Folders:
    common, folder = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
    dataset = datasets.prepare({"company": {"name": "Testbolaget Åby AB", "login": login,
                                            "series": {"invoice": 101}},
                                "tables": {"ADK_DB_CUSTOMER": CUSTOMERS, "ADK_DB_ARTICLE": ARTICLES}})
    store.write_dataset(common, folder, dataset)
    return Folders(str(common), str(folder))


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    return make_company(tmp_path)


@pytest.fixture
def closed() -> Any:
    dll = FakeAdkDll(Adk())
    yield dll
    dll.AdkClose()


@pytest.fixture
def dll(folders: Folders, closed: FakeAdkDll) -> FakeAdkDll:
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_OK
    return closed


def get_str(dll: Any, h: int, field: int, size: int = 200) -> tuple[int, str]:
    buf = create_string_buffer(size)
    err = dll.AdkGetStr(h, field, byref(c_char_p(addressof(buf))), size)
    return err.lRc, buf.value.decode("cp1252")


def get_double(dll: Any, h: int, field: int) -> tuple[int, float]:
    value = c_double()
    return dll.AdkGetDouble(h, field, byref(value)).lRc, value.value


def fresh_process_table(company: str, table: str) -> list[dict[str, Any]]:
    """A table as another process sees it on disk (nothing half-written may show up there)."""
    code = ("import json, sys\nfrom simulators.adk import store\n"
            "print(json.dumps(store.read_table(sys.argv[1], sys.argv[2])))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code, company, table], capture_output=True, text=True, env=env,
                         check=True, timeout=60)
    return json.loads(out.stdout)


def new_customer(dll: Any, number: bytes, name: bytes | None) -> int:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, number).lRc == c.ADKE_OK
    if name is not None:
        assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, name).lRc == c.ADKE_OK
    return h


def new_invoice(dll: Any, customer: bytes = b"1001", rows: list[tuple[bytes, float, float]] | None = None) -> int:
    rows = rows if rows is not None else [(b"KONS", 2.0, 1000.0), (b"RESA", 1.0, 500.0)]
    head = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
    dll.AdkSetStr(head, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, customer)
    array = dll.AdkCreateDataRow(c.ADK_DB_INVOICE_ROW, len(rows))
    for i, (article, quantity, price) in enumerate(rows):
        row = dll.AdkGetDataRow(array, i)
        assert dll.AdkSetStr(row, c.ADK_OOI_ROW_ARTICLE_NUMBER, article).lRc == c.ADKE_OK
        assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, quantity).lRc == c.ADKE_OK
        assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, price).lRc == c.ADKE_OK
    assert dll.AdkSetDouble(head, c.ADK_OOI_HEAD_NROWS, float(len(rows))).lRc == c.ADKE_OK
    assert dll.AdkSetData(head, c.ADK_OOI_HEAD_ROWS, array).lRc == c.ADKE_OK
    return head


# ============================================================================================ the surface
def test_every_listed_export_is_there_with_settable_prototype_attributes(closed: FakeAdkDll) -> None:
    for name in LISTED:
        export = getattr(closed, name)
        assert callable(export), name
        export.argtypes = [c_int]
        export.restype = ADK_ERROR
        export.errcheck = None
        assert getattr(closed, name) is export  # the same function object, settings kept
        assert closed[name] is export
    assert set(LISTED) <= set(EXPORTS)


def test_decorated_stdcall_names_resolve_when_the_byte_count_is_right(closed: FakeAdkDll) -> None:
    for name, size in [("AdkOpen", 8), ("AdkCreateData", 4), ("AdkGetStr", 16), ("AdkSetDouble", 16),
                       ("AdkGetErrorText", 16), ("AdkClose", 0), ("AdkGetCompanyName", 32)]:
        assert getattr(closed, f"_{name}@{size}") is getattr(closed, name)
    with pytest.raises(AttributeError):
        closed.__getattr__("_AdkOpen@12")
    assert not hasattr(closed, "_AdkGetNumeric@12")  # a .NET name has no C export
    assert not hasattr(closed, "AdkGetSie")  # not modelled: missing, as a missing export is for ctypes
    assert hasattr(closed, "AdkGetNumeric")


def test_each_call_returns_a_new_adk_error_struct(closed: FakeAdkDll) -> None:
    first, second = closed.AdkFirst(1), closed.AdkFirst(1)
    assert isinstance(first, ADK_ERROR) and first is not second
    assert [name for name, _ in ADK_ERROR._fields_] == ["lRc", "lDbTable", "lField", "lFunction", "lProgramPart"]
    assert first.lRc == c.ADKE_INVALID_PDATA and first.lFunction == c.ADKE_FIRST
    assert first.to_error() == AdkError(c.ADKE_INVALID_PDATA, 0, 0, c.ADKE_FIRST)


def test_a_restype_struct_of_the_program_s_own_is_honoured(closed: FakeAdkDll) -> None:
    class MY_ERROR(ctypes.Structure):  # as a program names it
        _fields_ = [("lRc", c_long), ("lDbTable", c_long), ("lField", c_long), ("lFunction", c_long),
                    ("lProgramPart", c_long)]

    closed.AdkNext.restype = MY_ERROR
    err = closed.AdkNext(0)
    assert type(err) is MY_ERROR and err.lRc == c.ADKE_INVALID_PDATA
    closed.AdkCreateData.restype = c_void_p
    assert closed.AdkCreateData(9999) is None  # a NULL c_void_p comes back as None from ctypes
    closed.AdkIsReadWrite.restype = c_bool
    assert closed.AdkIsReadWrite(0, 0) is False


def test_errcheck_is_called_like_ctypes_does(closed: FakeAdkDll) -> None:
    seen = []

    def errcheck(result: Any, func: Any, args: tuple) -> Any:
        seen.append((result.lRc, func.__name__, args))
        return "checked"

    closed.AdkFirst.errcheck = errcheck
    assert closed.AdkFirst(7) == "checked"
    assert seen == [(c.ADKE_INVALID_PDATA, "AdkFirst", (7,))]


def test_load_shares_the_process_wide_adk() -> None:
    from simulators.adk import session

    a, b = load(), load("Adk.dll")
    assert a.session is b.session is session.default()
    assert a is not b and a.AdkOpen is not b.AdkOpen  # separate function objects, as two WinDLL objects have
    private = Adk()
    assert load(session=private).session is private


# ============================================================================================ opening
def test_open_close_and_calls_without_an_open_company(folders: Folders, closed: FakeAdkDll) -> None:
    h = closed.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert h > 0  # buffers need no company
    assert closed.AdkFirst(h).lRc == c.ADKE_NO_DB_OPEN
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_OK
    assert closed.AdkFirst(h).lRc == c.ADKE_OK
    assert closed.AdkClose() is None
    err = closed.AdkFirst(h)
    assert (err.lRc, err.lFunction) == (c.ADKE_NO_DB_OPEN, c.ADKE_FIRST)
    assert closed.AdkAdd(new_customer(closed, b"2001", b"X")).lRc == c.ADKE_NO_DB_OPEN
    assert closed.AdkClose() is None  # twice is harmless


def test_open_errors(folders: Folders, closed: FakeAdkDll, tmp_path: Path) -> None:
    common, company = folders.paths
    assert closed.AdkOpen(str(tmp_path / "nowhere").encode(), company).lRc == c.ADKE_INVALID_ADM_PATH
    assert closed.AdkOpen(common, str(tmp_path / "Företag" / "FTG9").encode("cp1252")).lRc == \
        c.ADKE_INVALID_PATH_COMPANY
    assert closed.AdkOpen(common, b"").lRc == c.ADKE_INVALID_PATH_COMPANY
    h = closed.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert closed.AdkFirst(h).lRc == c.ADKE_NO_DB_OPEN  # "Ingen databas öppen" after a failed open
    # the company path in UTF-8 is not Windows-1252 text for the ADK: "F\xc3\xb6retag" is a different folder
    assert closed.AdkOpen(common, folders.company.encode("utf-8")).lRc == c.ADKE_INVALID_PATH_COMPANY
    assert closed.AdkOpen(common, company + b"\x81").lRc == c.ADKE_INVALID_STRING
    assert closed.AdkOpen(None, company).lRc == c.ADKE_NULLPOINTER
    assert closed.AdkOpen(common, 42).lRc == c.ADKE_INVALID_STRING
    assert closed.AdkOpen(common).lRc == c.ADKE_INTERNAL  # wrong number of arguments: a code, not TypeError
    # str paths, ctypes strings and a char array are accepted like bytes
    assert closed.AdkOpen(folders.common, folders.company).lRc == c.ADKE_OK
    assert closed.AdkOpen(c_char_p(common), create_string_buffer(company)).lRc == c.ADKE_OK
    assert closed.AdkOpen(Path(folders.common), Path(folders.company)).lRc == c.ADKE_OK


def test_open_ex_and_a_second_opener_gets_the_lock_error(dll: FakeAdkDll, folders: Folders) -> None:
    other = FakeAdkDll(Adk())
    try:
        err = other.AdkOpenEx(*folders.paths, 1)
        assert (err.lRc, err.lFunction) == (c.ADKE_EXCLUSIVE_LOCK, c.ADKE_OPENEX)
        dll.AdkClose()
        assert other.AdkOpenEx(*folders.paths, c_long(0)).lRc == c.ADKE_OK
    finally:
        other.AdkClose()


def test_login_activated_company(tmp_path: Path, closed: FakeAdkDll) -> None:
    folders = make_company(tmp_path, login={"user": "Kalle", "password": "hemligt"})
    flag = c_int(7)
    assert closed.AdkIsLoginActivated(*folders.paths, byref(flag)).lRc == c.ADKE_OK and flag.value == 1
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_LOGIN_DENIED
    assert closed.AdkOpen2(*folders.paths, b"Kalle", b"fel").lRc == c.ADKE_LOGIN_FAIL
    err = closed.AdkOpen2(*folders.paths, b"Kalle", b"hemligt")
    assert err.lRc == c.ADKE_OK
    closed.AdkClose()
    assert closed.AdkOpenEx2(*folders.paths, b"Kalle", b"hemligt", 1).lRc == c.ADKE_OK
    assert closed.AdkOpen2(*folders.paths, b"Kalle", None).lRc == c.ADKE_NULLPOINTER
    assert closed.AdkIsLoginActivated(*folders.paths, None).lRc == c.ADKE_NULLPOINTER
    assert closed.AdkIsLoginActivated(*folders.paths, byref(c_double())).lRc == c.ADKE_INVALID_DATA_TYPE


def test_is_login_activated_without_login(folders: Folders, closed: FakeAdkDll, tmp_path: Path) -> None:
    flag = c_bool(True)
    assert closed.AdkIsLoginActivated(*folders.paths, pointer(flag)).lRc == c.ADKE_OK and flag.value is False
    err = closed.AdkIsLoginActivated(str(tmp_path / "x").encode(), folders.paths[1], byref(flag))
    assert err.lRc == c.ADKE_INVALID_ADM_PATH


# ============================================================================================ structures
def test_create_data_and_rows(dll: FakeAdkDll) -> None:
    assert dll.AdkCreateData(c.ADK_DB_CUSTOMER) > 0
    assert dll.AdkCreateData(9999) == 0  # unknown table: NULL
    assert dll.AdkCreateData(c.ADK_DB_MEMBER) == 0  # a real table the fake does not model
    assert dll.AdkCreateData("customer") == 0
    assert dll.AdkCreateData(c_int(c.ADK_DB_ARTICLE)) > 0
    rows = dll.AdkCreateDataRow(c.ADK_DB_INVOICE_ROW, 3)
    assert rows > 0
    handles = [dll.AdkGetDataRow(rows, i) for i in range(3)]
    assert all(handles) and len(set(handles)) == 3
    assert dll.AdkGetDataRow(rows, 1) == handles[1]  # the same row, the same handle
    assert dll.AdkGetDataRow(rows, 3) == 0 and dll.AdkGetDataRow(rows, -1) == 0
    assert dll.AdkGetDataRow(None, 0) == 0 and dll.AdkGetDataRow(c_void_p(rows), c_int(0)) == handles[0]
    assert dll.AdkCreateDataRow(9999, 1) == 0


def test_reset_and_delete_struct(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"Namn")
    assert dll.AdkResetStruct(h).lRc == c.ADKE_OK
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME) == (c.ADKE_OK, "")
    assert dll.AdkDeleteStruct(h).lRc == c.ADKE_OK
    # a deleted handle, handle 0, None and garbage: the engine's invalid-pData code
    for bad in (h, 0, None, c_void_p(None), "1", 12345, -3, 2**70, 1.5):
        assert dll.AdkSetStr(bad, c.ADK_CUSTOMER_NAME, b"x").lRc == c.ADKE_INVALID_PDATA, bad
        assert dll.AdkResetStruct(bad).lRc == c.ADKE_INVALID_PDATA, bad
    assert dll.AdkDeleteStruct(h).lRc == c.ADKE_INVALID_PDATA


# ============================================================================================ strings
def test_set_and_get_str_in_windows_1252(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, "Åsa Öberg & Ärlig AB".encode("cp1252")).lRc == c.ADKE_OK
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME) == (c.ADKE_OK, "Åsa Öberg & Ärlig AB")
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, "Café €uro").lRc == c.ADKE_OK  # str, lenient
    buf = create_string_buffer(20)
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_NAME, buf, 20).lRc == c.ADKE_OK
    assert buf.raw[:10] == "Café €uro".encode("cp1252") + b"\0"
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"Kort\0och resten").lRc == c.ADKE_OK  # C stops at NUL
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME)[1] == "Kort"
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, c_char_p(b"ctypes")).lRc == c.ADKE_OK
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME)[1] == "ctypes"


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_that_are_not_windows_1252_are_refused(dll: FakeAdkDll, byte: int) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"Before")
    err = dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"Bad " + bytes([byte]))
    assert (err.lRc, err.lFunction) == (c.ADKE_INVALID_STRING, c.ADKE_SET_STRING)
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME)[1] == "Before"


def test_set_str_errors(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, "Ā or 😀").lRc == c.ADKE_INVALID_STRING
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, None).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, 42).lRc == c.ADKE_INVALID_STRING
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"x" * 51).lRc == c.ADKE_TOO_MANY_SIGNS
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"x" * 50).lRc == c.ADKE_OK
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_CLAIM, b"1").lRc == c.ADKE_INVALID_DATA_TYPE  # a DOUBLE field
    assert dll.AdkSetStr(h, 9999, b"1").lRc == c.ADKE_UNKNON_DB_FIELD
    assert dll.AdkSetStr(h, "name", b"1").lRc == c.ADKE_UNKNON_DB_FIELD


@pytest.mark.parametrize("form", ["array", "byref_array", "pointer_array", "char_pp", "pointer_char_pp",
                                  "void_pp", "char_pointer", "bytearray", "rebind"])
def test_get_str_buffer_forms(dll: FakeAdkDll, form: str) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    dll.AdkSetStr(h, c.ADK_CUSTOMER_CITY, "Umeå".encode("cp1252"))
    buf = create_string_buffer(16)
    arg: Any = {
        "array": lambda: buf,
        "byref_array": lambda: byref(buf),
        "pointer_array": lambda: pointer(buf),
        "char_pp": lambda: byref(c_char_p(addressof(buf))),
        "pointer_char_pp": lambda: pointer(c_char_p(addressof(buf))),
        "void_pp": lambda: byref(c_void_p(addressof(buf))),
        "char_pointer": lambda: ctypes.cast(buf, POINTER(c_char)),
        "bytearray": lambda: bytearray(16),
        "rebind": lambda: c_char_p(b""),
    }[form]()
    holder = arg._obj if form == "char_pp" else None  # keep the c_char_p alive to look at it
    err = dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, arg, 16)
    assert err.lRc == c.ADKE_OK
    if form == "bytearray":
        assert bytes(arg).split(b"\0")[0] == "Umeå".encode("cp1252")
    elif form == "rebind":
        assert arg.value == "Umeå".encode("cp1252")
    else:
        assert buf.value == "Umeå".encode("cp1252")
    if holder is not None:
        assert holder.value == "Umeå".encode("cp1252")


def test_get_str_too_short_buffers_and_bad_buffers(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    dll.AdkSetStr(h, c.ADK_CUSTOMER_CITY, b"Lund")
    buf = create_string_buffer(b"X" * 20, 20)
    # "Lund" needs 5 bytes with its NUL
    err = dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, byref(c_char_p(addressof(buf))), 4)
    assert (err.lRc, err.lDbTable, err.lField, err.lFunction) == (
        c.ADKE_TO_SHORT_STRING, c.ADKE_DBTABLE_CUSTOMER, c.ADK_CUSTOMER_CITY, c.ADKE_GET_STRING)
    assert buf.raw == b"X" * 20  # untouched
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, byref(c_char_p(addressof(buf))), 5).lRc == c.ADKE_OK
    assert buf.raw == b"Lund\0" + b"X" * 15  # never a byte past the value's NUL
    small = create_string_buffer(b"YYY", 3)
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, small, 100).lRc == c.ADKE_TO_SHORT_STRING  # the array is 3
    assert small.raw == b"YYY"
    for length in (0, -1, "5", 2.5, None):
        assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, buf, length).lRc == c.ADKE_TO_SHORT_STRING, length
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, buf, c_int(20)).lRc == c.ADKE_OK
    for bad in (None, "a str", b"bytes", 1234, c_char_p(None), byref(c_char_p())):
        assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, bad, 20).lRc == c.ADKE_NULLPOINTER, bad
    for wrong in (ctypes.create_unicode_buffer(20), byref(c_double()), c_int(3)):
        assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CITY, wrong, 20).lRc == c.ADKE_INVALID_DATA_TYPE, wrong
    empty = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    one = create_string_buffer(b"Z", 1)
    assert dll.AdkGetStr(empty, c.ADK_CUSTOMER_CITY, one, 1).lRc == c.ADKE_OK and one.raw == b"\0"
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_CLAIM, buf, 20).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkGetStr(h, 9999, buf, 20).lRc == c.ADKE_UNKNON_DB_FIELD
    assert dll.AdkGetStr(0, c.ADK_CUSTOMER_CITY, buf, 20).lRc == c.ADKE_INVALID_PDATA


# ============================================================================================ numbers, bools, dates
def test_doubles(dll: FakeAdkDll) -> None:
    row = dll.AdkGetDataRow(dll.AdkCreateDataRow(c.ADK_DB_INVOICE_ROW, 1), 0)
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, 2.5).lRc == c.ADKE_OK
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, 3).lRc == c.ADKE_OK  # an int
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_DISCOUNT, c_double(10.0)).lRc == c.ADKE_OK
    assert get_double(dll, row, c.ADK_OOI_ROW_QUANTITY1) == (c.ADKE_OK, 2.5)
    for out in (pointer(c_double()), c_double(), (c_double * 1)()):
        assert dll.AdkGetDouble(row, c.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, out).lRc == c.ADKE_OK
        value = out.contents.value if isinstance(out, ctypes._Pointer) else (
            out[0] if isinstance(out, ctypes.Array) else out.value)
        assert value == 3.0
    value = c_double()
    assert dll.AdkGetNumeric(row, c.ADK_OOI_ROW_DISCOUNT, byref(value)).lRc == c.ADKE_OK and value.value == 10.0
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, 1.234).lRc == c.ADKE_TOO_MANY_DECIMALS
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, "2").lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, float("nan")).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkSetDouble(row, c.ADK_OOI_ROW_TEXT, 1.0).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkGetDouble(row, c.ADK_OOI_ROW_QUANTITY1, byref(c_long())).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkGetDouble(row, c.ADK_OOI_ROW_QUANTITY1, None).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkGetDouble(row, c.ADK_OOI_ROW_QUANTITY1, POINTER(c_double)()).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkGetDouble(row, c.ADK_OOI_ROW_QUANTITY1, 0.0).lRc == c.ADKE_NULLPOINTER


def test_read_only_fields(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkIsReadWrite(h, c.ADK_CUSTOMER_NAME) == 1
    assert dll.AdkIsReadWrite(h, c.ADK_CUSTOMER_CLAIM) == 0
    assert dll.AdkIsReadWrite(h, 9999) == 0 and dll.AdkIsReadWrite(0, c.ADK_CUSTOMER_NAME) == 0
    assert dll.AdkSetDouble(h, c.ADK_CUSTOMER_CLAIM, 5.0).lRc == c.ADKE_EDIT_DENIED_FIELD


def test_bools(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkSetBool(h, c.ADK_CUSTOMER_EXPORT, 5).lRc == c.ADKE_OK  # any non-zero BOOL is TRUE
    for out in (c_int(9), c_long(9), c_bool(False)):
        assert dll.AdkGetBool(h, c.ADK_CUSTOMER_EXPORT, byref(out)).lRc == c.ADKE_OK
        assert out.value in (1, True)
    assert dll.AdkSetBool(h, c.ADK_CUSTOMER_EXPORT, c_int(0)).lRc == c.ADKE_OK
    flag = c_int(9)
    dll.AdkGetBool(h, c.ADK_CUSTOMER_EXPORT, byref(flag))
    assert flag.value == 0
    assert dll.AdkSetBool(h, c.ADK_CUSTOMER_EXPORT, True).lRc == c.ADKE_OK
    assert dll.AdkSetBool(h, c.ADK_CUSTOMER_EXPORT, "yes").lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkSetBool(h, c.ADK_CUSTOMER_NAME, 1).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkGetBool(h, c.ADK_CUSTOMER_EXPORT, byref(c_double())).lRc == c.ADKE_INVALID_DATA_TYPE


def test_dates(dll: FakeAdkDll) -> None:
    day = c_long()
    assert dll.AdkDateToLong(b"2024-05-02", byref(day)).lRc == c.ADKE_OK
    assert day.value == 20240502  # [I] YYYYMMDD
    for bad in (b"2024-13-01", b"2024-02-30", b"ig\xe5r", b"", b"02.05.2024"):
        err = dll.AdkDateToLong(bad, byref(day))
        assert (err.lRc, err.lFunction) == (c.ADKE_DATE_TO_LONG, c.ADKE_DATE_TO_LONG), bad
    assert dll.AdkDateToLong(b"2024-05-02", None).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkDateToLong(b"2024-05-02", byref(c_int8())).lRc == c.ADKE_INVALID_DATA_TYPE  # too small
    assert dll.AdkDateToLong(b"\x81", byref(day)).lRc == c.ADKE_INVALID_STRING
    buf = create_string_buffer(11)
    assert dll.AdkLongToDate(20240502, byref(c_char_p(addressof(buf))), 11).lRc == c.ADKE_OK
    assert buf.value == b"2024-05-02"
    assert dll.AdkLongToDate(20240502, buf, 10).lRc == c.ADKE_TO_SHORT_STRING
    assert dll.AdkLongToDate(20241340, buf, 11).lRc == c.ADKE_LONG_TO_DATE
    assert dll.AdkLongToDate(c_long(20240101), buf, 11).lRc == c.ADKE_OK and buf.value == b"2024-01-01"
    h = dll.AdkCreateData(c.ADK_DB_PROJECT)
    assert dll.AdkSetDate(h, c.ADK_PROJECT_DATE_OF_END, day).lRc == c.ADKE_OK  # a c_long
    got = c_long()
    assert dll.AdkGetDate(h, c.ADK_PROJECT_DATE_OF_END, byref(got)).lRc == c.ADKE_OK and got.value == 20240502
    assert dll.AdkSetDate(h, c.ADK_PROJECT_DATE_OF_END, 20240231).lRc == c.ADKE_LONG_TO_DATE
    assert dll.AdkSetDate(h, c.ADK_PROJECT_DATE_OF_END, 20240502.0).lRc == c.ADKE_LONG_TO_DATE
    assert dll.AdkSetDate(h, c.ADK_PROJECT_NAME, 20240502).lRc == c.ADKE_INVALID_DATA_TYPE
    assert dll.AdkGetDate(h, c.ADK_PROJECT_DATE_OF_END, byref(c_double())).lRc == c.ADKE_INVALID_DATA_TYPE


def test_date_times(dll: FakeAdkDll) -> None:
    moment = c_long()
    assert dll.AdkDateTimeToLong(b"2024-05-02 14:05:09", byref(moment)).lRc == c.ADKE_OK
    buf = create_string_buffer(20)
    assert dll.AdkLongToDateTime(moment, byref(c_char_p(addressof(buf))), 20).lRc == c.ADKE_OK
    assert buf.value == b"2024-05-02 14:05:09"
    assert dll.AdkLongToDateTime(moment.value, buf, 19).lRc == c.ADKE_DT_TO_SHORT_STRING
    assert dll.AdkLongToDateTime(moment.value, buf, 0).lRc == c.ADKE_DT_TO_SHORT_STRING
    assert dll.AdkDateTimeToLong(b"2024-05-02 25:00", byref(moment)).lRc == c.ADKE_INVALID_DATETIME_STRING


# ============================================================================================ metadata
def test_field_metadata(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    kind, length, decimals = c_int(), c_int(), c_int()
    assert dll.AdkGetType(h, c.ADK_CUSTOMER_NAME, byref(kind)).lRc == c.ADKE_OK and kind.value == c.eChar
    assert dll.AdkGetType(h, c.ADK_CUSTOMER_EXPORT, byref(kind)).lRc == c.ADKE_OK and kind.value == c.eBool
    assert dll.AdkGetLength(h, c.ADK_CUSTOMER_NAME, byref(length)).lRc == c.ADKE_OK and length.value == 50
    assert dll.AdkGetDecimals(h, c.ADK_CUSTOMER_CLAIM, byref(decimals)).lRc == c.ADKE_OK and decimals.value == 2
    assert dll.AdkGetType(h, 9999, byref(kind)).lRc == c.ADKE_UNKNON_DB_FIELD
    assert dll.AdkGetLength(h, c.ADK_CUSTOMER_NAME, None).lRc == c.ADKE_NULLPOINTER
    buf = create_string_buffer(64)
    assert dll.AdkGetFieldName(c.ADK_DB_CUSTOMER, c.ADK_CUSTOMER_NAME, buf, 64).lRc == c.ADKE_OK
    assert buf.value == b"ADK_CUSTOMER_NAME"
    assert dll.AdkGetFieldName(c.ADK_DB_CUSTOMER, c.ADK_CUSTOMER_NAME, buf, 17).lRc == c.ADKE_TO_SHORT_STRING
    assert dll.AdkGetFieldName(9999, 0, buf, 64).lRc == c.ADKE_INVALID_DB
    assert dll.AdkGetFieldName(c.ADK_DB_CUSTOMER, 9999, buf, 64).lRc == c.ADKE_UNKNON_DB_FIELD
    field = c_int()
    assert dll.AdkGetTimestampField(h, byref(field)).lRc == c.ADKE_OK and field.value == c.ADK_CUSTOMER_TIMESTAMP


def test_row_plumbing_ids_and_their_net_names(dll: FakeAdkDll) -> None:
    head = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
    expected = {"AdkGetRowDbId": c.ADK_DB_INVOICE_ROW, "AdkGetRowDataId": c.ADK_DB_INVOICE_ROW,
                "AdkGetNrowsFldId": c.ADK_OOI_HEAD_NROWS, "AdkGetNrowsFieldId": c.ADK_OOI_HEAD_NROWS,
                "AdkGetRowsFldId": c.ADK_OOI_HEAD_ROWS, "AdkGetRowsFieldId": c.ADK_OOI_HEAD_ROWS,
                "AdkGetLastFldId": c.ADK_OOI_HEAD_LAST, "AdkGetLastFieldId": c.ADK_OOI_HEAD_LAST}
    for name, value in expected.items():
        out = c_int(-1)
        assert getattr(dll, name)(head, byref(out)).lRc == c.ADKE_OK, name
        assert out.value == value, name
    customer = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    out = c_int(-1)
    assert dll.AdkGetRowDbId(customer, byref(out)).lRc != c.ADKE_OK and out.value == -1
    assert dll.AdkGetLastFldId(customer, byref(out)).lRc == c.ADKE_OK and out.value == c.ADK_CUSTOMER_LAST
    assert dll.AdkGetRowsFldId(0, byref(out)).lRc == c.ADKE_INVALID_PDATA


# ============================================================================================ navigation
def test_first_next_until_eof_and_back(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    assert dll.AdkSetSortOrder(h, c.eCustomerNr).lRc == c.ADKE_OK
    numbers, err = [], dll.AdkFirst(h)
    while err.lRc == c.ADKE_OK:
        numbers.append(get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1])
        err = dll.AdkNext(h)
    assert numbers == ["1001", "1002", "1003"] and err.lRc == c.ADKE_EOF
    assert dll.AdkLast(h).lRc == c.ADKE_OK and get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1003"
    assert dll.AdkPrevious(h).lRc == c.ADKE_OK and get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1002"
    assert dll.AdkPrevious(h).lRc == c.ADKE_OK
    assert dll.AdkPrevious(h).lRc == c.ADKE_BOF
    for first, nxt, prev, last in [("AdkFirstEx", "AdkNextEx", "AdkPreviousEx", "AdkLastEx")]:
        assert getattr(dll, first)(h, 0).lRc == c.ADKE_OK
        assert getattr(dll, nxt)(h, c_int(1)).lRc == c.ADKE_OK
        assert getattr(dll, last)(h, True).lRc == c.ADKE_OK
        assert getattr(dll, prev)(h, False).lRc == c.ADKE_OK
    assert get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1002"
    assert dll.AdkSetSortOrder(h, c.eCustomerName).lRc == c.ADKE_OK
    dll.AdkFirst(h)
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME)[1] == "Alfa Bygg AB"
    assert dll.AdkSetSortOrder(h, c.eInvoiceNr).lRc == c.ADKE_NOT_VALID_SORTORDER
    assert dll.AdkSetSortOrder(h, "eCustomerNr").lRc == c.ADKE_NOT_VALID_SORTORDER


def test_find_and_filters(dll: FakeAdkDll) -> None:
    h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
    dll.AdkSetSortOrder(h, c.eCustomerNr)
    dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"1002")
    assert dll.AdkFind(h).lRc == c.ADKE_OK
    assert get_str(dll, h, c.ADK_CUSTOMER_NAME)[1] == "Beta Åkeri AB"
    dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"1002")
    assert dll.AdkFindEx(h, 0).lRc == c.ADKE_OK and dll.AdkFind2(h, 1).lRc == c.ADKE_OK
    dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"9999")
    err = dll.AdkFind(h)
    assert (err.lRc, err.lFunction) == (c.ADKE_NOT_FOUND, c.ADKE_FIND)
    flag = c_int(-1)
    assert dll.AdkIsFilterable(h, c.ADK_CUSTOMER_NAME, byref(flag)).lRc == c.ADKE_OK and flag.value == 1
    assert dll.AdkSetFilter(h, c.ADK_CUSTOMER_NAME, b"*konsult*", 0).lRc == c.ADKE_OK
    assert dll.AdkFirst(h).lRc == c.ADKE_OK and get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1003"
    assert dll.AdkNext(h).lRc == c.ADKE_EOF
    assert dll.AdkClearFilters(h).lRc == c.ADKE_OK
    assert dll.AdkFirst(h).lRc == c.ADKE_OK and get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1001"
    assert dll.AdkSetFilter(h, c.ADK_CUSTOMER_NAME, "*å*", 0).lRc == c.ADKE_OK  # str, Windows-1252 text
    assert dll.AdkFirst(h).lRc == c.ADKE_OK and get_str(dll, h, c.ADK_CUSTOMER_NUMBER)[1] == "1002"
    assert dll.AdkSetFilter(h, c.ADK_CUSTOMER_NAME, b"*a*", 1).lRc == c.ADKE_INVALID_FILTER_SYNTAX_VERSION
    assert dll.AdkSetFilter(h, c.ADK_CUSTOMER_NAME, None, 0).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkSetFilter(h, 9999, b"*", 0).lRc != c.ADKE_OK
    head = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
    assert dll.AdkIsFilterable(head, c.ADK_OOI_HEAD_ROWS, byref(flag)).lRc == c.ADKE_OK and flag.value == 0
    assert dll.AdkSetFilter(head, c.ADK_OOI_HEAD_ROWS, b"*", 0).lRc == c.ADKE_INVALID_FILTER_FIELD


# ============================================================================================ writes
def test_add_update_delete_a_customer(dll: FakeAdkDll, folders: Folders) -> None:
    h = new_customer(dll, b"2001", "Delta Åtta AB".encode("cp1252"))
    assert dll.AdkAdd(h).lRc == c.ADKE_OK
    stamp = c_long()
    assert dll.AdkGetDate(h, c.ADK_CUSTOMER_TIMESTAMP, byref(stamp)).lRc == c.ADKE_OK and stamp.value > 0
    assert [r["ADK_CUSTOMER_NAME"] for r in fresh_process_table(folders.company, "ADK_DB_CUSTOMER")
            if r["ADK_CUSTOMER_NUMBER"] == "2001"] == ["Delta Åtta AB"]
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_CITY, b"Kiruna").lRc == c.ADKE_OK
    assert dll.AdkUpdate(h).lRc == c.ADKE_OK
    assert dll.AdkSetStr(h, c.ADK_CUSTOMER_CITY, b"Lule\xe5").lRc == c.ADKE_OK
    assert dll.AdkUpdateEx(h, 0).lRc == c.ADKE_OK
    assert [r["ADK_CUSTOMER_CITY"] for r in store.read_table(folders.company, "ADK_DB_CUSTOMER")
            if r["ADK_CUSTOMER_NUMBER"] == "2001"] == ["Luleå"]
    assert dll.AdkDeleteRecord(h).lRc == c.ADKE_OK
    other = new_customer(dll, b"2002", b"Epsilon AB")
    assert dll.AdkAddEx(other, 1).lRc == c.ADKE_OK
    assert dll.AdkDelete(other).lRc == c.ADKE_OK
    numbers = [r["ADK_CUSTOMER_NUMBER"] for r in fresh_process_table(folders.company, "ADK_DB_CUSTOMER")]
    assert numbers == ["1001", "1002", "1003"]


def test_a_failed_add_writes_nothing(dll: FakeAdkDll, folders: Folders) -> None:
    before = fresh_process_table(folders.company, "ADK_DB_CUSTOMER")
    duplicate = new_customer(dll, b"1001", b"Kopia AB")
    err = dll.AdkAdd(duplicate)
    assert err.lRc != c.ADKE_OK and err.lFunction == c.ADKE_ADD and err.lDbTable == c.ADKE_DBTABLE_CUSTOMER
    nameless = new_customer(dll, b"2003", None)
    err = dll.AdkAdd(nameless)
    assert err.lRc != c.ADKE_OK and err.lField == c.ADK_CUSTOMER_NAME
    bad_invoice = new_invoice(dll, customer=b"9999")
    assert dll.AdkAdd(bad_invoice).lRc == c.ADKE_OOF_INVALID_CUSTOMER
    bad_row = new_invoice(dll, rows=[(b"KONS", 1.0, 10.0), (b"NOSUCH", 1.0, 10.0)])
    assert dll.AdkAdd(bad_row).lRc != c.ADKE_OK
    assert fresh_process_table(folders.company, "ADK_DB_CUSTOMER") == before
    assert fresh_process_table(folders.company, "ADK_DB_INVOICE_HEAD") == []
    assert store.read_dataset(folders.company)["company"]["series"]["invoice"] == 101  # no number used up


def test_invoice_with_rows_numbered_by_the_adk(dll: FakeAdkDll, folders: Folders) -> None:
    head = new_invoice(dll)
    assert dll.AdkAdd(head).lRc == c.ADKE_OK
    assert get_double(dll, head, c.ADK_OOI_HEAD_DOCUMENT_NUMBER) == (c.ADKE_OK, 101.0)
    assert get_double(dll, head, c.ADK_OOI_HEAD_TOTAL_AMOUNT) == (c.ADKE_OK, 3125.0)
    found = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
    dll.AdkSetDouble(found, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, 101.0)
    assert dll.AdkFind(found).lRc == c.ADKE_OK
    assert get_double(dll, found, c.ADK_OOI_HEAD_NROWS) == (c.ADKE_OK, 2.0)
    texts = []
    for i in range(2):
        row = c_void_p()
        assert dll.AdkGetData(found, c.ADK_OOI_HEAD_ROWS, i, byref(row)).lRc == c.ADKE_OK
        texts.append(get_str(dll, row.value, c.ADK_OOI_ROW_ARTICLE_NUMBER)[1])
        same = c_int()
        assert dll.AdkGetRowData(found, i, byref(same)).lRc == c.ADKE_OK and same.value == row.value
    assert texts == ["KONS", "RESA"]
    out = c_int()
    assert dll.AdkGetData(found, c.ADK_OOI_HEAD_ROWS, 2, byref(out)).lRc == c.ADKE_INVALID_INDEX
    assert dll.AdkGetData(found, c.ADK_OOI_HEAD_ROWS, 0, None).lRc == c.ADKE_NULLPOINTER
    assert dll.AdkGetData(found, c.ADK_OOI_HEAD_ROWS, 0, byref(c_double())).lRc == c.ADKE_INVALID_DATA_TYPE
    # a taken number is refused
    again = new_invoice(dll)
    dll.AdkSetDouble(again, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, 101.0)
    assert dll.AdkAdd(again).lRc == c.ADKE_KEY_TAKEN_IN_NUMBERSERIES
    # delete row 1 (1-based), store it, and the rows are renumbered
    assert dll.AdkDeleteRow(found, 1).lRc == c.ADKE_OK
    assert dll.AdkDeleteRow(found, 5).lRc == c.ADKE_INVALID_INDEX
    assert dll.AdkUpdate(found).lRc == c.ADKE_OK
    rows = store.read_table(folders.company, "ADK_DB_INVOICE_HEAD")[0]["ADK_OOI_HEAD_ROWS"]
    assert [(r["ADK_OOI_ROW_ARTICLE_NUMBER"], r["ADK_OOI_ROW_ROWNUMBER"]) for r in rows] == [("RESA", 1.0)]
    assert dll.AdkSetData(found, c.ADK_OOI_HEAD_ROWS, 0).lRc == c.ADKE_INVALID_STRUCT_POINTER_TO_ROW
    assert dll.AdkDeleteRecord(found).lRc != c.ADKE_OK  # documents are not deleted


def test_warnings_reach_a_ctypes_callback_and_a_python_callable(dll: FakeAdkDll) -> None:
    seen: list[tuple[str, int, int]] = []
    prototype = ctypes.CFUNCTYPE(None, POINTER(ADK_ERROR))
    callback = prototype(lambda p: seen.append(("ctypes", p.contents.lRc, p.contents.lField)))
    assert dll.AdkSetWarningFunction(callback) is None
    head = new_invoice(dll)
    dll.AdkSetBool(head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1)
    assert dll.AdkAdd(head).lRc == c.ADKE_OK
    dll.AdkSetBool(head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0)
    assert dll.AdkUpdate(head).lRc == c.ADKE_OK
    assert seen == [("ctypes", c.ADKW_INVOICE_COM_REMOVE_PRINTED, c.ADK_OOI_HEAD_DOCUMENT_PRINTED)]

    def failing(p: Any) -> None:
        seen.append(("python", p.contents.lRc, p.contents.lField))
        raise RuntimeError("a callback's own failure stays in the callback")

    assert dll.AdkSetWarningFunction(failing) is None
    dll.AdkSetBool(head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1)
    dll.AdkUpdate(head)
    dll.AdkSetBool(head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0)
    assert dll.AdkUpdate(head).lRc == c.ADKE_OK
    assert seen[-1] == ("python", c.ADKW_INVOICE_COM_REMOVE_PRINTED, c.ADK_OOI_HEAD_DOCUMENT_PRINTED)
    assert dll.AdkSetWarningFunction(None) is None
    assert dll.AdkSetWarningFunction("not callable") is None


# ============================================================================================ texts, info
def test_get_error_text(dll: FakeAdkDll) -> None:
    err = dll.AdkFirst(0)
    buf = create_string_buffer(256)
    for arg in (byref(err), pointer(err), err, err.to_error(), c.ADKE_INVALID_PDATA):
        buf.value = b""
        assert dll.AdkGetErrorText(arg, c.elRc, byref(c_char_p(addressof(buf))), 256) is None
        assert buf.value.decode("cp1252") == "Ogiltig datastruktur", arg
    closed_err = ADK_ERROR(c.ADKE_NO_DB_OPEN, 0, 0, c.ADKE_FIRST, 0)
    dll.AdkGetErrorText(byref(closed_err), c.elRc, buf, 256)
    assert buf.value.decode("cp1252") == "Ingen databas öppen"
    dll.AdkGetErrorText(byref(closed_err), c.elFunction, buf, 256)
    assert buf.value == b"AdkFirst"
    add_err = ADK_ERROR(c.ADKE_OOF_INVALID_CUSTOMER, c.ADKE_DBTABLE_OOF, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, c.ADKE_ADD)
    dll.AdkGetErrorText(byref(add_err), c.elDbTable, buf, 256)
    assert buf.value.decode("cp1252") == "Offert/order/faktura"
    dll.AdkGetErrorText(byref(add_err), c.elField, buf, 256)
    assert buf.value.decode("cp1252") == "Kundnummer"
    short = create_string_buffer(b"QQQQQQQQ", 8)
    dll.AdkGetErrorText(byref(closed_err), c.elRc, short, 8)  # cut to fit: the C call has no error to give
    assert short.raw == "Ingen d".encode("cp1252") + b"\0"
    untouched = create_string_buffer(b"KEEP", 5)
    for error, length in [(None, 5), (byref(closed_err), 0), ("text", 5)]:
        assert dll.AdkGetErrorText(error, c.elRc, untouched, length) is None
        assert untouched.raw == b"KEEP\0"


def test_versions_company_name_and_variant(dll: FakeAdkDll, folders: Folders, tmp_path: Path) -> None:
    major, minor = c_long(), c_long()
    assert dll.AdkGetVersion(byref(major), byref(minor)) is None
    assert (major.value, minor.value) == dll.session.get_version()
    assert dll.AdkGetProgramDatabaseVersion(byref(major), byref(minor)) is None and major.value > 0
    assert dll.AdkGetVersion(None, None) is None
    buf, variant = create_string_buffer(51), c_int()
    err = dll.AdkGetCompanyName(folders.paths[1], 0, folders.paths[0], byref(c_char_p(addressof(buf))), 51,
                                byref(variant), byref(major), byref(minor))
    assert err.lRc == c.ADKE_OK and buf.value.decode("cp1252") == "Testbolaget Åby AB"
    assert variant.value == c.ADKI_ADMIN2000
    assert dll.AdkGetCompanyNameEx(folders.paths[1], 1, folders.paths[0], buf, 51, byref(variant), byref(major),
                                   byref(minor)).lRc == c.ADKE_OK
    assert dll.AdkGetCompanyName(folders.paths[1], 0, folders.paths[0], buf, 10, byref(variant), byref(major),
                                 byref(minor)).lRc == c.ADKE_TO_SHORT_STRING
    assert dll.AdkGetCompanyName(str(tmp_path / "x").encode(), 0, folders.paths[0], buf, 51, byref(variant),
                                 byref(major), byref(minor)).lRc == c.ADKE_INVALID_PATH_COMPANY
    api = c_int()
    assert dll.AdkGetVariant(byref(variant), byref(api), buf, 51, folders.paths[0]).lRc == c.ADKE_OK
    assert (variant.value, api.value, buf.value) == (c.ADKI_ADMIN2000, 1, cstyle.VARIANT_NAME.encode())
    assert dll.AdkGetVariant(byref(variant), byref(api), buf, 51, b"/nowhere").lRc == c.ADKE_INVALID_ADM_PATH


# ============================================================================================ never an exception
GARBAGE: list[Any] = [None, 0, 1, -1, 2**70, 1.5, float("nan"), "text", b"\x81\x8d", b"", object(), [1], c_int(3),
                      c_double(2.0), c_char_p(None), c_void_p(None), byref(c_int()), byref(c_double()),
                      create_string_buffer(4), bytearray(3), POINTER(c_int)(), lambda *a: None,
                      ADK_ERROR(80, 0, 0, 0, 0)]


def test_no_python_exception_escapes_any_export(dll: FakeAdkDll) -> None:
    """Every export with every arity up to 8 over a mix of garbage: always the C return shape, never a raise."""
    kinds = {name: spec.kind for name, spec in EXPORTS.items()}
    rng = random.Random(5)
    calls = 0
    for name in sorted(EXPORTS):
        if name.startswith("AdkOpen") or name == "AdkClose":
            continue  # keep the company open (their garbage is covered in test_open_errors)
        export = getattr(dll, name)
        for arity in range(9):
            combos = [tuple(rng.choice(GARBAGE) for _ in range(arity)) for _ in range(40 if arity else 1)]
            if arity:
                combos += [(g,) * arity for g in GARBAGE]  # each garbage value in every position once
            for args in combos:
                result = export(*args)
                calls += 1
                kind = kinds[name]
                if kind == "error":
                    assert isinstance(result, ADK_ERROR), (name, args)
                elif kind == "handle":
                    assert isinstance(result, int), (name, args)
                elif kind == "bool":
                    assert result in (0, 1), (name, args)
                else:
                    assert result is None, (name, args)
    assert calls > 2000
    assert dll.AdkFirst(dll.AdkCreateData(c.ADK_DB_CUSTOMER)).lRc == c.ADKE_OK  # and the ADK still works


def test_an_engine_failure_is_adke_internal(dll: FakeAdkDll, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any) -> Any:
        raise KeyError("engine bug")

    assert dll.AdkNext(h=1).lRc == c.ADKE_INTERNAL  # keyword arguments: ctypes has none
    monkeypatch.setattr(dll.session, "next", lambda h: (AdkError(0), "not the C shape"))
    assert dll.AdkNext(1).lRc == c.ADKE_INTERNAL
    monkeypatch.setattr(dll.session, "first", boom)
    monkeypatch.setattr(dll.session, "create_data", boom)
    monkeypatch.setattr(dll.session, "close", boom)
    err = dll.AdkFirst(1)
    assert (err.lRc, err.lFunction) == (c.ADKE_INTERNAL, c.ADKE_FIRST)
    assert dll.AdkCreateData(c.ADK_DB_CUSTOMER) == 0
    assert dll.AdkClose() is None


# ============================================================================================ APIAdklogg (VA-26)
def test_calls_are_logged_while_apiadklogg_exists(folders: Folders, closed: FakeAdkDll) -> None:
    log = Path(folders.common) / LOG_NAME
    closed.AdkCreateData(c.ADK_DB_CUSTOMER)  # before any open: no folder known, nothing logged
    log.touch()
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_OK
    h = closed.AdkCreateData(c.ADK_DB_CUSTOMER)
    closed.AdkFirst(h)
    get_str(closed, h, c.ADK_CUSTOMER_NAME, 51)
    closed.AdkGetStr(h, c.ADK_CUSTOMER_NAME, create_string_buffer(3), 3)
    closed.AdkCreateData(9999)
    closed.AdkIsReadWrite(h, c.ADK_CUSTOMER_NAME)
    lines = [parse_line(line) for line in log.read_text(encoding="cp1252").splitlines()]
    assert [line["function"] for line in lines] == ["AdkOpen", "AdkCreateData", "AdkFirst", "AdkGetStr",
                                                    "AdkGetStr", "AdkCreateData", "AdkIsReadWrite"]
    assert all(line["pid"] == os.getpid() for line in lines)
    opened, created, first, got, short, bad, rw = lines
    assert opened["arguments"] == f"{json.dumps(folders.common)}, {json.dumps(folders.company, ensure_ascii=False)}"
    assert (opened["rc"], opened["code"]) == (0, "ADKE_OK")
    assert (created["arguments"], created["rc"], created["out"]) == ("0", None, str(h))
    assert first["arguments"] == str(h) and first["code"] == "ADKE_OK"
    assert got["arguments"] == f"{h}, 1, &char*, 51" and got["out"] == '"Alfa Bygg AB"'
    assert short["arguments"] == f"{h}, 1, char[3], 3" and short["code"] == "ADKE_TO_SHORT_STRING"
    assert short["out"] is None
    assert bad["out"] == "0 (ADKE_INVALID_DB)"
    assert rw["out"] == "1" and rw["rc"] is None


def test_logging_switches_with_the_file_and_never_fails_a_call(folders: Folders, closed: FakeAdkDll,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(calllog, "CHECK_INTERVAL", 0.0)  # the log off, a call looks once per 0.1 s: no waiting here
    log = Path(folders.common) / LOG_NAME
    closed.AdkOpen(*folders.paths)
    h = closed.AdkCreateData(c.ADK_DB_CUSTOMER)
    closed.AdkFirst(h)
    assert not log.exists()  # the ADK never creates the file
    log.touch()
    closed.AdkNext(h)
    log.unlink()
    closed.AdkNext(h)
    log.write_bytes(b"")  # created again (another inode): reopened
    closed.AdkLast(h)
    assert [parse_line(x)["function"] for x in log.read_text(encoding="cp1252").splitlines()] == ["AdkLast"]
    log.unlink()
    log.mkdir()  # an APIAdklogg that cannot be written: the calls still work
    assert closed.AdkFirst(h).lRc == c.ADKE_OK
    log.rmdir()
    closed.AdkClose()
    log.touch()
    closed.AdkFirst(h)  # after AdkClose the folder of the last open is still the log's
    assert parse_line(log.read_text(encoding="cp1252").splitlines()[-1])["code"] == "ADKE_NO_DB_OPEN"


def test_with_the_log_off_a_call_looks_for_the_file_at_most_every_check_interval(folders: Folders, closed: FakeAdkDll,
                                                                                 monkeypatch) -> None:
    """No system call per call while APIAdklogg is absent: the file switched on is seen within CHECK_INTERVAL,
    by an open at once."""
    now = [1000.0]  # the monotonic clock, moved by hand
    monkeypatch.setattr(calllog, "_monotonic", lambda: now[0])
    monkeypatch.setattr(cstyle, "_monotonic", lambda: now[0])
    log = Path(folders.common) / LOG_NAME
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_OK
    h = closed.AdkCreateData(c.ADK_DB_CUSTOMER)
    log.touch()
    now[0] += calllog.CHECK_INTERVAL / 2
    closed.AdkFirst(h)  # looked less than CHECK_INTERVAL ago (at the open): not yet
    now[0] += calllog.CHECK_INTERVAL
    closed.AdkNext(h)
    assert closed.AdkOpen(*folders.paths).lRc == c.ADKE_OK  # an open looks at once (and is logged anyway)
    assert [parse_line(x)["function"] for x in log.read_text(encoding="cp1252").splitlines()] == ["AdkNext",
                                                                                                 "AdkOpen"]


def test_passwords_are_not_logged(tmp_path: Path, closed: FakeAdkDll) -> None:
    folders = make_company(tmp_path, login={"user": "Kalle", "password": "hemligt"})
    log = Path(folders.common) / LOG_NAME
    log.touch()
    assert closed.AdkOpen2(*folders.paths, b"Kalle", b"hemligt").lRc == c.ADKE_OK
    closed.AdkOpenEx2(*folders.paths, b"Kalle", b"fel", 1)
    text = log.read_text(encoding="cp1252")
    assert "hemligt" not in text and "fel" not in text
    first = parse_line(text.splitlines()[0])
    assert first["arguments"].endswith('"Kalle", "***"')
    assert parse_line(text.splitlines()[1])["code"] == "ADKE_LOGIN_FAIL"


def test_calls_naming_a_common_files_folder_log_there_before_any_open(folders: Folders,
                                                                     closed: FakeAdkDll) -> None:
    log = Path(folders.common) / LOG_NAME
    log.touch()
    flag = c_int()
    closed.AdkIsLoginActivated(*folders.paths, byref(flag))
    line = parse_line(log.read_text(encoding="cp1252").splitlines()[0])
    assert (line["function"], line["code"], line["out"]) == ("AdkIsLoginActivated", "ADKE_OK", "0")
