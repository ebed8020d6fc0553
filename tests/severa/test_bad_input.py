"""Bad input on the Severa endpoint: every request gets a SOAP fault or a 4xx, nothing is resolved or
expanded, and the organization keeps answering afterwards."""

from __future__ import annotations

import pytest
from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none"
STATUS = {"Name": "Sent", "Description": "", "HasInvoiceNumber": True, "IsActive": True, "IsDefault": False,
          "IsPaid": False, "IsReadOnly": True, "IsSent": True, "IsWaitingPayment": True, "SortOrder": 1}
SEVERA_FAULTS = {"AuthenticationFailureException", "NotFoundException", "NoPermissionException",
                 "ValidationException", "GeneralFailureException"}


@pytest.fixture
def org(severa):
    severa.seed({"InvoiceStatus": [STATUS]})
    return severa


def post(org, body: bytes, content_type: str = "text/xml; charset=utf-8", action: str | None = None):
    headers = {"Content-Type": content_type}
    if action is not None:
        headers["SOAPAction"] = f'"{action}"'
    return org.http().post(org.simulator.base_path, content=body, headers=headers)


def fault_of(reply) -> etree._Element:
    doc = etree.fromstring(reply.content)
    fault = doc.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    assert fault is not None, reply.text
    return fault


def severa_detail(reply) -> tuple[str, str]:
    """(detail element name, Description) of a Severa fault."""
    detail = fault_of(reply).find("detail")
    assert detail is not None and len(detail) == 1, reply.text
    name = etree.QName(detail[0])
    assert name.namespace == API_NS and name.localname in SEVERA_FAULTS
    return name.localname, detail[0].findtext(f"{{{API_NS}}}Description")


def still_answers(org) -> None:
    reply = org.soap("IInvoiceStatus", "GetAllInvoiceStatuses")
    assert reply.status_code == 200
    names = etree.fromstring(reply.content).findall(
        ".//{http://schemas.datacontract.org/2004/07/Severa.Entities.API}Name")
    assert [n.text for n in names] == ["Sent"]


def envelope(inner: str) -> bytes:
    return f'<s:Envelope xmlns:s="{SOAP}"><s:Body>{inner}</s:Body></s:Envelope>'.encode()


def test_malformed_xml_is_a_400_general_failure(org):
    for body in (b"<s:Envelope xmlns:s='x'><s:Body>", b"not xml at all", b"", b"<a></b>"):
        reply = post(org, body)
        assert reply.status_code == 400
        kind, text = severa_detail(reply)
        assert kind == "GeneralFailureException" and text.startswith("The request is not well-formed XML")
    still_answers(org)


def test_xml_that_is_no_soap_11_envelope_is_a_400(org):
    soap12 = (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
              b'<GetAllInvoiceStatuses xmlns="http://soap.severa.com/"/></s:Body></s:Envelope>')
    for body in (b"<GetAllInvoiceStatuses xmlns='http://soap.severa.com/'/>", soap12):
        reply = post(org, body)
        assert reply.status_code == 400
        kind, text = severa_detail(reply)
        assert kind == "GeneralFailureException" and "not a SOAP 1.1 envelope" in text
    still_answers(org)


@pytest.mark.parametrize("inner, action", [
    ('<GetAllInvoiceStatuses xmlns="http://wrong.example/"/>', "http://soap.severa.com/IInvoiceStatus/"
                                                                "GetAllInvoiceStatuses"),
    ('<GetAllInvoiceStatuses/>', None),
    ('<DeleteEverything xmlns="http://soap.severa.com/"/>', "http://soap.severa.com/IInvoice/DeleteEverything"),
    ("", "http://soap.severa.com/IInvoice/GetInvoiceByGUID"),
])
def test_no_such_operation_is_wcf_action_not_supported(org, inner, action):
    reply = post(org, envelope(inner), action=action)
    assert reply.status_code == 500
    fault = fault_of(reply)
    code = fault.find("faultcode")
    prefix, _, local = code.text.partition(":")
    assert (code.nsmap[prefix], local) == (ADDRESSING_NONE, "ActionNotSupported")
    assert fault.findtext("faultstring") == (
        f"The message with Action '{action or ''}' cannot be processed at the receiver, due to a ContractFilter "
        "mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions "
        "between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check "
        "that sender and receiver have the same contract and the same binding (including security requirements, "
        "e.g. Message, Transport, None).")
    assert fault.find("detail") is None
    still_answers(org)


def test_unknown_operation_is_refused_before_authentication(org):
    body = org.envelope("NoSuchOperation", api_key="WRONG").encode()
    reply = post(org, body, action="http://soap.severa.com/IInvoice/NoSuchOperation")
    assert reply.status_code == 500
    assert fault_of(reply).findtext("faultcode") == "a:ActionNotSupported"


def test_a_missing_parameter_is_a_severa_fault(org):
    reply = org.soap("IInvoice", "GetInvoiceByGUID")  # no <invoiceGUID> at all
    assert reply.status_code == 500
    kind, _ = severa_detail(reply)
    assert kind in ("NotFoundException", "ValidationException", "GeneralFailureException")
    still_answers(org)


def test_billion_laughs_is_refused_unexpanded(org):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE s:Envelope [{entities}]>'
            f'<s:Envelope xmlns:s="{SOAP}"><s:Body><GetInvoiceByGUID xmlns="http://soap.severa.com/">'
            f"<invoiceGUID>&lol9;</invoiceGUID></GetInvoiceByGUID></s:Body></s:Envelope>").encode()
    reply = post(org, body, action="http://soap.severa.com/IInvoice/GetInvoiceByGUID")
    assert reply.status_code == 400
    assert len(reply.content) < 2000 and b"lollol" not in reply.content
    assert severa_detail(reply) == ("GeneralFailureException",
                                    "For security reasons DTD is prohibited in this XML document.")
    still_answers(org)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file://{path}">]>',
    '<!DOCTYPE s:Envelope [<!ENTITY % xxe SYSTEM "file://{path}"> %xxe;]>',
    '<!DOCTYPE s:Envelope SYSTEM "file://{path}">',
])
def test_external_entities_are_never_resolved(org, tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("XXE-SECRET-MARKER")
    ref = "&xxe;" if "ENTITY xxe" in doctype else "x"
    body = (f'<?xml version="1.0"?>{doctype.format(path=secret)}'
            f'<s:Envelope xmlns:s="{SOAP}"><s:Body><GetInvoiceByGUID xmlns="http://soap.severa.com/">'
            f"<invoiceGUID>{ref}</invoiceGUID></GetInvoiceByGUID></s:Body></s:Envelope>").encode()
    reply = post(org, body, action="http://soap.severa.com/IInvoice/GetInvoiceByGUID")
    assert reply.status_code == 400
    assert b"XXE-SECRET-MARKER" not in reply.content
    assert severa_detail(reply)[0] == "GeneralFailureException"
    still_answers(org)


def test_deeply_nested_xml_is_refused(org):
    depth = 5000
    body = envelope("<a>" * depth + "</a>" * depth)
    reply = post(org, body)
    assert reply.status_code == 400
    assert severa_detail(reply)[0] == "GeneralFailureException"
    still_answers(org)


def test_a_body_over_the_limit_is_413_with_a_soap_fault(org):
    limit = org.simulator.max_body_bytes
    padding = "x" * (limit + 1)
    body = org.envelope("GetInvoiceByGUID", f"<invoiceGUID>{padding}</invoiceGUID>").encode()
    reply = post(org, body, action="http://soap.severa.com/IInvoice/GetInvoiceByGUID")
    assert reply.status_code == 413
    kind, text = severa_detail(reply)
    assert kind == "GeneralFailureException" and str(limit) in text
    still_answers(org)


def test_utf16_request_is_read_like_utf8(org):
    """WCF's text encoder reads UTF-16 (charset in the Content-Type, BOM in the body) as well as UTF-8."""
    text = '<?xml version="1.0" encoding="utf-16"?>' + org.envelope("GetAllInvoiceStatuses")
    for encoding, charset in (("utf-16", "utf-16"), ("utf-16-le", "utf-16")):
        raw = text.encode(encoding)
        if encoding == "utf-16-le":
            raw = b"\xff\xfe" + raw
        reply = post(org, raw, content_type=f"text/xml; charset={charset}",
                     action="http://soap.severa.com/IInvoiceStatus/GetAllInvoiceStatuses")
        assert reply.status_code == 200, reply.text
        names = etree.fromstring(reply.content).findall(
            ".//{http://schemas.datacontract.org/2004/07/Severa.Entities.API}Name")
        assert [n.text for n in names] == ["Sent"]


def test_utf16_bytes_declared_as_utf8_are_refused(org):
    raw = org.envelope("GetAllInvoiceStatuses").encode("utf-16")
    reply = post(org, raw, content_type="text/xml; charset=utf-8")
    assert reply.status_code in (400, 500)
    fault_of(reply)
    still_answers(org)


def test_get_on_the_endpoint_is_405_with_a_soap_fault(org):
    reply = org.http().get(org.simulator.base_path)
    assert reply.status_code == 405
    kind, text = severa_detail(reply)
    assert kind == "GeneralFailureException" and "?wsdl" in text
    for method in ("PUT", "DELETE"):
        assert org.http().request(method, org.simulator.base_path).status_code == 405
    still_answers(org)


def test_other_paths_are_404_with_a_soap_fault(org):
    reply = org.http().post(org.simulator.base_path + "/IInvoice", content=org.envelope("GetAllInvoiceStatuses"))
    assert reply.status_code == 404
    assert severa_detail(reply)[0] == "GeneralFailureException"
    still_answers(org)


def test_a_doctype_inside_cdata_is_text_not_a_dtd(org):
    reply = org.soap("IInvoice", "GetInvoiceByGUID", "<invoiceGUID><![CDATA[<!DOCTYPE x>]]></invoiceGUID>")
    assert reply.status_code == 500
    assert severa_detail(reply)[0] == "NotFoundException"


def test_stored_data_spyne_cannot_serialise_is_a_general_failure_not_an_empty_200(severa):
    severa.seed({"Currency": [{"GUID": "c1", "IsoCode": "EUR", "Rate": "not-a-number", "IsActive": True}]})
    reply = severa.soap("ICurrency", "GetCurrencies")
    assert reply.status_code == 500
    assert severa_detail(reply)[0] == "GeneralFailureException"
    assert severa.soap("IAPI", "GetVersion").status_code == 200
