"""What an ADK handle points at: a record buffer (`ADK_DATA`) with its cursor, or an array of row buffers.

One buffer = one current record (research §1.4, §3.8): its field values, the fields the caller set since the
record was loaded (the C struct's bChanged flags), the sort order (an index, which may also filter), the
filters of AdkSetFilter, and where the cursor stands in the index (`pos`: the index entry of the current
record, or the BOF/EOF markers, or None before the first positioning).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulators.adk import dates
from simulators.adk.company import blank_record, fold
from simulators.adk.model import Field, FieldType, Record, SortOrder, Table

AT_BOF = ("BOF",)  # sentinels for `Buffer.pos`; real positions are (key tuple, rid) entries
AT_EOF = ("EOF",)


class Buffer:
    __slots__ = ("changed", "filters", "handle", "order", "pos", "rid", "table", "values", "visited")

    def __init__(self, table: Table, values: Record | None = None, order: SortOrder | None = None) -> None:
        self.handle = 0
        self.table = table
        self.values: Record = values if values is not None else blank_record(table)
        if table.rows_field is not None and values is None:
            self.values[table.rows_field] = None  # a RowArray once rows are attached or loaded
        self.changed: set[int] = set()
        self.order = order
        self.filters: dict[int, Callable[[Record], bool]] = {}
        self.pos: tuple | None = None
        self.rid: int | None = None
        # the records this walk (since the last First/Last/Find/sort order) has met, with the index entry each
        # had then: one an update has since moved (a new timestamp) is not met again (session._walk)
        self.visited: dict[int, tuple] = {}


class RowArray:
    """AdkCreateDataRow's array (owned=False), or the rows the engine loaded into a head (owned=True: replaced
    and its handles released when the head moves to another record)."""

    __slots__ = ("handle", "owned", "rows", "table")

    def __init__(self, table: Table, rows: list[Buffer], owned: bool) -> None:
        self.handle = 0
        self.table = table
        self.rows = rows
        self.owned = owned


# ------------------------------------------------------------------------------------------------ filters
class FilterError(ValueError):
    pass


def value_text(table: Table, fld: Field, value: Any) -> str:
    """How a filter sees a field value: text as is, numbers without trailing zeros, dates as YYYY-MM-DD
    (timestamps YYYY-MM-DD HH:MM:SS), booleans as 1/0."""
    kind = fld.type
    if kind is FieldType.CHAR:
        return value or ""
    if kind is FieldType.DOUBLE:
        number = float(value or 0.0)
        return str(int(number)) if number == int(number) else repr(number)
    if kind is FieldType.DATE:
        if not value:
            return ""
        try:
            return dates.long_to_datetime(value) if fld.id == table.timestamp_field else dates.long_to_date(value)
        except ValueError:
            return str(value)
    if kind is FieldType.BOOL:
        return "1" if value else "0"
    return ""


TRUE_WORDS = frozenset({"1", "true", "ja", "j", "yes", "y", "sant"})
FALSE_WORDS = frozenset({"0", "false", "nej", "n", "no", "falskt"})


def compile_filter(table: Table, fld: Field, expression: str) -> Callable[[Record], bool]:
    """An AdkSetFilter expression as a predicate on stored records: `*` matches any run of characters
    (`*inc*` contains, `f03*` prefix, `*ab` suffix, `a*b` both), no `*` is an exact match; case-insensitive.
    Refused (FilterError): an empty expression, control characters."""
    if not isinstance(expression, str) or expression == "" or any(ord(ch) < 32 for ch in expression):
        raise FilterError(expression)
    fid = fld.id
    if fld.type is FieldType.BOOL and "*" not in expression:
        word = expression.strip().casefold()
        if word in TRUE_WORDS:
            return lambda rec: bool(rec.get(fid))
        if word in FALSE_WORDS:
            return lambda rec: not rec.get(fid)
        raise FilterError(expression)
    pattern = fold(expression)
    if fld.type is FieldType.CHAR:

        def text(rec: Record) -> str:
            return fold(rec.get(fid) or "")
    else:

        def text(rec: Record) -> str:
            return fold(value_text(table, fld, rec.get(fid)))

    if "*" not in pattern:
        return lambda rec: text(rec) == pattern
    parts = pattern.split("*")
    head, tail, middle = parts[0], parts[-1], [p for p in parts[1:-1] if p]
    if not head and not tail and not middle:
        return lambda rec: True
    if len(parts) == 3 and not head and not tail:  # *inc*
        needle = parts[1]
        return lambda rec: needle in text(rec)
    if len(parts) == 2 and not tail:  # f03*
        return lambda rec: text(rec).startswith(head)
    if len(parts) == 2 and not head:  # *ab
        return lambda rec: text(rec).endswith(tail)

    def glob(rec: Record) -> bool:
        value = text(rec)
        if not value.startswith(head) or not value.endswith(tail) or len(value) < len(head) + len(tail):
            return False
        at = len(head)
        end = len(value) - len(tail)
        for part in middle:
            found = value.find(part, at, end)
            if found < 0:
                return False
            at = found + len(part)
        return True

    return glob
