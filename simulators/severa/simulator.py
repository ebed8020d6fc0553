"""The Severa simulator as the core sees it: tenants are organizations, logins are API keys."""

from __future__ import annotations

import re
import secrets
from typing import Any

from simulators.core.simulator import ErrorReply, RequestInfo, Simulator, copy_dataset
from simulators.core.tenants import Tenant
from simulators.core.wsgi import WsgiAsAsgi
from simulators.severa import datasets
from simulators.severa.faults import AuthenticationFailure, GeneralFailure, SeveraFault, fault_envelope

_PASSWORD = re.compile(rb"WebServicePassword[^>]*>\s*([^<\s]*)\s*<")
_BODY_CHILD = re.compile(rb"<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z_][\w.]*)")

_FAULT_TEXT = {
    401: "Access denied", 403: "Access denied", 404: "Not found", 413: "The request is too large.",
    429: "Too many requests.", 500: "An internal error occurred.", 502: "Bad gateway.",
    503: "The service is unavailable.", 504: "Gateway timeout.",
}


class SeveraSimulator(Simulator):
    name = "severa"
    title = "Visma Severa SOAP API"
    default_port = 8701
    base_path = "/webservice/S3/API.svc"
    max_body_bytes = 4_000_000

    def new_state(self) -> Any:
        return None

    def new_credentials(self, tenant_id: str) -> dict[str, str]:
        return {"api_key": secrets.token_hex(20).upper()}

    def credential_keys(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"api_key": credentials["api_key"]}

    def load_dataset(self, tenant: Tenant, dataset: dict[str, Any]) -> Any:
        return datasets.load(dataset, tenant.clock)

    def export_dataset(self, tenant: Tenant) -> dict[str, Any]:
        return copy_dataset(datasets.export(tenant.state))

    def demo_dataset(self) -> dict[str, Any]:
        from simulators.severa.demo import demo_dataset

        return demo_dataset()

    def split_path(self, path: str) -> tuple[str, str] | None:
        return ("", path) if path.startswith(self.base_path) else None

    def identify(self, request: RequestInfo) -> Tenant | None:
        match = _PASSWORD.search(request.body[:8192])
        return self.tenants.by_credential("api_key", match.group(1).decode("utf-8", "replace")) if match else None

    def operation_of(self, request: RequestInfo) -> str | None:
        match = _BODY_CHILD.search(request.body[:16384])
        return match.group(1).decode() if match else None

    def authenticate(self, api_key: str | None) -> Tenant:
        """SEV-01/03: the current key of an active API user, or AuthenticationFailure ("Access denied")."""
        tenant = self.tenants.by_credential("api_key", api_key) if api_key else None
        if tenant is None or not tenant.state.api_user.active:
            raise AuthenticationFailure("Access denied")
        return tenant

    def regenerate_key(self, tenant: Tenant) -> str:
        old = tenant.credentials["api_key"]
        new = secrets.token_hex(20).upper()
        self.tenants.rekey(tenant, "api_key", old, new)
        tenant.credentials["api_key"] = new
        return new

    def error_reply(self, status: int, message: str | None = None) -> ErrorReply:
        text = message or _FAULT_TEXT.get(status, "An error occurred.")
        fault: SeveraFault = AuthenticationFailure(text) if status in (401, 403) else GeneralFailure(text)
        return ErrorReply(status, fault_envelope(fault), "text/xml; charset=utf-8")

    def build_vendor_app(self) -> Any:
        def build() -> Any:
            from simulators.severa.app import SeveraWsgi

            return SeveraWsgi(self)

        # spyne builds its schema and WSDL in about half a second: `serve` does it on its warm-up thread
        return WsgiAsAsgi(build, lazy=True)

    def warm_up(self) -> None:
        super().warm_up()
        self.asgi.vendor.build()

    def control_extensions(self) -> Any:
        from simulators.severa.control import build_router

        return build_router(self)
