"""The Severa endpoint as WSGI: the WSDL (with WCF actions and this server's address), DTD-free XML only,
then spyne.

Like WCF (DtdProcessing.Prohibit), a document with a DOCTYPE is refused before anything parses it for real,
so no entity is ever expanded or fetched. Like WCF's ContractFilter, a body element that is no operation of the
contract (unknown name, wrong namespace, none at all) gets the ActionNotSupported fault before spyne sees it.
"""

from __future__ import annotations

import io
import logging
import re
from functools import cache
from typing import Any

from lxml import etree
from spyne.server.wsgi import WsgiApplication

from simulators.severa.faults import GeneralFailure, SeveraFault, fault_envelope
from simulators.severa.service import ENVIRON_SIMULATOR, build_application, emit_null_results, operations
from simulators.severa.types import TNS, emit_every_member

log = logging.getLogger("visma_sim.severa")
ENDPOINT = "/webservice/S3/API.svc"
ADDRESS_PLACEHOLDER = "http://visma-sim.invalid/webservice/S3/API.svc"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_WSDL_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none"
DTD_PROHIBITED = "For security reasons DTD is prohibited in this XML document."
_SAFE = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def wcf_wsdl(raw: bytes) -> bytes:
    """soapAction as WCF writes it: http://soap.severa.com/{Interface}/{Operation}."""
    doc = etree.fromstring(raw)
    for binding in doc.iter(f"{{{WSDL_NS}}}binding"):
        port_type = binding.get("type", "").split(":")[-1]
        for op in binding.findall(f"{{{WSDL_NS}}}operation"):
            soap_op = op.find(f"{{{SOAP_WSDL_NS}}}operation")
            if soap_op is not None:
                soap_op.set("soapAction", f"{TNS}{port_type}/{op.get('name')}")
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


class SeveraWsgi:
    def __init__(self, simulator: Any) -> None:
        self.simulator = simulator
        self.spyne = WsgiApplication(build_application())
        self.spyne.doc.wsdl11.build_interface_document(ADDRESS_PLACEHOLDER)
        self._wsdl = wcf_wsdl(self.spyne.doc.wsdl11.get_interface_document())
        emit_every_member()
        emit_null_results(self.spyne.app)

    def wsdl_for(self, environ: dict[str, Any]) -> bytes:
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        address = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{ENDPOINT}"
        return self._wsdl.replace(ADDRESS_PLACEHOLDER.encode(), address.encode())

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        method = environ["REQUEST_METHOD"]
        query = environ.get("QUERY_STRING", "").lower().split("&")[0].split("=")[0]
        at_endpoint = path in (ENDPOINT, ENDPOINT + "/")
        wants_wsdl = (at_endpoint and query in ("wsdl", "singlewsdl")) or path == ENDPOINT + "/WSDL"
        if method == "GET" and wants_wsdl:
            body = self.wsdl_for(environ)
            start_response("200 OK", [("Content-Type", "text/xml; charset=UTF-8"), ("Content-Length", str(len(body)))])
            return [body]
        if path != ENDPOINT:
            return self._fault(start_response, "404 Not Found", GeneralFailure(f"There is no endpoint at {path}."))
        if method != "POST":
            return self._fault(start_response, "405 Method Not Allowed",
                               GeneralFailure("Only POST is served at the endpoint (GET ?wsdl for the WSDL)."))
        raw = environ["wsgi.input"].read()
        doc = parse_request(raw)
        if isinstance(doc, SeveraFault):
            return self._fault(start_response, "400 Bad Request", doc)
        mismatch = contract_filter(doc, environ.get("HTTP_SOAPACTION"))
        if mismatch is not None:  # before spyne, whose schema-validation fault WCF never sends
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(mismatch)))])
            return [mismatch]
        if widen_dates(doc):
            raw = etree.tostring(doc, xml_declaration=True, encoding="utf-8")
            environ["wsgi.input"] = io.BytesIO(raw)
            environ["CONTENT_LENGTH"] = str(len(raw))
            environ["CONTENT_TYPE"] = "text/xml; charset=utf-8"
        environ["wsgi.input"].seek(0)
        environ[ENVIRON_SIMULATOR] = self.simulator
        return self._spyne_checked(environ, start_response)

    def _spyne_checked(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """spyne, buffered: when it fails to serialise an answer (a seeded value of the wrong type) it sends
        200 with an envelope without a Body; that becomes a GeneralFailure fault (HTTP 500) instead."""
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer.update(status=status, headers=headers)
            return lambda data: None

        reply = self.spyne(environ, capture)
        try:
            body = b"".join(reply)
        finally:
            if hasattr(reply, "close"):
                reply.close()
        if answer.get("status", "").startswith("200") and b"Body" not in body:
            log.error("spyne could not serialise the answer to %s", environ.get("HTTP_SOAPACTION") or "a call")
            return self._fault(start_response, "500 Internal Server Error",
                               GeneralFailure("The answer could not be serialised (stored data of the wrong type)."))
        start_response(answer["status"], answer["headers"])
        return [body]

    @staticmethod
    def _fault(start_response: Any, status: str, fault: SeveraFault) -> list[bytes]:
        body = fault_envelope(fault)
        start_response(status, [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def check_xml(raw: bytes) -> SeveraFault | None:
    """None when the body is well-formed XML without a DTD; otherwise the fault to answer with."""
    doc = parse_request(raw)
    return doc if isinstance(doc, SeveraFault) else None


def parse_request(raw: bytes) -> etree._Element | SeveraFault:
    """The request document when it is a well-formed SOAP 1.1 envelope without a DTD, else the fault (HTTP 400).

    The encoding comes from the BOM or XML declaration, so UTF-16 requests parse as WCF's text encoder reads them.
    """
    if _doctype_in_prolog(raw):  # refused unparsed: libxml2 would still check (not expand) entity declarations
        return GeneralFailure(DTD_PROHIBITED)
    try:
        doc = etree.fromstring(raw, _SAFE)
    except etree.XMLSyntaxError as exc:
        return GeneralFailure(f"The request is not well-formed XML: {exc.msg}")
    if doc.getroottree().docinfo.doctype:  # a DOCTYPE the byte scan missed (an exotic encoding)
        return GeneralFailure(DTD_PROHIBITED)
    if doc.tag != f"{{{SOAP11_NS}}}Envelope":
        return GeneralFailure(f"The request is not a SOAP 1.1 envelope ({{{SOAP11_NS}}}Envelope); "
                              f"its root element is {doc.tag}.")
    return doc


# "<!DOCTYPE" and the first start tag ("<" and a name character) in UTF-8 (and ASCII-compatible) and UTF-16
_PROLOG_MARKS = [("<!DOCTYPE".encode(enc), re.compile(pattern)) for enc, pattern in (
    ("utf-8", rb"<[A-Za-z_]"), ("utf-16-le", rb"<\x00[A-Za-z_]\x00"), ("utf-16-be", rb"\x00<\x00[A-Za-z_]"))]


def _doctype_in_prolog(raw: bytes) -> bool:
    """Whether a DOCTYPE comes before the root element (one in a CDATA section further on is text)."""
    for mark, start_tag in _PROLOG_MARKS:
        at = raw.find(mark)
        if at >= 0:
            root = start_tag.search(raw)
            if root is None or at < root.start():
                return True
    return False


def contract_filter(doc: etree._Element, soap_action: str | None) -> bytes | None:
    """WCF's ContractFilter: the body element must be an operation of the contract, in its namespace.

    Otherwise WCF answers HTTP 500 with the ActionNotSupported fault naming the SOAPAction it received;
    None when the call may go on to spyne.
    """
    body = doc.find(f"{{{SOAP11_NS}}}Body")
    operation = next((child for child in body if isinstance(child.tag, str)), None) if body is not None else None
    if operation is not None:
        name = etree.QName(operation)
        if name.namespace == TNS and name.localname in _operation_names():
            return None
    return action_not_supported((soap_action or "").strip().strip('"'))


_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


@cache
def _date_params() -> dict[str, frozenset[str]]:
    return {name: frozenset(p["name"] for p in op["params"] if p["xsd"] == "xs:dateTime")
            for name, (_, op) in operations().items()}


def widen_dates(doc: etree._Element) -> bool:
    """Date-only values in xs:dateTime parameters become midnight, as WCF's reader accepts them (Mobisevera
    sends `2011-01-01`); spyne's schema check would refuse them. True when the document changed."""
    body = doc.find(f"{{{SOAP11_NS}}}Body")
    call = body[0] if body is not None and len(body) else None
    if call is None or not isinstance(call.tag, str):
        return False
    names = _date_params().get(etree.QName(call).localname, frozenset())
    changed = False
    for param in call:
        if isinstance(param.tag, str) and etree.QName(param).localname in names and _DATE_ONLY.match(param.text or ""):
            param.text = param.text.strip() + "T00:00:00"
            changed = True
    return changed


@cache
def _operation_names() -> frozenset[str]:
    return frozenset(operations())


def action_not_supported(action: str) -> bytes:
    """The fault WCF's EndpointDispatcher sends for a message no operation accepts (no detail element)."""
    root = etree.Element(f"{{{SOAP11_NS}}}Envelope", nsmap={"s": SOAP11_NS})
    fault = etree.SubElement(etree.SubElement(root, f"{{{SOAP11_NS}}}Body"), f"{{{SOAP11_NS}}}Fault")
    code = etree.SubElement(fault, "faultcode", nsmap={"a": ADDRESSING_NONE})
    code.text = "a:ActionNotSupported"
    string = etree.SubElement(fault, "faultstring")
    string.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    string.text = (
        f"The message with Action '{action}' cannot be processed at the receiver, due to a ContractFilter mismatch "
        "at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between "
        "sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that "
        "sender and receiver have the same contract and the same binding (including security requirements, e.g. "
        "Message, Transport, None).")
    return etree.tostring(root, encoding="utf-8")
