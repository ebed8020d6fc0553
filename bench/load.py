"""Closed-loop HTTP load against a loopback server: wrk when installed, else an asyncio httpx generator.

Either runs in a process of its own, so the generator never competes with the server inside one GIL.

    python -m bench.load '{"method": "GET", "url": "http://127.0.0.1:8123/bare", "seconds": 5}'

runs the httpx fallback and prints its result as JSON (this is how load() calls it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, percentile

CONNECTIONS = 10
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_HOST_OK = re.compile(r"^https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/")


@dataclass
class Load:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


def generator() -> str:
    """Which load generator load() will use."""
    return "wrk" if shutil.which("wrk") else "httpx"


def load(spec: Load, seconds: float, connections: int = CONNECTIONS, use: str | None = None) -> dict[str, Any]:
    """Requests per second, p50/p99 latency (ms) and error count of `connections` closed-loop clients."""
    if not _HOST_OK.match(spec.url):
        raise ValueError(f"load is only ever sent to loopback addresses, not {spec.url}")
    use = use or generator()
    if use == "wrk":
        return _wrk(spec, seconds, connections)
    return _httpx(spec, seconds, connections)


# ---------------------------------------------------------------------------------------------- wrk
def _lua(spec: Load) -> str:
    lines = [f'wrk.method = "{spec.method}"']
    for name, value in spec.headers.items():
        lines.append(f'wrk.headers["{name}"] = [==[{value}]==]')
    if spec.body is not None:
        lines.append(f"wrk.body = [==[{spec.body}]==]")
    return "\n".join(lines) + "\n"


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    result: dict[str, Any] = {"tool": "wrk", "errors": 0}
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", output, re.M)
        result[f"p{pct}_ms"] = _ms(match.group(1)) if match else None
    match = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    result["rps"] = float(match.group(1)) if match else None
    match = re.search(r"^\s+(\d+) requests in", output, re.M)
    result["requests"] = int(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if match:
        result["errors"] += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        result["errors"] += sum(int(g) for g in match.groups())
    return result


def _wrk(spec: Load, seconds: float, connections: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(spec))
    try:
        args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "5s",
                "-s", script.name, spec.url]
        done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=False)
    finally:
        Path(script.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout)


# ---------------------------------------------------------------------------------------------- httpx
def _httpx(spec: Load, seconds: float, connections: int) -> dict[str, Any]:
    request = {"method": spec.method, "url": spec.url, "headers": spec.headers, "body": spec.body,
               "seconds": seconds, "connections": connections}
    done = subprocess.run([PYTHON, "-m", "bench.load", json.dumps(request)], capture_output=True, text=True,
                          timeout=seconds + 60, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"httpx load generator failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _generate(request: dict[str, Any]) -> dict[str, Any]:
    import asyncio

    import httpx

    body = request["body"].encode() if request["body"] is not None else None
    latencies: list[int] = []
    errors = 0
    limits = httpx.Limits(max_connections=request["connections"], max_keepalive_connections=request["connections"])
    async with httpx.AsyncClient(limits=limits, timeout=5.0) as client:
        deadline = time.perf_counter() + request["seconds"]

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter_ns()
                try:
                    reply = await client.request(request["method"], request["url"], headers=request["headers"],
                                                 content=body)
                    if reply.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter_ns() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(request["connections"])))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {"tool": "httpx", "rps": len(latencies) / elapsed, "requests": len(latencies), "errors": errors,
            "p50_ms": percentile(latencies, 50) / 1e6, "p99_ms": percentile(latencies, 99) / 1e6}


def main() -> None:
    import asyncio

    request = json.loads(sys.argv[1])
    if not _HOST_OK.match(request["url"]):
        raise SystemExit(f"load is only ever sent to loopback addresses, not {request['url']}")
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    print(json.dumps(runner(_generate(request))))


if __name__ == "__main__":
    main()
