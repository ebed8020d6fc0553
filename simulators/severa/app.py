"""The Severa endpoint as WSGI: the WSDL (with WCF actions and this server's address), DTD-free XML only,
then spyne.

Like WCF (DtdProcessing.Prohibit), a document with a DOCTYPE is refused before anything parses it for real,
so no entity is ever expanded or fetched.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from spyne.server.wsgi import WsgiApplication

from simulators.severa.faults import GeneralFailure, SeveraFault, fault_envelope
from simulators.severa.service import ENVIRON_SIMULATOR, build_application
from simulators.severa.types import TNS

ENDPOINT = "/webservice/S3/API.svc"
ADDRESS_PLACEHOLDER = "http://visma-sim.invalid/webservice/S3/API.svc"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_WSDL_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
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
        problem = check_xml(raw)
        if problem is not None:
            return self._fault(start_response, "400 Bad Request", problem)
        environ["wsgi.input"].seek(0)
        environ[ENVIRON_SIMULATOR] = self.simulator
        return self.spyne(environ, start_response)

    @staticmethod
    def _fault(start_response: Any, status: str, fault: SeveraFault) -> list[bytes]:
        body = fault_envelope(fault)
        start_response(status, [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def check_xml(raw: bytes) -> SeveraFault | None:
    """None when the body is well-formed XML without a DTD; otherwise the fault to answer with."""
    try:
        doc = etree.fromstring(raw, _SAFE)
    except etree.XMLSyntaxError as exc:
        return GeneralFailure(f"The request is not well-formed XML: {exc.msg}")
    if doc.getroottree().docinfo.doctype:
        return GeneralFailure("For security reasons DTD is prohibited in this XML document.")
    return None
