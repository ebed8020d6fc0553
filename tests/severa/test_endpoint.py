"""The Severa endpoint on the wire: WSDL, authentication, faults, a first invoice round trip."""

from __future__ import annotations

import pytest
import zeep.exceptions
from lxml import etree

STATUS = {"Name": "Sent", "Description": "", "HasInvoiceNumber": True, "IsActive": True, "IsDefault": False,
          "IsPaid": False, "IsReadOnly": True, "IsSent": True, "IsWaitingPayment": True, "SortOrder": 1}
TRANSFERRED = {**STATUS, "Name": "Transferred", "SortOrder": 2}
API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"


@pytest.fixture
def org(severa):
    severa.seed({"InvoiceStatus": [STATUS, TRANSFERRED],
                 "Invoice": [{"GUID": "0b1c6f0e-0000-4000-8000-000000000001", "InvoiceStatus": "Sent", "Number": 1001,
                              "CurrencyRate": 1.0, "InvoiceRows": [{"articleName": "Work", "rowNumber": 1}]}]})
    return severa


def test_wsdl_advertises_this_server_and_wcf_actions(org):
    reply = org.http().get(org.simulator.base_path, params={"wsdl": ""})
    assert reply.status_code == 200
    doc = etree.fromstring(reply.content)
    addresses = {a.get("location") for a in doc.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address")}
    assert addresses == {org.url}
    actions = {op.get("soapAction") for op in doc.iter("{http://schemas.xmlsoap.org/wsdl/soap/}operation")}
    assert "http://soap.severa.com/IInvoice/GetInvoiceByGUID" in actions
    assert org.http().get(org.simulator.base_path + "/WSDL").content == reply.content


def test_zeep_reads_and_writes_an_invoice(org):
    invoices = org.zeep("IInvoice")
    found = invoices.GetInvoicesByStatus(None, "Sent", 0, None)
    assert [i.Number for i in found] == [1001]
    assert found[0].InvoiceRows.InvoiceRow[0].articleName == "Work"
    invoices.SetInvoiceStatus(found[0].GUID, "Transferred")
    assert invoices.GetInvoiceByGUID(found[0].GUID).InvoiceStatus == "Transferred"
    org.verify(operation="SetInvoiceStatus", count=1)


def test_wrong_or_missing_key_is_an_authentication_fault(org):
    for key in ("WRONG", ""):
        reply = org.soap("IInvoiceStatus", "GetAllInvoiceStatuses", api_key=key)
        assert reply.status_code == 500
        detail = etree.fromstring(reply.content).find(f".//{{{API_NS}}}AuthenticationFailureException")
        assert detail is not None and detail.findtext(f"{{{API_NS}}}Description") == "Access denied"
    with pytest.raises(zeep.exceptions.Fault) as fault:
        org.zeep("IInvoiceStatus", api_key="WRONG").GetAllInvoiceStatuses()
    assert fault.value.message == "Access denied"


def test_not_found_is_a_not_found_fault(org):
    reply = org.soap("IInvoice", "GetInvoiceByGUID", "<invoiceGUID>nope</invoiceGUID>")
    assert reply.status_code == 500
    assert etree.fromstring(reply.content).find(f".//{{{API_NS}}}NotFoundException") is not None


def test_regenerated_key_and_inactive_user_fail(org):
    old = org.credentials["api_key"]
    with org.http() as http:
        new = http.post(f"/_sim/tenants/{org.id}/severa/api-key/regenerate").json()["credentials"]["api_key"]
        assert org.soap("IInvoiceStatus", "GetAllInvoiceStatuses", api_key=old).status_code == 500
        assert org.soap("IInvoiceStatus", "GetAllInvoiceStatuses", api_key=new).status_code == 200
        http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"active": False})
        assert org.soap("IInvoiceStatus", "GetAllInvoiceStatuses", api_key=new).status_code == 500


@pytest.mark.parametrize("body", [
    b"<not-xml",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
])
def test_bad_xml_is_refused_without_expanding_anything(org, body):
    reply = org.http().post(org.simulator.base_path, content=body, headers={"Content-Type": "text/xml"})
    assert reply.status_code == 400
    assert b"root:" not in reply.content and b"aaaaaaaaaa" not in reply.content
    assert etree.fromstring(reply.content).find(f".//{{{API_NS}}}GeneralFailureException") is not None


def test_fault_rules_match_soap_operations(org):
    """Fault rules and the journal speak SOAP operation names; injected faults are Severa faults."""
    org.add_fault(action="status", operation="SetInvoiceStatus", status=500, message="Server too busy", times=1)
    reply = org.soap("IInvoice", "SetInvoiceStatus",
                     "<invoiceGUID>0b1c6f0e-0000-4000-8000-000000000001</invoiceGUID><status>Transferred</status>")
    assert reply.status_code == 500
    detail = etree.fromstring(reply.content).find(f".//{{{API_NS}}}GeneralFailureException")
    assert detail.findtext(f"{{{API_NS}}}Description") == "Server too busy"
    assert org.zeep("IInvoice").GetInvoiceByGUID("0b1c6f0e-0000-4000-8000-000000000001").InvoiceStatus == "Sent"
    org.add_fault(action="commit_then_fail", operation="SetInvoiceStatus", fail_with="status", status=503, times=1)
    assert org.soap("IInvoice", "SetInvoiceStatus",
                    "<invoiceGUID>0b1c6f0e-0000-4000-8000-000000000001</invoiceGUID>"
                    "<status>Transferred</status>").status_code == 503
    assert org.zeep("IInvoice").GetInvoiceByGUID("0b1c6f0e-0000-4000-8000-000000000001").InvoiceStatus == "Transferred"
    org.verify(operation="SetInvoiceStatus", count=2)
    assert [e.fault for e in org.journal(operation="SetInvoiceStatus")] == ["f1:status", "f2:commit_then_fail"]


def test_date_only_datetime_parameters_are_accepted_like_wcf(org):
    """Mobisevera sends `2011-01-01` for xs:dateTime parameters; WCF reads it as midnight."""
    org.seed({"InvoiceStatus": [STATUS], "Invoice": [
        {"GUID": "0b1c6f0e-0000-4000-8000-000000000002", "InvoiceStatus": "Sent", "Number": 1001,
         "Date": "2024-05-02T00:00:00", "CurrencyRate": 1.0},
        {"GUID": "0b1c6f0e-0000-4000-8000-000000000003", "InvoiceStatus": "Sent", "Number": 1002,
         "Date": "2024-06-02T00:00:00", "CurrencyRate": 1.0}]})
    reply = org.soap("IInvoice", "GetInvoicesByDate",
                     "<businessUnitGUID></businessUnitGUID><startDate>2024-05-01</startDate>"
                     "<endDate>2024-05-31</endDate><options>0</options>")
    assert reply.status_code == 200, reply.text
    numbers = [n.text for n in etree.fromstring(reply.content).iter(
        "{http://schemas.datacontract.org/2004/07/Severa.Entities.API}Number")]
    assert numbers == ["1001"]
