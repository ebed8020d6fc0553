"""Where an in-process get-invoice spends its time: `python -m bench profile`.

Prints a pyinstrument call tree when pyinstrument is installed (it is not a project dependency:
`pip install pyinstrument`), and always the top functions by own time from cProfile.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from typing import Any

from bench.common import sales_invoice


def _setup() -> tuple[Any, Any, int]:
    from simulators.testing import SimulatorHost

    host = SimulatorHost(mode="inprocess", names=["procountor"]).start()
    handle = host.tenant("procountor")
    api = handle.api()
    reply = api.post("/invoices", json=sales_invoice(handle.state.today()))
    reply.raise_for_status()
    return host, api, reply.json()["id"]


def run(quick: bool = False) -> None:
    calls = 2_000 if quick else 10_000
    host, api, inv_id = _setup()
    path = f"/invoices/{inv_id}"
    for _ in range(500):
        api.get(path)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("(pyinstrument not installed: only cProfile below)")
    else:
        profiler = Profiler(interval=0.0001)
        profiler.start()
        for _ in range(calls):
            api.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        api.get(path)
    profile.disable()
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text).strip_dirs().sort_stats("tottime")
    stats.print_stats(30)
    print(f"cProfile, {calls} in-process GET /api/invoices/{{id}} calls, top functions by own time")
    print(text.getvalue())
    host.stop()
