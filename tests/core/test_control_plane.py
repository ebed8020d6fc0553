"""The control plane over HTTP (/_sim), as a client in any language would use it."""

from __future__ import annotations

import pytest


@pytest.fixture
def control(sim_host):
    with sim_host.http("procountor") as client:
        yield client


def _token(client, creds):
    reply = client.post("/api/oauth/token", data={"grant_type": "client_credentials", **creds})
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def test_openapi_document_is_separate_from_vendor_paths(control):
    doc = control.get("/_sim/openapi.json").json()
    assert all(path.startswith("/_sim") for path in doc["paths"])
    assert "/_sim/tenants/{tenant_id}/faults" in doc["paths"]
    assert control.get("/api/openapi.json").status_code in (401, 404)


def test_create_seed_export_reset_delete(control):
    created = control.post("/_sim/tenants", json={"label": "mine"})
    assert created.status_code == 201
    tenant = created.json()
    tid, creds = tenant["tenant"], tenant["credentials"]
    assert set(creds) == {"client_id", "client_secret", "api_key"}
    headers = _token(control, creds)
    partner = {"name": "Seeded Oy", "type": "CUSTOMER", "paymentInfo": {"paymentMethod": "BANK_TRANSFER"}}
    seeded = control.post(f"/_sim/tenants/{tid}/seed", json={"businessPartners": [partner]})
    assert seeded.status_code == 200 and seeded.json()["loaded"]["businessPartners"] == 1
    exported = control.get(f"/_sim/tenants/{tid}/export").json()
    assert [p["name"] for p in exported["businessPartners"]] == ["Seeded Oy"]
    headers = _token(control, creds)  # seeding keeps tokens; reset drops them
    control.get("/api/invoices", headers=headers)
    reset = control.post(f"/_sim/tenants/{tid}/reset")
    assert reset.status_code == 200 and reset.json()["reset_ms"] < 1000
    assert control.get(f"/_sim/tenants/{tid}/journal").json()["count"] == 0
    assert control.get("/api/invoices", headers=headers).status_code == 401
    assert control.get(f"/_sim/tenants/{tid}/export").json()["businessPartners"][0]["name"] == "Seeded Oy"
    assert control.delete(f"/_sim/tenants/{tid}").status_code == 204
    assert control.get(f"/_sim/tenants/{tid}").status_code == 404


def test_a_bad_dataset_is_refused_and_changes_nothing(control):
    tid = control.post("/_sim/tenants").json()["tenant"]
    before = control.get(f"/_sim/tenants/{tid}/export").json()
    bad = control.post(f"/_sim/tenants/{tid}/seed", json={"businessPartners": [{"name": "x" * 81}]})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_dataset"
    assert bad.json()["error"]["details"][0]["path"].startswith("$.procountor.businessPartners[0]")
    assert control.get(f"/_sim/tenants/{tid}/export").json() == before


def test_tenants_are_isolated(control):
    a = control.post("/_sim/tenants").json()
    b = control.post("/_sim/tenants").json()
    control.post(f"/_sim/tenants/{a['tenant']}/seed",
                 json={"businessPartners": [{"name": "Only A", "type": "CUSTOMER",
                                             "paymentInfo": {"paymentMethod": "BANK_TRANSFER"}}]})
    assert control.get(f"/_sim/tenants/{b['tenant']}/export").json()["businessPartners"] == []
    _token(control, b["credentials"])
    assert control.get(f"/_sim/tenants/{a['tenant']}/journal").json()["count"] == 0
    assert control.get(f"/_sim/tenants/{b['tenant']}/journal").json()["count"] == 1
    wrong = {**a["credentials"], "api_key": b["credentials"]["api_key"]}
    assert control.post("/api/oauth/token", data={"grant_type": "client_credentials", **wrong}).status_code == 401


def test_journal_filters_and_verify(control):
    tenant = control.post("/_sim/tenants").json()
    tid = tenant["tenant"]
    headers = _token(control, tenant["credentials"])
    for _ in range(3):
        control.get("/latest/api/invoices", headers=headers)
    control.get("/api/invoices/12345", headers=headers)
    journal = control.get(f"/_sim/tenants/{tid}/journal", params={"method": "GET", "path": "/invoices"}).json()
    assert journal["count"] == 3
    entry = journal["entries"][0]
    assert entry["path"] == "/latest/api/invoices" and entry["resource"] == "/invoices"
    assert entry["operation"] == "GET /invoices" and entry["status"] == 200
    by_op = control.get(f"/_sim/tenants/{tid}/journal",
                        params={"operation": "GET /invoices/{invoice_ids}", "status": 404}).json()
    assert by_op["count"] == 1
    ok = control.post(f"/_sim/tenants/{tid}/journal/verify", json={"method": "GET", "path": "/invoices", "count": 3})
    assert ok.status_code == 200 and ok.json()["actual"] == 3
    failed = control.post(f"/_sim/tenants/{tid}/journal/verify", json={"method": "POST", "path": "/invoices"})
    assert failed.status_code == 409
    assert failed.json()["actual"] == 0 and "expected" in failed.json()["error"]["message"]


def test_clock_controls(control):
    tid = control.post("/_sim/tenants").json()["tenant"]
    frozen = control.post(f"/_sim/tenants/{tid}/clock/freeze", json={"at": "2026-06-30T21:00:00Z"}).json()
    assert frozen == {"now": "2026-06-30T21:00:00+00:00", "frozen": True, "offsetSeconds": 0.0}
    moved = control.post(f"/_sim/tenants/{tid}/clock/advance", json={"hours": 3}).json()
    assert moved["now"] == "2026-07-01T00:00:00+00:00"
    assert control.post(f"/_sim/tenants/{tid}/clock/set", json={"at": "nonsense"}).status_code == 400
    assert control.post(f"/_sim/tenants/{tid}/clock/unfreeze").json()["frozen"] is False


def test_unknown_tenant_is_a_clear_404(control):
    reply = control.get("/_sim/tenants/nope/journal")
    assert reply.status_code == 404
    assert reply.json()["error"] == {"code": "tenant_not_found",
                                     "message": "no tenant 'nope' in the procountor simulator"}
