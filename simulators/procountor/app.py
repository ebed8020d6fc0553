"""The Procountor vendor app: routes, and every error turned into the vendor's envelope."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

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


def allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method some route serves on this path (RFC 9110: a 405's Allow lists them all)."""
    methods: set[str] = set()
    for route in iter_route_contexts(app.router.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and route.methods and regex.match(path):
            methods |= route.methods
    return methods


def build(sim: ProcountorSimulator) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.state.simulator = sim
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(ProcountorError)
    async def _vendor(_: Request, exc: ProcountorError) -> Response:
        return _reply(exc.status, exc.body())

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the methods of the first route whose path matched (GET /invoices/{ids} and
            # PUT /invoices/{id} are two routes); a 405 that a route raised itself keeps the Allow it chose
            allowed = allowed_methods(app, request.scope["path"])
            if allowed and request.method not in allowed:
                headers["Allow"] = ", ".join(sorted(allowed))
        return _reply(exc.status_code, envelope(exc.status_code, message), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first["loc"][1:]) or None
        return _reply(400, envelope(400, f"Value of the '{field}' field is invalid", field))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return _reply(500, envelope(500, "Internal server error"))

    return app
