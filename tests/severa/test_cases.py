"""ICase, ICaseStatus and IPhase through zeep and raw WCF envelopes: numbering, changed-since on the tenant
clock, CaseGetOptions flags, closing, members, forecasts, statuses, phase trees and SEV-02 limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulators.testing import is_nil
from simulators.testing import severa_fault as raw_fault
from simulators.testing import severa_result as result
from simulators.testing import zeep_severa_fault as fault

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
START = "2025-03-03T08:00:00Z"  # a Monday

ORG = {
    "Account": [{"GUID": "acc-1", "Name": "Acme Oy", "Number": 10, "IsActive": True, "CurrencyCode": "EUR"},
                {"GUID": "acc-2", "Name": "Sleeping Ab", "Number": 11, "IsActive": False}],
    "BusinessUnit": [{"GUID": "bu-1", "Name": "Helsinki", "Code": "HEL", "CostCenterGUID": "cc-1"},
                     {"GUID": "bu-2", "Name": "Stockholm", "Code": "STO", "ParentBusinessUnitGUID": "bu-1"}],
    "CaseStatus": [{"GUID": "st-open", "Name": "Open", "IsActive": True},
                   {"GUID": "st-done", "Name": "Done", "IsActive": True}],
    "Currency": [{"GUID": "cur-eur", "IsoCode": "EUR", "Rate": 1, "IsActive": True},
                 {"GUID": "cur-sek", "IsoCode": "SEK", "Rate": 11.5, "IsActive": True}],
    "User": [{"GUID": "u-1", "Code": "AL", "FirstName": "Ada", "LastName": "Lovelace", "IsActive": True},
             {"GUID": "u-2", "Code": "OLD", "FirstName": "Old", "LastName": "Timer", "IsActive": False}],
    "Case": [{"GUID": "c-seed", "Name": "Seeded project", "CaseNumber": 100, "AccountGUID": "acc-1",
              "BusinessUnitGUID": "bu-1", "StartDate": "2024-01-15T00:00:00", "DeadlineDate": None,
              "IsClosed": False, "CurrentCaseStatusGUID": "st-open", "ExpectedValue": 1500.5}],
}


@pytest.fixture
def org(severa):
    severa.clock.freeze(START)
    severa.seed(ORG)
    return severa





# ---------------------------------------------------------------------- cases
def test_add_new_case_takes_the_next_number_and_fills_references(org):
    cases = org.zeep("ICase")
    first = cases.AddNewCase({"Name": "Website", "AccountGUID": "ACC-1", "BusinessUnitGUID": "bu-1",
                              "CaseOwnerUserGUID": "u-1"})
    second = cases.AddNewCase({"Name": "Intranet", "AccountGUID": "acc-1"})
    assert (first.CaseNumber, second.CaseNumber) == (101, 102)  # after the seeded 100
    assert (first.AccountName, first.AccountNumber, first.BusinessUnitName, first.BusinessUnitNumber) == (
        "Acme Oy", 10, "Helsinki", "HEL")
    assert first.CostCenterGUID == "cc-1"  # the business unit's cost center
    assert (first.CurrentCaseStatusGUID, first.CurrentCaseStatusDescription) == ("st-open", "Open")
    assert (first.CurrencyShortform, first.CurrencyGUID) == ("EUR", "cur-eur")
    assert first.CaseOwnerUserCode == "AL"
    assert first.IsClosed is False and first.ClosedDate is None and first.DeadlineDate is None
    assert first.InsertTs == datetime(2025, 3, 3, 8, tzinfo=UTC)
    assert first.StartDate.date().isoformat() == "2025-03-03"
    assert second.BusinessUnitGUID == "bu-1"  # the root business unit by default
    root = org.zeep("IPhase").GetPhasesByCaseGUID(first.GUID)
    assert [(p.GUID, p.Name, p.ParentPhaseGUID) for p in root] == [(first.RootTaskGUID, "Website", None)]
    assert [u.Code for u in cases.GetCaseMemberUsersByCaseGUID(first.GUID)] == ["AL"]
    assert cases.GetCaseByNumber(102).GUID == second.GUID
    org.verify(operation="AddNewCase", count=2)


def test_a_given_case_number_is_kept_and_must_be_unique(org):
    cases = org.zeep("ICase")
    assert cases.AddNewCase({"Name": "Numbered", "AccountGUID": "acc-1", "CaseNumber": 500}).CaseNumber == 500
    assert fault("ValidationException", cases.AddNewCase,
                 {"Name": "Clash", "AccountGUID": "acc-1", "CaseNumber": 100}) == "CaseNumber 100 is already in use."
    assert cases.AddNewCase({"Name": "Next", "AccountGUID": "acc-1"}).CaseNumber == 501


@pytest.mark.parametrize(("case_xml", "message"), [
    ("<a:AccountGUID>acc-1</a:AccountGUID>", "Name is required."),
    ("<a:Name>No account</a:Name>", "AccountGUID is required: a case belongs to an account."),
    ("<a:AccountGUID>nope</a:AccountGUID><a:Name>X</a:Name>", "AccountGUID: account nope was not found."),
    ("<a:AccountGUID>acc-1</a:AccountGUID><a:BusinessUnitGUID>bu-9</a:BusinessUnitGUID><a:Name>X</a:Name>",
     "BusinessUnitGUID: business unit bu-9 was not found."),
    ("<a:AccountGUID>acc-1</a:AccountGUID><a:CurrentCaseStatusGUID>st-9</a:CurrentCaseStatusGUID><a:Name>X</a:Name>",
     "CurrentCaseStatusGUID: case status st-9 was not found."),
])
def test_invalid_cases_are_validation_faults_on_the_wire(org, case_xml, message):
    reply = org.soap("ICase", "AddNewCase", f'<caseInfo xmlns:a="{ENT}">{case_xml}</caseInfo>')
    assert raw_fault(reply) == ("ValidationException", message)
    assert len(org.zeep("ICase").GetAllCases("")) == 1


def test_lookups_by_guid_number_account_and_task(org):
    cases = org.zeep("ICase")
    assert cases.GetCaseByGUID("C-SEED").Name == "Seeded project"
    assert cases.GetCaseByNumber(100).GUID == "c-seed"
    assert is_nil(cases.GetCaseByNumber(999))  # no NotFound declared: a null result
    assert [c.GUID for c in cases.GetCasesByAccountGUID("", "acc-1")] == ["c-seed"]
    assert cases.GetCasesByAccountGUID("", "acc-2") is None  # an empty array reads as None in zeep
    assert [c.GUID for c in cases.GetAllCases("bu-1")] == ["c-seed"]
    assert cases.GetAllCases("bu-2") is None
    created = cases.AddNewCase({"Name": "Tasks", "AccountGUID": "acc-1"})
    phase = org.zeep("IPhase").AddNewPhase({"CaseGUID": created.GUID, "Name": "Design"}, None)
    assert cases.GetCaseByTaskGUID(created.RootTaskGUID).GUID == created.GUID
    assert cases.GetCaseByTaskGUID(phase.GUID).GUID == created.GUID
    fault("NotFoundException", cases.GetCaseByTaskGUID, "nope")
    kind, text = raw_fault(org.soap("ICase", "GetCaseByGUID", "<caseGuid>nope</caseGuid>"))
    assert (kind, text) == ("NotFoundException", "Case with GUID nope was not found.")


def test_seeded_values_go_out_in_their_contract_types(org):
    case = result(org.soap("ICase", "GetCaseByGUID", "<caseGuid>c-seed</caseGuid>"), "GetCaseByGUID")
    assert case.findtext(f"{{{ENT}}}StartDate") == "2024-01-15T00:00:00"
    assert case.find(f"{{{ENT}}}DeadlineDate").get(XSI_NIL) == "true"  # no end date (VA-12 is the engine's)
    assert case.findtext(f"{{{ENT}}}ExpectedValue") == "1500.5"
    assert case.findtext(f"{{{ENT}}}CaseNumber") == "100"
    assert case.findtext(f"{{{ENT}}}IsClosed") == "false"


def test_update_and_changed_since_follow_the_tenant_clock(org):
    cases = org.zeep("ICase")
    org.clock.advance(3600)
    mark = org.clock.now()
    assert cases.GetCasesChangedSince("", mark, 0) is None  # seeded an hour ago
    org.clock.advance(60)
    updated = cases.UpdateCase({"GUID": "c-seed", "Name": "Renamed", "CurrentCaseStatusGUID": "st-done"})
    assert (updated.Name, updated.CaseNumber, updated.AccountName) == ("Renamed", 100, "Acme Oy")
    assert updated.CurrentCaseStatusDescription == "Done"
    assert updated.UpdatedTs == datetime(2025, 3, 3, 9, 1, tzinfo=UTC)
    assert updated.StartDate.date().isoformat() == "2024-01-15"  # members not sent are kept
    assert [c.Name for c in cases.GetCasesChangedSince("", mark, 0)] == ["Renamed"]
    assert cases.GetCasesChangedSince("", mark, 1) is None  # NewOnly: the seeded case is not new
    added = cases.AddNewCase({"Name": "Brand new", "AccountGUID": "acc-1"})
    assert [c.GUID for c in cases.GetCasesChangedSince("", mark, 1)] == [added.GUID]
    assert [c.Name for c in cases.GetCasesChangedSince(None, mark, 0)] == ["Renamed", "Brand new"]
    org.clock.advance(60)
    assert cases.GetCasesChangedSince("", org.clock.now(), 0) is None
    root = org.zeep("IPhase").GetPhaseByGUID(added.RootTaskGUID)
    cases.UpdateCase({"GUID": added.GUID, "Name": "Renamed too"})
    assert org.zeep("IPhase").GetPhaseByGUID(root.GUID).Name == "Renamed too"


def test_changed_since_accepts_a_date_only_start_on_the_wire(org):
    reply = org.soap("ICase", "GetCasesChangedSince",
                     "<businessUnitGUID></businessUnitGUID><startDateTime>2025-03-03T00:00:00</startDateTime>"
                     "<options>0</options>")
    names = [c.findtext(f"{{{ENT}}}Name") for c in result(reply, "GetCasesChangedSince")]
    assert names == ["Seeded project"]


def test_a_minimally_seeded_case_can_be_updated(org):
    org.seed({"Case": [{"GUID": "bare", "Name": "Bare", "InsertTs": "2024-06-01T00:00:00"}]})
    cases = org.zeep("ICase")
    closed = cases.UpdateCase({"GUID": "bare", "IsClosed": True})
    assert (closed.IsClosed, closed.AccountGUID, closed.CaseNumber) == (True, None, None)
    assert closed.InsertTs == datetime(2024, 6, 1)
    assert cases.GetCasesChangedSince("", datetime(2025, 1, 1), 1) is None  # NewOnly reads InsertTs
    assert [c.GUID for c in cases.GetCasesChangedSince("", datetime(2024, 1, 1), 1)] == ["bare"]
    assert [c.GUID for c in cases.GetCasesChangedSince("", datetime(2025, 1, 1), 64)] == ["bare"]
    fault("ValidationException", cases.UpdateCase, {"GUID": "bare", "AccountGUID": "nope"})
    fault("ValidationException", cases.UpdateCase, {"Name": "No GUID"})
    fault("NotFoundException", cases.UpdateCase, {"GUID": "nope", "Name": "x"})


def test_closing_and_reopening_a_case(org):
    cases = org.zeep("ICase")
    org.clock.advance(86400)
    closed = cases.UpdateCase({"GUID": "c-seed", "IsClosed": True})
    assert closed.IsClosed is True and closed.ClosedDate == datetime(2025, 3, 4, 8, tzinfo=UTC)
    reopened = cases.UpdateCase({"GUID": "c-seed", "IsClosed": False})
    assert reopened.IsClosed is False and reopened.ClosedDate is None
    born_closed = cases.AddNewCase({"Name": "Old", "AccountGUID": "acc-1", "IsClosed": True,
                                    "ClosedDate": datetime(2024, 12, 31)})
    assert born_closed.ClosedDate == datetime(2024, 12, 31)


def test_case_get_options_flags(org):
    base = {"AccountGUID": "acc-1", "BusinessUnitGUID": "bu-1", "StartDate": "2025-01-01T00:00:00"}
    org.seed({**ORG, "extra": {"salesProcesses": [{"GUID": "sp-won", "IsWon": True},
                                                   {"GUID": "sp-lost", "IsWon": False}]},
              "Case": [{**base, "GUID": "open", "Name": "Open", "CaseNumber": 1, "SalesProcessGUID": "sp-won"},
                       {**base, "GUID": "unnumbered", "Name": "Unnumbered", "Probability": 100},
                       {**base, "GUID": "closed", "Name": "Closed", "CaseNumber": 2, "IsClosed": True,
                        "ClosedDate": "2025-02-01T00:00:00", "SalesProcessGUID": "sp-lost", "Probability": 100},
                       {**base, "GUID": "internal", "Name": "Internal", "CaseNumber": 3, "IsInternal": True},
                       {**base, "GUID": "sleeping", "Name": "Sleeping", "CaseNumber": 4, "AccountGUID": "acc-2"}]})
    cases = org.zeep("ICase")

    def names(options: int, unit: str = "") -> list[str]:
        return sorted(c.GUID for c in cases.GetCasesChangedSince(unit, "2025-01-01T00:00:00", options) or [])

    assert names(0) == ["closed", "internal", "open", "unnumbered"]  # cases of inactive accounts left out
    assert names(2) == ["closed", "internal", "open", "sleeping", "unnumbered"]  # IncludeInactive
    assert names(4) == ["closed", "internal", "open"]  # ExcludeNotNumbered
    assert names(8) == ["open", "unnumbered"]  # ExcludeNoWonCases: won process, else probability 100
    assert names(16) == ["internal"]  # InternalOnly
    assert names(32) == ["internal", "open", "unnumbered"]  # ExcludeClosed
    assert names(64) == ["closed"]  # ExcludeOpen
    assert names(4 | 8 | 32) == ["open"]
    assert names(0, "bu-2") == []


def test_business_unit_limits_of_the_api_user(org):
    """SEV-02: an API user limited to bu-1 neither sees nor writes bu-2 cases."""
    org.seed({**ORG, "apiUser": {"businessUnits": ["bu-1"]},
              "Case": [*ORG["Case"], {"GUID": "c-sto", "Name": "Stockholm job", "CaseNumber": 200,
                                      "AccountGUID": "acc-1", "BusinessUnitGUID": "bu-2"}]})
    cases = org.zeep("ICase")
    assert [c.GUID for c in cases.GetAllCases("")] == ["c-seed"]
    assert cases.GetAllCases("bu-2") is None
    assert is_nil(cases.GetCaseByNumber(200))
    assert [c.GUID for c in cases.GetCasesChangedSince("", "2000-01-01T00:00:00", 0)] == ["c-seed"]
    assert fault("NotFoundException", cases.GetCaseByGUID, "c-sto") == "Case with GUID c-sto was not found."
    fault("NoPermissionException", cases.AddNewCase, {"Name": "X", "AccountGUID": "acc-1", "BusinessUnitGUID": "bu-2"})
    fault("NoPermissionException", cases.UpdateCase, {"GUID": "c-sto", "Name": "Mine now"})
    fault("NoPermissionException", cases.UpdateCase, {"GUID": "c-seed", "BusinessUnitGUID": "bu-2"})
    fault("NoPermissionException", cases.DeleteCase, "c-sto")
    assert cases.AddNewCase({"Name": "Defaults to mine", "AccountGUID": "acc-1"}).BusinessUnitGUID == "bu-1"
    reply = org.soap("ICase", "GetCaseByGUID", "<caseGuid>c-sto</caseGuid>")
    assert raw_fault(reply)[0] == "NotFoundException"
    assert org.zeep("IPhase").GetPhasesByCaseGUID("c-sto") is None


def test_delete_case_refuses_cases_with_costs_and_removes_the_rest(org):
    cases = org.zeep("ICase")
    org.seed({**ORG, "Item": [{"GUID": "i-1", "CaseGUID": "c-seed", "Name": "Cost", "Quantity": 1,
                               "UnitPriceInBaseCurrency": 0}]})
    message = fault("ValidationException", cases.DeleteCase, "c-seed")
    assert message == "The case has hour entries or costs and cannot be deleted."
    created = cases.AddNewCase({"Name": "Short-lived", "AccountGUID": "acc-1"})
    org.zeep("IPhase").AddNewPhase({"CaseGUID": created.GUID, "Name": "Only phase"}, None)
    assert cases.DeleteCase(created.GUID) is True
    fault("NotFoundException", cases.GetCaseByGUID, created.GUID)
    fault("NotFoundException", org.zeep("IPhase").GetPhaseByGUID, created.RootTaskGUID)
    fault("NotFoundException", cases.DeleteCase, created.GUID)


def test_case_members(org):
    cases = org.zeep("ICase")
    assert cases.GetCaseMemberUsersByCaseGUID("c-seed") is None
    assert cases.AddCaseMemberUser("c-seed", "U-1") is None
    cases.AddCaseMemberUser("c-seed", "u-1")  # twice is once
    assert [u.Code for u in cases.GetCaseMemberUsersByCaseGUID("c-seed")] == ["AL"]
    fault("NotFoundException", cases.AddCaseMemberUser, "c-seed", "u-9")
    fault("NotFoundException", cases.AddCaseMemberUser, "c-9", "u-1")
    fault("ValidationException", cases.AddCaseMemberUser, "c-seed", "u-2")  # inactive
    fault("NotFoundException", cases.GetCaseMemberUsersByCaseGUID, "c-9")
    assert org.export()["extra"]["caseMembers"] == {"c-seed": ["u-1"]}


def test_billing_and_expense_forecasts(org):
    cases = org.zeep("ICase")
    march = cases.AddNewBillingAndExpenseForecastToCase(
        "c-seed", {"Year": 2025, "Month": 3, "BillingForecast": "1000.00", "ExpenseForecast": "250.50"})
    cases.AddNewBillingAndExpenseForecastToCase("c-seed", {"Year": 2025, "Month": 1, "BillingForecast": 10})
    assert [(f.Year, f.Month) for f in cases.GetBillingAndExpenseForecastByCaseGUID("c-seed")] == [
        (2025, 1), (2025, 3)]
    fault("ValidationException", cases.AddNewBillingAndExpenseForecastToCase, "c-seed", {"Year": 2025, "Month": 3})
    fault("ValidationException", cases.AddNewBillingAndExpenseForecastToCase, "c-seed", {"Year": 2025, "Month": 13})
    fault("NotFoundException", cases.AddNewBillingAndExpenseForecastToCase, "c-9", {"Year": 2025, "Month": 1})
    changed = cases.UpdateBillingAndExpenseForecast({"GUID": march.GUID, "Year": 2025, "Month": 3,
                                                     "Notes": "revised", "BillingForecast": "1200"})
    assert (changed.Notes, str(changed.BillingForecast), str(changed.ExpenseForecast)) == ("revised", "1200", "250.50")
    fault("NotFoundException", cases.UpdateBillingAndExpenseForecast, {"GUID": "nope", "Year": 2025, "Month": 1})


# ---------------------------------------------------------------------- case statuses
def test_case_status_list_order_and_updates(org):
    statuses = org.zeep("ICaseStatus")
    assert [s.Name for s in statuses.GetAllCaseStatuses()] == ["Open", "Done"]
    first = statuses.AddNewCaseStatus({"Name": "Offer"}, 0)
    statuses.AddNewCaseStatus({"Name": "Archived", "IsActive": False}, None)
    assert [s.Name for s in statuses.GetAllCaseStatuses()] == ["Offer", "Open", "Done", "Archived"]
    assert first.IsActive is True
    assert fault("ValidationException", statuses.AddNewCaseStatus, {"Name": "open"}, None) == (
        "A case status named 'open' already exists.")
    fault("ValidationException", statuses.AddNewCaseStatus, {"Icon": "x"}, None)
    renamed = statuses.UpdateCaseStatus({"GUID": "st-open", "Name": "In progress"})
    assert (renamed.Name, renamed.IsActive) == ("In progress", True)
    assert org.zeep("ICase").GetCaseByGUID("c-seed").CurrentCaseStatusDescription == "In progress"
    assert statuses.GetCaseStatusByGUID("st-done").Name == "Done"
    fault("NotFoundException", statuses.GetCaseStatusByGUID, "nope")
    fault("NotFoundException", statuses.UpdateCaseStatus, {"GUID": "nope", "Name": "x"})


def test_a_case_status_in_use_needs_a_replacement_to_be_deleted(org):
    statuses = org.zeep("ICaseStatus")
    message = fault("ValidationException", statuses.DeleteCaseStatus, "st-open", None)
    assert message.startswith("Case status 'Open' is used by 1 case(s)")
    fault("ValidationException", statuses.DeleteCaseStatus, "st-open", "st-open")
    assert statuses.DeleteCaseStatus("st-open", "st-done") is True
    case = org.zeep("ICase").GetCaseByGUID("c-seed")
    assert (case.CurrentCaseStatusGUID, case.CurrentCaseStatusDescription) == ("st-done", "Done")
    unused = statuses.AddNewCaseStatus({"Name": "Unused"}, None)
    assert statuses.DeleteCaseStatus(unused.GUID, None) is True
    assert [s.Name for s in statuses.GetAllCaseStatuses()] == ["Done"]
    reply = org.soap("ICaseStatus", "DeleteCaseStatus", "<caseStatusGUID>nope</caseStatusGUID>")
    assert raw_fault(reply)[0] == "NotFoundException"


# ---------------------------------------------------------------------- phases
def test_phase_tree_codes_members_and_updates(org):
    phases = org.zeep("IPhase")
    case = org.zeep("ICase").AddNewCase({"Name": "Tree", "AccountGUID": "acc-1"})
    design = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Design", "Code": "D1"}, {"string": ["u-1"]})
    build = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Build", "Code": "B1", "PricePerHour": "95.00"},
                               None)
    sketch = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Sketch", "ParentPhaseGUID": design.GUID}, None)
    assert design.ParentPhaseGUID == case.RootTaskGUID and (design.SortOrder, build.SortOrder) == (0, 1)
    assert [p.Name for p in phases.GetPhasesByCaseGUID(case.GUID)] == ["Tree", "Design", "Sketch", "Build"]
    assert [p.GUID for p in phases.GetPhasesByCode("d1", None)] == [design.GUID]
    assert phases.GetPhasesByCode("D1", "c-seed") is None
    assert [u.Code for u in org.zeep("ICase").GetCaseMemberUsersByCaseGUID(case.GUID)] == ["AL"]
    tree = phases.GetHourEntryPhasesByUserGUID("u-1")
    assert [(n.Name, n.CaseGUID, n.AccountName) for n in tree] == [("Tree", case.GUID, "Acme Oy")]
    children = tree[0].ChildPhases.PhaseTreeNode
    assert [c.Name for c in children] == ["Design", "Build"]
    assert [c.Name for c in children[0].ChildPhases.PhaseTreeNode] == ["Sketch"]
    assert phases.GetHourEntryPhasesByUserGUID("u-2") is None
    moved = phases.UpdatePhase({"GUID": sketch.GUID, "ParentPhaseGUID": build.GUID, "IsLocked": True})
    assert (moved.ParentPhaseGUID, moved.IsLocked, moved.Name) == (build.GUID, True, "Sketch")
    fault("ValidationException", phases.UpdatePhase, {"GUID": build.GUID, "ParentPhaseGUID": sketch.GUID})
    fault("ValidationException", phases.UpdatePhase, {"GUID": build.GUID, "CaseGUID": "c-seed"})
    fault("ValidationException", phases.AddNewPhase, {"CaseGUID": case.GUID}, None)
    fault("ValidationException", phases.AddNewPhase, {"Name": "Orphan"}, None)
    fault("ValidationException", phases.AddNewPhase, {"CaseGUID": case.GUID, "Name": "X"}, {"string": ["u-9"]})
    fault("ValidationException", phases.AddNewPhase,
          {"CaseGUID": "c-seed", "Name": "Wrong parent", "ParentPhaseGUID": design.GUID}, None)
    fault("NotFoundException", phases.GetPhaseByGUID, "nope")


def test_delete_phase_moves_hours_or_refuses(org):
    phases = org.zeep("IPhase")
    case = org.zeep("ICase").AddNewCase({"Name": "Deletes", "AccountGUID": "acc-1"})
    keep = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Keep"}, None)
    drop = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Drop"}, None)
    entry = org.zeep("IHourEntry").AddNewHourEntry({"UserGUID": "u-1", "PhaseGUID": drop.GUID, "Quantity": 2,
                                                    "EventDate": datetime(2025, 3, 3)})
    fault("ValidationException", phases.DeletePhase, case.RootTaskGUID, None)
    fault("ValidationException", phases.DeletePhase, drop.GUID, None)
    fault("ValidationException", phases.DeletePhase, drop.GUID, "nope")
    assert phases.DeletePhase(drop.GUID, keep.GUID) is True
    assert org.zeep("IHourEntry").GetHourEntryByGUID(entry.GUID).PhaseGUID == keep.GUID
    phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Child", "ParentPhaseGUID": keep.GUID}, None)
    fault("ValidationException", phases.DeletePhase, keep.GUID, None)  # has a subphase
    fault("NotFoundException", phases.DeletePhase, "nope", None)


def test_phases_changed_since(org):
    phases = org.zeep("IPhase")
    mark = org.clock.now()
    case = org.zeep("ICase").AddNewCase({"Name": "Phased", "AccountGUID": "acc-1", "BusinessUnitGUID": "bu-2"})
    org.clock.advance(10)
    later = org.clock.now()
    extra = phases.AddNewPhase({"CaseGUID": case.GUID, "Name": "Later"}, None)
    assert [p.Name for p in phases.GetPhasesChangedSince("", mark, 0)] == ["Phased", "Later"]
    assert [p.Name for p in phases.GetPhasesChangedSince("bu-2", later, 1)] == ["Later"]
    assert phases.GetPhasesChangedSince("bu-1", mark, 0) is None
    org.clock.advance(10)
    phases.UpdatePhase({"GUID": case.RootTaskGUID, "Description": "touched"})
    assert [p.GUID for p in phases.GetPhasesChangedSince("", org.clock.now(), 0)] == [case.RootTaskGUID]
    assert phases.GetPhasesChangedSince("", org.clock.now(), 1) is None
    assert extra.IsCompleted is False
