"""The company folder: datasets in and out (checked, completed, atomic), reading while an ADK has the company
open, the lock probe, and the folder clock."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulators.adk import constants as adk
from simulators.adk import datasets, store
from simulators.adk.clockfile import CLOCK_FILE, FolderClock, folder_now
from simulators.adk.session import Adk
from simulators.core.errors import DatasetError

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def dataset(**tables) -> dict:
    base = {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "Alfa AB"}]}
    return datasets.prepare({"company": {"name": "Test AB", "org_number": "556677-8899"},
                             "tables": {**base, **tables}})


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"


def test_write_and_read(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    assert store.is_common_files(common) and store.is_company(company)
    assert not store.is_company(common) and not store.is_common_files(company)
    data = store.read_dataset(company)
    assert data["company"]["name"] == "Test AB" and data["company"]["org_number"] == "556677-8899"
    assert data["company"]["login"] is None
    customers = data["tables"]["ADK_DB_CUSTOMER"]
    assert customers[0]["ADK_CUSTOMER_NAME"] == "Alfa AB"
    assert customers[0]["ADK_CUSTOMER_TIMESTAMP"] == "2025-03-10T10:00:00"  # stamped: Swedish wall clock
    assert customers[0]["ADK_CUSTOMER_CLAIM"] == 0.0  # every field, computed ones included
    assert customers[0]["ADK_CUSTOMER_LAST_INVOICE_DATE"] is None
    assert len(data["tables"]["ADK_DB_CODE_OF_CURRENCY"]) >= 5  # the defaults of a new company
    assert store.read_table(company, "ADK_DB_CUSTOMER") == customers
    # what read_dataset gives, write_dataset takes back unchanged
    again = folders[1].parent / "FTG2"
    store.write_dataset(common, again, data, now=NOW)
    assert store.read_dataset(again) == data


def test_invoices_are_completed(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(
        ADK_DB_ARTICLE=[{"ADK_ARTICLE_NUMBER": "A1", "ADK_ARTICLE_NAME": "Konsult", "ADK_ARTICLE_UNIT_CODE": "tim"}],
        ADK_DB_INVOICE_HEAD=[
            {"ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001", "ADK_OOI_HEAD_DOCUMENT_DATE1": "2025-02-01",
             "ADK_OOI_HEAD_ROWS": [{"ADK_OOI_ROW_ARTICLE_NUMBER": "A1", "ADK_OOI_ROW_QUANTITY1": 2,
                                    "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": 500}]},
            {"ADK_OOI_HEAD_DOCUMENT_NUMBER": 7, "ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001",
             "ADK_OOI_HEAD_TOTAL_AMOUNT": 99.0, "ADK_OOI_HEAD_BALANCE": 0.0}],
        ADK_DB_CUSTOMERPAYMENT=[{"ADK_CUSTOMERPAYMENT_INVOICE_NUMBER": 8, "ADK_CUSTOMERPAYMENT_AMOUNT_KR": 1000.0,
                                 "ADK_CUSTOMERPAYMENT_DATE": "2025-02-20"}],
    ), now=NOW)
    data = store.read_dataset(company)
    first, given = sorted(data["tables"]["ADK_DB_INVOICE_HEAD"], key=lambda i: -i["ADK_OOI_HEAD_DOCUMENT_NUMBER"])
    assert first["ADK_OOI_HEAD_DOCUMENT_NUMBER"] == 8  # numbered after the highest explicit number
    assert first["ADK_OOI_HEAD_CUSTOMER_NAME"] == "Alfa AB"
    assert first["ADK_OOI_HEAD_TOTAL_AMOUNT"] == 1250.0 and first["ADK_OOI_HEAD_VAT_AMOUNT"] == 250.0
    assert first["ADK_OOI_HEAD_BALANCE"] == 250.0  # minus the payment in the dataset
    assert first["ADK_OOI_HEAD_LAST_PAYMENT"] == "2025-02-20"
    assert first["ADK_OOI_HEAD_DOCUMENT_DATE2"] == "2025-03-03"  # 30 days
    assert first["ADK_OOI_HEAD_NROWS"] == 1.0
    assert first["ADK_OOI_HEAD_ROWS"][0]["ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY"] == 1000.0
    assert first["ADK_OOI_HEAD_ROWS"][0]["ADK_OOI_ROW_ROWNUMBER"] == 1.0
    assert first["ADK_OOI_HEAD_ROWS"][0]["ADK_OOI_ROW_UNIT"] == "tim"
    assert given["ADK_OOI_HEAD_TOTAL_AMOUNT"] == 99.0 and given["ADK_OOI_HEAD_BALANCE"] == 0.0  # as given
    payment = data["tables"]["ADK_DB_CUSTOMERPAYMENT"][0]
    assert payment["ADK_CUSTOMERPAYMENT_NR"] == 1.0 and payment["ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY"] == 1000.0
    customer = data["tables"]["ADK_DB_CUSTOMER"][0]
    assert customer["ADK_CUSTOMER_CLAIM"] == 250.0
    assert customer["ADK_CUSTOMER_LAST_INVOICE_DATE"] == "2025-03-10"  # the second invoice is dated today
    assert data["company"]["series"]["invoice"] == 9 and data["company"]["series"]["customer_payment"] == 2


@pytest.mark.parametrize(("tables", "path", "words"), [
    ({"ADK_DB_NOPE": []}, "$.tables.ADK_DB_NOPE", "unknown table"),
    ({"ADK_DB_INVOICE_ROW": []}, "$.tables.ADK_DB_INVOICE_ROW", "rows"),
    ({"ADK_DB_ARTICLE": {}}, "$.tables.ADK_DB_ARTICLE", "list"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x", "ADK_ARTICLE_COLOUR": "red"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_COLOUR", "no field"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": 1, "ADK_ARTICLE_NAME": "x"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_NUMBER", "text"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A" * 17, "ADK_ARTICLE_NAME": "x"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_NUMBER", "16"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "Ω"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_NAME", "Windows-1252"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x", "ADK_ARTICLE_PRICE": "9"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_PRICE", "number"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x", "ADK_ARTICLE_PRICE": 1.005}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_PRICE", "decimals"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x", "ADK_ARTICLE_WEBSHOP": 1}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_WEBSHOP", "true or false"),
    ({"ADK_DB_PROJECT": [{"ADK_PROJECT_CODE_OF_PROJECT": "P", "ADK_PROJECT_NAME": "x",
                          "ADK_PROJECT_DATE_OF_END": "2025-13-01"}]},
     "$.tables.ADK_DB_PROJECT[0].ADK_PROJECT_DATE_OF_END", "YYYY-MM-DD"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x"},
                         {"ADK_ARTICLE_NUMBER": "a", "ADK_ARTICLE_NAME": "y"}]},
     "$.tables.ADK_DB_ARTICLE[1].ADK_ARTICLE_NUMBER", "duplicate"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NAME": "x"}]}, "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_NUMBER", "112"),
    ({"ADK_DB_ARTICLE": [{"ADK_ARTICLE_NUMBER": "A", "ADK_ARTICLE_NAME": "x", "ADK_ARTICLE_UNIT_CODE": "zz"}]},
     "$.tables.ADK_DB_ARTICLE[0].ADK_ARTICLE_UNIT_CODE", "enhetskod"),
    ({"ADK_DB_INVOICE_HEAD": [{"ADK_OOI_HEAD_CUSTOMER_NUMBER": "9"}]},
     "$.tables.ADK_DB_INVOICE_HEAD[0].ADK_OOI_HEAD_CUSTOMER_NUMBER", "kund"),
    ({"ADK_DB_INVOICE_HEAD": [{"ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001", "ADK_OOI_HEAD_ROWS": [
        {"ADK_OOI_ROW_ARTICLE_NUMBER": "NOPE"}]}]},
     "$.tables.ADK_DB_INVOICE_HEAD[0].ADK_OOI_ROW_ARTICLE_NUMBER", "artikel"),
    ({"ADK_DB_INVOICE_HEAD": [{"ADK_OOI_HEAD_CUSTOMER_NUMBER": "1001", "ADK_OOI_HEAD_ROWS": [
        {"ADK_OOI_ROW_QUANTITY": 1}]}]},
     "$.tables.ADK_DB_INVOICE_HEAD[0].ADK_OOI_HEAD_ROWS[0].ADK_OOI_ROW_QUANTITY", "no field"),
    ({"ADK_DB_CUSTOMERPAYMENT": [{"ADK_CUSTOMERPAYMENT_INVOICE_NUMBER": 5, "ADK_CUSTOMERPAYMENT_AMOUNT_KR": 1}]},
     "$.tables.ADK_DB_CUSTOMERPAYMENT[0].ADK_CUSTOMERPAYMENT_INVOICE_NUMBER", "faktura"),
    ({"ADK_DB_SUPPLIER_INVOICE_HEAD": [{"ADK_SUP_INV_HEAD_SUPPLIER_NUMBER": "X"}]},
     "$.tables.ADK_DB_SUPPLIER_INVOICE_HEAD[0].ADK_SUP_INV_HEAD_SUPPLIER_NUMBER", "leverantör"),
    ({"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1", "ADK_CUSTOMER_NAME": "x",
                           "ADK_CUSTOMER_ORGANISATION_NUMBER": "556123-4568"}]},
     "$.tables.ADK_DB_CUSTOMER[0].ADK_CUSTOMER_ORGANISATION_NUMBER", "108"),
])
def test_bad_datasets(folders, tables: dict, path: str, words: str) -> None:
    common, company = folders
    with pytest.raises(DatasetError) as caught:
        store.write_dataset(common, company, dataset(**tables), now=NOW)
    assert caught.value.path == path
    assert words.lower() in caught.value.message.lower()


def test_a_refused_dataset_leaves_the_company_as_it_was(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    before = store.read_dataset(company)
    with pytest.raises(DatasetError):
        store.write_dataset(common, company, dataset(ADK_DB_NOPE=[]), now=NOW)
    assert store.read_dataset(company) == before
    assert sorted(p.name for p in company.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_the_company_is_built_without_a_journal_and_left_in_wal(folders, monkeypatch) -> None:
    """The temporary file is private until the rename: no journal, no syncs while building (one fsync before
    the rename); the file sessions open is in WAL."""
    import sqlite3

    statements: list[str] = []

    class Spy(sqlite3.Connection):
        def execute(self, sql, *args):  # type: ignore[override]
            statements.append(sql)
            return super().execute(sql, *args)

    real_connect = sqlite3.connect
    monkeypatch.setattr(store.sqlite3, "connect", lambda *a, **kw: real_connect(*a, factory=Spy, **kw))
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    monkeypatch.undo()
    pragmas = [s for s in statements if s.startswith("PRAGMA")]
    assert pragmas[:2] == ["PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF"]
    assert statements.index("PRAGMA synchronous=OFF") < statements.index("BEGIN")
    assert pragmas[-1] == "PRAGMA journal_mode=WAL"
    conn = sqlite3.connect(company / store.DB_FILE)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()
    assert sorted(p.name for p in company.iterdir() if p.name.startswith(".") or "journal" in p.name) == []


def test_replacing_while_open_is_refused_and_reading_works(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    api = Adk()
    try:
        assert api.open(common, company).ok
        assert store.is_locked(company)
        with pytest.raises(store.CompanyLockedError):
            store.write_dataset(common, company, dataset(), now=NOW)
        h = api.create_data(adk.ADK_DB_CUSTOMER)
        assert api.set_str(h, adk.ADK_CUSTOMER_NUMBER, "1002").ok
        assert api.set_str(h, adk.ADK_CUSTOMER_NAME, "Beta AB").ok
        assert api.add(h).ok
        names = [c["ADK_CUSTOMER_NAME"] for c in store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"]]
        assert names == ["Alfa AB", "Beta AB"]  # read while the ADK has the company open
        assert store.read_meta(company)["name"] == "Test AB"
    finally:
        api.close()
    assert not store.is_locked(company)
    store.write_dataset(common, company, dataset(), now=NOW)  # closed: replacing works
    assert len(store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"]) == 1


def test_create_company(tmp_path: Path) -> None:
    company = store.create_company(tmp_path / "Företag" / "Ny", "Nytt AB", login={"user": "u", "password": "p"})
    common = tmp_path / "Företag" / "Gemensamma filer"
    assert store.is_company(company) and store.is_common_files(common)
    assert store.read_meta(company)["login"] == {"user": "u", "password": "p"}
    api = Adk()
    assert api.open(common, company).rc == adk.ADKE_LOGIN_DENIED
    assert api.open2(common, company, "u", "p").ok
    assert api.get_company_name(51)[1] == "Nytt AB"
    api.close()
    with pytest.raises(FileNotFoundError):
        store.read_dataset(tmp_path / "nothing")
    assert not store.is_locked(tmp_path / "nothing")


def test_folder_clock(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    assert abs((folder_now(company) - datetime.now(UTC)).total_seconds()) < 5  # no clock file: real time
    clock = FolderClock(company)
    clock.freeze("2025-06-01T12:00:00Z")
    assert folder_now(company) == datetime(2025, 6, 1, 12, tzinfo=UTC)
    clock.advance(90)
    assert folder_now(company) == datetime(2025, 6, 1, 12, 1, 30, tzinfo=UTC)
    state = json.loads((company / CLOCK_FILE).read_text())
    assert state["frozen_at"].startswith("2025-06-01T12:01:30")
    again = FolderClock(company)  # a new control-plane process continues the company's time
    assert again.now() == datetime(2025, 6, 1, 12, 1, 30, tzinfo=UTC)
    again.unfreeze()
    moved = folder_now(company)
    assert moved >= datetime(2025, 6, 1, 12, 1, 30, tzinfo=UTC) and moved.year == 2025
    again.set("2030-01-01T00:00:00Z")
    assert folder_now(company).year == 2030
    again.reset()
    assert abs((folder_now(company) - datetime.now(UTC)).total_seconds()) < 5


def test_folder_now_sees_quick_successive_changes(folders) -> None:
    common, company = folders
    store.write_dataset(common, company, dataset(), now=NOW)
    clock = FolderClock(company)
    for day in range(1, 6):
        clock.freeze(f"2025-01-0{day}T00:00:00Z")
        assert folder_now(company).day == day  # within one file-time tick
    old = time.time() - 10
    os.utime(company / CLOCK_FILE, (old, old))
    assert folder_now(company).day == 5
    assert folder_now(company).day == 5  # cached


def test_timestamps_follow_the_folder_clock(folders) -> None:
    common, company = folders
    clock = FolderClock(company.parent / "unused")  # no folder: saving is skipped, nothing breaks
    clock.freeze("2025-01-01T00:00:00Z")
    store.write_dataset(common, company, dataset())
    FolderClock(company).freeze("2024-12-24T15:00:00Z")
    store.write_dataset(common, company, dataset())  # `now` defaults to the company's clock
    assert store.read_dataset(company)["tables"]["ADK_DB_CUSTOMER"][0]["ADK_CUSTOMER_TIMESTAMP"] == \
        "2024-12-24T16:00:00"
