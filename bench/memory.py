"""Resident memory of a `visma-sim serve` process: idle after start, then after creating 100 tenants.

Read from /proc/<pid>/status (VmRSS) of the serve process itself; tenants are created through the control
plane, as a test suite in another process would.
"""

from __future__ import annotations

import time

from bench.common import Row, http_json, judge, rss_mb
from bench.startup import finish, start

PART = "memory"
IDLE_GOAL_MB = 100
TENANTS = 100


def _settled_rss(pid: int) -> float | None:
    time.sleep(0.3)  # let start-up garbage be collected and the allocator settle
    return rss_mb(pid)


def run(quick: bool = False) -> list[Row]:
    started = start(demo=False)
    try:
        pid = started["proc"].pid
        control = started["urls"]["procountor"]["control"]
        idle = before = _settled_rss(pid)
        rows = [Row(PART, started["label"], "RSS idle", idle, "MiB", f"< {IDLE_GOAL_MB} MiB",
                    judge(idle, IDLE_GOAL_MB))]
        for kind, body in (("default", {}), ("demo", {"demo": True})):
            began = time.perf_counter()
            for i in range(TENANTS):
                status, reply = http_json("POST", f"{control}/tenants", body={**body, "label": f"bench-{kind}-{i}"})
                if status != 201:
                    raise RuntimeError(f"creating a {kind} tenant gave {status}: {reply}")
            per_create = (time.perf_counter() - began) / TENANTS * 1000
            after = _settled_rss(pid)
            note = f"{per_create:.2f} ms per create over HTTP"
            if after is not None and before is not None:
                note = f"+{(after - before) * 1024 / TENANTS:.0f} KiB per tenant; " + note
            rows.append(Row(PART, f"... + {TENANTS} {kind} tenants", "RSS", after, "MiB", note=note))
            before = after
    finally:
        finish(started)
    return rows
