"""IBusinessUnit, IUser and ICostCenter through zeep and raw WCF envelopes, with SEV-02 business-unit limits."""

from __future__ import annotations

import json

import pytest
import zeep.exceptions
from lxml import etree

from simulators.core.errors import DatasetError
from simulators.testing import is_nil

ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
TNS = "http://soap.severa.com/"
ARR = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"

ROOT, FI, SE, HKI, OLD = (f"b0000000-0000-4000-8000-00000000000{i}" for i in range(1, 6))
U1, U2, U3, U4 = (f"e0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
CC1, CC2 = "cc000000-0000-4000-8000-000000000001", "cc000000-0000-4000-8000-000000000002"

DATASET = {
    "CostCenter": [{"GUID": CC1, "Identifier": "100", "Name": "Consulting", "IsActive": True},
                   {"GUID": CC2, "Identifier": "200", "Name": "Licences", "IsActive": False}],
    "BusinessUnit": [
        {"GUID": ROOT, "Name": "Group", "Code": "GRP", "IsActive": True},
        {"GUID": FI, "Name": "Finland", "Code": "FI", "ParentBusinessUnitGUID": ROOT, "IsActive": True,
         "CostCenterGUID": CC1, "VatNumber": "FI11111111"},
        {"GUID": SE, "Name": "Sweden", "Code": "SE", "ParentBusinessUnitGUID": ROOT, "IsActive": True,
         "VatNumber": "SE556677889901"},
        {"GUID": HKI, "Name": "Helsinki", "Code": "HKI", "ParentBusinessUnitGUID": FI, "IsActive": True},
        {"GUID": OLD, "Name": "Closed office", "Code": "OLD", "ParentBusinessUnitGUID": ROOT, "IsActive": False},
    ],
    "User": [
        {"GUID": U1, "FirstName": "Aino", "LastName": "Aalto", "Code": "E001", "BusinessUnitGUID": FI,
         "BankAccountNumber": "FI21 1234 5600 0007 85", "IsActive": True},
        {"GUID": U2, "FirstName": "Bo", "LastName": "Berg", "Code": "E002", "BusinessUnitGUID": SE, "IsActive": True},
        {"GUID": U3, "FirstName": "Cecilia", "LastName": "Carlsson", "Code": "E003", "BusinessUnitGUID": SE,
         "IsActive": False},
        {"GUID": U4, "FirstName": "Dani", "LastName": "Dahl", "Code": "E004", "BusinessUnitGUID": HKI,
         "IsActive": True},
    ],
    "extra": {"userKeywords": {U1: ["Python", "SAP"], U2: ["sap"], U4: ["Java"]}},
}


@pytest.fixture
def org(severa):
    severa.seed(DATASET)
    return severa


def limit_to(handle, *units: str) -> None:
    with handle.http() as http:
        reply = http.post(f"/_sim/tenants/{handle.id}/severa/api-user", json={"businessUnits": list(units)})
        assert reply.status_code == 200


def fault_of(reply) -> str:
    assert reply.status_code == 500, reply.text
    return etree.QName(etree.fromstring(reply.content).find(".//detail")[0]).localname


def zeep_fault(excinfo) -> str:
    return etree.QName(excinfo.value.detail[0]).localname


def result_of(reply, operation: str) -> etree._Element:
    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{{TNS}}}{operation}Result")


def guids(items) -> list[str]:
    return [i.GUID for i in items or []]


def later(handle, seconds: float = 3600):
    handle.clock.advance(seconds)
    mark = handle.clock.now()
    handle.clock.advance(60)
    return mark


# ---------------------------------------------------------------- business units


def test_business_unit_lookups(org):
    units = org.zeep("IBusinessUnit")
    finland = units.GetBusinessUnitByGUID(FI.upper())
    assert (finland.Name, finland.CostCenterGUID, finland.VatNumber, finland.ParentBusinessUnitGUID) == (
        "Finland", CC1, "FI11111111", ROOT)
    assert units.GetBusinessUnitByCode("hki").GUID == HKI
    assert is_nil(units.GetBusinessUnitByCode("NOPE"))
    assert fault_of(org.soap("IBusinessUnit", "GetBusinessUnitByGUID",
                             "<businessUnitGuid>b0000000-0000-4000-8000-0000000000ff</businessUnitGuid>")) \
        == "NotFoundException"


def test_business_unit_hierarchy(org):
    units = org.zeep("IBusinessUnit")
    assert guids(units.GetBusinessUnitHierarchy(ROOT, 0)) == [FI, SE]  # children, by name; inactive left out
    assert guids(units.GetBusinessUnitHierarchy(ROOT, 2)) == [OLD, FI, SE]
    assert guids(units.GetBusinessUnitHierarchy(ROOT, 4 | 8)) == [ROOT, FI, HKI, SE]  # IncludeRoot|EntireHierarchy
    assert guids(units.GetBusinessUnitHierarchy(FI, 8)) == [HKI]
    assert guids(units.GetBusinessUnitHierarchy("", 0)) == [ROOT]
    assert guids(units.GetBusinessUnitHierarchy(None, 8 | 2)) == [ROOT, OLD, FI, HKI, SE]
    reply = org.soap("IBusinessUnit", "GetBusinessUnitHierarchy",
                     f"<rootBusinessUnitGuid>{ROOT}</rootBusinessUnitGuid><options>12</options>")
    found = result_of(reply, "GetBusinessUnitHierarchy").findall(f"{{{ENT}}}BusinessUnit")
    assert [u.findtext(f"{{{ENT}}}Code") for u in found] == ["GRP", "FI", "HKI", "SE"]
    assert fault_of(org.soap("IBusinessUnit", "GetBusinessUnitHierarchy",
                             "<rootBusinessUnitGuid>b0000000-0000-4000-8000-0000000000ff</rootBusinessUnitGuid>"
                             "<options>0</options>")) == "NotFoundException"


def test_add_and_update_business_units(org):
    units = org.zeep("IBusinessUnit")
    added = units.AddNewBusinessUnit({"Name": "Tampere", "Code": "TRE", "ParentBusinessUnitGUID": FI,
                                      "CostCenterGUID": CC2, "CurrencyCode": "EUR", "VatNumber": "FI99999999"})
    assert (added.IsActive, added.CostCenterGUID, added.CurrencyCode) == (True, CC2, "EUR")
    assert added.InsertTS is not None and added.CurrencyGUID is not None
    assert guids(units.GetBusinessUnitHierarchy(FI, 0)) == [HKI, added.GUID]
    cost_center = org.zeep("ICostCenter").GetCostCenterByGUID(added.CostCenterGUID)
    assert cost_center.Identifier == "200"  # VA-11: the business unit's cost center identifier

    updated = units.UpdateBusinessUnit({"GUID": added.GUID, "Name": "Tampere office", "CostCenterGUID": CC1})
    assert (updated.Name, updated.Code, updated.CostCenterGUID) == ("Tampere office", "TRE", CC1)
    assert updated.UpdatedTS is not None
    for bad in ({"Name": "Dup", "Code": "fi"}, {"Name": "Orphan", "ParentBusinessUnitGUID": OLD[:-1] + "f"},
                {"Name": "No cost center", "CostCenterGUID": "cc000000-0000-4000-8000-0000000000ff"},
                {"Code": "NONAME"}):
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            units.AddNewBusinessUnit(bad)
        assert zeep_fault(excinfo) == "GeneralFailureException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        units.UpdateBusinessUnit({"GUID": FI, "ParentBusinessUnitGUID": HKI})  # a cycle
    assert zeep_fault(excinfo) == "GeneralFailureException"


def test_business_units_changed_since(org):
    units = org.zeep("IBusinessUnit")
    mark = later(org)
    assert units.GetBusinessUnitsChangedSince("", mark, 0) is None
    units.UpdateBusinessUnit({"GUID": HKI, "PaymentTerm": 14})
    units.UpdateBusinessUnit({"GUID": OLD, "Notes": None, "PaymentTerm": 7})
    new = units.AddNewBusinessUnit({"Name": "Oulu", "ParentBusinessUnitGUID": FI})
    assert guids(units.GetBusinessUnitsChangedSince("", mark, 0)) == [HKI, new.GUID]
    assert guids(units.GetBusinessUnitsChangedSince(None, mark, 2)) == [HKI, OLD, new.GUID]
    assert guids(units.GetBusinessUnitsChangedSince("", mark, 1)) == [new.GUID]  # NewOnly
    assert guids(units.GetBusinessUnitsChangedSince(FI, mark, 0)) == [HKI, new.GUID]
    assert guids(units.GetBusinessUnitsChangedSince(ROOT, mark, 0)) == []
    assert guids(units.GetBusinessUnitsChangedSince(ROOT, mark, 8)) == [HKI, new.GUID]  # EntireHierarchy
    reply = org.soap("IBusinessUnit", "GetBusinessUnitsChangedSince",
                     f"<businessUnitGUID/><startDateTime>{mark.isoformat()}</startDateTime><options>0</options>")
    assert len(result_of(reply, "GetBusinessUnitsChangedSince").findall(f"{{{ENT}}}BusinessUnit")) == 2


def test_business_units_outside_the_api_users_rights_are_invisible(org):
    limit_to(org, ROOT, FI, HKI)
    units = org.zeep("IBusinessUnit")
    assert guids(units.GetBusinessUnitHierarchy(ROOT, 8 | 4)) == [ROOT, FI, HKI]
    assert is_nil(units.GetBusinessUnitByCode("SE"))
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        units.GetBusinessUnitByGUID(SE)
    assert zeep_fault(excinfo) == "NotFoundException"
    assert SE not in guids(units.GetBusinessUnitsChangedSince("", org.clock.now().replace(year=2000), 2))
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        units.UpdateBusinessUnit({"GUID": SE, "Name": "Sverige"})
    assert zeep_fault(excinfo) == "NoPermissionException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        units.AddNewBusinessUnit({"Name": "Rogue", "ParentBusinessUnitGUID": FI})
    assert zeep_fault(excinfo) == "NoPermissionException"


# ---------------------------------------------------------------- users


def test_user_lookups(org):
    users = org.zeep("IUser")
    aino = users.GetUserByCode("e001")
    assert (aino.GUID, aino.BankAccountNumber, aino.BusinessUnitName, aino.BusinessUnitCode) == (
        U1, "FI21 1234 5600 0007 85", "Finland", "FI")  # PC-19: employee number and IBAN
    assert users.GetUserByGUID(U2).Code == "E002"
    assert users.GetUserByName("bo", "BERG").GUID == U2
    assert guids(users.GetUsersByGUIDs({"string": [U4, U1, "e0000000-0000-4000-8000-0000000000ff"]})) == [U4, U1]
    assert guids(users.GetUsersByUserKeywords("", {"string": ["SAP"]})) == [U1, U2]
    assert guids(users.GetUsersByUserKeywords(SE, {"string": ["sap", "java"]})) == [U2]
    assert guids(users.GetAllUsers(None, False)) == [U1, U2, U4]  # by last name
    assert guids(users.GetAllUsers(SE, True)) == [U2, U3]
    for op, params in (("GetUserByCode", "<userCode>E999</userCode>"),
                       ("GetUserByName", "<firstName>No</firstName><lastName>Body</lastName>"),
                       ("GetUserByGUID", "<userGUID>e0000000-0000-4000-8000-0000000000ff</userGUID>")):
        assert fault_of(org.soap("IUser", op, params)) == "NotFoundException"


def test_users_by_guids_on_the_wire(org):
    items = f"<b:string>{U2}</b:string><b:string>{U1.upper()}</b:string>"
    reply = org.soap("IUser", "GetUsersByGUIDs", f'<userGUIDs xmlns:b="{ARR}">{items}</userGUIDs>')
    found = result_of(reply, "GetUsersByGUIDs").findall(f"{{{ENT}}}User")
    assert [u.findtext(f"{{{ENT}}}Code") for u in found] == ["E002", "E001"]


def test_add_update_disable_and_enable_users(org):
    users = org.zeep("IUser")
    added = users.AddNewUser({"FirstName": "Eero", "LastName": "Esimerkki", "Code": "E005", "BusinessUnitGUID": HKI,
                              "BankAccountNumber": "FI49 5000 9420 0287 30", "CountryCode": "FI",
                              "LanguageCode": "fi-FI", "Email": "eero@example.fi"})
    assert (added.IsActive, added.BusinessUnitName, added.CountryGUID is not None) == (True, "Helsinki", True)
    assert added.LanguageGUID == org.zeep("ILanguage").GetLanguageByIetfTag("fi-FI").GUID
    default_unit = users.AddNewUser({"FirstName": "Frida", "LastName": "Fors"})
    assert default_unit.BusinessUnitGUID == ROOT

    updated = users.UpdateUser({"GUID": added.GUID, "Title": "Consultant", "BusinessUnitGUID": FI})
    assert (updated.Title, updated.BusinessUnitName, updated.Code) == ("Consultant", "Finland", "E005")
    org.zeep("IBusinessUnit").UpdateBusinessUnit({"GUID": FI, "Name": "Suomi"})
    assert users.GetUserByGUID(added.GUID).BusinessUnitName == "Suomi"

    assert users.DisableUser(added.GUID) is True
    assert added.GUID not in guids(users.GetAllUsers(FI, False))
    assert users.GetUserByGUID(added.GUID).IsActive is False
    assert users.EnableUser(added.GUID) is True
    assert added.GUID in guids(users.GetAllUsers(FI, False))

    for bad in ({"FirstName": "Dup", "LastName": "Code", "Code": "e001"}, {"FirstName": "Only"},
                {"FirstName": "No", "LastName": "Unit", "BusinessUnitGUID": "b0000000-0000-4000-8000-0000000000ff"}):
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            users.AddNewUser(bad)
        assert zeep_fault(excinfo) == "GeneralFailureException"
    assert fault_of(org.soap("IUser", "DisableUser", "<userGUID>e0000000-0000-4000-8000-0000000000ff</userGUID>")) \
        == "NotFoundException"


def test_users_changed_since(org):
    users = org.zeep("IUser")
    mark = later(org)
    users.UpdateUser({"GUID": U3, "Phone": "+46 8 123"})  # inactive
    users.UpdateUser({"GUID": U4, "Phone": "+358 40 123"})
    new = users.AddNewUser({"FirstName": "Gustav", "LastName": "Gran", "BusinessUnitGUID": SE})
    assert guids(users.GetUsersChangedSince("", mark, 0)) == [U4, new.GUID]
    assert guids(users.GetUsersChangedSince(None, mark, 2)) == [U3, U4, new.GUID]
    assert guids(users.GetUsersChangedSince(SE, mark, 2)) == [U3, new.GUID]
    assert guids(users.GetUsersChangedSince("", mark, 1)) == [new.GUID]
    reply = org.soap("IUser", "GetUsersChangedSince",
                     f"<businessUnitGUID/><startDateTime>{mark.isoformat()}</startDateTime><options>2</options>")
    assert len(result_of(reply, "GetUsersChangedSince").findall(f"{{{ENT}}}User")) == 3


def test_users_outside_the_api_users_rights_are_invisible(org):
    limit_to(org, FI, HKI)
    users = org.zeep("IUser")
    assert guids(users.GetAllUsers("", True)) == [U1, U4]
    assert users.GetAllUsers(SE, True) is None
    assert guids(users.GetUsersByGUIDs({"string": [U1, U2]})) == [U1]
    assert guids(users.GetUsersByUserKeywords("", {"string": ["sap"]})) == [U1]
    assert guids(users.GetUsersChangedSince("", org.clock.now().replace(year=2000), 2)) == [U1, U4]
    for op, params in (("GetUserByGUID", f"<userGUID>{U2}</userGUID>"), ("GetUserByCode", "<userCode>E002</userCode>"),
                       ("GetUserByName", "<firstName>Bo</firstName><lastName>Berg</lastName>")):
        assert fault_of(org.soap("IUser", op, params)) == "NotFoundException"
    for call in (lambda: users.UpdateUser({"GUID": U2, "Title": "x"}), lambda: users.DisableUser(U2),
                 lambda: users.AddNewUser({"FirstName": "X", "LastName": "Y", "BusinessUnitGUID": SE}),
                 lambda: users.UpdateUser({"GUID": U1, "BusinessUnitGUID": SE})):
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            call()
        assert zeep_fault(excinfo) == "NoPermissionException"


def test_change_password_keeps_only_a_hash(org):
    users = org.zeep("IUser")
    for weak in ("short1", "onlyletters", "1234567890", " padded password 1"):
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            users.ChangePassword(U1, weak)
        assert zeep_fault(excinfo) == "GeneralFailureException"
    assert users.ChangePassword(U1, "Correct horse 42") is True
    exported = json.dumps(org.export(), default=str)
    assert "Correct horse 42" not in exported
    assert org.export()["extra"]["userPasswords"][U1].startswith("pbkdf2_sha256$")
    assert fault_of(org.soap("IUser", "ChangePassword",
                             "<userGUID>e0000000-0000-4000-8000-0000000000ff</userGUID>"
                             "<newPassword>Correct horse 42</newPassword>")) == "NotFoundException"


# ---------------------------------------------------------------- cost centers (ICostCenter: this simulator's design)


def test_the_wsdl_has_icostcenter(org):
    reply = org.http().get(org.simulator.base_path, params={"wsdl": ""})
    doc = etree.fromstring(reply.content)
    assert "ICostCenter" in {p.get("name") for p in doc.iter(f"{{{WSDL}}}portType")}
    actions = {op.get("soapAction") for op in doc.iter(f"{{{SOAP}}}operation")}
    assert {f"{TNS}ICostCenter/{op}" for op in ("GetCostCenterByGUID", "GetCostCenterByIdentifier",
                                                "GetAllCostCenters", "GetCostCentersChangedSince",
                                                "AddNewCostCenter", "UpdateCostCenter")} <= actions


def test_cost_centers_end_to_end(severa):
    centers = severa.zeep("ICostCenter")
    assert centers.GetAllCostCenters() is None
    added = centers.AddNewCostCenter({"Name": "Consulting", "Identifier": " 100 ", "Description": "Billable work"})
    assert (added.Identifier, added.IsActive, added.Description) == ("100", True, "Billable work")
    assert centers.GetCostCenterByGUID(added.GUID.upper()).Name == "Consulting"
    assert centers.GetCostCenterByIdentifier("100").GUID == added.GUID
    second = centers.AddNewCostCenter({"Name": "Licences", "Identifier": "050"})
    assert [c.Identifier for c in centers.GetAllCostCenters()] == ["050", "100"]

    updated = centers.UpdateCostCenter({"GUID": second.GUID, "IsActive": False, "Name": "Licences (old)"})
    assert (updated.IsActive, updated.Identifier, updated.Name) == (False, "050", "Licences (old)")
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        centers.UpdateCostCenter({"GUID": second.GUID, "Identifier": "100"})
    assert zeep_fault(excinfo) == "ValidationException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        centers.AddNewCostCenter({"Name": "No identifier"})
    assert zeep_fault(excinfo) == "ValidationException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        centers.GetCostCenterByIdentifier("999")
    assert zeep_fault(excinfo) == "NotFoundException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        centers.UpdateCostCenter({"GUID": "cc000000-0000-4000-8000-0000000000ff", "Name": "Ghost"})
    assert zeep_fault(excinfo) == "NotFoundException"
    severa.verify(operation="AddNewCostCenter", count=3)


def test_cost_centers_changed_since(org):
    centers = org.zeep("ICostCenter")
    mark = later(org)
    assert centers.GetCostCentersChangedSince(mark, 0) is None
    centers.UpdateCostCenter({"GUID": CC2, "Description": "inactive, changed"})
    new = centers.AddNewCostCenter({"Name": "Training", "Identifier": "300"})
    assert guids(centers.GetCostCentersChangedSince(mark, 0)) == [new.GUID]
    assert guids(centers.GetCostCentersChangedSince(mark, 2)) == [CC2, new.GUID]
    assert guids(centers.GetCostCentersChangedSince(mark, 1 | 2)) == [new.GUID]
    reply = org.soap("ICostCenter", "GetCostCenterByIdentifier", "<identifier>200</identifier>")
    found = result_of(reply, "GetCostCenterByIdentifier")
    assert [etree.QName(c).localname for c in found] == ["Description", "GUID", "Identifier", "IsActive", "Name"]
    assert found.findtext(f"{{{ENT}}}IsActive") == "false"


def test_datasets_check_cost_center_members(severa):
    with pytest.raises(DatasetError):
        severa.seed({"CostCenter": [{"GUID": CC1, "Code": "100"}]})
