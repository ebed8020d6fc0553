"""The servers under load, each run in a process of its own (never in the load generator's process).

    python -m bench.target sim  --stack httptools --port 8123   # the Procountor simulator on SimServer
    python -m bench.target bare --stack h11 --port 8124         # a bare FastAPI endpoint, same server code

`httptools` is SimServer's fast stack (uvicorn + httptools + uvloop), `h11` its fallback (uvicorn + h11 +
asyncio). Both go through SimServer itself, so the bare endpoint is served with exactly the simulator's
uvicorn settings. granian serves the factories below: `granian --interface asgi --factory
bench.target:bare_app` (or `sim_app`).
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace
from typing import Any

BARE_PATH = "/bare"


def bare_app() -> Any:
    """A FastAPI app with one endpoint returning a constant ~1 KB JSON document (orjson, as the simulator)."""
    import orjson
    from fastapi import FastAPI
    from starlette.responses import Response

    from bench.common import bare_document

    class JSON(Response):
        media_type = "application/json"

        def render(self, content: Any) -> bytes:
            return orjson.dumps(content)

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    doc = bare_document()

    @app.get(BARE_PATH)
    async def bare() -> JSON:
        return JSON(doc)

    return app


def starlette_app() -> Any:
    """The same endpoint on plain Starlette (no FastAPI dependency solving): the floor of a Python ASGI app."""
    import orjson
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    from bench.common import bare_document

    body = bare_document()

    async def bare(request: Any) -> Response:
        return Response(orjson.dumps(body), media_type="application/json")

    return Starlette(routes=[Route(BARE_PATH, bare)])


def sim_app() -> Any:
    """The complete Procountor simulator app (vendor API and control plane), with no tenants yet."""
    from simulators.registry import create

    return create("procountor").asgi


def serve(kind: str, stack: str, port: int) -> None:
    from bench.common import hold_until_signal
    from simulators.core.server import Listener, SimServer, tune_gc

    app = sim_app() if kind == "sim" else bare_app()
    # SimServer needs only the app a listener serves
    listener = Listener(SimpleNamespace(listener_app=lambda role=None: app), port)  # type: ignore[arg-type]
    server = SimServer([listener], fast=stack == "httptools")
    if stack == "httptools" and not server.fast:
        raise SystemExit("uvloop/httptools are not installed")
    server.start()
    tune_gc()  # as `visma-sim serve` does
    hold_until_signal(server)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.target")
    parser.add_argument("kind", choices=("sim", "bare"))
    parser.add_argument("--stack", choices=("httptools", "h11"), default="httptools")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    serve(args.kind, args.stack, args.port)


if __name__ == "__main__":
    main()
