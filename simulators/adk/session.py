"""`Adk`: the Pythonic surface of the fake Adk.dll. One instance is one process's ADK: one open company, the
handles of its buffers, the warning callback. `default()` is the process-wide instance (the DLL's global state);
tests create their own.

Every method returns `AdkError` (or `(AdkError, value)`, or a handle int that is 0 on failure) and never raises:
refusals travel inside as `AdkFailure` and come out at the boundary (`_api`) with lDbTable (the table's
ADKE_DBTABLE_* code) and lFunction (the function's ADKE_* code) filled in; anything unexpected is ADKE_INTERNAL.
Every public method is an ADK call: logged to APIAdklogg under the export's name while that file exists (VA-26,
log.py); calls the C-style surface makes for one export are not (the export logs itself).

Documented choices (docs/adk.md):
- handles are small positive ints; 0, an unknown or a deleted handle -> ADKE_INVALID_PDATA (672) (set_data's rows
  argument: ADKE_INVALID_STRUCT_POINTER_TO_ROW (212));
- AdkCreateData of a real table this fake does not model returns 0 (ADKE_DBTABLE_NOT_IN_ADM_VER remembered in
  `last_create_error`), of an unknown id 0 (ADKE_INVALID_DB);
- an unknown field id -> ADKE_UNKNON_DB_FIELD (102) always (never 488); wrong typed accessor ADKE_INVALID_DATA_TYPE;
- too long strings are refused (ADKE_TOO_MANY_SIGNS), never truncated; text outside Windows-1252 or with NUL ->
  ADKE_INVALID_STRING; more decimals than the field keeps -> ADKE_TOO_MANY_DECIMALS (not rounded);
- read-only fields refuse AdkSet* (ADKE_EDIT_DENIED_FIELD), except those a sort order keys on (the timestamp,
  for the change-tracking seek): the value is kept in the buffer for Find and ignored by Add/Update;
- First on an empty set -> ADKE_EOF, Last -> ADKE_BOF; Next before any positioning = First, Previous = Last;
  after EOF Previous gives the last record (FoxPro); a failed Find leaves the cursor at EOF;
- Update keeps the cursor where it was in the index order, even when the record's key (its timestamp) moves on;
  a walk meets each record once: a record it has met that an update (through any buffer) has since moved on in
  the order is passed over by that walk's Next/Previous, so a program that updates every record it meets in
  eTimeStamp order ends (on a running clock each update re-stamps the record past the cursor) [I];
- AdkAdd/AdkUpdate take NROWS rows from the attached row array (NROWS above the array -> ADKE_INVALID_INDEX);
- row numbers of AdkDeleteRow are 1-based (S3 passes index + 1); it changes the buffer only, AdkUpdate stores it;
- AdkResetStruct clears values and cursor position but keeps the sort order and filters.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from time import monotonic as _monotonic
from typing import Any, TypeVar

from simulators.adk import constants as adk
from simulators.adk import dates, rules, store
from simulators.adk import log as calllog
from simulators.adk.clockfile import folder_now
from simulators.adk.company import Company, Tx, blank_record, sort_order
from simulators.adk.cursor import AT_BOF, AT_EOF, Buffer, FilterError, RowArray, compile_filter
from simulators.adk.errors import OK, AdkError, AdkFailure
from simulators.adk.model import Field, FieldType, Record, SortOrder, Table

VERSION = (2024, 1)  # AdkGetVersion: a 2019+ header (research §1.6) in a 2024 program [I]
_NO_VALUE = object()
F = TypeVar("F", bound=Callable[..., Any])


def _tables() -> dict[int, Table]:
    from simulators.adk.tables import TABLES

    return TABLES


def _known_table_ids() -> frozenset[int]:
    from simulators.adk.tables import KNOWN_TABLE_IDS

    return KNOWN_TABLE_IDS


# ------------------------------------------------------------------------------------------------ the call log
# VA-26: every public method is logged to APIAdklogg (log.py) under the DLL export's name: "Adk" + the method's
# name in CamelCase, except where the DLL spells it otherwise.
_EXPORT_NAMES = {
    "get_nrows_field_id": "AdkGetNrowsFldId",
    "get_rows_field_id": "AdkGetRowsFldId",
    "get_last_field_id": "AdkGetLastFldId",
    "datetime_to_long": "AdkDateTimeToLong",
    "long_to_datetime": "AdkLongToDateTime",
}
# methods whose arguments name a common-files folder: they log there (and look for the file now), open or not
_FOLDER_ARGUMENT = {"open": 0, "open2": 0, "open_ex": 0, "open_ex2": 0, "is_login_activated": 0,
                    "get_company_name": 2}
_SECRET_ARGUMENTS = {"open2": 3, "open_ex2": 3}  # passwords: logged as "***"
# the cheap calls (a buffer's fields, conversions; well under a microsecond each): with the log off they only
# test a flag and never read the clock; the log switched on is noticed by the next other call (a cursor move, a
# write, an open, a new buffer), at most CHECK_INTERVAL after the file appeared
_ACCESSORS = frozenset({
    "set_str", "get_str", "set_double", "get_double", "set_bool", "get_bool", "set_date", "get_date", "get_type",
    "get_length", "get_decimals", "is_read_write", "get_field_name", "get_timestamp_field", "get_row_db_id",
    "get_nrows_field_id", "get_rows_field_id", "get_last_field_id", "get_data", "get_data_row", "date_to_long",
    "long_to_date", "datetime_to_long", "long_to_datetime", "get_error_text", "get_version",
    "get_program_database_version",
})


def export_name(method: str) -> str:
    """The Adk.dll export a method of `Adk` stands for: get_str -> AdkGetStr, open_ex2 -> AdkOpenEx2."""
    name = _EXPORT_NAMES.get(method)
    if name is None:
        name = "Adk" + "".join(part[:1].upper() + part[1:] for part in method.split("_"))
        _EXPORT_NAMES[method] = name
    return name


def _folder_text(value: Any) -> str | None:
    """A common-files argument as the log's folder (None when it is not a path)."""
    try:
        if isinstance(value, bytes):
            value = value.decode("cp1252")
        if isinstance(value, str | os.PathLike):
            return os.fspath(value) or None  # type: ignore[return-value]
    except Exception:
        pass
    return None


class _Logged:
    """What the log needs to know about one public method."""

    __slots__ = ("folder_arg", "kind", "name", "params", "secret")

    def __init__(self, method: Callable[..., Any], kind: str) -> None:
        import inspect

        self.name = export_name(method.__name__)
        self.kind = kind  # "error": AdkError or (AdkError, value); "handle", "bool", "void", "version", "text"
        self.folder_arg = _FOLDER_ARGUMENT.get(method.__name__)
        self.secret = _SECRET_ARGUMENTS.get(method.__name__)
        self.params = tuple(inspect.signature(method).parameters)[1:]  # without self


def _api(function: int, default: Any = _NO_VALUE) -> Callable[[F], F]:
    """Serialise the call, turn refusals into return values (`AdkError`, or `(AdkError, default)` for the getters),
    and log it (APIAdklogg) when it is the program's own call."""

    def decorate(method: F) -> F:
        spec = _Logged(method, "error")

        names_folder = spec.folder_arg is not None

        @functools.wraps(method)
        def call(self: Adk, *args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self._table_code = 0
                try:
                    result = method(self, *args, **kwargs)
                except AdkFailure as exc:
                    err = exc.error.completed(self._table_code, function)
                    result = err if default is _NO_VALUE else (err, default)
                except Exception:  # never let a Python exception escape the ADK
                    err = AdkError(adk.ADKE_INTERNAL, self._table_code, 0, function)
                    result = err if default is _NO_VALUE else (err, default)
                # the log off, this costs one clock read (_log_at: 0 while the log is on, inf in a C-style call)
                if _monotonic() >= self._log_at or (names_folder and not self._depth):
                    self._log_call(spec, args, kwargs, result)
                return result

        @functools.wraps(method)
        def accessor(self: Adk, *args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self._table_code = 0
                try:
                    result = method(self, *args, **kwargs)
                except AdkFailure as exc:
                    err = exc.error.completed(self._table_code, function)
                    result = err if default is _NO_VALUE else (err, default)
                except Exception:  # never let a Python exception escape the ADK
                    err = AdkError(adk.ADKE_INTERNAL, self._table_code, 0, function)
                    result = err if default is _NO_VALUE else (err, default)
                if not self._log_at:  # the log is on (no clock read: see _ACCESSORS)
                    self._log_call(spec, args, kwargs, result)
                return result

        return (accessor if method.__name__ in _ACCESSORS else call)  # type: ignore[return-value]

    return decorate


def _logged(kind: str) -> Callable[[F], F]:
    """Serialise and log a public method that returns no AdkError (a handle, a BOOL, nothing ...)."""

    def decorate(method: F) -> F:
        spec = _Logged(method, kind)

        @functools.wraps(method)
        def call(self: Adk, *args: Any, **kwargs: Any) -> Any:
            with self._lock:
                result = method(self, *args, **kwargs)
                if _monotonic() >= self._log_at:
                    self._log_call(spec, args, kwargs, result)
                return result

        @functools.wraps(method)
        def accessor(self: Adk, *args: Any, **kwargs: Any) -> Any:
            with self._lock:
                result = method(self, *args, **kwargs)
                if not self._log_at:  # the log is on (no clock read: see _ACCESSORS)
                    self._log_call(spec, args, kwargs, result)
                return result

        return (accessor if method.__name__ in _ACCESSORS else call)  # type: ignore[return-value]

    return decorate


def _path(value: Any) -> Path:
    if isinstance(value, bytes):
        value = _text(value)
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        raise AdkFailure(adk.ADKE_INVALID_ADM_PATH)
    return Path(os.fspath(value))


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("cp1252")
        except UnicodeDecodeError:
            raise AdkFailure(adk.ADKE_INVALID_STRING) from None
    if not isinstance(value, str):
        raise AdkFailure(adk.ADKE_INVALID_STRING)
    return value


def _fits(text: str, max_len: int | None, rc: int = adk.ADKE_TO_SHORT_STRING) -> str:
    """A C buffer of max_len chars holds max_len - 1 characters and the NUL."""
    if max_len is not None and len(text) >= max_len:
        raise AdkFailure(rc)
    return text


class Adk:
    """One process's fake ADK. See the module docstring for the conventions every method follows."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._table_code = 0
        self._objects: dict[int, Buffer | RowArray] = {}
        self._next_handle = 1
        self._company: Company | None = None
        self._db: store.CompanyDb | None = None
        self._company_lock: store.CompanyLock | None = None
        self._common_files: Path | None = None
        self._company_folder: Path | None = None
        self._warning: Callable[[AdkError], Any] | None = None
        self.last_create_error: AdkError = OK
        self._calllog = calllog.CallLog()
        self._log_folder: str | None = None  # where APIAdklogg is looked for: the last open's common files
        # > 0 while the C-style surface runs an export: the session calls it makes for it are not logged (the
        # export logs itself). Public methods never call each other, so each program call is logged once.
        self._depth = 0
        # the monotonic time from which a call looks at the log: the log's recheck_at (0 while it is on), or
        # infinity while the C-style surface runs an export. One attribute, so a call with the log off pays one
        # clock read and one comparison.
        self._log_at = 0.0

    def __enter__(self) -> Adk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # an instance dropped with a company open must not keep the company locked for the rest of the process
        with contextlib.suppress(Exception):
            self._close()

    # ============================================================================================ call log
    @property
    def call_log(self) -> calllog.CallLog:
        """The APIAdklogg switch and file of this ADK (the C-style surface writes its lines through it)."""
        return self._calllog

    @property
    def log_folder(self) -> str | None:
        """The common-files folder whose APIAdklogg logs this ADK's calls (the last open's, kept after close)."""
        return self._log_folder

    def begin_foreign_call(self) -> int:
        """The C-style surface starts one export: the session calls it makes for it are not logged (the export
        logs itself, with its C arguments). Holds the lock until `end_foreign_call(depth)`."""
        self._lock.acquire()
        depth = self._depth
        self._depth = depth + 1
        self._log_at = math.inf
        return depth

    def end_foreign_call(self, depth: int) -> None:
        self._depth = depth
        self._log_at = math.inf if depth else self._calllog.recheck_at
        self._lock.release()

    def _log_call(self, spec: _Logged, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> None:
        """One log line for a program's call of a public method, when APIAdklogg exists. Never fails."""
        try:
            folder = None
            if spec.folder_arg is not None:
                if spec.folder_arg < len(args):
                    folder = _folder_text(args[spec.folder_arg])
                elif spec.params[spec.folder_arg] in kwargs:
                    folder = _folder_text(kwargs[spec.params[spec.folder_arg]])
            fresh = folder is not None
            folder = folder or self._log_folder
            log = self._calllog
            if folder is None:
                self._log_at = _monotonic() + calllog.CHECK_INTERVAL  # nowhere to log: look again later
                return
            on = log.active(folder, fresh=fresh)
            self._log_at = log.recheck_at
            if not on:
                return
            shown = [calllog.describe(a) for a in args]
            if spec.secret is not None and spec.secret < len(shown):
                shown[spec.secret] = '"***"'
            for name in spec.params:  # keyword arguments in the signature's order, as name=value
                if name in kwargs:
                    value = '"***"' if spec.secret is not None and spec.params.index(name) == spec.secret else \
                        calllog.describe(kwargs[name])
                    shown.append(f"{name}={value}")
            rc, out = None, None
            kind = spec.kind
            if kind == "error":
                err, value = (result, None) if isinstance(result, AdkError) else result
                rc = err.rc
                if err.ok and value is not None:
                    out = calllog.describe(value)
            elif kind in ("handle", "bool"):
                out = calllog.describe(int(result))
                failed = self.last_create_error.rc
                if kind == "handle" and not result and failed and spec.name in ("AdkCreateData", "AdkCreateDataRow"):
                    out = f"0 ({calllog.code_name(failed)})"
            elif kind == "version":
                out = calllog.text("{}.{}".format(*result))
            elif kind == "text":
                out = calllog.describe(result)
            log.write(calllog.format_line(spec.name, shown, rc, out))
            self._log_at = log.recheck_at  # a failed write switched it off
        except Exception:  # logging never fails a call
            pass

    # ============================================================================================ session
    @property
    def is_open(self) -> bool:
        return self._company is not None

    @property
    def common_files(self) -> Path | None:
        """The common-files folder of the open company (or of the last open attempt)."""
        return self._common_files

    @property
    def company_folder(self) -> Path | None:
        return self._company_folder if self._company is not None else None

    @_api(adk.ADKE_OPEN)
    def open(self, common_files: Any, company: Any) -> AdkError:
        return self._open(common_files, company, None, None)

    @_api(adk.ADKE_OPEN2)
    def open2(self, common_files: Any, company: Any, user: Any, password: Any) -> AdkError:
        return self._open(common_files, company, _text(user), _text(password))

    @_api(adk.ADKE_OPENEX)
    def open_ex(self, common_files: Any, company: Any, log_on: int = 1) -> AdkError:
        return self._open(common_files, company, None, None)

    @_api(adk.ADKE_OPENEX2)
    def open_ex2(self, common_files: Any, company: Any, user: Any, password: Any, log_on: int = 1) -> AdkError:
        return self._open(common_files, company, _text(user), _text(password))

    def _open(self, common_files: Any, company: Any, user: str | None, password: str | None) -> AdkError:
        self._close()  # one company per process: opening another closes the first (also when the open fails)
        common = _path(common_files)
        self._common_files = common
        self._log_folder = os.fspath(common)
        if not store.is_common_files(common):
            raise AdkFailure(adk.ADKE_INVALID_ADM_PATH)
        try:
            folder = _path(company)
        except AdkFailure:
            raise AdkFailure(adk.ADKE_INVALID_PATH_COMPANY) from None
        if not store.is_company(folder):
            raise AdkFailure(adk.ADKE_INVALID_PATH_COMPANY)
        login = store.read_meta(folder).get("login")
        if login:
            if user is None:
                raise AdkFailure(adk.ADKE_LOGIN_DENIED)
            if user.casefold() != str(login.get("user", "")).casefold() or password != login.get("password"):
                raise AdkFailure(adk.ADKE_LOGIN_FAIL)
        lock = store.CompanyLock(folder)
        if not lock.acquire():
            raise AdkFailure(adk.ADKE_EXCLUSIVE_LOCK)
        try:
            db = store.CompanyDb(folder)
            company_data = db.load()
        except Exception:
            lock.release()
            raise AdkFailure(adk.ADKE_CANT_OPEN_FILE) from None
        self._company_lock, self._db, self._company = lock, db, company_data
        self._company_folder = folder
        return OK

    @_logged("void")
    def close(self) -> None:
        """AdkClose: release the company (its lock and file); buffers stay, their cursors are reset."""
        self._close()

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
        if self._company_lock is not None:
            self._company_lock.release()
        self._db = self._company_lock = self._company = None
        for obj in self._objects.values():
            if isinstance(obj, Buffer):
                obj.pos = None
                obj.rid = None

    @_api(adk.ADKE_ISLOGINACTIVATED, False)
    def is_login_activated(self, common_files: Any, company: Any) -> tuple[AdkError, bool]:
        if not store.is_common_files(_path(common_files)):
            raise AdkFailure(adk.ADKE_INVALID_ADM_PATH)
        try:
            folder = _path(company)
        except AdkFailure:
            raise AdkFailure(adk.ADKE_INVALID_PATH_COMPANY) from None
        if not store.is_company(folder):
            raise AdkFailure(adk.ADKE_INVALID_PATH_COMPANY)
        return OK, bool(store.read_meta(folder).get("login"))

    @_logged("version")
    def get_version(self) -> tuple[int, int]:
        return VERSION

    @_logged("version")
    def get_program_database_version(self) -> tuple[int, int]:
        return VERSION

    @_api(adk.ADKE_GETCOMPANYNAME, "")
    def get_company_name(
        self, max_len: int | None = None, company: Any = None, common_files: Any = None
    ) -> tuple[AdkError, str]:
        """The open company's name, or (AdkGetCompanyName's own form) the name of the company in `company`."""
        if company is not None:
            if common_files is not None and not store.is_common_files(_path(common_files)):
                raise AdkFailure(adk.ADKE_INVALID_ADM_PATH)
            folder = _path(company)
            if not store.is_company(folder):
                raise AdkFailure(adk.ADKE_INVALID_PATH_COMPANY)
            name = str(store.read_meta(folder).get("name") or "")
        else:
            name = self._require().name
        return OK, _fits(name, max_len)

    @_logged("void")
    def set_warning_function(self, callback: Callable[[AdkError], Any] | None) -> None:
        """AdkSetWarningFunction: `callback(AdkError)` receives the warnings (ADKW_*) of later calls."""
        self._warning = callback

    @_logged("text")
    def get_error_text(self, err: Any, kind: int = adk.elRc, max_len: int | None = 256) -> str:
        """AdkGetErrorText: the Swedish text of one component of an error (kind: elRc, elDbTable, elField,
        elFunction, elProgramPart), cut to fit a buffer of max_len (the C call has no error to report)."""
        from simulators.adk import texts

        try:
            text = texts.component_text(int(kind), err)
        except Exception:
            text = ""
        if max_len is not None:
            text = text[: max(0, max_len - 1)]
        return text

    # ============================================================================================ handles
    def _new_handle(self, obj: Buffer | RowArray) -> int:
        handle = self._next_handle
        self._next_handle += 1
        obj.handle = handle
        self._objects[handle] = obj
        return handle

    def _release(self, obj: Buffer | RowArray) -> None:
        if obj.handle:
            self._objects.pop(obj.handle, None)
            obj.handle = 0
        if isinstance(obj, RowArray):
            for row in obj.rows:
                if row.handle:
                    self._objects.pop(row.handle, None)
                    row.handle = 0

    def _buffer(self, h: Any) -> Buffer:
        obj = self._objects.get(h) if isinstance(h, int) else None
        if not isinstance(obj, Buffer):
            raise AdkFailure(adk.ADKE_INVALID_PDATA)
        self._table_code = obj.table.error_table_code
        return obj

    def _require(self) -> Company:
        if self._company is None:
            raise AdkFailure(adk.ADKE_NO_DB_OPEN)
        return self._company

    def handle_table(self, h: int) -> int | None:
        """The ADK_DB_* id of a handle's buffer or row array (for the call log); None for a bad handle."""
        obj = self._objects.get(h) if isinstance(h, int) else None
        return obj.table.id if obj is not None else None

    @_logged("handle")
    def create_data(self, db: int) -> int:
        """AdkCreateData: a new empty buffer of table `db`, or 0 (see `last_create_error`)."""
        table = _tables().get(db) if isinstance(db, int) else None
        if table is None:
            known = isinstance(db, int) and db in _known_table_ids()
            self.last_create_error = AdkError(adk.ADKE_DBTABLE_NOT_IN_ADM_VER if known else adk.ADKE_INVALID_DB)
            return 0
        self.last_create_error = OK
        return self._new_handle(
            Buffer(
                table,
                order=sort_order(table, table.default_sort) if table.default_sort is not None
                else self._first_order(table),
            )
        )

    @staticmethod
    def _first_order(table: Table) -> SortOrder | None:
        return next(iter(table.sort_orders.values()), None)

    @_logged("handle")
    def create_data_row(self, row_db: int, count: int) -> int:
        """AdkCreateDataRow: an array of `count` empty row buffers of table `row_db`, or 0."""
        table = _tables().get(row_db) if isinstance(row_db, int) else None
        if table is None or not isinstance(count, int) or count < 0 or count > adk.MAX_ELEMENTS * 50:
            known = isinstance(row_db, int) and row_db in _known_table_ids()
            self.last_create_error = AdkError(
                adk.ADKE_DBTABLE_NOT_IN_ADM_VER if table is None and known else adk.ADKE_INVALID_DB
            )
            return 0
        self.last_create_error = OK
        return self._new_handle(RowArray(table, [Buffer(table) for _ in range(count)], owned=False))

    @_logged("handle")
    def get_data_row(self, rows: int, index: int) -> int:
        """AdkGetDataRow: the handle of row `index` (0-based) of a row array, or 0."""
        array = self._objects.get(rows) if isinstance(rows, int) else None
        if not isinstance(array, RowArray) or not isinstance(index, int) or not 0 <= index < len(array.rows):
            return 0
        row = array.rows[index]
        return row.handle or self._new_handle(row)

    @_api(adk.ADKE_SET_DATA)
    def set_data(self, head: int, field: int, rows: int) -> AdkError:
        buf = self._buffer(head)
        self._field(buf, field, FieldType.DATA)
        array = self._objects.get(rows) if isinstance(rows, int) else None
        if not isinstance(array, RowArray) or array.table.id != buf.table.row_table:
            raise AdkFailure(adk.ADKE_INVALID_STRUCT_POINTER_TO_ROW, field)
        self._drop_owned_rows(buf)
        buf.values[field] = array
        buf.changed.add(field)
        return OK

    @_api(adk.ADKE_GET_DATA, 0)
    def get_data(self, head: int, field: int, index: int) -> tuple[AdkError, int]:
        buf = self._buffer(head)
        self._field(buf, field, FieldType.DATA)
        array = buf.values.get(field)
        if not isinstance(array, RowArray) or not isinstance(index, int) or not 0 <= index < len(array.rows):
            raise AdkFailure(adk.ADKE_INVALID_INDEX, field)
        row = array.rows[index]
        return OK, row.handle or self._new_handle(row)

    @_api(adk.ADKE_RESET_STRUCT)
    def reset_struct(self, h: int) -> AdkError:
        buf = self._buffer(h)
        self._drop_owned_rows(buf)
        buf.values = blank_record(buf.table)
        if buf.table.rows_field is not None:
            buf.values[buf.table.rows_field] = None
        buf.changed = set()
        buf.pos = None
        buf.rid = None
        return OK

    @_api(adk.ADKE_DELETE_STRUCT)
    def delete_struct(self, h: int) -> AdkError:
        obj = self._objects.get(h) if isinstance(h, int) else None
        if obj is None:
            raise AdkFailure(adk.ADKE_INVALID_PDATA)
        if isinstance(obj, Buffer):
            self._drop_owned_rows(obj)
        self._release(obj)
        return OK

    def _drop_owned_rows(self, buf: Buffer) -> None:
        rows_field = buf.table.rows_field
        if rows_field is None:
            return
        array = buf.values.get(rows_field)
        if isinstance(array, RowArray) and array.owned:
            self._release(array)
        buf.values[rows_field] = None

    # ============================================================================================ fields
    def _field(self, buf: Buffer, field: Any, kind: FieldType | None = None) -> Field:
        fld = buf.table.fields.get(field) if isinstance(field, int) else None
        if fld is None:
            raise AdkFailure(adk.ADKE_UNKNON_DB_FIELD, field if isinstance(field, int) else 0)
        if kind is not None and fld.type is not kind:
            raise AdkFailure(adk.ADKE_INVALID_DATA_TYPE, field)
        return fld

    def _settable(self, buf: Buffer, fld: Field) -> None:
        if not fld.writable and not any(fld.id in order.keys for order in buf.table.sort_orders.values()):
            raise AdkFailure(adk.ADKE_EDIT_DENIED_FIELD, fld.id)

    @_api(adk.ADKE_SET_STRING)
    def set_str(self, h: int, field: int, value: Any) -> AdkError:
        buf = self._buffer(h)
        fld = self._field(buf, field, FieldType.CHAR)
        self._settable(buf, fld)
        try:
            text = _text(value)
            text.encode("cp1252")
        except (UnicodeEncodeError, AdkFailure):
            raise AdkFailure(adk.ADKE_INVALID_STRING, field) from None
        if "\0" in text:
            raise AdkFailure(adk.ADKE_INVALID_STRING, field)
        if fld.length and len(text) > fld.length:
            raise AdkFailure(adk.ADKE_TOO_MANY_SIGNS, field)
        buf.values[field] = text
        buf.changed.add(field)
        return OK

    @_api(adk.ADKE_GET_STRING, "")
    def get_str(self, h: int, field: int, max_len: int | None = None) -> tuple[AdkError, str]:
        buf = self._buffer(h)
        self._field(buf, field, FieldType.CHAR)
        text = buf.values.get(field) or ""
        if max_len is not None and len(text) >= max_len:
            raise AdkFailure(adk.ADKE_TO_SHORT_STRING, field)
        return OK, text

    @_api(adk.ADKE_SET_DOUBLE)
    def set_double(self, h: int, field: int, value: Any) -> AdkError:
        buf = self._buffer(h)
        fld = self._field(buf, field, FieldType.DOUBLE)
        self._settable(buf, fld)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise AdkFailure(adk.ADKE_INVALID_DATA_TYPE, field)
        number = float(value)
        rounded = round(number, fld.decimals)
        if abs(rounded - number) > 1e-9 * max(1.0, abs(number)):
            raise AdkFailure(adk.ADKE_TOO_MANY_DECIMALS, field)
        buf.values[field] = rounded + 0.0  # no -0.0
        buf.changed.add(field)
        return OK

    @_api(adk.ADKE_GET_DOUBLE, 0.0)
    def get_double(self, h: int, field: int) -> tuple[AdkError, float]:
        buf = self._buffer(h)
        self._field(buf, field, FieldType.DOUBLE)
        return OK, float(buf.values.get(field) or 0.0)

    @_api(adk.ADKE_SET_BOOL)
    def set_bool(self, h: int, field: int, value: Any) -> AdkError:
        buf = self._buffer(h)
        fld = self._field(buf, field, FieldType.BOOL)
        self._settable(buf, fld)
        if not isinstance(value, int | bool):
            raise AdkFailure(adk.ADKE_INVALID_DATA_TYPE, field)
        buf.values[field] = bool(value)
        buf.changed.add(field)
        return OK

    @_api(adk.ADKE_GET_BOOL, 0)
    def get_bool(self, h: int, field: int) -> tuple[AdkError, int]:
        buf = self._buffer(h)
        self._field(buf, field, FieldType.BOOL)
        return OK, 1 if buf.values.get(field) else 0

    @_api(adk.ADKE_SET_DATE)
    def set_date(self, h: int, field: int, value: Any) -> AdkError:
        buf = self._buffer(h)
        fld = self._field(buf, field, FieldType.DATE)
        self._settable(buf, fld)
        if isinstance(value, bool) or not isinstance(value, int):
            raise AdkFailure(adk.ADKE_LONG_TO_DATE, field)
        if field == buf.table.timestamp_field:
            if not 0 <= value <= dates.LONG_MAX:
                raise AdkFailure(adk.ADKE_LONG_TO_DATE, field)
        elif not dates.is_date_long(value):
            raise AdkFailure(adk.ADKE_LONG_TO_DATE, field)
        buf.values[field] = value
        buf.changed.add(field)
        return OK

    @_api(adk.ADKE_GET_DATE, 0)
    def get_date(self, h: int, field: int) -> tuple[AdkError, int]:
        buf = self._buffer(h)
        self._field(buf, field, FieldType.DATE)
        return OK, int(buf.values.get(field) or 0)

    @_api(adk.ADKE_GET_TYPE, 0)
    def get_type(self, h: int, field: int) -> tuple[AdkError, int]:
        return OK, int(self._field(self._buffer(h), field).type)

    @_api(adk.ADKE_GET_LENGTH, 0)
    def get_length(self, h: int, field: int) -> tuple[AdkError, int]:
        return OK, self._field(self._buffer(h), field).length

    @_api(adk.ADKE_GET_DECIMALS, 0)
    def get_decimals(self, h: int, field: int) -> tuple[AdkError, int]:
        return OK, self._field(self._buffer(h), field).decimals

    @_logged("bool")
    def is_read_write(self, h: int, field: int) -> bool:
        obj = self._objects.get(h) if isinstance(h, int) else None
        fld = obj.table.fields.get(field) if isinstance(obj, Buffer) and isinstance(field, int) else None
        return bool(fld is not None and fld.writable)

    @_api(adk.ADKE_GET_FIELD_NAME, "")
    def get_field_name(self, db: int, field: int, max_len: int | None = None) -> tuple[AdkError, str]:
        """The Adk.h constant name of a field (e.g. "ADK_CUSTOMER_NAME") [I: the real text is not known]."""
        table = _tables().get(db) if isinstance(db, int) else None
        if table is None:
            raise AdkFailure(adk.ADKE_INVALID_DB)
        self._table_code = table.error_table_code
        fld = table.fields.get(field) if isinstance(field, int) else None
        if fld is None:
            raise AdkFailure(adk.ADKE_UNKNON_DB_FIELD, field if isinstance(field, int) else 0)
        return OK, _fits(fld.name, max_len)

    @_api(adk.ADKE_GET_TIMESTAMP_FIELD, 0)
    def get_timestamp_field(self, h: int) -> tuple[AdkError, int]:
        buf = self._buffer(h)
        if buf.table.timestamp_field is None:
            raise AdkFailure(adk.ADKE_TIMESTAMP_FIELD_NOT_FOUND)
        return OK, buf.table.timestamp_field

    @_api(adk.ADKE_GET_ROW_DB_ID, 0)
    def get_row_db_id(self, h: int) -> tuple[AdkError, int]:
        return OK, self._head_part(h, "row_table")

    @_api(adk.ADKE_GET_NROWS_FIELD_ID, 0)
    def get_nrows_field_id(self, h: int) -> tuple[AdkError, int]:
        return OK, self._head_part(h, "nrows_field")

    @_api(adk.ADKE_GET_ROWS_FIELD_ID, 0)
    def get_rows_field_id(self, h: int) -> tuple[AdkError, int]:
        return OK, self._head_part(h, "rows_field")

    @_api(adk.ADKE_GET_LAST_FIELD_ID, 0)
    def get_last_field_id(self, h: int) -> tuple[AdkError, int]:
        return OK, self._buffer(h).table.last_field

    def _head_part(self, h: int, attribute: str) -> int:
        value = getattr(self._buffer(h).table, attribute)
        if value is None:
            raise AdkFailure(adk.ADKE_INVALID_DB)  # a table without rows
        return int(value)

    # ============================================================================================ dates
    @_api(adk.ADKE_DATE_TO_LONG, 0)
    def date_to_long(self, text: Any) -> tuple[AdkError, int]:
        try:
            return OK, dates.date_to_long(_text(text))
        except (ValueError, AdkFailure):
            raise AdkFailure(adk.ADKE_DATE_TO_LONG) from None

    @_api(adk.ADKE_LONG_TO_DATE, "")
    def long_to_date(self, value: Any, max_len: int | None = 11) -> tuple[AdkError, str]:
        try:
            text = dates.long_to_date(value) if not isinstance(value, bool) else dates.long_to_date(-1)
        except (ValueError, TypeError):
            raise AdkFailure(adk.ADKE_LONG_TO_DATE) from None
        return OK, _fits(text, max_len)

    @_api(adk.ADKE_DATETIME_TO_LONG, 0)
    def datetime_to_long(self, text: Any) -> tuple[AdkError, int]:
        try:
            return OK, dates.datetime_to_long(_text(text))
        except (ValueError, AdkFailure):
            raise AdkFailure(adk.ADKE_INVALID_DATETIME_STRING) from None

    @_api(adk.ADKE_LONG_TO_DATETIME, "")
    def long_to_datetime(self, value: Any, max_len: int | None = 20) -> tuple[AdkError, str]:
        try:
            text = dates.long_to_datetime(value) if not isinstance(value, bool) else dates.long_to_datetime(-1)
        except (ValueError, TypeError):
            raise AdkFailure(adk.ADKE_LONG_TO_DATE) from None
        return OK, _fits(text, max_len, adk.ADKE_DT_TO_SHORT_STRING)

    # ============================================================================================ cursor
    @_api(adk.ADKE_SET_SORT_ORDER)
    def set_sort_order(self, h: int, order: int) -> AdkError:
        buf = self._buffer(h)
        chosen = sort_order(buf.table, order) if isinstance(order, int) else None
        if chosen is None:
            raise AdkFailure(adk.ADKE_NOT_VALID_SORTORDER)
        buf.order = chosen
        company = self._company
        rec = company.tables[buf.table.id].records.get(buf.rid) if company and buf.rid is not None else None
        buf.pos = (company.tables[buf.table.id].index(chosen).key(rec), buf.rid) if rec is not None else None
        buf.visited = {}
        return OK

    @_api(adk.ADKE_SETFILTER)
    def set_filter(self, h: int, field: int, expression: Any, version: int = 0) -> AdkError:
        buf = self._buffer(h)
        if version != 0:
            raise AdkFailure(adk.ADKE_INVALID_FILTER_SYNTAX_VERSION, field if isinstance(field, int) else 0)
        fld = self._field(buf, field)
        if not fld.filterable or fld.type is FieldType.DATA:
            raise AdkFailure(adk.ADKE_INVALID_FILTER_FIELD, field)
        try:
            buf.filters[field] = compile_filter(buf.table, fld, _text(expression))
        except (FilterError, AdkFailure):
            raise AdkFailure(adk.ADKE_INVALID_FILTER_EXPRESSION, field) from None
        return OK

    @_api(adk.ADKE_CLEARFILTERS)
    def clear_filters(self, h: int) -> AdkError:
        self._buffer(h).filters = {}
        return OK

    @_api(adk.ADKE_ISFILTERABLE, False)
    def is_filterable(self, h: int, field: int) -> tuple[AdkError, bool]:
        fld = self._field(self._buffer(h), field)
        return OK, bool(fld.filterable and fld.type is not FieldType.DATA)

    def _load(self, buf: Buffer, entry: tuple, rec: Record, rows: bool) -> None:
        """Make `rec` the buffer's current record (rows too, unless `rows` is false)."""
        values = rec.copy()
        rows_field = buf.table.rows_field
        if rows_field is not None:
            old = buf.values.get(rows_field)
            if isinstance(old, RowArray) and old.owned:
                self._release(old)
            values[rows_field] = self._row_array(buf.table, rec[rows_field]) if rows else None
        buf.values = values
        if buf.changed:
            buf.changed = set()
        buf.pos = entry
        buf.rid = entry[1]

    @staticmethod
    def _row_array(head: Table, rows: list[Record]) -> RowArray:
        row_table = _tables()[head.row_table]  # type: ignore[index]
        return RowArray(row_table, [Buffer(row_table, row.copy()) for row in rows], owned=True)

    def _walk(self, h: int, forward: bool, start: str, rows: bool) -> AdkError:
        buf = self._buffer(h)
        company = self._require()
        if buf.order is None:
            raise AdkFailure(adk.ADKE_EOF if forward else adk.ADKE_BOF)
        data = company.tables[buf.table.id]
        entries = data.index(buf.order).entries
        pos = buf.pos
        if start == "end" or pos is None:
            i = 0 if forward else len(entries) - 1
            buf.visited = {}
        elif pos is AT_EOF:
            if forward:
                raise AdkFailure(adk.ADKE_EOF)
            i = len(entries) - 1
        elif pos is AT_BOF:
            if not forward:
                raise AdkFailure(adk.ADKE_BOF)
            i = 0
        else:
            i = bisect.bisect_right(entries, pos) if forward else bisect.bisect_left(entries, pos) - 1
        step = 1 if forward else -1
        filters = buf.filters
        records = data.records
        visited = buf.visited
        n = len(entries)
        while 0 <= i < n:
            entry = entries[i]
            rid = entry[1]
            seen = visited.get(rid)
            if seen is not None and seen != entry:  # met by this walk, then moved on by an update: not again
                i += step
                continue
            rec = records[rid]
            if filters and not all(match(rec) for match in filters.values()):
                i += step
                continue
            self._load(buf, entry, rec, rows)
            visited[rid] = entry
            return OK
        buf.pos = AT_EOF if forward else AT_BOF
        raise AdkFailure(adk.ADKE_EOF if forward else adk.ADKE_BOF)

    @_api(adk.ADKE_FIRST)
    def first(self, h: int) -> AdkError:
        return self._walk(h, True, "end", True)

    @_api(adk.ADKE_FIRSTEX)
    def first_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._walk(h, True, "end", bool(rows))

    @_api(adk.ADKE_LAST)
    def last(self, h: int) -> AdkError:
        return self._walk(h, False, "end", True)

    @_api(adk.ADKE_LASTEX)
    def last_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._walk(h, False, "end", bool(rows))

    @_api(adk.ADKE_NEXT)
    def next(self, h: int) -> AdkError:
        return self._walk(h, True, "here", True)

    @_api(adk.ADKE_NEXTEX)
    def next_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._walk(h, True, "here", bool(rows))

    @_api(adk.ADKE_PREVIOUS)
    def previous(self, h: int) -> AdkError:
        return self._walk(h, False, "here", True)

    @_api(adk.ADKE_PREVIOUSEX)
    def previous_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._walk(h, False, "here", bool(rows))

    def _find(self, h: int, rows: bool) -> AdkError:
        buf = self._buffer(h)
        company = self._require()
        if buf.order is None:
            raise AdkFailure(adk.ADKE_NOT_VALID_SORTORDER)
        data = company.tables[buf.table.id]
        index = data.index(buf.order)
        key = index.key(buf.values)
        entries = index.entries
        exact = buf.order.seek != "ge"
        filters = buf.filters
        i = bisect.bisect_left(entries, (key,))
        while i < len(entries):
            entry = entries[i]
            if exact and entry[0] != key:
                break
            rec = data.records[entry[1]]
            if not filters or all(match(rec) for match in filters.values()):
                self._load(buf, entry, rec, rows)
                buf.visited = {entry[1]: entry}
                return OK
            i += 1
        buf.pos = AT_EOF
        buf.visited = {}
        raise AdkFailure(adk.ADKE_NOT_FOUND)

    @_api(adk.ADKE_FIND)
    def find(self, h: int) -> AdkError:
        return self._find(h, True)

    @_api(adk.ADKE_FINDEX)
    def find_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._find(h, bool(rows))

    @_api(adk.ADKE_FIND2)
    def find2(self, h: int, rows: Any = True) -> AdkError:
        return self._find(h, bool(rows))

    # ============================================================================================ writes
    def _is_row_table(self, table: Table) -> bool:
        return any(t.row_table == table.id for t in _tables().values())

    def _rows_from(self, buf: Buffer) -> tuple[list[Record], list[set[int]], dict[int, Buffer]]:
        """The rows to store from the buffer's row array: NROWS of them, as fresh records."""
        table = buf.table
        array = buf.values.get(table.rows_field)  # type: ignore[arg-type]
        count = buf.values.get(table.nrows_field) or 0.0  # type: ignore[arg-type]
        if count != int(count) or count < 0:
            raise AdkFailure(adk.ADKE_INVALID_INDEX, table.nrows_field or 0)
        count = int(count)
        sources = array.rows if isinstance(array, RowArray) else []
        if count > len(sources):
            raise AdkFailure(adk.ADKE_INVALID_INDEX, table.nrows_field or 0)
        row_table = _tables()[table.row_table]  # type: ignore[index]
        writable = [f.id for f in row_table.fields.values() if f.writable]
        records, changed, owners = [], [], {}
        for src in sources[:count]:
            row = blank_record(row_table)
            for fid in writable:
                row[fid] = src.values.get(fid, row[fid])
            records.append(row)
            changed.append(set(src.changed))
            owners[id(row)] = src
        return records, changed, owners

    def _write_back(self, buf: Buffer, stored: Record, owners: dict[int, Buffer]) -> None:
        """The stored record (numbers, totals, defaults) into the caller's buffer and row buffers."""
        values = stored.copy()
        rows_field = buf.table.rows_field
        if rows_field is not None:
            array = buf.values.get(rows_field)
            stored_rows = stored.get(rows_field) or []
            for row in stored_rows:
                owner = owners.get(id(row))
                if owner is not None:
                    owner.values = row.copy()
                    owner.changed = set()
            if (
                isinstance(array, RowArray)
                and len(owners) == len(stored_rows)
                and all(id(row) in owners for row in stored_rows)
            ):
                values[rows_field] = array
            elif isinstance(array, RowArray) or stored_rows:
                if isinstance(array, RowArray) and array.owned:
                    self._release(array)
                values[rows_field] = self._row_array(buf.table, stored_rows)
            else:
                values[rows_field] = None
        buf.values = values
        buf.changed = set()

    def _commit(self, tx: Tx) -> None:
        """Write the plan to SQLite (one transaction), then to memory; tell the warning callback."""
        company = self._require()
        assert self._db is not None
        try:
            self._db.commit(tx)
        except Exception:
            raise AdkFailure(adk.ADKE_INTERNAL) from None
        company.apply(tx.changes)
        company.next_rid = max(company.next_rid, tx._rid)
        for rc, db_table, field in tx.warnings:
            self._warn(AdkError(rc, db_table or self._table_code, field, self._function_of_write))

    def _warn(self, err: AdkError) -> None:
        callback = self._warning
        if callback is None:
            return
        # the callback's own ADK calls are the program's: they are logged, also inside a C-style export
        depth, log_at = self._depth, self._log_at
        self._depth, self._log_at = 0, self._calllog.recheck_at
        try:
            with contextlib.suppress(Exception):  # a failing callback must not fail the call that warned
                callback(err)
        finally:
            self._depth, self._log_at = depth, log_at

    _function_of_write = 0

    def _now_tx(self, company: Company) -> Tx:
        assert self._company_folder is not None
        return Tx(company, folder_now(self._company_folder))

    def _add(self, h: int, rows: bool, function: int) -> AdkError:
        buf = self._buffer(h)
        company = self._require()
        table = buf.table
        if self._is_row_table(table):
            raise AdkFailure(adk.ADKE_INVALID_DB)
        rec = blank_record(table)
        for fid, fld in table.fields.items():
            if fld.writable and fld.type is not FieldType.DATA:
                rec[fid] = buf.values.get(fid, rec[fid])
        owners: dict[int, Buffer] = {}
        row_changed: list[set[int]] = []
        if table.rows_field is not None:
            if rows:
                rec[table.rows_field], row_changed, owners = self._rows_from(buf)
            else:
                rec[table.rows_field] = []
            rec[table.nrows_field] = float(len(rec[table.rows_field]))  # type: ignore[index]
        tx = self._now_tx(company)
        self._function_of_write = function
        rid, stored = rules.add(tx, table, rec, set(buf.changed), row_changed)
        self._commit(tx)
        self._write_back(buf, stored, owners)
        buf.rid = rid
        if buf.order is not None:
            index = company.tables[table.id].index(buf.order)
            buf.pos = index.entry_of.get(rid) or (index.key(stored), rid)
        return OK

    @_api(adk.ADKE_ADD)
    def add(self, h: int) -> AdkError:
        return self._add(h, True, adk.ADKE_ADD)

    @_api(adk.ADKE_ADDEX)
    def add_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._add(h, bool(rows), adk.ADKE_ADDEX)

    def _current(self, buf: Buffer, company: Company) -> tuple[int, Record]:
        """The record an Update/Delete applies to: the one the buffer holds, else the one with its key."""
        data = company.tables[buf.table.id]
        if buf.rid is not None:
            rec = data.records.get(buf.rid)
            if rec is not None:
                return buf.rid, rec
        if buf.table.key:
            rid = data.by_key(buf.values)
            if rid is not None:
                return rid, data.records[rid]
        raise AdkFailure(adk.ADKE_NOT_FOUND)

    def _update(self, h: int, rows: bool, function: int) -> AdkError:
        buf = self._buffer(h)
        company = self._require()
        table = buf.table
        if self._is_row_table(table):
            raise AdkFailure(adk.ADKE_INVALID_DB)
        rid, old = self._current(buf, company)
        new = old.copy()
        for fid in buf.changed:
            fld = table.fields.get(fid)
            if fld is not None and fld.writable and fld.type is not FieldType.DATA and fid != table.nrows_field:
                new[fid] = buf.values.get(fid)
        owners: dict[int, Buffer] = {}
        if table.rows_field is not None:
            if rows and isinstance(buf.values.get(table.rows_field), RowArray):
                new[table.rows_field], _changed, owners = self._rows_from(buf)
            else:
                new[table.rows_field] = [row.copy() for row in old.get(table.rows_field) or []]
            new[table.nrows_field] = float(len(new[table.rows_field]))  # type: ignore[index]
        tx = self._now_tx(company)
        self._function_of_write = function
        stored = rules.update(tx, table, rid, old, new, set(buf.changed))
        if stored is not old:
            self._commit(tx)
        elif tx.warnings:
            for rc, db_table, field in tx.warnings:
                self._warn(AdkError(rc, db_table or self._table_code, field, function))
        if table.rows_field is not None and not (rows and isinstance(buf.values.get(table.rows_field), RowArray)):
            kept = buf.values.get(table.rows_field)
            self._write_back(buf, stored, owners)
            if kept is None and not owners:
                buf.values[table.rows_field] = None  # a head loaded without rows stays without rows
        else:
            self._write_back(buf, stored, owners)
        buf.rid = rid  # the cursor keeps its place in the index (see the module docstring)
        return OK

    @_api(adk.ADKE_UPDATE)
    def update(self, h: int) -> AdkError:
        return self._update(h, True, adk.ADKE_UPDATE)

    @_api(adk.ADKE_UPDATEEX)
    def update_ex(self, h: int, rows: Any = True) -> AdkError:
        return self._update(h, bool(rows), adk.ADKE_UPDATEEX)

    def _delete(self, h: int) -> AdkError:
        buf = self._buffer(h)
        company = self._require()
        rid, rec = self._current(buf, company)
        tx = self._now_tx(company)
        rules.delete(tx, buf.table, rid, rec)
        self._commit(tx)
        buf.rid = None
        return OK

    @_api(adk.ADKE_DELETE)
    def delete(self, h: int) -> AdkError:
        return self._delete(h)

    @_api(adk.ADKE_DELETE)
    def delete_record(self, h: int) -> AdkError:
        return self._delete(h)

    @_api(adk.ADKE_DELETE_ROW)
    def delete_row(self, h: int, row_nr: int) -> AdkError:
        """AdkDeleteRow: remove row `row_nr` (1-based) of the head's rows in the buffer, renumber the others and
        lower NROWS; AdkUpdate stores the result."""
        buf = self._buffer(h)
        table = buf.table
        if table.rows_field is None:
            raise AdkFailure(adk.ADKE_INVALID_DB)
        array = buf.values.get(table.rows_field)
        count = int(buf.values.get(table.nrows_field) or 0)  # type: ignore[arg-type]
        if (
            not isinstance(array, RowArray)
            or not isinstance(row_nr, int)
            or not 1 <= row_nr <= min(count, len(array.rows))
        ):
            raise AdkFailure(adk.ADKE_INVALID_INDEX, table.rows_field)
        removed = array.rows.pop(row_nr - 1)
        if removed.handle:
            self._objects.pop(removed.handle, None)
            removed.handle = 0
        for i, row in enumerate(array.rows):
            row.values[adk.ADK_OOI_ROW_ROWNUMBER] = float(i + 1)
        buf.values[table.nrows_field] = float(count - 1)  # type: ignore[index]
        buf.changed.update((table.rows_field, table.nrows_field))  # type: ignore[arg-type]
        return OK


_default: Adk | None = None
_default_lock = threading.Lock()


def default() -> Adk:
    """The process-wide ADK (the DLL's global state): what the C-style surface uses."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Adk()
        return _default
