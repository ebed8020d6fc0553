"""An open company in memory: every record of every table, the sorted indexes of the sort orders, and the
number series.

The ADK process holds the company's exclusive lock while it is open, so memory is the truth and SQLite is
written through (`store.CompanyDb`) in one transaction per change. A change is planned first (`Tx`, by the
rules), written to SQLite, and only then applied here, so a refused or failed change leaves memory as it was.

Indexes: a sort order is a list of `(key tuple, rid)` kept sorted (bisect), built on first use and maintained
on every change; the status orders (eInvoiceNotPayed…) hold only the records they admit. Keys of CHAR fields
are folded (case-insensitive, Swedish å ä ö after z) so Find and the orders agree with what a user expects.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulators.adk import dates
from simulators.adk.model import Field, FieldType, Record, SortOrder, Table

# Swedish collation, near enough: å ä ö sort after z (in that order), accented letters with their base letter.
_FOLD = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "ö": "}",
        "æ": "|",
        "ø": "}",
        "é": "e",
        "è": "e",
        "ü": "y",
        "á": "a",
        "à": "a",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ç": "c",
        "ñ": "n",
    }
)


def fold(text: str) -> str:
    return text.casefold().translate(_FOLD)


def _norm_char(value: Any) -> str:
    return fold(value) if value else ""


def _norm_double(value: Any) -> float:
    return float(value or 0.0)


def _norm_int(value: Any) -> int:
    return int(value or 0)


NORMALIZERS: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.CHAR: _norm_char,
    FieldType.DOUBLE: _norm_double,
    FieldType.DATE: _norm_int,
    FieldType.BOOL: _norm_int,
}


def key_function(table: Table, fields: tuple[int, ...]) -> Callable[[Record], tuple]:
    """The index key of a record under the given key fields (folded text, floats, ints)."""
    parts = [(f, NORMALIZERS.get(table.fields[f].type, _norm_int)) for f in fields if f in table.fields]
    if len(parts) == 1:
        ((f0, n0),) = parts
        return lambda rec: (n0(rec.get(f0)),)
    if len(parts) == 2:
        (f0, n0), (f1, n1) = parts
        return lambda rec: (n0(rec.get(f0)), n1(rec.get(f1)))
    return lambda rec: tuple(n(rec.get(f)) for f, n in parts)


def blank_value(fld: Field) -> Any:
    if fld.default is not None:
        return fld.default
    return {FieldType.CHAR: "", FieldType.DOUBLE: 0.0, FieldType.BOOL: False, FieldType.DATE: 0}.get(fld.type)


_templates: dict[int, Record] = {}


def blank_record(table: Table) -> Record:
    """A new record of the table: every field at its default (rows: an empty list for heads)."""
    template = _templates.get(id(table))
    if template is None:
        template = {f.id: blank_value(f) for f in table.fields.values()}
        _templates[id(table)] = template
    record = template.copy()
    if table.rows_field is not None:
        record[table.rows_field] = []
    return record


def timestamp_order(table: Table) -> SortOrder | None:
    """eTimeStamp (220) for a table with a timestamp field, when the table definition does not list it."""
    if table.timestamp_field is None:
        return None
    return SortOrder(220, "eTimeStamp", (table.timestamp_field,), seek="ge")


def sort_order(table: Table, order_id: int) -> SortOrder | None:
    order = table.sort_orders.get(order_id)
    if order is None and order_id == 220:
        order = timestamp_order(table)
    return order


def reference_field(table: Table) -> int | None:
    """The field other records use to point at a register record: the last key field (profit centres and
    accounts carry a booking-year id before the code)."""
    return table.key[-1] if table.key else None


class Index:
    """One sort order of one table: `entries` sorted, `entry_of[rid]` the entry a record has now."""

    __slots__ = ("admits", "entries", "entry_of", "key", "order")

    def __init__(self, table: Table, order: SortOrder, records: dict[int, Record]) -> None:
        self.order = order
        self.key = key_function(table, order.keys)
        self.admits = order.admits
        self.entry_of: dict[int, tuple] = {}
        for rid, rec in records.items():
            if self.admits is None or self.admits(rec):
                self.entry_of[rid] = (self.key(rec), rid)
        self.entries = sorted(self.entry_of.values())

    def remove(self, rid: int) -> None:
        entry = self.entry_of.pop(rid, None)
        if entry is not None:
            i = bisect.bisect_left(self.entries, entry)
            if i < len(self.entries) and self.entries[i] == entry:
                del self.entries[i]

    def insert(self, rid: int, rec: Record) -> None:
        if self.admits is not None and not self.admits(rec):
            return
        entry = (self.key(rec), rid)
        self.entry_of[rid] = entry
        bisect.insort(self.entries, entry)


class TableData:
    """The records of one table, with its unique-key map, its reference-code map and its indexes."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.records: dict[int, Record] = {}
        self.key = key_function(table, table.key) if table.key else None
        self.keys: dict[tuple, int] = {}
        ref = reference_field(table)
        self.code = key_function(table, (ref,)) if ref is not None else None
        self.codes: dict[tuple, set[int]] = {}
        self.indexes: dict[int, Index] = {}

    def index(self, order: SortOrder) -> Index:
        idx = self.indexes.get(order.id)
        if idx is None:
            idx = self.indexes[order.id] = Index(self.table, order, self.records)
        return idx

    def insert(self, rid: int, rec: Record) -> None:
        self.records[rid] = rec
        if self.key is not None:
            self.keys[self.key(rec)] = rid
        if self.code is not None:
            self.codes.setdefault(self.code(rec), set()).add(rid)
        for idx in self.indexes.values():
            idx.insert(rid, rec)

    def remove(self, rid: int) -> Record | None:
        rec = self.records.pop(rid, None)
        if rec is None:
            return None
        if self.key is not None:
            k = self.key(rec)
            if self.keys.get(k) == rid:
                del self.keys[k]
        if self.code is not None:
            rids = self.codes.get(self.code(rec))
            if rids is not None:
                rids.discard(rid)
                if not rids:
                    del self.codes[self.code(rec)]
        for idx in self.indexes.values():
            idx.remove(rid)
        return rec

    def by_key(self, rec: Record) -> int | None:
        """The rid of the record whose primary key equals that of `rec` (folded), if any."""
        return self.keys.get(self.key(rec)) if self.key is not None else None

    def by_code(self, value: Any) -> int | None:
        """The rid of a register record whose reference field (its code) is `value`."""
        if self.code is None:
            return None
        rids = self.codes.get((NORMALIZERS.get(self.table.fields[reference_field(self.table)].type, _norm_int)(value),))
        return min(rids) if rids else None


@dataclass
class Changes:
    """What one Add/Update/Delete writes: records put (new or replaced) and deleted, and the series."""

    puts: dict[tuple[int, int], Record] = field(default_factory=dict)  # (db, rid) -> record
    deletes: set[tuple[int, int]] = field(default_factory=set)
    series: dict[str, int] | None = None


class Company:
    """The open company: its tables in memory, its number series and its settings (name, login)."""

    def __init__(self, tables: dict[int, Table], meta: dict[str, Any]) -> None:
        self.definitions = tables
        self.meta = meta
        self.name: str = meta.get("name", "")
        self.series: dict[str, int] = dict(meta.get("series") or {})
        self.tables: dict[int, TableData] = {db: TableData(t) for db, t in tables.items()}
        self.next_rid = 1

    def load(self, db: int, rid: int, rec: Record) -> None:
        data = self.tables.get(db)
        if data is None:
            return
        data.insert(rid, rec)
        if rid >= self.next_rid:
            self.next_rid = rid + 1

    def new_rid(self) -> int:
        rid = self.next_rid
        self.next_rid += 1
        return rid

    def apply(self, changes: Changes) -> None:
        """Apply a committed change set (cannot fail: it was planned against this state)."""
        for db, rid in changes.deletes:
            self.tables[db].remove(rid)
        for (db, rid), rec in changes.puts.items():
            data = self.tables[db]
            data.remove(rid)
            data.insert(rid, rec)
        if changes.series is not None:
            self.series = dict(changes.series)


class Tx:
    """A change being planned by the rules: reads see the planned puts, nothing touches the company until the
    session commits it."""

    def __init__(self, company: Company, now: datetime) -> None:
        self.company = company
        self.now = now
        self.stamp = dates.stamp_of(now)
        self.today = dates.today_of(now)
        self.changes = Changes(series=dict(company.series))
        self.warnings: list[tuple[int, int, int]] = []  # (rc, db, field)
        self._rid = company.next_rid

    @property
    def series(self) -> dict[str, int]:
        assert self.changes.series is not None
        return self.changes.series

    def new_rid(self) -> int:
        rid = self._rid
        self._rid += 1
        return rid

    def get(self, db: int, rid: int) -> Record | None:
        rec = self.changes.puts.get((db, rid))
        if rec is not None:
            return rec
        if (db, rid) in self.changes.deletes:
            return None
        return self.company.tables[db].records.get(rid)

    def put(self, db: int, rid: int, rec: Record) -> None:
        self.changes.puts[(db, rid)] = rec

    def delete(self, db: int, rid: int) -> None:
        self.changes.puts.pop((db, rid), None)
        self.changes.deletes.add((db, rid))

    def lookup(self, db: int, code: Any) -> tuple[int, Record] | None:
        """The register record with this code (e.g. a customer by number), as planned so far."""
        data = self.company.tables.get(db)
        if data is None or code in ("", None):
            return None
        rid = data.by_code(code)
        if rid is not None:
            rec = self.get(db, rid)
            if rec is not None:
                return rid, rec
        ref = reference_field(data.table)
        want = NORMALIZERS.get(data.table.fields[ref].type, _norm_int)(code)
        for (pdb, prid), rec in self.changes.puts.items():  # records planned in this change
            if pdb == db and NORMALIZERS.get(data.table.fields[ref].type, _norm_int)(rec.get(ref)) == want:
                return prid, rec
        return None

    def records(self, db: int) -> Iterator[tuple[int, Record]]:
        """Every record of a table as planned (stored ones first, then new ones)."""
        data = self.company.tables.get(db)
        if data is None:
            return
        for rid in list(data.records):
            rec = self.get(db, rid)
            if rec is not None:
                yield rid, rec
        for (pdb, prid), rec in list(self.changes.puts.items()):
            if pdb == db and prid not in data.records:
                yield prid, rec

    def matching(self, db: int, order_id: int, key: tuple) -> Iterator[tuple[int, Record]]:
        """The records (as planned) whose index key under sort order `order_id` equals `key` (already
        normalised: folded text, floats): a bisect on the index instead of a scan."""
        data = self.company.tables.get(db)
        if data is None:
            return
        order = sort_order(data.table, order_id)
        if order is None:
            return
        index = data.index(order)
        entries = index.entries
        i = bisect.bisect_left(entries, (key,))
        while i < len(entries) and entries[i][0] == key:
            rec = self.get(db, entries[i][1])
            if rec is not None and index.key(rec) == key:
                yield entries[i][1], rec
            i += 1
        for (pdb, prid), rec in list(self.changes.puts.items()):
            old_entry = index.entry_of.get(prid)
            if pdb == db and (old_entry is None or old_entry[0] != key) and index.key(rec) == key:
                yield prid, rec  # planned in this change, and not met in the index above

    def warn(self, rc: int, db: int = 0, fld: int = 0) -> None:
        self.warnings.append((rc, db, fld))
