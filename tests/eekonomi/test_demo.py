"""The demo companies: Demo Konsult AB loads and serves valid customers and articles; Demo Bygg AB is a second
company of the same demo user."""

from __future__ import annotations

import pytest
from stdnum.eu import vat as eu_vat
from stdnum.no import mva
from stdnum.se import orgnr, personnummer

from simulators.eekonomi import schema
from simulators.eekonomi.demo import DEMO_SECOND_COMPANY, demo_dataset, second_company_dataset
from simulators.testing import EEkonomiHandle


def test_demo_company_settings(eekonomi_demo):
    company = eekonomi_demo.api().get("/companysettings").json()
    assert company["Name"] == "Demo Konsult AB" and company["City"] == "Stockholm"
    assert orgnr.is_valid(company["CorporateIdentityNumber"])
    assert eu_vat.is_valid(company["VatCode"])
    assert company["NextCustomerNumber"] == 9


def test_demo_customers_are_valid(eekonomi_demo):
    api = eekonomi_demo.api()
    body = api.get("/customers").json()
    customers = {c["CustomerNumber"]: c for c in body["Data"]}
    assert body["Meta"]["TotalNumberOfResults"] == 8
    for customer in customers.values():
        assert list(customer) == schema.fields("CustomerApi")
        schema.validate("CustomerApi", customer)  # what a client reads, it may PUT back
        assert customer["TermsOfPayment"]["Id"] == customer["TermsOfPaymentId"]
        assert customer["ChangedUtc"].endswith("Z")
        if customer["CorporateIdentityNumber"] and not customer["IsPrivatePerson"]:
            assert orgnr.is_valid(customer["CorporateIdentityNumber"])
        if customer["VatNumber"] and customer["InvoiceCountryCode"] != "NO":
            assert eu_vat.is_valid(customer["VatNumber"]), customer["VatNumber"]
    private = [c for c in customers.values() if c["IsPrivatePerson"]]
    assert len(private) == 1 and personnummer.is_valid(private[0]["CorporateIdentityNumber"])
    german = next(c for c in customers.values() if c["InvoiceCountryCode"] == "DE")
    assert german["CurrencyCode"] == "EUR" and german["VatNumber"].startswith("DE")
    norwegian = next(c for c in customers.values() if c["InvoiceCountryCode"] == "NO")
    assert norwegian["CurrencyCode"] == "NOK" and mva.is_valid(norwegian["VatNumber"])
    inactive = api.get("/customers", params={"$filter": "IsActive eq false"}).json()["Data"]
    assert [c["Name"] for c in inactive] == ["Malmö Reklambyrå AB"]
    for customer in customers.values():  # every demo customer survives a round trip through PUT
        assert api.put(f"/customers/{customer['Id']}", json=customer).status_code == 200


def test_demo_articles_are_valid(eekonomi_demo):
    api = eekonomi_demo.api()
    articles = api.get("/articles").json()["Data"]
    assert len(articles) >= 6
    units = {u["Id"] for u in api.get("/units").json()["Data"]}
    codings = {c["Id"]: c for c in api.get("/articleaccountcodings").json()["Data"]}
    for article in articles:
        assert list(article) == schema.fields("ArticleApi")
        schema.validate("ArticleApi", article)
        assert article["UnitId"] in units and codings[article["CodingId"]]["Name"] == article["CodingName"]
        rate = codings[article["CodingId"]]["VatRatePercent"]
        assert article["GrossPrice"] == pytest.approx(article["NetPrice"] * (1 + rate), abs=0.005)
    assert {"Konsulttimme", "Resetid", "Milersättning"} <= {a["Name"] for a in articles}
    assert any(not a["IsServiceArticle"] for a in articles)


def test_demo_numbers_continue(eekonomi_demo):
    api = eekonomi_demo.api()
    created = api.post("/customers", json={"Name": "Ny Kund AB", "InvoiceCity": "Lund", "InvoicePostalCode": "222 22",
                                           "TermsOfPaymentId": api.get("/companysettings").json()["TermsOfPaymentId"],
                                           "IsPrivatePerson": False, "IsActive": True})
    assert created.json()["CustomerNumber"] == "9"


def test_demo_ids_are_stable():
    first, second = demo_dataset(), demo_dataset()
    assert [c["Id"] for c in first["customers"]] == [c["Id"] for c in second["customers"]]
    assert [a["Id"] for a in first["articles"]] == [a["Id"] for a in second["articles"]]
    assert second_company_dataset()["companySettings"]["Name"] == DEMO_SECOND_COMPANY["companySettings"]["Name"]


def test_second_company_belongs_to_the_same_user(eekonomi_demo):
    sim = eekonomi_demo.simulator
    tenant = sim.create_tenant(dataset=DEMO_SECOND_COMPANY, label="demo-bygg",
                               credentials=dict(eekonomi_demo.credentials))
    bygg = EEkonomiHandle(eekonomi_demo.host, sim, tenant)
    try:
        user = sim.directory.user(eekonomi_demo.credentials["username"])
        assert user.companies == [eekonomi_demo.id, tenant.id]
        api = bygg.api()
        assert api.get("/companysettings").json()["Name"] == "Demo Bygg AB"
        customers = api.get("/customers").json()["Data"]
        assert len(customers) == 3 and any(c["ReverseChargeOnConstructionServices"] for c in customers)
        for customer in customers:
            schema.validate("CustomerApi", customer)
        assert {a["Name"] for a in api.get("/articles").json()["Data"]} >= {"Snickeriarbete", "Elarbete"}
        assert eekonomi_demo.api().get("/companysettings").json()["Name"] == "Demo Konsult AB"
    finally:
        bygg.close()
