"""spyne types built from the contract data: every data contract with its WCF member order and namespace.

Member order is the wire order (base-type members first, as WCF's DataContractSerializer writes them).
Nillable members are optional in the schema (minOccurs=0, nillable=true), as WCF declares them.
"""

from __future__ import annotations

from typing import Any

from spyne import Array, ComplexModel, Enum
from spyne.model.binary import ByteArray
from spyne.model.complex import TypeInfo
from spyne.model.primitive import Boolean, DateTime, Decimal, Integer32, Integer64, Unicode

from simulators.severa.contract_data import CONTRACT

NS = CONTRACT["namespaces"]
TNS = NS["tns"]
ENTITIES = NS["entities"]
API = NS["api"]
ARRAYS = NS["arrays"]

PRIMITIVES: dict[str, Any] = {
    "xs:string": Unicode,
    "xs:boolean": Boolean,
    "xs:dateTime": DateTime,
    "xs:decimal": Decimal,
    "xs:int": Integer32,
    "xs:long": Integer64,
    "xs:base64Binary": ByteArray,
}


class ArrayOfstring(ComplexModel):
    """WCF's string[]: items named `string` in the serialization-arrays namespace."""

    __namespace__ = ARRAYS
    __type_name__ = "ArrayOfstring"
    _type_info = [("string", Unicode(max_occurs="unbounded", nillable=True))]


MODELS: dict[str, Any] = {}
ARRAYS_OF: dict[str, Any] = {}


def _class_name(xml_name: str) -> str:
    return xml_name.replace(".", "_")


def _build(name: str) -> Any:
    if name in MODELS:
        return MODELS[name]
    spec = CONTRACT["types"][name]
    if spec["kind"] == "enum":
        model = Enum(*[v["name"] for v in spec["values"]], type_name=spec["xml_name"])
        model = model.customize(__namespace__=spec["xml_ns"])
        MODELS[name] = model
        return model
    base = _build(spec["base"]) if spec.get("base") else ComplexModel
    attrs = {"__namespace__": spec["xml_ns"], "__type_name__": spec["xml_name"]}
    model = type(_class_name(name), (base,), attrs)
    MODELS[name] = model  # before members: types may refer to themselves
    members = [(m["name"], _member_type(m)) for m in spec.get("members", [])]
    model._type_info = TypeInfo(members)  # spyne writes base members first (xs:extension), then these
    return model


def _member_type(member: dict[str, Any]) -> Any:
    kind = type_for(member["xsd"])
    return kind.customize(min_occurs=0, nillable=bool(member.get("nillable", True)))


def array_of(item_name: str) -> Any:
    """`ArrayOf<Item>` with one `<Item>` element per entry."""
    if item_name not in ARRAYS_OF:
        item = type_for(item_name)
        spec = CONTRACT["types"].get(item_name, {})
        ns = spec.get("xml_ns", ENTITIES)
        ARRAYS_OF[item_name] = Array(item.customize(nillable=True), type_name=f"ArrayOf{item_name}").customize(
            __namespace__=ns)
    return ARRAYS_OF[item_name]


def type_for(xsd: str) -> Any:
    if xsd in PRIMITIVES:
        return PRIMITIVES[xsd]
    if xsd == "arr:ArrayOfstring":
        return ArrayOfstring
    if xsd.startswith("ArrayOf"):
        return array_of(xsd[len("ArrayOf"):])
    return _build(xsd)


def build_all() -> dict[str, Any]:
    for name in CONTRACT["types"]:
        _build(name)
    return MODELS
