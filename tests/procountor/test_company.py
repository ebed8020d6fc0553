"""Company-level resources through HTTP: company card, fiscal years, VAT, bank accounts, session and user."""

from __future__ import annotations

from typing import Any

import pytest


def _company_card(api: Any) -> dict[str, Any]:
    reply = api.get("/company")
    assert reply.status_code == 200
    return reply.json()


def _bank_account(**overrides: Any) -> dict[str, Any]:
    account: dict[str, Any] = {
        "iban": "FI49 5000 9420 0287 30", "bic": "OKOYFIHH", "bankName": "OP", "currency": "EUR",
        "defaultForInvoice": False, "defaultForPayment": False, "status": "ACTIVE", "ledgerAccount": "1911",
        "showAccountOnInvoice": True, "allowPayments": True, "allowForeignPayments": False,
    }
    account.update(overrides)
    return account


# ------------------------------------------------------------------------ company
def test_company_card_holds_the_sender_details(procountor):
    card = _company_card(procountor.api())
    assert card["id"] == 10001 and card["name"] == "Simulaattori Oy"
    assert card["country"] == "FINLAND" and card["companyCurrency"] == "EUR"
    assert card["companyAddress"] == {"street": "Mannerheimintie 1", "zip": "00100", "city": "Helsinki",
                                      "country": "FINLAND"}
    assert card["billingAddress"]["city"] == "Helsinki"
    assert card["businessIdentifier"] == {"brnType": "FI", "code": "2639476-5"}
    assert card["productVersion"] == "FINANCIALS_BASIC" and card["operationType"] == "PRODUCTION"


def test_company_card_comes_from_the_dataset(procountor):
    procountor.seed({"company": {"id": 77, "name": "Seeded Ab", "country": "SWEDEN", "companyCurrency": "SEK"}})
    card = _company_card(procountor.api())
    assert card == {"id": 77, "name": "Seeded Ab", "country": "SWEDEN", "companyCurrency": "SEK"}


def test_put_company_replaces_the_card_but_keeps_environment_fields(procountor):
    api = procountor.api()
    card = _company_card(api)
    changed = {**card, "name": "Uusi Nimi Oy", "productVersion": "FLEX", "country": "SWEDEN",
               "companyAddress": {"street": "Aleksanterinkatu 5", "zip": "00170", "city": "Helsinki",
                                  "country": "FINLAND"},
               "currencyRateSearchDensity": "LAST_DAY_OF_THE_MONTH"}
    del changed["billingAddress"]
    reply = api.put("/company", json=changed)
    assert reply.status_code == 200
    assert reply.json() == {"message": "Company info was successfully updated."}
    after = _company_card(api)
    assert after["name"] == "Uusi Nimi Oy"
    assert after["companyAddress"]["street"] == "Aleksanterinkatu 5"
    assert after["currencyRateSearchDensity"] == "LAST_DAY_OF_THE_MONTH"
    assert "billingAddress" not in after  # PUT overwrites all the fields
    assert after["productVersion"] == "FINANCIALS_BASIC" and after["country"] == "FINLAND"
    assert after["id"] == card["id"] and after["companyCurrency"] == "EUR"
    assert procountor.state.company["name"] == "Uusi Nimi Oy"


def test_put_company_validation_names_the_field(procountor):
    api = procountor.api()
    card = _company_card(api)

    def errors(body: dict[str, Any]) -> list[dict[str, Any]]:
        reply = api.put("/company", json=body)
        assert reply.status_code == 400
        return reply.json()["errors"]

    missing_name = {k: v for k, v in card.items() if k != "name"}
    assert errors(missing_name) == [{"status": 400, "field": "name", "message": "Value of the 'name' cannot be blank."}]
    assert errors({**card, "id": 1})[0]["field"] == "id"
    long_street = {**card, "companyAddress": {**card["companyAddress"], "street": "x" * 81}}
    assert errors(long_street) == [{"status": 400, "field": "companyAddress.street",
                                    "message": "SIZE_MUST_BE_BETWEEN_0_AND_80"}]
    assert errors({**card, "name": "Firma 🙂 Oy"})[0]["field"] == "name"
    bad_brn = {**card, "businessIdentifier": {"brnType": "FI", "code": "1234567-8"}}
    assert errors(bad_brn) == [{"status": 400, "field": "businessIdentifier.code", "message": "ERROR_BRN_CODE"}]
    assert errors({**card, "country": "NARNIA"})[0]["field"] == "country"
    assert _company_card(api) == card  # nothing changed
    assert api.put("/company", content=b"{", headers={"content-type": "application/json"}).status_code == 400


def test_company_needs_a_token(procountor):
    reply = procountor.http().get("/api/company")
    assert reply.status_code == 401
    assert reply.json() == {"errors": [{"status": 401, "message": "Unauthorized"}]}


# ------------------------------------------------------------------------ fiscal years
def test_fiscal_years_are_newest_first_with_chronological_periods(procountor):
    this_year = procountor.state.today().year
    body = procountor.api().get("/fiscalyears").json()
    years = body["fiscalYears"]
    assert [y["startDate"] for y in years] == [f"{this_year + 1}-01-01", f"{this_year}-01-01",
                                               f"{this_year - 1}-01-01"]
    assert [y["isOpen"] for y in years] == [True, True, False]
    periods = years[1]["trackingPeriods"]
    assert len(periods) == 12 and periods == sorted(periods, key=lambda p: p["startDate"])
    assert set(periods[0]) == {"id", "startDate", "endDate", "status", "modified"}
    assert {p["status"] for p in years[2]["trackingPeriods"]} == {"CLOSED"}


def test_fiscal_years_from_a_dataset_are_sorted(procountor):
    procountor.seed({"fiscalYears": [
        {"id": 7, "startDate": "2025-01-01", "endDate": "2025-12-31", "isOpen": True, "trackingPeriods": [
            {"id": 72, "startDate": "2025-07-01", "endDate": "2025-12-31", "status": "OPEN"},
            {"id": 71, "startDate": "2025-01-01", "endDate": "2025-06-30", "status": "CLOSED"},
        ]},
        {"id": 8, "startDate": "2026-01-01", "endDate": "2026-12-31", "isOpen": True, "trackingPeriods": []},
    ]})
    years = procountor.api().get("/fiscalyears").json()["fiscalYears"]
    assert [y["id"] for y in years] == [8, 7]
    assert [p["id"] for p in years[1]["trackingPeriods"]] == [71, 72]


def _period(procountor, year_offset: int = 0, month: int = 1) -> tuple[int, int]:
    year = procountor.state.today().year + year_offset
    for fy in procountor.state.fiscal_years:
        if fy["startDate"].startswith(str(year)):
            return fy["id"], fy["trackingPeriods"][month - 1]["id"]
    raise AssertionError("no such fiscal year")


def test_tracking_period_can_go_from_open_to_pending_once(procountor):
    api = procountor.api()
    year_id, period_id = _period(procountor, month=3)
    path = f"/fiscalyears/{year_id}/trackingPeriods/{period_id}"
    reply = api.put(path, json={"status": "PENDING"})
    assert reply.status_code == 200
    assert reply.json() == {"message": "Fiscal period was successfully marked as pending."}
    year = next(y for y in api.get("/fiscalyears").json()["fiscalYears"] if y["id"] == year_id)
    period = next(p for p in year["trackingPeriods"] if p["id"] == period_id)
    assert period["status"] == "PENDING"
    assert period["modified"] == procountor.state.local_now().isoformat(timespec="seconds")
    again = api.put(path, json={"status": "PENDING"})
    assert again.status_code == 409
    assert again.json()["errors"][0]["status"] == 409 and again.json()["errors"][0]["field"] == "status"


@pytest.mark.parametrize("status", ["OPEN", "CLOSED"])
def test_tracking_period_allows_no_other_change(procountor, status):
    api = procountor.api()
    year_id, period_id = _period(procountor)
    reply = api.put(f"/fiscalyears/{year_id}/trackingPeriods/{period_id}", json={"status": status})
    assert reply.status_code == 409
    assert reply.json()["errors"][0]["status"] == 409
    assert procountor.state.fiscal_years[1]["trackingPeriods"][0]["status"] == "OPEN"


def test_closed_tracking_period_cannot_become_pending(procountor):
    year_id, period_id = _period(procountor, year_offset=-1)
    reply = procountor.api().put(f"/fiscalyears/{year_id}/trackingPeriods/{period_id}", json={"status": "PENDING"})
    assert reply.status_code == 409


def test_tracking_period_unknown_ids_and_bad_bodies(procountor):
    api = procountor.api()
    year_id, period_id = _period(procountor)
    other_year, _ = _period(procountor, year_offset=1)
    not_found = {"errors": [{"status": 404, "message": "Fiscal period not found."}]}
    for path in (f"/fiscalyears/999/trackingPeriods/{period_id}",
                 f"/fiscalyears/{other_year}/trackingPeriods/{period_id}",
                 f"/fiscalyears/{year_id}/trackingPeriods/999999", "/fiscalyears/x/trackingPeriods/1"):
        reply = api.put(path, json={"status": "PENDING"})
        assert reply.status_code == 404 and reply.json() == not_found
    path = f"/fiscalyears/{year_id}/trackingPeriods/{period_id}"
    bad = api.put(path, json={"status": "DONE"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    missing = api.put(path, json={})
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "status"
    assert api.put(path).status_code == 400


# ------------------------------------------------------------------------ VAT
def test_default_vats_come_from_the_company_settings(procountor):
    body = procountor.api().get("/vats/default").json()
    assert body["vatInformation"] == [{"country": "Finland", "percentages": [
        {"vatPercent": p, "sales": True, "purchase": True} for p in (25.5, 24.0, 14.0, 13.5, 10.0, 0.0)]}]
    statuses = {s["vatStatus"]: s for s in body["vatStatuses"]}
    assert sorted(statuses) == sorted(procountor.state.vat_statuses)
    assert statuses[1] == {"vatStatus": 1, "description": "Domestic sales and purchases, taxable", "sales": True,
                           "purchase": True}
    assert statuses[3]["sales"] is True and statuses[3]["purchase"] is False


def test_default_vats_follow_a_seeded_company(procountor):
    procountor.seed({"vatPercents": [24, 0], "vatStatuses": [{"code": 1, "description": "Domestic"}]})
    body = procountor.api().get("/vats/default").json()
    assert [p["vatPercent"] for p in body["vatInformation"][0]["percentages"]] == [24.0, 0.0]
    assert body["vatStatuses"] == [{"vatStatus": 1, "description": "Domestic", "sales": True, "purchase": True}]


def test_vats_for_a_country(procountor):
    api = procountor.api()
    assert api.get("/vats/country", params={"countryCode": "FI"}).json() == {
        "vatPercentages": [25.5, 14.0, 13.5, 10.0, 0.0]}
    assert api.get("/vats/country", params={"countryCode": "SE"}).json() == {"vatPercentages": [25.0, 12.0, 6.0, 0.0]}
    assert api.get("/vats/country", params={"countryCode": "fi"}).status_code == 200
    unknown = api.get("/vats/country", params={"countryCode": "XX"})
    assert unknown.status_code == 400
    assert unknown.json() == {"errors": [{"status": 400, "field": "countryCode",
                                          "message": "Value of the 'countryCode' field is invalid: XX"}]}
    missing = api.get("/vats/country")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "countryCode"


# ------------------------------------------------------------------------ bank accounts
def test_bank_accounts_list_in_the_spec_shape(procountor):
    body = procountor.api().get("/bankaccounts").json()
    assert body["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 1, "totalCount": 1}
    assert body["results"] == [{"id": 1, "accountNumber": "12345600000785", "iban": "FI2112345600000785",
                                "bic": "NDEAFIHH", "bankName": "Nordea", "currency": "EUR",
                                "defaultForInvoice": True, "defaultForPayment": True, "status": "ACTIVE",
                                "orderNo": 1}]


def test_bank_account_by_id(procountor):
    api = procountor.api()
    account = api.get("/bankaccounts/1").json()
    assert account["iban"] == "FI2112345600000785" and account["ledgerAccount"] == "1910"
    for required in ("currency", "defaultForInvoice", "defaultForPayment", "status", "showAccountOnInvoice",
                     "allowPayments", "allowForeignPayments"):
        assert required in account
    for path in ("/bankaccounts/2", "/bankaccounts/abc"):
        reply = api.get(path)
        assert reply.status_code == 404
        assert reply.json() == {"errors": [{"status": 404, "message": "Bank account not found."}]}


def test_create_bank_account(procountor):
    api = procountor.api()
    reply = api.post("/bankaccounts", json=_bank_account(defaultForInvoice=True))
    assert reply.status_code == 200
    created = reply.json()
    assert created["id"] == 2 and created["iban"] == "FI4950009420028730"
    assert created["accountNumber"] == "50009420028730" and created["orderNo"] == 2
    assert created["bankName"] == "OP" and created["ledgerAccount"] == "1911"
    assert created["version"] and created["created"] == created["version"]
    assert api.get("/bankaccounts/2").json() == created
    listed = api.get("/bankaccounts").json()["results"]
    assert [a["id"] for a in listed] == [1, 2]
    # one default for invoices: the new one took the flag; the payment default stays where it was
    assert [a["defaultForInvoice"] for a in listed] == [False, True]
    assert [a["defaultForPayment"] for a in listed] == [True, False]


def test_invoice_can_use_a_new_bank_account(procountor, sales_invoice):
    api = procountor.api()
    payment = {**sales_invoice()["paymentInfo"], "bankAccount": {"accountNumber": "FI4950009420028730"}}
    assert api.post("/invoices", json=sales_invoice(paymentInfo=payment)).status_code == 400
    assert api.post("/bankaccounts", json=_bank_account()).status_code == 200
    assert api.post("/invoices", json=sales_invoice(paymentInfo=payment)).status_code == 200


def test_inactive_bank_account_has_every_flag_off(procountor):
    created = procountor.api().post("/bankaccounts", json=_bank_account(status="INACTIVE", allowPayments=True)).json()
    assert created["status"] == "INACTIVE"
    assert not any(created[k] for k in ("defaultForInvoice", "defaultForPayment", "showAccountOnInvoice",
                                        "allowPayments", "allowForeignPayments"))


def test_bank_account_iban_is_checked_and_unique(procountor):
    api = procountor.api()
    bad = api.post("/bankaccounts", json=_bank_account(iban="FI4950009420028731"))
    assert bad.status_code == 400
    assert bad.json() == {"errors": [{"status": 400, "field": "iban",
                                      "message": "Value of the 'iban' field is invalid: FI4950009420028731"}]}
    duplicate = api.post("/bankaccounts", json=_bank_account(iban="fi21 1234 5600 0007 85"))
    assert duplicate.status_code == 409
    assert duplicate.json() == {"errors": [{"status": 409, "field": "iban", "message": "Bank account already in use."}]}
    assert api.post("/bankaccounts", json=_bank_account()).status_code == 200
    assert api.post("/bankaccounts", json=_bank_account()).status_code == 409
    missing = api.post("/bankaccounts", json={"iban": "FI4950009420028730"})
    assert missing.status_code == 400
    fields = {e["field"] for e in missing.json()["errors"]}
    assert {"currency", "defaultForInvoice", "status", "ledgerAccount", "allowPayments"} <= fields
    assert len(procountor.state.bank_accounts) == 2


def test_bank_account_ordering_and_paging(procountor):
    api = procountor.api()
    api.post("/bankaccounts", json=_bank_account(orderNo=0))
    api.post("/bankaccounts", json=_bank_account(iban="SE4550000000058398257466", currency="SEK", orderNo=5))
    by_number = api.get("/bankaccounts").json()["results"]
    assert [a["id"] for a in by_number] == [2, 1, 3]
    assert [a["id"] for a in api.get("/bankaccounts", params={"orderByOrderNo": "DESC"}).json()["results"]] == [3, 1, 2]
    assert [a["id"] for a in api.get("/bankaccounts", params={"orderById": "DESC"}).json()["results"]] == [3, 2, 1]
    after = api.get("/bankaccounts", params={"previousId": 2}).json()["results"]
    assert [a["id"] for a in after] == [1, 3]
    assert [a["id"] for a in api.get("/bankaccounts", params={"orderById": "ASC", "previousId": 1}).json()[
        "results"]] == [2, 3]
    page = api.get("/bankaccounts", params={"size": 1, "page": 1}).json()
    assert [a["id"] for a in page["results"]] == [1]
    assert page["meta"] == {"pageNumber": 1, "pageSize": 1, "resultCount": 1, "totalCount": 3}
    unknown = api.get("/bankaccounts", params={"previousId": 99})
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["message"] == "The given previousId is not identifier of existing bank account."
    assert api.get("/bankaccounts", params={"size": 201}).json()["errors"][0]["field"] == "size"
    assert api.get("/bankaccounts", params={"orderById": "UP"}).status_code == 400
    assert api.get("/bankaccounts", params={"page": 2**31}).json()["errors"][0]["field"] == "page"


# ------------------------------------------------------------------------ session and user
def test_session_info(procountor):
    assert procountor.api().get("/sessioninfo").json() == {
        "companyId": 10001, "name": "Simulaattori Oy", "country": "FINLAND", "productVersion": "FINANCIALS_BASIC",
        "userId": 1, "userName": "API User", "companySettings": {"invoiceDiscussionEnabled": False},
    }


def test_current_user_is_the_api_user(procountor):
    user = procountor.api().get("/users").json()
    assert user["id"] == 1 and user["companyId"] == 10001 and user["countryCode"] == "FINLAND"
    for required in ("firstName", "lastName", "email", "mobilePhone"):
        assert user[required]
    procountor.verify(method="GET", path="/users", count=1)
