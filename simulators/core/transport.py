"""In-process transports: httpx talks to a simulator app with no sockets.

The sync transport drives the ASGI app on a private event loop per thread (no thread hop per call), which
keeps an in-process call in the tens of microseconds. Faults that drop or time out a call surface as the
httpx exceptions a real network would give.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

from simulators.core.asgi import INPROCESS
from simulators.core.errors import ConnectionDropped, SimulatedTimeout


async def _call(app: Any, request: httpx.Request, body: bytes) -> httpx.Response:
    url = request.url
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme or "http",
        "path": url.path,
        "raw_path": url.raw_path.split(b"?", 1)[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [(k.lower(), v) for k, v in request.headers.raw],
        "server": (url.host or "testserver", url.port or 80),
        "client": ("127.0.0.1", 50000),
        "extensions": {INPROCESS: True},
        "state": {},
    }
    delivered = False

    async def receive() -> dict:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send(message: dict) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    try:
        await app(scope, receive, send)
    except ConnectionDropped:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request) from None
    except SimulatedTimeout:
        raise httpx.ReadTimeout("The read operation timed out (simulated)", request=request) from None
    return httpx.Response(status, headers=headers, content=b"".join(chunks), request=request)


class InProcessTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Use with httpx.Client(transport=...) or httpx.AsyncClient(transport=...)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._local = threading.local()

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = asyncio.new_event_loop()
            self._local.loop = loop
        return loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        return self._loop().run_until_complete(_call(self.app, request, body))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        return await _call(self.app, request, body)

    def close(self) -> None:
        loop = getattr(self._local, "loop", None)
        if loop is not None and not loop.is_closed():
            loop.close()


def client_for(app: Any, base_url: str = "http://testserver", **kwargs: Any) -> httpx.Client:
    return httpx.Client(transport=InProcessTransport(app), base_url=base_url, **kwargs)


def async_client_for(app: Any, base_url: str = "http://testserver", **kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=InProcessTransport(app), base_url=base_url, **kwargs)
