"""Round trips through the company folder on disk across processes, through the C-style surface: what one process
adds another finds; the company is locked while a process has it open (ADKE_EXCLUSIVE_LOCK) and free again when
it closes or dies; a refused AdkAdd leaves nothing on disk; the tenant clock reaches the ADK process; and a
subprocess's calls are appended to APIAdklogg (VA-26)."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from simulators.adk import constants as c
from simulators.adk import datasets, dates, store
from simulators.adk.clockfile import FolderClock
from simulators.adk.cstyle import FakeAdkDll
from simulators.adk.log import LOG_NAME, parse_line
from simulators.adk.session import Adk

REPO = Path(__file__).resolve().parents[2]

# A tiny ADK client for the other processes: it opens the company, runs one of the actions below and prints a JSON
# line with what it saw. It uses only the C surface, as an integration process would.
CLIENT = r"""
import ctypes, json, sys
from ctypes import byref, addressof, c_char_p, c_double, create_string_buffer
from simulators.adk import constants as c
from simulators.adk.cstyle import load

action, common, company, *rest = sys.argv[1:]
adk = load()

def text(h, field, size=64):
    buf = create_string_buffer(size)
    err = adk.AdkGetStr(h, field, byref(c_char_p(addressof(buf))), size)
    return buf.value.decode("cp1252") if err.lRc == 0 else None

err = adk.AdkOpen(common.encode("cp1252"), company.encode("cp1252"))
out = {"open": err.lRc}
if err.lRc == 0:
    if action == "add":
        number, name = rest
        h = adk.AdkCreateData(c.ADK_DB_CUSTOMER)
        adk.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, number.encode("cp1252"))
        adk.AdkSetStr(h, c.ADK_CUSTOMER_NAME, name.encode("cp1252"))
        out["add"] = adk.AdkAdd(h).lRc
        stamp = ctypes.c_long()
        adk.AdkGetDate(h, c.ADK_CUSTOMER_TIMESTAMP, byref(stamp))
        buf = create_string_buffer(20)
        adk.AdkLongToDateTime(stamp, buf, 20)
        out["timestamp"] = buf.value.decode()
    elif action == "find":
        h = adk.AdkCreateData(c.ADK_DB_CUSTOMER)
        adk.AdkSetSortOrder(h, c.eCustomerNr)
        adk.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, rest[0].encode("cp1252"))
        out["find"] = adk.AdkFind(h).lRc
        out["name"] = text(h, c.ADK_CUSTOMER_NAME) if out["find"] == 0 else None
    elif action == "bad_adds":
        h = adk.AdkCreateData(c.ADK_DB_CUSTOMER)
        adk.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"1001")  # taken
        adk.AdkSetStr(h, c.ADK_CUSTOMER_NAME, b"Dubblett AB")
        out["duplicate"] = adk.AdkAdd(h).lRc
        inv = adk.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
        adk.AdkSetStr(inv, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, b"NOSUCH")
        out["invoice"] = adk.AdkAdd(inv).lRc
    elif action == "hold":
        print(json.dumps(out), flush=True)
        sys.stdin.readline()  # keep the company open until told
    adk.AdkClose()
print(json.dumps(out), flush=True)
"""

CUSTOMERS = [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa Bygg AB"}]


@pytest.fixture
def company(tmp_path: Path) -> tuple[str, str]:
    common, folder = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
    store.write_dataset(common, folder, datasets.prepare({"company": {"name": "Processbolaget AB"},
                                                         "tables": {"ADK_DB_CUSTOMER": CUSTOMERS}}))
    return str(common), str(folder)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def client(action: str, company: tuple[str, str], *args: str) -> tuple[dict[str, Any], int]:
    proc = subprocess.Popen([sys.executable, "-c", CLIENT, action, *company, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=_env())
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1]), proc.pid


def holder(company: tuple[str, str]) -> subprocess.Popen:
    """A process that opens the company and keeps it open until a line arrives on its stdin."""
    proc = subprocess.Popen([sys.executable, "-c", CLIENT, "hold", *company], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=_env())
    assert proc.stdout is not None
    assert json.loads(proc.stdout.readline()) == {"open": c.ADKE_OK}
    return proc


def open_here(company: tuple[str, str]) -> tuple[FakeAdkDll, int]:
    dll = FakeAdkDll(Adk())
    return dll, dll.AdkOpen(*(p.encode("cp1252") for p in company)).lRc


def test_process_a_adds_closes_and_process_b_finds_it(company: tuple[str, str]) -> None:
    added, _ = client("add", company, "2001", "Från process A AB")
    assert (added["open"], added["add"]) == (c.ADKE_OK, c.ADKE_OK)
    found, _ = client("find", company, "2001")
    assert (found["find"], found["name"]) == (c.ADKE_OK, "Från process A AB")
    missing, _ = client("find", company, "2999")
    assert missing["find"] == c.ADKE_NOT_FOUND
    dll, rc = open_here(company)  # and this process, through its own ADK
    try:
        assert rc == c.ADKE_OK
        h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
        dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"2001")
        assert dll.AdkFind(h).lRc == c.ADKE_OK
    finally:
        dll.AdkClose()


def test_the_company_is_locked_while_another_process_has_it_open(company: tuple[str, str]) -> None:
    proc = holder(company)
    try:
        assert store.is_locked(company[1])
        dll, rc = open_here(company)
        assert rc == c.ADKE_EXCLUSIVE_LOCK
        assert dll.AdkFirst(dll.AdkCreateData(c.ADK_DB_CUSTOMER)).lRc == c.ADKE_NO_DB_OPEN
        third, _ = client("find", company, "1001")  # a third process is refused too
        assert third == {"open": c.ADKE_EXCLUSIVE_LOCK}
        # reading the folder (the control plane's export) still works meanwhile
        assert [r["ADK_CUSTOMER_NUMBER"] for r in store.read_table(company[1], "ADK_DB_CUSTOMER")] == ["1001"]
    finally:
        proc.communicate("close\n", timeout=60)
    assert not store.is_locked(company[1])
    dll, rc = open_here(company)
    dll.AdkClose()
    assert rc == c.ADKE_OK


def test_a_killed_holder_leaves_no_lock_behind(company: tuple[str, str]) -> None:
    proc = holder(company)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    dll, rc = open_here(company)
    dll.AdkClose()
    assert rc == c.ADKE_OK


def test_a_refused_add_in_another_process_leaves_nothing(company: tuple[str, str]) -> None:
    before = store.read_dataset(company[1])
    result, _ = client("bad_adds", company)
    assert result["duplicate"] not in (c.ADKE_OK, c.ADKE_INTERNAL)
    assert result["invoice"] == c.ADKE_OOF_INVALID_CUSTOMER
    assert store.read_dataset(company[1]) == before
    found, _ = client("find", company, "1001")
    assert found["name"] == "Alfa Bygg AB"  # the original, not the refused duplicate


def test_the_tenant_clock_stamps_records_added_in_another_process(company: tuple[str, str]) -> None:
    FolderClock(company[1]).freeze("2030-01-02T03:04:05+00:00")  # the control plane's side
    added, _ = client("add", company, "2002", "Klockan AB")
    assert added["add"] == c.ADKE_OK
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert added["timestamp"] == dates.long_to_datetime(dates.stamp_of(moment))  # Swedish wall-clock time
    assert added["timestamp"] in ("2030-01-02 04:04:05", "2030-01-02 03:04:05")  # CET, or UTC without tz data


def test_apiadklogg_is_written_by_the_adk_process(company: tuple[str, str]) -> None:
    log = Path(company[0]) / LOG_NAME
    log.touch()
    _, pid_a = client("add", company, "2003", "Loggad AB")
    dll, rc = open_here(company)
    assert rc == c.ADKE_OK
    dll.AdkFirst(dll.AdkCreateData(c.ADK_DB_CUSTOMER))
    dll.AdkClose()
    _, pid_b = client("find", company, "2003")
    lines = [parse_line(line) for line in log.read_text(encoding="cp1252").splitlines()]
    by_pid: dict[int, list[str]] = {}
    for line in lines:
        by_pid.setdefault(line["pid"], []).append(line["function"])
    assert by_pid[pid_a][0] == "AdkOpen" and by_pid[pid_a][-1] == "AdkClose"
    assert "AdkAdd" in by_pid[pid_a]
    assert by_pid[os.getpid()] == ["AdkOpen", "AdkCreateData", "AdkFirst", "AdkClose"]
    assert by_pid[pid_b] == ["AdkOpen", "AdkCreateData", "AdkSetSortOrder", "AdkSetStr", "AdkFind", "AdkGetStr",
                             "AdkClose"]
    add = next(line for line in lines if line["function"] == "AdkAdd")
    assert (add["rc"], add["code"]) == (c.ADKE_OK, "ADKE_OK")
    set_name = [line for line in lines if line["function"] == "AdkSetStr" and line["pid"] == pid_a][1]
    assert set_name["arguments"].endswith('"Loggad AB"')
    # the lines are in call order: every process's lines are in the order its calls were made
    assert [line["pid"] for line in lines] == [pid_a] * len(by_pid[pid_a]) + [os.getpid()] * 4 + \
        [pid_b] * len(by_pid[pid_b])


def test_logging_is_switched_off_by_removing_the_file(company: tuple[str, str]) -> None:
    log = Path(company[0]) / LOG_NAME
    client("find", company, "1001")
    assert not log.exists()
    log.touch()
    client("find", company, "1001")
    count = len(log.read_text(encoding="cp1252").splitlines())
    assert count > 0
    log.unlink()
    client("find", company, "1001")
    assert not log.exists()


def test_a_value_written_through_ctypes_buffers_survives_the_round_trip(company: tuple[str, str]) -> None:
    """Windows-1252 bytes in, SQLite on disk, another process, bytes out: the same bytes."""
    name = "Ödmjuka Ärtor & Åkrar AB"
    added, _ = client("add", company, "2004", name)
    assert added["add"] == c.ADKE_OK
    dll, rc = open_here(company)
    try:
        assert rc == c.ADKE_OK
        h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
        dll.AdkSetStr(h, c.ADK_CUSTOMER_NUMBER, b"2004")
        assert dll.AdkFind(h).lRc == c.ADKE_OK
        buf = ctypes.create_string_buffer(51)
        assert dll.AdkGetStr(h, c.ADK_CUSTOMER_NAME, buf, 51).lRc == c.ADKE_OK
        assert buf.value == name.encode("cp1252")
    finally:
        dll.AdkClose()
