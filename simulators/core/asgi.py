"""The core's ASGI layer: one app per simulator that routes /_sim to the control plane and every vendor
call through journal, faults and body limits before the vendor app sees it.

It is plain ASGI (no BaseHTTPMiddleware) because it sits on every request's hot path.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from simulators.core.errors import ConnectionDropped, SimulatedTimeout
from simulators.core.faults import Action, FailWith, FaultRule
from simulators.core.simulator import ErrorReply, RequestInfo

if TYPE_CHECKING:
    from simulators.core.simulator import Simulator
    from simulators.core.tenants import Tenant

log = logging.getLogger("visma_sim")

INPROCESS = "visma_sim.inprocess"  # scope extension set by the in-process transport
TRANSPORT = "visma_sim.transport"  # scope extension set by our uvicorn protocol: the socket transport
JOURNAL_HEADERS = ("content-type", "content-length", "accept", "soapaction", "user-agent", "identifier", "name")


class _Captured:
    __slots__ = ("body", "headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()


def build_app(sim: Simulator) -> Any:
    vendor = sim.build_vendor_app()
    front = VendorFront(sim, vendor)
    control = LazyControl(sim)
    app_warm_up = control.build

    async def app(scope: dict, receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind == "http":
            if scope["path"].startswith("/_sim"):
                await control(scope, receive, send)
            else:
                await front(scope, receive, send)
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        else:  # websockets are not part of any vendor API here
            await send({"type": "websocket.close", "code": 1000})

    app.simulator = sim  # type: ignore[attr-defined]
    app.warm_up = app_warm_up  # type: ignore[attr-defined]
    app.vendor = vendor  # type: ignore[attr-defined]
    return app


class LazyControl:
    """The control plane app, built on first use: FastAPI and its OpenAPI models take a quarter of a second to
    import, which `serve` should not wait for before it opens its ports (it warms this up right after)."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self._app: Any = None
        self._lock = threading.Lock()

    def build(self) -> Any:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    from simulators.core.control import build_control_app

                    self._app = build_control_app(self.sim)
        return self._app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        await (self._app or self.build())(scope, receive, send)


async def send_reply(send: Any, reply: ErrorReply) -> None:
    headers = [(b"content-type", reply.content_type.encode()), (b"content-length", str(len(reply.body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in reply.headers]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


class VendorFront:
    """Journal, faults and limits around the vendor app."""

    def __init__(self, sim: Simulator, vendor: Any) -> None:
        self.sim = sim
        self.vendor = vendor
        self._routes: list[Any] | None = None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        sim = self.sim
        started = time.perf_counter()
        raw_path: str = scope["path"]
        method: str = scope["method"]
        query = scope.get("query_string", b"").decode("latin-1")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        split = sim.split_path(raw_path)
        body = b""
        reply: ErrorReply | None = None
        if split is None:
            reply = sim.error_reply(404, "Not found")
            split = ("", raw_path)
        else:
            body, too_big = await _read_body(receive, headers, sim.max_body_bytes)
            if too_big:
                reply = sim.error_reply(413, f"Request body larger than {sim.max_body_bytes} bytes")
        request = RequestInfo(method, raw_path, split[0], split[1], query, headers, body)
        tenant = sim.identify(request) if reply is None else None

        rule: FaultRule | None = None
        operation = sim.operation_of(request) if reply is None else None
        if reply is None and tenant is not None and tenant.faults:
            if operation is None and tenant.faults.needs_operation:
                operation = self._route_template(scope, request)
            latency, rule = tenant.faults.evaluate(method, request.resource, raw_path, operation)
            if latency:
                await asyncio.sleep(latency / 1000)
            if rule is not None:
                reply = await self._before(rule, tenant, scope)
                if reply is None and rule.spec.action in (Action.DROP, Action.TIMEOUT):
                    self._record(tenant, request, operation, 0, b"", started, rule, _outcome(rule))
                    await self._vanish(rule, scope)
                    return

        captured = _Captured()
        if reply is None:
            captured = await self._call_vendor(scope, receive, request, tenant)
            if operation is None and "route" in scope:
                operation = f"{method} {getattr(scope['route'], 'path', '')}"
            if rule is not None and rule.spec.action is Action.COMMIT_THEN_FAIL:
                if rule.spec.fail_with is not FailWith.STATUS:
                    self._record(tenant, request, operation, captured.status, bytes(captured.body), started,
                                 rule, _outcome(rule))
                    await self._vanish(rule, scope)
                    return
                reply = sim.error_reply(rule.spec.status or 500, rule.spec.message)
                reply = _with_body_override(rule, reply)
        if reply is not None:
            self._record(tenant, request, operation, reply.status, reply.body, started, rule, "responded")
            await send_reply(send, reply)
            return
        self._record(tenant, request, operation, captured.status, bytes(captured.body), started, rule, "responded")
        await send({"type": "http.response.start", "status": captured.status, "headers": captured.headers})
        await send({"type": "http.response.body", "body": bytes(captured.body)})

    async def _before(self, rule: FaultRule, tenant: Tenant, scope: dict) -> ErrorReply | None:
        """The reply a fault gives instead of calling the vendor app, or None to go on."""
        spec = rule.spec
        action = spec.action
        if action is Action.STATUS:
            return _with_body_override(rule, self.sim.error_reply(spec.status or 500, spec.message))
        if action is Action.RATE_LIMIT:
            reply = _with_body_override(rule, self.sim.error_reply(429, spec.message))
            reply.headers = (*reply.headers, ("retry-after", str(spec.retry_after)))
            return reply
        if action is Action.TOKEN_EXPIRY:
            self.sim.expire_tokens(tenant)
        return None

    async def _vanish(self, rule: FaultRule, scope: dict) -> None:
        """Leave the caller without an answer: a dropped connection or a time-out."""
        extensions = scope.get("extensions") or {}
        timed_out = _outcome(rule) == "timed_out"
        if INPROCESS in extensions:
            raise SimulatedTimeout() if timed_out else ConnectionDropped()
        if timed_out:
            await asyncio.sleep(rule.spec.timeout_seconds)
        transport = extensions.get(TRANSPORT)
        if transport is None:
            raise ConnectionDropped("fault: dropped connection")
        transport.abort()
        # let the server notice the lost connection before this call returns, so it sends nothing more
        for _ in range(3):
            await asyncio.sleep(0)

    async def _call_vendor(self, scope: dict, receive: Any, request: RequestInfo, tenant: Tenant | None) -> _Captured:
        captured = _Captured()
        delivered = False

        async def replay() -> dict:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": request.body, "more_body": False}
            return await receive()

        async def capture(message: dict) -> None:
            if message["type"] == "http.response.start":
                captured.status = message["status"]
                captured.headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured.body += message.get("body", b"")

        state = scope.setdefault("state", {})
        state["tenant"] = tenant
        state["request_info"] = request
        scope["path"] = request.resource
        scope["root_path"] = scope.get("root_path", "") + request.prefix
        try:
            await self.vendor(scope, replay, capture)
        except Exception:
            if captured.status < 500 or not captured.body:
                log.exception("unhandled error in %s %s", request.method, request.raw_path)
                reply = self.sim.error_reply(500, "Internal server error")
                captured.status = reply.status
                captured.headers = [(b"content-type", reply.content_type.encode())]
                captured.body = bytearray(reply.body)
        finally:
            scope["path"] = request.raw_path
        _fix_length(captured)
        return captured

    def _route_template(self, scope: dict, request: RequestInfo) -> str | None:
        from starlette.routing import Match

        probe = {**scope, "path": request.resource}
        if self._routes is None:
            self._routes = list(_flat_routes(getattr(self.vendor, "routes", [])))
        for route in self._routes:
            match, _ = route.matches(probe)
            if match is Match.FULL:
                return f"{request.method} {route.path}"
        return None

    def _record(self, tenant: Tenant | None, request: RequestInfo, operation: str | None, status: int,
                response_body: bytes, started: float, rule: FaultRule | None, outcome: str) -> None:
        journal = tenant.journal if tenant is not None else self.sim.unattributed
        at = tenant.clock.now() if tenant is not None else _utcnow()
        journal.record(
            at=at,
            method=request.method,
            path=request.raw_path,
            resource=request.resource,
            query=request.query,
            operation=operation,
            status=status,
            request_headers={k: request.headers[k] for k in JOURNAL_HEADERS if k in request.headers},
            request_body=request.body,
            response_body=response_body,
            duration_ms=(time.perf_counter() - started) * 1000,
            fault=f"{rule.id}:{rule.spec.action.value}" if rule is not None else None,
            outcome=outcome,
        )


def _flat_routes(routes: list[Any]) -> Any:
    """Leaf routes of an app, looking through routers included into it (FastAPI wraps those)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _flat_routes(inner.routes)
        elif hasattr(route, "path"):
            yield route


def _outcome(rule: FaultRule) -> str:
    spec = rule.spec
    if spec.action is Action.TIMEOUT or (spec.action is Action.COMMIT_THEN_FAIL and spec.fail_with is FailWith.TIMEOUT):
        return "timed_out"
    return "dropped"


def _with_body_override(rule: FaultRule, reply: ErrorReply) -> ErrorReply:
    body = rule.spec.body
    if body is None:
        return reply
    import orjson

    raw = body.encode() if isinstance(body, str) else orjson.dumps(body)
    return ErrorReply(reply.status, raw, reply.content_type, reply.headers)


def _fix_length(captured: _Captured) -> None:
    """The vendor app's content-length stays right; only re-state it when it is missing."""
    if not any(k.lower() == b"content-length" for k, _ in captured.headers):
        captured.headers.append((b"content-length", str(len(captured.body)).encode()))


def _utcnow() -> Any:
    from simulators.core.clock import utcnow

    return utcnow()


async def _read_body(receive: Any, headers: dict[str, str], limit: int) -> tuple[bytes, bool]:
    """Read the whole request body; (body, True) once it passes the limit (the rest is drained)."""
    declared = headers.get("content-length")
    too_big = bool(declared and declared.isdigit() and int(declared) > limit)
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            too_big = True
        if not too_big:
            chunks.append(chunk)
    if too_big:
        return b"", True
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), False
