"""Time for `visma-sim serve` to be ready: from process start to the first successful request.

The clock starts just before Popen; it records when the urls file appears, when every simulator's vendor base
URL gives an HTTP answer (the "ready" goal), and when every control plane (/_sim) has answered 200. Every
simulator is given port 0, so a `serve` already running on the default ports does not get in the way.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, Row, http_json, judge, spawn, stop, tool

PART = "startup"
GOAL_S = 0.5

# used only while simulators/cli.py does not exist: what `serve` does, without the command line
FALLBACK = """
import json, sys, threading
from simulators.core.server import Listener, SimServer
from simulators.registry import create, simulator_classes
sims = {n: create(n) for n in simulator_classes()}
listeners = {n: Listener(s, 0) for n, s in sims.items()}
server = SimServer(list(listeners.values())).start()
entries = {n: s.url_entry(server.base_url(listeners[n]), None) for n, s in sims.items()}
open(sys.argv[1], "w").write(json.dumps(entries))
threading.Event().wait()
"""


def simulator_names() -> list[str]:
    from simulators.registry import simulator_classes

    return list(simulator_classes())


def command(urls_file: Path, demo: bool = False) -> tuple[list[str], str]:
    """The serve command line and what it is ("visma-sim serve" or the python -c fallback)."""
    exe = tool("visma-sim")
    if exe is not None and (ROOT / "simulators" / "cli.py").exists():
        ports = [arg for name in simulator_names() for arg in ("--port", f"{name}=0")]
        args = [exe, "serve", "--urls-file", str(urls_file), *ports]
        return ([*args] if demo else [*args, "--no-demo"]), "visma-sim serve" + ("" if demo else " --no-demo")
    return [PYTHON, "-c", FALLBACK, str(urls_file)], "python -c SimServer(all simulators)"


def _read_urls(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text()
        return json.loads(text) if text.strip() else None
    except (OSError, ValueError):  # not there yet, or half written
        return None


def start(demo: bool = False, timeout: float = 20.0) -> dict[str, Any]:
    """Start serve, wait for its first good answer; returns timings and the running process (caller stops)."""
    folder = Path(tempfile.mkdtemp(prefix="visma-bench-"))
    urls_file = folder / "urls.json"
    args, label = command(urls_file, demo)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (finish() closes it)
    began = time.perf_counter()
    proc = spawn(args, stdout=out)
    urls: dict[str, Any] | None = None
    ready = first = vendor = None
    deadline = began + timeout
    try:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{label} exited with {proc.returncode}")
            if urls is None:
                urls = _read_urls(urls_file)
                if urls is not None:
                    ready = time.perf_counter() - began
            if urls is not None and vendor is None:
                try:  # any HTTP answer from every vendor base URL (401/404 included) means it serves
                    if all(http_json("GET", entry["url"])[0] for entry in urls.values()):
                        vendor = time.perf_counter() - began
                except OSError:
                    pass
            if vendor is not None:
                try:
                    if all(http_json("GET", entry["control"])[0] == 200 for entry in urls.values()):
                        first = time.perf_counter() - began
                        break
                except OSError:
                    pass
            time.sleep(0.002)
        if first is None:
            raise TimeoutError(f"{label} was not ready within {timeout} s")
    except BaseException:
        stop(proc)
        raise
    finally:
        urls_file.unlink(missing_ok=True)
    return {"proc": proc, "label": label, "ready_s": ready, "vendor_s": vendor, "first_s": first, "urls": urls,
            "stdout": out, "folder": folder}


def finish(started: dict[str, Any]) -> str:
    """Stop a started serve; returns what it printed."""
    stop(started["proc"])
    out = started["stdout"]
    out.seek(0)
    text = out.read().decode(errors="replace")
    out.close()
    started["folder"].rmdir()
    return text


def _interpreter_start(runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run(quick: bool = False) -> list[Row]:
    runs = 2 if quick else 5
    rows: list[Row] = []
    for demo in (False, True):
        firsts, readies, banners, vendors = [], [], [], []
        label = ""
        for _ in range(runs):
            started = start(demo=demo)
            label = started["label"]
            firsts.append(started["first_s"])
            vendors.append(started["vendor_s"])
            readies.append(started["ready_s"])
            printed = finish(started)
            match = re.search(r"ready in (\d+) ms", printed)
            if match:
                banners.append(int(match.group(1)) / 1000)
        first = statistics.median(firsts)
        vendor = statistics.median(vendors)
        note = f"median of {runs}; max {max(vendors) * 1000:.0f} ms"
        control_note = "the control plane builds its FastAPI app on a warm-up thread once the ports are open"
        if demo:
            rows.append(Row(PART, label, "start → vendor API answers", vendor * 1000, "ms", note=note))
            rows.append(Row(PART, label, "start → control plane answers", first * 1000, "ms", note=control_note))
            continue
        rows.append(Row(PART, label, "start → vendor API answers", vendor * 1000, "ms", f"< {GOAL_S * 1000:.0f} ms",
                        judge(vendor, GOAL_S), note))
        rows.append(Row(PART, label, "start → control plane answers", first * 1000, "ms", note=control_note))
        rows.append(Row(PART, label, "start → urls file", statistics.median(readies) * 1000, "ms"))
        if banners:
            rows.append(Row(PART, label, "in-process set-up", statistics.median(banners) * 1000, "ms",
                            note="the 'ready in' the banner prints: after the imports of the CLI"))
    rows.append(Row(PART, "python -c pass", "interpreter start", _interpreter_start(runs) * 1000, "ms",
                    note="the floor any Python command pays"))
    return rows
