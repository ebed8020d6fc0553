"""IInvoice and IInvoiceStatus through zeep and raw WCF envelopes: reads by status, date, number and business unit
(with and without the API user's business-unit limit, SEV-02), status/number/payment-date writes read back,
credit notes linked to their originals, PDFs, attachments, Finvoice XML, log entries, created invoices, origins."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from decimal import Decimal

import pytest
import zeep.exceptions
from lxml import etree

from simulators.testing import is_nil

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
TNS = "http://soap.severa.com/"

ROOT = "a0000000-0000-4000-8000-000000000001"   # parent business unit
CHILD = "a0000000-0000-4000-8000-000000000002"  # child of ROOT
OTHER = "a0000000-0000-4000-8000-000000000003"
INV1 = "10000000-0000-4000-8000-000000000001"
INV2 = "10000000-0000-4000-8000-000000000002"
INV3 = "10000000-0000-4000-8000-000000000003"
DRAFT = "10000000-0000-4000-8000-000000000004"
CREDIT = "10000000-0000-4000-8000-000000000005"
ATT_JPG = "f0000000-0000-4000-8000-000000000001"
ATT_PDF = "f0000000-0000-4000-8000-000000000002"
UNKNOWN = "99999999-0000-4000-8000-000000000000"
CASE = "c0000000-0000-4000-8000-000000000001"
CASE_B = "c0000000-0000-4000-8000-000000000002"
PHASE = "d0000000-0000-4000-8000-000000000001"
ITEM = "e0000000-0000-4000-8000-000000000001"
HOUR = "b0000000-0000-4000-8000-000000000001"
ATTACHED_PDF = b"%PDF-1.4\n% an attachment\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0 not really a jpeg"


def status(name, order, **flags):
    base = {"Name": name, "Description": "", "HasInvoiceNumber": True, "IsActive": True, "IsDefault": False,
            "IsPaid": False, "IsReadOnly": False, "IsSent": False, "IsWaitingPayment": False, "SortOrder": order}
    return {**base, **flags}


def row(number, name, quantity, price, vat=24, **extra):
    excluded = Decimal(str(quantity)) * Decimal(str(price))
    tax = (excluded * vat / 100).quantize(Decimal("0.01"))
    return {"GUID": f"20000000-0000-4000-8000-00000000000{number}", "rowNumber": number, "articleName": name,
            "articleIdentifier": f"ART{number}", "deliveredQuantity": quantity, "quantityUnitCode": "h",
            "unitPriceAmount": price, "rowUnitPrice": price, "rowVatRatePercent": vat,
            "rowVatExcludedAmount": float(excluded), "rowVatAmount": float(tax), "rowAmount": float(excluded + tax),
            **extra}


def invoice(guid, unit, state, number, day, rows=(), **extra):
    rows = list(rows)
    excluded = sum(r["rowVatExcludedAmount"] for r in rows)
    vat = sum(r["rowVatAmount"] for r in rows)
    return {"GUID": guid, "BusinessUnitGUID": unit, "InvoiceNumberingBusinessUnitGUID": unit, "InvoiceStatus": state,
            "Number": number, "Date": f"{day}T00:00:00", "DueDate": f"{day}T00:00:00", "EntryDate": f"{day}T08:00:00",
            "CurrencyRate": 1.0, "CurrencyShortform": "EUR", "PaymentTerm": 14, "AccountName": "Acme Oy",
            "AccountNumber": 501, "InvoiceRows": rows,
            "InvoiceDetails": {"invoiceNumber": number, "invoiceTotalVatExcludedAmount": excluded,
                               "invoiceTotalVatAmount": vat, "invoiceTotalVatIncludedAmount": excluded + vat},
            **extra}


DATASET = {
    "BusinessUnit": [{"GUID": ROOT, "Name": "Helsinki", "Code": "HEL", "NextInvoiceNumber": 3000},
                     {"GUID": CHILD, "Name": "Espoo", "Code": "ESP", "ParentBusinessUnitGUID": ROOT},
                     {"GUID": OTHER, "Name": "Tallinn", "Code": "TLL"}],
    "InvoiceStatus": [status("Draft", 0, HasInvoiceNumber=False, IsDefault=True), status("Sent", 1, IsSent=True),
                      status("Transferred", 2), status("Paid", 3, IsPaid=True)],
    "Invoice": [
        invoice(INV1, ROOT, "Sent", 1001, "2024-01-10",
                [row(1, "Consulting (senior)", 10, 120, CaseGUIDs=[CASE], MainCaseGUID=CASE, ItemGUIDs=[ITEM],
                     HourGUIDs=[HOUR], PhaseGUIDs=[PHASE]),
                 row(2, "Travel", 1, 50, vat=0)],
                ReferenceNumber="10016", ReceiverCustomerName="Acme Oy", ReceiverAddressline="Main street 1",
                ReceiverPostalCode="00100", ReceiverCity="Helsinki", ReceiverVatNumber="FI12345678",
                ReceiverContactName="Anna Buyer", ReceiverContactEmail="anna@acme.example", SenderName="Seller Ltd",
                SenderVatNumber="FI87654321", OrderNumber="PO-77", MainCaseGUID=CASE, OverDueInterest=8.0,
                SellerContact={"sellerAccountDetails": [{"sellerAccountID": "FI2112345600000785",
                                                         "sellerBic": "NDEAFIHH"}]}),
        invoice(INV2, CHILD, "Sent", 1002, "2024-01-20", [row(1, "Support", 2, 100)]),
        invoice(INV3, OTHER, "Sent", 2001, "2024-02-05", [row(1, "Licence", 1, 1000, vat=10)]),
        invoice(DRAFT, ROOT, "Draft", None, "2024-01-15", [row(1, "Design", 3, 90)]),
        invoice(CREDIT, ROOT, "Sent", 1003, "2024-01-25", [row(1, "Consulting (senior)", -2, 120)],
                IsCreditNote=True, ReimburseInvoiceGUID=INV1),
    ],
    "Case": [{"GUID": CASE, "Name": "Website", "CaseNumber": 42, "AccountGUID": "acc-1", "AccountName": "Acme Oy",
              "BusinessUnitGUID": ROOT, "OrderNumber": "PO-9", "PaymentTerm": 21, "CurrencyShortform": "EUR"},
             {"GUID": CASE_B, "Name": "Support deal", "CaseNumber": 43, "AccountName": "Acme Oy",
              "BusinessUnitGUID": ROOT}],
    "Phase": [{"GUID": PHASE, "CaseGUID": CASE, "Name": "Build"}],
    "Item": [{"GUID": ITEM, "CaseGUID": CASE, "Name": "Hosting", "Quantity": 1, "UnitPrice": 30, "VAT": 24,
              "InvoiceGUID": INV1}],
    "HourEntry": [{"GUID": HOUR, "CaseGUID": CASE, "Quantity": 10, "Description": "Coding"}],
    "extra": {"invoiceFiles": {INV1: [
        {"GUID": ATT_PDF, "Name": "hours.pdf", "MIMEtype": "application/pdf", "PrintOrder": 2},
        {"GUID": ATT_JPG, "Name": "receipt.jpg", "MIMEtype": "image/jpeg", "PrintOrder": 1}]}},
    "files": {ATT_PDF: base64.b64encode(ATTACHED_PDF).decode(), ATT_JPG: base64.b64encode(JPEG).decode()},
}


@pytest.fixture
def org(severa):
    severa.seed(DATASET)
    return severa


@pytest.fixture
def api(org):
    return org.zeep("IInvoice")


# ---------------------------------------------------------------------------------------------- helpers
def numbers(invoices):
    return [i.Number for i in invoices or []]


def fault_of(excinfo) -> tuple[str, str]:
    """(detail element name, Description) of a zeep fault."""
    detail = excinfo.value.detail
    (node,) = [child for child in detail if isinstance(child.tag, str)]
    return etree.QName(node).localname, node.findtext(f"{{{API_NS}}}Description")


def raw_fault(reply) -> tuple[str, str]:
    assert reply.status_code == 500
    detail = etree.fromstring(reply.content).find(".//detail")
    (node,) = list(detail)
    return etree.QName(node).localname, node.findtext(f"{{{API_NS}}}Description")


def raw_result(reply, operation):
    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{{TNS}}}{operation}Result")


def pdf_text(data: bytes) -> str:
    """Checks the PDF's structure (header, trailer, every xref offset, stream lengths) and returns its text."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split()[0])
    table = data[xref_at:].split(b"\n")
    assert table[0] == b"xref"
    first, count = (int(x) for x in table[1].split())
    assert first == 0
    entries = table[2:2 + count]
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        assert len(entry) == 19 and entry.endswith(b" 00000 n ")  # 20 bytes with the newline
        assert data[int(entry[:10]):].startswith(b"%d 0 obj\n" % number)
    assert re.search(rb"trailer\n<< /Size %d /Root 1 0 R" % count, data)
    for match in re.finditer(rb"<< /Length (\d+) >>\nstream\n", data):
        end = match.end() + int(match.group(1))
        assert data[end:end + 10] == b"\nendstream"
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", data)
    return "\n".join(re.sub(rb"\\(.)", rb"\1", s).decode("cp1252") for s in strings)


# ---------------------------------------------------------------------------------------------- reads
def test_statuses_come_in_sort_order(org):
    names = [s.Name for s in org.zeep("IInvoiceStatus").GetAllInvoiceStatuses()]
    assert names == ["Draft", "Sent", "Transferred", "Paid"]


def test_by_status_includes_child_units_unless_excluded(api):
    assert numbers(api.GetInvoicesByStatus(None, "Sent", 0, None)) == [1001, 1002, 2001, 1003]
    assert numbers(api.GetInvoicesByStatus("", "sent", 0, None)) == [1001, 1002, 2001, 1003]
    assert numbers(api.GetInvoicesByStatus(ROOT, "Sent", 0, None)) == [1001, 1002, 1003]
    assert numbers(api.GetInvoicesByStatus(ROOT.upper(), "Sent", 16, None)) == [1001, 1003]
    assert numbers(api.GetInvoicesByStatus(CHILD, "Sent", 0, None)) == [1002]
    assert numbers(api.GetInvoicesByStatus(None, "Sent", 0, 2)) == [1001, 1002]
    assert api.GetInvoicesByStatus(None, "Draft", 0, None)[0].GUID == DRAFT
    assert api.GetInvoicesByStatus(None, "NoSuchStatus", 0, None) is None  # empty list
    assert api.GetInvoicesByStatus(OTHER, "Draft", 0, None) is None


def test_by_status_and_business_unit_in_a_raw_envelope(org):
    reply = org.soap("IInvoice", "GetInvoicesByStatusAndBusinessUnit",
                     f"<status>Sent</status><businessUnitGUID>{ROOT}</businessUnitGUID>")
    result = raw_result(reply, "GetInvoicesByStatusAndBusinessUnit")
    assert [n.text for n in result.iterfind(f"{{{ENT}}}Invoice/{{{ENT}}}Number")] == ["1001", "1002", "1003"]
    credit = result.findall(f"{{{ENT}}}Invoice")[2]
    assert credit.findtext(f"{{{ENT}}}IsCreditNote") == "true"
    assert credit.findtext(f"{{{ENT}}}ReimburseInvoiceGUID") == INV1
    empty = raw_result(org.soap("IInvoice", "GetInvoicesByStatusAndBusinessUnit",
                                "<status>Paid</status><businessUnitGUID></businessUnitGUID>"),
                       "GetInvoicesByStatusAndBusinessUnit")
    assert len(empty) == 0


def test_by_date_is_inclusive_by_day_and_follows_the_unit_tree(api, org):
    january = (datetime(2024, 1, 1), datetime(2024, 1, 31))
    assert numbers(api.GetInvoicesByDate("", *january, 0)) == [1001, 1002, None, 1003]
    assert numbers(api.GetInvoicesByDate(ROOT, *january, 16)) == [1001, None, 1003]
    assert numbers(api.GetInvoicesByDate(None, datetime(2024, 1, 20), datetime(2024, 1, 20, 0, 0), 0)) == [1002]
    assert numbers(api.GetInvoicesByDate(OTHER, datetime(2024, 2, 1), datetime(2024, 2, 29), 0)) == [2001]
    assert api.GetInvoicesByDate(None, datetime(2023, 1, 1), datetime(2023, 12, 31), 0) is None
    reply = org.soap("IInvoice", "GetInvoicesByDate",
                     "<businessUnitGUID/><startDate>2024-01-20T00:00:00+02:00</startDate>"
                     "<endDate>2024-01-25T23:59:59</endDate><options>0</options>")
    result = raw_result(reply, "GetInvoicesByDate")
    assert [n.text for n in result.iterfind(f"{{{ENT}}}Invoice/{{{ENT}}}Number")] == ["1002", "1003"]


def test_by_date_and_status_with_open_bounds(api):
    assert numbers(api.GetInvoicesByDateAndStatus(None, None, None, "Sent", 0)) == [1001, 1002, 2001, 1003]
    assert numbers(api.GetInvoicesByDateAndStatus(None, datetime(2024, 1, 12), None, "Sent", 0)) == [1002, 2001, 1003]
    assert numbers(api.GetInvoicesByDateAndStatus(ROOT, None, datetime(2024, 1, 15), None, 0)) == [1001, None]
    assert api.GetInvoicesByDateAndStatus(CHILD, None, None, "Draft", 0) is None


def test_by_guid_and_by_number(api, org):
    found = api.GetInvoiceByGUID(INV1.upper())
    assert (found.Number, found.InvoiceStatus, found.Date) == (1001, "Sent", datetime(2024, 1, 10))
    assert [r.articleName for r in found.InvoiceRows.InvoiceRow] == ["Consulting (senior)", "Travel"]
    assert api.GetInvoiceByNumber(1001, None).GUID == INV1
    assert api.GetInvoiceByNumber(1001, ROOT).GUID == INV1
    assert is_nil(api.GetInvoiceByNumber(1001, OTHER))  # not found by number: a null result
    assert is_nil(api.GetInvoiceByNumber(9999, ""))
    nil = raw_result(org.soap("IInvoice", "GetInvoiceByNumber", "<invoiceNumber>9999</invoiceNumber>"),
                     "GetInvoiceByNumber")
    assert nil is None or nil.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true" or len(nil) == 0
    with pytest.raises(zeep.exceptions.Fault) as fault:
        api.GetInvoiceByGUID(UNKNOWN)
    assert fault_of(fault)[0] == "NotFoundException"


def test_credit_note_points_at_the_invoice_it_credits(api):
    credit = api.GetInvoiceByGUID(CREDIT)
    assert credit.IsCreditNote is True and credit.ReimburseInvoiceGUID == INV1
    original = api.GetInvoiceByGUID(credit.ReimburseInvoiceGUID)
    assert (original.Number, original.IsCreditNote) == (1001, False)
    assert credit.InvoiceDetails.invoiceTotalVatIncludedAmount == Decimal("-297.60")


# ---------------------------------------------------------------------------------------------- SEV-02
def test_business_unit_limit_through_the_control_route(org, api):
    with org.http() as http:
        reply = http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"businessUnits": [CHILD.upper()]})
        assert reply.json()["businessUnits"] == [CHILD]
    assert numbers(api.GetInvoicesByStatus(None, "Sent", 0, None)) == [1002]
    assert numbers(api.GetInvoicesByStatus(ROOT, "Sent", 0, None)) == [1002]  # ROOT itself is out of reach
    assert numbers(api.GetInvoicesByDate(None, datetime(2024, 1, 1), datetime(2024, 12, 31), 0)) == [1002]
    assert is_nil(api.GetInvoiceByNumber(1001, None))
    for call in (lambda: api.GetInvoiceByGUID(INV1), lambda: api.GetInvoicePdfByInvoiceGUID(INV1, "All"),
                 lambda: api.GetInvoiceAttachmentFileGUIDs(INV1), lambda: api.GetInvoiceAttachmentFile(ATT_PDF),
                 lambda: api.GetInvoicePdf(1001, ROOT, "All")):
        with pytest.raises(zeep.exceptions.Fault) as fault:
            call()
        assert fault_of(fault)[0] == "NotFoundException"
    with pytest.raises(zeep.exceptions.Fault) as fault:
        api.SetInvoiceStatus(INV1, "Transferred")
    assert fault_of(fault)[0] == "NoPermissionException"
    assert org.state.get("Invoice", INV1)["InvoiceStatus"] == "Sent"
    api.SetInvoiceStatus(INV2, "Transferred")  # inside the limit
    with org.http() as http:
        http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"allBusinessUnits": True})
    assert numbers(api.GetInvoicesByStatus(None, "Sent", 0, None)) == [1001, 2001, 1003]


def test_business_unit_limit_set_on_the_state(org, api):
    org.state.api_user.business_units = [ROOT, CHILD]
    assert numbers(api.GetInvoicesByStatus(None, "Sent", 0, None)) == [1001, 1002, 1003]
    finvoices = api.GetFinvoicesByStatus(None, "Sent", 0)
    assert [f.GUID for f in finvoices] == [INV1, INV2, CREDIT]
    reply = org.soap("IInvoice", "GetInvoiceByGUID", f"<invoiceGUID>{INV3}</invoiceGUID>")
    assert raw_fault(reply)[0] == "NotFoundException"


# ---------------------------------------------------------------------------------------------- writes
def test_set_status_then_read_back(api, org):
    before = org.state.changed["Invoice"][INV1]
    org.clock.advance(60)
    api.SetInvoiceStatus(INV1.upper(), "transferred")
    found = api.GetInvoiceByGUID(INV1)
    assert found.InvoiceStatus == "Transferred"  # the status's own name
    assert org.state.changed["Invoice"][INV1] > before
    assert [i["GUID"] for i in org.state.changed_since("Invoice", before + (org.clock.now() - before) / 2)] == [INV1]
    assert numbers(api.GetInvoicesByStatus(None, "Transferred", 0, None)) == [1001]
    org.verify(operation="SetInvoiceStatus", count=1)


@pytest.mark.parametrize(("guid", "state_name", "fault"), [
    (INV1, "NoSuchStatus", "ValidationException"),
    ("guid", "status", "GeneralFailureException"),  # not a GUID at all (as the F# client's test shows)
    (UNKNOWN, "Sent", "NotFoundException"),
])
def test_set_status_faults(api, org, guid, state_name, fault):
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.SetInvoiceStatus(guid, state_name)
    assert fault_of(raised)[0] == fault
    reply = org.soap("IInvoice", "SetInvoiceStatus", f"<invoiceGUID>{guid}</invoiceGUID><status>{state_name}</status>")
    assert raw_fault(reply)[0] == fault
    assert org.state.get("Invoice", INV1)["InvoiceStatus"] == "Sent"


def test_set_invoice_number_replaces_the_earlier_one(api, org):
    api.SetInvoiceNumber(DRAFT, 5001, "50013", "Transferred")
    found = api.GetInvoiceByGUID(DRAFT)
    assert (found.Number, found.ReferenceNumber, found.InvoiceStatus) == (5001, "50013", "Transferred")
    assert found.InvoiceDetails.invoiceNumber == 5001
    api.SetInvoiceNumber(DRAFT, 5002, "50026", None)  # VA-06/07: a second number replaces the first
    found = api.GetInvoiceByGUID(DRAFT)
    assert (found.Number, found.ReferenceNumber, found.InvoiceStatus) == (5002, "50026", "Transferred")
    assert is_nil(api.GetInvoiceByNumber(5001, None))
    assert api.GetInvoiceByNumber(5002, ROOT).GUID == DRAFT
    reply = org.soap("IInvoice", "SetInvoiceNumber", f"<invoiceGUID>{DRAFT}</invoiceGUID><invoiceNumber>5003"
                                                     "</invoiceNumber><referenceNumber>50039</referenceNumber>"
                                                     "<status>Paid</status>")
    assert raw_result(reply, "SetInvoiceNumber") is None
    stored = org.state.get("Invoice", DRAFT)
    assert (stored["Number"], stored["InvoiceStatus"]) == (5003, "Paid")


def test_set_invoice_number_faults_change_nothing(api, org):
    for args, fault in [((DRAFT, 6000, "1", "Bogus"), "ValidationException"),
                        ((DRAFT, 0, "1", None), "ValidationException"),
                        (("not-a-guid", 6000, "1", None), "GeneralFailureException"),
                        ((UNKNOWN, 6000, "1", None), "NotFoundException")]:
        with pytest.raises(zeep.exceptions.Fault) as raised:
            api.SetInvoiceNumber(*args)
        assert fault_of(raised)[0] == fault
    assert org.state.get("Invoice", DRAFT)["Number"] is None
    assert org.state.get("Invoice", DRAFT)["InvoiceStatus"] == "Draft"


def test_set_payment_date_and_clear_it(api, org):
    api.SetInvoicePaymentDate(INV1, datetime(2024, 2, 1))
    found = api.GetInvoiceByGUID(INV1)
    assert (found.PaymentDate, found.PaymentStatus) == (datetime(2024, 2, 1), "Paid")
    reply = org.soap("IInvoice", "SetInvoicePaymentDate",
                     f'<invoiceGUID>{INV1}</invoiceGUID><paymentDate xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
                     ' i:nil="true"/>')
    assert reply.status_code == 200
    found = api.GetInvoiceByGUID(INV1)
    assert (found.PaymentDate, found.PaymentStatus) == (None, "Unpaid")
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.SetInvoicePaymentDate(UNKNOWN, datetime(2024, 2, 1))
    assert fault_of(raised)[0] == "NotFoundException"


def test_log_entries_and_duplicates(api, org):
    api.AddNewInvoiceLogEntry(INV1, "Procountor", "Transferred as 77", "integration", datetime(2024, 2, 1, 8), True)
    api.AddNewInvoiceLogEntry(INV1, "Procountor", "Transferred as 77", "integration", None, True)  # ignored
    assert len(org.state.extra["invoiceLog"]) == 1
    api.AddNewInvoiceLogEntry(INV1, "Procountor", "Transferred as 77", "integration", None, False)
    reply = org.soap("IInvoice", "AddNewInvoiceLogEntry",
                     f"<invoiceGuid>{INV2}</invoiceGuid><context>Procountor</context><text>Failed: closed period"
                     "</text><source>integration</source><ignoreDuplicates>false</ignoreDuplicates>")
    assert reply.status_code == 200
    log = org.state.extra["invoiceLog"]
    assert [(e["invoiceGuid"], e["text"]) for e in log] == [
        (INV1, "Transferred as 77"), (INV1, "Transferred as 77"), (INV2, "Failed: closed period")]
    assert log[0]["eventTimeUtc"] == "2024-02-01T08:00:00+00:00"
    assert org.export()["extra"]["invoiceLog"][2]["context"] == "Procountor"
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.AddNewInvoiceLogEntry(UNKNOWN, "c", "t", "s", None, False)
    assert fault_of(raised)[0] == "NotFoundException"
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.AddNewInvoiceLogEntry(INV1, "c", "", "s", None, False)
    assert fault_of(raised)[0] == "GeneralFailureException"


# ---------------------------------------------------------------------------------------------- PDFs and files
def test_invoice_pdf_is_a_real_pdf(api, org):
    data = api.GetInvoicePdfByInvoiceGUID(INV1, "All")
    text = pdf_text(data)
    for expected in ("INVOICE 1001", "Acme Oy", "Date: 2024-01-10", "Consulting (senior)", "Travel",
                     "Reference number: 10016", "1 250.00", "288.00", "1 538.00"):
        assert expected in text
    assert api.GetInvoicePdf(1001, ROOT, "All") == data  # the same document by number
    reply = org.soap("IInvoice", "GetInvoicePdfByInvoiceGUID",
                     f"<invoiceGuid>{INV1}</invoiceGuid><getAttachmentOnly>All</getAttachmentOnly>")
    assert base64.b64decode(raw_result(reply, "GetInvoicePdfByInvoiceGUID").text) == data
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.GetInvoicePdf(4242, None, "All")
    assert fault_of(raised)[0] == "NotFoundException"


def test_credit_note_pdf_names_the_credited_invoice(api):
    text = pdf_text(api.GetInvoicePdfByInvoiceGUID(CREDIT, "All"))
    assert "CREDIT NOTE 1003" in text and "Credits invoice 1001" in text and "-297.60" in text


def test_attachment_only_gives_the_pdf_attachment_or_nothing(api, org):
    assert api.GetInvoicePdfByInvoiceGUID(INV1, "AttachmentOnly") == ATTACHED_PDF
    assert api.GetInvoicePdf(1001, None, "AttachmentOnly") == ATTACHED_PDF
    assert not api.GetInvoicePdfByInvoiceGUID(INV2, "AttachmentOnly")
    reply = org.soap("IInvoice", "GetInvoicePdfByInvoiceGUID",
                     f"<invoiceGuid>{INV2}</invoiceGuid><getAttachmentOnly>AttachmentOnly</getAttachmentOnly>")
    assert not (raw_result(reply, "GetInvoicePdfByInvoiceGUID").text or "")


def test_attachment_files(api, org):
    files = api.GetInvoiceAttachmentFileGUIDs(INV1)
    assert [(f.GUID, f.Name, f.MIMEtype, f.PrintOrder) for f in files] == [
        (ATT_JPG, "receipt.jpg", "image/jpeg", 1), (ATT_PDF, "hours.pdf", "application/pdf", 2)]
    assert api.GetInvoiceAttachmentFile(ATT_JPG.upper()) == JPEG
    assert api.GetInvoiceAttachmentFileGUIDs(INV2) is None
    reply = org.soap("IInvoice", "GetInvoiceAttachmentFile", f"<attachmentGuid>{ATT_PDF}</attachmentGuid>")
    assert base64.b64decode(raw_result(reply, "GetInvoiceAttachmentFile").text) == ATTACHED_PDF
    for call in (lambda: api.GetInvoiceAttachmentFile(UNKNOWN), lambda: api.GetInvoiceAttachmentFileGUIDs(UNKNOWN)):
        with pytest.raises(zeep.exceptions.Fault) as raised:
            call()
        assert fault_of(raised)[0] == "NotFoundException"


# ---------------------------------------------------------------------------------------------- Finvoice
def finvoice(text: str):
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    doc = etree.fromstring(text.encode("utf-8"))
    assert doc.tag == "Finvoice" and doc.get("Version") == "3.0"
    return doc


def test_finvoices_by_status_are_finvoice_documents(api):
    items = api.GetFinvoicesByStatus(None, "Sent", 0)
    assert [i.GUID for i in items] == [INV1, INV2, INV3, CREDIT]
    doc = finvoice(items[0].Finvoice)
    details = doc.find("InvoiceDetails")
    assert (details.findtext("InvoiceTypeCode"), details.findtext("InvoiceNumber")) == ("INV01", "1001")
    assert details.findtext("InvoiceDate") == "20240110"
    assert details.findtext("InvoiceTotalVatExcludedAmount") == "1250,00"
    assert details.findtext("InvoiceTotalVatAmount") == "288,00"
    assert details.findtext("InvoiceTotalVatIncludedAmount") == "1538,00"
    assert details.find("InvoiceTotalVatIncludedAmount").get("AmountCurrencyIdentifier") == "EUR"
    assert {v.findtext("VatRatePercent"): v.findtext("VatBaseAmount")
            for v in details.iterfind("VatSpecificationDetails")} == {"24": "1200,00", "0": "50,00"}
    assert doc.findtext("BuyerPartyDetails/BuyerOrganisationName") == "Acme Oy"
    assert doc.findtext("BuyerPartyDetails/BuyerOrganisationTaxCode") == "FI12345678"
    assert doc.findtext("SellerPartyDetails/SellerOrganisationName") == "Seller Ltd"
    assert doc.findtext("SellerInformationDetails/SellerAccountDetails/SellerAccountID") == "FI2112345600000785"
    assert [r.findtext("ArticleName") for r in doc.iterfind("InvoiceRow")] == ["Consulting (senior)", "Travel"]
    assert doc.find("InvoiceRow/RowAmount").text == "1488,00"
    assert doc.findtext("EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier") == "10016"
    assert finvoice(items[2].Finvoice).findtext("InvoiceDetails/VatSpecificationDetails/VatRatePercent") == "10"
    credit = finvoice(items[3].Finvoice).find("InvoiceDetails")
    assert (credit.findtext("InvoiceTypeCode"), credit.findtext("OriginalInvoiceNumber")) == ("INV02", "1001")
    assert credit.findtext("InvoiceTotalVatIncludedAmount") == "-297,60"


def test_huge_seeded_amounts_are_rendered_in_the_pdf_and_finvoice(severa):
    """Seeded amounts are the tenant's own: one past Decimal's 28 digits is shown, not a bare Internal Error."""
    guid = "11111111-2222-4333-8444-555555555555"
    severa.seed({"InvoiceStatus": [{"Name": "Waiting for transfer", "IsActive": True, "HasInvoiceNumber": True}],
                 "Invoice": [{"GUID": guid, "Number": 1, "InvoiceStatus": "Waiting for transfer",
                              "Date": "2026-03-29T00:00:00",
                              "InvoiceRows": [{"rowNumber": 1, "articleName": "X", "deliveredQuantity": 1e20,
                                               "rowUnitPrice": 1e10, "rowVatExcludedAmount": 1e30, "rowAmount": 1e30,
                                               "rowVatAmount": 0.0, "rowVatRatePercent": 24.0}]}]})
    api = severa.zeep("IInvoice")
    huge = " ".join(["1"] + ["000"] * 10)
    assert f"{huge}.00" in pdf_text(api.GetInvoicePdfByInvoiceGUID(guid, "All"))
    (item,) = api.GetFinvoicesByStatus("", "Waiting for transfer", 0)
    doc = finvoice(item.Finvoice)
    assert doc.findtext("InvoiceRow/RowVatExcludedAmount") == "1" + "0" * 30 + ",00"
    assert doc.findtext("InvoiceDetails/InvoiceTotalVatIncludedAmount") == "1" + "0" * 30 + ",00"


def test_finvoices_by_status_and_date_in_a_raw_envelope(org, api):
    reply = org.soap("IInvoice", "GetFinvoicesByStatusAndDate",
                     f"<finvoiceVersion>3.0</finvoiceVersion><businessUnitGUID>{ROOT}</businessUnitGUID>"
                     "<invoiceStatus>Sent</invoiceStatus><invoiceDateStart>2024-01-01T00:00:00</invoiceDateStart>"
                     "<invoiceDateEnd>2024-01-15T00:00:00</invoiceDateEnd><options>0</options>")
    result = raw_result(reply, "GetFinvoicesByStatusAndDate")
    (item,) = result.findall(f"{{{ENT}}}SeveraFinvoice")
    assert item.findtext(f"{{{ENT}}}GUID") == INV1
    assert finvoice(item.findtext(f"{{{ENT}}}Finvoice")).findtext("InvoiceDetails/InvoiceNumber") == "1001"
    assert api.GetFinvoicesByStatusAndDate(None, CHILD, "Sent", None, None, 0)[0].GUID == INV2
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.GetFinvoicesByStatusAndDate("1.3", None, "Sent", None, None, 0)
    assert fault_of(raised)[0] == "GeneralFailureException"


# ---------------------------------------------------------------------------------------------- CreateInvoices
CREATE = {
    "Case": DATASET["Case"],
    "BusinessUnit": DATASET["BusinessUnit"],
    "InvoiceStatus": DATASET["InvoiceStatus"],
    "Account": [{"GUID": "acc-1", "Name": "Acme Oy", "Number": 501, "PaymentTerm": 30}],
    "Item": [{"GUID": "e1000000-0000-4000-8000-000000000001", "CaseGUID": CASE, "Name": "Hosting", "Quantity": 2,
              "UnitPrice": 49.95, "VAT": 24, "ProductCode": "HOST", "MeasurementUnit": "mo"},
             {"GUID": "e1000000-0000-4000-8000-000000000002", "CaseGUID": CASE, "Name": "Domain", "Quantity": 1,
              "UnitPrice": 15, "VAT": 24},
             {"GUID": "e1000000-0000-4000-8000-000000000003", "CaseGUID": CASE_B, "Name": "Support", "Quantity": 3,
              "UnitPrice": 80.5, "VAT": 14},
             {"GUID": "e1000000-0000-4000-8000-000000000004", "CaseGUID": CASE_B, "Name": "Onboarding",
              "Quantity": 1, "UnitPrice": 100, "VAT": 24, "IsBillable": True}],
}
ITEMS = [i["GUID"] for i in CREATE["Item"]]


def test_create_invoices_groups_items_by_case_with_consistent_totals(severa):
    severa.seed(CREATE)
    api = severa.zeep("IInvoice")
    created = api.CreateInvoices({"ItemGUIDs": {"string": ITEMS[:3]}, "Date": datetime(2024, 3, 1),
                                  "PaymentTerm": 0, "OverDueInterest": 0, "OurReference": "Mike"})
    assert [(i.MainCaseGUID, i.InvoiceStatus, i.Number) for i in created] == [(CASE, "Draft", None),
                                                                                (CASE_B, "Draft", None)]
    first = created[0]
    assert (first.Date, first.DueDate, first.PaymentTerm) == (datetime(2024, 3, 1), datetime(2024, 3, 22), 21)
    assert (first.AccountName, first.AccountNumber, first.BusinessUnitGUID) == ("Acme Oy", 501, ROOT)
    assert first.OurReference == "Mike" and first.OrderNumber == "PO-9"
    for made in created:
        rows = made.InvoiceRows.InvoiceRow
        details = made.InvoiceDetails
        assert details.invoiceTotalVatExcludedAmount == sum(r.rowVatExcludedAmount for r in rows)
        assert details.invoiceTotalVatAmount == sum(r.rowVatAmount for r in rows)
        assert details.invoiceTotalVatIncludedAmount == sum(r.rowAmount for r in rows)
        assert details.invoiceTotalVatIncludedAmount == details.invoiceTotalVatExcludedAmount + \
            details.invoiceTotalVatAmount
        for r in rows:
            assert r.rowVatExcludedAmount == (r.deliveredQuantity * r.unitPriceAmount).quantize(Decimal("0.01"))
    assert [r.articleName for r in first.InvoiceRows.InvoiceRow] == ["Hosting", "Domain"]
    assert first.InvoiceDetails.invoiceTotalVatExcludedAmount == Decimal("114.90")
    assert first.InvoiceDetails.invoiceTotalVatAmount == Decimal("27.58")
    assert created[1].InvoiceDetails.invoiceTotalVatIncludedAmount == Decimal("275.31")
    assert api.GetInvoiceByGUID(first.GUID).InvoiceRows.InvoiceRow[0].ItemGUIDs.string == [ITEMS[0]]
    assert severa.state.get("Item", ITEMS[0])["InvoiceGUID"] == first.GUID
    assert numbers(api.GetInvoicesByStatus(None, "Draft", 0, None)) == [None, None]
    with pytest.raises(zeep.exceptions.Fault) as raised:  # the items are on an invoice now
        api.CreateInvoices({"ItemGUIDs": {"string": ITEMS[:1]}, "PaymentTerm": 0, "OverDueInterest": 0})
    assert fault_of(raised)[0] == "GeneralFailureException"


def test_create_invoices_in_a_numbered_status_takes_the_next_number(severa):
    severa.seed(CREATE)
    body = ("<invoiceInformation xmlns:a=\"http://schemas.datacontract.org/2004/07/Severa.Entities.API\">"
            "<a:InvoiceStatus>Sent</a:InvoiceStatus><a:ItemGUIDs xmlns:b=\"http://schemas.microsoft.com/2003/10/"
            f"Serialization/Arrays\"><b:string>{ITEMS[3]}</b:string></a:ItemGUIDs></invoiceInformation>")
    result = raw_result(severa.soap("IInvoice", "CreateInvoices", body), "CreateInvoices")
    (made,) = result.findall(f"{{{ENT}}}Invoice")
    assert (made.findtext(f"{{{ENT}}}Number"), made.findtext(f"{{{ENT}}}ReferenceNumber")) == ("3000", "30009")
    assert made.findtext(f"{{{ENT}}}InvoiceStatus") == "Sent"
    assert severa.state.get("BusinessUnit", ROOT)["NextInvoiceNumber"] == 3001
    api = severa.zeep("IInvoice")
    for info in ({"ItemGUIDs": {"string": [UNKNOWN]}}, {"ItemGUIDs": {"string": []}},
                 {"ItemGUIDs": {"string": [ITEMS[0]]}, "InvoiceStatus": "Bogus"}):
        with pytest.raises(zeep.exceptions.Fault) as raised:
            api.CreateInvoices({"PaymentTerm": 0, "OverDueInterest": 0, **info})
        assert fault_of(raised)[0] == "GeneralFailureException"


# ---------------------------------------------------------------------------------------------- origins
def test_origin_details_name_cases_phases_hours_and_items(api, org):
    origin = api.GetInvoiceOriginDetailsByInvoiceGUID(INV1)
    (case,) = origin.Cases["InvoiceOriginDetails.CaseDetails"]
    assert (case.GUID, case.Name, case.CaseNumber) == (CASE, "Website", 42)
    assert [p.Name for p in case.Phases.Phase] == ["Build"]
    first, second = origin.InvoiceRowOrigins["InvoiceOriginDetails.InvoiceRowOrigin"]
    assert first.InvoiceRowGUID == "20000000-0000-4000-8000-000000000001"
    assert [h.Description for h in first.HourEntries.HourEntry] == ["Coding"]
    assert [i.Name for i in first.Items.Item] == ["Hosting"]
    assert second.HourEntries is None and second.Items is None
    reply = org.soap("IInvoice", "GetInvoiceOriginDetailsByInvoiceGUID", f"<invoiceGUID>{UNKNOWN}</invoiceGUID>")
    assert raw_fault(reply)[0] == "NotFoundException"
