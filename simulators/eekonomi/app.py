"""The eEkonomi vendor app: API and identity routes, and every API error in the vendor's body."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from simulators.core.routing import VendorRouter, allowed_methods, vendor_app
from simulators.eekonomi import errors
from simulators.eekonomi.errors import EEkonomiError

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from simulators.eekonomi.simulator import EEkonomiSimulator

log = logging.getLogger("visma_sim.eekonomi")

# modules with a `router`: the identity server, then the API resources
ROUTE_MODULES = ("identity", "routes.customers", "routes.articles", "routes.reference", "routes.invoices",
                 "routes.vouchers", "routes.accounts")


def routers() -> list[VendorRouter]:
    return [importlib.import_module(f"simulators.eekonomi.{name}").router for name in ROUTE_MODULES]


def error_response(exc: EEkonomiError) -> Response:
    return Response(exc.body(), status_code=exc.status, media_type="application/json; charset=utf-8",
                    headers=exc.headers or None)


def build(sim: EEkonomiSimulator) -> Starlette:
    async def vendor_error(_: Request, exc: EEkonomiError) -> Response:
        return error_response(exc)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        path = request.scope["path"]
        if path.startswith("/connect/") or path.startswith("/account/") or path.startswith("/.well-known/"):
            return PlainTextResponse(str(exc.detail), status_code=exc.status_code, headers=exc.headers)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allowed = allowed_methods(app, path)
            if allowed and request.method not in allowed:
                headers["Allow"] = ", ".join(sorted(allowed))
            reply = EEkonomiError(405, errors.VALIDATION, "The requested resource does not support http method "
                                  f"'{request.method}'.", headers=headers)
        elif exc.status_code == 404:
            info = request.scope.get("state", {}).get("request_info")
            uri = f"{request.url.scheme}://{request.url.netloc}{info.raw_path if info else path}"
            reply = EEkonomiError(404, errors.NOT_FOUND,
                                  f"No HTTP resource was found that matches the request URI '{uri}'.", headers=headers)
        else:
            reply = EEkonomiError(exc.status_code, errors.VALIDATION, str(exc.detail), headers=headers)
        return error_response(reply)

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return error_response(EEkonomiError(500, 5000, "An error has occurred."))

    app = vendor_app(routers(), {EEkonomiError: vendor_error, HTTPException: http_error, Exception: crash})
    app.state.simulator = sim
    return app
