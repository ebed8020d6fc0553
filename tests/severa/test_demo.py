"""The demo organization (Kuura Digital Oy with its Swedish subsidiary) loads, is valid, reads back over SOAP
as an integration sees it, agrees with the Procountor demo company, and round-trips through export and seed."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal

import pytest
from lxml import etree
from stdnum import iban
from stdnum.fi import alv, ytunnus
from stdnum.se import orgnr
from stdnum.se import vat as se_vat

from simulators.core.clock import Clock
from simulators.procountor.demo import demo_dataset as procountor_demo
from simulators.severa import datasets
from simulators.severa.demo import demo_dataset, guid

LONG_AGO = datetime(2000, 1, 1)
ENT = "{http://schemas.datacontract.org/2004/07/Severa.Entities.API}"


def _valid_vat(number: str) -> bool:
    return alv.is_valid(number) if number.startswith("FI") else se_vat.is_valid(number)


def _reference_ok(reference: str) -> bool:
    """A Finnish bank reference: 7-3-1 weighted check digit."""
    digits, check = reference[:-1], int(reference[-1])
    total = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10 == check


@pytest.fixture(scope="module")
def data():
    return demo_dataset()


# ------------------------------------------------------------------------ the dataset itself
def test_dataset_is_deterministic_and_loads(data):
    assert data == demo_dataset()
    state = datasets.load(data, Clock())
    assert len(list(state.all("Invoice"))) == len(data["Invoice"]) >= 10
    assert "CostCenter" in datasets.ENTITY_KINDS and len(data["CostCenter"]) == 5
    every = [r["GUID"] for kind in datasets.ENTITY_KINDS for r in data.get(kind, []) if "GUID" in r]
    assert len(every) == len(set(every)), [g for g, n in Counter(every).items() if n > 1]
    assert all(g == g.lower() for g in every)


def test_identifiers_are_valid(data):
    for company in data["Company"]:
        assert _valid_vat(company["VatNumber"]), company
    for unit in data["BusinessUnit"]:
        assert _valid_vat(unit["VatNumber"])
    for invoice in data["Invoice"]:
        buyer = invoice["BuyerOrganization"]
        assert _valid_vat(buyer["buyerOrganisationTaxCode"]) and _valid_vat(invoice["SenderVatNumber"])
        party = buyer["buyerPartyIdentifier"]
        assert ytunnus.is_valid(party) if buyer["buyerOrganisationTaxCode"].startswith("FI") else orgnr.is_valid(party)
        for account in invoice["SellerContact"]["sellerAccountDetails"]:
            assert iban.is_valid(account["sellerAccountID"])
        if invoice["ReferenceNumber"]:
            assert _reference_ok(invoice["ReferenceNumber"])
    banked = [u for u in data["User"] if u["BankAccountNumber"]]
    assert all(iban.is_valid(u["BankAccountNumber"]) for u in banked)
    assert [u["FirstName"] for u in data["User"] if not u["Code"] and not u["BankAccountNumber"]] == ["Olli"]


def test_invoice_totals_and_credit_note_links_hold(data):
    invoices = {i["GUID"]: i for i in data["Invoice"]}
    centers = {c["GUID"]: c["Identifier"] for c in data["CostCenter"]}
    for invoice in invoices.values():
        rows = invoice["InvoiceRows"]
        net = sum(Decimal(str(r["rowVatExcludedAmount"])) for r in rows)
        tax = sum(Decimal(str(r["rowVatAmount"])) for r in rows)
        details = invoice["InvoiceDetails"]
        assert Decimal(str(details["invoiceTotalVatExcludedAmount"])) == net
        assert Decimal(str(details["invoiceTotalVatIncludedAmount"])) == net + tax
        for row in rows:
            assert centers[row["rowCostCenterGUID"]] == row["rowCostCenterNumber"]
            assert row["MainCaseGUID"] in row["CaseGUIDs"]
        if invoice["IsCreditNote"]:
            original = invoices[invoice["ReimburseInvoiceGUID"]]
            assert not original["IsCreditNote"] and original["IsReimbursed"]
            assert original["AccountGUID"] == invoice["AccountGUID"]
            assert all(r["rowAmount"] < 0 for r in rows)
    order = [i["Number"] for i in data["Invoice"]]
    assert order.index(10236) < order.index(10232), "a credit note is listed before the invoice it credits (VA-17)"
    for unit in data["BusinessUnit"]:
        assert unit["CostCenterGUID"] in centers


def test_customers_and_projects_match_the_procountor_demo(data):
    partners = {p["invoicingInfo"]["customerNumber"]: p for p in procountor_demo()["businessPartners"]
                if p["type"] == "CUSTOMER"}
    accounts = {str(a["Number"]): a for a in data["Account"]}
    companies = {c["GUID"]: c for c in data["Company"]}
    for number, partner in partners.items():
        account = accounts[number]
        assert account["Name"] == partner["name"]
        brn = partner["invoicingInfo"]["identifier"].replace("-", "")
        assert brn in companies[account["CompanyGUID"]]["VatNumber"]
    dimensions = {d["name"]: {i["id"]: i["codeName"] for i in d["items"]} for d in procountor_demo()["dimensions"]}
    cases = {c["CaseNumber"]: c for c in data["Case"]}
    for number, name in dimensions["Projektit"].items():
        assert cases[number]["Name"] == name
    assert {c["Name"] for c in data["CostCenter"] if c["IsActive"]} >= set(dimensions["Kustannuspaikat"].values())
    transferred = {str(i["Number"]) for i in data["Invoice"] if i["InvoiceStatus"] in ("Transferred", "Paid")}
    originals = {i["originalInvoiceNumber"] for i in procountor_demo()["invoices"] if i["type"] == "SALES_INVOICE"}
    assert originals <= transferred


# ------------------------------------------------------------------------ read over SOAP
def test_invoices_waiting_for_transfer(severa_demo):
    invoices = severa_demo.zeep("IInvoice")
    statuses = severa_demo.zeep("IInvoiceStatus").GetAllInvoiceStatuses()
    assert [s.Name for s in statuses] == ["Draft", "Waiting for transfer", "Transferred", "Sent", "Paid", "Cancelled"]
    waiting = invoices.GetInvoicesByStatus(None, "Waiting for transfer", 0, None)
    assert sorted(i.Number for i in waiting) == [501, 10232, 10233, 10234, 10235, 10236, 10237]
    by_number = {i.Number: i for i in waiting}
    credit = by_number[10236]
    assert credit.IsCreditNote and credit.ReimburseInvoiceGUID == guid("Invoice", "10232")
    assert by_number[10232].IsReimbursed and not by_number[10232].IsCreditNote
    assert credit.InvoiceRows.InvoiceRow[0].deliveredQuantity == Decimal(-2)
    rows = by_number[10232].InvoiceRows.InvoiceRow
    assert [r.articleIdentifier for r in rows] == ["DEV", None, f"KM-{severa_demo.state.clock.now().year}", "LAITE"]
    assert [r.rowCostCenterNumber for r in rows] == ["200"] * 4
    assert {r.MainCaseGUID for r in rows} == {guid("Case", 1003)}
    assert rows[1].rowFreeText == "Ohjausryhmä" and rows[0].rowVatRatePercent == Decimal("25.5")
    assert by_number[10232].OrderNumber == "PO-1002-03"
    assert by_number[10232].NotesBeforeInvoiceRows and by_number[10232].NotesAfterInvoiceRows
    assert by_number[10232].OurReference == "Mikko Heikkinen" and by_number[10232].YourReference == "Jari Mäkelä"
    einvoice = by_number[10233].BuyerOrganization
    assert (einvoice.buyerElectronicInvoiceAddress, einvoice.buyerElectronicInvoiceOperator) == (
        "003730562178", "003721291126")
    reverse = by_number[10237]
    assert {r.rowVatRatePercent for r in reverse.InvoiceRows.InvoiceRow} == {Decimal(0)}
    assert {r.rowVatCode for r in reverse.InvoiceRows.InvoiceRow} == {"AE"}
    swedish = by_number[501]
    assert (swedish.CurrencyShortform, swedish.BusinessUnitCode) == ("SEK", "KDAB")
    assert swedish.InvoiceNumberingBusinessUnitGUID == guid("BusinessUnit", "ab")


def test_transferred_sek_invoice_and_draft(severa_demo):
    invoices = severa_demo.zeep("IInvoice")
    sek = invoices.GetInvoiceByGUID(guid("Invoice", "10226"))
    assert (sek.CurrencyShortform, sek.CurrencyRate, sek.InvoiceStatus) == ("SEK", Decimal("11.2"), "Transferred")
    assert sek.InvoiceRows.InvoiceRow[0].rowAmountCurrencyIdentifier == "SEK"
    draft = invoices.GetInvoiceByGUID(guid("Invoice", "draft"))
    assert draft.Number is None and draft.InvoiceStatus == "Draft"
    attachments = invoices.GetInvoiceAttachmentFileGUIDs(guid("Invoice", "10232"))
    assert [a.Name for a in attachments] == ["tuntiraportti_sprintti5.pdf"]
    assert invoices.GetInvoiceAttachmentFile(attachments[0].GUID).startswith(b"%PDF")


def test_customers_with_vat_addresses_and_contacts(severa_demo):
    accounts = severa_demo.zeep("IAccount")
    nordisk = accounts.GetAccountByNumber(1004)
    assert nordisk.Name == "Nordisk Logistik AB" and nordisk.ReverseCharge is True
    company = severa_demo.zeep("ICompany").GetCompanyByGUID(nordisk.CompanyGUID)
    assert company.VatNumber == "SE559241783501"
    assert accounts.GetAccountByVatNumber("FI29845162").Number == 1001
    assert accounts.GetAccountByNumber(1003).eInvoiceAddress == "003730562178"
    assert accounts.GetHeadOfficeAddressByAccountGUID(guid("Account", 1006)).CountryCode is None
    assert accounts.GetHeadOfficeAddressByAccountGUID(guid("Account", 1004)).CountryCode == "SE"
    contacts = severa_demo.zeep("IContact")
    lindqvist = contacts.GetContactsChangedSince(guid("Account", 1001), LONG_AGO, 2)  # IncludeInactive
    assert sorted((c.LastName, c.IsActive) for c in lindqvist) == [("Lehto", False), ("Lindqvist", True)]
    saaristo = contacts.GetContactsByAccountGUID(guid("Account", 1006))
    methods = saaristo[0].CommunicationMethods["Contact.CommunicationMethod"]
    assert [m.Type for m in methods] == ["EmailAddress"]  # no phone (VA-03)
    customers = severa_demo.zeep("ICustomer").GetAllCustomers(0, 0, 100)
    assert sorted(c.Number for c in customers) == list(range(1001, 1009))
    assert sum(1 for c in customers if c.ReverseCharge) == 2


def test_cases_won_lost_and_closed(severa_demo):
    cases = severa_demo.zeep("ICase")
    every = {c.CaseNumber: c for c in cases.GetCasesChangedSince(None, LONG_AGO, 0)}
    assert set(every) == set(range(1001, 1011))
    won = {c.CaseNumber for c in cases.GetCasesChangedSince(None, LONG_AGO, 8)}  # ExcludeNoWonCases
    assert won == set(range(1001, 1009))
    assert every[1002].DeadlineDate is None and every[1001].DeadlineDate is not None
    closed = cases.GetCaseByNumber(1005)
    assert closed.IsClosed and closed.ClosedDate is not None and closed.Name == "Intranet-uudistus"
    assert every[1003].CostCenterNumber == "200" and every[1008].CostCenterNumber == "SE10"


def test_articles_with_and_without_codes(severa_demo):
    products = severa_demo.zeep("IProduct")
    year = severa_demo.state.clock.now().year
    travel = {t.Name: t.Code for t in products.GetTravelExpensesChangedSince(LONG_AGO, 0)}
    assert travel["Kilometrikorvaus, oma auto"] == f"KM-{year}" and travel["Taksi"] is None
    assert products.GetTravelExpenseByCodeIncludeInactive(f"KM-{year - 1}").IsActive is False
    assert products.GetProductByCode("KOUL").UnitPrice == Decimal(1200)
    assert {p.Code for p in products.GetProductsChangedSince(LONG_AGO, 2)} >= {"KOUL", "SAAS-KK", None}
    work = {w.Name: w.Code for w in severa_demo.zeep("IWorkType").GetAllWorkTypes()}
    assert work["Konsultointi"] == "KONS" and work["Asiakaspalaveri"] is None
    categories = severa_demo.zeep("IProductCategory").GetProductCategoriesChangedSince(LONG_AGO, 0)
    assert {c.Code for c in categories} == {"PAL", "LIS", None}


def test_organization_units_cost_centers_users_currencies(severa_demo):
    units = severa_demo.zeep("IBusinessUnit")
    ab = units.GetBusinessUnitByCode("KDAB")
    assert (ab.VatNumber, ab.CurrencyCode, ab.ParentBusinessUnitGUID) == (
        "SE559318421001", "SEK", guid("BusinessUnit", "root"))
    centers = {c.GUID: c for c in severa_demo.zeep("ICostCenter").GetAllCostCenters()}
    assert centers[ab.CostCenterGUID].Identifier == "SE10"
    users = severa_demo.zeep("IUser")
    aino = users.GetUserByCode("101")
    assert (aino.FirstName, aino.BankAccountNumber) == ("Aino", "FI5840550012345670")
    assert {u.Code for u in users.GetAllUsers(None, True)} == {"101", "102", "103", "104", "201", None}
    currencies = {c.IsoCode: c.Rate for c in severa_demo.zeep("ICurrency").GetCurrencies()}
    assert currencies == {"EUR": Decimal(1), "SEK": Decimal("11.2")}


def test_travel_reimbursements_carry_receipts(severa_demo):
    travel = severa_demo.zeep("ITravelReimbursement")
    statuses = severa_demo.zeep("ITravelReimbursementStatus").GetAllTravelReimbursementStatuses()
    assert [s.Name for s in statuses] == ["Draft", "Sent for approval", "Approved", "Transferred", "Paid"]
    approved = travel.GetTravelReimbursementsByStatus("Approved", 0, None)
    assert sorted(r.Number for r in approved) == [301, 302, 303]
    files = travel.GetTravelReimbursementAttachments(guid("TravelReimbursement", 301))
    assert [(f.Name, f.ContentType) for f in files] == [("pysakointikuitti_tampere.pdf", "application/pdf")]
    content = severa_demo.zeep("IFile").GetFileBytesByGUID(files[0].GUID)
    assert content.startswith(b"%PDF") and len(content) == files[0].Size


def test_raw_envelope_reads_the_demo_like_a_wcf_client(severa_demo):
    reply = severa_demo.soap("IAccount", "GetAccountByNumber", "<accountNumber>1002</accountNumber>")
    assert reply.status_code == 200
    doc = etree.fromstring(reply.content)
    assert doc.findtext(f".//{ENT}Name") == "Rakennus Mäkelä Oy"
    assert doc.findtext(f".//{ENT}GUID") == guid("Account", 1002)


def test_export_and_seed_round_trip(severa_demo, severa):
    exported = severa_demo.export()
    severa.seed(exported)
    for handle in (severa_demo, severa):
        waiting = handle.zeep("IInvoice").GetInvoicesByStatus(None, "Waiting for transfer", 0, None)
        assert sorted(i.Number for i in waiting) == [501, 10232, 10233, 10234, 10235, 10236, 10237]
    assert severa.zeep("IFile").GetFileBytesByGUID(guid("File", "taksi")).startswith(b"GIF89a")


@pytest.mark.server_only
def test_the_zeep_example_in_the_docs_runs(severa_demo, capsys):
    """docs/severa.md's zeep example, pointed at this tenant, reads the batch and moves it on."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "severa.md").read_text(encoding="utf-8")
    code = re.search(r"### zeep \(Python\)\n\n```python\n(.*?)```", doc, re.S).group(1)
    code = code.replace("http://127.0.0.1:8701/webservice/S3/API.svc", severa_demo.url)
    code = code.replace("DEMO-SEVERA-API-KEY", severa_demo.credentials["api_key"])
    exec(compile(code, "docs/severa.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 7 and "501 Malmö Byggteknik AB ['KONS']" in printed
    severa_demo.verify(operation="SetInvoiceStatus", count=7)
    waiting = severa_demo.zeep("IInvoice").GetInvoicesByStatus(None, "Waiting for transfer", 0, None)
    assert waiting is None  # an empty array: zeep gives None
