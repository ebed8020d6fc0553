"""Vendor routes declared in FastAPI's decorator style, served by Starlette's router.

The vendor apps use none of FastAPI's per-request machinery (their handlers take the raw Request and parse
bodies themselves, because the vendor's own error envelope and codes must come out, and the vendor's
description is the contract, not a generated OpenAPI). FastAPI's router costs about 1.4 µs per route it
tries on every request; Starlette's about 0.4 µs, and dispatching on the first path segment means a call
only tries the routes of its own resource. The control plane stays on FastAPI for its OpenAPI document.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, Router

Handler = Callable[..., Awaitable[Response]]


class VendorRouter:
    """`@router.get("/invoices/{invoice_id}")` on `async def handler(invoice_id: str, request: Request)`."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def api_route(self, path: str, methods: list[str]) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            params = inspect.signature(handler).parameters
            wants_request = "request" in params
            path_names = [n for n in params if n != "request"]

            async def endpoint(request: Request) -> Response:
                kwargs = {n: request.path_params[n] for n in path_names if n in request.path_params}
                if wants_request:
                    kwargs["request"] = request
                return await handler(**kwargs)

            endpoint.__name__ = handler.__name__
            self.routes.append(Route(path, endpoint, methods=methods, name=handler.__name__))
            return handler

        return register

    def get(self, path: str) -> Callable[[Handler], Handler]:
        return self.api_route(path, ["GET"])

    def post(self, path: str) -> Callable[[Handler], Handler]:
        return self.api_route(path, ["POST"])

    def put(self, path: str) -> Callable[[Handler], Handler]:
        return self.api_route(path, ["PUT"])

    def patch(self, path: str) -> Callable[[Handler], Handler]:
        return self.api_route(path, ["PATCH"])

    def delete(self, path: str) -> Callable[[Handler], Handler]:
        return self.api_route(path, ["DELETE"])


class SegmentRouter(Router):
    """A Starlette router that first picks the routes of the request's first path segment."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        super().__init__(routes=routes)
        groups: dict[str, list[BaseRoute]] = {}
        for route in routes:
            segment = getattr(route, "path", "/").split("/", 2)[1]
            groups.setdefault(segment, []).append(route)
        self._by_segment = {seg: Router(routes=group) for seg, group in groups.items()}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            segment = scope["path"].split("/", 2)[1] if scope["path"].count("/") else ""
            group = self._by_segment.get(segment)
            if group is not None:
                scope.setdefault("router", self)
                await group(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def allowed_methods(app: Starlette, path: str) -> set[str]:
    """Every method some route serves on this path (RFC 9110: a 405's Allow lists them all). Starlette names
    only the methods of the first route whose path matched (GET /invoices/{ids} and PUT /invoices/{id} are
    two routes)."""
    methods: set[str] = set()
    for route in app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and route.methods and regex.match(path):
            methods |= route.methods
    return methods


def vendor_app(routers: list[VendorRouter], exception_handlers: dict[Any, Callable[..., Any]]) -> Starlette:
    app = Starlette(exception_handlers=exception_handlers)
    app.router = SegmentRouter([route for router in routers for route in router.routes])
    return app
