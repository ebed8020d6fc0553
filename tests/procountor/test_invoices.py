"""Invoices through HTTP: create, read, search, update and the status machine."""

from __future__ import annotations


def test_create_returns_200_unfinished_with_generated_fields(procountor, sales_invoice):
    api = procountor.api()
    reply = api.post("/invoices", json=sales_invoice(status="SENT"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "UNFINISHED"
    assert isinstance(body["id"], int) and isinstance(body["invoiceNumber"], int)
    assert body["version"] and body["ledgerReceiptId"]
    assert body["invoiceSumInfo"] == [{"currency": "EUR", "inAccountingCurrency": True, "excludingVatTotal": 7.0,
                                       "vatSumTotal": 1.79, "invoiceSumTotal": 8.79}]
    assert body["billingAddress"] == {"name": "Buyer name"}
    again = api.get(f"/invoices/{body['id']}").json()
    assert again["invoiceNumber"] == body["invoiceNumber"]


def test_invoice_numbers_are_assigned_in_sequence(procountor, sales_invoice):
    api = procountor.api()
    numbers = [api.post("/invoices", json=sales_invoice()).json()["invoiceNumber"] for _ in range(3)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_every_version_prefix_serves_the_same_routes(procountor, sales_invoice):
    api = procountor.api()
    created = api.post("/invoices", json=sales_invoice()).json()
    http = procountor.http(headers=dict(api.headers))
    for prefix in ("/api", "/latest/api", "/supported/api", "/v2604/api"):
        assert http.get(f"{prefix}/invoices/{created['id']}").json()["id"] == created["id"]
    assert http.get("/v26/api/invoices").status_code == 404


def test_missing_or_bad_token_is_401_in_vendor_envelope(procountor):
    http = procountor.http()
    for headers in ({}, {"Authorization": "Bearer nope"}):
        reply = http.get("/api/invoices", headers=headers)
        assert reply.status_code == 401
        assert reply.json() == {"errors": [{"status": 401, "message": "Unauthorized"}]}


def test_token_expires_after_3600_seconds_on_the_tenant_clock(procountor):
    api = procountor.api()
    assert api.get("/invoices").status_code == 200
    procountor.clock.advance(3599)
    assert api.get("/invoices").status_code == 200
    procountor.clock.advance(2)
    assert api.get("/invoices").status_code == 401


def test_batch_get_returns_a_list_ordered_by_id(procountor, sales_invoice):
    api = procountor.api()
    ids = [api.post("/invoices", json=sales_invoice()).json()["id"] for _ in range(3)]
    reply = api.get(f"/invoices/{ids[2]},{ids[0]},999999")
    assert [i["id"] for i in reply.json()] == [ids[0], ids[2]]
    assert api.get("/invoices/999999").status_code == 404
    too_many = ",".join(str(i) for i in range(1, 202))
    assert api.get(f"/invoices/{too_many}").status_code == 400


def test_search_by_original_invoice_number_status_and_type(procountor, sales_invoice):
    api = procountor.api()
    api.post("/invoices", json=sales_invoice(originalInvoiceNumber="SEV-1"))
    second = api.post("/invoices", json=sales_invoice(originalInvoiceNumber="SEV-2")).json()
    found = api.get("/invoices", params={"originalInvoiceNumber": "SEV-2"}).json()
    assert [r["id"] for r in found["results"]] == [second["id"]]
    assert found["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 1, "totalCount": 1}
    assert api.get("/invoices", params={"status": "SENT,NOT_SENT"}).json()["results"] == []
    assert len(api.get("/invoices", params={"types": "SALES_INVOICE", "size": 1}).json()["results"]) == 1
    bad = api.get("/invoices", params={"status": "NOT_FINISHED"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    assert api.get("/invoices", params={"size": 201}).status_code == 400


def test_sales_invoice_status_machine(procountor, sales_invoice):
    api = procountor.api()
    inv = api.post("/invoices", json=sales_invoice(invoiceChannel="EMAIL",
                                                   counterParty={"counterPartyAddress": {"name": "B"},
                                                                 "email": "b@example.fi"})).json()
    assert api.put(f"/invoices/{inv['id']}/send").status_code == 403
    assert api.put(f"/invoices/{inv['id']}/approve").status_code == 200
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "NOT_SENT"
    assert api.put(f"/invoices/{inv['id']}/approve").status_code == 403
    assert api.put(f"/invoices/{inv['id']}/send").status_code == 200
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "SENT"
    paid = api.put(f"/invoices/{inv['id']}/paymentevents/markpaid",
                   json={"paymentDate": procountor.state.today().isoformat(), "amount": 1, "currency": "EUR"})
    assert paid.status_code == 200 and paid.json()["status"] == "PARTLY_PAID"
    api.put(f"/invoices/{inv['id']}/paymentevents/markpaid",
            json={"paymentDate": procountor.state.today().isoformat(), "amount": 7.79, "currency": "EUR"})
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "MARKED_PAID"
    assert api.put(f"/invoices/{inv['id']}/invalidate").status_code == 403


def test_no_sending_invoice_is_approved_not_not_sent(procountor, sales_invoice):
    api = procountor.api()
    inv = api.post("/invoices", json=sales_invoice()).json()
    api.put(f"/invoices/{inv['id']}/approve")
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "APPROVED"
    assert api.put(f"/invoices/{inv['id']}/unfinished").status_code == 200
    assert api.put(f"/invoices/{inv['id']}/invalidate").status_code == 200
    assert api.get(f"/invoices/{inv['id']}").json()["status"] == "INVALIDATED"


def test_update_needs_the_current_version(procountor, sales_invoice):
    api = procountor.api()
    inv = api.post("/invoices", json=sales_invoice()).json()
    stale = {**inv, "version": "2000-01-01T00:00:00", "notes": "changed"}
    reply = api.put(f"/invoices/{inv['id']}", json=stale)
    assert reply.status_code == 400 and reply.json()["errors"][0]["field"] == "version"
    fresh = api.put(f"/invoices/{inv['id']}", json={**inv, "orderReference": "PO-7"})
    assert fresh.status_code == 200
    assert fresh.json()["orderReference"] == "PO-7" and fresh.json()["version"] != inv["version"]
    assert fresh.json()["invoiceNumber"] == inv["invoiceNumber"]
    api.put(f"/invoices/{inv['id']}/approve")
    assert api.put(f"/invoices/{inv['id']}", json=fresh.json()).status_code == 403


def test_closed_fiscal_period(procountor, sales_invoice):
    api = procountor.api()
    last_year = procountor.state.today().year - 1
    reply = api.post("/invoices", json=sales_invoice(date=f"{last_year}-06-01",
                                                     paymentInfo={**sales_invoice()["paymentInfo"],
                                                                  "dueDate": f"{last_year}-06-15"}))
    assert reply.status_code == 400
    assert reply.json()["errors"] == [{"status": 400, "field": "date", "message": "CLOSED_FISCAL_PERIOD"}]
    inv = api.post("/invoices", json=sales_invoice()).json()
    for year in procountor.state.fiscal_years:
        for period in year["trackingPeriods"]:
            period["status"] = "CLOSED"
    reply = api.put(f"/invoices/{inv['id']}/approve")
    assert reply.status_code == 403 and reply.json()["errors"][0]["message"] == "CLOSED_FISCAL_PERIOD"


def test_validation_uses_vendor_codes_and_names_fields(procountor, sales_invoice):
    api = procountor.api()
    payload = sales_invoice(orderReference="x" * 71)
    payload["counterParty"] = {"counterPartyAddress": {"name": "Firma Oy", "country": "FINLAND"},
                               "identifier": "1234567-8"}
    payload["paymentInfo"]["dueDate"] = "2000-01-01"
    payload["invoiceRows"][0]["vatPercent"] = 7
    errors = api.post("/invoices", json=payload).json()["errors"]
    assert {"status": 400, "field": "orderReference", "message": "SIZE_MUST_BE_BETWEEN_0_AND_70"} in errors
    payload["orderReference"] = "ok"
    errors = api.post("/invoices", json=payload).json()["errors"]
    messages = {e["field"]: e["message"] for e in errors}
    assert messages["counterParty.identifier"] == "ERROR_BRN_CODE"
    assert messages["paymentInfo.dueDate"] == "DUE_DATE_BEFORE_BILL_DATE"
    assert messages["invoiceRows[0].vatPercent"] == "ERROR_VATSTATUS_VATPERC"


def test_text_outside_windows_1252_is_refused(procountor, sales_invoice):
    api = procountor.api()
    reply = api.post("/invoices", json=sales_invoice(additionalInformation="Kiitos 🙂"))
    assert reply.status_code == 400
    assert reply.json()["errors"][0]["field"] == "additionalInformation"
    assert api.post("/invoices", json=sales_invoice(additionalInformation="Å ä ö € Š")).status_code == 200


def test_bad_bodies_get_4xx_in_the_envelope(procountor):
    api = procountor.api()
    malformed = api.post("/invoices", content=b"{nope", headers={"content-type": "application/json"})
    assert malformed.status_code == 400 and "errors" in malformed.json()
    wrong_type = api.post("/invoices", content=b"a=b", headers={"content-type": "application/x-www-form-urlencoded"})
    assert wrong_type.status_code == 415 and wrong_type.json()["errors"][0]["status"] == 415
    not_object = api.post("/invoices", json=[1, 2])
    assert not_object.status_code == 400


def test_amounts_too_large_to_store_are_400_naming_the_field(procountor, sales_invoice):
    api = procountor.api()
    first = api.post("/invoices", json=sales_invoice()).json()
    row = sales_invoice()["invoiceRows"][0]
    sek = {**sales_invoice()["paymentInfo"], "currency": "SEK", "currencyRate": 1e-300}
    cases = {
        "invoiceRows[0].unitPrice": sales_invoice(invoiceRows=[{**row, "quantity": 1e20, "unitPrice": 1e10}]),
        "invoiceRows[0].discountPercent": sales_invoice(invoiceRows=[{**row, "discountPercent": 1e30}]),
        "discountPercent": sales_invoice(discountPercent=-1e30),
        "paymentInfo.currencyRate": sales_invoice(paymentInfo=sek),
        "invoiceRows[1]": sales_invoice(invoiceRows=[{**row, "quantity": 1, "unitPrice": 6e14}] * 2),
    }
    for field, payload in cases.items():
        reply = api.post("/invoices", json=payload)
        assert reply.status_code == 400, reply.text
        [err] = reply.json()["errors"]
        assert err["field"] == field and err["message"].startswith(f"Value of the '{field}' field is out of range")
    # a refused invoice uses up no id or invoice number
    second = api.post("/invoices", json=sales_invoice()).json()
    assert second["id"] == first["id"] + 1 and second["invoiceNumber"] == first["invoiceNumber"] + 1
    assert api.post("/invoices", json=sales_invoice(invoiceRows=[{**row, "quantity": 1,
                                                                   "unitPrice": 7e14}])).status_code == 200
