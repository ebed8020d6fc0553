"""A program written for ctypes.WinDLL("Adk.dll") runs unchanged against the fake (tests/adk/ctypes_program.py:
argtypes/restype, integer handles, byref out-parameters, create_string_buffer, a First/Next loop to ADKE_EOF, an
invoice with rows numbered by AdkAdd, AdkGetErrorText), in its own process, on a company folder on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulators.adk import constants as c
from simulators.adk import datasets, store
from simulators.adk.cstyle import FakeAdkDll
from simulators.adk.log import LOG_NAME, parse_line
from simulators.adk.session import Adk

PROGRAM = Path(__file__).with_name("ctypes_program.py")
REPO = Path(__file__).resolve().parents[2]

CUSTOMERS = [
    {"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa Bygg AB", "ADK_CUSTOMER_CITY": "Göteborg"},
    {"ADK_CUSTOMER_NUMBER": "1002", "ADK_CUSTOMER_NAME": "Beta Åkeri AB", "ADK_CUSTOMER_CITY": "Umeå"},
    {"ADK_CUSTOMER_NUMBER": "1003", "ADK_CUSTOMER_NAME": "Gamma Konsult AB", "ADK_CUSTOMER_CITY": "Malmö"},
]
ARTICLES = [{"ADK_ARTICLE_NUMBER": "KONS", "ADK_ARTICLE_NAME": "Konsultation", "ADK_ARTICLE_UNIT_CODE": "tim",
             "ADK_ARTICLE_PRICE": 1000.0}]


@pytest.fixture
def company(tmp_path: Path) -> tuple[str, str]:
    common, folder = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
    dataset = datasets.prepare({"company": {"name": "Programmet AB", "series": {"invoice": 5001}},
                                "tables": {"ADK_DB_CUSTOMER": CUSTOMERS, "ADK_DB_ARTICLE": ARTICLES}})
    store.write_dataset(common, folder, dataset)
    return str(common), str(folder)


def run_program(*args: str) -> tuple[int, dict[str, Any], int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, str(PROGRAM), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True, encoding="utf-8")
    out, err = proc.communicate(timeout=60)
    assert out.strip(), f"no report; stderr:\n{err}"
    return proc.returncode, json.loads(out.strip().splitlines()[-1]), proc.pid


def test_the_program_runs_unchanged_against_the_fake(company: tuple[str, str]) -> None:
    code, report, _ = run_program(*company)
    assert code == 0, report
    # the program's own ADK_ERROR class comes back (restype honoured)
    assert report["struct_type"] == "ADK_ERROR" and report["struct_is_mine"] is True
    # the read loop: every customer in number order, Windows-1252 text back as the program decodes it
    assert report["customers"] == [["1001", "Alfa Bygg AB", "Göteborg"], ["1002", "Beta Åkeri AB", "Umeå"],
                                   ["1003", "Gamma Konsult AB", "Malmö"]]
    assert report["loop_end"] == c.ADKE_EOF
    # AdkAdd numbered the invoice from the series and wrote number and totals back into the program's buffer
    invoice = report["invoice"]
    assert invoice["number"] == 5001.0
    assert invoice["net"] == 2 * 1000.0 + 1.5 * 800.0
    assert invoice["total"] == pytest.approx(invoice["net"] * 1.25)
    assert invoice["customer_name"] == "Alfa Bygg AB"  # filled from the customer register
    assert report["found_rows"] == ["Konsultation maj", "Resa"]
    assert report["found_text1"] == "Överföring från Severa"
    # the failure and its Swedish text
    failure = report["failure"]
    assert failure["rc"] == c.ADKE_OOF_INVALID_CUSTOMER
    assert (failure["table"], failure["field"], failure["function"]) == (
        c.ADKE_DBTABLE_OOF, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, c.ADKE_ADD)
    assert failure["text"] == "Ogiltig kund"
    # a buffer of 3 for a longer name: ADKE_TO_SHORT_STRING and the buffer untouched
    assert report["short_buffer"] == [c.ADKE_TO_SHORT_STRING, "000000"]


def test_what_the_program_wrote_is_in_the_company_folder(company: tuple[str, str]) -> None:
    code, report, _ = run_program(*company)
    assert code == 0, report
    invoices = store.read_table(company[1], "ADK_DB_INVOICE_HEAD")
    assert [inv["ADK_OOI_HEAD_DOCUMENT_NUMBER"] for inv in invoices] == [5001.0]  # the failed add left nothing
    head = invoices[0]
    assert head["ADK_OOI_HEAD_CUSTOMER_NUMBER"] == "1001" and head["ADK_OOI_HEAD_DOCUMENT_DATE1"] == "2024-05-02"
    assert [r["ADK_OOI_ROW_TEXT"] for r in head["ADK_OOI_HEAD_ROWS"]] == ["Konsultation maj", "Resa"]
    assert store.read_dataset(company[1])["company"]["series"]["invoice"] == 5002
    # and this process reads it through the C surface too
    dll = FakeAdkDll(Adk())
    assert dll.AdkOpen(*(p.encode("cp1252") for p in company)).lRc == c.ADKE_OK
    try:
        import ctypes

        h = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
        dll.AdkSetDouble(h, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, 5001.0)
        assert dll.AdkFind(h).lRc == c.ADKE_OK
        total = ctypes.c_double()
        dll.AdkGetDouble(h, c.ADK_OOI_HEAD_TOTAL_AMOUNT, ctypes.byref(total))
        assert total.value == report["invoice"]["total"]
    finally:
        dll.AdkClose()


def test_a_second_run_gets_the_next_number(company: tuple[str, str]) -> None:
    assert run_program(*company)[1]["invoice"]["number"] == 5001.0
    assert run_program(*company)[1]["invoice"]["number"] == 5002.0


def test_a_bad_company_path_is_reported_with_the_adk_text(company: tuple[str, str], tmp_path: Path) -> None:
    code, report, _ = run_program(company[0], str(tmp_path / "Företag" / "FINNS_INTE"))
    assert code == 1
    assert report["open"] == [c.ADKE_INVALID_PATH_COMPANY, "Felaktig sökväg till företag"]


def test_the_program_is_refused_while_this_process_has_the_company_open(company: tuple[str, str]) -> None:
    holder = FakeAdkDll(Adk())
    assert holder.AdkOpen(*company).lRc == c.ADKE_OK
    try:
        code, report, _ = run_program(*company)
        assert code == 1
        assert report["open"][0] == c.ADKE_EXCLUSIVE_LOCK
    finally:
        holder.AdkClose()
    assert run_program(*company)[0] == 0


def test_the_program_s_calls_go_to_apiadklogg(company: tuple[str, str]) -> None:
    log = Path(company[0]) / LOG_NAME
    log.touch()
    code, _, pid = run_program(*company)
    assert code == 0
    lines = [parse_line(line) for line in log.read_text(encoding="cp1252").splitlines()]
    assert {line["pid"] for line in lines} == {pid}
    functions = [line["function"] for line in lines]
    assert functions[0] == "AdkOpen" and functions[-1] == "AdkClose"
    assert {"AdkCreateData", "AdkFirst", "AdkNext", "AdkGetStr", "AdkAdd", "AdkGetErrorText"} <= set(functions)
    adds = [line for line in lines if line["function"] == "AdkAdd"]
    assert [(a["rc"], a["code"]) for a in adds] == [(0, "ADKE_OK"), (c.ADKE_OOF_INVALID_CUSTOMER,
                                                                      "ADKE_OOF_INVALID_CUSTOMER")]
    assert any(line["function"] == "AdkNext" and line["code"] == "ADKE_EOF" for line in lines)
