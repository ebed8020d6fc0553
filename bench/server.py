"""Server mode under load: the simulator's create/get invoice against a bare FastAPI endpoint, same stack.

The server runs in its own process (bench.target, through SimServer), the load generator in another, so
the figures are what a client in another process sees at concurrency 10.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import PYTHON, Row, free_port, http_json, judge, rss_mb, running, sales_invoice
from bench.load import Load, generator, load

PART = "server"
HELSINKI = ZoneInfo("Europe/Helsinki")


def durations(quick: bool) -> tuple[float, float]:
    """(measured seconds, warm-up seconds) per case."""
    return (2.0, 0.0) if quick else (5.0, 1.0)


def measure(spec: Load, quick: bool, use: str | None = None, seconds: float | None = None) -> dict[str, Any]:
    default, warm = durations(quick)
    seconds = seconds or default
    warmed = load(spec, warm, use=use)["requests"] if warm else 0
    result = load(spec, seconds, use=use)
    result["warm_requests"] = warmed or 0
    return result


def prepare_sim(root: str) -> dict[str, Any]:
    """A tenant, a bearer token and one invoice on a running simulator, set up over HTTP only."""
    status, tenant = http_json("POST", f"{root}/_sim/tenants", body={"label": "bench"})
    if status != 201:
        raise RuntimeError(f"creating a tenant gave {status}: {tenant}")
    creds = tenant["credentials"]
    status, token = http_json("POST", f"{root}/api/oauth/token", form={"grant_type": "client_credentials", **creds})
    if status != 200:
        raise RuntimeError(f"token request gave {status}: {token}")
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    invoice = sales_invoice(datetime.now(HELSINKI).date())
    status, created = http_json("POST", f"{root}/api/invoices", body=invoice, headers=auth)
    if status != 200:
        raise RuntimeError(f"creating an invoice gave {status}: {created}")
    return {"tenant": tenant["tenant"], "headers": auth, "invoice": invoice, "invoice_id": created["id"]}


def sim_loads(root: str, setup: dict[str, Any]) -> dict[str, Load]:
    headers = setup["headers"]
    return {
        "get-invoice": Load("GET", f"{root}/api/invoices/{setup['invoice_id']}", headers),
        "create-invoice": Load("POST", f"{root}/api/invoices", {**headers, "Content-Type": "application/json"},
                               json.dumps(setup["invoice"])),
    }


def sim_command(stack: str, port: int) -> list[str]:
    return [PYTHON, "-m", "bench.target", "sim", "--stack", stack, "--port", str(port)]


def bare_command(stack: str, port: int) -> list[str]:
    return [PYTHON, "-m", "bench.target", "bare", "--stack", stack, "--port", str(port)]


def load_rows(part: str, case: str, result: dict[str, Any], p99_goal: float | None = None) -> list[Row]:
    note = f"{result['tool']}, {result.get('requests')} requests"
    if result.get("errors"):
        note += f", {result['errors']} ERRORS"
    rows = [Row(part, case, "req/s", result["rps"], "req/s", note=note),
            Row(part, case, "p50", result["p50_ms"], "ms")]
    if p99_goal is None:
        rows.append(Row(part, case, "p99", result["p99_ms"], "ms"))
    else:
        rows.append(Row(part, case, "p99", result["p99_ms"], "ms", f"< {p99_goal:g} ms",
                        judge(result["p99_ms"], p99_goal)))
    return rows


def run(quick: bool = False, use: str | None = None) -> list[Row]:
    use = use or generator()
    rows: list[Row] = []
    bare_port, sim_port = free_port(), free_port()
    root = f"http://127.0.0.1:{sim_port}"
    bare_load = Load("GET", f"http://127.0.0.1:{bare_port}/bare")
    # both servers up (idle ones cost nothing); the bare endpoint is measured before and after the simulator's
    # get in a full run, so a disturbance on a shared machine shows as a spread instead of a skewed ratio
    with running(bare_command("httptools", bare_port), bare_port), \
            running(sim_command("httptools", sim_port), sim_port) as proc:
        idle = rss_mb(proc.pid)
        loads = sim_loads(root, prepare_sim(root))
        bares = [measure(bare_load, quick, use)]
        get = measure(loads["get-invoice"], quick, use)
        if not quick:
            bares.append(measure(bare_load, quick, use))
        create = measure(loads["create-invoice"], quick, use)
        after = rss_mb(proc.pid)
    bare = dict(bares[0])
    if len(bares) > 1:
        bare["rps"] = sum(b["rps"] for b in bares) / len(bares)
        bare["p50_ms"] = sum(b["p50_ms"] for b in bares) / len(bares)
        bare["p99_ms"] = sum(b["p99_ms"] for b in bares) / len(bares)
        bare["requests"] = sum(b["requests"] for b in bares)
    rows += load_rows(PART, "bare FastAPI 1 KB GET", bare)
    if len(bares) > 1:
        rows[-3].note += f"; mean of runs before and after sim get: {bares[0]['rps']:,.0f} and {bares[1]['rps']:,.0f}"
    rows += load_rows(PART, "sim get-invoice", get, p99_goal=5.0)
    rows += load_rows(PART, "sim create-invoice", create)
    for case, result, goal in (("sim get-invoice", get, 0.8), ("sim create-invoice", create, None)):
        ratio = result["rps"] / bare["rps"] if result["rps"] and bare["rps"] else None
        note = "httpx generator is the bottleneck: ratio not meaningful, install wrk" if bare["tool"] == "httpx" else ""
        rows.append(Row(PART, case, "rate sim/bare", ratio * 100 if ratio is not None else None, "%",
                        f">= {goal:.0%}" if goal else "", judge(ratio, goal, below=False) if goal else None, note))
    created = (create.get("requests") or 0) + create["warm_requests"]
    rows.append(Row(PART, "sim server process", "RSS after load", after, "MiB",
                    note=f"idle {idle:.1f} MiB before; ~{created} invoices created, journal holds bodies"
                    if idle is not None else ""))
    return rows
