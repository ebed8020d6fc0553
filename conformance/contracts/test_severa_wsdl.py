"""The Severa simulator's WSDL against the vendor contract, for every operation the simulator implements.

An operation counts as implemented when a handler is registered for it (simulators.severa.service.HANDLERS).
For each, the WSDL the simulator serves must have the contract's portType and operation, the request wrapper
{tns}Op with one child per parameter (contract names, order and XSD types), the response wrapper
{tns}OpResponse with {tns}OpResult of the return type (empty for void operations), the soapAction of the
contract, and every data contract reachable from the parameters and the result with the contract's members in
wire order (base-type members through xs:extension), XSD types and namespaces. The run ends with a coverage
summary (conformance/conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from lxml import etree

from conformance.vendor import (
    REPO_ROOT,
    VendorFileMissing,
    severa_contract,
    severa_coverage_report,
    severa_implemented,
    severa_operations,
    vendor_dir,
)
from simulators.severa import costcenter
from simulators.severa import handlers as _handlers  # noqa: F401  (registers every handler)
from simulators.severa.service import HANDLERS, operations

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

QName = tuple[str, str]  # (namespace, local name)

# what the simulator serves and has a handler for; the ICostCenter additions are checked on their own below
SERVED = operations()
IMPLEMENTED = sorted(op for op in HANDLERS if op in SERVED and SERVED[op][0] != costcenter.INTERFACE)


@pytest.fixture(scope="session")
def contract() -> dict[str, Any]:
    """The vendor contract; CI always has it, so its absence is a failure that says where we looked."""
    try:
        return severa_contract()
    except VendorFileMissing as exc:
        missing = str(exc)
    pytest.fail(missing, pytrace=False)


@pytest.fixture(scope="module")
def wsdl(sim_host) -> Wsdl:
    """The WSDL as a client fetches it: GET {base}?wsdl on the simulator."""
    from simulators.severa.simulator import SeveraSimulator

    with sim_host.http("severa") as http:
        reply = http.get(SeveraSimulator.base_path, params={"wsdl": ""})
    assert reply.status_code == 200, reply.text[:500]
    return Wsdl(reply.content)


class Wsdl:
    """The parts of a WSDL 1.1 document (with inline schemas) the comparison reads, indexed by qualified name."""

    def __init__(self, raw: bytes) -> None:
        doc = etree.fromstring(raw)
        self.tns = doc.get("targetNamespace")
        self.complex_types: dict[QName, etree._Element] = {}
        self.simple_types: dict[QName, etree._Element] = {}
        self.elements: dict[QName, etree._Element] = {}
        self.qualified: dict[str, bool] = {}
        for schema in doc.iter(f"{{{XS}}}schema"):
            ns = schema.get("targetNamespace")
            self.qualified[ns] = schema.get("elementFormDefault") == "qualified"
            for node in schema:
                table = {f"{{{XS}}}complexType": self.complex_types, f"{{{XS}}}simpleType": self.simple_types,
                         f"{{{XS}}}element": self.elements}.get(node.tag)
                if table is not None:
                    table[(ns, node.get("name"))] = node
        self.messages = {m.get("name"): m for m in doc.findall(f"{{{WSDL}}}message")}
        self.port_types = {p.get("name"): p for p in doc.findall(f"{{{WSDL}}}portType")}
        self.bindings = {resolve(b, b.get("type")): b for b in doc.findall(f"{{{WSDL}}}binding")}

    def sequence(self, complex_type: etree._Element) -> tuple[QName | None, list[etree._Element]]:
        """(extension base, the xs:element children of the type's own sequence)."""
        extension = complex_type.find(f"{{{XS}}}complexContent/{{{XS}}}extension")
        holder = extension if extension is not None else complex_type
        base = resolve(extension, extension.get("base")) if extension is not None else None
        seq = holder.find(f"{{{XS}}}sequence")
        return base, ([] if seq is None else seq.findall(f"{{{XS}}}element"))

    def message_element(self, message_ref: str, node: etree._Element) -> QName | None:
        message = self.messages.get(resolve(node, message_ref)[1])
        part = message.find(f"{{{WSDL}}}part") if message is not None else None
        return resolve(part, part.get("element")) if part is not None else None


def resolve(node: etree._Element, value: str | None) -> QName:
    """A prefixed name from an attribute value ("s1:Invoice") as (namespace, local name)."""
    prefix, _, local = (value or "").rpartition(":")
    return node.nsmap.get(prefix or None, ""), local


# ------------------------------------------------------------------------------------------ the contract side
def expected_type(contract: dict[str, Any], xsd: str) -> QName:
    """The qualified XSD type a contract `xsd` value stands for."""
    if xsd.startswith("xs:"):
        return XS, xsd[3:]
    if xsd == "arr:ArrayOfstring":
        return ARRAYS, "ArrayOfstring"
    types = contract["types"]
    if xsd.startswith("ArrayOf") and xsd not in types:
        item = types[xsd[len("ArrayOf"):]]
        return item["xml_ns"], "ArrayOf" + item["xml_name"]
    return types[xsd]["xml_ns"], types[xsd]["xml_name"]


def reachable_types(contract: dict[str, Any], op: dict[str, Any]) -> list[str]:
    """Contract type names (and "ArrayOfX" array names) an operation's parameters and result reach."""
    types = contract["types"]
    seen: list[str] = []

    def visit(xsd: str | None) -> None:
        if not xsd or xsd.startswith(("xs:", "arr:")) or xsd in seen:
            return
        if xsd.startswith("ArrayOf") and xsd not in types:
            seen.append(xsd)
            visit(xsd[len("ArrayOf"):])
            return
        seen.append(xsd)
        spec = types[xsd]
        for name in ([spec["base"]] if spec.get("base") else []) + spec.get("known_types", []):
            visit(name)
        for member in spec.get("members", []):
            visit(member["xsd"])

    for param in op["params"]:
        visit(param["xsd"])
    if op["returns"]:
        visit(op["returns"]["xsd"])
    return seen


# ------------------------------------------------------------------------------------------ comparisons
def compare_operation(wsdl: Wsdl, contract: dict[str, Any], iface: str, op: dict[str, Any]) -> list[str]:
    tns = contract["_about"]["namespaces"]["tns"]
    name = op["name"]
    problems: list[str] = []
    if wsdl.tns != tns:
        problems.append(f"WSDL targetNamespace {wsdl.tns}, contract {tns}")
    port_type = wsdl.port_types.get(iface)
    if port_type is None:
        return [f"no portType {iface}"]
    wsdl_op = next((o for o in port_type.findall(f"{{{WSDL}}}operation") if o.get("name") == name), None)
    if wsdl_op is None:
        return [f"portType {iface} has no operation {name}"]

    # request wrapper: {tns}Op with the parameters, in order, qualified
    io = {kind: wsdl_op.find(f"{{{WSDL}}}{kind}") for kind in ("input", "output")}
    request = wsdl.message_element(io["input"].get("message"), io["input"]) if io["input"] is not None else None
    if request != (tns, name):
        problems.append(f"input element {request}, expected {(tns, name)}")
    else:
        children = wrapper_children(wsdl, request, problems)
        got = [(c.get("name"), resolve(c, c.get("type"))) for c in children]
        want = [(p["name"], expected_type(contract, p["xsd"])) for p in op["params"]]
        if got != want:
            problems.append(f"input {name}: parameters {got}, contract {want}")
        if not wsdl.qualified.get(tns):
            problems.append(f"parameters of {name} are not qualified (elementFormDefault) in {tns}")

    # response wrapper: {tns}OpResponse holding {tns}OpResult of the return type, or nothing for void
    response = wsdl.message_element(io["output"].get("message"), io["output"]) if io["output"] is not None else None
    if response != (tns, f"{name}Response"):
        problems.append(f"output element {response}, expected {(tns, name + 'Response')}")
    else:
        children = wrapper_children(wsdl, response, problems)
        got = [(c.get("name"), resolve(c, c.get("type"))) for c in children]
        want = [(f"{name}Result", expected_type(contract, op["returns"]["xsd"]))] if op["returns"] else []
        if got != want:
            problems.append(f"output {name}Response: {got}, contract {want}")

    # soapAction
    binding = wsdl.bindings.get((tns, iface))
    binding_op = next((o for o in binding.findall(f"{{{WSDL}}}operation") if o.get("name") == name), None) if (
        binding is not None) else None
    soap_op = binding_op.find(f"{{{SOAP_BINDING}}}operation") if binding_op is not None else None
    if soap_op is None:
        problems.append(f"no SOAP binding operation for {iface}.{name}")
    elif soap_op.get("soapAction") != op["action"]:
        problems.append(f"soapAction {soap_op.get('soapAction')!r}, contract {op['action']!r}")

    for type_name in reachable_types(contract, op):
        problems += compare_type(wsdl, contract, type_name)
    return problems


def wrapper_children(wsdl: Wsdl, element: QName, problems: list[str]) -> list[etree._Element]:
    node = wsdl.elements.get(element)
    if node is None:
        problems.append(f"no global element {element}")
        return []
    complex_type = wsdl.complex_types.get(resolve(node, node.get("type")))
    if complex_type is None:
        problems.append(f"no complexType for element {element}")
        return []
    return wsdl.sequence(complex_type)[1]


def compare_type(wsdl: Wsdl, contract: dict[str, Any], type_name: str) -> list[str]:
    types = contract["types"]
    qname = expected_type(contract, type_name)
    if type_name.startswith("ArrayOf") and type_name not in types:
        node = wsdl.complex_types.get(qname)
        if node is None:
            return [f"no array type {qname}"]
        item = types[type_name[len("ArrayOf"):]]
        got = [(e.get("name"), resolve(e, e.get("type")), e.get("maxOccurs")) for e in wsdl.sequence(node)[1]]
        want = [(item["xml_name"], (item["xml_ns"], item["xml_name"]), "unbounded")]
        return [] if got == want else [f"array {qname}: {got}, contract {want}"]
    spec = types[type_name]
    if spec["kind"] == "enum":
        node = wsdl.simple_types.get(qname)
        if node is None:
            return [f"no enumeration type {qname}"]
        got = [e.get("value") for e in node.iter(f"{{{XS}}}enumeration")]
        want = [v["name"] for v in spec["values"]]
        return [] if got == want else [f"enumeration {qname}: {got}, contract {want}"]
    node = wsdl.complex_types.get(qname)
    if node is None:
        return [f"no complexType {qname} (contract type {type_name})"]
    problems = []
    base, elements = wsdl.sequence(node)
    want_base = expected_type(contract, spec["base"]) if spec.get("base") else None
    if base != want_base:
        problems.append(f"{type_name}: base {base}, contract {want_base}")
    got = [(e.get("name"), resolve(e, e.get("type"))) for e in elements]
    want = [(m["name"], expected_type(contract, m["xsd"])) for m in spec.get("members", [])]
    if got != want:
        problems.append(f"{type_name}: members {got}, contract {want}")
    if not wsdl.qualified.get(spec["xml_ns"]):
        problems.append(f"members of {type_name} are not qualified (elementFormDefault) in {spec['xml_ns']}")
    return problems


# ------------------------------------------------------------------------------------------ tests
@pytest.mark.parametrize("operation", IMPLEMENTED)
def test_implemented_operation_matches_the_contract(wsdl, contract, operation):
    known = severa_operations(contract)
    assert operation in known, f"{operation} has a handler but is not a vendor contract operation"
    iface, op = known[operation]
    assert SERVED[operation][0] == iface, f"served under {SERVED[operation][0]}, contract {iface}"
    problems = compare_operation(wsdl, contract, iface, op)
    assert not problems, f"{iface}.{operation}:\n  " + "\n  ".join(problems)


def test_every_handler_is_for_an_operation_the_simulator_serves():
    stray = sorted(op for op in HANDLERS if op not in SERVED)
    assert not stray, f"handlers registered for operations no served interface has: {stray}"


def test_operations_beyond_the_vendor_contract_are_the_documented_cost_center_ones(contract):
    """ICostCenter is in the ≈2020 WSDL but not in the contract (simulators/severa/costcenter.py)."""
    known = severa_operations(contract)
    extra = {op: iface for op, (iface, _) in SERVED.items() if op not in known}
    assert set(extra.values()) <= {costcenter.INTERFACE}, extra
    for iface, spec in contract["services"].items():  # the addition never shadows a vendor interface
        assert iface != costcenter.INTERFACE, spec


def test_coverage_is_reported(contract, capsys):
    lines = severa_coverage_report(contract, HANDLERS)
    done = severa_implemented(contract, HANDLERS)
    total = len(severa_operations(contract))
    assert total == 256
    assert lines[0] == (f"Severa simulator implements {len(done)} of {total} contract operations "
                        f"({100 * len(done) / total:.1f}%)")
    assert [line.strip() for line in lines[1:len(done) + 1]] == [f"{i}.{n}" for i, n in done]
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def test_generated_contract_module_is_current(contract):
    tool = REPO_ROOT / "tools" / "gen_severa_contract.py"
    done = subprocess.run([sys.executable, str(tool), "--check", "--vendor-dir", str(vendor_dir())],
                          capture_output=True, text=True, timeout=120, check=False, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr or done.stdout


def test_the_comparison_notices_differences(wsdl, contract):
    """A guard against a comparison that passes vacuously: altered contracts must be reported."""
    import copy

    iface, op = severa_operations(contract)["GetInvoicesByStatus"]
    altered = copy.deepcopy(contract)
    changed = next(o for o in altered["services"][iface]["operations"] if o["name"] == "GetInvoicesByStatus")
    changed["params"][0], changed["params"][1] = changed["params"][1], changed["params"][0]
    changed["action"] = "http://soap.severa.com/IInvoice/Other"
    rows = altered["types"]["InvoiceRow"]["members"]
    rows[0], rows[1] = rows[1], rows[0]
    altered["types"]["Product"]["base"] = None
    problems = compare_operation(wsdl, altered, iface, changed)
    assert any(p.startswith("input GetInvoicesByStatus: parameters") for p in problems), problems
    assert any(p.startswith("soapAction") for p in problems), problems
    assert any(p.startswith("InvoiceRow: members") for p in problems), problems
    assert not compare_operation(wsdl, contract, iface, op)
    _, product_op = severa_operations(contract)["GetProductByGUID"]
    assert any(p.startswith("Product: base") for p in compare_operation(wsdl, altered, "IProduct", product_op))
