"""VA-26: the `APIAdklogg` call log of the fake ADK.

Visma's release notes say that when a file named `APIAdklogg` exists in the common-files folder ("Gemensamma
filer"), every ADK call is logged to it. Nothing public shows the real file's format (research §3.7, §5.4), so the
fake's is its own, chosen to be read by people and by tests:

    one line per call, fields separated by TAB, lines ending in LF, Windows-1252 text (like everything the ADK
    writes; characters outside it become "?"):

    timestamp   pid   function   arguments   lRc   code   out

    2024-05-02 14:03:22.118	4711	AdkOpen	"/srv/adk/Gemensamma filer", "/srv/adk/Företag/FTG1"	0	ADKE_OK
    2024-05-02 14:03:22.120	4711	AdkCreateData	0	-	-	=> 1
    2024-05-02 14:03:22.121	4711	AdkGetStr	1, 0, char[16], 16	0	ADKE_OK	=> "1001"
    2024-05-02 14:03:22.125	4711	AdkNext	1	79	ADKE_EOF

- timestamp: the machine's wall clock, local time, milliseconds. Not the tenant clock: the log records what the
  process did and when; a frozen tenant clock would give every line the same time and lose their order.
- pid: the calling process (several processes may log to one common-files folder; each line is one write(2) on an
  O_APPEND descriptor, so lines of different processes never interleave inside a line).
- function: the export name as called (an alias such as AdkGetNumeric stays itself).
- arguments: comma-separated; handles and other numbers as numbers, strings as JSON strings (decoded from
  Windows-1252), passwords as "***", output buffers as `char[N]` (their size), out-pointers as `&double`,
  `&long`, `&char*` ..., NULL as `NULL`, callbacks as `<callback>`.
- lRc, code: the returned ADK_ERROR's lRc and its ADKE_*/ADKW_* name; `-` and `-` for the functions that do not
  return an ADK_ERROR (AdkClose, AdkGetErrorText, AdkGetVersion, AdkSetWarningFunction, AdkIsReadWrite and the
  three creators).
- out: what the call gave back, after `=> ` (a getter's value, a created handle, AdkIsReadWrite's BOOL); empty
  when nothing (or the call failed).

Both surfaces log, each call once: the Pythonic `Adk` (session.py) owns the `CallLog` and logs every public
method under the export's name (`Adk.get_str` -> AdkGetStr) with its Python arguments (a max_len as a number);
the C-style surface (cstyle.py) logs each export with its C arguments (buffers as char[N], out-pointers as
&double ...) and keeps the session from logging the calls it makes on the program's behalf.

When the file is checked: while it is on, with one stat(2) per call, so removing it (e.g. through the control
plane) stops the log with the very next call. While it is off, a call that names a common-files folder itself
(AdkOpen*, AdkIsLoginActivated, AdkGetCompanyName(Ex), AdkGetVariant) looks at once (one access(2)); any other
call looks at most once per `CHECK_INTERVAL` (0.1 s): a C-style call, and a Pythonic cursor move, write, open or
new buffer, compare the monotonic clock; a Pythonic field accessor (AdkGetStr, AdkSetDouble ...) only tests a
flag, and the next other call notices. So a call with the log off makes no system call (an access(2) per call
cost a C-style call a fifth of its time), and a log switched on while a program has the company open starts
within 0.1 s (with the next open at once). The folder is the one of the last
AdkOpen/AdkOpen2/AdkOpenEx(2) of the process's ADK (`Adk.common_files`: kept after AdkClose and after a failed
open, like the DLL's system path); calls before any open are not logged, except the calls that name a
common-files folder themselves (AdkOpen*, AdkIsLoginActivated, AdkGetCompanyName(Ex), AdkGetVariant), which log
there. The file is never created by the ADK, only appended to; a file removed and created again is reopened (its
inode is compared on every check). Logging never fails a call: every error in here is swallowed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from time import monotonic as _monotonic
from typing import Any

LOG_NAME = "APIAdklogg"
ENCODING = "cp1252"
CHECK_INTERVAL = 0.1  # seconds between two looks for the file while logging is off (Pythonic calls)


def code_name(code: int) -> str:
    """The ADKE_*/ADKW_* name of a return code ("ADKE_OK" for 0), or "?" for a number without one."""
    name = _NAMES.get(code)
    if name is None:
        from simulators.adk import constants

        name = constants.code_name(code) or "?"
        _NAMES[code] = name
    return name


_NAMES: dict[int, str] = {0: "ADKE_OK"}


def timestamp(now: float | None = None) -> str:
    """Local wall-clock time with milliseconds: "2024-05-02 14:03:22.118"."""
    now = time.time() if now is None else now
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)) + f".{int(now * 1000) % 1000:03d}"


def text(value: str) -> str:
    """A string argument or result as a JSON string (quotes, backslashes, tabs and newlines escaped, so a field
    never holds a TAB or a line break)."""
    return json.dumps(value, ensure_ascii=False)


def describe(value: Any) -> str:
    """A Python argument or result for the log: numbers as numbers (a bool as 0/1), text (str, Windows-1252
    bytes, a path) as a JSON string, None as NULL, a callable as <callback>, an AdkError as ADK_ERROR(rc)."""
    try:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, int | float):
            return repr(value)
        if isinstance(value, str):
            return text(value)
        if isinstance(value, bytes | bytearray):
            return text(bytes(value).split(b"\0", 1)[0].decode(ENCODING, "replace"))
        if isinstance(value, os.PathLike):
            return text(os.fsdecode(value))
        rc = getattr(value, "rc", None)
        if isinstance(rc, int) and hasattr(value, "db_table"):
            return f"ADK_ERROR({rc})"
        if callable(value):
            return "<callback>"
        return type(value).__name__
    except Exception:  # the log never fails a call
        return "?"


def format_line(function: str, arguments: list[str], rc: int | None, out: str | None = None, *,
                now: float | None = None, pid: int | None = None) -> str:
    """One log line (with its LF). `rc` None: the function returns no ADK_ERROR."""
    rc_text, name = ("-", "-") if rc is None else (str(rc), code_name(rc))
    fields = [timestamp(now), str(os.getpid() if pid is None else pid), function, ", ".join(arguments), rc_text,
              name, "" if out is None else f"=> {out}"]
    return "\t".join(f.replace("\t", " ").replace("\n", " ").replace("\r", " ") for f in fields).rstrip("\t") + "\n"


def parse_line(line: str) -> dict[str, Any]:
    """A log line back as a dict (for tests and tools): timestamp, pid, function, arguments (the raw text), rc
    (int or None), code, out (the text after "=> ", or None)."""
    parts = line.rstrip("\r\n").split("\t")
    parts += [""] * (7 - len(parts))
    ts, pid, function, arguments, rc, code, out = parts[:7]
    return {"timestamp": ts, "pid": int(pid) if pid.isdigit() else pid, "function": function,
            "arguments": arguments, "rc": None if rc == "-" else int(rc), "code": None if code == "-" else code,
            "out": out[3:] if out.startswith("=> ") else None}


class CallLog:
    """The log switch and the open log file of one ADK (a session; its C-style surface writes through it).

    `recheck_at` is read by the session's call wrapper so that a call with the log off costs one clock read:
    `if time.monotonic() >= log.recheck_at: ... active(folder, fresh=False)`; it is 0 while the log is on."""

    def __init__(self) -> None:
        self._folder: str | None = None  # the folder last asked about, and its log file's path
        self._file = ""
        self._path: str | None = None
        self._fd: int | None = None
        self._id: tuple[int, int] | None = None  # (st_dev, st_ino) of the open descriptor's file
        self.writing = False  # a log file is open (the last check found it)
        self.recheck_at = 0.0  # time.monotonic() from which an unfresh check looks at the disk again

    def active(self, folder: str, fresh: bool = True) -> bool:
        """Whether the call being made is to be logged: `<folder>/APIAdklogg` exists. Opens (or reopens) the file
        for appending when it does. `fresh` false: while the log is off, the disk is looked at only once per
        CHECK_INTERVAL for the same folder (the answer in between is "off")."""
        try:
            if not folder:
                return False
            if folder != self._folder:
                self._folder, self._file = folder, os.path.join(folder, LOG_NAME)
            elif not fresh and self._fd is None and _monotonic() < self.recheck_at:
                return False
            path = self._file
            if self._fd is None and not os.access(path, os.F_OK):  # the usual case: off, and cheap to tell
                self.recheck_at = _monotonic() + CHECK_INTERVAL
                return False
            try:
                st = os.stat(path)
            except OSError:
                self._drop()
                return False
            ident = (st.st_dev, st.st_ino)
            if self._fd is None or ident != self._id or path != self._path:
                self._drop()
                fd = os.open(path, os.O_WRONLY | os.O_APPEND)  # never O_CREAT: only an existing file switches it on
                self._fd, self._path, self._id = fd, path, ident
                self.writing = True
                self.recheck_at = 0.0  # on: every call looks (one stat), so removing the file stops it at once
            return True
        except Exception:  # logging never fails a call
            self._drop()
            return False

    def write(self, line: str) -> None:
        """Append one line (call `active` first). Errors are swallowed."""
        fd = self._fd
        if fd is None:
            return
        try:
            os.write(fd, line.encode(ENCODING, "replace"))
        except Exception:  # logging never fails a call
            self._drop()

    def close(self) -> None:
        self._drop()

    def _drop(self) -> None:
        self.writing = False
        self.recheck_at = _monotonic() + CHECK_INTERVAL
        if self._fd is None:
            return
        fd, self._fd, self._id, self._path = self._fd, None, None, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:  # pragma: no cover - interpreter shutdown order
        self._drop()
