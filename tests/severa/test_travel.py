"""ITravelReimbursement and ITravelReimbursementStatus through zeep and raw WCF envelopes: reads by GUID, number,
date and status (name or GUID) with the users' business units and the API user's limit (SEV-02), status changes
read back (PC-19), attachments as File records with their bytes, and the reimbursement PDF."""

from __future__ import annotations

import base64
import re
from datetime import datetime

import pytest
import zeep.exceptions
from lxml import etree

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
TNS = "http://soap.severa.com/"

ROOT = "a0000000-0000-4000-8000-000000000001"
CHILD = "a0000000-0000-4000-8000-000000000002"
OTHER = "a0000000-0000-4000-8000-000000000003"
ANNA, BEN, CARL = (f"b0000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
DRAFT_S, APPROVED_S, TRANSFERRED_S = (f"c0000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
TR1, TR2, TR3 = (f"d0000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
RECEIPT, TAXI, UNRELATED = (f"f0000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
UNKNOWN = "99999999-0000-4000-8000-000000000000"
RECEIPT_BYTES = b"%PDF-1.4\n% hotel receipt\n%%EOF\n"
TAXI_BYTES = b"\xff\xd8\xff\xe0taxi"


def reimbursement(guid, number, user, state, day, rows=(), **extra):
    return {"GUID": guid, "Number": number, "UserGUID": user, "TravelReimbursementStatus": state,
            "Date": f"{day}T00:00:00", "CurrencyShortform": "EUR", "TravelReimbursementRows": list(rows), **extra}


DATASET = {
    "BusinessUnit": [{"GUID": ROOT, "Name": "Helsinki"}, {"GUID": CHILD, "Name": "Espoo",
                                                          "ParentBusinessUnitGUID": ROOT},
                     {"GUID": OTHER, "Name": "Tallinn"}],
    "User": [{"GUID": ANNA, "FirstName": "Anna", "LastName": "Virtanen", "BusinessUnitGUID": ROOT},
             {"GUID": BEN, "FirstName": "Ben", "LastName": "Koski", "BusinessUnitGUID": CHILD},
             {"GUID": CARL, "FirstName": "Carl", "LastName": "Tamm", "BusinessUnitGUID": OTHER}],
    "TravelReimbursementStatus": [
        {"GUID": TRANSFERRED_S, "Name": "Transferred", "IsActive": True, "IsApproved": True, "IsLocked": True,
         "SortOrder": 3},
        {"GUID": DRAFT_S, "Name": "Draft", "IsActive": True, "IsApproved": False, "IsLocked": False, "SortOrder": 1},
        {"GUID": APPROVED_S, "Name": "Approved", "IsActive": True, "IsApproved": True, "IsLocked": False,
         "SortOrder": 2}],
    "TravelReimbursement": [
        reimbursement(TR1, 1, ANNA, "Approved", "2024-03-01", [
            {"GUID": "e0000000-0000-4000-8000-000000000001", "rowNumber": 1, "Name": "Hotel", "Quantity": 2,
             "UnitCost": 120.5, "MeasurementUnit": "night", "EventDate": "2024-02-27T00:00:00",
             "FileGUIDs": [RECEIPT], "IsTravelReimbursementRequired": True},
            {"GUID": "e0000000-0000-4000-8000-000000000002", "rowNumber": 2, "Name": "Taxi (airport)", "Quantity": 1,
             "UnitCost": 45, "FileGUIDs": [TAXI, RECEIPT.upper()]}],
            AdvancePayment=100, Notes="Customer visit in Oulu", ApprovalDate="2024-03-02T10:00:00"),
        reimbursement(TR2, 2, BEN, "Approved", "2024-03-10"),
        reimbursement(TR3, 3, CARL, "Draft", "2024-04-01"),
    ],
    "File": [{"GUID": RECEIPT, "Name": "hotel.pdf", "ContentType": "application/pdf", "Description": "Hotel"},
             {"GUID": TAXI, "Name": "taxi.jpg", "ContentType": "image/jpeg", "Size": 8},
             {"GUID": UNRELATED, "Name": "logo.png", "ContentType": "image/png"}],
    "files": {RECEIPT: base64.b64encode(RECEIPT_BYTES).decode(), TAXI: base64.b64encode(TAXI_BYTES).decode()},
}


@pytest.fixture
def org(severa):
    severa.seed(DATASET)
    return severa


@pytest.fixture
def api(org):
    return org.zeep("ITravelReimbursement")


def numbers(found):
    return [r.Number for r in found or []]


def fault_of(excinfo) -> str:
    (node,) = [child for child in excinfo.value.detail if isinstance(child.tag, str)]
    return etree.QName(node).localname


def raw_result(reply, operation):
    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{{TNS}}}{operation}Result")


def raw_fault(reply) -> str:
    assert reply.status_code == 500
    (node,) = list(etree.fromstring(reply.content).find(".//detail"))
    return etree.QName(node).localname


def test_statuses_in_sort_order(org):
    statuses = org.zeep("ITravelReimbursementStatus").GetAllTravelReimbursementStatuses()
    assert [(s.Name, s.GUID) for s in statuses] == [("Draft", DRAFT_S), ("Approved", APPROVED_S),
                                                    ("Transferred", TRANSFERRED_S)]
    reply = org.soap("ITravelReimbursementStatus", "GetAllTravelReimbursementStatuses")
    names = raw_result(reply, "GetAllTravelReimbursementStatuses").iterfind(
        f"{{{ENT}}}TravelReimbursementStatus/{{{ENT}}}Name")
    assert [n.text for n in names] == ["Draft", "Approved", "Transferred"]


def test_by_guid_and_number(api, org):
    found = api.GetTravelReimbursementByGUID(TR1.upper())
    assert (found.Number, found.UserGUID, found.TravelReimbursementStatus) == (1, ANNA, "Approved")
    assert [r.Name for r in found.TravelReimbursementRows.TravelReimbursementRow] == ["Hotel", "Taxi (airport)"]
    assert found.TravelReimbursementRows.TravelReimbursementRow[0].FileGUIDs.string == [RECEIPT]
    assert api.GetTravelReimbursementByNumber(2, None).GUID == TR2
    assert api.GetTravelReimbursementByNumber(2, CHILD).GUID == TR2
    for call in (lambda: api.GetTravelReimbursementByNumber(2, OTHER),
                 lambda: api.GetTravelReimbursementByNumber(9, ""), lambda: api.GetTravelReimbursementByGUID(UNKNOWN)):
        with pytest.raises(zeep.exceptions.Fault) as raised:
            call()
        assert fault_of(raised) == "NotFoundException"
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementByGUID",
                     f"<travelReimbursementGUID>{TR3}</travelReimbursementGUID>")
    assert raw_result(reply, "GetTravelReimbursementByGUID").findtext(f"{{{ENT}}}Number") == "3"


def test_by_date(api, org):
    assert numbers(api.GetTravelReimbursementsByDate(datetime(2024, 3, 1), datetime(2024, 3, 31), 0)) == [1, 2]
    assert numbers(api.GetTravelReimbursementsByDate(datetime(2024, 3, 10), datetime(2024, 3, 10), 0)) == [2]
    assert api.GetTravelReimbursementsByDate(datetime(2025, 1, 1), datetime(2025, 12, 31), 0) is None
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementsByDate",
                     "<startDate>2024-03-05T00:00:00</startDate><endDate>2024-04-30T00:00:00</endDate>"
                     "<options>0</options>")
    result = raw_result(reply, "GetTravelReimbursementsByDate")
    assert [n.text for n in result.iterfind(f"{{{ENT}}}TravelReimbursement/{{{ENT}}}Number")] == ["2", "3"]


def test_by_status_follows_the_users_business_units(api):
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 0, None)) == [1, 2]
    assert numbers(api.GetTravelReimbursementsByStatus("approved", 0, ROOT)) == [1]  # ROOT alone by default
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 16, ROOT)) == [1, 2]  # IncludeChildBusinessUnits
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 0, CHILD)) == [2]
    assert api.GetTravelReimbursementsByStatus("Approved", 0, OTHER) is None
    assert api.GetTravelReimbursementsByStatus("Nonexistent", 0, None) is None


def test_by_status_guid(api, org):
    assert numbers(api.GetTravelReimbursementsByStatusGUID(APPROVED_S, 0)) == [1, 2]
    assert numbers(api.GetTravelReimbursementsByStatusGUID(DRAFT_S.upper(), 0)) == [3]
    assert api.GetTravelReimbursementsByStatusGUID(TRANSFERRED_S, 0) is None
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementsByStatusGUID",
                     f"<travelReimbursementStatusGUID>{UNKNOWN}</travelReimbursementStatusGUID><options>0</options>")
    assert raw_fault(reply) == "NotFoundException"


def test_set_status_then_read_back(api, org):
    before = org.state.changed["TravelReimbursement"][TR1]
    org.clock.advance(30)
    api.SetTravelReimbursementStatus(TR1, "transferred")  # PC-19: the status after transfer
    assert api.GetTravelReimbursementByGUID(TR1).TravelReimbursementStatus == "Transferred"
    assert org.state.changed["TravelReimbursement"][TR1] > before
    assert numbers(api.GetTravelReimbursementsByStatus("Transferred", 0, None)) == [1]
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 0, None)) == [2]
    assert api.GetTravelReimbursementByGUID(TR1).ApprovalDate == datetime(2024, 3, 2, 10)  # kept
    reply = org.soap("ITravelReimbursement", "SetTravelReimbursementStatus",
                     f"<travelReimbursementGUID>{TR3}</travelReimbursementGUID><status>Approved</status>")
    assert reply.status_code == 200
    approved = api.GetTravelReimbursementByGUID(TR3)
    assert approved.TravelReimbursementStatus == "Approved"
    assert abs((approved.ApprovalDate - org.clock.now()).total_seconds()) < 5  # stamped on the tenant clock
    org.verify(operation="SetTravelReimbursementStatus", count=2)


@pytest.mark.parametrize(("guid", "status", "fault"), [
    (TR1, "Paid", "ValidationException"),
    ("tr-1", "Approved", "GeneralFailureException"),
    (UNKNOWN, "Approved", "NotFoundException"),
])
def test_set_status_faults(api, org, guid, status, fault):
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.SetTravelReimbursementStatus(guid, status)
    assert fault_of(raised) == fault
    assert org.state.get("TravelReimbursement", TR1)["TravelReimbursementStatus"] == "Approved"


def test_business_unit_limit(api, org):
    with org.http() as http:
        http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"businessUnits": [CHILD]})
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 16, None)) == [2]
    assert numbers(api.GetTravelReimbursementsByDate(datetime(2024, 1, 1), datetime(2024, 12, 31), 0)) == [2]
    assert numbers(api.GetTravelReimbursementsByStatusGUID(APPROVED_S, 0)) == [2]
    for call in (lambda: api.GetTravelReimbursementByGUID(TR1), lambda: api.GetTravelReimbursementByNumber(1, None),
                 lambda: api.GetTravelReimbursementAttachments(TR1), lambda: api.GetTravelReimbursementPdf(TR1)):
        with pytest.raises(zeep.exceptions.Fault) as raised:
            call()
        assert fault_of(raised) == "NotFoundException"
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.SetTravelReimbursementStatus(TR1, "Transferred")
    assert fault_of(raised) == "NoPermissionException"
    org.state.api_user.business_units = None
    assert numbers(api.GetTravelReimbursementsByStatus("Approved", 0, None)) == [1, 2]


def test_attachments_are_files_with_bytes(api, org):
    files = api.GetTravelReimbursementAttachments(TR1)
    assert [(f.GUID, f.Name, f.ContentType, f.Size) for f in files] == [
        (RECEIPT, "hotel.pdf", "application/pdf", len(RECEIPT_BYTES)), (TAXI, "taxi.jpg", "image/jpeg", 8)]
    assert api.GetTravelReimbursementAttachments(TR2) is None
    file_api = org.zeep("IFile")
    assert [file_api.GetFileBytesByGUID(f.GUID) for f in files] == [RECEIPT_BYTES, TAXI_BYTES]
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementAttachments", f"<guid>{TR1}</guid>")
    names = raw_result(reply, "GetTravelReimbursementAttachments").iterfind(f"{{{ENT}}}File/{{{ENT}}}Name")
    assert [n.text for n in names] == ["hotel.pdf", "taxi.jpg"]
    with pytest.raises(zeep.exceptions.Fault) as raised:
        api.GetTravelReimbursementAttachments(UNKNOWN)
    assert fault_of(raised) == "NotFoundException"


def pdf_text(data: bytes) -> str:
    """Checks header, trailer and every cross-reference offset; returns the text shown."""
    assert data.startswith(b"%PDF-1.4\n") and data.endswith(b"%%EOF\n")
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split()[0])
    table = data[xref_at:].split(b"\n")
    assert table[0] == b"xref"
    count = int(table[1].split()[1])
    for number, entry in enumerate(table[3:2 + count], start=1):
        assert len(entry) == 19 and data[int(entry[:10]):].startswith(b"%d 0 obj\n" % number)
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", data)
    return "\n".join(re.sub(rb"\\(.)", rb"\1", s).decode("cp1252") for s in strings)


def test_pdf(api, org):
    data = api.GetTravelReimbursementPdf(TR1)
    text = pdf_text(data)
    for expected in ("TRAVEL REIMBURSEMENT 1", "Anna Virtanen", "Date: 2024-03-01", "Status: Approved", "Hotel",
                     "Taxi (airport)", "241.00", "286.00", "Advance payment", "186.00", "Customer visit in Oulu"):
        assert expected in text
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementPdf", f"<guid>{TR1}</guid>")
    assert base64.b64decode(raw_result(reply, "GetTravelReimbursementPdf").text) == data
    assert "TRAVEL REIMBURSEMENT 2" in pdf_text(api.GetTravelReimbursementPdf(TR2))
    reply = org.soap("ITravelReimbursement", "GetTravelReimbursementPdf", f"<guid>{UNKNOWN}</guid>")
    assert raw_fault(reply) == "NotFoundException"
