"""Run a WSGI app (spyne) as the vendor app of a simulator.

Simulator handlers never wait on I/O, so the WSGI call runs inline on the event loop: no thread hop, and
the same code path in-process and in server mode. The ASGI scope's `state` reaches the app as
`environ["visma_sim.state"]`.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from typing import Any

WSGIApp = Callable[..., Any]


def wsgi_environ(scope: dict, body: bytes) -> dict[str, Any]:
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope["path"],
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "visma_sim.state": scope.get("state", {}),
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif name != "CONTENT_LENGTH":
            key = f"HTTP_{name}"
            environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class WsgiAsAsgi:
    """`app` may be a WSGI app or, with `lazy=True`, a factory that builds it on first use (or `build()`)."""

    def __init__(self, app: WSGIApp | Callable[[], WSGIApp], lazy: bool = False) -> None:
        self._factory = app if lazy else None
        self._app = None if lazy else app
        self._lock = threading.Lock()

    @property
    def app(self) -> WSGIApp:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._factory()  # type: ignore[misc]
        return self._app

    def build(self) -> None:
        _ = self.app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        status_line = "500 Internal Server Error"
        headers: list[tuple[str, str]] = []

        def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            nonlocal status_line, headers
            status_line, headers = status, response_headers
            return lambda data: None

        chunks = self.app(wsgi_environ(scope, body), start_response)
        try:
            payload = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        await send({
            "type": "http.response.start",
            "status": int(status_line.split(" ", 1)[0]),
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        })
        await send({"type": "http.response.body", "body": payload})
