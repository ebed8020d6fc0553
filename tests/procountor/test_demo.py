"""The demo company (Kuura Digital Oy) loads, reads back over HTTP, and round-trips through export and seed."""

from __future__ import annotations

from stdnum import iban
from stdnum.fi import ytunnus
from stdnum.se import orgnr

from simulators.procountor.demo import demo_dataset
from simulators.procountor.models import generated as m

PC18_STATUSES = {"APPROVED", "PAYMENT_QUEUED", "PAYMENT_SENT_TO_BANK", "PARTLY_PAID", "PAID", "MARKED_PAID"}


def _all(api, path: str, **params) -> list[dict]:
    return api.get(path, params={"size": 200, **params}).json()["results"]


def test_demo_dataset_is_deterministic_and_valid_per_the_vendor_models():
    data = demo_dataset()
    assert data == demo_dataset()
    m.Company.model_validate(data["company"])
    for account in data["bankAccounts"]:
        m.CompanyBankAccount.model_validate(account)
        assert iban.is_valid(account["iban"]) and account["iban"].startswith("FI")
    for kind, model in (("businessPartners", m.BusinessPartner), ("products", m.Product), ("persons", m.Person),
                        ("invoices", m.Invoice)):
        for record in data[kind]:
            model.model_validate(record)
    for dimension in data["dimensions"]:
        for item in dimension["items"]:
            m.DimensionItem.model_validate(item)


def test_company_has_a_valid_business_id_and_iban(procountor_demo):
    api = procountor_demo.api()
    company = api.get("/company").json()
    assert company["name"] == "Kuura Digital Oy"
    assert company["businessIdentifier"]["brnType"] == "FI"
    assert ytunnus.is_valid(company["businessIdentifier"]["code"])
    accounts = api.get("/bankaccounts").json()["results"]
    assert [a["iban"] for a in accounts] == ["FI3557800020415282", "FI2112345600000785"]
    assert all(iban.is_valid(a["iban"]) for a in accounts)


def test_fiscal_years_follow_today_last_closed_this_and_next_open(procountor_demo):
    this_year = procountor_demo.state.today().year
    years = procountor_demo.api().get("/fiscalyears").json()["fiscalYears"]
    assert [(y["startDate"], y["isOpen"]) for y in years] == [
        (f"{this_year + 1}-01-01", True), (f"{this_year}-01-01", True), (f"{this_year - 1}-01-01", False)]
    assert {p["status"] for p in years[2]["trackingPeriods"]} == {"CLOSED"}
    assert {p["status"] for p in years[1]["trackingPeriods"]} == {"OPEN"}


def test_partners_carry_severa_customer_numbers_valid_ids_and_channels(procountor_demo):
    api = procountor_demo.api()
    customers = _all(api, "/businesspartners", type="CUSTOMER")
    assert sorted(c["invoicingInfo"]["customerNumber"] for c in customers) == ["1001", "1002", "1003", "1004", "1005"]
    suppliers = _all(api, "/businesspartners", type="SUPPLIER")
    assert sorted(s["name"] for s in suppliers) == ["Alihankinta Virtanen Oy", "Kokoustila Kaleva Oy",
                                                   "Pilvipalvelu Kolmio Oy"]
    full = {p["id"]: p for p in api.get("/businesspartners/" + ",".join(str(p["id"]) for p in customers + suppliers))
            .json()}
    assert len(full) == 8
    for partner in full.values():
        info, address = partner["invoicingInfo"], partner["address"]
        assert address["street"] and address["zip"] and address["city"]
        if address["country"] == "SWEDEN":
            assert info["identifierType"] == "SE" and orgnr.is_valid(info["identifier"])
        else:
            assert info["identifierType"] == "FI" and ytunnus.is_valid(info["identifier"])
    by_number = {p["invoicingInfo"]["customerNumber"]: p for p in full.values()}
    assert by_number["1002"]["invoicingInfo"]["invoiceChannel"] == "EMAIL"
    assert by_number["1002"]["invoicingInfo"]["email"] == "laskutus@rakennusmakela.fi"
    einvoice = by_number["1003"]["invoicingInfo"]
    assert (einvoice["invoiceChannel"], einvoice["einvoiceAddress"], einvoice["einvoiceOperator"]) == (
        "ELECTRONIC_INVOICE", "003730562178", "003721291126")
    assert by_number["1004"]["address"]["country"] == "SWEDEN"
    for supplier in suppliers:
        assert iban.is_valid(full[supplier["id"]]["paymentInfo"]["bankAccount"])


def test_products_hold_default_codes_and_this_years_travel_codes(procountor_demo):
    api = procountor_demo.api()
    year = procountor_demo.state.today().year
    sales = {p["code"]: p for p in _all(api, "/products", type="SALES")}
    assert {"PROD-DEFAULT", "WORK-DEFAULT"} <= set(sales)
    assert sales["WORK-DEFAULT"]["unit"] == "HOUR"
    travel = {p["code"]: p for p in _all(api, "/products", type="TRAVEL")}
    assert {"TRAVEL-DEFAULT", f"KM-{year}", f"PR-KOKO-{year}", f"PR-OSA-{year}", f"ATERIA-{year}"} <= set(travel)
    km = travel[f"KM-{year}"]
    assert (km["unit"], km["active"], km["startDate"], km["endDate"]) == (
        "KILOMETER", True, f"{year}-01-01", f"{year}-12-31")
    assert travel[f"KM-{year - 1}"]["active"] is False  # last year's codes stay, inactive (PC-08)


def test_dimensions_hold_projects_cost_centres_and_business_units(procountor_demo):
    dims = {d["name"]: d for d in procountor_demo.api().get("/dimensions").json()}
    assert set(dims) == {"Projektit", "Kustannuspaikat", "Liiketoimintayksiköt"}
    projects = {i["codeName"]: i for i in dims["Projektit"]["items"]}
    assert projects["Intranet-uudistus"]["status"] == "P"
    assert [name for name, item in projects.items() if "status" not in item] == [
        "Verkkokauppa-uudistus", "Energiaraportointi 2.0", "Työmaasovellus", "Logistikportal"]
    assert {i["codeName"] for i in dims["Kustannuspaikat"]["items"]} == {"Helsinki", "Tampere", "Hallinto"}


def test_persons_have_employee_numbers_and_valid_ibans(procountor_demo):
    api = procountor_demo.api()
    persons = _all(api, "/persons")
    assert sorted(p["invoicingInfo"]["personNumber"] for p in persons) == ["101", "102", "103"]
    for basic in persons:
        person = api.get(f"/persons/{basic['id']}").json()
        assert iban.is_valid(person["paymentInfo"]["accountNumber"])


def test_invoice_search_finds_every_status_of_the_demo(procountor_demo):
    api = procountor_demo.api()
    sales = _all(api, "/invoices", types="SALES_INVOICE")
    assert sorted(i["status"] for i in sales) == ["MARKED_PAID", "MARKED_PAID", "NOT_SENT", "SENT", "SENT",
                                                  "UNFINISHED"]
    purchases = _all(api, "/invoices", types="PURCHASE_INVOICE")
    assert len(purchases) == 8
    assert {i["status"] for i in purchases} == PC18_STATUSES | {"RECEIVED"}
    found = api.get("/invoices", params={"status": "PAYMENT_QUEUED,PAYMENT_SENT_TO_BANK"}).json()
    assert sorted(i["originalInvoiceNumber"] for i in found["results"]) == ["KK-51802", "KOL-25107"]
    assert found["meta"]["totalCount"] == 2
    draft = api.get("/invoices", params={"originalInvoiceNumber": "10231"}).json()["results"]
    assert [(i["status"], i["partnerId"]) for i in draft] == [("UNFINISHED", 40101)]


def test_every_invoice_reads_back_and_references_an_existing_partner(procountor_demo):
    api = procountor_demo.api()
    for basic in _all(api, "/invoices"):
        invoice = api.get(f"/invoices/{basic['id']}").json()
        assert invoice["status"] == basic["status"]
        assert "created" not in invoice and "dimensionItemValues" not in invoice and "paymentEvents" not in invoice
        partner = api.get(f"/businesspartners/{invoice['partnerId']}")
        assert partner.status_code == 200
        assert partner.json()["invoicingInfo"]["customerNumber"] == invoice["counterParty"]["customerNumber"]
        assert basic["created"] <= invoice["version"]


def test_foreign_currency_invoice_has_sums_in_both_currencies(procountor_demo):
    invoice = procountor_demo.api().get("/invoices/100004").json()
    assert invoice["paymentInfo"]["currency"] == "SEK"
    assert invoice["invoiceSumInfo"] == [
        {"currency": "SEK", "inAccountingCurrency": False, "excludingVatTotal": 28000.0, "vatSumTotal": 0.0,
         "invoiceSumTotal": 28000.0},
        {"currency": "EUR", "inAccountingCurrency": True, "excludingVatTotal": 2500.0, "vatSumTotal": 0.0,
         "invoiceSumTotal": 2500.0}]


def test_paid_invoices_have_payment_events_and_new_ones_continue_the_counters(procountor_demo):
    api = procountor_demo.api()
    events = api.get("/invoices/100002/paymentevents").json()["results"]
    assert [(e["status"], e["amount"]) for e in events] == [("MARKED_PAID", 3564.2)]
    partly = api.get("/invoices/100102/paymentevents").json()["results"]
    assert [(e["type"], e["amount"]) for e in partly] == [("BANKSTATEMENT", 5000.0)]
    today = procountor_demo.state.today().isoformat()
    paid = api.put("/invoices/100003/paymentevents/markpaid",
                   json={"paymentDate": today, "amount": 3649.55, "currency": "EUR"})
    assert paid.status_code == 200
    assert paid.json()["id"] == 400006 and paid.json()["status"] == "MARKED_PAID"


def test_the_draft_invoice_passes_the_vendor_rules_and_can_be_sent(procountor_demo):
    api = procountor_demo.api()
    draft = api.get("/invoices/100006").json()
    updated = api.put("/invoices/100006", json={**draft, "notes": "tarkistettu"})
    assert updated.status_code == 200, updated.text
    assert api.put("/invoices/100006/approve").json() == {"message": "Invoice status changed to NOT_SENT."}
    assert api.put("/invoices/100006/send").status_code == 200
    assert api.get("/invoices/100006").json()["status"] == "SENT"
    created = api.post("/invoices", json={k: v for k, v in draft.items() if k not in ("id", "version")})
    assert created.status_code == 200 and created.json()["invoiceNumber"] == 1207


def test_export_seeds_back_to_an_identical_export(procountor_demo):
    control = procountor_demo.http()
    first = control.get(f"/_sim/tenants/{procountor_demo.id}/export").json()
    assert len(first["invoices"]) == 14
    assert sum(1 for inv in first["invoices"] if "dimensionItemValues" in inv) == 7
    created = control.post("/_sim/tenants", json={"dataset": first})
    assert created.status_code == 201, created.text
    other = created.json()["tenant"]
    try:
        second = control.get(f"/_sim/tenants/{other}/export").json()
        assert second == first
        assert control.post(f"/_sim/tenants/{other}/seed", json=second).status_code == 200
        assert control.get(f"/_sim/tenants/{other}/export").json() == first
    finally:
        control.delete(f"/_sim/tenants/{other}")
