"""Python handles for tests: a simulator host (in-process or server) and per-test tenant handles.

The pytest plugin builds on these, and they work outside pytest too:

    host = SimulatorHost(mode="server").start()
    t = host.tenant("procountor")
    api = t.api()                   # httpx client with a valid bearer token, base URL .../api
    api.get("/invoices").json()
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from simulators.core.faults import FaultRule, FaultSpec
from simulators.core.journal import Entry, JournalFilter, verify
from simulators.core.server import Listener, SimServer
from simulators.core.simulator import Simulator
from simulators.core.tenants import Tenant
from simulators.core.transport import InProcessTransport
from simulators.registry import create, simulator_classes

MODES = ("inprocess", "server")


def wait_for_urls_file(path: Path, proc: subprocess.Popen | None = None, timeout: float = 15.0) -> dict[str, Any]:
    """The entries `visma-sim serve --urls-file PATH` writes once its ports are open (for scripts and tests that
    start serve as a process); an error with serve's stderr when it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"serve exited early: {proc.stderr.read() if proc.stderr else ''}")
        if path.exists() and path.stat().st_size:
            return json.loads(path.read_text())
        time.sleep(0.02)
    raise TimeoutError(f"serve did not write its URLs file {path} in {timeout} s")


class SimulatorHost:
    """All simulators of a session, reachable in-process or on loopback ports (one state either way)."""

    def __init__(self, mode: str = "inprocess", names: list[str] | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self.simulators: dict[str, Simulator] = {n: create(n) for n in (names or simulator_classes())}
        self.server: SimServer | None = None
        self._listeners: dict[tuple[str, str | None], Listener] = {}

    def start(self) -> SimulatorHost:
        if self.mode == "server" and self.server is None:
            self._listeners = {(n, role): Listener(s, 0, role)
                               for n, s in self.simulators.items() for role in [None, *s.extra_ports]}
            self.server = SimServer(list(self._listeners.values())).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def root_url(self, name: str, role: str | None = None) -> str:
        """The base URL of a simulator's main port, or of one of its extra ports (eEkonomi's "identity")."""
        if self.mode == "server":
            assert self.server is not None, "call start() first"
            return self.server.base_url(self._listeners[name, role])
        return f"http://{name}{'-' + role if role else ''}.sim"

    def http(self, name: str, role: str | None = None, **kwargs: Any) -> httpx.Client:
        """A client for a simulator's root URL (vendor paths and /_sim), or for one of its extra ports."""
        kwargs.setdefault("timeout", 10.0)
        if self.mode == "server":
            return httpx.Client(base_url=self.root_url(name, role), **kwargs)
        app = self.simulators[name].listener_app(role)
        return httpx.Client(transport=InProcessTransport(app), base_url=self.root_url(name, role), **kwargs)

    def tenant(self, name: str, dataset: dict[str, Any] | None = None, demo: bool = False,
               label: str | None = None) -> TenantHandle:
        sim = self.simulators[name]
        tenant = sim.create_tenant(dataset=sim.demo_dataset() if demo else dataset, label=label)
        handle_class = HANDLES.get(name, TenantHandle)
        return handle_class(self, sim, tenant)

    def __enter__(self) -> SimulatorHost:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class TenantHandle:
    """One tenant of one simulator: HTTP clients for it, and its control plane as Python calls."""

    def __init__(self, host: SimulatorHost, simulator: Simulator, tenant: Tenant) -> None:
        self.host = host
        self.simulator = simulator
        self.tenant = tenant
        self._clients: list[httpx.Client] = []

    # ---------------------------------------------------------------- identity and URLs
    @property
    def id(self) -> str:
        return self.tenant.id

    @property
    def credentials(self) -> dict[str, str]:
        return self.tenant.credentials

    @property
    def root_url(self) -> str:
        return self.host.root_url(self.simulator.name)

    @property
    def url(self) -> str:
        """The vendor base URL to give a client under test."""
        return self.root_url + self.simulator.base_path

    @property
    def state(self) -> Any:
        return self.tenant.state

    @property
    def clock(self) -> Any:
        return self.tenant.clock

    def http(self, role: str | None = None, **kwargs: Any) -> httpx.Client:
        client = self.host.http(self.simulator.name, role, **kwargs)
        self._clients.append(client)
        return client

    # ---------------------------------------------------------------- control plane
    def seed(self, dataset: dict[str, Any]) -> dict[str, Any]:
        return self.simulator.seed(self.tenant, dataset)

    def export(self) -> dict[str, Any]:
        return self.simulator.export(self.tenant)

    def reset(self) -> float:
        return self.simulator.reset(self.tenant)

    def journal(self, **criteria: Any) -> list[Entry]:
        limit = criteria.pop("limit", None)
        return self.tenant.journal.entries(JournalFilter(**criteria), limit)

    def verify(self, count: int | None = None, at_least: int | None = None, at_most: int | None = None,
               **criteria: Any) -> dict[str, Any]:
        return verify(self.tenant.journal, JournalFilter(**criteria), count, at_least, at_most)

    def add_fault(self, spec: FaultSpec | dict[str, Any] | None = None, **fields: Any) -> FaultRule:
        return self.tenant.faults.add(spec if spec is not None else fields)

    def clear_faults(self) -> None:
        self.tenant.faults.clear()

    def close(self) -> None:
        for client in self._clients:
            client.close()
        if self.tenant.id in self.simulator.tenants:
            self.simulator.delete_tenant(self.tenant.id)


class ProcountorHandle(TenantHandle):
    def token(self) -> str:
        with self.http() as client:
            reply = client.post(f"{self.simulator.base_path}/oauth/token",
                                data={"grant_type": "client_credentials", **self.credentials})
            reply.raise_for_status()
            return reply.json()["access_token"]

    def api(self, token: str | None = None, **kwargs: Any) -> httpx.Client:
        """An httpx client on the vendor base URL (…/api) carrying a valid bearer token."""
        client = self.http(**kwargs)
        client.base_url = self.url
        client.headers["Authorization"] = f"Bearer {token or self.token()}"
        return client


def is_nil(value: Any) -> bool:
    """A null Severa result as zeep reads it: WCF writes `<XResult i:nil="true"/>`, and zeep turns a nil
    complex element into an object whose members are all None (zeep does not honour xsi:nil there)."""
    if value is None:
        return True
    members = getattr(value, "__values__", None)
    return members is not None and all(v is None for v in members.values())


SEVERA_API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"


def severa_fault(reply: httpx.Response) -> tuple[str, str]:
    """(fault kind, Description) of a Severa fault answer, e.g. ("NotFoundException", "Invoice … not found.")."""
    from lxml import etree

    assert reply.status_code == 500, reply.text
    detail = etree.fromstring(reply.content).find(".//detail")[0]
    return etree.QName(detail).localname, detail.findtext(f"{{{SEVERA_API_NS}}}Description")


def severa_result(reply: httpx.Response, operation: str) -> Any:
    """The `{Operation}Result` element of a successful raw SOAP answer."""
    from lxml import etree

    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{http://soap.severa.com/}}{operation}Result")


def zeep_severa_fault(kind: str, call: Any, *args: Any, **kwargs: Any) -> str:
    """Call through zeep, expect a Severa fault of this kind (e.g. "ValidationException"); its message."""
    import zeep.exceptions
    from lxml import etree

    try:
        call(*args, **kwargs)
    except zeep.exceptions.Fault as fault:
        detail = fault.detail
        assert detail is not None and detail[0].tag == f"{{{SEVERA_API_NS}}}{kind}", etree.tostring(detail)
        return fault.message
    raise AssertionError(f"expected a {kind} fault, the call succeeded")


class SeveraHandle(TenantHandle):
    SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"

    def envelope(self, operation: str, params: str = "", api_key: str | None = None) -> str:
        """A request as a .NET WCF client writes it; `params` is the XML inside the operation element."""
        key = self.credentials["api_key"] if api_key is None else api_key
        header = f'<WebServicePassword xmlns="http://soap.severa.com/">{key}</WebServicePassword>' if key else ""
        return (f'<s:Envelope xmlns:s="{self.SOAP_ENV}"><s:Header>{header}</s:Header><s:Body>'
                f'<{operation} xmlns="http://soap.severa.com/">{params}</{operation}></s:Body></s:Envelope>')

    def soap(self, interface: str, operation: str, params: str = "", api_key: str | None = None) -> httpx.Response:
        """POST a raw WCF-style envelope with its SOAPAction; returns the HTTP response."""
        client = self.http()
        return client.post(self.simulator.base_path, content=self.envelope(operation, params, api_key).encode(),
                           headers={"Content-Type": "text/xml; charset=utf-8",
                                    "SOAPAction": f'"http://soap.severa.com/{interface}/{operation}"'})

    def zeep(self, interface: str, api_key: str | None = None) -> Any:
        """A zeep service proxy for one interface, sending the WebServicePassword header on every call."""
        import zeep
        from lxml import etree
        from zeep.transports import Transport

        session = _requests_session_for(self)
        client = zeep.Client(f"{self.url}?wsdl", transport=Transport(session=session))
        header = etree.Element("{http://soap.severa.com/}WebServicePassword")
        header.text = self.credentials["api_key"] if api_key is None else api_key
        client.set_default_soapheaders([header])
        return client.bind(interface, interface)


def _requests_session_for(handle: TenantHandle) -> Any:
    """zeep's sync transport speaks `requests`; in-process mode mounts an adapter onto the ASGI app."""
    import requests

    session = requests.Session()
    if handle.host.mode == "inprocess":
        session.mount(handle.root_url, _InProcessAdapter(handle))
    return session


class _InProcessAdapter:
    """A requests transport adapter that hands each request to the simulator app in-process."""

    def __init__(self, handle: TenantHandle) -> None:
        self.client = handle.http()

    def send(self, request: Any, **kwargs: Any) -> Any:
        import requests

        reply = self.client.request(request.method, request.url, content=request.body, headers=dict(request.headers))
        response = requests.Response()
        response.status_code = reply.status_code
        response.headers.update(reply.headers)
        response._content = reply.content
        response.url = request.url
        response.request = request
        response.encoding = reply.encoding
        return response

    def close(self) -> None:
        self.client.close()


class EEkonomiHandle(TenantHandle):
    """An eEkonomi company; `api()` connects through the simulated OAuth2 flow and returns a client."""

    DEFAULT_SCOPES = "ea:api offline_access ea:sales ea:accounting ea:purchase"

    @property
    def identity_url(self) -> str:
        return self.host.root_url(self.simulator.name, "identity")

    def identity(self, **kwargs: Any) -> httpx.Client:
        """A client on the identity server (…/connect/authorize, /connect/token, /connect/revocation)."""
        return self.http("identity", **kwargs)

    def authorize(self, scope: str | None = None, **fields: Any) -> str:
        """An authorization code as if the demo user had logged in and consented in the browser (the control
        plane's consent route); `fields` may name another client_id, redirect_uri, username or state."""
        with self.http() as control:
            reply = control.post(f"/_sim/tenants/{self.id}/eekonomi/consent",
                                 json={"scope": scope or self.DEFAULT_SCOPES, **fields})
            reply.raise_for_status()
            return reply.json()["code"]

    def connect(self, scope: str | None = None) -> dict[str, Any]:
        """The token response (access_token, refresh_token, expires_in…) of a complete code exchange."""
        code = self.authorize(scope)
        creds = self.credentials
        with self.identity() as identity:
            reply = identity.post("/connect/token", auth=(creds["client_id"], creds["client_secret"]),
                                  data={"grant_type": "authorization_code", "code": code,
                                        "redirect_uri": creds["redirect_uri"]})
            reply.raise_for_status()
            return reply.json()

    def refresh(self, refresh_token: str) -> httpx.Response:
        creds = self.credentials
        with self.identity() as identity:
            return identity.post("/connect/token", auth=(creds["client_id"], creds["client_secret"]),
                                 data={"grant_type": "refresh_token", "refresh_token": refresh_token})

    def token(self, scope: str | None = None) -> str:
        return self.connect(scope)["access_token"]

    def api(self, token: str | None = None, scope: str | None = None, **kwargs: Any) -> httpx.Client:
        """An httpx client on the API base URL (…/v2) carrying a valid bearer token."""
        client = self.http(**kwargs)
        client.base_url = self.url
        client.headers["Authorization"] = f"Bearer {token or self.token(scope)}"
        return client


class AdkHandle(TenantHandle):
    """A company folder. `open()` gives the Pythonic ADK with this company open, `dll()` the C-style one
    (hand it to code written for ctypes.WinDLL("Adk.dll")); both are plain Python in this process.

        def test_customer(adk):
            api = adk.open()
            h = api.create_data(c.ADK_DB_CUSTOMER)
            ...
            assert adk.table("ADK_DB_CUSTOMER", ADK_CUSTOMER_NUMBER="1001")
    """

    def __init__(self, host: SimulatorHost, simulator: Simulator, tenant: Tenant) -> None:
        super().__init__(host, simulator, tenant)
        self._sessions: list[Any] = []

    @property
    def common_files(self) -> str:
        """AdkOpen's first argument: the "Gemensamma filer" folder."""
        return self.credentials["common_files"]

    @property
    def company(self) -> str:
        """AdkOpen's second argument: the company folder."""
        return self.credentials["company"]

    @property
    def login(self) -> tuple[str, str] | None:
        """(user, password) for AdkOpen2 when the company has login activated."""
        creds = self.credentials
        return (creds["user"], creds["password"]) if "user" in creds else None

    def open(self) -> Any:
        """A new `simulators.adk.session.Adk` with this company open (AdkOpen2 when login is activated);
        closed when the test's tenant is closed. A failed open is an AssertionError naming the code."""
        from simulators.adk.session import Adk

        api = Adk()
        login = self.login
        err = api.open2(self.common_files, self.company, *login) if login else api.open(self.common_files,
                                                                                          self.company)
        assert err.ok, f"AdkOpen failed: {err}"
        self._sessions.append(api)
        return api

    def dll(self) -> Any:
        """A fresh C-style fake (`FakeAdkDll`), nothing open yet; closed when the tenant is closed."""
        from simulators.adk.cstyle import load

        dll = load()
        self._sessions.append(dll)
        return dll

    def table(self, name: str, **where: Any) -> list[dict[str, Any]]:
        """A table's records in the dataset format; keyword arguments filter on field values
        (`adk.table("customer", ADK_CUSTOMER_NUMBER="1001")`, the table prefix may be left out: NUMBER="1001")."""
        from simulators.adk import control

        table = control.resolve_table(name)
        pairs = control.parse_where(table, [f"{k}={_where_text(v)}" for k, v in where.items()])
        return [r for r in control.table_records(self.tenant.state.company, table.name)
                if all(control.matches(r, f, v) for f, v in pairs)]

    def log(self) -> str | None:
        """The APIAdklogg call log (VA-26), or None when logging is off."""
        from simulators.adk import control

        return control.read_log(self.tenant.state.log_file)

    def set_log(self, enabled: bool) -> None:
        from simulators.adk import control

        control.set_logging(self.tenant.state, enabled)

    @property
    def locked(self) -> bool:
        """Whether an ADK (this process or another) has the company open."""
        return self.tenant.state.locked()

    def close(self) -> None:
        import contextlib

        for session in self._sessions:  # release the company lock before the folder goes
            closer = getattr(session, "close", None) or getattr(session, "AdkClose", None)
            with contextlib.suppress(Exception):  # best effort at teardown
                closer()
        self._sessions.clear()
        super().close()


def _where_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


HANDLES: dict[str, type[TenantHandle]] = {"procountor": ProcountorHandle, "severa": SeveraHandle,
                                          "eekonomi": EEkonomiHandle, "adk": AdkHandle}
