"""Every API route is a vendor operation, so its scopes come from the vendor description (a route whose
template matched no operation would skip the scope check)."""

from __future__ import annotations

from simulators.eekonomi.routes.base import required_scopes
from simulators.eekonomi.simulator import is_identity_path


def test_every_api_route_has_the_vendors_scopes(sim_host):
    vendor = sim_host.simulators["eekonomi"].asgi.vendor
    checked = 0
    for route in vendor.routes:
        if is_identity_path(route.path):
            continue
        for method in route.methods - {"HEAD"}:
            assert required_scopes(method, route.path), f"{method} {route.path} is not a vendor operation"
            checked += 1
    assert checked >= 40


def test_a_read_only_token_cannot_write(eekonomi):
    api = eekonomi.api(scope="ea:api offline_access ea:sales_readonly")
    assert api.get("/customers").status_code == 200
    reply = api.post("/customers", json={"Name": "X"})
    assert reply.status_code == 403 and reply.json()["ErrorCode"] == 4006
    reply = api.get("/vouchers")
    assert reply.status_code == 403 and reply.json()["ErrorCode"] == 4006
