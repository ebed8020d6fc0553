"""The C-style surface of the fake ADK: an object that code written for `ctypes.WinDLL("Adk.dll")` can be handed
instead, unchanged but for the loader line.

    adk = ctypes.WinDLL("Adk.dll") if os.name == "nt" else simulators.adk.cstyle.load()
    adk.AdkOpen.restype = ADK_ERROR                      # accepted (and used: see "restype" below)
    err = adk.AdkOpen(b"C:\\\\...\\\\Gemensamma filer", b"C:\\\\...\\\\F\\xf6retag\\\\FTG1")
    h = adk.AdkCreateData(ADK_DB_CUSTOMER)               # an int handle, 0 = NULL
    buf = ctypes.create_string_buffer(51)
    err = adk.AdkGetStr(h, ADK_CUSTOMER_NAME, ctypes.byref(ctypes.c_char_p(ctypes.addressof(buf))), 51)

Every export of Adk.dll (Adk.h of 2019+, research §1.4) is an attribute with the DLL's name, plus the names of the
.NET wrappers (AdkGetRowDataId, AdkGetNrowsFieldId, AdkGetRowsFieldId, AdkGetLastFieldId, AdkGetRowData,
AdkGetNumeric) and the stdcall-decorated names (`_AdkOpen@8`; the byte count must be right). Each is a small
callable with settable `restype`, `argtypes` and `errcheck`, like a ctypes function. One implementation serves
both surfaces: every export converts its ctypes arguments (`cargs.py`) and calls the Pythonic
`simulators.adk.session.Adk`.

Call shapes (the C prototypes of Adk.h):
- ADK_ERROR-returning exports return a new `ADK_ERROR` structure by value. When the caller set `restype` to a
  ctypes Structure class of its own (its own ADK_ERROR), an instance of that class is returned, so the program's
  type checks hold. AdkClose, AdkGetErrorText, AdkGetVersion, AdkGetProgramDatabaseVersion and
  AdkSetWarningFunction return None; AdkIsReadWrite returns the BOOL as an int (a bool when restype is c_bool);
  AdkCreateData, AdkCreateDataRow and AdkGetDataRow return the handle int, 0 = NULL (None when restype is
  c_void_p, as ctypes returns a NULL c_void_p).
- Handles are ints (a PADK_DATA held as an int, as .NET callers do); c_void_p/c_int instances are unwrapped.
- Strings in (char*): bytes in Windows-1252 (str accepted too, like a lenient binding; also c_char_p, a char array
  from create_string_buffer, a POINTER(c_char), a path-like). C sees a string up to its first NUL, so does the fake.
  Bytes that are not Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D) or text outside it -> ADKE_INVALID_STRING.
- Out-parameters: `byref(x)`, `pointer(x)`, x itself or a one-element array, x a c_double (DOUBLE*), an integer
  type (INT*/LONG*; c_bool too for BOOL*), or c_void_p/an integer type for ADK_DATA** (AdkGetData).
- String buffers out (CHAR** + length): `create_string_buffer(n)` (directly, or byref/pointer of it), a bytearray,
  or `byref(c_char_p(addressof(buf)))` / `byref(c_void_p(...))` / a POINTER(c_char): the value and its NUL are
  written there when they fit in `length` bytes (and in the array, when its size is known), else
  ADKE_TO_SHORT_STRING and the buffer is left as it was. Never a byte past `length`. A c_char_p that points into a
  Python bytes object (c_char_p(b"...")) is re-pointed at the result instead of writing into immutable memory.

Bad arguments never raise (no Python exception escapes an export; anything unexpected is ADKE_INTERNAL (1)):
- a None/NULL or non-pointer object (str, int, ...) where an out-parameter or buffer is expected -> ADKE_NULLPOINTER
  (671); a ctypes object of the wrong C type (a c_long for a DOUBLE*, a wide-char buffer) -> ADKE_INVALID_DATA_TYPE
  (103), also when an integer out-parameter is too small for the value;
- a None/NULL string -> ADKE_NULLPOINTER; a string argument of another type -> ADKE_INVALID_STRING (34);
- a length below 1 or not an int -> ADKE_TO_SHORT_STRING (114) (AdkLongToDateTime: ADKE_DT_TO_SHORT_STRING);
- a handle of the wrong type (None, a str) is passed on as it is, so the engine answers as for any bad handle:
  ADKE_INVALID_PDATA (672); likewise field ids, table ids, indexes and values of the wrong type get the engine's
  codes (ADKE_UNKNON_DB_FIELD, ADKE_INVALID_DB, ADKE_INVALID_INDEX, ADKE_INVALID_DATA_TYPE, ADKE_LONG_TO_DATE);
- a wrong number of arguments -> ADKE_INTERNAL (ctypes itself would raise; the fake keeps its promise).
The exceptions a program itself raises in an `errcheck` it set propagate, as with ctypes; exceptions in a warning
callback are swallowed (a C callback cannot raise into the DLL).

The warning callback (AdkSetWarningFunction) may be a ctypes function pointer (WINFUNCTYPE/CFUNCTYPE) or any Python
callable; it is called with a pointer to an ADK_ERROR (of the struct type its argtypes name, if any).

AdkFind2 (5.1, semantics not public) behaves as AdkFindEx [I]. AdkGetCompanyName(Ex) take the company's paths
(Adk.h: ftgPath, bStrict, sysPath, buf, len, *variant, *major, *minor) and work without an open company; the
variant is ADKI_ADMIN2000 and the version the program database version. AdkGetVariant answers ADKI_ADMIN2000, API
TRUE, "Visma Administration 2000" [I].

`load()` gives an object over the process-wide ADK (`session.default()`), as two WinDLL("Adk.dll") of one process
share the DLL's global state; `FakeAdkDll(Adk())` gives a private one. Each call is logged to APIAdklogg when
that file exists (VA-26, `log.py`), once: with its C arguments, through the session's log, while the session
(`begin_foreign_call`) logs none of the calls it makes for the export.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import threading
from collections.abc import Callable
from time import monotonic as _monotonic
from typing import Any

from simulators.adk import cargs as ca
from simulators.adk import constants as adk
from simulators.adk import log as calllog
from simulators.adk import texts
from simulators.adk.errors import AdkError

__all__ = ["ADK_ERROR", "EXPORTS", "FakeAdkDll", "load"]


class ADK_ERROR(ctypes.Structure):  # the C name
    """Adk.h's ADK_ERROR: five longs, returned by value by most exports. c_long as a Windows program declares it
    (32 bits there; 64 on Linux, which only changes sizeof: nothing here depends on the layout)."""

    _fields_ = [("lRc", ctypes.c_long), ("lDbTable", ctypes.c_long), ("lField", ctypes.c_long),
                ("lFunction", ctypes.c_long), ("lProgramPart", ctypes.c_long)]

    @classmethod
    def of(cls, err: AdkError) -> ADK_ERROR:
        return cls(err.rc, err.db_table, err.field, err.function, err.program_part)

    def to_error(self) -> AdkError:
        return AdkError(self.lRc, self.lDbTable, self.lField, self.lFunction, self.lProgramPart)

    def __repr__(self) -> str:
        name = calllog.code_name(self.lRc)
        return (f"ADK_ERROR(lRc={self.lRc} {name}, lDbTable={self.lDbTable}, lField={self.lField}, "
                f"lFunction={self.lFunction}, lProgramPart={self.lProgramPart})")


VARIANT_NAME = "Visma Administration 2000"  # AdkGetVariant's text [I]

# ------------------------------------------------------------------------------------------------ exports
_DECORATED = re.compile(r"_?(Adk\w+)@(\d+)")


class _Spec:
    """One export: its implementation, what it returns ("error", "void", "handle", "bool"), its stdcall argument
    bytes (for the decorated name; None: no C export, a .NET wrapper name), and the log's masked arguments."""

    def __init__(self, impl: Callable[..., Any], kind: str, argbytes: int | None, secret: tuple[int, ...] = (),
                 alias_of: str | None = None) -> None:
        self.impl, self.kind, self.argbytes, self.secret, self.alias_of = impl, kind, argbytes, secret, alias_of
        self.name = impl.__name__
        self.function = 0

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.function = texts.function_code(self.alias_of or name)
        EXPORTS[name] = self

    def __get__(self, dll: Any, owner: type | None = None) -> Any:
        if dll is None:
            return self
        export = _Export(dll, self)
        dll.__dict__[self.name] = export  # later look-ups find it first; restype/argtypes stay set
        return export


EXPORTS: dict[str, _Spec] = {}


def _export(kind: str = "error", argbytes: int | None = None, *, secret: tuple[int, ...] = (),
            alias_of: str | None = None) -> Callable[[Callable[..., Any]], _Spec]:
    def decorate(impl: Callable[..., Any]) -> _Spec:
        return _Spec(impl, kind, argbytes, secret, alias_of)

    return decorate


class _Export:
    """A callable export, like a ctypes function object: `restype`, `argtypes` and `errcheck` can be set."""

    __slots__ = ("__name__", "_dll", "_spec", "argtypes", "errcheck", "restype")

    def __init__(self, dll: FakeAdkDll, spec: _Spec) -> None:
        self._dll = dll
        self._spec = spec
        self.__name__ = spec.name
        self.restype: Any = ctypes.c_int  # ctypes' default
        self.argtypes: Any = None
        self.errcheck: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = self._dll._call(self._spec, self.restype, args, kwargs)
        if self.errcheck is not None:
            return self.errcheck(result, self, args)
        return result

    def __repr__(self) -> str:
        return f"<FakeAdkDll function {self.__name__}>"


_KINDS: dict[str, type | tuple[type, ...]] = {"error": AdkError, "void": type(None), "handle": int, "bool": int}


def _result(kind: str, value: Any, restype: Any) -> Any:
    """The return value in the C shape (and in the caller's restype where that matters)."""
    if kind == "error":
        err: AdkError = value
        if isinstance(restype, type) and restype is not ADK_ERROR and issubclass(restype, ctypes.Structure):
            try:
                return restype(*err.as_tuple())
            except Exception:  # a struct of another shape: give ours
                pass
        return ADK_ERROR.of(err)
    if kind == "handle":
        return None if (value == 0 and restype is ctypes.c_void_p) else value
    if kind == "bool":
        return bool(value) if restype is ctypes.c_bool else int(value)
    return None


class FakeAdkDll:
    """Adk.dll as ctypes code sees it. Every export is an attribute (see the module docstring)."""

    def __init__(self, session: Any = None, name: str = "Adk.dll") -> None:
        if session is None:
            from simulators.adk.session import Adk

            session = Adk()
        self._session = session
        self._name = name
        self._handle = 0
        self._log = calllog.CallLog()
        self._log_lock = threading.Lock()  # never held while the engine runs (warning callbacks re-enter)
        self._local = threading.local()  # per call: the common-files folder a call names itself

    @property
    def session(self) -> Any:
        """The Pythonic `Adk` behind this surface."""
        return self._session

    def __repr__(self) -> str:
        return f"<FakeAdkDll '{self._name}'>"

    def __getattr__(self, name: str) -> Any:
        match = _DECORATED.fullmatch(name)
        if match:
            spec = EXPORTS.get(match.group(1))
            if spec is not None and spec.argbytes is not None and spec.argbytes == int(match.group(2)):
                export = getattr(self, spec.name)
                self.__dict__[name] = export
                return export
        raise AttributeError(f"function '{name}' not found")

    def __getitem__(self, name: str) -> Any:
        if not isinstance(name, str):
            raise AttributeError(f"function ordinal {name!r} not found")
        return getattr(self, name)

    # ---------------------------------------------------------------- the call
    def _call(self, spec: _Spec, restype: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        local = self._local
        local.folder = None
        out: Any = None
        session = self._session
        begin = getattr(session, "begin_foreign_call", None)
        depth = begin() if begin is not None else None  # the session's calls for this export are not logged
        try:
            try:
                if kwargs:
                    raise TypeError("an export takes positional arguments only")
                value, out = spec.impl(self, *args)
                if not isinstance(value, _KINDS[spec.kind]):
                    raise TypeError(f"{spec.name} gave {value!r}")
            except ca.ArgError as exc:
                value = self._failed(spec, exc.rc, args)
            except Exception:  # no Python exception escapes the DLL
                value = self._failed(spec, adk.ADKE_INTERNAL, args)
            self._log_call(spec, args, value, out, local.folder)
        finally:
            if depth is not None:
                session.end_foreign_call(depth)
        try:
            return _result(spec.kind, value, restype)
        except Exception:  # a restype that cannot be honoured: the C shape anyway
            return _result(spec.kind, value, None)

    def _failed(self, spec: _Spec, rc: int, args: tuple[Any, ...]) -> Any:
        if spec.kind == "error":
            return AdkError(rc, self._table_code(args), 0, spec.function)
        return {"void": None, "handle": 0, "bool": 0}[spec.kind]

    def _table_code(self, args: tuple[Any, ...]) -> int:
        """lDbTable of an argument error: the table of the first argument when that is a valid handle."""
        try:
            from simulators.adk.tables import TABLES

            db = self._session.handle_table(ca.handle(args[0])) if args else None
            table = TABLES.get(db) if db is not None else None
            return table.error_table_code if table is not None else 0
        except Exception:
            return 0

    def _log_call(self, spec: _Spec, args: tuple[Any, ...], value: Any, out: Any, folder: str | None) -> None:
        """The export's line, with its C arguments, through the session's log (the session logs nothing of the
        calls it made for this export)."""
        try:
            session = self._session
            log = getattr(session, "call_log", None) or self._log
            fresh = folder is not None  # an export naming a common-files folder looks at once (AdkOpen ...)
            if not fresh and _monotonic() < log.recheck_at:
                return  # the log off, and looked for less than CHECK_INTERVAL ago: no system call
            folder = folder or getattr(session, "log_folder", None) or session.common_files
            if folder is None:
                return
            with self._log_lock:
                if not log.active(os.fspath(folder), fresh=fresh):
                    return
                described = ['"***"' if i in spec.secret else ca.describe(a) for i, a in enumerate(args)]
                rc = value.rc if spec.kind == "error" else None
                if spec.kind in ("handle", "bool"):
                    out = value
                shown = None if out is None else (calllog.text(out) if isinstance(out, str) else ca.describe(out))
                if spec.kind == "handle" and not value and spec.name in ("AdkCreateData", "AdkCreateDataRow"):
                    last = getattr(session, "last_create_error", None)
                    if last is not None and last.rc:
                        shown = f"0 ({calllog.code_name(last.rc)})"
                log.write(calllog.format_line(spec.name, described, rc, shown))
        except Exception:  # logging never fails a call
            pass

    # ---------------------------------------------------------------- helpers for the exports
    @staticmethod
    def _string_out(err: AdkError, text: str, buffer: ca.CharBuffer, length: int) -> tuple[AdkError, Any]:
        if not err.ok:
            return err, None
        buffer.write(text, length)
        return err, text

    @staticmethod
    def _number_out(err: AdkError, value: Any, slot: Any) -> tuple[AdkError, Any]:
        if not err.ok:
            return err, None
        ca.put(slot, value)
        return err, value

    def _open_paths(self, system: Any, company: Any) -> tuple[str, str]:
        sys_path = ca.string(system)
        self._local.folder = sys_path
        return sys_path, ca.string(company)

    # ================================================================ session
    @_export("error", 8)
    def AdkOpen(self, system: Any, company: Any) -> Any:  # the DLL's names
        return self._session.open(*self._open_paths(system, company)), None

    @_export("error", 16, secret=(3,))
    def AdkOpen2(self, system: Any, company: Any, user: Any, password: Any) -> Any:
        paths = self._open_paths(system, company)
        return self._session.open2(*paths, ca.string(user), ca.string(password)), None

    @_export("error", 12)
    def AdkOpenEx(self, system: Any, company: Any, log_on: Any) -> Any:
        return self._session.open_ex(*self._open_paths(system, company), ca.value(log_on)), None

    @_export("error", 20, secret=(3,))
    def AdkOpenEx2(self, system: Any, company: Any, user: Any, password: Any, log_on: Any) -> Any:
        paths = self._open_paths(system, company)
        return self._session.open_ex2(*paths, ca.string(user), ca.string(password), ca.value(log_on)), None

    @_export("void", 0)
    def AdkClose(self) -> Any:
        self._session.close()
        return None, None

    @_export("error", 12)
    def AdkIsLoginActivated(self, system: Any, company: Any, value: Any) -> Any:
        paths = self._open_paths(system, company)
        slot = ca.slot(value, ca.BOOLS)
        err, active = self._session.is_login_activated(*paths)
        return self._number_out(err, 1 if active else 0, slot)

    @_export("void", 8)
    def AdkGetVersion(self, major: Any, minor: Any) -> Any:
        slots = ca.slot(major, ca.INTS), ca.slot(minor, ca.INTS)
        for slot, part in zip(slots, self._session.get_version(), strict=True):
            ca.put(slot, part)
        return None, "{}.{}".format(*self._session.get_version())

    @_export("void", 8)
    def AdkGetProgramDatabaseVersion(self, major: Any, minor: Any) -> Any:
        slots = ca.slot(major, ca.INTS), ca.slot(minor, ca.INTS)
        version = self._session.get_program_database_version()
        for slot, part in zip(slots, version, strict=True):
            ca.put(slot, part)
        return None, "{}.{}".format(*version)

    def _company_name(self, company: Any, strict: Any, system: Any, buf: Any, length: Any, variant: Any,
                      major: Any, minor: Any) -> Any:
        folder = ca.string(company)
        sys_path = ca.string(system)
        self._local.folder = sys_path
        buffer, n = ca.char_buffer(buf), ca.length(length)
        slots = ca.slot(variant, ca.INTS), ca.slot(major, ca.INTS), ca.slot(minor, ca.INTS)
        err, name = self._session.get_company_name(buffer.capacity(n), company=folder, common_files=sys_path)
        if not err.ok:
            return err, None
        buffer.write(name, n)
        for slot, part in zip(slots, (adk.ADKI_ADMIN2000, *self._session.get_program_database_version()),
                              strict=True):
            ca.put(slot, part)
        return err, name

    @_export("error", 32)
    def AdkGetCompanyName(self, company: Any, strict: Any, system: Any, buf: Any, length: Any,
                          variant: Any, major: Any, minor: Any) -> Any:
        return self._company_name(company, strict, system, buf, length, variant, major, minor)

    @_export("error", 32)
    def AdkGetCompanyNameEx(self, company: Any, strict: Any, system: Any, buf: Any, length: Any,
                            variant: Any, major: Any, minor: Any) -> Any:
        return self._company_name(company, strict, system, buf, length, variant, major, minor)

    @_export("error", 20)
    def AdkGetVariant(self, variant: Any, api: Any, buf: Any, length: Any, system: Any) -> Any:
        from simulators.adk import store

        v_slot, api_slot = ca.slot(variant, ca.INTS), ca.slot(api, ca.BOOLS)
        buffer, n = ca.char_buffer(buf), ca.length(length)
        sys_path = ca.string(system)
        self._local.folder = sys_path
        if not store.is_common_files(sys_path):
            return AdkError(adk.ADKE_INVALID_ADM_PATH), None
        if len(VARIANT_NAME) + 1 > buffer.capacity(n):
            return AdkError(adk.ADKE_TO_SHORT_STRING), None
        buffer.write(VARIANT_NAME, n)
        ca.put(v_slot, adk.ADKI_ADMIN2000)
        ca.put(api_slot, 1)
        return AdkError(adk.ADKE_OK), VARIANT_NAME

    @_export("void", 4)
    def AdkSetWarningFunction(self, function: Any) -> Any:
        if function is None or (isinstance(function, ca.FuncPtr) and not function):
            self._session.set_warning_function(None)
        elif callable(function):
            self._session.set_warning_function(_warning_adapter(function))
        else:
            raise ca.ArgError(adk.ADKE_NULLPOINTER)  # void: nothing is reported, the old callback stays
        return None, None

    @_export("void", 16)
    def AdkGetErrorText(self, error: Any, kind: Any, buf: Any, length: Any) -> Any:
        err = ca.error_struct(error)
        if err is None:
            raise ca.ArgError(adk.ADKE_NULLPOINTER)
        buffer, n = ca.char_buffer(buf), ca.length(length)
        text = self._session.get_error_text(err, ca.value(kind), buffer.capacity(n))
        buffer.write(text, n)
        return None, text

    # ================================================================ structures
    @_export("handle", 4)
    def AdkCreateData(self, db: Any) -> Any:
        return self._session.create_data(ca.value(db)), None

    @_export("handle", 8)
    def AdkCreateDataRow(self, row_db: Any, count: Any) -> Any:
        return self._session.create_data_row(ca.value(row_db), ca.value(count)), None

    @_export("handle", 8)
    def AdkGetDataRow(self, rows: Any, index: Any) -> Any:
        return self._session.get_data_row(ca.handle(rows), ca.value(index)), None

    @_export("error", 12)
    def AdkSetData(self, head: Any, field: Any, rows: Any) -> Any:
        return self._session.set_data(ca.handle(head), ca.value(field), ca.handle(rows)), None

    @_export("error", 16)
    def AdkGetData(self, head: Any, field: Any, index: Any, row: Any) -> Any:
        slot = ca.slot(row, ca.HANDLES)
        err, handle = self._session.get_data(ca.handle(head), ca.value(field), ca.value(index))
        return self._number_out(err, handle, slot)

    @_export("error", None, alias_of="AdkGetData")
    def AdkGetRowData(self, head: Any, index: Any, row: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(row, ca.HANDLES)
        err, rows_field = self._session.get_rows_field_id(ca.handle(head))
        if not err.ok:
            return err, None
        err, handle = self._session.get_data(ca.handle(head), rows_field, ca.value(index))
        return self._number_out(err, handle, slot)

    @_export("error", 4)
    def AdkResetStruct(self, h: Any) -> Any:
        return self._session.reset_struct(ca.handle(h)), None

    @_export("error", 4)
    def AdkDeleteStruct(self, h: Any) -> Any:
        return self._session.delete_struct(ca.handle(h)), None

    @_export("error", 8)
    def AdkGetRowDbId(self, h: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_row_db_id(ca.handle(h)), slot)

    @_export("error", 8)
    def AdkGetNrowsFldId(self, h: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_nrows_field_id(ca.handle(h)), slot)

    @_export("error", 8)
    def AdkGetRowsFldId(self, h: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_rows_field_id(ca.handle(h)), slot)

    @_export("error", 8)
    def AdkGetLastFldId(self, h: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_last_field_id(ca.handle(h)), slot)

    @_export("error", None, alias_of="AdkGetRowDbId")
    def AdkGetRowDataId(self, h: Any, value: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_row_db_id(ca.handle(h)), slot)

    @_export("error", None, alias_of="AdkGetNrowsFldId")
    def AdkGetNrowsFieldId(self, h: Any, value: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_nrows_field_id(ca.handle(h)), slot)

    @_export("error", None, alias_of="AdkGetRowsFldId")
    def AdkGetRowsFieldId(self, h: Any, value: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_rows_field_id(ca.handle(h)), slot)

    @_export("error", None, alias_of="AdkGetLastFldId")
    def AdkGetLastFieldId(self, h: Any, value: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_last_field_id(ca.handle(h)), slot)

    # ================================================================ fields
    @_export("error", 12)
    def AdkSetStr(self, h: Any, field: Any, value: Any) -> Any:
        return self._session.set_str(ca.handle(h), ca.value(field), ca.string(value)), None

    @_export("error", 16)
    def AdkGetStr(self, h: Any, field: Any, buf: Any, length: Any) -> Any:
        buffer, n = ca.char_buffer(buf), ca.length(length)
        err, text = self._session.get_str(ca.handle(h), ca.value(field), buffer.capacity(n))
        return self._string_out(err, text, buffer, n)

    @_export("error", 16)
    def AdkSetDouble(self, h: Any, field: Any, value: Any) -> Any:
        return self._session.set_double(ca.handle(h), ca.value(field), ca.value(value)), None

    @_export("error", 12)
    def AdkGetDouble(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.DOUBLES)
        return self._number_out(*self._session.get_double(ca.handle(h), ca.value(field)), slot)

    @_export("error", None, alias_of="AdkGetDouble")
    def AdkGetNumeric(self, h: Any, field: Any, value: Any) -> Any:  # .NET wrapper name
        slot = ca.slot(value, ca.DOUBLES)
        return self._number_out(*self._session.get_double(ca.handle(h), ca.value(field)), slot)

    @_export("error", 12)
    def AdkSetBool(self, h: Any, field: Any, value: Any) -> Any:
        v = ca.value(value)
        if isinstance(v, int):
            v = 1 if v else 0  # C: any non-zero BOOL is TRUE
        return self._session.set_bool(ca.handle(h), ca.value(field), v), None

    @_export("error", 12)
    def AdkGetBool(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.BOOLS)
        return self._number_out(*self._session.get_bool(ca.handle(h), ca.value(field)), slot)

    @_export("error", 12)
    def AdkSetDate(self, h: Any, field: Any, value: Any) -> Any:
        return self._session.set_date(ca.handle(h), ca.value(field), ca.value(value)), None

    @_export("error", 12)
    def AdkGetDate(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_date(ca.handle(h), ca.value(field)), slot)

    @_export("error", 12)
    def AdkGetType(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_type(ca.handle(h), ca.value(field)), slot)

    @_export("error", 12)
    def AdkGetLength(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_length(ca.handle(h), ca.value(field)), slot)

    @_export("error", 12)
    def AdkGetDecimals(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_decimals(ca.handle(h), ca.value(field)), slot)

    @_export("bool", 8)
    def AdkIsReadWrite(self, h: Any, field: Any) -> Any:
        return (1 if self._session.is_read_write(ca.handle(h), ca.value(field)) else 0), None

    @_export("error", 16)
    def AdkGetFieldName(self, db: Any, field: Any, buf: Any, length: Any) -> Any:
        buffer, n = ca.char_buffer(buf), ca.length(length)
        err, name = self._session.get_field_name(ca.value(db), ca.value(field), buffer.capacity(n))
        return self._string_out(err, name, buffer, n)

    @_export("error", 8)
    def AdkGetTimestampField(self, h: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.get_timestamp_field(ca.handle(h)), slot)

    # ================================================================ dates
    @_export("error", 8)
    def AdkDateToLong(self, text: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.date_to_long(ca.string(text)), slot)

    @_export("error", 12)
    def AdkLongToDate(self, value: Any, buf: Any, length: Any) -> Any:
        buffer, n = ca.char_buffer(buf), ca.length(length)
        err, text = self._session.long_to_date(ca.value(value), buffer.capacity(n))
        return self._string_out(err, text, buffer, n)

    @_export("error", 8)
    def AdkDateTimeToLong(self, text: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.INTS)
        return self._number_out(*self._session.datetime_to_long(ca.string(text)), slot)

    @_export("error", 12)
    def AdkLongToDateTime(self, value: Any, buf: Any, length: Any) -> Any:
        buffer, n = ca.char_buffer(buf), ca.length(length, adk.ADKE_DT_TO_SHORT_STRING)
        err, text = self._session.long_to_datetime(ca.value(value), buffer.capacity(n))
        return self._string_out(err, text, buffer, n)

    # ================================================================ database operations
    @_export("error", 4)
    def AdkAdd(self, h: Any) -> Any:
        return self._session.add(ca.handle(h)), None

    @_export("error", 8)
    def AdkAddEx(self, h: Any, rows: Any) -> Any:
        return self._session.add_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkUpdate(self, h: Any) -> Any:
        return self._session.update(ca.handle(h)), None

    @_export("error", 8)
    def AdkUpdateEx(self, h: Any, rows: Any) -> Any:
        return self._session.update_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkFind(self, h: Any) -> Any:
        return self._session.find(ca.handle(h)), None

    @_export("error", 8)
    def AdkFindEx(self, h: Any, rows: Any) -> Any:
        return self._session.find_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 8)
    def AdkFind2(self, h: Any, rows: Any) -> Any:
        return self._session.find2(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkFirst(self, h: Any) -> Any:
        return self._session.first(ca.handle(h)), None

    @_export("error", 8)
    def AdkFirstEx(self, h: Any, rows: Any) -> Any:
        return self._session.first_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkNext(self, h: Any) -> Any:
        return self._session.next(ca.handle(h)), None

    @_export("error", 8)
    def AdkNextEx(self, h: Any, rows: Any) -> Any:
        return self._session.next_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkPrevious(self, h: Any) -> Any:
        return self._session.previous(ca.handle(h)), None

    @_export("error", 8)
    def AdkPreviousEx(self, h: Any, rows: Any) -> Any:
        return self._session.previous_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 4)
    def AdkLast(self, h: Any) -> Any:
        return self._session.last(ca.handle(h)), None

    @_export("error", 8)
    def AdkLastEx(self, h: Any, rows: Any) -> Any:
        return self._session.last_ex(ca.handle(h), ca.flag(rows)), None

    @_export("error", 8)
    def AdkSetSortOrder(self, h: Any, order: Any) -> Any:
        return self._session.set_sort_order(ca.handle(h), ca.value(order)), None

    @_export("error", 16)
    def AdkSetFilter(self, h: Any, field: Any, expression: Any, version: Any) -> Any:
        return self._session.set_filter(ca.handle(h), ca.value(field), ca.string(expression), ca.value(version)), None

    @_export("error", 4)
    def AdkClearFilters(self, h: Any) -> Any:
        return self._session.clear_filters(ca.handle(h)), None

    @_export("error", 12)
    def AdkIsFilterable(self, h: Any, field: Any, value: Any) -> Any:
        slot = ca.slot(value, ca.BOOLS)
        err, filterable = self._session.is_filterable(ca.handle(h), ca.value(field))
        return self._number_out(err, 1 if filterable else 0, slot)

    @_export("error", 4)
    def AdkDelete(self, h: Any) -> Any:
        return self._session.delete(ca.handle(h)), None

    @_export("error", 4)
    def AdkDeleteRecord(self, h: Any) -> Any:
        return self._session.delete_record(ca.handle(h)), None

    @_export("error", 8)
    def AdkDeleteRow(self, h: Any, row_nr: Any) -> Any:
        return self._session.delete_row(ca.handle(h), ca.value(row_nr)), None


def _warning_adapter(function: Any) -> Callable[[AdkError], None]:
    """The engine's warning callback (AdkError) calling the program's (ADK_ERROR*)."""

    def warn(err: AdkError) -> None:
        struct: Any = ADK_ERROR.of(err)
        argtypes = getattr(function, "argtypes", None) or ()
        arg: Any = ctypes.pointer(struct)
        if argtypes:
            wanted = argtypes[0]
            if wanted is ctypes.c_void_p:
                arg = ctypes.addressof(struct)
            elif (isinstance(wanted, type) and issubclass(wanted, ca.Pointer)
                  and wanted._type_ is not ADK_ERROR and issubclass(wanted._type_, ctypes.Structure)):
                arg = ctypes.pointer(wanted._type_(*err.as_tuple()))
        with contextlib.suppress(Exception):  # a C callback cannot raise into the DLL
            function(arg)

    return warn


def load(name: str = "Adk.dll", session: Any = None) -> FakeAdkDll:
    """The fake in place of `ctypes.WinDLL(name)`: over the process-wide ADK (`session.default()`) unless a
    session is given (`load(session=Adk())` for a private one)."""
    if session is None:
        from simulators.adk.session import default

        session = default()
    return FakeAdkDll(session, name)
