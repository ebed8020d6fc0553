"""The ADK session: AdkOpen and its path, login and lock errors, calls without an open company, AdkClose, the
company name, versions and error texts; the lock across processes and a round trip through the folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import datasets, store
from simulators.adk.errors import AdkError
from simulators.adk.session import Adk, default

REPO = Path(__file__).resolve().parents[2]


def make_company(root: Path, name: str = "Test AB", login: dict | None = None, folder: str = "FTG1") -> tuple:
    common, company = root / "Gemensamma filer", root / "Företag" / folder
    data = datasets.prepare({"company": {"name": name, "login": login}, "tables": {
        "ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB"}]}})
    store.write_dataset(common, company, data)
    return common, company


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return make_company(tmp_path)


@pytest.fixture
def api():
    a = Adk()
    yield a
    a.close()


def test_open_and_close(api: Adk, paths) -> None:
    common, company = paths
    assert api.open(common, company) == AdkError(0)
    assert api.is_open and api.company_folder == company and api.common_files == common
    assert api.get_company_name(51) == (AdkError(0), "Test AB")
    api.close()
    assert not api.is_open
    api.close()  # closing twice is harmless


def test_paths_as_str_and_bytes(api: Adk, paths) -> None:
    common, company = paths
    assert api.open(str(common), str(company)).ok
    assert api.open(str(common).encode("cp1252"), str(company).encode("cp1252")).ok


def test_bad_common_files_path(api: Adk, paths, tmp_path: Path) -> None:
    _common, company = paths
    err = api.open(tmp_path / "nowhere", company)
    assert (err.rc, err.function) == (adk.ADKE_INVALID_ADM_PATH, adk.ADKE_OPEN)
    assert api.get_error_text(err, adk.elRc).startswith("Felaktig sökväg till gemensamma filer")
    assert api.open("", company).rc == adk.ADKE_INVALID_ADM_PATH
    assert api.open(None, company).rc == adk.ADKE_INVALID_ADM_PATH
    assert api.open(company, company).rc == adk.ADKE_INVALID_ADM_PATH  # a company folder is no common-files folder


def test_bad_company_path(api: Adk, paths, tmp_path: Path) -> None:
    common, _company = paths
    err = api.open(common, tmp_path / "Företag" / "FTG9")
    assert (err.rc, err.function) == (adk.ADKE_INVALID_PATH_COMPANY, adk.ADKE_OPEN)
    assert api.get_error_text(err) == "Felaktig sökväg till företag"
    assert api.open(common, "").rc == adk.ADKE_INVALID_PATH_COMPANY
    assert api.open(common, common).rc == adk.ADKE_INVALID_PATH_COMPANY


def test_no_company_open(api: Adk, paths, tmp_path: Path) -> None:
    common, company = paths
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert h  # buffers are memory: they do not need a company
    for call in (api.first, api.next, api.last, api.previous, api.find, api.add, api.update, api.delete_record):
        err = call(h)
        assert err.rc == adk.ADKE_NO_DB_OPEN, call.__name__
        assert err.db_table == adk.ADKE_DBTABLE_CUSTOMER
    assert api.get_company_name(51)[0].rc == adk.ADKE_NO_DB_OPEN
    assert api.get_error_text(api.first(h)) == "Ingen databas öppen"
    # after a failed open too, even when a company was open before
    assert api.open(common, company).ok
    assert api.open(common, tmp_path / "nope").rc == adk.ADKE_INVALID_PATH_COMPANY
    assert api.first(h).rc == adk.ADKE_NO_DB_OPEN
    # and after a close
    assert api.open(common, company).ok
    assert api.first(h).ok
    api.close()
    err = api.next(h)
    assert (err.rc, err.function) == (adk.ADKE_NO_DB_OPEN, adk.ADKE_NEXT)


def test_login_activated_company(api: Adk, tmp_path: Path) -> None:
    common, company = make_company(tmp_path, login={"user": "Ekonomi", "password": "hemligt"})
    assert api.is_login_activated(common, company) == (AdkError(0), True)
    err = api.open(common, company)
    assert (err.rc, err.function) == (adk.ADKE_LOGIN_DENIED, adk.ADKE_OPEN)
    assert api.open_ex(common, company, 1).rc == adk.ADKE_LOGIN_DENIED
    err = api.open2(common, company, "Ekonomi", "fel")
    assert (err.rc, err.function) == (adk.ADKE_LOGIN_FAIL, adk.ADKE_OPEN2)
    assert api.open2(common, company, "someone", "hemligt").rc == adk.ADKE_LOGIN_FAIL
    assert api.first(api.create_data(adk.ADK_DB_CUSTOMER)).rc == adk.ADKE_NO_DB_OPEN
    assert api.open2(common, company, "ekonomi", "hemligt").ok  # user names are not case-sensitive
    assert api.open_ex2(common, company, "Ekonomi", "hemligt", 1).ok


def test_login_not_activated(api: Adk, paths, tmp_path: Path) -> None:
    common, company = paths
    assert api.is_login_activated(common, company) == (AdkError(0), False)
    assert api.open2(common, company, "whoever", "whatever").ok  # credentials are not needed, nor checked
    assert api.open_ex(common, company, 0).ok
    assert api.is_login_activated(tmp_path / "x", company)[0].rc == adk.ADKE_INVALID_ADM_PATH
    assert api.is_login_activated(common, tmp_path / "x")[0].rc == adk.ADKE_INVALID_PATH_COMPANY


def test_exclusive_lock_in_process(paths) -> None:
    common, company = paths
    first, second = Adk(), Adk()
    try:
        assert first.open(common, company).ok
        assert store.is_locked(company)
        err = second.open(common, company)
        assert (err.rc, err.function) == (adk.ADKE_EXCLUSIVE_LOCK, adk.ADKE_OPEN)
        assert second.first(second.create_data(adk.ADK_DB_CUSTOMER)).rc == adk.ADKE_NO_DB_OPEN
        first.close()
        assert not store.is_locked(company)
        assert second.open(common, company).ok  # close released it
    finally:
        first.close()
        second.close()


OPENER = """
import sys
from simulators.adk.session import Adk
api = Adk()
err = api.open(sys.argv[1], sys.argv[2])
print(err.rc)
"""


def test_exclusive_lock_across_processes(api: Adk, paths) -> None:
    common, company = paths
    assert api.open(common, company).ok
    out = subprocess.run([sys.executable, "-c", OPENER, str(common), str(company)], capture_output=True, text=True,
                         cwd=REPO, timeout=60, check=True)
    assert out.stdout.strip() == str(adk.ADKE_EXCLUSIVE_LOCK)
    api.close()
    out = subprocess.run([sys.executable, "-c", OPENER, str(common), str(company)], capture_output=True, text=True,
                         cwd=REPO, timeout=60, check=True)
    assert out.stdout.strip() == "0"


def test_open_switches_company(api: Adk, tmp_path: Path) -> None:
    common, one = make_company(tmp_path, "Ett AB", folder="FTG1")
    _common, two = make_company(tmp_path, "Två AB", folder="FTG2")
    assert api.open(common, one).ok
    assert api.open(common, two).ok
    assert api.get_company_name(51)[1] == "Två AB"
    assert not store.is_locked(one) and store.is_locked(two)


def test_company_name_by_path_and_buffer_size(api: Adk, paths, tmp_path: Path) -> None:
    common, company = paths
    assert api.get_company_name(51, company, common) == (AdkError(0), "Test AB")
    assert api.get_company_name(51, tmp_path / "x")[0].rc == adk.ADKE_INVALID_PATH_COMPANY
    assert api.get_company_name(51, company, tmp_path / "x")[0].rc == adk.ADKE_INVALID_ADM_PATH
    assert api.open(common, company).ok
    assert api.get_company_name(8)[1] == "Test AB"  # 7 characters + NUL
    err, text = api.get_company_name(7)
    assert (err.rc, text) == (adk.ADKE_TO_SHORT_STRING, "")


def test_versions() -> None:
    api = Adk()
    major, minor = api.get_version()
    assert major >= 2019 and minor >= 0
    assert api.get_program_database_version() == (major, minor)


def test_error_texts_of_each_component(api: Adk, paths) -> None:
    common, company = paths
    assert api.open(common, company).ok
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    err = api.set_str(h, adk.ADK_CUSTOMER_NAME, "x" * 51)
    assert err == AdkError(adk.ADKE_TOO_MANY_SIGNS, adk.ADKE_DBTABLE_CUSTOMER, adk.ADK_CUSTOMER_NAME,
                           adk.ADKE_SET_STRING)
    assert api.get_error_text(err, adk.elRc, 200) == "För många tecken"
    assert api.get_error_text(err, adk.elDbTable, 200)
    assert api.get_error_text(err, adk.elField, 200) == "Namn"
    assert api.get_error_text(err, adk.elFunction, 200) == "AdkSetStr"
    assert api.get_error_text(err, adk.elProgramPart, 200) == ""
    assert api.get_error_text(err, adk.elRc, 4) == "För"  # cut to the buffer, NUL included
    assert api.get_error_text(err, 99) == ""
    assert api.get_error_text(AdkError(0)) == "Inget fel"


def test_round_trip_through_the_folder(paths) -> None:
    common, company = paths
    api = Adk()
    assert api.open(common, company).ok
    h = api.create_data(adk.ADK_DB_CUSTOMER)
    assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "2001").ok
    assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "Åkesson & Öberg AB").ok
    assert api.add(h).ok
    api.close()
    again = Adk()
    try:
        assert again.open(common, company).ok
        f = again.create_data(adk.ADK_DB_CUSTOMER)
        assert again.set_str(f, adk.ADK_CUSTOMER_NUMBER, "2001").ok
        assert again.find(f).ok
        assert again.get_str(f, adk.ADK_CUSTOMER_NAME, 51)[1] == "Åkesson & Öberg AB"
    finally:
        again.close()
    names = [c["ADK_CUSTOMER_NAME"] for c in store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"]]
    assert "Åkesson & Öberg AB" in names


def test_default_instance_is_process_wide() -> None:
    assert default() is default()
    assert isinstance(default(), Adk)


def test_context_manager_and_a_dropped_instance_release_the_lock(paths) -> None:
    common, company = paths
    with Adk() as api:
        assert api.open(common, company).ok
        assert store.is_locked(company)
    assert not store.is_locked(company)
    dropped = Adk()
    assert dropped.open(common, company).ok
    del dropped
    assert not store.is_locked(company)
