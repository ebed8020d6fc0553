"""Purchase invoices (rule PC-18): circulation through the API, payment statuses and project dimensions
through the control plane, and the selection the integration makes."""

from __future__ import annotations

import copy
from typing import Any

PC18_STATUSES = "APPROVED,PAYMENT_QUEUED,PAYMENT_SENT_TO_BANK,PARTLY_PAID,PAID,MARKED_PAID"


def _purchase_invoice(day: str, **overrides: Any) -> dict[str, Any]:
    invoice: dict[str, Any] = {
        "type": "PURCHASE_INVOICE",
        "date": day,
        "counterParty": {
            "identifier": "1639842-0",
            "counterPartyAddress": {"name": "Alihankinta Virtanen Oy", "street": "Tekniikantie 14", "zip": "02150",
                                    "city": "Espoo", "country": "FINLAND"},
        },
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": "EUR",
                        "bankAccount": {"accountNumber": "FI8022011800036122", "bic": "NDEAFIHH"},
                        "dueDate": day, "currencyRate": 1},
        "extraInfo": {"accountingByRow": False, "unitPricesIncludeVat": False},
        "discountPercent": 0,
        "invoiceRows": [{"product": "Alihankinta", "quantity": 10, "unit": "HOUR", "unitPrice": 85,
                         "discountPercent": 0, "vatPercent": 25.5}],
        "vatStatus": 1,
        "invoiceChannel": "NO_SENDING",
        "originalInvoiceNumber": "AV-9001",
    }
    invoice.update(copy.deepcopy(overrides))
    return invoice


def _sim(handle) -> tuple[Any, str]:
    return handle.http(), f"/_sim/tenants/{handle.id}/procountor"


def test_purchase_invoice_circulates_to_approved_through_the_api(procountor):
    api = procountor.api()
    created = api.post("/invoices", json=_purchase_invoice(procountor.state.today().isoformat()))
    assert created.status_code == 200, created.text
    inv = created.json()
    assert inv["status"] == "UNFINISHED" and inv["invoiceSumInfo"][0]["invoiceSumTotal"] == 1066.75
    for action, status in (("sendToCirculation", "RECEIVED"), ("verify", "VERIFIED"), ("approve", "APPROVED")):
        reply = api.put(f"/invoices/{inv['id']}/{action}")
        assert reply.json() == {"message": f"Invoice status changed to {status}."}
    found = api.get("/invoices", params={"types": "PURCHASE_INVOICE", "status": PC18_STATUSES}).json()
    assert [r["id"] for r in found["results"]] == [inv["id"]]


def test_payment_statuses_are_set_through_the_control_plane_and_found_by_search(procountor):
    api = procountor.api()
    inv = api.post("/invoices", json=_purchase_invoice(procountor.state.today().isoformat())).json()
    api.put(f"/invoices/{inv['id']}/sendToCirculation")
    api.put(f"/invoices/{inv['id']}/approve")
    http, base = _sim(procountor)
    before = api.get(f"/invoices/{inv['id']}").json()["version"]
    queued = http.post(f"{base}/invoices/{inv['id']}/status", json={"status": "PAYMENT_QUEUED"})
    assert queued.status_code == 200 and queued.json()["status"] == "PAYMENT_QUEUED"
    after = api.get(f"/invoices/{inv['id']}").json()
    assert after["status"] == "PAYMENT_QUEUED" and after["version"] > before
    changed = api.get("/invoices", params={"versionStartDate": after["version"], "status": "PAYMENT_QUEUED"}).json()
    assert [r["id"] for r in changed["results"]] == [inv["id"]]
    # a queued payment cannot be invalidated through the API
    assert api.put(f"/invoices/{inv['id']}/invalidate").status_code == 403
    http.post(f"{base}/invoices/{inv['id']}/status", json={"status": "PAYMENT_SENT_TO_BANK"})
    paid = http.post(f"{base}/invoices/{inv['id']}/status", json={"status": "PAID", "paymentDate": inv["date"]})
    assert paid.json()["paymentDate"] == inv["date"]
    assert api.get("/invoices", params={"status": "PAID"}).json()["results"][0]["id"] == inv["id"]


def test_mark_paid_on_a_queued_purchase_invoice_gives_partly_then_marked_paid(procountor):
    api = procountor.api()
    today = procountor.state.today().isoformat()
    inv = api.post("/invoices", json=_purchase_invoice(today)).json()
    http, base = _sim(procountor)
    http.post(f"{base}/invoices/{inv['id']}/status", json={"status": "PAYMENT_QUEUED"})
    first = api.put(f"/invoices/{inv['id']}/paymentevents/markpaid",
                    json={"paymentDate": today, "amount": 500, "currency": "EUR"})
    assert first.status_code == 200 and first.json()["status"] == "PARTLY_PAID"
    second = api.put(f"/invoices/{inv['id']}/paymentevents/markpaid",
                     json={"paymentDate": today, "amount": 566.75, "currency": "EUR"})
    assert second.json()["status"] == "MARKED_PAID"
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "MARKED_PAID"


def test_dimensions_are_recorded_apart_from_the_invoice_json_and_exported(procountor):
    api = procountor.api()
    inv = api.post("/invoices", json=_purchase_invoice(procountor.state.today().isoformat())).json()
    procountor.seed({**procountor.export(), "dimensions": [
        {"id": 1, "name": "Projektit", "items": [{"id": 1001, "codeName": "Verkkokauppa-uudistus"}]}]})
    http, base = _sim(procountor)
    reply = http.post(f"{base}/invoices/{inv['id']}/dimensions",
                      json={"dimensionItemValues": [{"dimensionId": 1, "itemId": 1001}]})
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"invoiceId": inv["id"],
                            "dimensionItemValues": [{"dimensionId": 1, "itemId": 1001, "value": 850.0}]}
    assert "dimensionItemValues" not in api.get(f"/invoices/{inv['id']}").json()
    assert http.get(f"{base}/invoices/{inv['id']}/dimensions").json() == reply.json()
    exported = http.get(f"/_sim/tenants/{procountor.id}/export").json()
    mine = next(i for i in exported["invoices"] if i["id"] == inv["id"])
    assert mine["dimensionItemValues"] == [{"dimensionId": 1, "itemId": 1001, "value": 850.0}]
    # reset goes back to the seeded baseline, which had no dimensioning for this invoice
    procountor.reset()
    assert http.get(f"{base}/invoices/{inv['id']}/dimensions").json()["dimensionItemValues"] == []


def test_the_integration_selection_on_the_demo_company(procountor_demo):
    """PC-18: approved-or-later purchase invoices that are dimensioned to a project."""
    api = procountor_demo.api()
    http, base = _sim(procountor_demo)
    projects = next(d for d in api.get("/dimensions").json() if d["name"] == "Projektit")["id"]
    candidates = api.get("/invoices", params={"types": "PURCHASE_INVOICE", "status": PC18_STATUSES}).json()
    assert candidates["meta"]["totalCount"] == 7
    selected = []
    for basic in candidates["results"]:
        dims = http.get(f"{base}/invoices/{basic['id']}/dimensions").json()["dimensionItemValues"]
        if any(d["dimensionId"] == projects for d in dims):
            selected.append(basic["originalInvoiceNumber"])
    assert sorted(selected) == ["AV-2291", "AV-2317", "KK-51730", "KK-51802", "KOL-24881", "KOL-25107"]
    # the RECEIVED one joins once it is approved and dimensioned
    received = api.get("/invoices", params={"status": "RECEIVED"}).json()["results"][0]
    assert api.put(f"/invoices/{received['id']}/approve").status_code == 200
    reply = http.post(f"{base}/invoices/{received['id']}/dimensions",
                      json={"dimensionItemValues": [{"dimensionId": projects, "itemId": 1003, "value": 2040.0}]})
    assert reply.status_code == 200
    assert api.get("/invoices", params={"types": "PURCHASE_INVOICE", "status": PC18_STATUSES}).json()[
        "meta"]["totalCount"] == 8
