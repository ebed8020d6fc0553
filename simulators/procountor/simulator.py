"""The Procountor simulator as the core sees it: tenants are companies, logins are API keys."""

from __future__ import annotations

import re
import secrets
from typing import Any

from simulators.core.simulator import ErrorReply, RequestInfo, Simulator, copy_dataset
from simulators.core.tenants import Tenant
from simulators.procountor import datasets
from simulators.procountor.errors import envelope
from simulators.procountor.state import ProcountorState

# /api, /latest/api, /supported/api and /vYYMM/api all serve the same routes
_PREFIX = re.compile(r"^((?:/(?:latest|supported|v\d{4}))?/api)(/.*)?$")

_STATUS_TEXT = {
    400: "Bad request", 401: "Unauthorized", 403: "Insufficient user rights.", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 413: "Request entity too large", 415: "Unsupported media type",
    429: "Too many requests", 500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable",
    504: "Gateway timeout",
}


class ProcountorSimulator(Simulator):
    name = "procountor"
    title = "Procountor"
    default_port = 8702
    base_path = "/api"
    # attachments may be 10,000,000 bytes; the multipart envelope around them needs a little more
    max_body_bytes = 10_500_000

    def new_state(self) -> ProcountorState | None:
        return None

    def new_credentials(self, tenant_id: str) -> dict[str, str]:
        return {
            "client_id": f"sim-client-{tenant_id}",
            "client_secret": secrets.token_urlsafe(24),
            "api_key": secrets.token_urlsafe(32),
        }

    def credential_keys(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"api_key": credentials["api_key"]}

    def load_dataset(self, tenant: Tenant, dataset: dict[str, Any]) -> ProcountorState:
        return datasets.load(dataset, tenant.clock)

    def export_dataset(self, tenant: Tenant) -> dict[str, Any]:
        return copy_dataset(tenant.state.export())

    def control_extensions(self) -> Any:
        from simulators.procountor.control import build_router

        return build_router(self)

    def demo_dataset(self) -> dict[str, Any]:
        from simulators.procountor.demo import demo_dataset

        return demo_dataset()

    def split_path(self, path: str) -> tuple[str, str] | None:
        if path == "/logout":
            return "", path
        match = _PREFIX.match(path)
        if match is None:
            return None
        return match.group(1), match.group(2) or "/"

    def identify(self, request: RequestInfo) -> Tenant | None:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            token = self.tokens.get(header[7:].strip())
            return self.tenants.get(token.tenant_id) if token and token.tenant_id in self.tenants else None
        if request.resource.startswith("/oauth/token") and b"api_key=" in request.body:
            from urllib.parse import parse_qs

            keys = parse_qs(request.body.decode("utf-8", "replace")).get("api_key")
            return self.tenants.by_credential("api_key", keys[0]) if keys else None
        return None

    def tenant_now(self, tenant_id: str) -> float:
        return self.tenants.get(tenant_id).clock.timestamp()

    def error_reply(self, status: int, message: str | None = None) -> ErrorReply:
        return ErrorReply(status, envelope(status, message or _STATUS_TEXT.get(status, "Error")))

    def warm_up(self) -> None:
        super().warm_up()
        from simulators.procountor.models import generated

        generated.build_all()

    def build_vendor_app(self) -> Any:
        from simulators.procountor.app import build

        return build(self)
