"""The Procountor-specific control routes under /_sim: invoice status, dimensions, fiscal years."""

from __future__ import annotations

import pytest


@pytest.fixture
def sim(procountor):
    """(client on the simulator root, base path of this tenant's Procountor control routes)."""
    return procountor.http(), f"/_sim/tenants/{procountor.id}/procountor"


@pytest.fixture
def invoice(procountor, sales_invoice) -> dict:
    reply = procountor.api().post("/invoices", json=sales_invoice())
    assert reply.status_code == 200, reply.text
    return reply.json()


def _with_dimensions(procountor) -> None:
    procountor.seed({**procountor.export(), "dimensions": [
        {"id": 1, "name": "Projektit", "items": [{"id": 11, "codeName": "Alpha"},
                                                 {"id": 12, "codeName": "Beta"},
                                                 {"id": 13, "codeName": "Vanha", "status": "P"}]},
        {"id": 2, "name": "Kustannuspaikat", "items": [{"id": 21, "codeName": "Helsinki"}]}]})


def test_routes_are_in_the_control_plane_openapi(sim):
    http, _ = sim
    paths = http.get("/_sim/openapi.json").json()["paths"]
    for path in ("/_sim/tenants/{tenant_id}/procountor/invoices/{invoice_id}/status",
                 "/_sim/tenants/{tenant_id}/procountor/invoices/{invoice_id}/dimensions",
                 "/_sim/tenants/{tenant_id}/procountor/fiscalyears/{fiscal_year_id}/close",
                 "/_sim/tenants/{tenant_id}/procountor/fiscalyears/{fiscal_year_id}/open"):
        assert path in paths


# ------------------------------------------------------------------------ status
def test_set_status_to_any_vendor_status(procountor, sim, invoice):
    http, base = sim
    procountor.clock.advance(2 * 86400)
    procountor.clock.freeze()
    today = procountor.state.today().isoformat()
    stamp = procountor.state.local_now().isoformat(timespec="milliseconds")
    reply = http.post(f"{base}/invoices/{invoice['id']}/status", json={"status": "PAID"})
    assert reply.status_code == 200
    body = reply.json()
    assert (body["status"], body["paymentDate"], body["version"]) == ("PAID", today, stamp)
    assert "created" not in body
    assert procountor.api().get(f"/invoices/{invoice['id']}").json()["status"] == "PAID"


def test_set_status_refuses_unknown_values_with_400(sim, invoice):
    http, base = sim
    for status in ("NOT_FINISHED", "paid", ""):
        reply = http.post(f"{base}/invoices/{invoice['id']}/status", json={"status": status})
        assert reply.status_code == 400
        assert reply.json()["error"]["code"] == "invalid_status"
        assert "PAYMENT_QUEUED" in reply.json()["error"]["allowed"]
    bad_date = http.post(f"{base}/invoices/{invoice['id']}/status", json={"status": "PAID", "paymentDate": "15.1.2026"})
    assert bad_date.status_code == 400 and bad_date.json()["error"]["code"] == "invalid_date"
    assert http.post(f"{base}/invoices/{invoice['id']}/status", json={}).status_code == 422


def test_unknown_tenant_or_invoice_is_404(procountor, sim, invoice):
    http, base = sim
    for invoice_id in ("999999", "abc", "-1"):
        reply = http.post(f"{base}/invoices/{invoice_id}/status", json={"status": "PAID"})
        assert reply.status_code == 404
        assert reply.json()["error"]["code"] == "invoice_not_found"
    reply = http.post(f"/_sim/tenants/nobody/procountor/invoices/{invoice['id']}/status", json={"status": "PAID"})
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "tenant_not_found"
    assert http.get("/_sim/tenants/nobody/procountor/invoices/1/dimensions").status_code == 404
    assert http.post("/_sim/tenants/nobody/procountor/fiscalyears/1/close").status_code == 404


# ------------------------------------------------------------------------ dimensions
def test_dimensions_are_validated_against_the_company(procountor, sim, invoice):
    _with_dimensions(procountor)
    http, base = sim
    url = f"{base}/invoices/{invoice['id']}/dimensions"
    cases = [
        ([{"dimensionId": 9, "itemId": 11, "value": 1}], "dimensionItemValues[0]",
         "DIMENSION_OR_DIMENSION_ITEM_IDENTIFIERS_DOES_NOT_MATCH_THOSE_STORED_IN_DATABASE"),
        ([{"dimensionId": 1, "itemId": 21, "value": 1}], "dimensionItemValues[0]",
         "DIMENSION_OR_DIMENSION_ITEM_IDENTIFIERS_DOES_NOT_MATCH_THOSE_STORED_IN_DATABASE"),
        ([{"dimensionId": 1, "itemId": 13, "value": 1}], "dimensionItemValues[0]",
         "DIMENSION_OR_DIMENSION_ITEM_IDENTIFIERS_DOES_NOT_MATCH_THOSE_STORED_IN_DATABASE"),
        ([{"dimensionId": 1, "itemId": 11, "value": 1}, {"dimensionId": 1, "itemId": 11, "value": 2}],
         "dimensionItemValues[1]",
         "Value of the 'dimensionItemValues[1]' field is invalid: dimension item given twice"),
        ([{"dimensionId": 1, "itemId": 11, "value": 1.005}], "dimensionItemValues[0].value",
         "Value of the 'dimensionItemValues[0].value' field is invalid: 1.005"),
        ([{"dimensionId": 1, "itemId": 11, "value": 1e20}], "dimensionItemValues[0].value",
         "Value of the 'dimensionItemValues[0].value' field is invalid: 1e+20"),
        ([{"dimensionId": "1", "itemId": 11}], "dimensionItemValues[0].dimensionId",
         "Value of the 'dimensionItemValues[0].dimensionId' field is invalid: 1"),
        ([{"dimensionId": 1}], "dimensionItemValues[0].itemId",
         "Value of the 'dimensionItemValues[0].itemId' cannot be blank."),
    ]
    for values, field, message in cases:
        reply = http.post(url, json={"dimensionItemValues": values})
        assert reply.status_code == 400, values
        error = reply.json()["error"]
        assert error["code"] == "invalid_dimensions"
        assert error["details"] == [{"status": 400, "field": field, "message": message}]
    assert http.get(url).json()["dimensionItemValues"] == []


def test_dimensions_replace_and_clear_and_change_the_version(procountor, sim, invoice):
    _with_dimensions(procountor)
    http, base = sim
    url = f"{base}/invoices/{invoice['id']}/dimensions"
    values = [{"dimensionId": 1, "itemId": 11, "value": 5.0}, {"dimensionId": 1, "itemId": 12, "value": 2},
              {"dimensionId": 2, "itemId": 21}]
    reply = http.post(url, json={"dimensionItemValues": values})
    assert reply.status_code == 200
    assert reply.json()["dimensionItemValues"] == [
        {"dimensionId": 1, "itemId": 11, "value": 5.0}, {"dimensionId": 1, "itemId": 12, "value": 2.0},
        {"dimensionId": 2, "itemId": 21, "value": 7.0}]  # default: the net total
    api = procountor.api()
    assert api.get(f"/invoices/{invoice['id']}").json()["version"] > invoice["version"]
    cleared = http.post(url, json={"dimensionItemValues": []})
    assert cleared.json() == {"invoiceId": invoice["id"], "dimensionItemValues": []}
    assert "dimensionItemValues" not in next(i for i in procountor.export()["invoices"] if i["id"] == invoice["id"])


def test_seeded_dimensions_are_checked_like_the_control_route(procountor, sim, invoice):
    _with_dimensions(procountor)
    http, _ = sim
    dataset = procountor.export()
    dataset["invoices"][0]["dimensionItemValues"] = [{"dimensionId": 1, "itemId": 13, "value": 7}]
    reply = http.post(f"/_sim/tenants/{procountor.id}/seed", json=dataset)
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "invalid_dataset"
    assert reply.json()["error"]["details"][0]["path"] == "$.procountor.invoices[0].dimensionItemValues[0]"
    dataset["invoices"][0]["dimensionItemValues"] = [{"dimensionId": 1, "itemId": 12, "value": 7}]
    assert http.post(f"/_sim/tenants/{procountor.id}/seed", json=dataset).status_code == 200
    assert procountor.state.invoice_dimensions == {invoice["id"]: [{"dimensionId": 1, "itemId": 12, "value": 7.0}]}


# ------------------------------------------------------------------------ fiscal years
def _this_year(procountor) -> dict:
    today = procountor.state.today().isoformat()
    years = procountor.api().get("/fiscalyears").json()["fiscalYears"]
    return next(y for y in years if y["startDate"] <= today <= y["endDate"])


def test_closing_the_year_closes_its_periods_and_refuses_invoices(procountor, sim, invoice, sales_invoice):
    http, base = sim
    year = _this_year(procountor)
    closed = http.post(f"{base}/fiscalyears/{year['id']}/close")
    assert closed.status_code == 200
    assert closed.json()["isOpen"] is False
    assert {p["status"] for p in closed.json()["trackingPeriods"]} == {"CLOSED"}
    api = procountor.api()
    assert _this_year(procountor)["isOpen"] is False
    create = api.post("/invoices", json=sales_invoice())
    assert create.status_code == 400
    assert create.json() == {"errors": [{"status": 400, "field": "date", "message": "CLOSED_FISCAL_PERIOD"}]}
    approve = api.put(f"/invoices/{invoice['id']}/approve")
    assert approve.status_code == 403 and approve.json()["errors"][0]["message"] == "CLOSED_FISCAL_PERIOD"
    opened = http.post(f"{base}/fiscalyears/{year['id']}/open")
    assert opened.json()["isOpen"] is True and {p["status"] for p in opened.json()["trackingPeriods"]} == {"OPEN"}
    assert api.post("/invoices", json=sales_invoice()).status_code == 200
    assert api.put(f"/invoices/{invoice['id']}/approve").status_code == 200


def test_closing_one_period_closes_only_its_dates(procountor, sim, sales_invoice):
    http, base = sim
    y = procountor.state.today().year
    procountor.clock.freeze(f"{y}-06-15T12:00:00+03:00")
    year = _this_year(procountor)
    june = next(p for p in year["trackingPeriods"] if p["startDate"] == f"{y}-06-01")
    reply = http.post(f"{base}/fiscalyears/{year['id']}/trackingPeriods/{june['id']}/close")
    assert reply.status_code == 200
    assert [p["status"] for p in reply.json()["trackingPeriods"]].count("CLOSED") == 1
    api = procountor.api()
    june_invoice = sales_invoice(date=f"{y}-06-15")
    june_invoice["paymentInfo"]["dueDate"] = f"{y}-06-30"
    assert api.post("/invoices", json=june_invoice).json()["errors"][0]["message"] == "CLOSED_FISCAL_PERIOD"
    july_invoice = sales_invoice(date=f"{y}-07-01")
    july_invoice["paymentInfo"]["dueDate"] = f"{y}-07-15"
    assert api.post("/invoices", json=july_invoice).status_code == 200
    assert http.post(f"{base}/fiscalyears/{year['id']}/trackingPeriods/{june['id']}/open").status_code == 200
    assert api.post("/invoices", json=june_invoice).status_code == 200


def test_opening_a_period_of_a_closed_year_opens_the_year_but_not_its_other_periods(procountor, sim):
    http, base = sim
    years = procountor.api().get("/fiscalyears").json()["fiscalYears"]
    last = next(y for y in years if not y["isOpen"])
    first_period = last["trackingPeriods"][0]
    reply = http.post(f"{base}/fiscalyears/{last['id']}/trackingPeriods/{first_period['id']}/open")
    assert reply.json()["isOpen"] is True
    assert [p["status"] for p in reply.json()["trackingPeriods"]] == ["OPEN"] + ["CLOSED"] * 11


def test_unknown_fiscal_year_or_period_is_404(procountor, sim):
    http, base = sim
    reply = http.post(f"{base}/fiscalyears/999/close")
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "fiscal_year_not_found"
    year = _this_year(procountor)
    reply = http.post(f"{base}/fiscalyears/{year['id']}/trackingPeriods/1/open")
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "tracking_period_not_found"
