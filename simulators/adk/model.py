"""How the fake ADK describes Visma Administration's tables: fields with the C API's types, lengths,
decimals and read/write flags; keys; sort orders (which in the ADK are both an index and a filter); and
the row plumbing of document heads. `tables.py` holds the definitions, `constants.py` the numbers.

Everything that behaves per table (numbering, required fields, register checks) reads these
definitions, so adding a table is adding data, not code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class FieldType(IntEnum):
    """ADK_FIELD_TYPE (Adk.h): there is no integer type; ids, counts and numbers are doubles."""

    UNUSED = 0
    BOOL = 1
    CHAR = 2
    DOUBLE = 4
    DATE = 5
    DATA = 6


Record = dict[int, Any]  # field id -> value (str, float, bool, int date-long, or a list of row Records)


@dataclass(frozen=True)
class Field:
    id: int
    name: str  # the Adk.h constant, e.g. "ADK_CUSTOMER_NUMBER"
    type: FieldType
    length: int = 0  # CHAR: the most characters the field holds (AdkGetLength)
    decimals: int = 0  # DOUBLE: the decimals it keeps (AdkGetDecimals)
    writable: bool = True  # AdkIsReadWrite; computed fields (totals, balances, timestamps) are read-only
    required: bool = False  # AdkAdd refuses a record without it
    filterable: bool = True  # AdkIsFilterable / AdkSetFilter
    references: int | None = None  # a register (ADK_DB_*) whose key this value must be (checked on add/update)
    default: Any = None  # what a new record holds when the caller did not set the field


@dataclass(frozen=True)
class SortOrder:
    """One ADK_SORT_ORDER: the key fields it orders by (Find seeks on them) and, for the status orders
    (eInvoiceNotPayed…, eProjectFinished…), the records it admits."""

    id: int
    name: str  # "eCustomerNr"
    keys: tuple[int, ...]
    admits: Callable[[Record], bool] | None = None
    seek: str = "exact"  # "exact": Find needs equal keys; "ge": Find seeks the first record >= the keys


@dataclass(frozen=True)
class Table:
    id: int
    name: str  # "ADK_DB_CUSTOMER"
    fields: dict[int, Field]
    last_field: int  # the ..._LAST constant
    key: tuple[int, ...] = ()  # the primary key fields (unique); () for tables without one
    sort_orders: dict[int, SortOrder] = field(default_factory=dict)
    default_sort: int | None = None  # the order a fresh buffer uses
    timestamp_field: int | None = None
    rows_field: int | None = None  # heads: the eData field that holds the rows
    nrows_field: int | None = None
    row_table: int | None = None  # heads: ADK_DB_* of their rows
    number_series: str | None = None  # heads numbered by AdkAdd when the key is not set (e.g. "invoice")
    deletable: bool = False  # AdkDeleteRecord allowed (registers); documents are cancelled, not deleted
    error_table_code: int = 0  # the ADKE_DBTABLE_* code that goes in lDbTable of this table's errors

    def field(self, field_id: int) -> Field | None:
        return self.fields.get(field_id)
