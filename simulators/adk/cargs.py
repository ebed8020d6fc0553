"""How the C-style surface (cstyle.py) reads what a ctypes program passes: in-values (ctypes simple instances
unwrapped), char* strings (Windows-1252, up to the first NUL), out-pointers (DOUBLE*, INT*, LONG*, BOOL*,
ADK_DATA**) and CHAR** string buffers, lengths, ADK_ERROR*; and how the call log shows them (char[N], &double ...).

A bad argument raises `ArgError(rc)` with the ADKE_* code the export returns; see cstyle.py's docstring for the
rules. Split from cstyle.py, which keeps the exports themselves.
"""

from __future__ import annotations

import ctypes
import os
from typing import Any

from simulators.adk import constants as adk
from simulators.adk import log as calllog
from simulators.adk.errors import AdkError

Simple = ctypes._SimpleCData
Pointer = ctypes._Pointer
FuncPtr = ctypes._CFuncPtr
CArg = type(ctypes.byref(ctypes.c_int()))
CDATA = (ctypes._SimpleCData, ctypes.Structure, ctypes.Union, ctypes.Array, ctypes._Pointer)
INTS = frozenset("bBhHiIlLqQ")
BOOLS = INTS | {"?"}
HANDLES = INTS | {"P"}
DOUBLES = frozenset("d")


class ArgError(Exception):
    """A bad argument, found before the engine is called."""

    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


def value(x: Any) -> Any:
    """An in-argument's value as the DLL would see it: ctypes simple instances unwrapped (c_int(5) -> 5,
    c_void_p(None) -> None). Anything else is passed on unchanged; the engine refuses wrong types itself."""
    return x.value if isinstance(x, Simple) else x


def flag(x: Any) -> bool:
    """A C BOOL (bRow): non-zero is true."""
    return bool(value(x))


def handle(x: Any) -> Any:
    v = value(x)
    return 0 if v is None else v


def string(x: Any) -> str:
    """A char* argument as text (up to the first NUL, Windows-1252)."""
    if isinstance(x, CArg):
        x = x._obj
    if isinstance(x, Simple):
        is_void_p = type(x)._type_ == "P"  # a void* at a C string; else c_char_p -> bytes, c_wchar_p -> str
        x = (ctypes.string_at(x.value) if x.value else None) if is_void_p else x.value
    elif isinstance(x, ctypes.Array):
        if x._type_ not in (ctypes.c_char, ctypes.c_wchar):
            raise ArgError(adk.ADKE_INVALID_STRING)
        x = x.value
    elif isinstance(x, Pointer):
        if x._type_ is not ctypes.c_char:
            raise ArgError(adk.ADKE_INVALID_STRING)
        x = ctypes.string_at(x) if x else None
    elif isinstance(x, os.PathLike):
        x = os.fspath(x)
    if x is None:
        raise ArgError(adk.ADKE_NULLPOINTER)
    if isinstance(x, bytes | bytearray | memoryview):
        try:
            return bytes(x).split(b"\0", 1)[0].decode("cp1252")
        except UnicodeDecodeError:
            raise ArgError(adk.ADKE_INVALID_STRING) from None
    if isinstance(x, str):
        text = x.split("\0", 1)[0]
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            raise ArgError(adk.ADKE_INVALID_STRING) from None
        return text
    raise ArgError(adk.ADKE_INVALID_STRING)


def slot(x: Any, codes: frozenset[str]) -> Any:
    """The ctypes object an out-pointer (DOUBLE*, INT*, LONG*, BOOL*, ADK_DATA**) points at."""
    if x is None:
        raise ArgError(adk.ADKE_NULLPOINTER)
    if isinstance(x, CArg):
        x = x._obj
    elif isinstance(x, Pointer):
        if not x:
            raise ArgError(adk.ADKE_NULLPOINTER)
        x = x.contents
    if isinstance(x, ctypes.Array) and len(x) and issubclass(x._type_, Simple):
        x = x._type_.from_buffer(x)  # a view of the first element
    if isinstance(x, Simple):
        if type(x)._type_ in codes:
            return x
        raise ArgError(adk.ADKE_INVALID_DATA_TYPE)
    if isinstance(x, CDATA):
        raise ArgError(adk.ADKE_INVALID_DATA_TYPE)
    raise ArgError(adk.ADKE_NULLPOINTER)


def put(slot: Any, value: Any) -> None:
    """Write an out-value; an integer slot too small for it -> ADKE_INVALID_DATA_TYPE."""
    code = type(slot)._type_
    if code == "d":
        slot.value = float(value)
    elif code == "?":
        slot.value = bool(value)
    elif code == "P":
        slot.value = int(value) or None
    else:
        number = int(value)
        bits = ctypes.sizeof(slot) * 8
        low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if code.islower() else (0, (1 << bits) - 1)
        if not low <= number <= high:
            raise ArgError(adk.ADKE_INVALID_DATA_TYPE)
        slot.value = number


class CharBuffer:
    """Where a CHAR** (or char*) out-argument lets the fake write a string."""

    __slots__ = ("address", "keep", "rebind", "size")

    def __init__(self, address: int | None, size: int | None, rebind: Any = None, keep: Any = None) -> None:
        self.address, self.size, self.rebind, self.keep = address, size, rebind, keep

    def capacity(self, length: int) -> int:
        return length if self.size is None else min(length, self.size)

    def write(self, text: str, length: int) -> None:
        data = text.encode("cp1252", "replace")
        if len(data) + 1 > self.capacity(length):
            raise ArgError(adk.ADKE_TO_SHORT_STRING)
        if self.rebind is not None:
            self.rebind.value = data
        else:
            ctypes.memmove(self.address, data + b"\0", len(data) + 1)


def raw_pointer(x: Any) -> int:
    return ctypes.c_void_p.from_buffer(x).value or 0


def char_buffer(x: Any) -> CharBuffer:
    if x is None:
        raise ArgError(adk.ADKE_NULLPOINTER)
    if isinstance(x, bytearray):
        if not x:
            raise ArgError(adk.ADKE_TO_SHORT_STRING)
        view = (ctypes.c_char * len(x)).from_buffer(x)
        return CharBuffer(ctypes.addressof(view), len(x), keep=view)
    if isinstance(x, CArg):
        x = x._obj
    elif isinstance(x, Pointer) and x._type_ is not ctypes.c_char:
        if not x:
            raise ArgError(adk.ADKE_NULLPOINTER)
        x = x.contents
    if isinstance(x, ctypes.Array):
        if x._type_ is ctypes.c_char:
            return CharBuffer(ctypes.addressof(x), ctypes.sizeof(x))
        raise ArgError(adk.ADKE_INVALID_DATA_TYPE)
    if isinstance(x, Pointer) and x._type_ is ctypes.c_char:  # a char*: the caller vouches for `length`
        address = ctypes.cast(x, ctypes.c_void_p).value
        if not address:
            raise ArgError(adk.ADKE_NULLPOINTER)
        return CharBuffer(address, None)
    if isinstance(x, Simple) and type(x)._type_ in ("z", "P"):  # the char* a CHAR** points at
        address = raw_pointer(x)
        if not address:
            raise ArgError(adk.ADKE_NULLPOINTER)
        if type(x)._type_ == "z" and isinstance(x._objects, bytes):  # points into an immutable Python bytes
            return CharBuffer(None, None, rebind=x)
        return CharBuffer(address, None)
    if isinstance(x, CDATA):
        raise ArgError(adk.ADKE_INVALID_DATA_TYPE)
    raise ArgError(adk.ADKE_NULLPOINTER)


def length(x: Any, rc: int = adk.ADKE_TO_SHORT_STRING) -> int:
    v = value(x)
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ArgError(rc)
    return int(v)


def error_struct(x: Any) -> Any:
    """AdkGetErrorText's ADK_ERROR*: byref/pointer of a struct, the struct, an engine AdkError or a 5-tuple; an
    int is taken as lRc alone. None when there is nothing to read."""
    if x is None:
        return None
    if isinstance(x, CArg):
        x = x._obj
    elif isinstance(x, Pointer):
        x = x.contents if x else None
    if isinstance(x, Simple):
        x = x.value
    if isinstance(x, int) and not isinstance(x, bool):
        return AdkError(int(x))
    if hasattr(x, "lRc") or isinstance(x, AdkError) or (isinstance(x, tuple | list) and len(x) == 5):
        return x
    return None


def describe(x: Any) -> str:
    """An argument for the call log: C buffers by their size (char[N]; a bytearray too), out-pointers as &double,
    &char* ..., ctypes values unwrapped; Python values as log.describe shows them (numbers, JSON strings ...)."""
    try:
        if isinstance(x, bytearray):
            return f"char[{len(x)}]"
        if isinstance(x, CArg):
            return "&" + ctype_name(x._obj)
        if isinstance(x, ctypes.Array):
            return f"{ctype_name(x)}[{len(x)}]"
        if isinstance(x, Pointer):
            return ("*" + ctype_name(x.contents)) if x else "NULL"
        if isinstance(x, Simple):
            return calllog.describe(x.value)  # c_char_p -> its text, c_void_p(None) -> NULL
        if isinstance(x, FuncPtr):
            return "<callback>"
        if isinstance(x, ctypes.Structure):
            return type(x).__name__
        return calllog.describe(x)
    except Exception:  # the log never fails a call
        return "?"


C_NAMES = {"d": "double", "i": "int", "l": "long", "?": "bool", "z": "char*", "P": "void*", "c": "char",
            "h": "short", "q": "longlong", "f": "float", "Z": "wchar*", "u": "wchar"}


def ctype_name(x: Any) -> str:
    if isinstance(x, ctypes.Array):
        return ctype_name_of_type(x._type_)
    if isinstance(x, Simple):
        return C_NAMES.get(type(x)._type_, type(x).__name__)
    if isinstance(x, Pointer):
        return ctype_name_of_type(x._type_) + "*"
    return type(x).__name__


def ctype_name_of_type(t: Any) -> str:
    code = getattr(t, "_type_", None)
    return C_NAMES.get(code, t.__name__) if isinstance(code, str) else t.__name__
