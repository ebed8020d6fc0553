"""Landscapes: time and memory to generate the 10,000-invoice landscape and to load it into every simulator.

Each measurement runs in a child process of its own, so its peak resident memory (getrusage ru_maxrss) is its own
and not the benchmark runner's:

* generate: `fixtures.generator.generate(seed=1, invoices=N)`, then `dumps` (the bytes `visma-sim dataset generate`
  writes); the peak also as tracemalloc counts it (a separate run: tracing slows the code down);
* load: the landscape generated first (not timed), then `seed_in_process` into fresh in-process simulators, each
  system timed (Severa, Procountor, eEkonomi, Administration, which writes its company folder to disk).

Goals (issue 6): generate under 10 s, load under 5 s, under 500 MB. Printed, never asserted.
`python -m bench fixtures [--quick]` (--quick: 1,000 invoices), or `python -m bench.fixtures [--quick]`.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Any

from bench.common import PYTHON, ROOT, Row, judge

PART = "fixtures"
FULL, QUICK = 10_000, 1_000
GENERATE_GOAL_S, LOAD_GOAL_S, MEMORY_GOAL_MB = 10.0, 5.0, 500.0


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child_generate(invoices: int) -> dict[str, Any]:
    from fixtures.generator import generate
    from fixtures.landscape import dumps

    began = time.perf_counter()
    landscape = generate(1, invoices)
    generated = time.perf_counter()
    data = dumps(landscape)
    done = time.perf_counter()
    return {"generate_s": generated - began, "dumps_s": done - generated, "mb": len(data) / 1e6,
            "maxrss_mb": _maxrss_mb()}


def child_trace(invoices: int) -> dict[str, Any]:
    import tracemalloc

    from fixtures.generator import generate

    tracemalloc.start()
    generate(1, invoices)
    _, peak = tracemalloc.get_traced_memory()
    return {"traced_peak_mb": peak / 2**20}


def child_load(invoices: int) -> dict[str, Any]:
    from fixtures.generator import generate
    from fixtures.seeding import seed_in_process
    from simulators.registry import create

    landscape = generate(1, invoices)
    before = _maxrss_mb()
    sims = {name: create(name) for name in ("severa", "procountor", "eekonomi", "adk")}
    seconds = {}
    began = time.perf_counter()
    for name, sim in sims.items():
        start = time.perf_counter()
        seed_in_process({name: landscape[name]}, {name: sim}, "bench")
        seconds[name] = time.perf_counter() - start
    total = time.perf_counter() - began
    sims["adk"].close()
    return {"load_s": total, "per_system_s": seconds, "maxrss_mb": _maxrss_mb(), "before_mb": before}


CHILDREN = {"generate": child_generate, "trace": child_trace, "load": child_load}


def _child(kind: str, invoices: int) -> dict[str, Any]:
    done = subprocess.run([PYTHON, "-m", "bench.fixtures", "--child", kind, str(invoices)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"bench.fixtures {kind} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[Row]:
    invoices = QUICK if quick else FULL
    case = f"{invoices:,} invoices"
    gen = _child("generate", invoices)
    rows = [
        Row(PART, f"generate {case}", "time", gen["generate_s"] * 1000, "ms", f"< {GENERATE_GOAL_S:.0f} s",
            judge(gen["generate_s"], GENERATE_GOAL_S), note=f"+ {gen['dumps_s'] * 1000:.0f} ms to serialize "
                                                            f"{gen['mb']:.0f} MB (indented JSON)"),
        Row(PART, f"generate {case}", "peak RSS", gen["maxrss_mb"], "MiB", f"< {MEMORY_GOAL_MB:.0f} MiB",
            judge(gen["maxrss_mb"], MEMORY_GOAL_MB), note="child process, ru_maxrss (interpreter included)"),
    ]
    if not quick:
        traced = _child("trace", invoices)
        rows.append(Row(PART, f"generate {case}", "tracemalloc peak", traced["traced_peak_mb"], "MiB",
                        note="Python allocations only"))
    load = _child("load", invoices)
    per = ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in load["per_system_s"].items())
    rows += [
        Row(PART, f"load {case} (in-process)", "time", load["load_s"] * 1000, "ms", f"< {LOAD_GOAL_S:.0f} s",
            judge(load["load_s"], LOAD_GOAL_S), note=per),
        Row(PART, f"load {case} (in-process)", "peak RSS", load["maxrss_mb"], "MiB", f"< {MEMORY_GOAL_MB:.0f} MiB",
            judge(load["maxrss_mb"], MEMORY_GOAL_MB),
            note=f"{load['before_mb']:.0f} MiB with the landscape generated, before loading"),
    ]
    return rows


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(CHILDREN[argv[1]](int(argv[2]))))
        return 0
    from bench.__main__ import print_table

    print_table(run(quick="--quick" in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
