"""What every API route needs: the calling client and its company (token, scopes, rate limit), the
validated JSON body, and answers in the vendor's shapes (single objects and paginated lists).

    @router.get("/customers/{customer_id}")
    async def get_customer(customer_id: str, request: Request) -> JSON:
        call = caller(request)
        with call.lock:
            return reply("CustomerApi", customers.get(call.state, customer_id))
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from simulators.eekonomi import errors, schema
from simulators.eekonomi.errors import EEkonomiError, field_error

if TYPE_CHECKING:
    import threading

    from simulators.core.tenants import Tenant
    from simulators.eekonomi.state import EEkonomiState

API_SCOPE = "ea:api"
RATE_WINDOW_SECONDS = 60.0


class JSON(Response):
    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@dataclass(slots=True)
class Caller:
    tenant: Tenant
    client_id: str
    username: str
    scopes: frozenset[str]

    @property
    def state(self) -> EEkonomiState:
        return self.tenant.state

    @property
    def lock(self) -> threading.RLock:
        return self.tenant.lock


@cache
def required_scopes(method: str, template: str) -> tuple[str, ...]:
    """The vendor's "Requires any of the following scopes" for a route (schema.operation matches our lower-case
    templates to the vendor's); () for a route the vendor does not have."""
    op = schema.operation(method, template)
    return tuple(op["scopes"]) if op is not None else ()


def caller(request: Request) -> Caller:
    """The client and company behind a valid bearer token with a scope this endpoint accepts, within the rate
    limit; otherwise the vendor's 401 (4005), 403 (4006) or 429 (4010)."""
    sim = request.app.state.simulator
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    token = sim.tokens.valid(value.strip(), sim.tenant_now) if scheme.lower() == "bearer" and value else None
    if token is None or token.tenant_id not in sim.tenants:
        raise errors.unauthorized()
    scopes = frozenset(token.data.get("scopes", ()))
    template = getattr(request.scope.get("route"), "path", request.scope["path"])
    needed = required_scopes(request.method, template)
    if API_SCOPE not in scopes or (needed and scopes.isdisjoint(needed)):
        raise errors.missing_scope(list(needed) or [API_SCOPE])
    call = Caller(sim.tenants.get(token.tenant_id), token.data.get("client_id", ""), token.data.get("username", ""),
                  scopes)
    _count_call(call, f"{request.method} {template}")
    return call


def _count_call(call: Caller, endpoint: str) -> None:
    """600 calls a minute per client and endpoint, on the tenant clock (a sliding window); refused calls do not
    count, so "as soon as the number of requests is below the limit, the response will go back to normal"."""
    state = call.state
    limit = int(state.settings.get("rateLimitPerMinute", 600))
    now = call.tenant.clock.timestamp()
    with call.lock:
        window = state.rate_windows.get((call.client_id, endpoint))
        if window is None:
            window = state.rate_windows[(call.client_id, endpoint)] = deque()
        while window and window[0] <= now - RATE_WINDOW_SECONDS:
            window.popleft()
        if len(window) >= limit:
            raise errors.rate_limited(max(1, math.ceil(window[0] + RATE_WINDOW_SECONDS - now)))
        window.append(now)


async def body_of(request: Request, model: str) -> dict[str, Any]:
    """The request body validated against a vendor model (canonical names, read-only fields dropped)."""
    return schema.validate(model, await raw_json(request))


async def raw_json(request: Request, required: bool = True) -> Any:
    """The parsed JSON body: a wrong content type is 415, an empty or malformed body 400 (2000)."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise EEkonomiError(400, errors.VALIDATION, "A non-empty request body is required.",
                                [field_error("", "Required", "A non-empty request body is required.")])
        return None
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json" and not (ctype.startswith("application/") and ctype.endswith("+json")):
        raise EEkonomiError(415, errors.VALIDATION,
                            f"Unsupported content type '{ctype or '(none)'}'; send application/json.")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        message = f"The JSON value could not be converted: {exc.msg}. BytePositionInLine: {exc.pos}."
        raise EEkonomiError(400, errors.VALIDATION, message, [field_error("$", "InvalidJson", message)]) from None


def reply(model: str, record: dict[str, Any], status: int = 200) -> JSON:
    return JSON(schema.complete(model, record), status_code=status)


def created(model: str, record: dict[str, Any]) -> JSON:
    return reply(model, record, 201)


def deleted() -> Response:
    """DELETE answers 200 with no body, as the vendor's description says."""
    return Response(status_code=200)


def listing(request: Request, call: Caller, model: str, records: Iterable[dict[str, Any]],
            page: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None) -> JSON:
    """A paginated list: `$filter`, `$orderby`, `$skip`/`$top`, `$page`/`$pagesize`, Meta with ServerTimeUtc.

    Only the returned page is turned into response bodies: by `schema.complete`, or by `page` when the bodies
    need work best done for the page at once (a customer's unpaid amount scans the invoices)."""
    from simulators.eekonomi.listing import page_of

    state = call.state
    body = page_of(list(records), request.query_params, state.now_utc_text(), known=_known(model),
                   max_page_size=int(state.settings.get("maxPageSize", 1000)),
                   transform=None if page else _completer(model), entity=model)
    if page is not None:
        body["Data"] = page(body["Data"])
    return JSON(body)


@cache
def _known(model: str) -> Any:
    """One name resolver per model, so the compiled-filter cache (keyed by it) hits on repeated filters."""
    from simulators.eekonomi.odata import known_from_example

    return known_from_example(schema.complete(model, {}))


@cache
def _completer(model: str) -> Any:
    return lambda record: schema.complete(model, record)


def query_flag(request: Request, name: str, default: bool) -> bool:
    """A boolean query option (`useDefaultVoucherSeries=false`), named case-insensitively; junk is a 400."""
    for key, value in request.query_params.items():
        if key.lower() == name.lower():
            text = value.strip().lower()
            if text in ("true", "false"):
                return text == "true"
            raise errors.bad_request(f"The value '{value}' is not valid for {name}.", field=name)
    return default
