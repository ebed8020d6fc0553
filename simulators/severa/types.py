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

from simulators.severa import costcenter
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
    if name in ARRAYS_OF:  # a type holding an array of itself (PhaseTreeNode.ChildPhases): its array's item
        (item,) = ARRAYS_OF[name]._type_info.values()  # was customized (members copied) before it had members
        item._type_info = TypeInfo(members)
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
    costcenter.extend(CONTRACT)  # ICostCenter/CostCenter: not in the vendor contract (see costcenter.py)
    for name in CONTRACT["types"]:
        _build(name)
    return MODELS


def emit_every_member() -> None:
    """Serialise like WCF's DataContractSerializer: every member, nulls as xsi:nil="true".

    Called once the WSDL and the request schema are built (they keep minOccurs="0", as WCF declares),
    so only the output changes: spyne writes a None member only when its min_occurs is above 0.
    """
    for model in MODELS.values():
        for member in getattr(model, "_type_info", {}).values():
            if member.Attributes.nillable and member.Attributes.max_occurs == 1:
                member.Attributes.min_occurs = 1


DEFAULTS: dict[Any, Any] = {}


def default_for(member: Any) -> Any:
    """The value WCF writes for an unset non-nullable member (false, 0, 0001-01-01T00:00:00)."""
    from datetime import datetime

    base = member.__orig__ or member
    if issubclass(base, Boolean):
        return False
    if issubclass(base, DateTime):
        return datetime(1, 1, 1)
    if issubclass(base, Decimal):  # Integer32/64 derive from Decimal in spyne
        return 0
    values = getattr(base, "__values__", None)
    return next(iter(values)) if values else None
