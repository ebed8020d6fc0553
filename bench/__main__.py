"""`python -m bench [PART ...] [--quick]`: run benchmark parts, print a table, write bench/results/latest.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import ROOT, Row

PARTS: dict[str, str] = {
    "inprocess": "create/get invoice through the in-process httpx transport, and the layers of get",
    "server": "create/get invoice on SimServer vs a bare FastAPI endpoint, concurrency 10, separate processes",
    "stacks": "bare endpoint (and sim get) on uvicorn+h11, uvicorn+httptools+uvloop, granian",
    "startup": "visma-sim serve: process start to first successful request",
    "memory": "RSS of the idle serve process, and after creating 100 tenants",
    "tenants": "tenant creation and reset times",
    "severa": "Severa SOAP: GetInvoicesByStatus (50 invoices) and SetInvoiceStatus, in-process and over loopback",
    "eekonomi": "eEkonomi: token refresh, get/list/create customer, in-process and over loopback",
    "adk": "fake ADK: add invoice with 10 rows, find by number, iterate 10,000 customers (Pythonic and C-style)",
    "fixtures": "landscapes: generate the 10,000-invoice landscape and load it into every simulator (time, memory)",
}
EXTRA = {"profile": "profile of the in-process get-invoice path (pyinstrument, else cProfile); not in 'all'"}
RESULTS = ROOT / "bench" / "results" / "latest.json"


def _run_part(name: str, quick: bool, loadgen: str | None) -> list[Row]:
    if name == "inprocess":
        from bench import inprocess

        return inprocess.run(quick)
    if name == "server":
        from bench import server

        return server.run(quick, loadgen)
    if name == "stacks":
        from bench import stacks

        return stacks.run(quick, loadgen)
    if name == "startup":
        from bench import startup

        return startup.run(quick)
    if name == "memory":
        from bench import memory

        return memory.run(quick)
    if name == "tenants":
        from bench import tenants

        return tenants.run(quick)
    if name == "severa":
        from bench import severa

        return severa.run(quick, loadgen)
    if name == "eekonomi":
        from bench import eekonomi

        return eekonomi.run(quick, loadgen)
    if name == "adk":
        from bench import adk

        return adk.run(quick)
    if name == "fixtures":
        from bench import fixtures

        return fixtures.run(quick)
    raise KeyError(name)


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit in ("req/s", "calls/s"):
        return f"{value:,.0f} {unit}"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms" if value >= 100 else f"{value:.2f} ms"
    if unit == "%":
        return f"{value:.0f} %"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:g} {unit}"


def print_table(rows: list[Row], out: Any = None) -> None:
    out = out or sys.stdout
    table = [("part", "case", "metric", "value", "goal", "", "note")]
    for r in rows:
        verdict = "" if r.ok is None else ("ok" if r.ok else "MISS")
        table.append((r.part, r.case, r.metric, _format(r.value, r.unit), r.goal, verdict, r.note))
    widths = [max(len(line[i]) for line in table) for i in range(6)]
    for i, line in enumerate(table):
        cells = [line[c].ljust(widths[c]) if c != 3 else line[c].rjust(widths[c]) for c in range(6)]
        print(("  ".join(cells) + "  " + line[6]).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)


def _commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=5, check=False)
        return done.stdout.strip() or None
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmarks; figures are printed next to their goals, never asserted.",
        epilog="parts: " + "; ".join(f"{k}: {v}" for k, v in {**PARTS, **EXTRA}.items()))
    parser.add_argument("parts", nargs="*", metavar="PART", help="parts to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="short runs (the whole set in about 30 s)")
    parser.add_argument("--loadgen", choices=("wrk", "httpx"), help="force a load generator (default: wrk if found)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write results (default {RESULTS})")
    args = parser.parse_args(argv)
    unknown = [p for p in args.parts if p not in PARTS and p not in EXTRA and p != "all"]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; known: {', '.join([*PARTS, *EXTRA])}")
    if "profile" in args.parts:
        from bench import profile

        profile.run(args.quick)
        args.parts = [p for p in args.parts if p != "profile"]
        if not args.parts:
            return 0
    parts = list(PARTS) if not args.parts or "all" in args.parts else args.parts

    from bench.load import generator

    loadgen = args.loadgen or generator()
    began = time.perf_counter()
    load_before = os.getloadavg()
    rows: list[Row] = []
    failures: dict[str, str] = {}
    timings: dict[str, float] = {}
    for name in parts:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        part_began = time.perf_counter()
        try:
            rows += _run_part(name, args.quick, loadgen)
        except Exception as exc:  # one broken part must not hide the others' figures
            failures[name] = "".join(traceback.format_exception_only(exc)).strip()
            rows.append(Row(name, "(part failed)", "", None, "", note=failures[name].splitlines()[-1][:160]))
            traceback.print_exc(file=sys.stderr)
        timings[name] = time.perf_counter() - part_began
    took = time.perf_counter() - began

    info = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "quick": args.quick,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_generator": loadgen,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "seconds": round(took, 1),
        "part_seconds": {k: round(v, 1) for k, v in timings.items()},
    }
    # written before printing, so a closed stdout (| head) still leaves the results
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({**info, "failures": failures, "rows": [r.as_dict() for r in rows]}, indent=2)
                         + "\n")
    print()
    print(f"visma-sim benchmarks  commit {info['commit']}  python {info['python']}  {info['cpus']} CPUs  "
          f"load generator {loadgen}  {'quick' if args.quick else 'full'} run in {took:.0f} s  "
          f"loadavg before {info['loadavg_before'][0]}")
    if info["loadavg_before"][0] > 0.7:  # only before: the benchmark's own load raises the average after
        print(f"WARNING: the machine was busy before the run (1-min load average {info['loadavg_before'][0]} on "
              f"{info['cpus']} CPUs): figures are pessimistic and noisy; rerun on an idle machine to compare")
    print()
    print_table(rows)
    missed = [r for r in rows if r.ok is False]
    print()
    print(f"{sum(1 for r in rows if r.ok)} goals met, {len(missed)} missed"
          + (f", {len(failures)} part(s) failed: {', '.join(failures)}" if failures else ""))

    print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
