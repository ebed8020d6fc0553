"""pytest fixtures: a session-wide simulator host and a fresh tenant per test.

    def test_create_invoice(procountor):
        api = procountor.api()
        assert api.post("/invoices", json=...).status_code == 200
        procountor.verify(method="POST", path="/invoices", count=1)

`--sim-mode=server` (or VISMA_SIM_MODE=server) runs the same tests against real loopback servers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from simulators.testing import (
    MODES,
    AdkHandle,
    EEkonomiHandle,
    ProcountorHandle,
    SeveraHandle,
    SimulatorHost,
    TenantHandle,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("visma-sim")
    group.addoption("--sim-mode", choices=MODES, default=os.environ.get("VISMA_SIM_MODE", "inprocess"),
                    help="run simulators in-process (default) or as loopback servers")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "server_only: needs real sockets; skipped in in-process mode")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--sim-mode") == "server":
        return
    skip = pytest.mark.skip(reason="needs --sim-mode=server")
    for item in items:
        if "server_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sim_mode(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--sim-mode")


@pytest.fixture(scope="session")
def sim_host(sim_mode: str) -> Iterator[SimulatorHost]:
    host = SimulatorHost(mode=sim_mode).start()
    yield host
    host.stop()


@pytest.fixture(scope="session")
def sim_server_host() -> Iterator[SimulatorHost]:
    """Always a real server, for clients that must use sockets (third-party libraries, other processes)."""
    host = SimulatorHost(mode="server").start()
    yield host
    host.stop()


def _tenant(host: SimulatorHost, name: str, demo: bool = False) -> Iterator[TenantHandle]:
    handle = host.tenant(name, demo=demo)
    yield handle
    handle.close()


@pytest.fixture
def procountor(sim_host: SimulatorHost) -> Iterator[ProcountorHandle]:
    """A fresh Procountor company (default dataset) on the session's simulator."""
    yield from _tenant(sim_host, "procountor")  # type: ignore[misc]


@pytest.fixture
def procountor_demo(sim_host: SimulatorHost) -> Iterator[ProcountorHandle]:
    """A fresh Procountor company holding the demo dataset."""
    yield from _tenant(sim_host, "procountor", demo=True)  # type: ignore[misc]


@pytest.fixture
def severa(sim_host: SimulatorHost) -> Iterator[SeveraHandle]:
    """A fresh Severa organization (default dataset) on the session's simulator."""
    yield from _tenant(sim_host, "severa")  # type: ignore[misc]


@pytest.fixture
def severa_demo(sim_host: SimulatorHost) -> Iterator[SeveraHandle]:
    """A fresh Severa organization holding the demo dataset."""
    yield from _tenant(sim_host, "severa", demo=True)  # type: ignore[misc]


@pytest.fixture
def eekonomi(sim_host: SimulatorHost) -> Iterator[EEkonomiHandle]:
    """A fresh eEkonomi company (a new Swedish company's registers) with its own client and user."""
    yield from _tenant(sim_host, "eekonomi")  # type: ignore[misc]


@pytest.fixture
def eekonomi_demo(sim_host: SimulatorHost) -> Iterator[EEkonomiHandle]:
    """A fresh eEkonomi company holding the demo dataset."""
    yield from _tenant(sim_host, "eekonomi", demo=True)  # type: ignore[misc]


@pytest.fixture
def adk(sim_host: SimulatorHost) -> Iterator[AdkHandle]:
    """A fresh Visma Administration company folder (a new Swedish company's registers); `adk.open()` gives the
    fake ADK with it open, `adk.dll()` the C-style surface."""
    yield from _tenant(sim_host, "adk")  # type: ignore[misc]


@pytest.fixture
def adk_demo(sim_host: SimulatorHost) -> Iterator[AdkHandle]:
    """A fresh company folder holding the demo company, Demo AB."""
    yield from _tenant(sim_host, "adk", demo=True)  # type: ignore[misc]
