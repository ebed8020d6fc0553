"""ICostCenter and the CostCenter data contract: not in the vendor contract, added to it here.

The research (severa.md §0, §6.2) found that the ≈2020 WSDL has an `ICostCenter` contract and a
`Severa.Entities.API.CostCenter` type (F# aliases in jmuukka/severa-soap-types), but no public source lists
their members or operations. This module designs them in the style of the rest of the API, as an assumption:

* CostCenter members in WCF order (alphabetical, ordinal): Description, GUID, Identifier, IsActive, Name.
  `Identifier` is the code Severa's UI asks for ("Identifier = Resultatenhet", support article on cost
  centers); it is what invoice rows carry as `rowCostCenterNumber`.
* Operations, as IProduct/IWorkType have them: GetCostCenterByGUID, GetCostCenterByIdentifier,
  GetAllCostCenters, GetCostCentersChangedSince(startDateTime, options), AddNewCostCenter(costCenter),
  UpdateCostCenter(costCenter); actions http://soap.severa.com/ICostCenter/{Op}, the usual fault contracts.

`extend(contract)` merges both into the generated CONTRACT (idempotent); datasets, types and service call it
before they read the contract, so the WSDL, the spyne types and the dataset kinds all include them.
"""

from __future__ import annotations

import copy
from typing import Any

INTERFACE = "ICostCenter"
TNS = "http://soap.severa.com/"
ENTITIES = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
API = "http://schemas.datacontract.org/2004/07/Severa.API"

A, G, NF, NP, V = ("AuthenticationFailureException", "GeneralFailureException", "NotFoundException",
                   "NoPermissionException", "ValidationException")


def _member(name: str, cs_type: str, xsd: str, nillable: bool = True) -> dict[str, Any]:
    return {"name": name, "cs_type": cs_type, "xsd": xsd, "nillable": nillable}


COST_CENTER_TYPE: dict[str, Any] = {
    "xml_name": "CostCenter",
    "xml_ns": ENTITIES,
    "kind": "class",
    "base": None,
    "known_types": [],
    "members": [
        _member("Description", "string", "xs:string"),
        _member("GUID", "string", "xs:string"),
        _member("Identifier", "string", "xs:string"),
        _member("IsActive", "bool", "xs:boolean", nillable=False),
        _member("Name", "string", "xs:string"),
    ],
}


def _param(name: str, cs_type: str, xsd: str, nillable: bool = True) -> dict[str, Any]:
    return {"name": name, "cs_type": cs_type, "xsd": xsd, "nillable": nillable}


def _op(name: str, params: list[dict[str, Any]], returns: tuple[str, str], faults: tuple[str, ...]) -> dict[str, Any]:
    cs_type, xsd = returns
    return {
        "name": name,
        "action": f"{TNS}{INTERFACE}/{name}",
        "reply_action": f"{TNS}{INTERFACE}/{name}Response",
        "params": params,
        "returns": {"cs_type": cs_type, "xsd": xsd, "nillable": True},
        "faults": [{"name": f, "ns": API, "action": f"{TNS}{INTERFACE}/{name}{f}Fault"} for f in faults],
    }


COST_CENTER = ("CostCenter", "CostCenter")
COST_CENTERS = ("CostCenter[]", "ArrayOfCostCenter")

COST_CENTER_SERVICE: dict[str, Any] = {
    "namespace": TNS,
    "operations": [
        _op("GetCostCenterByGUID", [_param("costCenterGUID", "string", "xs:string")], COST_CENTER, (G, A, NF)),
        _op("GetCostCenterByIdentifier", [_param("identifier", "string", "xs:string")], COST_CENTER, (G, A, NF)),
        _op("GetAllCostCenters", [], COST_CENTERS, (A, G)),
        _op("GetCostCentersChangedSince",
            [_param("startDateTime", "DateTime", "xs:dateTime", False), _param("options", "int", "xs:int", False)],
            COST_CENTERS, (A, G)),
        _op("AddNewCostCenter", [_param("costCenter", "CostCenter", "CostCenter")], COST_CENTER, (G, V, NP, A)),
        _op("UpdateCostCenter", [_param("costCenter", "CostCenter", "CostCenter")], COST_CENTER, (A, G, NF, NP, V)),
    ],
}


def extend(contract: dict[str, Any]) -> dict[str, Any]:
    """Add CostCenter and ICostCenter to a contract dict (in place; a second call changes nothing)."""
    contract["types"].setdefault("CostCenter", copy.deepcopy(COST_CENTER_TYPE))
    contract["services"].setdefault(INTERFACE, copy.deepcopy(COST_CENTER_SERVICE))
    return contract
