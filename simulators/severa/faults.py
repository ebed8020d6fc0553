"""Severa's fault contracts (namespace Severa.API) as exceptions the domain raises, and their SOAP form.

WCF sends a FaultException<T> as HTTP 500 with `<faultcode>s:Client</faultcode>`, the description as
faultstring, and the T detail element carrying Description and Source.
"""

from __future__ import annotations

from lxml import etree

from simulators.severa.contract_data import CONTRACT

API = CONTRACT["namespaces"]["api"]
SOURCE = "Severa.API"


class SeveraFault(Exception):
    """Base: a fault the API declares. `kind` is the detail element's name."""

    kind = "GeneralFailureException"
    code = "Server"

    def __init__(self, description: str, source: str = SOURCE) -> None:
        super().__init__(description)
        self.description = description
        self.source = source

    def detail(self) -> etree._Element:
        node = etree.Element(f"{{{API}}}{self.kind}", nsmap={None: API, "i": "http://www.w3.org/2001/XMLSchema-instance"})
        etree.SubElement(node, f"{{{API}}}Description").text = self.description
        etree.SubElement(node, f"{{{API}}}Source").text = self.source
        return node


class AuthenticationFailure(SeveraFault):
    kind = "AuthenticationFailureException"
    code = "Client"


class NotFound(SeveraFault):
    kind = "NotFoundException"
    code = "Client"


class NoPermission(SeveraFault):
    kind = "NoPermissionException"
    code = "Client"


class ValidationFailure(SeveraFault):
    kind = "ValidationException"
    code = "Client"


class GeneralFailure(SeveraFault):
    kind = "GeneralFailureException"
    code = "Server"


ACCESS_DENIED = "Access denied"


def fault_envelope(fault: SeveraFault) -> bytes:
    """A complete SOAP 1.1 fault envelope (for answers given outside spyne: bad XML, faults injected by rules)."""
    env = "http://schemas.xmlsoap.org/soap/envelope/"
    root = etree.Element(f"{{{env}}}Envelope", nsmap={"s": env})
    body = etree.SubElement(root, f"{{{env}}}Body")
    node = etree.SubElement(body, f"{{{env}}}Fault")
    etree.SubElement(node, "faultcode").text = f"s:{fault.code}"
    string = etree.SubElement(node, "faultstring")
    string.text = fault.description
    string.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    detail = etree.SubElement(node, "detail")
    detail.append(fault.detail())
    return etree.tostring(root, xml_declaration=False, encoding="utf-8")
