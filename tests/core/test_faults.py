"""Fault injection through the control plane, observed by a client, in both modes."""

from __future__ import annotations

import time

import httpx
import pytest

from simulators.core.faults import FaultSpec


@pytest.fixture
def api(procountor):
    return procountor.api(timeout=2.0)


def test_status_fault_answers_with_the_vendor_error_body_and_applies_nothing(procountor, api, sales_invoice):
    procountor.add_fault(action="status", method="POST", path="/invoices", status=503)
    reply = api.post("/invoices", json=sales_invoice())
    assert reply.status_code == 503
    assert reply.json() == {"errors": [{"status": 503, "message": "Service unavailable"}]}
    assert procountor.state.invoices == {}
    entry = procountor.journal(method="POST")[-1]
    assert entry.fault == "f1:status" and entry.status == 503


def test_vendor_error_code_in_a_status_fault(procountor, api):
    procountor.add_fault(action="status", path="/invoices", status=403, message="CLOSED_FISCAL_PERIOD")
    assert api.get("/invoices").json() == {"errors": [{"status": 403, "message": "CLOSED_FISCAL_PERIOD"}]}


def test_nth_call_only(procountor, api):
    procountor.add_fault(action="status", path="/invoices", status=500, nth=2)
    assert [api.get("/invoices").status_code for _ in range(4)] == [200, 500, 200, 200]


def test_after_and_times(procountor, api):
    procountor.add_fault(action="status", path="/invoices", status=502, after=1, times=2)
    assert [api.get("/invoices").status_code for _ in range(5)] == [200, 502, 502, 200, 200]


def test_seeded_probability_is_reproducible(procountor, api):
    def run(seed: int) -> list[int]:
        procountor.clear_faults()
        procountor.add_fault(action="status", path="/invoices", status=500, probability=0.5, seed=seed)
        return [api.get("/invoices").status_code for _ in range(20)]

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other
    assert 0 < first.count(500) < 20


def test_rate_limit_has_retry_after(procountor, api):
    procountor.add_fault(action="rate_limit", path="/invoices", retry_after=30, times=1)
    reply = api.get("/invoices")
    assert reply.status_code == 429 and reply.headers["retry-after"] == "30"
    assert reply.json()["errors"][0]["status"] == 429
    assert api.get("/invoices").status_code == 200


def test_latency_does_not_change_the_answer(procountor, api):
    procountor.add_fault(action="latency", path="/invoices", latency_ms=150)
    started = time.perf_counter()
    assert api.get("/invoices").status_code == 200
    assert time.perf_counter() - started >= 0.14


def test_dropped_connection(procountor, api, sales_invoice):
    procountor.add_fault(action="drop", method="POST", path="/invoices", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/invoices", json=sales_invoice())
    assert procountor.state.invoices == {}
    assert api.post("/invoices", json=sales_invoice()).status_code == 200
    assert procountor.journal(method="POST", path="/invoices")[0].outcome == "dropped"


@pytest.mark.parametrize("fail_with", ["status", "drop", "timeout"])
def test_commit_then_fail_applies_the_write(procountor, api, sales_invoice, fail_with):
    procountor.add_fault(action="commit_then_fail", method="POST", path="/invoices", fail_with=fail_with,
                         status=504, timeout_seconds=3, times=1)
    if fail_with == "status":
        assert api.post("/invoices", json=sales_invoice(originalInvoiceNumber="X-1")).status_code == 504
    else:
        expected = httpx.RemoteProtocolError if fail_with == "drop" else httpx.TimeoutException
        with pytest.raises(expected):
            api.post("/invoices", json=sales_invoice(originalInvoiceNumber="X-1"))
    found = api.get("/invoices", params={"originalInvoiceNumber": "X-1"}).json()
    assert found["meta"]["totalCount"] == 1


def test_token_expiry(procountor, api):
    procountor.add_fault(action="token_expiry", path="/invoices", times=1)
    assert api.get("/invoices").status_code == 401
    assert api.get("/invoices").status_code == 401
    assert procountor.api().get("/invoices").status_code == 200


def test_operation_matching_by_route_template(procountor, api, sales_invoice):
    inv = api.post("/invoices", json=sales_invoice()).json()
    procountor.add_fault(action="status", operation="PUT /invoices/{invoice_id}/approve", status=500)
    assert api.put(f"/invoices/{inv['id']}/approve").status_code == 500
    assert api.get(f"/invoices/{inv['id']}").status_code == 200


def test_fault_rules_are_validated(procountor):
    with pytest.raises(ValueError):
        FaultSpec.model_validate({"action": "latency"})
    with procountor.http() as http:
        reply = http.post(f"/_sim/tenants/{procountor.id}/faults", json={"action": "explode"})
        assert reply.status_code == 422
        added = http.post(f"/_sim/tenants/{procountor.id}/faults",
                          json={"action": "status", "status": 500, "path": "/invoices"})
        assert added.status_code == 201 and added.json()["id"] == "f1"
        assert http.get(f"/_sim/tenants/{procountor.id}/faults").json()[0]["matched"] == 0
        assert http.delete(f"/_sim/tenants/{procountor.id}/faults/f1").status_code == 204
        assert http.delete(f"/_sim/tenants/{procountor.id}/faults/f1").status_code == 404
