"""IItem and IHourEntry through zeep and raw envelopes: AddNewItem's rules (case needed, price and cost
without a product, defaults from a product, base-currency price), closed cases refusing costs (VA-22),
purchase-order costs (VA-20, VA-21, PC-18), reimbursed and travel items, hour entries and work-day info."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from simulators.testing import severa_fault as raw_fault
from simulators.testing import severa_result as result
from simulators.testing import zeep_severa_fault as fault

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
CLOSED = "Det går inte att lägga till kostnader till det stängda projektet"
MONDAY = datetime(2025, 3, 3)

CASE = {"AccountGUID": "acc-1", "BusinessUnitGUID": "bu-1", "StartDate": "2025-01-01T00:00:00"}
ENTRY = {"UserGUID": "u-1", "CaseGUID": "c-eur", "PhaseGUID": "ph-root", "WorkTypeGUID": "wt-dev"}
ORG = {
    "Currency": [{"GUID": "cur-eur", "IsoCode": "EUR", "Rate": 1, "IsActive": True},
                 {"GUID": "cur-sek", "IsoCode": "SEK", "Rate": 11.5, "IsActive": True},
                 {"GUID": "cur-usd", "IsoCode": "USD", "Rate": 1.08, "IsActive": True}],
    "Account": [{"GUID": "acc-1", "Name": "Acme Oy", "IsActive": True}],
    "BusinessUnit": [{"GUID": "bu-1", "Name": "Helsinki"}, {"GUID": "bu-2", "Name": "Stockholm"}],
    "User": [{"GUID": "u-1", "Code": "AL", "IsActive": True},
             {"GUID": "u-2", "Code": "OLD", "IsActive": False},
             {"GUID": "u-3", "Code": "BO", "IsActive": True}],
    "WorkType": [{"GUID": "wt-dev", "Code": "DEV", "Name": "Development", "IsActive": True, "IsDefault": True,
                  "IsProductive": True},
                 {"GUID": "wt-meet", "Name": "Meetings", "IsActive": True, "IsProductive": False},
                 {"GUID": "wt-off", "Name": "Retired", "IsActive": False}],
    "Case": [{**CASE, "GUID": "c-eur", "Name": "Euro case", "CaseNumber": 1, "CurrencyShortform": "EUR",
              "CurrencyGUID": "cur-eur", "RootTaskGUID": "ph-root", "CostCenterGUID": "cc-9"},
             {**CASE, "GUID": "c-sek", "Name": "Krona case", "CaseNumber": 2, "CurrencyShortform": "SEK",
              "RootTaskGUID": "ph-sek"},
             {**CASE, "GUID": "c-closed", "Name": "Closed case", "CaseNumber": 3, "IsClosed": True,
              "ClosedDate": "2025-02-28T00:00:00", "RootTaskGUID": "ph-closed"},
             {**CASE, "GUID": "c-sto", "Name": "Stockholm case", "CaseNumber": 4, "BusinessUnitGUID": "bu-2",
              "RootTaskGUID": "ph-sto"},
             {**CASE, "GUID": "c-int", "Name": "Internal case", "CaseNumber": 5, "IsInternal": True,
              "RootTaskGUID": "ph-int"}],
    "Phase": [{"GUID": "ph-root", "CaseGUID": "c-eur", "Name": "Euro case"},
              {"GUID": "ph-design", "CaseGUID": "c-eur", "Name": "Design", "ParentPhaseGUID": "ph-root",
               "PricePerHour": 100},
              {"GUID": "ph-locked", "CaseGUID": "c-eur", "Name": "Locked", "ParentPhaseGUID": "ph-root",
               "IsLocked": True},
              {"GUID": "ph-sek", "CaseGUID": "c-sek", "Name": "Krona case"},
              {"GUID": "ph-closed", "CaseGUID": "c-closed", "Name": "Closed case"},
              {"GUID": "ph-sto", "CaseGUID": "c-sto", "Name": "Stockholm case"},
              {"GUID": "ph-int", "CaseGUID": "c-int", "Name": "Internal case"}],
    "Product": [{"GUID": "p-lic", "Code": "LIC", "Name": "Licence", "IsActive": True, "UnitPrice": 120,
                 "UnitCost": 80, "MeasurementUnit": "pcs", "VAT": 25.5, "Type": "Product"},
                {"GUID": "p-sub", "Name": "Subcontracting", "IsActive": True}],
    "TravelExpense": [{"GUID": "te-km", "Code": "KM", "Name": "Mileage", "IsActive": True, "UnitPrice": 0.59,
                       "UnitCost": 0.59, "MeasurementUnit": "km"}],
    "Invoice": [{"GUID": "inv-orig", "Number": 1, "IsReimbursed": True, "CurrencyRate": 1},
                {"GUID": "inv-credit", "Number": 2, "IsCreditNote": True, "ReimburseInvoiceGUID": "inv-orig",
                 "CurrencyRate": 1},
                {"GUID": "inv-plain", "Number": 3, "CurrencyRate": 1}],
}


@pytest.fixture
def org(severa):
    severa.clock.freeze("2025-03-03T08:00:00Z")
    severa.seed(ORG)
    return severa





def guids(found) -> list[str]:
    return sorted(x.GUID for x in found or [])


# ====================================================================== items
def test_an_item_without_product_needs_price_and_cost(org):
    items = org.zeep("IItem")
    message = fault("ValidationException", items.AddNewItem, {"CaseGUID": "c-eur", "Name": "Hotel", "UnitPrice": 10},
                    None)
    assert message == "UnitPrice and UnitCost are required for an item without ProductGUID."
    item = items.AddNewItem({"CaseGUID": "C-EUR", "Name": "Hotel", "UnitPrice": "150.00", "UnitCost": "120.00",
                             "IsBillable": True}, None)
    assert (item.CaseGUID, item.CaseNumber, item.TaskGUID, item.CostCenterGUID) == ("c-eur", 1, "ph-root", "cc-9")
    assert (item.UnitPrice, item.UnitCost, item.UnitPriceInBaseCurrency) == (150, 120, 150)
    assert item.Quantity == 1 and item.EventDate == MONDAY and item.ProductGUID is None
    assert items.GetItemByGUID(item.GUID).Name == "Hotel"
    reply = org.soap("IItem", "AddNewItem", f'<itemInfo xmlns:a="{ENT}"><a:CaseGUID>c-eur</a:CaseGUID>'
                                            "<a:Name>Taxi</a:Name><a:UnitCost>20</a:UnitCost></itemInfo>")
    assert raw_fault(reply) == ("ValidationException", message)
    org.verify(operation="AddNewItem", count=3)


@pytest.mark.parametrize(("item", "message"), [
    ({"Name": "No case", "UnitPrice": 1, "UnitCost": 1},
     "CaseGUID is required: costs and hours always belong to a case."),
    ({"CaseGUID": "c-nope", "UnitPrice": 1, "UnitCost": 1}, "CaseGUID: case c-nope was not found."),
    ({"CaseGUID": "c-eur", "ProductGUID": "p-nope"}, "ProductGUID: product p-nope was not found."),
    ({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "TaskGUID": "ph-sek"},
     "TaskGUID: phase ph-sek is not a phase of case c-eur."),
    ({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "UserGUID": "u-9"}, "UserGUID: user u-9 was not found."),
])
def test_invalid_items_are_refused(org, item, message):
    assert fault("ValidationException", org.zeep("IItem").AddNewItem, item, None) == message
    assert org.zeep("IItem").GetItemsChangedSince("2000-01-01T00:00:00") is None


def test_an_item_with_a_product_takes_price_and_cost_from_it(org):
    items = org.zeep("IItem")
    licence = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "Quantity": 3}, None)
    assert (licence.Name, licence.ProductCode, licence.MeasurementUnit, licence.ProductType) == (
        "Licence", "LIC", "pcs", "Product")
    assert (licence.UnitPrice, licence.UnitCost, licence.UnitPriceInBaseCurrency, licence.Quantity) == (120, 80, 120, 3)
    assert str(licence.VAT) == "25.5"
    own_price = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "UnitPrice": "99.90"}, None)
    assert (own_price.UnitPrice, own_price.UnitCost, own_price.UnitPriceInBaseCurrency) == (
        Decimal("99.90"), 80, Decimal("99.90"))
    # VA-20/VA-21: a cost only (not billable), booked as subcontracting on a product without a code
    cost = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-sub", "UnitPrice": 0, "UnitCost": "431.25",
                             "IsBillable": False, "IsOutSourcingCost": True, "PurchaseOrderNumber": "SUP-7"}, None)
    assert (cost.UnitPrice, cost.UnitCost, cost.UnitPriceInBaseCurrency) == (0, Decimal("431.25"), 0)
    assert cost.ProductCode is None and cost.IsOutSourcingCost is True and cost.Name == "Subcontracting"
    travel = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "te-km", "Quantity": 100}, None)
    assert (travel.ProductCode, travel.ProductType, str(travel.UnitPrice)) == ("KM", "TravelExpense", "0.59")
    assert guids(items.GetItemsByCaseGUID("c-eur")) == sorted([licence.GUID, own_price.GUID, cost.GUID, travel.GUID])


def test_unit_price_in_base_currency_follows_the_currency_rate(org):
    items = org.zeep("IItem")
    krona = items.AddNewItem({"CaseGUID": "c-sek", "Name": "Hotel", "UnitPrice": "115.00", "UnitCost": "9"}, None)
    assert (krona.UnitPrice, krona.UnitCost, krona.UnitPriceInBaseCurrency) == (115, 9, Decimal("10.00"))
    dollars = items.AddNewItem({"CaseGUID": "c-sek", "Name": "Dinner", "UnitPrice": "54", "UnitCost": "50"}, "USD")
    assert (dollars.UnitPrice, dollars.UnitPriceInBaseCurrency) == (54, 50)  # currencyCode changes only the base
    euros = items.AddNewItem({"CaseGUID": "c-sek", "Name": "Fee", "UnitPrice": "12.34", "UnitCost": "0"}, "eur")
    assert euros.UnitPriceInBaseCurrency == Decimal("12.34")
    computed = items.AddNewItem({"CaseGUID": "c-eur", "Name": "Sent wrong", "UnitPrice": "10", "UnitCost": "5",
                                 "UnitPriceInBaseCurrency": "999"}, None)
    assert computed.UnitPriceInBaseCurrency == 10  # always recomputed
    assert fault("ValidationException", items.AddNewItem,
                 {"CaseGUID": "c-eur", "Name": "X", "UnitPrice": 1, "UnitCost": 1}, "XYZ") == (
        "currencyCode: currency 'XYZ' was not found.")
    reply = org.soap("IItem", "GetItemByGUID", f"<itemGUID>{krona.GUID}</itemGUID>")
    assert result(reply, "GetItemByGUID").findtext(f"{{{ENT}}}UnitPriceInBaseCurrency") == "10.00"


def test_a_closed_case_refuses_costs_with_the_swedish_message(org):
    """VA-22."""
    items = org.zeep("IItem")
    cost = {"CaseGUID": "c-closed", "Name": "Supplier invoice row", "UnitPrice": 0, "UnitCost": "100"}
    assert fault("ValidationException", items.AddNewItem, cost, None) == CLOSED
    reply = org.soap("IItem", "AddNewItem",
                     f'<itemInfo xmlns:a="{ENT}"><a:CaseGUID>c-closed</a:CaseGUID><a:UnitCost>100</a:UnitCost>'
                     "<a:UnitPrice>0</a:UnitPrice></itemInfo><currencyCode>EUR</currencyCode>")
    assert raw_fault(reply) == ("ValidationException", CLOSED)
    assert "stängda".encode() in reply.content
    fine = {"CaseGUID": "c-eur", "Name": "Fine", "UnitPrice": 0, "UnitCost": "10"}
    assert fault("ValidationException", items.AddNewItems, {"Item": [fine, cost]}) == CLOSED
    assert items.GetItemsByCaseGUID("c-eur") is None  # all or nothing
    org.zeep("ICase").UpdateCase({"GUID": "c-closed", "IsClosed": False})
    assert items.AddNewItem(cost, None).CaseGUID == "c-closed"


def test_add_new_items_stores_them_all(org):
    items = org.zeep("IItem")
    added = items.AddNewItems({"Item": [{"CaseGUID": "c-eur", "ProductGUID": "p-lic"},
                                        {"CaseGUID": "c-sek", "Name": "Hotel", "UnitPrice": 230, "UnitCost": 20}]})
    assert [(i.CaseGUID, i.UnitPriceInBaseCurrency) for i in added] == [("c-eur", 120), ("c-sek", 20)]
    assert len(items.GetItemsChangedSince("2025-03-03T00:00:00")) == 2
    fault("ValidationException", items.AddNewItems, {"Item": [{"CaseGUID": "c-eur", "Name": "No price"}]})


def test_purchase_order_items_and_expenses(org):
    items = org.zeep("IItem")
    product_row = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "TaskGUID": "ph-design",
                                    "PurchaseOrderNumber": "PO-77"}, None)
    assert items.GetItemByPurchaseOrderNumber("po-77").GUID == product_row.GUID
    expense = items.AddNewExpenseToProductByPoNumber("PO-77", {"UnitPrice": 0, "UnitCost": "75.50",
                                                               "Name": "Supplier cost", "IsBillable": False})
    assert (expense.CaseGUID, expense.ProductGUID, expense.TaskGUID, expense.PurchaseOrderNumber) == (
        "c-eur", "p-lic", "ph-design", "PO-77")
    assert (expense.UnitCost, expense.UnitPrice, expense.Name) == (Decimal("75.50"), 0, "Supplier cost")
    assert items.GetItemByPurchaseOrderNumber("PO-77").GUID == product_row.GUID  # the first one
    assert fault("NotFoundException", items.GetItemByPurchaseOrderNumber, "PO-0") == (
        "Item with purchase order number 'PO-0' was not found.")
    fault("NotFoundException", items.AddNewExpenseToProductByPoNumber, "PO-0", {"UnitCost": 1, "UnitPrice": 0})


def test_delete_item(org):
    org.seed({**ORG, "Item": [{"GUID": "i-invoiced", "CaseGUID": "c-eur", "Name": "Billed", "Quantity": 1,
                               "InvoiceGUID": "inv-plain", "UnitPriceInBaseCurrency": 5}]})
    items = org.zeep("IItem")
    assert fault("ValidationException", items.DeleteItem, "i-invoiced") == (
        "Item i-invoiced is invoiced and cannot be deleted.")
    item = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic"}, None)
    assert items.DeleteItem(item.GUID) is True
    fault("NotFoundException", items.GetItemByGUID, item.GUID)
    fault("NotFoundException", items.DeleteItem, item.GUID)


def test_items_by_insert_date_and_changed_since_on_the_tenant_clock(org):
    items = org.zeep("IItem")
    monday = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic"}, None)
    org.clock.advance(86400)
    mark = org.clock.now()
    tuesday = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic"}, None)
    assert guids(items.GetItemsByInsertDate(datetime(2025, 3, 3), datetime(2025, 3, 3))) == [monday.GUID]
    assert guids(items.GetItemsByInsertDate(datetime(2025, 3, 4), None)) == [tuesday.GUID]
    assert guids(items.GetItemsByInsertDate(datetime(2025, 3, 1), datetime(2025, 3, 3, 7))) == []
    assert guids(items.GetItemsChangedSince(mark)) == [tuesday.GUID]
    assert len(items.GetItemsChangedSince(datetime(2025, 3, 3))) == 2
    reply = org.soap("IItem", "GetItemsByInsertDate", "<insertStartDate>2025-03-04T00:00:00</insertStartDate>")
    assert [i.findtext(f"{{{ENT}}}GUID") for i in result(reply, "GetItemsByInsertDate")] == [tuesday.GUID]


def test_reimbursed_items_are_those_on_credited_invoices(org):
    base = {"CaseGUID": "c-eur", "Quantity": 1, "UnitPriceInBaseCurrency": 10, "Name": "Row"}
    org.seed({**ORG, "Item": [{**base, "GUID": "i-orig", "InvoiceGUID": "inv-orig"},
                              {**base, "GUID": "i-credit", "InvoiceGUID": "inv-credit"},
                              {**base, "GUID": "i-plain", "InvoiceGUID": "inv-plain"},
                              {**base, "GUID": "i-open"}]})
    items = org.zeep("IItem")
    since = datetime(2025, 1, 1)
    assert guids(items.GetReimbursedItemsChangedSince(since, None)) == ["i-credit", "i-orig"]
    assert guids(items.GetReimbursedItemsChangedSince(since, True)) == ["i-credit"]
    assert guids(items.GetReimbursedItemsChangedSince(since, False)) == ["i-orig"]
    assert items.GetReimbursedItemByGUID("i-credit").InvoiceGUID == "inv-credit"
    fault("NotFoundException", items.GetReimbursedItemByGUID, "i-plain")
    assert items.GetItemByGUID("i-plain").InvoiceGUID == "inv-plain"


def test_travel_expenses_by_date(org):
    items = org.zeep("IItem")
    trip = items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "te-km", "Quantity": 120,
                             "EventDate": datetime(2025, 3, 1)}, None)
    items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "te-km", "EventDate": datetime(2025, 3, 10)}, None)
    items.AddNewItem({"CaseGUID": "c-eur", "ProductGUID": "p-lic", "EventDate": datetime(2025, 3, 1)}, None)
    sto = items.AddNewItem({"CaseGUID": "c-sto", "ProductGUID": "te-km", "EventDate": datetime(2025, 3, 2)}, None)
    found = items.GetTravelExpensesByDate("", datetime(2025, 3, 1), datetime(2025, 3, 3))
    assert guids(found) == sorted([trip.GUID, sto.GUID])
    assert guids(items.GetTravelExpensesByDate("bu-2", None, None)) == [sto.GUID]


def test_items_respect_the_api_users_business_units(org):
    """SEV-02."""
    items = org.zeep("IItem")
    hidden = items.AddNewItem({"CaseGUID": "c-sto", "ProductGUID": "p-lic", "PurchaseOrderNumber": "PO-S"}, None)
    with org.http() as http:
        http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"businessUnits": ["bu-1"]})
    fault("NoPermissionException", items.AddNewItem, {"CaseGUID": "c-sto", "ProductGUID": "p-lic"}, None)
    fault("NotFoundException", items.GetItemByGUID, hidden.GUID)
    fault("NotFoundException", items.GetItemByPurchaseOrderNumber, "PO-S")
    fault("NoPermissionException", items.DeleteItem, hidden.GUID)
    assert items.GetItemsChangedSince(datetime(2025, 1, 1)) is None
    assert items.GetItemsByCaseGUID("c-sto") is None


# ====================================================================== hour entries
@pytest.mark.parametrize(("changes", "message"), [
    ({"UserGUID": None}, "UserGUID is required."),
    ({"UserGUID": "u-9"}, "UserGUID: user u-9 was not found."),
    ({"UserGUID": "u-2"}, "UserGUID: user OLD is inactive."),
    ({"CaseGUID": "c-nope", "PhaseGUID": None}, "CaseGUID: case c-nope was not found."),
    ({"CaseGUID": None, "PhaseGUID": None}, "CaseGUID is required: costs and hours always belong to a case."),
    ({"PhaseGUID": "ph-nope"}, "PhaseGUID: phase ph-nope was not found."),
    ({"PhaseGUID": "ph-sek"}, "PhaseGUID: phase ph-sek is not a phase of case c-eur."),
    ({"PhaseGUID": "ph-locked"}, "PhaseGUID: phase 'Locked' is locked or completed."),
    ({"CaseGUID": "c-closed", "PhaseGUID": None}, "Hours cannot be entered on a closed case."),
    ({"WorkTypeGUID": "wt-nope"}, "WorkTypeGUID: work type wt-nope was not found."),
    ({"WorkTypeGUID": "wt-off"}, "WorkTypeGUID: work type 'Retired' is inactive."),
    ({"EventDate": None}, "EventDate is required."),
    ({"Quantity": None}, "Quantity is required (or StartTime and EndTime)."),
    ({"Quantity": "-1"}, "Quantity cannot be negative."),
])
def test_add_hour_entry_validates_its_references(org, changes, message):
    entry = {**ENTRY, "EventDate": MONDAY, "Quantity": "1.5", **changes}
    assert fault("ValidationException", org.zeep("IHourEntry").AddNewHourEntry, entry) == message


def test_add_hour_entry_completes_the_entry(org):
    hours = org.zeep("IHourEntry")
    entry = hours.AddNewHourEntry({"UserGUID": "U-1", "PhaseGUID": "ph-design", "EventDate": MONDAY,
                                   "Quantity": "2.5", "Description": "Wireframes"})
    assert (entry.CaseGUID, entry.AccountGUID, entry.PhaseGUID, entry.TaskGUID) == (
        "c-eur", "acc-1", "ph-design", "ph-design")
    assert (entry.WorkTypeGUID, entry.IsProductive, entry.IsBillable, entry.IsApproved) == (
        "wt-dev", True, True, False)  # the default work type; billable on a customer case
    assert (entry.UnitPrice, entry.UnitPriceInBaseCurrency, entry.UnitCost) == (100, 100, 0)  # phase's hour price
    assert entry.InvoiceGUID is None and entry.IsReadOnly is False
    timed = hours.AddNewHourEntry({"UserGUID": "u-1", "CaseGUID": "c-sek", "WorkTypeGUID": "wt-meet",
                                   "StartTime": datetime(2025, 3, 4, 9), "EndTime": datetime(2025, 3, 4, 10, 45),
                                   "UnitPrice": "230", "InvoiceGUID": "inv-plain"})
    assert (timed.Quantity, timed.EventDate, timed.PhaseGUID) == (Decimal("1.75"), datetime(2025, 3, 4), "ph-sek")
    assert (timed.IsProductive, timed.UnitPriceInBaseCurrency, timed.InvoiceGUID) == (False, 20, None)
    internal = hours.AddNewHourEntry({**ENTRY, "CaseGUID": "c-int", "PhaseGUID": None, "EventDate": MONDAY,
                                      "Quantity": 1})
    assert internal.IsBillable is False
    fault("ValidationException", hours.AddNewHourEntry, {**ENTRY, "EventDate": MONDAY, "Quantity": 1,
                                                         "StartTime": datetime(2025, 3, 3, 10),
                                                         "EndTime": datetime(2025, 3, 3, 9)})


def test_a_mobisevera_style_envelope_adds_hours(org):
    """Hand-built envelope with prefixed entity members, as the Android client sends it."""
    params = (f'<hourEntryInfo xmlns:sev="{ENT}"><sev:CaseGUID>c-eur</sev:CaseGUID>'
              "<sev:Description>Fixing bugs</sev:Description><sev:EventDate>2025-03-04T00:00:00</sev:EventDate>"
              "<sev:PhaseGUID>ph-root</sev:PhaseGUID><sev:Quantity>3.5</sev:Quantity>"
              "<sev:UserGUID>u-1</sev:UserGUID><sev:WorkTypeGUID>wt-dev</sev:WorkTypeGUID></hourEntryInfo>")
    added = result(org.soap("IHourEntry", "AddNewHourEntry", params), "AddNewHourEntry")
    assert added.findtext(f"{{{ENT}}}Quantity") == "3.5"
    reply = org.soap("IHourEntry", "GetHourEntriesByDateAndUserGUID",
                     "<businessUnitGUID></businessUnitGUID><startdate>2025-03-01T00:00:00</startdate>"
                     "<enddate>2025-03-31T00:00:00</enddate><userGUID>u-1</userGUID>")
    found = result(reply, "GetHourEntriesByDateAndUserGUID")
    assert [e.findtext(f"{{{ENT}}}Description") for e in found] == ["Fixing bugs"]


def test_update_and_delete_hour_entries(org):
    org.seed({**ORG, "HourEntry": [{**ENTRY, "GUID": "h-billed", "EventDate": "2025-03-03T00:00:00",
                                    "Quantity": 2, "InvoiceGUID": "inv-plain", "UnitPriceInBaseCurrency": 0}]})
    hours = org.zeep("IHourEntry")
    entry = hours.AddNewHourEntry({**ENTRY, "EventDate": MONDAY, "Quantity": 1})
    org.clock.advance(60)
    updated = hours.UpdateHourEntry({"GUID": entry.GUID, "Quantity": "2.25", "PhaseGUID": "ph-design",
                                     "UnitPrice": None})
    assert (updated.Quantity, updated.PhaseGUID, updated.TaskGUID, updated.WorkTypeGUID) == (
        Decimal("2.25"), "ph-design", "ph-design", "wt-dev")
    assert [e.GUID for e in hours.GetHourEntriesChangedSince(org.clock.now())] == [entry.GUID]
    fault("ValidationException", hours.UpdateHourEntry, {"GUID": entry.GUID, "PhaseGUID": "ph-locked"})
    assert fault("ValidationException", hours.UpdateHourEntry, {"GUID": "h-billed", "Quantity": 1}) == (
        "Hour entry h-billed is invoiced and cannot be changed.")
    assert fault("ValidationException", hours.DeleteHourEntry, "h-billed") == (
        "Hour entry h-billed is invoiced and cannot be deleted.")
    fault("NotFoundException", hours.UpdateHourEntry, {"GUID": "nope", "Quantity": 1})
    assert hours.DeleteHourEntry(entry.GUID) is True
    fault("NotFoundException", hours.GetHourEntryByGUID, entry.GUID)
    reply = org.soap("IHourEntry", "DeleteHourEntry", f"<hourEntryGUID>{entry.GUID}</hourEntryGUID>")
    assert raw_fault(reply)[0] == "NotFoundException"


def test_hour_entry_queries(org):
    day = "2025-03-0{}T00:00:00"
    base = {**ENTRY, "Quantity": 1, "UnitPriceInBaseCurrency": 0}
    org.seed({**ORG, "HourEntry": [
        {**base, "GUID": "h-mon", "EventDate": day.format(3)},
        {**base, "GUID": "h-tue-bo", "EventDate": day.format(4), "UserGUID": "u-3"},
        {**base, "GUID": "h-orig", "EventDate": day.format(5), "InvoiceGUID": "inv-orig"},
        {**base, "GUID": "h-credit", "EventDate": day.format(5), "InvoiceGUID": "inv-credit"},
        {**base, "GUID": "h-plain", "EventDate": day.format(6), "InvoiceGUID": "inv-plain"},
        {**base, "GUID": "h-sek", "EventDate": day.format(6), "CaseGUID": "c-sek", "PhaseGUID": "ph-sek"},
        {**base, "GUID": "h-sto", "EventDate": day.format(6), "CaseGUID": "c-sto", "PhaseGUID": "ph-sto"}]})
    hours = org.zeep("IHourEntry")
    assert guids(hours.GetHourEntriesByDate("", datetime(2025, 3, 4), datetime(2025, 3, 5))) == [
        "h-credit", "h-orig", "h-tue-bo"]
    assert len(hours.GetHourEntriesByDate(None, None, None)) == 7
    assert guids(hours.GetHourEntriesByDate("bu-2", None, None)) == ["h-sto"]
    assert guids(hours.GetHourEntriesByDateAndUserGUID("", MONDAY, datetime(2025, 3, 4), "u-3")) == ["h-tue-bo"]
    assert guids(hours.GetHourEntriesByDateAndUser("", None, datetime(2025, 3, 3), "u-1")) == ["h-mon"]
    assert guids(hours.GetHourEntriesByCaseGUID("c-eur", datetime(2025, 3, 5), None)) == [
        "h-credit", "h-orig", "h-plain"]
    assert guids(hours.GetHourEntriesByCaseGUID("c-sek", None, None)) == ["h-sek"]
    assert guids(hours.GetInvoicedHourEntriesByCaseGUID("c-eur")) == ["h-credit", "h-orig", "h-plain"]
    assert guids(hours.GetReimbursedHourEntriesByDate("", MONDAY, datetime(2025, 3, 9), None)) == [
        "h-credit", "h-orig"]
    assert guids(hours.GetReimbursedHourEntriesByDate("", None, None, True)) == ["h-credit"]
    assert guids(hours.GetReimbursedHourEntriesChangedSince(MONDAY, False)) == ["h-orig"]
    assert hours.GetReimbursedHourEntryByGUID("h-credit").InvoiceGUID == "inv-credit"
    fault("NotFoundException", hours.GetReimbursedHourEntryByGUID, "h-plain")
    assert len(hours.GetHourEntriesChangedSince(MONDAY)) == 7
    assert hours.GetHourEntriesChangedSince(datetime(2025, 3, 3, 9)) is None
    with org.http() as http:  # SEV-02
        http.post(f"/_sim/tenants/{org.id}/severa/api-user", json={"businessUnits": ["bu-1"]})
    assert hours.GetHourEntriesByDate("bu-2", None, None) is None
    fault("NotFoundException", hours.GetHourEntryByGUID, "h-sto")
    fault("NoPermissionException", hours.DeleteHourEntry, "h-sto")


def test_work_day_info_builds_each_day_from_the_users_entries(org):
    hours = org.zeep("IHourEntry")
    for when, quantity in ((MONDAY, "3"), (MONDAY, "4.5"), (datetime(2025, 3, 4), "2"), (datetime(2025, 3, 8), "1")):
        hours.AddNewHourEntry({**ENTRY, "EventDate": when, "Quantity": quantity})
    hours.AddNewHourEntry({**ENTRY, "UserGUID": "u-3", "EventDate": MONDAY, "Quantity": "8"})
    days = hours.GetWorkDayInfoByDateRangeAndUserGUID("", MONDAY, datetime(2025, 3, 9), "u-1", False, False)
    assert [d.Date.date().isoformat() for d in days] == [f"2025-03-0{n}" for n in range(3, 10)]
    monday, tuesday, saturday = days[0], days[1], days[5]
    assert (monday.TotalHours, monday.ExpectedHours, monday.Ready, len(monday.Entries.HourEntry)) == (
        Decimal("7.5"), Decimal("7.5"), True, 2)
    assert (tuesday.TotalHours, tuesday.Ready, days[2].TotalHours, days[2].Entries) == (2, False, 0, None)
    assert (saturday.TotalHours, saturday.ExpectedHours) == (1, 0)
    assert all(d.OvertimeAllowed is False and d.ReadOnly is False for d in days)
    org.seed({**ORG, "extra": {"expectedDailyHours": {"u-1": 8}}})
    short = org.zeep("IHourEntry").GetWorkDayInfoByDateRangeAndUserGUID("", MONDAY, MONDAY, "u-1", False, False)
    assert [(d.ExpectedHours, d.TotalHours) for d in short] == [(8, 0)]
    assert hours.GetWorkDayInfoByDateRangeAndUserGUID("", MONDAY, MONDAY, "u-2", False, False) is None
    assert len(hours.GetWorkDayInfoByDateRangeAndUserGUID("", MONDAY, MONDAY, "u-2", False, True)) == 1
    fault("GeneralFailureException", hours.GetWorkDayInfoByDateRangeAndUserGUID, "", MONDAY, MONDAY, "u-9",
          False, False)
    fault("GeneralFailureException", hours.GetWorkDayInfoByDateRangeAndUserGUID, "", datetime(2024, 1, 1),
          datetime(2025, 3, 1), "u-1", False, False)
    assert datetime(2025, 3, 3, 8, tzinfo=UTC) == org.clock.now()
