"""In-process calls: httpx → InProcessTransport → simulator app, with no sockets, as the test-suite uses it.

Besides the two headline figures it times the layers of get-invoice one by one (httpx alone, the whole
ASGI app, the vendor FastAPI app alone, a bare FastAPI endpoint, the domain call alone), so a slow-down
can be pinned on a layer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from starlette.requests import Request  # at module level: FastAPI resolves the endpoint's annotation here

from bench.common import Row, judge, sales_invoice, summary_ms

PART = "inprocess"
P50_GOAL_MS = 0.5


def _timed(fn: Callable[[], Any], calls: int, warm: int) -> list[int]:
    for _ in range(warm):
        fn()
    samples = []
    clock = time.perf_counter_ns
    for _ in range(calls):
        started = clock()
        fn()
        samples.append(clock() - started)
    return samples


def _timed_async(loop: asyncio.AbstractEventLoop, fn: Callable[[], Awaitable[Any]], calls: int,
                 warm: int) -> list[int]:
    async def body() -> list[int]:
        for _ in range(warm):
            await fn()
        samples = []
        clock = time.perf_counter_ns
        for _ in range(calls):
            started = clock()
            await fn()
            samples.append(clock() - started)
        return samples

    return loop.run_until_complete(body())


def _asgi_call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes = b"",
               root: bool = True) -> Callable[[], Awaitable[int]]:
    """A coroutine factory calling an ASGI app directly with a hand-built scope (no httpx, no transport)."""
    from simulators.core.asgi import INPROCESS

    async def call() -> int:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": headers, "server": ("testserver", 80), "client": ("127.0.0.1", 50000),
                 "extensions": {INPROCESS: True} if root else {}, "state": {}}
        sent = False
        status = 0

        async def receive() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        if status != 200:
            raise RuntimeError(f"{method} {path} gave {status}")
        return status

    return call


def _rows(case: str, samples: list[int], goal: bool = False, note: str = "") -> list[Row]:
    s = summary_ms(samples)
    if case.startswith("  layer"):  # one line per layer: the p50, with the rest in the note
        return [Row(PART, case, "p50", s["p50"], "ms",
                    note=f"p99 {s['p99']:.3f} ms, {s['rate']:,.0f} calls/s, {s['n']} calls")]
    p50_goal = f"< {P50_GOAL_MS} ms" if goal else ""
    return [
        Row(PART, case, "calls/s", s["rate"], "calls/s", note=note or f"{s['n']} calls, one thread"),
        Row(PART, case, "p50", s["p50"], "ms", p50_goal, judge(s["p50"], P50_GOAL_MS) if goal else None),
        Row(PART, case, "p99", s["p99"], "ms"),
    ]


def run(quick: bool = False) -> list[Row]:
    from bench.target import BARE_PATH, bare_app, starlette_app
    from simulators.procountor.domain import invoices as domain
    from simulators.procountor.domain.common import batch_get
    from simulators.testing import SimulatorHost

    calls, warm = (1_000, 200) if quick else (5_000, 500)
    layer_calls = calls // 2
    rows: list[Row] = []
    host = SimulatorHost(mode="inprocess", names=["procountor"]).start()
    handle = host.tenant("procountor")
    api = handle.api()
    invoice = sales_invoice(handle.state.today())
    created = api.post("/invoices", json=invoice)
    if created.status_code != 200:
        raise RuntimeError(f"create-invoice gave {created.status_code}: {created.text}")
    inv_id = created.json()["id"]

    def get() -> None:
        reply = api.get(f"/invoices/{inv_id}")
        if reply.status_code != 200:
            raise RuntimeError(f"get-invoice gave {reply.status_code}")

    def create() -> None:
        reply = api.post("/invoices", json=invoice)
        if reply.status_code != 200:
            raise RuntimeError(f"create-invoice gave {reply.status_code}: {reply.text}")

    # alternate blocks of the two, so a passing disturbance on a shared machine hits both alike
    blocks = 10
    get_samples: list[int] = []
    create_samples: list[int] = []
    _timed(get, 0, warm)
    _timed(create, 0, warm)
    for _ in range(blocks):
        get_samples += _timed(get, calls // blocks, 0)
        create_samples += _timed(create, calls // blocks, 0)
    rows += _rows("get-invoice (httpx client)", get_samples, goal=True)
    rows += _rows("create-invoice (httpx client)", create_samples, goal=True)

    # ---- the layers of get-invoice, fastest last
    token = api.headers["Authorization"].encode()
    auth = [(b"host", b"procountor.sim"), (b"authorization", token), (b"accept", b"*/*")]
    sim = handle.simulator
    loop = asyncio.new_event_loop()
    try:
        canned = httpx.Response(200, content=created.content, headers={"content-type": "application/json"})
        null = httpx.Client(transport=httpx.MockTransport(lambda request: canned), base_url=str(api.base_url),
                            headers=dict(api.headers))
        rows += _rows("  layer: httpx client, canned reply", _timed(lambda: null.get(f"/invoices/{inv_id}"),
                                                                     layer_calls, warm))
        rows += _rows("  layer: sim ASGI app (core + vendor)",
                      _timed_async(loop, _asgi_call(sim.asgi, "GET", f"/api/invoices/{inv_id}", auth),
                                   layer_calls, warm))
        vendor = sim.build_vendor_app()  # a second copy: the core keeps its own private
        rows += _rows("  layer: vendor app alone",
                      _timed_async(loop, _asgi_call(vendor, "GET", f"/invoices/{inv_id}", auth, root=False),
                                   layer_calls, warm))
        rows += _rows("  layer: bare FastAPI 1 KB endpoint",
                      _timed_async(loop, _asgi_call(bare_app(), "GET", BARE_PATH, auth, root=False),
                                   layer_calls, warm))
        rows += _rows("  layer: bare Starlette 1 KB endpoint",
                      _timed_async(loop, _asgi_call(starlette_app(), "GET", BARE_PATH, auth, root=False),
                                   layer_calls, warm))
        state = handle.state
        lock = handle.tenant.lock

        def domain_only() -> bytes:
            import orjson

            with lock:
                return orjson.dumps(batch_get(state.invoices, str(inv_id), domain.NOT_FOUND, domain.public))

        rows += _rows("  layer: domain + orjson only", _timed(domain_only, layer_calls, warm))
        rows += _routing_rows(loop, layer_calls, warm, _count_routes(vendor))
        p50 = {r.case.strip(): r.value for r in rows if r.metric == "p50"}
        rest = p50["get-invoice (httpx client)"] - p50["layer: httpx client, canned reply"] - p50[
            "layer: sim ASGI app (core + vendor)"]
        rows.append(Row(PART, "  derived: in-process transport", "p50", rest, "ms",
                        note="≈ full get - httpx alone - ASGI app: scope, a loop run per call, httpx.Response"))
        core = p50["layer: sim ASGI app (core + vendor)"] - p50["layer: vendor app alone"]
        rows.append(Row(PART, "  derived: core front (journal, faults)", "p50", core, "ms",
                        note="≈ sim ASGI app - vendor app alone"))
    finally:
        loop.close()
        host.stop()
    return rows



def _count_routes(app: Any) -> int:
    """Endpoints of an app, through FastAPI's included routers."""
    total = 0
    for route in getattr(app, "routes", []):
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        total += _count_routes(inner) if inner is not None and inner is not app else 1
    return total


def _routing_rows(loop: asyncio.AbstractEventLoop, calls: int, warm: int, vendor_routes: int) -> list[Row]:
    """Routing is a linear scan: the cost of an endpoint grows with the routes declared before it."""
    from fastapi import APIRouter, FastAPI
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def endpoint(request: Request) -> Response:
        return Response(b"{}", media_type="application/json")

    count = 80
    fast = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    for group in range(count // 10):
        router = APIRouter()
        for i in range(10):
            router.add_api_route(f"/r{group * 10 + i}/{{key}}", endpoint, methods=["GET"])
        fast.include_router(router)
    plain = Starlette(routes=[Route(f"/r{i}/{{key}}", endpoint) for i in range(count)])
    rows = []
    for name, app in (("FastAPI", fast), ("Starlette", plain)):
        for position in (0, count - 1):
            samples = _timed_async(loop, _asgi_call(app, "GET", f"/r{position}/1", [], root=False), calls, warm)
            s = summary_ms(samples)
            rows.append(Row(PART, f"  routing: {name}, route {position + 1} of {count}", "p50", s["p50"], "ms",
                            note=f"p99 {s['p99']:.3f} ms; the Procountor vendor app has {vendor_routes} routes"))
    return rows
