"""Tenant creation and reset, as Python calls on the simulator (what a per-test fixture pays).

Also resets a tenant while the simulator holds many live tokens, since reset drops the tenant's tokens.
"""

from __future__ import annotations

import time

from bench.common import Row, judge, summary_ms

PART = "tenants"
RESET_GOAL_MS = 10.0


def _times(fn, runs: int) -> list[int]:  # type: ignore[no-untyped-def]
    fn()  # warm: first use builds caches (models, apps)
    samples = []
    for _ in range(runs):
        began = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - began)
    return samples


def _rows(case: str, metric: str, samples: list[int], goal: float | None = None, note: str = "") -> list[Row]:
    s = summary_ms(samples)
    rows = [Row(PART, case, f"{metric} p50", s["p50"], "ms", f"< {goal:g} ms" if goal else "",
                judge(s["p50"], goal) if goal else None, note or f"{s['n']} runs")]
    rows.append(Row(PART, case, f"{metric} p99", s["p99"], "ms"))
    return rows


def run(quick: bool = False) -> list[Row]:
    from simulators.registry import create

    runs = 50 if quick else 300
    sim = create("procountor")
    demo = sim.demo_dataset()
    rows: list[Row] = []
    made: list = []

    rows += _rows("default tenant", "create", _times(lambda: made.append(sim.create_tenant()), runs))
    rows += _rows("demo tenant", "create", _times(lambda: made.append(sim.create_tenant(dataset=demo)), runs),
                  note=f"{runs} runs; demo dataset has {sum(len(v) for v in demo.values() if isinstance(v, list))}"
                       " records")
    default_tenant = sim.create_tenant()
    demo_tenant = sim.create_tenant(dataset=demo)
    rows += _rows("default tenant", "reset", _times(lambda: sim.reset(default_tenant), runs), RESET_GOAL_MS)
    rows += _rows("demo tenant", "reset", _times(lambda: sim.reset(demo_tenant), runs), RESET_GOAL_MS)

    for tenant in made:
        sim.delete_tenant(tenant.id)
    busy = sim.create_tenant()
    tokens = 1_000 if quick else 10_000
    for i in range(tokens):
        sim.tokens.issue(busy.id if i % 100 == 0 else f"other-{i % 50}", 0.0, 3600)
    rows += _rows(f"default tenant, {tokens} live tokens in the simulator", "reset",
                  _times(lambda: sim.reset(default_tenant), runs // 3), RESET_GOAL_MS,
                  note="tokens are indexed per tenant, so reset drops only its own")
    return rows
