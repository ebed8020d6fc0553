"""What every benchmark part shares: result rows, percentiles, payloads, ports and child processes."""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent


@dataclass
class Row:
    """One measured figure, with the goal it is judged against (when it has one)."""

    part: str
    case: str
    metric: str
    value: float | None
    unit: str
    goal: str = ""
    ok: bool | None = None  # None: no goal, or not measured
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def judge(value: float | None, limit: float, below: bool = True) -> bool | None:
    """Whether a figure meets its goal (below/above a limit); None when it could not be measured."""
    if value is None:
        return None
    return value < limit if below else value >= limit


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted sequence (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def summary_ms(samples_ns: list[int]) -> dict[str, float]:
    """p50/p99/mean in milliseconds and calls per second of a list of per-call durations in nanoseconds."""
    values = sorted(samples_ns)
    total = sum(values)
    return {
        "p50": percentile(values, 50) / 1e6,
        "p99": percentile(values, 99) / 1e6,
        "mean": total / len(values) / 1e6,
        "rate": len(values) / (total / 1e9) if total else float("nan"),
        "n": len(values),
    }


def sales_invoice(day: date | str) -> dict[str, Any]:
    """The vendor's own minimal sales invoice example, as the tests use it."""
    from simulators.procountor.examples import sales_invoice as example

    return example(day)


def bare_document() -> dict[str, Any]:
    """A ~1 KB JSON document, shaped like an invoice, for the bare-endpoint baseline."""
    doc: dict[str, Any] = {
        "id": 1, "type": "SALES_INVOICE", "status": "UNFINISHED", "date": "2026-01-15",
        "counterParty": {"counterPartyAddress": {"name": "Buyer name", "street": "Mannerheimintie 1",
                                                 "zip": "00100", "city": "Helsinki", "country": "FINLAND"}},
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": "EUR", "dueDate": "2026-01-29",
                        "bankAccount": {"accountNumber": "FI2112345600000785"}, "currencyRate": 1},
        "invoiceRows": [{"product": f"Row {i}", "quantity": 2, "unit": "PIECE", "unitPrice": 3.5,
                         "discountPercent": 0, "vatPercent": 25.5} for i in range(5)],
        "invoiceSumInfo": [{"currency": "EUR", "inAccountingCurrency": True, "excludingVatTotal": 35.0,
                            "vatSumTotal": 8.93, "invoiceSumTotal": 43.93}],
        "notes": "", "additionalInformation": "", "version": "2026-01-15T10:00:00.000",
    }
    return doc


# ---------------------------------------------------------------------------------------------- network
def hold_until_signal(server: Any) -> None:
    """Keep a benchmark's server process up until SIGTERM or SIGINT (how `spawn`/`stop` end it), then stop it."""
    import threading

    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    while not stopped.wait(0.5):
        pass
    server.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_accepts(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_for_port(port: int, timeout: float = 15.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_accepts(port):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server process exited with {proc.returncode} before port {port} accepted")
        time.sleep(0.01)
    raise TimeoutError(f"port {port} did not accept connections within {timeout} s")


def http_json(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
              form: dict[str, str] | None = None) -> tuple[int, Any]:
    """One plain HTTP/1.1 call with the standard library (the parent process needs no client library)."""
    from urllib.parse import urlencode, urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    send_headers = dict(headers or {})
    payload: bytes | None = None
    if form is not None:
        payload = urlencode(form).encode()
        send_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        payload = json.dumps(body).encode()
        send_headers["Content-Type"] = "application/json"
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=payload, headers=send_headers)
        reply = conn.getresponse()
        raw = reply.read()
    finally:
        conn.close()
    try:
        return reply.status, json.loads(raw) if raw else None
    except ValueError:
        return reply.status, raw


# ---------------------------------------------------------------------------------------------- processes
def rss_mb(pid: int) -> float | None:
    """Resident set size of a process (VmRSS), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def spawn(args: list[str], **kwargs: Any) -> subprocess.Popen:
    """A child in its own session, so that stop() can end it and any workers it started (granian)."""
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    if "stderr" not in kwargs:  # a file, not a pipe: a chatty child never blocks; stop() closes it
        kwargs["stderr"] = tempfile.TemporaryFile()  # noqa: SIM115
    kwargs.setdefault("cwd", ROOT)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **kwargs.pop("env", {})}
    proc = subprocess.Popen(args, start_new_session=True, env=env, **kwargs)
    proc.bench_stderr = kwargs["stderr"] if hasattr(kwargs["stderr"], "seek") else None  # type: ignore[attr-defined]
    return proc


def stop(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    """End a child started by spawn() (its own process group only), politely first."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    err = getattr(proc, "bench_stderr", None)
    if err is not None:
        err.close()


def _stderr_of(proc: subprocess.Popen) -> bytes:
    """What a child wrote to stderr so far (for the error message when it failed to start)."""
    err = getattr(proc, "bench_stderr", None)
    if err is None or err.closed:
        return b""
    err.seek(0)
    return err.read()


@contextlib.contextmanager
def running(args: list[str], port: int, timeout: float = 15.0, **kwargs: Any) -> Iterator[subprocess.Popen]:
    """A server child that accepts connections on `port` for the duration of the block."""
    proc = spawn(args, **kwargs)
    try:
        try:
            wait_for_port(port, timeout, proc)
        except (RuntimeError, TimeoutError) as exc:
            err = _stderr_of(proc)
            raise RuntimeError(f"{' '.join(args)}: {exc}\n{err.decode(errors='replace')[-2000:]}") from None
        yield proc
    finally:
        stop(proc)


def tool(name: str) -> str | None:
    """An executable of the venv, else one on PATH."""
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    import shutil

    return shutil.which(name)
