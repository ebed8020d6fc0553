"""The Procountor vendor app: routes, and every error turned into the vendor's envelope."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from simulators.core.routing import allowed_methods, vendor_app
from simulators.procountor.errors import ProcountorError, envelope
from simulators.procountor.routes import attachments, auth, company, dimensions, invoices, partners, persons, products

if TYPE_CHECKING:
    from simulators.procountor.simulator import ProcountorSimulator

log = logging.getLogger("visma_sim.procountor")

ROUTERS = [auth.router, invoices.router, partners.router, products.router, dimensions.router, persons.router,
           company.router, attachments.router]

_HTTP_MESSAGES = {404: "Not found", 405: "Method not allowed"}


def _reply(status: int, body: bytes, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def build(sim: ProcountorSimulator) -> Starlette:
    async def vendor_error(_: Request, exc: ProcountorError) -> Response:
        return _reply(exc.status, exc.body())

    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the methods of the first route whose path matched (GET /invoices/{ids} and
            # PUT /invoices/{id} are two routes); a 405 that a route raised itself keeps the Allow it chose
            allowed = allowed_methods(app, request.scope["path"])
            if allowed and request.method not in allowed:
                headers["Allow"] = ", ".join(sorted(allowed))
        return _reply(exc.status_code, envelope(exc.status_code, message), headers)

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return _reply(500, envelope(500, "Internal server error"))

    app = vendor_app(ROUTERS, {ProcountorError: vendor_error, HTTPException: http_error, Exception: crash})
    app.state.simulator = sim
    return app
