"""The eEkonomi simulator as the core sees it: tenants are companies, callers are OAuth2 clients.

One simulator, two listeners, as at Visma: the REST API (`/v2/...`, default port 8703) and the identity
server (`/connect/...` and its login pages, default port 8704). Both share one state (tenants, users,
clients, tokens); each port serves only its own paths, so a client that sends its token request to the
API host fails here as it would in production. In-process, the same split is made by the app a client
is given (`listener_app`).
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar
from urllib.parse import parse_qs

from simulators.core.asgi import send_reply
from simulators.core.simulator import ErrorReply, RequestInfo, Simulator, copy_dataset
from simulators.core.tenants import Tenant
from simulators.eekonomi import errors
from simulators.eekonomi.directory import Directory
from simulators.eekonomi.state import EEkonomiState

IDENTITY_PREFIXES = ("/connect/", "/account/", "/.well-known/")
API_PREFIX = "/v2"

_CODES = {400: errors.VALIDATION, 401: errors.NOT_AUTHORIZED, 403: errors.NO_ACCESS_TO_SCOPES,
          404: errors.NOT_FOUND, 409: errors.CONFLICT, 413: errors.VALIDATION, 415: errors.VALIDATION,
          429: errors.RATE_LIMITED}
# Assumption (docs/eekonomi.md): the vendor's 5xx codes are unknown; 5000 with the status text.
_TEXTS = {401: errors.NOT_AUTHORIZED_MESSAGE, 404: "The requested resource was not found.",
          405: "The requested resource does not support this http method.",
          429: "API calls quota exceeded! maximum admitted 600 per Minute. Try again in 60 seconds.",
          500: "An error has occurred.", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def is_identity_path(path: str) -> bool:
    return path.startswith(IDENTITY_PREFIXES)


class EEkonomiSimulator(Simulator):
    name = "eekonomi"
    title = "Visma eEkonomi"
    default_port = 8703
    base_path = API_PREFIX
    extra_ports: ClassVar[dict[str, int]] = {"identity": 8704}
    max_body_bytes = 5_000_000

    def __init__(self) -> None:
        super().__init__()
        self.directory = Directory()
        self._role_apps: dict[str | None, Any] = {}

    # ---------------------------------------------------------------- tenants and credentials
    def new_state(self) -> EEkonomiState | None:
        return None

    def new_credentials(self, tenant_id: str) -> dict[str, str]:
        return {
            "client_id": f"sim-client-{tenant_id}",
            "client_secret": secrets.token_urlsafe(24),
            "redirect_uri": f"http://localhost/callback/{tenant_id}",
            "username": f"user-{tenant_id}@example.se",
            "password": secrets.token_urlsafe(12),
        }

    def credential_keys(self, credentials: dict[str, str]) -> dict[str, str]:
        # clients and users may span companies (the Directory indexes them); tokens name the tenant
        return {}

    def create_tenant(self, dataset: dict[str, Any] | None = None, tenant_id: str | None = None,
                      label: str | None = None, credentials: dict[str, str] | None = None) -> Tenant:
        tenant = super().create_tenant(dataset, tenant_id, label, credentials)
        try:
            self.directory.enroll(tenant.id, tenant.credentials)
        except ValueError:
            self.tenants.remove(tenant.id)
            raise
        return tenant

    def delete_tenant(self, tenant_id: str) -> None:
        super().delete_tenant(tenant_id)
        self.directory.forget_tenant(tenant_id)

    def load_dataset(self, tenant: Tenant, dataset: dict[str, Any]) -> EEkonomiState:
        from simulators.eekonomi import datasets

        return datasets.load(dataset, tenant.clock)

    def export_dataset(self, tenant: Tenant) -> dict[str, Any]:
        return copy_dataset(tenant.state.export())

    def default_dataset(self) -> dict[str, Any]:
        return {}

    def demo_dataset(self) -> dict[str, Any]:
        from simulators.eekonomi.demo import demo_dataset

        return demo_dataset()

    def create_demo_companions(self, demo: Tenant) -> list[Tenant]:
        """`serve`'s demo user belongs to a second company ("demo-2"), to connect each one separately."""
        from simulators.eekonomi.demo import DEMO_SECOND_COMPANY

        return [self.create_tenant(dataset=DEMO_SECOND_COMPANY, tenant_id=f"{demo.id}-2", label="demo (second company)",
                                   credentials=dict(demo.credentials))]

    def expire_tokens(self, tenant: Tenant) -> None:
        """A token-expiry fault ends the access tokens; refresh tokens still work, as after an hour."""
        self.tokens.expire_tenant(tenant.id, kind="access")

    def tenant_now(self, tenant_id: str) -> float:
        return self.tenants.get(tenant_id).clock.timestamp()

    # ---------------------------------------------------------------- paths, callers, errors
    def split_path(self, path: str) -> tuple[str, str] | None:
        if is_identity_path(path):
            return "", path
        head = path[:3]
        if head.lower() == API_PREFIX and (len(path) == 3 or path[3] == "/"):
            # ASP.NET routes ignore case: /v2/CompanySettings is /v2/companysettings (ids are GUIDs)
            return path[:3], (path[3:] or "/").lower()
        return None

    def identify(self, request: RequestInfo) -> Tenant | None:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            return self._tenant_of(header[7:].strip())
        if request.resource.startswith("/connect/") and request.body:
            form = parse_qs(request.body.decode("utf-8", "replace"))
            for key in ("code", "refresh_token", "token"):
                if key in form:
                    return self._tenant_of(form[key][0])
        return None

    def _tenant_of(self, value: str) -> Tenant | None:
        token = self.tokens.get(value)
        return self.tenants.get(token.tenant_id) if token and token.tenant_id in self.tenants else None

    def error_reply(self, status: int, message: str | None = None) -> ErrorReply:
        code = _CODES.get(status, 5000 if status >= 500 else errors.VALIDATION)
        headers = (("retry-after", "60"),) if status == 429 else ()
        return ErrorReply(status, errors.envelope(code, message or _TEXTS.get(status, "Error")), headers=headers)

    def build_vendor_app(self) -> Any:
        from simulators.eekonomi.app import build

        return build(self)

    def control_extensions(self) -> Any:
        from simulators.eekonomi.control import build_router

        return build_router(self)

    def listener_app(self, role: str | None = None) -> Any:
        """The app one port serves: the API port only /v2 (and /_sim), the identity port only its paths."""
        app = self._role_apps.get(role)
        if app is None:
            app = self._role_apps[role] = _PortFilter(self, identity=role == "identity")
        return app

    def url_entry(self, base_url: str, tenant: Tenant | None, extra: dict[str, str] | None = None) -> dict[str, Any]:
        entry = super().url_entry(base_url, tenant, extra)
        identity = (extra or {}).get("identity")
        if identity:
            entry = {"url": entry["url"], "identity_url": identity, **{k: v for k, v in entry.items() if k != "url"}}
        return entry


class _PortFilter:
    """The part of the simulator one port answers for; other paths get that server's own 404."""

    def __init__(self, sim: EEkonomiSimulator, identity: bool) -> None:
        self.sim = sim
        self.identity = identity

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            own = is_identity_path(path) if self.identity else not is_identity_path(path)
            if not own:
                if self.identity:
                    reply = ErrorReply(404, b"Not Found", "text/plain; charset=utf-8")
                else:
                    reply = self.sim.error_reply(404)
                await send_reply(send, reply)
                return
        await self.sim.asgi(scope, receive, send)

    def warm_up(self) -> None:
        self.sim.asgi.warm_up()
