"""VA-26, APIAdklogg through both surfaces: the Pythonic `Adk` logs every public method under the DLL export's
name; a C-style program's calls are logged exactly once each (with their C arguments), however many session
calls an export makes and whatever its warning callback calls back."""

from __future__ import annotations

import ctypes
import inspect
from ctypes import POINTER, addressof, byref, c_char_p, c_double, c_int, create_string_buffer
from pathlib import Path
from typing import Any

import pytest

from simulators.adk import constants as c
from simulators.adk import datasets, store
from simulators.adk import log as calllog
from simulators.adk.cstyle import ADK_ERROR, EXPORTS, FakeAdkDll
from simulators.adk.log import LOG_NAME, parse_line
from simulators.adk.session import Adk, export_name


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    common, company = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
    store.write_dataset(common, company, datasets.prepare({
        "company": {"name": "Loggbolaget AB"},
        "tables": {
            "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa Bygg AB"},
                                {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Beta Åkeri AB"}],
            "ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "KONS", "ADK_ARTICLE_NAME": "Konsultation",
                                "ADK_ARTICLE_UNIT_CODE": "tim", "ADK_ARTICLE_PRICE": 1000.0}],
        },
    }))
    return common, company


def lines(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [parse_line(line) for line in log.read_text(encoding="cp1252").splitlines()]


def test_every_public_method_logs_under_an_export_of_the_dll() -> None:
    public = [name for name, member in inspect.getmembers(Adk, inspect.isfunction)
              if not name.startswith("_") and name not in ("handle_table", "begin_foreign_call", "end_foreign_call")]
    assert len(public) > 50
    assert {name: export_name(name) for name in public if export_name(name) not in EXPORTS} == {}
    assert export_name("get_nrows_field_id") == "AdkGetNrowsFldId"
    assert export_name("long_to_datetime") == "AdkLongToDateTime"


def test_a_pythonic_session_logs_its_calls(folders: tuple[Path, Path]) -> None:
    common, company = folders
    log = common / LOG_NAME
    api = Adk()
    api.create_data(c.ADK_DB_CUSTOMER)  # before any open: no folder known, nothing logged
    log.touch()
    assert api.open(common, company).ok
    h = api.create_data(c.ADK_DB_CUSTOMER)
    assert api.first(h).ok
    assert api.get_str(h, c.ADK_CUSTOMER_NAME, 51)[1] == "Alfa Bygg AB"
    assert api.get_str(h, c.ADK_CUSTOMER_NAME, 3)[0].rc == c.ADKE_TO_SHORT_STRING
    assert api.set_str(h, c.ADK_CUSTOMER_NAME, "Alfa Bygg & Co AB").ok
    assert api.get_double(h, c.ADK_CUSTOMER_CLAIM) == (api.get_double(h, c.ADK_CUSTOMER_CLAIM)[0], 0.0)
    assert api.create_data(9999) == 0
    assert api.is_read_write(h, c.ADK_CUSTOMER_NAME)
    assert api.get_version() == (2024, 1)
    assert api.long_to_date(20250310)[1] == "2025-03-10"
    assert api.get_company_name(max_len=64)[1] == "Loggbolaget AB"
    api.close()
    got = lines(log)
    assert [x["function"] for x in got] == [
        "AdkOpen", "AdkCreateData", "AdkFirst", "AdkGetStr", "AdkGetStr", "AdkSetStr", "AdkGetDouble",
        "AdkGetDouble", "AdkCreateData", "AdkIsReadWrite", "AdkGetVersion", "AdkLongToDate", "AdkGetCompanyName",
        "AdkClose"]
    opened, created, first, got_str, short, set_str, claim, _, bad, rw, version, date, name, closed = got
    assert opened["arguments"] == f"{calllog.text(str(common))}, {calllog.text(str(company))}"
    assert (opened["rc"], opened["code"], opened["out"]) == (0, "ADKE_OK", None)
    assert (created["arguments"], created["rc"], created["out"]) == (str(c.ADK_DB_CUSTOMER), None, str(h))
    assert (first["arguments"], first["code"]) == (str(h), "ADKE_OK")
    assert got_str["arguments"] == f"{h}, {c.ADK_CUSTOMER_NAME}, 51" and got_str["out"] == '"Alfa Bygg AB"'
    assert (short["code"], short["out"]) == ("ADKE_TO_SHORT_STRING", None)
    assert set_str["arguments"] == f'{h}, {c.ADK_CUSTOMER_NAME}, "Alfa Bygg & Co AB"' and set_str["out"] is None
    assert claim["out"] == "0.0"
    assert bad["out"] == "0 (ADKE_INVALID_DB)"
    assert (rw["rc"], rw["out"]) == (None, "1")
    assert version["out"] == '"2024.1"'
    assert date["out"] == '"2025-03-10"'
    assert name["arguments"] == "max_len=64" and name["out"] == '"Loggbolaget AB"'
    assert (closed["arguments"], closed["rc"], closed["code"]) == ("", None, None)


def test_passwords_are_masked_on_the_pythonic_surface(tmp_path: Path) -> None:
    common, company = tmp_path / "Gemensamma filer", tmp_path / "FTG"
    store.write_dataset(common, company, datasets.prepare({
        "company": {"name": "Lösen AB", "login": {"user": "Kalle", "password": "hemligt"}}, "tables": {}}))
    (common / LOG_NAME).touch()
    api = Adk()
    assert api.open2(common, company, "Kalle", "hemligt").ok
    assert api.open_ex2(common, company, "Kalle", password="fel").rc == c.ADKE_LOGIN_FAIL
    api.close()
    text = (common / LOG_NAME).read_text(encoding="cp1252")
    assert "hemligt" not in text and "fel" not in text
    first, second, _ = lines(common / LOG_NAME)
    assert first["arguments"].endswith('"Kalle", "***"')
    assert second["arguments"].endswith('"Kalle", password="***"') and second["code"] == "ADKE_LOGIN_FAIL"


def test_the_pythonic_log_switches_with_the_file(folders: tuple[Path, Path], monkeypatch) -> None:
    common, company = folders
    log = common / LOG_NAME
    monkeypatch.setattr(calllog, "CHECK_INTERVAL", 0.0)  # no 0.1 s to wait for
    api = Adk()
    assert api.open(common, company).ok
    h = api.create_data(c.ADK_DB_CUSTOMER)
    log.touch()  # switched on while the company is open
    api.get_str(h, c.ADK_CUSTOMER_NAME, 51)  # a field accessor only looks at the flag: not yet
    assert api.first(h).ok  # a cursor move looks at the disk (at most CHECK_INTERVAL after the last look)
    api.get_str(h, c.ADK_CUSTOMER_NAME, 51)
    log.unlink()
    api.next(h)  # the log on, every call looks: removing the file stops it at once
    log.write_bytes(b"")
    api.next(h)
    assert [x["function"] for x in lines(log)] == ["AdkNext"]
    log.unlink()
    log.mkdir()  # an APIAdklogg that cannot be written: the calls still work
    assert api.previous(h).ok and api.get_str(h, c.ADK_CUSTOMER_NUMBER, 16)[1] == "1002"  # after EOF: the last
    log.rmdir()
    api.close()
    log.touch()
    assert api.first(h).rc == c.ADKE_NO_DB_OPEN  # after close the folder of the last open is still the log's
    assert lines(log)[-1]["code"] == "ADKE_NO_DB_OPEN"


def test_a_c_style_programs_calls_are_logged_exactly_once(folders: tuple[Path, Path]) -> None:
    common, company = folders
    log = common / LOG_NAME
    log.touch()
    dll = FakeAdkDll(Adk())
    calls: list[str] = []

    def call(name: str, *args: Any) -> Any:
        calls.append(name)
        return getattr(dll, name)(*args)

    def on_warning(p: Any) -> None:  # a warning callback that calls the ADK itself: those calls are logged too
        buf = create_string_buffer(128)
        call("AdkGetErrorText", p, c.elRc, buf, 128)

    warn = ctypes.CFUNCTYPE(None, POINTER(ADK_ERROR))(on_warning)
    assert call("AdkOpen", str(common).encode("cp1252"), str(company).encode("cp1252")).lRc == 0
    call("AdkSetWarningFunction", warn)
    head = call("AdkCreateData", c.ADK_DB_INVOICE_HEAD)
    call("AdkSetStr", head, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, b"1001")
    rows = call("AdkCreateDataRow", c.ADK_DB_INVOICE_ROW, 1)
    row = call("AdkGetDataRow", rows, 0)
    call("AdkSetStr", row, c.ADK_OOI_ROW_ARTICLE_NUMBER, b"KONS")
    call("AdkSetDouble", row, c.ADK_OOI_ROW_QUANTITY1, 2.0)
    call("AdkSetDouble", head, c.ADK_OOI_HEAD_NROWS, 1.0)
    call("AdkSetData", head, c.ADK_OOI_HEAD_ROWS, rows)
    call("AdkSetBool", head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 1)
    assert call("AdkAdd", head).lRc == 0
    call("AdkSetBool", head, c.ADK_OOI_HEAD_DOCUMENT_PRINTED, 0)
    assert call("AdkUpdate", head).lRc == 0  # warns: the callback runs inside AdkUpdate
    one = c_int()
    call("AdkGetRowData", head, 0, byref(one))  # a .NET name the fake answers with two session calls
    amount = c_double()
    call("AdkGetDouble", one.value, c.ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY, byref(amount))
    name = create_string_buffer(51)
    call("AdkGetStr", head, c.ADK_OOI_HEAD_CUSTOMER_NAME, byref(c_char_p(addressof(name))), 51)
    call("AdkIsLoginActivated", str(common).encode("cp1252"), str(company).encode("cp1252"), byref(c_int()))
    call("AdkClose")
    got = lines(log)
    # a line is written when its call returns: the callback's call, made inside AdkUpdate, comes first
    update = calls.index("AdkUpdate")
    assert calls[update + 1] == "AdkGetErrorText"
    calls[update:update + 2] = ["AdkGetErrorText", "AdkUpdate"]
    assert [x["function"] for x in got] == calls
    logged = {x["function"]: x for x in got}
    assert logged["AdkGetStr"]["arguments"] == f"{head}, {c.ADK_OOI_HEAD_CUSTOMER_NAME}, &char*, 51"
    assert logged["AdkGetRowData"]["arguments"] == f"{head}, 0, &int" and logged["AdkGetRowData"]["out"] == str(
        one.value)
    assert logged["AdkSetWarningFunction"]["arguments"] == "<callback>"


def test_both_surfaces_on_one_adk_log_each_call_once(folders: tuple[Path, Path]) -> None:
    common, company = folders
    log = common / LOG_NAME
    log.touch()
    api = Adk()
    dll = FakeAdkDll(api)
    assert dll.AdkOpen(str(common).encode("cp1252"), str(company).encode("cp1252")).lRc == 0
    h = api.create_data(c.ADK_DB_CUSTOMER)
    assert dll.AdkFirst(h).lRc == 0
    assert api.next(h).ok
    buf = create_string_buffer(16)
    assert dll.AdkGetStr(h, c.ADK_CUSTOMER_NUMBER, buf, 16).lRc == 0 and buf.value == b"1002"
    api.close()
    assert [(x["function"], x["arguments"]) for x in lines(log)] == [
        ("AdkOpen", f"{calllog.text(str(common))}, {calllog.text(str(company))}"),
        ("AdkCreateData", str(c.ADK_DB_CUSTOMER)), ("AdkFirst", str(h)), ("AdkNext", str(h)),
        ("AdkGetStr", f"{h}, {c.ADK_CUSTOMER_NUMBER}, char[16], 16"), ("AdkClose", "")]
