"""Server mode: every simulator on its own loopback port, all in one process, on one event loop thread.

The servers run on a background thread so that tests in the same process reach the very same state, and so
that `visma-sim serve` handles Ctrl-C / SIGTERM itself, once, for all of them.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from dataclasses import dataclass
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from simulators.core.asgi import TRANSPORT
from simulators.core.simulator import Simulator

try:  # the fast stack: uvloop + httptools; h11 and asyncio where they are missing
    import uvloop
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _FastProtocol
except ImportError:  # pragma: no cover - platform without uvloop/httptools
    uvloop = None
    _FastProtocol = H11Protocol

log = logging.getLogger("visma_sim")


class SimHttpProtocol(_FastProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's protocol, plus the socket transport in the scope so a fault can really drop the connection."""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT: self.transport}


class SimH11Protocol(H11Protocol):
    def handle_events(self) -> None:  # h11 builds its scope inside; add the transport to each new one
        super().handle_events()
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope.setdefault("extensions", {})[TRANSPORT] = self.transport


def tune_gc() -> None:
    """Collect less often, and never rescan what start-up created.

    A simulator holds thousands of long-lived records (a 20,000-invoice tenant is a million objects), so with
    the default thresholds full collections run often and each pauses every connection for tens of ms.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@dataclass
class Listener:
    simulator: Simulator
    port: int
    role: str | None = None  # None: the simulator's main port; else one of its extra_ports
    server: uvicorn.Server | None = None

    @property
    def bound_port(self) -> int:
        assert self.server is not None and self.server.servers, "server not started"
        return self.server.servers[0].sockets[0].getsockname()[1]


class SimServer:
    """Start with `start()` (returns once every port accepts connections), stop with `stop()`."""

    def __init__(self, listeners: list[Listener], host: str = "127.0.0.1", fast: bool = True) -> None:
        self.listeners = listeners
        self.host = host
        self.fast = fast and uvloop is not None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def base_url(self, listener: Listener) -> str:
        return f"http://{self.host}:{listener.bound_port}"

    def _config(self, listener: Listener) -> uvicorn.Config:
        return uvicorn.Config(
            listener.simulator.listener_app(listener.role),
            host=self.host,
            port=listener.port,
            http=SimHttpProtocol if self.fast else SimH11Protocol,
            loop="none",
            lifespan="off",
            log_level="warning",
            access_log=False,
            server_header=False,
            date_header=True,
            timeout_keep_alive=30,
        )

    async def _main(self) -> None:
        for listener in self.listeners:
            listener.server = uvicorn.Server(self._config(listener))
        tasks = [asyncio.ensure_future(lst.server.serve()) for lst in self.listeners]  # type: ignore[union-attr]
        while not all(lst.server.started for lst in self.listeners):  # type: ignore[union-attr]
            done = [t for t in tasks if t.done()]
            if done:
                for t in done:
                    if t.exception():
                        raise t.exception()  # type: ignore[misc]
                raise RuntimeError("a simulator server stopped during start-up (is its port in use?)")
            await asyncio.sleep(0.002)
        self._ready.set()
        await asyncio.gather(*tasks)

    def _run(self) -> None:
        loop = uvloop.new_event_loop() if self.fast else asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # reported to the starting thread
            self._error = exc
        finally:
            self._ready.set()
            loop.close()

    def start(self, timeout: float = 10.0) -> SimServer:
        self._thread = threading.Thread(target=self._run, name="visma-sim-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("simulator servers did not start in time")
        if self._error is not None:
            raise RuntimeError(f"could not start the simulator servers: {self._error}") from self._error
        return self

    def stop(self, timeout: float = 5.0) -> None:
        for lst in self.listeners:
            if lst.server is not None:
                lst.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
