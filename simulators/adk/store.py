"""The company folder on disk: what `AdkOpen(commonFiles, company)` opens.

Layout:
    <common files>/adk_common_files.json   marks a folder as a valid "Gemensamma filer" (AdkOpen checks it)
    <company>/company.sqlite               every table (SQLite, WAL), settings and number series
    <company>/company.lock                 an open ADK holds an exclusive flock on it (ADKE_EXCLUSIVE_LOCK)
    <company>/clock.json                   the tenant clock (clockfile.py)

SQLite schema: `meta(key, value JSON)` (name, org_number, login, series) and `records(tbl, rid, data JSON)`, one
row per record, the JSON keyed by Adk.h field names (rows of a head nested under its ROWS field). Dates are
stored as the ADK's longs. An open ADK loads everything into memory and writes each Add/Update/Delete through
in one transaction (`CompanyDb.commit`). Other processes may read meanwhile (`read_dataset`: WAL readers).

The dataset format (control plane, fixtures) is the JSON of docs/adk.md: DATE fields as "YYYY-MM-DD",
timestamps "YYYY-MM-DDTHH:MM:SS", rows as lists of row objects. `write_dataset` checks names, types, lengths,
keys and references (DatasetError naming the path), derives computed fields the dataset leaves out (invoice
totals, balances, claims), and builds the database aside before renaming it into place.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import math
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from simulators.adk import dates
from simulators.adk.company import Company, Tx, blank_record
from simulators.adk.model import FieldType, Record, Table
from simulators.core.errors import DatasetError

COMMON_MARKER = "adk_common_files.json"
DB_FILE = "company.sqlite"
LOCK_FILE = "company.lock"
FORMAT = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (tbl INTEGER NOT NULL, rid INTEGER NOT NULL, data TEXT NOT NULL,
                                    PRIMARY KEY (tbl, rid));
"""


class CompanyLockedError(Exception):
    """The company is open in an ADK (this process or another): it cannot be replaced now."""


def _tables() -> dict[int, Table]:
    from simulators.adk.tables import TABLES

    return TABLES


# ------------------------------------------------------------------------------------------------ folders
def create_common_files(folder: str | os.PathLike[str]) -> Path:
    """Make `folder` a valid common-files folder ("Gemensamma filer")."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    marker = path / COMMON_MARKER
    if not marker.exists():
        marker.write_text(json.dumps({"kind": "visma-sim adk common files", "format": FORMAT}) + "\n")
    return path


def is_common_files(folder: str | os.PathLike[str]) -> bool:
    try:
        return (Path(folder) / COMMON_MARKER).is_file()
    except (OSError, ValueError):
        return False


def is_company(folder: str | os.PathLike[str]) -> bool:
    try:
        return (Path(folder) / DB_FILE).is_file()
    except (OSError, ValueError):
        return False


class CompanyLock:
    """The exclusive lock an open ADK holds on its company (fcntl.flock, so it also conflicts with a second
    open in the same process and disappears with a crashed process)."""

    def __init__(self, company: str | os.PathLike[str]) -> None:
        self.path = Path(company) / LOCK_FILE
        self.fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None


def is_locked(company: str | os.PathLike[str]) -> bool:
    """Whether an ADK has the company open (a non-blocking probe that never keeps the lock)."""
    if not (Path(company) / LOCK_FILE).exists():
        return False
    lock = CompanyLock(company)
    if lock.acquire():
        lock.release()
        return False
    return True


# ------------------------------------------------------------------------------------------------ JSON codec
def _names(table: Table) -> dict[int, str]:
    return {f.id: f.name for f in table.fields.values()}


def encode_record(table: Table, rec: Record) -> dict[str, Any]:
    """A stored record as JSON (field names -> raw values; rows nested)."""
    out: dict[str, Any] = {}
    rows_field = table.rows_field
    for fid, fld in table.fields.items():
        if fid == rows_field:
            row_table = _tables()[table.row_table]  # type: ignore[index]
            out[fld.name] = [encode_record(row_table, row) for row in rec.get(fid) or []]
        elif fld.type is not FieldType.DATA:
            out[fld.name] = rec.get(fid)
    return out


def decode_record(table: Table, data: dict[str, Any]) -> Record:
    rec = blank_record(table)
    by_name = {f.name: f for f in table.fields.values()}
    for name, value in data.items():
        fld = by_name.get(name)
        if fld is None:
            continue  # a field this version no longer models
        if fld.id == table.rows_field:
            row_table = _tables()[table.row_table]  # type: ignore[index]
            rec[fld.id] = [decode_record(row_table, row) for row in value or []]
        elif value is not None:
            rec[fld.id] = value
    return rec


class CompanyDb:
    """The SQLite file of an open company (the ADK process holds the company lock)."""

    def __init__(self, company: str | os.PathLike[str]) -> None:
        self.path = Path(company) / DB_FILE
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def load(self) -> Company:
        tables = _tables()
        meta = {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM meta")}
        company = Company(tables, meta)
        for tbl, rid, data in self.conn.execute("SELECT tbl, rid, data FROM records ORDER BY tbl, rid"):
            table = tables.get(tbl)
            if table is not None:
                company.load(tbl, rid, decode_record(table, json.loads(data)))
        return company

    def commit(self, tx: Tx) -> None:
        """Write one planned change in one transaction; on any failure nothing is written (and it raises)."""
        tables = _tables()
        changes = tx.changes
        rows = [
            (db, rid, json.dumps(encode_record(tables[db], rec), ensure_ascii=False))
            for (db, rid), rec in changes.puts.items()
        ]
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if changes.deletes:
                cur.executemany("DELETE FROM records WHERE tbl = ? AND rid = ?", sorted(changes.deletes))
            if rows:
                cur.executemany("INSERT OR REPLACE INTO records (tbl, rid, data) VALUES (?, ?, ?)", rows)
            if changes.series is not None and changes.series != tx.company.series:
                cur.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('series', ?)", (json.dumps(changes.series),)
                )
            cur.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


def read_meta(company: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings of a company (name, org_number, login, series) without opening it."""
    conn = _reader(company)
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    finally:
        conn.close()


def _reader(company: str | os.PathLike[str]) -> sqlite3.Connection:
    path = Path(company) / DB_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no ADK company in {company}")
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


# ------------------------------------------------------------------------------------------------ datasets
def _dataset_value(table: Table, fld: Any, value: Any, path: str) -> Any:
    """A dataset value as the ADK stores it, or DatasetError."""
    kind = fld.type
    if kind is FieldType.CHAR:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise DatasetError(f"{fld.name} is text, not {type(value).__name__}", path)
        try:
            value.encode("cp1252")
        except UnicodeEncodeError:
            raise DatasetError(f"{fld.name}: text outside Windows-1252: {value!r}", path) from None
        if fld.length and len(value) > fld.length:
            raise DatasetError(f"{fld.name} holds at most {fld.length} characters, not {len(value)}", path)
        return value
    if kind is FieldType.DOUBLE:
        if value is None:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise DatasetError(f"{fld.name} is a number, not {value!r}", path)
        if round(value, fld.decimals) != value and abs(round(value, fld.decimals) - value) > 1e-9:
            raise DatasetError(f"{fld.name} has at most {fld.decimals} decimals: {value!r}", path)
        return float(value)
    if kind is FieldType.BOOL:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise DatasetError(f"{fld.name} is true or false, not {value!r}", path)
        return value
    if kind is FieldType.DATE:
        if value in (None, ""):
            return 0
        if not isinstance(value, str):
            raise DatasetError(f"{fld.name} is a date text, not {value!r}", path)
        try:
            if fld.id == table.timestamp_field:
                return dates.datetime_to_long(value)
            return dates.date_to_long(value)
        except ValueError:
            form = "YYYY-MM-DDTHH:MM:SS" if fld.id == table.timestamp_field else "YYYY-MM-DD"
            raise DatasetError(f"{fld.name} is a date ({form}), not {value!r}", path) from None
    raise DatasetError(f"{fld.name} cannot be set in a dataset", path)


def _record_from_dataset(table: Table, obj: dict[str, Any], path: str) -> tuple[Record, set[int]]:
    """A dataset record as a stored record, and the ids of the fields the dataset gave."""
    if not isinstance(obj, dict):
        raise DatasetError("a record is an object: field name -> value", path)
    by_name = {f.name: f for f in table.fields.values()}
    rec = blank_record(table)
    given: set[int] = set()
    for name, value in obj.items():
        fld = by_name.get(name)
        if fld is None:
            raise DatasetError(f"{table.name} has no field {name!r}", f"{path}.{name}")
        given.add(fld.id)
        if fld.id == table.rows_field:
            if not isinstance(value, list):
                raise DatasetError("rows are a list of row objects", f"{path}.{name}")
            row_table = _tables()[table.row_table]  # type: ignore[index]
            rec[fld.id] = [
                _record_from_dataset(row_table, row, f"{path}.{name}[{i}]")[0] for i, row in enumerate(value)
            ]
        elif fld.id == table.nrows_field:
            continue  # derived from the rows
        else:
            rec[fld.id] = _dataset_value(table, fld, value, f"{path}.{name}")
    if table.nrows_field is not None:
        rec[table.nrows_field] = float(len(rec.get(table.rows_field) or []))  # type: ignore[arg-type]
    return rec, given


def record_to_dataset(table: Table, rec: Record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fid in sorted(table.fields):
        fld = table.fields[fid]
        value = rec.get(fid)
        if fid == table.rows_field:
            row_table = _tables()[table.row_table]  # type: ignore[index]
            out[fld.name] = [record_to_dataset(row_table, row) for row in value or []]
        elif fld.type is FieldType.DATE:
            if not value:
                out[fld.name] = None
            elif fid == table.timestamp_field:
                out[fld.name] = dates.iso_of_stamp(value)
            else:
                out[fld.name] = dates.long_to_date(value)
        else:
            out[fld.name] = value
    return out


def build_company(dataset: dict[str, Any], now: datetime) -> tuple[Company, dict[str, Any]]:
    """The in-memory company a dataset describes (checked and completed), and its meta."""
    from simulators.adk import rules

    tables = _tables()
    if not isinstance(dataset, dict):
        raise DatasetError("a dataset is a JSON object")
    info = dataset.get("company") or {}
    if not isinstance(info, dict):
        raise DatasetError("company is an object", "$.company")
    meta = {
        "format": FORMAT,
        "name": info.get("name") or "",
        "org_number": info.get("org_number") or "",
        "login": info.get("login"),
        "series": dict(info.get("series") or {}),
    }
    by_name = {t.name: t for t in tables.values()}
    company = Company(tables, meta)
    given: dict[tuple[int, int], tuple[set[int], str]] = {}
    content = dataset.get("tables") or {}
    if not isinstance(content, dict):
        raise DatasetError("tables is an object: table name -> list of records", "$.tables")
    for name, records in content.items():
        table = by_name.get(name)
        path = f"$.tables.{name}"
        if table is None:
            raise DatasetError(f"unknown table {name!r}", path)
        if table.row_table is None and any(t.row_table == table.id for t in tables.values()):
            raise DatasetError(f"{name} holds rows: give them in their head's rows field", path)
        if not isinstance(records, list):
            raise DatasetError("a table is a list of records", path)
        for i, obj in enumerate(records):
            rec, fields = _record_from_dataset(table, obj, f"{path}[{i}]")
            rid = company.new_rid()
            given[(table.id, rid)] = (fields, f"{path}[{i}]")
            company.load(table.id, rid, rec)
    rules.complete_dataset(company, given, now)
    company.meta["series"] = company.series
    return company, company.meta


def write_dataset(
    common_files: str | os.PathLike[str],
    company_folder: str | os.PathLike[str],
    dataset: dict[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """Create or replace a company from a dataset, atomically: the database is built in a temporary file and
    renamed into place, so a refused dataset (DatasetError) leaves the company as it was. Refused with
    CompanyLockedError while an ADK has the company open."""
    from simulators.adk.clockfile import folder_now

    create_common_files(common_files)
    folder = Path(company_folder)
    folder.mkdir(parents=True, exist_ok=True)
    company, meta = build_company(dataset, now or folder_now(folder))
    lock = CompanyLock(folder)
    if not lock.acquire():
        raise CompanyLockedError(f"an ADK has the company {folder} open")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".company.", suffix=".sqlite", dir=folder)
        os.close(fd)
        try:
            _write_db(Path(tmp), company, meta)
            for suffix in ("-wal", "-shm"):  # a stale WAL must never be applied to the new file
                (folder / (DB_FILE + suffix)).unlink(missing_ok=True)
            os.replace(tmp, folder / DB_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        lock.release()


def _write_db(path: Path, company: Company, meta: dict[str, Any]) -> None:
    tables = _tables()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # a private temporary file: no journal and no syncs while building; one fsync before the rename
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
        )
        conn.executemany(
            "INSERT INTO records (tbl, rid, data) VALUES (?, ?, ?)",
            [
                (db, rid, json.dumps(encode_record(tables[db], rec), ensure_ascii=False))
                for db, data in company.tables.items()
                for rid, rec in data.records.items()
            ],
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_company(
    folder: str | os.PathLike[str],
    name: str,
    *,
    common_files: str | os.PathLike[str] | None = None,
    org_number: str = "",
    login: dict[str, str] | None = None,
    series: dict[str, int] | None = None,
    tables: dict[str, list] | None = None,
) -> Path:
    """An empty company (or one with the given tables) in `folder`; the common files default to a sibling
    folder "Gemensamma filer" of the company's parent."""
    folder = Path(folder)
    common = Path(common_files) if common_files is not None else folder.parent / "Gemensamma filer"
    write_dataset(
        common,
        folder,
        {
            "company": {"name": name, "org_number": org_number, "login": login, "series": series or {}},
            "tables": tables or {},
        },
    )
    return folder


def read_dataset(company_folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The company as a dataset (every field of every record, computed ones included). Works while an ADK has
    the company open: it only reads."""
    tables = _tables()
    conn = _reader(company_folder)
    try:
        conn.execute("BEGIN")
        meta = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        rows = conn.execute("SELECT tbl, data FROM records ORDER BY tbl, rid").fetchall()
        conn.execute("COMMIT")
    finally:
        conn.close()
    out: dict[str, list[dict[str, Any]]] = {}
    for tbl, data in rows:
        table = tables.get(tbl)
        if table is not None:
            out.setdefault(table.name, []).append(record_to_dataset(table, decode_record(table, json.loads(data))))
    return {
        "company": {
            "name": meta.get("name", ""),
            "org_number": meta.get("org_number", ""),
            "login": meta.get("login"),
            "series": meta.get("series") or {},
        },
        "tables": out,
    }


def read_table(company_folder: str | os.PathLike[str], table_name: str) -> list[dict[str, Any]]:
    """The records of one table (dataset format), in key order of storage."""
    tables = _tables()
    table = next((t for t in tables.values() if t.name == table_name), None)
    if table is None:
        raise KeyError(table_name)
    conn = _reader(company_folder)
    try:
        rows = conn.execute("SELECT data FROM records WHERE tbl = ? ORDER BY rid", (table.id,)).fetchall()
    finally:
        conn.close()
    return [record_to_dataset(table, decode_record(table, json.loads(data))) for (data,) in rows]
