"""Customers through HTTP: create, read, full replace, delete, the vendor's rules and their error codes, the list
with OData and paging, scopes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simulators.eekonomi import defaults, schema

SALES_READONLY = "ea:api offline_access ea:sales_readonly"


def customer(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Name": "Kundbolaget AB",
        "InvoiceAddress1": "Storgatan 1",
        "InvoicePostalCode": "111 22",
        "InvoiceCity": "Stockholm",
        "TermsOfPaymentId": defaults.TERMS_30_DAYS,
        "IsPrivatePerson": False,
        "IsActive": True,
    }
    body.update(copy.deepcopy(overrides))
    return body


def problem(reply, status: int, code: int) -> list[dict[str, Any]]:
    """The error body's Errors after checking status and ErrorCode."""
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["ErrorCode"] == code, body
    assert body["DeveloperErrorMessage"] and body["ErrorId"]
    return body.get("Errors") or []


def fields_of(errors: list[dict[str, Any]]) -> set[str]:
    return {e["Field"] for e in errors}


@pytest.fixture
def api(eekonomi):
    eekonomi.clock.freeze("2026-03-02T10:00:00Z")
    return eekonomi.api()


# ------------------------------------------------------------------------ create and read
def test_create_returns_201_with_server_fields(api, eekonomi):
    reply = api.post("/customers", json=customer(EmailAddress="faktura@kundbolaget.se"))
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert list(body) == schema.fields("CustomerApi")
    assert body["Id"] and body["CustomerNumber"] == "1"
    assert body["ChangedUtc"] == "2026-03-02T10:00:00Z"
    assert body["CurrencyCode"] == "SEK"
    assert body["TermsOfPayment"]["Id"] == defaults.TERMS_30_DAYS
    assert body["TermsOfPayment"]["NumberOfDays"] == 30 and body["TermsOfPayment"]["Name"] == "30 dagar netto"
    assert body["IsFutureInvoiceDateAllowed"] is True
    assert body["UnpaidInvoicesAmount"] == 0 and body["LastInvoiceDate"] is None
    assert body["EmailAddress"] == "faktura@kundbolaget.se" and body["VatNumber"] is None
    assert api.get(f"/customers/{body['Id']}").json() == body
    assert eekonomi.state.customers[body["Id"]]["Name"] == "Kundbolaget AB"


def test_read_only_fields_in_the_body_are_ignored(api):
    body = api.post("/customers", json=customer(Id="0f8fad5b-d9cb-469f-a165-70867728950e",
                                                ChangedUtc="2000-01-01T00:00:00Z", UnpaidInvoicesAmount=99,
                                                TermsOfPayment={"Name": "whatever", "NumberOfDays": 99})).json()
    assert body["Id"] != "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert body["ChangedUtc"] == "2026-03-02T10:00:00Z" and body["UnpaidInvoicesAmount"] == 0
    assert body["TermsOfPayment"]["NumberOfDays"] == 30


def test_cash_terms_do_not_allow_future_invoice_dates(api):
    body = api.post("/customers", json=customer(TermsOfPaymentId=defaults.TERMS_CASH)).json()
    assert body["IsFutureInvoiceDateAllowed"] is False
    assert body["TermsOfPayment"]["TermsOfPaymentTypeText"] == "Cash"


def test_names_in_any_casing_are_accepted(api):
    reply = api.post("/customers", json={"name": "Små Bolaget AB", "invoicecity": "Lund", "INVOICEPOSTALCODE": "222 22",
                                         "termsOfPaymentId": defaults.TERMS_30_DAYS.upper(), "isPrivatePerson": False,
                                         "isActive": True})
    assert reply.status_code == 201, reply.text
    assert reply.json()["Name"] == "Små Bolaget AB"
    assert reply.json()["TermsOfPaymentId"] == defaults.TERMS_30_DAYS


def test_unknown_customer_is_404_and_malformed_id_400(api):
    errors = problem(api.get("/customers/0f8fad5b-d9cb-469f-a165-70867728950e"), 404, 3000)
    assert errors == []
    errors = problem(api.get("/customers/not-a-guid"), 400, 2000)
    assert fields_of(errors) == {"customerId"}


def test_routes_ignore_case(api):
    created = api.post("/Customers", json=customer()).json()
    assert api.get(f"/CUSTOMERS/{created['Id'].upper()}").json()["Id"] == created["Id"]


# ------------------------------------------------------------------------ customer numbers
def test_customer_numbers_are_assigned_from_company_settings(api):
    first = api.post("/customers", json=customer()).json()
    second = api.post("/customers", json=customer(CustomerNumber="")).json()
    assert (first["CustomerNumber"], second["CustomerNumber"]) == ("1", "2")
    explicit = api.post("/customers", json=customer(CustomerNumber="100")).json()
    assert explicit["CustomerNumber"] == "100"
    assert api.post("/customers", json=customer()).json()["CustomerNumber"] == "101"
    assert api.get("/companysettings").json()["NextCustomerNumber"] == 102
    assert api.post("/customers", json=customer(CustomerNumber="K-7")).json()["CustomerNumber"] == "K-7"
    assert api.get("/companysettings").json()["NextCustomerNumber"] == 102


def test_auto_number_skips_numbers_in_use(api, eekonomi):
    eekonomi.seed({"customers": [customer(CustomerNumber="1"), customer(CustomerNumber="2")]})  # counter still 1
    assert api.post("/customers", json=customer()).json()["CustomerNumber"] == "3"
    assert api.get("/companysettings").json()["NextCustomerNumber"] == 4


def test_duplicate_customer_number_is_4000(api):
    api.post("/customers", json=customer(CustomerNumber="K1"))
    errors = problem(api.post("/customers", json=customer(CustomerNumber="k1")), 400, 4000)
    assert fields_of(errors) == {"CustomerNumber"}


def test_customer_number_longer_than_16_is_2000(api):
    errors = problem(api.post("/customers", json=customer(CustomerNumber="1" * 17)), 400, 2000)
    assert fields_of(errors) == {"CustomerNumber"} and errors[0]["ErrorCode"] == "MaxLength"


# ------------------------------------------------------------------------ model validation (2000) and references
def test_required_fields_are_2000_with_each_field(api):
    errors = problem(api.post("/customers", json={"Name": " "}), 400, 2000)
    assert fields_of(errors) == {"Name", "InvoiceCity", "InvoicePostalCode", "TermsOfPaymentId", "IsPrivatePerson",
                                 "IsActive"}
    assert {e["ErrorCode"] for e in errors} == {"Required"}


def test_unknown_field_is_400(api):
    errors = problem(api.post("/customers", json=customer(Nmae="typo")), 400, 2000)
    assert fields_of(errors) == {"Nmae"} and errors[0]["ErrorCode"] == "UnknownField"


def test_unknown_terms_of_payment_is_3000(api):
    errors = problem(api.post("/customers", json=customer(TermsOfPaymentId="0f8fad5b-d9cb-469f-a165-70867728950e")),
                     400, 3000)
    assert fields_of(errors) == {"TermsOfPaymentId"}


@pytest.mark.parametrize(("value", "reason"), [(1.5, "Range"), (-0.1, "Range"), (0.12345, "Pattern")])
def test_discount_percentage_is_a_fraction_with_four_decimals(api, value, reason):
    errors = problem(api.post("/customers", json=customer(DiscountPercentage=value)), 400, 2000)
    assert fields_of(errors) == {"DiscountPercentage"} and errors[0]["ErrorCode"] == reason
    assert api.post("/customers", json=customer(DiscountPercentage=0.125)).json()["DiscountPercentage"] == 0.125


def test_more_than_five_cc_addresses_is_2000(api):
    cc = [f"cc{i}@kund.se" for i in range(6)]
    errors = problem(api.post("/customers", json=customer(EmailAddress="a@kund.se", EmailAddresses=cc)), 400, 2000)
    assert fields_of(errors) == {"EmailAddresses"}
    ok = api.post("/customers", json=customer(EmailAddress="a@kund.se", EmailAddresses=cc[:5]))
    assert ok.status_code == 201 and ok.json()["EmailAddresses"] == cc[:5]


@pytest.mark.parametrize(("field", "value"), [("VatNumber", "SE12"), ("InvoiceCountryCode", "S1"),
                                             ("CurrencyCode", "kr1")])
def test_malformed_codes_are_2000(api, field, value):
    errors = problem(api.post("/customers", json=customer(**{field: value, "InvoiceCountryCode": "SE"}
                                                          if field != "InvoiceCountryCode" else {field: value})),
                     400, 2000)
    assert fields_of(errors) == {field}


def test_country_and_currency_codes_are_upper_cased(api):
    body = api.post("/customers", json=customer(InvoiceCountryCode="de", CurrencyCode="eur",
                                                VatNumber="DE284713566")).json()
    assert (body["InvoiceCountryCode"], body["CurrencyCode"]) == ("DE", "EUR")


# ------------------------------------------------------------------------ combinations (4002)
@pytest.mark.parametrize(("overrides", "fields"), [
    ({"VatNumber": "SE556703218901"}, {"InvoiceCountryCode"}),
    ({"ReverseChargeOnConstructionServices": True}, {"VatNumber"}),
    ({"ForceBookkeepVat": True, "InvoiceCountryCode": "DE"}, {"ForceBookkeepVat"}),
    ({"EmailAddresses": ["cc@kund.se"]}, {"EmailAddress"}),
    ({"DeliveryBasedVat": True, "DeliveryCity": "Lund"}, {"DeliveryCountryCode", "DeliveryPostalCode"}),
    ({"DeliveryBasedVat": True}, {"DeliveryCity", "DeliveryCountryCode", "DeliveryPostalCode"}),
])
def test_forbidden_combinations_are_4002(api, overrides, fields):
    errors = problem(api.post("/customers", json=customer(**overrides)), 400, 4002)
    assert fields_of(errors) == fields


@pytest.mark.parametrize("overrides", [
    {"VatNumber": "SE556703218901", "InvoiceCountryCode": "SE", "ReverseChargeOnConstructionServices": True},
    {"ForceBookkeepVat": True, "InvoiceCountryCode": "NO", "CurrencyCode": "NOK"},
    {"ForceBookkeepVat": True},  # the rule names InvoiceCountryCode: without one it does not apply
    {"EmailAddress": "a@kund.se", "EmailAddresses": ["cc@kund.se"]},
    {"DeliveryBasedVat": True, "DeliveryCity": "Oslo", "DeliveryCountryCode": "NO", "DeliveryPostalCode": "0159"},
])
def test_allowed_combinations_are_created(api, overrides):
    assert api.post("/customers", json=customer(**overrides)).status_code == 201


# ------------------------------------------------------------------------ replace
def test_put_replaces_the_whole_customer(api, eekonomi):
    created = api.post("/customers", json=customer(EmailAddress="a@kund.se", Telephone="08-1", Iban="SE45500000000583"
                                                   "98257466", IsDirectDebitEnabled=True, CustomerNumber="K1")).json()
    eekonomi.clock.advance(60)
    replaced = api.put(f"/customers/{created['Id']}", json=customer(Name="Nytt Namn AB"))
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["Id"] == created["Id"] and body["Name"] == "Nytt Namn AB"
    assert body["EmailAddress"] is None and body["Telephone"] is None  # omitted: null
    assert body["CustomerNumber"] == "K1"  # omitted: kept
    assert body["Iban"] == created["Iban"] and body["IsDirectDebitEnabled"] is True  # "existing database value"
    assert body["ChangedUtc"] == "2026-03-02T10:01:00Z"
    assert api.get(f"/customers/{created['Id']}").json() == body


def test_put_checks_the_rules_and_number_conflicts(api):
    first = api.post("/customers", json=customer(CustomerNumber="1")).json()
    api.post("/customers", json=customer(CustomerNumber="2"))
    assert api.put(f"/customers/{first['Id']}", json=customer(CustomerNumber="1", Name="Samma")).status_code == 200
    errors = problem(api.put(f"/customers/{first['Id']}", json=customer(CustomerNumber="2")), 400, 4000)
    assert fields_of(errors) == {"CustomerNumber"}
    errors = problem(api.put(f"/customers/{first['Id']}", json=customer(VatNumber="SE556703218901")), 400, 4002)
    assert fields_of(errors) == {"InvoiceCountryCode"}
    problem(api.put("/customers/0f8fad5b-d9cb-469f-a165-70867728950e", json=customer()), 404, 3000)


# ------------------------------------------------------------------------ delete
def test_delete_removes_a_customer_without_transactions(api):
    created = api.post("/customers", json=customer()).json()
    reply = api.delete(f"/customers/{created['Id']}")
    assert reply.status_code == 200 and reply.content == b""
    problem(api.get(f"/customers/{created['Id']}"), 404, 3000)
    problem(api.delete(f"/customers/{created['Id']}"), 404, 3000)


@pytest.mark.parametrize("collection", ["drafts", "invoices"])
def test_customer_with_transactions_cannot_be_deleted(api, eekonomi, collection):
    created = api.post("/customers", json=customer()).json()
    getattr(eekonomi.state, collection)["d0c5"] = {"Id": "d0c5", "CustomerId": created["Id"]}
    reply = api.delete(f"/customers/{created['Id']}")
    problem(reply, 400, 4001)
    assert reply.json()["DeveloperErrorMessage"].startswith(
        "Only customers without any linked transactions can be deleted. To hide")
    assert api.get(f"/customers/{created['Id']}").status_code == 200


def test_unpaid_amount_and_last_invoice_date_come_from_invoices(api, eekonomi):
    created = api.post("/customers", json=customer()).json()
    eekonomi.state.invoices["a"] = {"Id": "a", "CustomerId": created["Id"], "RemainingAmount": 1250.0,
                                    "InvoiceDate": "2026-02-01T00:00:00"}
    eekonomi.state.invoices["b"] = {"Id": "b", "CustomerId": created["Id"], "RemainingAmount": 100.5,
                                    "InvoiceDate": "2026-02-15T00:00:00"}
    body = api.get(f"/customers/{created['Id']}").json()
    assert body["UnpaidInvoicesAmount"] == 1350.5 and body["LastInvoiceDate"] == "2026-02-15T00:00:00"
    api.post("/customers", json=customer(Name="Betald AB"))
    listed = api.get("/customers").json()["Data"]
    assert [c["UnpaidInvoicesAmount"] for c in listed] == [1350.5, 0]
    assert listed[0]["TermsOfPayment"]["NumberOfDays"] == 30 and listed[1]["LastInvoiceDate"] is None
    owing = api.get("/customers", params={"$filter": "UnpaidInvoicesAmount gt 0"}).json()["Data"]
    assert [c["Id"] for c in owing] == [created["Id"]] and owing[0] == body
    by_terms = api.get("/customers", params={"$filter": "TermsOfPayment/NumberOfDays eq 30"}).json()["Data"]
    assert len(by_terms) == 2


# ------------------------------------------------------------------------ list
def test_list_filters_on_customer_number_and_changed_utc(api, eekonomi):
    for number in ("1", "2", "3"):
        api.post("/customers", json=customer(CustomerNumber=number, Name=f"Kund {number}"))
        eekonomi.clock.advance(600)  # (the access token lives an hour on the tenant clock)
    body = api.get("/customers", params={"$filter": "CustomerNumber eq '2'"}).json()
    assert [c["Name"] for c in body["Data"]] == ["Kund 2"]
    assert body["Meta"]["TotalNumberOfResults"] == 1
    changed = api.get("/customers", params={"$filter": "ChangedUtc gt 2026-03-02T10:05:00Z"}).json()
    assert [c["CustomerNumber"] for c in changed["Data"]] == ["2", "3"]
    assert changed["Meta"]["ServerTimeUtc"].startswith("2026-03-02T10:30:00")


def test_list_pages(api):
    for number in range(1, 6):
        api.post("/customers", json=customer(CustomerNumber=str(number)))
    page = api.get("/customers", params={"$page": 2, "$pagesize": 2, "$orderby": "CustomerNumber desc"}).json()
    assert page["Meta"] == {**page["Meta"], "CurrentPage": 2, "PageSize": 2, "TotalNumberOfPages": 3,
                            "TotalNumberOfResults": 5}
    assert [c["CustomerNumber"] for c in page["Data"]] == ["3", "2"]
    assert all(list(c) == schema.fields("CustomerApi") for c in page["Data"])


def test_list_filter_on_an_unknown_property_is_400(api):
    assert api.get("/customers", params={"$filter": "Nonsense eq 1"}).status_code == 400


# ------------------------------------------------------------------------ scopes
def test_read_only_scope_can_read_but_not_write(eekonomi):
    readonly = eekonomi.api(scope=SALES_READONLY)
    assert readonly.get("/customers").status_code == 200
    problem(readonly.post("/customers", json=customer()), 403, 4006)
    full = eekonomi.api()
    created = full.post("/customers", json=customer()).json()
    assert readonly.get(f"/customers/{created['Id']}").status_code == 200
    problem(readonly.put(f"/customers/{created['Id']}", json=customer()), 403, 4006)
    problem(readonly.delete(f"/customers/{created['Id']}"), 403, 4006)


def test_accounting_scope_alone_cannot_read_customers(eekonomi):
    problem(eekonomi.api(scope="ea:api offline_access ea:accounting").get("/customers"), 403, 4006)


def test_without_a_token_is_401(eekonomi):
    reply = eekonomi.http().get(eekonomi.url + "/customers")
    problem(reply, 401, 4005)
