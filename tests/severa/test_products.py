"""IProduct (products and travel expenses), IProductCategory and IWorkType through zeep and raw envelopes:
registers with and without codes (VA-08, VA-10, PC-07, PC-08), lookups by code, changed-since options."""

from __future__ import annotations

from datetime import datetime

import pytest

from simulators.testing import is_nil
from simulators.testing import severa_fault as raw_fault
from simulators.testing import severa_result as result
from simulators.testing import zeep_severa_fault as fault

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

ORG = {
    "ProductCategory": [{"GUID": "pc-1", "Code": "HW", "Name": "Hardware", "IsActive": True, "IsDefault": True}],
    "Product": [{"GUID": "p-1", "Code": "LIC", "Name": "Licence", "IsActive": True, "UnitPrice": 120,
                 "UnitCost": 80.5, "VAT": 25.5, "MeasurementUnit": "pcs", "ProductCategoryGUID": "pc-1"},
                {"GUID": "p-old", "Code": "OLD", "Name": "Retired", "IsActive": False},
                {"GUID": "p-nocode", "Name": "Misc without code", "IsActive": True}],
    "TravelExpense": [{"GUID": "te-km", "Code": "KM", "Name": "Mileage", "IsActive": True, "UnitPrice": 0.59,
                       "MeasurementUnit": "km", "ExpenseClass": "Mileage"},
                      {"GUID": "te-nocode", "Name": "Parking", "IsActive": True}],
    "WorkType": [{"GUID": "wt-dev", "Code": "DEV", "Name": "Development", "IsActive": True, "IsDefault": True,
                  "IsProductive": True},
                 {"GUID": "wt-nocode", "Name": "Meetings", "IsActive": True, "IsProductive": False},
                 {"GUID": "wt-off", "Code": "OFF", "Name": "Retired work", "IsActive": False}],
    "CostAccount": [{"GUID": "ca-1", "Name": "Licences", "Number": "4010", "IsActive": True},
                    {"GUID": "ca-travel", "Name": "Travel", "Number": "7300", "IsActive": True,
                     "IsTravelTypeDefault": True}],
    "Account": [{"GUID": "acc-1", "Name": "Acme Oy", "IsActive": True}],
    "User": [{"GUID": "u-1", "Code": "AL", "IsActive": True}],
    "extra": {"productCostAccounts": {"P-1": ["CA-1"]}},
}


@pytest.fixture
def org(severa):
    severa.clock.freeze("2025-03-03T08:00:00Z")
    severa.seed(ORG)
    return severa





# ---------------------------------------------------------------------- products
def test_product_lookups_by_guid_and_code(org):
    products = org.zeep("IProduct")
    found = products.GetProductByCode("lic")  # codes compare case-insensitively
    assert (found.GUID, found.Name, found.UnitPrice, found.UnitCost, found.ProductCategoryGUID) == (
        "p-1", "Licence", 120, pytest.approx(80.5), "pc-1")
    assert str(found.VAT) == "25.5"
    assert products.GetProductByGUID("P-1").Code == "LIC"
    assert fault("NotFoundException", products.GetProductByCode, "OLD") == "Product with code 'OLD' was not found."
    assert products.GetProductByCodeIncludeInactive("old").GUID == "p-old"
    fault("NotFoundException", products.GetProductByCode, "")
    fault("NotFoundException", products.GetProductByCodeIncludeInactive, "NOPE")
    fault("NotFoundException", products.GetProductByGUID, "nope")
    assert raw_fault(org.soap("IProduct", "GetProductByCode", "<productCode>NOPE</productCode>")) == (
        "NotFoundException", "Product with code 'NOPE' was not found.")


def test_a_product_without_code_is_stored_and_returned_with_a_null_code(org):
    """VA-08/PC-07: the default article code is the engine's business; Severa keeps the code empty."""
    products = org.zeep("IProduct")
    first = products.AddNewProduct({"Name": "Consulting package", "UnitPrice": "950.00"})
    second = products.AddNewProduct({"Name": "Another one", "Code": "  "})  # blank is no code
    assert first.Code is None and second.Code is None and first.IsActive is True
    product = result(org.soap("IProduct", "GetProductByGUID", f"<productGUID>{first.GUID}</productGUID>"),
                     "GetProductByGUID")
    assert product.find(f"{{{ENT}}}Code").get(XSI_NIL) == "true"
    assert product.findtext(f"{{{ENT}}}UnitPrice") == "950.00"
    assert [child.tag.split("}")[1] for child in product][:3] == ["Code", "Description", "GUID"]  # base first
    assert {p["GUID"] for p in org.export()["Product"]} >= {first.GUID, second.GUID}


def test_product_codes_are_unique_and_names_required(org):
    products = org.zeep("IProduct")
    assert fault("ValidationException", products.AddNewProduct, {"Name": "Clash", "Code": "lic"}) == (
        "Code: a product with the code 'lic' already exists.")
    assert fault("ValidationException", products.AddNewProduct, {"Code": "NEW"}) == "Name is required."
    fault("ValidationException", products.AddNewProduct, {"Name": "X", "ProductCategoryGUID": "pc-9"})
    products.AddNewProduct({"Name": "Same code as a travel expense", "Code": "KM"})  # another register
    fault("ValidationException", products.UpdateProduct, {"GUID": "p-nocode", "Code": "OLD"})  # inactive too
    reply = org.soap("IProduct", "AddNewProduct",
                     f'<productInfo xmlns:a="{ENT}"><a:Code>LIC</a:Code><a:Name>Raw clash</a:Name></productInfo>')
    assert raw_fault(reply)[0] == "ValidationException"


def test_update_and_delete_products(org):
    products = org.zeep("IProduct")
    updated = products.UpdateProduct({"GUID": "p-1", "UnitPrice": "130.00", "IsActive": False})
    assert (updated.UnitPrice, updated.IsActive, updated.Name, updated.Code) == (130, False, "Licence", "LIC")
    fault("NotFoundException", products.GetProductByCode, "LIC")
    fault("NotFoundException", products.UpdateProduct, {"GUID": "nope", "Name": "x"})
    org.seed({**ORG, "Case": [{"GUID": "c-1", "Name": "Case", "AccountGUID": "acc-1"}],
              "Item": [{"GUID": "i-1", "CaseGUID": "c-1", "ProductGUID": "p-1", "Quantity": 1,
                        "UnitPriceInBaseCurrency": 120}]})
    assert fault("ValidationException", products.DeleteProduct, "p-1").startswith("Product 'Licence' is in use")
    assert products.DeleteProduct("p-nocode") is True
    fault("NotFoundException", products.GetProductByGUID, "p-nocode")
    fault("NotFoundException", products.DeleteProduct, "p-nocode")


def test_products_changed_since_with_options(org):
    products = org.zeep("IProduct")
    assert sorted(p.GUID for p in products.GetProductsChangedSince("2025-01-01T00:00:00", 0)) == [
        "p-1", "p-nocode"]  # active only
    assert len(products.GetProductsChangedSince("2025-01-01T00:00:00", 2)) == 3  # IncludeInactive
    org.clock.advance(60)
    mark = org.clock.now()
    assert products.GetProductsChangedSince(mark, 2) is None
    products.UpdateProduct({"GUID": "p-old", "Description": "still retired"})
    added = products.AddNewProduct({"Name": "Fresh", "Code": "FRESH"})
    assert [p.GUID for p in products.GetProductsChangedSince(mark, 0)] == [added.GUID]
    assert sorted(p.GUID for p in products.GetProductsChangedSince(mark, 2)) == sorted(["p-old", added.GUID])
    assert [p.GUID for p in products.GetProductsChangedSince(mark, 1 | 2)] == [added.GUID]  # NewOnly


def test_product_cost_account_associations(org):
    products = org.zeep("IProduct")
    assert [a.Number for a in products.GetProductCostAccountAssociationsByGUID("p-1", False)] == ["4010"]
    assert [a.Number for a in products.GetProductCostAccountAssociationsByGUID("p-1", True)] == ["4010", "7300"]
    assert products.GetProductCostAccountAssociationsByGUID("p-nocode", False) is None
    assert [a.Name for a in products.GetProductCostAccountAssociationsByGUID("te-km", True)] == ["Travel"]
    fault("NotFoundException", products.GetProductCostAccountAssociationsByGUID, "nope", False)


# ---------------------------------------------------------------------- travel expenses
def test_travel_expenses_with_and_without_codes(org):
    products = org.zeep("IProduct")
    km = products.GetTravelExpenseByCode("km")
    assert (km.GUID, km.ExpenseClass, km.MeasurementUnit, str(km.UnitPrice)) == ("te-km", "Mileage", "km", "0.59")
    assert products.GetTravelExpenseByGUID("te-nocode").Code is None
    fault("NotFoundException", products.GetTravelExpenseByCode, "LIC")  # products are another register
    added = products.AddNewTravelExpense({"Name": "Daily allowance", "Code": "DA", "ExpenseClass": "Allowance",
                                          "UnitPrice": "48.00"})
    no_code = products.AddNewTravelExpense({"Name": "Taxi"})
    assert no_code.Code is None and added.IsActive is True
    fault("ValidationException", products.AddNewTravelExpense, {"Name": "Clash", "Code": "KM"})
    products.UpdateTravelExpense({"GUID": added.GUID, "IsActive": False})
    fault("NotFoundException", products.GetTravelExpenseByCode, "DA")
    assert products.GetTravelExpenseByCodeIncludeInactive("DA").GUID == added.GUID
    fault("NotFoundException", products.UpdateTravelExpense, {"GUID": "nope", "Name": "x"})
    exported = org.export()
    assert {t["GUID"] for t in exported["TravelExpense"]} == {"te-km", "te-nocode", added.GUID, no_code.GUID}
    assert added.GUID not in {p["GUID"] for p in exported["Product"]}
    assert products.DeleteTravelExpense(no_code.GUID) is True
    fault("NotFoundException", products.DeleteTravelExpense, no_code.GUID)
    fault("NotFoundException", products.GetTravelExpenseByGUID, "p-1")


def test_travel_expenses_changed_since(org):
    products = org.zeep("IProduct")
    assert sorted(t.GUID for t in products.GetTravelExpensesChangedSince("2025-01-01T00:00:00", 0)) == [
        "te-km", "te-nocode"]
    org.clock.advance(5)
    mark = org.clock.now()
    products.UpdateTravelExpense({"GUID": "te-km", "UnitPrice": "0.61"})
    assert [t.GUID for t in products.GetTravelExpensesChangedSince(mark, 0)] == ["te-km"]
    assert products.GetTravelExpensesChangedSince(mark, 1) is None
    reply = org.soap("IProduct", "GetTravelExpensesChangedSince",
                     f"<startDateTime>{mark.isoformat()}</startDateTime><options>0</options>")
    travel = result(reply, "GetTravelExpensesChangedSince")
    assert [e.findtext(f"{{{ENT}}}UnitPrice") for e in travel] == ["0.61"]


# ---------------------------------------------------------------------- product categories
def test_product_categories(org):
    categories = org.zeep("IProductCategory")
    assert categories.GetProductCategoryByCode("hw").GUID == "pc-1"
    assert is_nil(categories.GetProductCategoryByCode("NOPE"))  # no NotFound declared: null
    assert categories.GetProductCategoryByGUID("pc-1").IsDefault is True
    fault("NotFoundException", categories.GetProductCategoryByGUID, "nope")
    org.clock.advance(5)
    mark = org.clock.now()
    services = categories.AddNewProductCategory({"Name": "Services", "Code": "SRV", "IsDefault": True})
    assert services.IsActive is True
    assert categories.GetProductCategoryByGUID("pc-1").IsDefault is False  # one default
    no_code = categories.AddNewProductCategory({"Name": "Uncoded"})
    assert no_code.Code is None
    fault("ValidationException", categories.AddNewProductCategory, {"Name": "Clash", "Code": "srv"})
    renamed = categories.UpdateProductCategory({"GUID": services.GUID, "Name": "Services & support"})
    assert (renamed.Name, renamed.Code) == ("Services & support", "SRV")
    assert sorted(c.Name for c in categories.GetProductCategoriesChangedSince(mark, 0)) == [
        "Hardware", "Services & support", "Uncoded"]  # pc-1 lost its default flag
    assert sorted(c.Name for c in categories.GetProductCategoriesChangedSince(mark, 1)) == [
        "Services & support", "Uncoded"]
    categories.UpdateProductCategory({"GUID": no_code.GUID, "IsActive": False})
    assert sorted(c.Name for c in categories.GetProductCategoriesChangedSince(mark, 1)) == ["Services & support"]
    assert len(categories.GetProductCategoriesChangedSince(mark, 3)) == 2
    fault("ValidationException", categories.DeleteProductCategory, "pc-1")  # used by Licence
    assert categories.DeleteProductCategory(no_code.GUID) is True
    fault("NotFoundException", categories.DeleteProductCategory, no_code.GUID)
    fault("NotFoundException", categories.UpdateProductCategory, {"GUID": "nope", "Name": "x"})
    reply = org.soap("IProductCategory", "GetProductCategoryByCode", "<productCategoryCode>NOPE</productCategoryCode>")
    assert result(reply, "GetProductCategoryByCode") is None or result(
        reply, "GetProductCategoryByCode").get(XSI_NIL) == "true"


# ---------------------------------------------------------------------- work types
def test_work_types_with_and_without_codes(org):
    work_types = org.zeep("IWorkType")
    assert [(w.Code, w.IsActive) for w in work_types.GetAllWorkTypes()] == [
        ("DEV", True), (None, True), ("OFF", False)]
    assert work_types.GetWorkTypeByGUID("wt-nocode").Code is None
    fault("NotFoundException", work_types.GetWorkTypeByGUID, "nope")
    added = work_types.AddNewWorkType({"Name": "Support"})
    assert (added.Code, added.IsActive, added.IsDefault, added.IsProductive) == (None, True, False, True)
    fault("ValidationException", work_types.AddNewWorkType, {"Name": "Clash", "Code": "dev"})
    fault("ValidationException", work_types.AddNewWorkType, {"Code": "X"})
    new_default = work_types.UpdateWorkType({"GUID": added.GUID, "Code": "SUP", "IsDefault": True})
    assert (new_default.Code, new_default.IsDefault, new_default.Name) == ("SUP", True, "Support")
    assert work_types.GetWorkTypeByGUID("wt-dev").IsDefault is False
    fault("NotFoundException", work_types.UpdateWorkType, {"GUID": "nope", "Name": "x"})


def test_work_types_changed_since(org):
    work_types = org.zeep("IWorkType")
    assert len(work_types.GetWorkTypesChangedSince("2025-01-01T00:00:00", 0)) == 2
    assert len(work_types.GetWorkTypesChangedSince("2025-01-01T00:00:00", 2)) == 3
    org.clock.advance(5)
    mark = org.clock.now()
    work_types.UpdateWorkType({"GUID": "wt-nocode", "Name": "Meetings and calls"})
    added = work_types.AddNewWorkType({"Name": "Travel time", "Code": "TRV"})
    assert [w.Name for w in work_types.GetWorkTypesChangedSince(mark, 0)] == ["Meetings and calls", "Travel time"]
    assert [w.GUID for w in work_types.GetWorkTypesChangedSince(mark, 1)] == [added.GUID]


def test_work_types_by_phase_and_by_hour_entry(org):
    org.seed({**ORG, "extra": {"phaseWorkTypes": {"ph-2": ["wt-nocode"]}},
              "Case": [{"GUID": "c-1", "Name": "Case", "AccountGUID": "acc-1", "RootTaskGUID": "ph-1"}],
              "Phase": [{"GUID": "ph-1", "CaseGUID": "c-1", "Name": "Case"},
                        {"GUID": "ph-2", "CaseGUID": "c-1", "Name": "Meetings only", "ParentPhaseGUID": "ph-1"}],
              "HourEntry": [{"GUID": "h-1", "CaseGUID": "c-1", "PhaseGUID": "ph-1", "UserGUID": "u-1",
                             "WorkTypeGUID": "wt-dev", "EventDate": "2025-03-03T00:00:00", "Quantity": 2},
                            {"GUID": "h-2", "CaseGUID": "c-1", "PhaseGUID": "ph-1", "UserGUID": "u-1",
                             "EventDate": "2025-03-03T00:00:00", "Quantity": 1}]})
    work_types = org.zeep("IWorkType")
    assert [w.GUID for w in work_types.GetWorkTypesByPhaseGUID("ph-1")] == ["wt-dev", "wt-nocode"]  # all active
    assert [w.GUID for w in work_types.GetWorkTypesByPhaseGUID("PH-2")] == ["wt-nocode"]  # linked ones
    fault("NotFoundException", work_types.GetWorkTypesByPhaseGUID, "nope")
    assert work_types.GetWorkTypeByHourGUID("h-1").Code == "DEV"
    fault("NotFoundException", work_types.GetWorkTypeByHourGUID, "h-2")  # no work type on it
    fault("NotFoundException", work_types.GetWorkTypeByHourGUID, "nope")
    entry = org.zeep("IHourEntry").AddNewHourEntry({"UserGUID": "u-1", "PhaseGUID": "ph-2", "Quantity": 1,
                                                    "EventDate": datetime(2025, 3, 4)})
    assert work_types.GetWorkTypeByHourGUID(entry.GUID).GUID == "wt-nocode"  # the phase's only work type
