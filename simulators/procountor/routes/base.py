"""What every Procountor route needs: the caller's company, the JSON body, and a fast JSON answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from simulators.procountor.errors import UNAUTHORIZED, ProcountorError, bad_request

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant
    from simulators.procountor.state import ProcountorState


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def tenant(request: Request) -> Tenant:
    """The company of a valid bearer token, or 401 in the vendor's envelope."""
    sim = request.app.state.simulator
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        token = sim.tokens.valid(value.strip(), sim.tenant_now)
        if token is not None:
            return sim.tenants.get(token.tenant_id)
    raise ProcountorError(401, UNAUTHORIZED)


def company(request: Request) -> ProcountorState:
    return tenant(request).state


async def json_body(request: Request, required: bool = True) -> Any:
    """The parsed JSON body; a wrong content type is 415 and malformed JSON 400, both in the envelope."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise bad_request("Request body is missing.")
        return None
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype and ctype != "application/json" and not ctype.endswith("+json"):
        raise ProcountorError(415, f"Content type '{ctype}' not supported; use application/json.")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise bad_request(f"Malformed JSON: {exc.msg} at position {exc.pos}.") from None
