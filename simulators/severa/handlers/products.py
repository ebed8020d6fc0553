"""IProduct (products and travel expenses), IProductCategory and IWorkType: the article registers.

Codes may be missing on all of them (VA-08/PC-07: the engine then uses its default article code); a code
that is set is unique within its register and compares case-insensitively. Products are stored under kind
"Product", travel expenses under "TravelExpense" (both derive from ProductBase).

Operation-specific stores in `state.extra`: "productCostAccounts" {productGUID: [costAccountGUID]} and
"phaseWorkTypes" {phaseGUID: [workTypeGUID]}.
"""

from __future__ import annotations

from typing import Any

from simulators.severa.faults import NotFound, ValidationFailure
from simulators.severa.handlers.cases import (
    INCLUDE_INACTIVE,
    NEW_ONLY,
    Record,
    changed_since,
    code_key,
    entity_param,
    every,
    find,
    get_phase,
    key,
    linked,
    merged,
    remove,
    same,
    save,
    visible_through_case,
)
from simulators.severa.service import handles
from simulators.severa.state import SeveraState

LABEL = {"Product": "Product", "TravelExpense": "Travel expense", "ProductCategory": "Product category",
         "WorkType": "Work type"}


# ---------------------------------------------------------------------- one register, whatever its kind
def by_guid(state: SeveraState, kind: str, guid: str | None) -> Record:
    record = find(state, kind, guid)
    if record is None:
        raise NotFound(f"{LABEL[kind]} with GUID {guid} was not found.")
    return record


def by_code(state: SeveraState, kind: str, code: str | None, include_inactive: bool = False) -> Record | None:
    if not code_key(code):
        return None
    return next((r for r in every(state, kind) if code_key(r.get("Code")) == code_key(code)
                 and (include_inactive or r.get("IsActive") is not False)), None)


def _check(state: SeveraState, kind: str, record: Record) -> None:
    if not (record.get("Name") or "").strip():
        raise ValidationFailure("Name is required.")
    code = record.get("Code")
    if code is not None and not code.strip():
        record["Code"] = code = None
    if code is not None and any(code_key(r.get("Code")) == code_key(code) and not same(r["GUID"], record.get("GUID"))
                                for r in every(state, kind)):
        raise ValidationFailure(f"Code: a {LABEL[kind].lower()} with the code '{code}' already exists.")
    for field, ref in (("ProductCategoryGUID", "ProductCategory"), ("CostCurrencyGUID", "Currency")):
        if key(record.get(field)) and find(state, ref, record[field]) is None:
            raise ValidationFailure(f"{field}: {ref} {record[field]} was not found.")


def _only_default(state: SeveraState, kind: str, record: Record) -> None:
    """One default per register: a new default takes the flag from the old one."""
    if record.get("IsDefault"):
        for other in every(state, kind):
            if other.get("IsDefault") and not same(other["GUID"], record["GUID"]):
                other["IsDefault"] = False
                save(state, kind, other)


def add(state: SeveraState, kind: str, value: Any, param: str, defaults: dict[str, Any]) -> Record:
    record = entity_param(value, param)
    if key(record.get("GUID")) and find(state, kind, record["GUID"]) is not None:
        raise ValidationFailure(f"A {LABEL[kind].lower()} with GUID {record['GUID']} already exists.")
    _check(state, kind, record)
    for name, default in defaults.items():
        record.setdefault(name, default)
    save(state, kind, record, new=True)
    _only_default(state, kind, record)
    return record


def update(state: SeveraState, kind: str, value: Any, param: str) -> Record:
    incoming = entity_param(value, param)
    stored = by_guid(state, kind, incoming.get("GUID"))
    updated = merged(stored, incoming)
    _check(state, kind, updated)
    stored.update(updated)
    save(state, kind, stored)
    _only_default(state, kind, stored)
    return stored


def delete(state: SeveraState, kind: str, guid: str | None, used_by: list[tuple[str, str]]) -> bool:
    record = by_guid(state, kind, guid)
    for other_kind, field in used_by:
        if any(same(r.get(field), record["GUID"]) for r in state.all(other_kind)):
            raise ValidationFailure(f"{LABEL[kind]} '{record.get('Name')}' is in use ({other_kind}) and cannot be "
                                    "deleted; inactivate it instead.")
    remove(state, kind, record["GUID"])
    return True


def changed(state: SeveraState, kind: str, since: Any, options: int | None) -> list[Record]:
    """ProductGetOptions / ProductCategoryGetOptions: NewOnly 1, IncludeInactive 2 (else active only)."""
    flags = options or 0
    return [r for r in changed_since(state, kind, since, new_only=bool(flags & NEW_ONLY))
            if flags & INCLUDE_INACTIVE or r.get("IsActive") is not False]


ARTICLE_DEFAULTS = {"IsActive": True, "UseInWorkTimeEntry": False}


# ---------------------------------------------------------------------- products
@handles("GetProductByGUID")
def get_product(state: SeveraState, productGUID: str | None) -> Record:
    return by_guid(state, "Product", productGUID)


@handles("GetProductByCode")
def get_product_by_code(state: SeveraState, productCode: str | None) -> Record:
    """Active products only; an unknown code is a NotFound fault (the operation declares one)."""
    found = by_code(state, "Product", productCode)
    if found is None:
        raise NotFound(f"Product with code '{productCode}' was not found.")
    return found


@handles("GetProductByCodeIncludeInactive")
def get_product_by_code_incl(state: SeveraState, productCode: str | None) -> Record:
    found = by_code(state, "Product", productCode, include_inactive=True)
    if found is None:
        raise NotFound(f"Product with code '{productCode}' was not found.")
    return found


@handles("AddNewProduct")
def add_product(state: SeveraState, productInfo: Any) -> Record:
    return add(state, "Product", productInfo, "productInfo", ARTICLE_DEFAULTS)


@handles("UpdateProduct")
def update_product(state: SeveraState, productInfo: Any) -> Record:
    return update(state, "Product", productInfo, "productInfo")


@handles("DeleteProduct")
def delete_product(state: SeveraState, productGUID: str | None) -> bool:
    deleted = delete(state, "Product", productGUID, [("Item", "ProductGUID")])
    state.extra.get("productCostAccounts", {}).pop(key(productGUID), None)
    return deleted


@handles("GetProductsChangedSince")
def get_products_changed_since(state: SeveraState, startDateTime: Any, options: int | None) -> list[Record]:
    return changed(state, "Product", startDateTime, options)


@handles("GetProductCostAccountAssociationsByGUID")
def get_cost_accounts(state: SeveraState, productGUID: str | None, includeDefault: bool | None) -> list[Record]:
    """The cost accounts linked to a product or travel expense; includeDefault adds the travel-type default
    cost accounts (CostAccount.IsTravelTypeDefault)."""
    article = find(state, "Product", productGUID) or find(state, "TravelExpense", productGUID)
    if article is None:
        raise NotFound(f"Product with GUID {productGUID} was not found.")
    guids = linked(state, "productCostAccounts", article["GUID"])
    found = [a for a in (find(state, "CostAccount", g) for g in guids) if a is not None]
    if includeDefault:
        found += [a for a in every(state, "CostAccount")
                  if a.get("IsTravelTypeDefault") and not any(same(a["GUID"], f["GUID"]) for f in found)]
    return found


# ---------------------------------------------------------------------- travel expenses
@handles("GetTravelExpenseByGUID")
def get_travel_expense(state: SeveraState, travelExpenseGUID: str | None) -> Record:
    return by_guid(state, "TravelExpense", travelExpenseGUID)


@handles("GetTravelExpenseByCode")
def get_travel_expense_by_code(state: SeveraState, travelExpenseCode: str | None) -> Record:
    found = by_code(state, "TravelExpense", travelExpenseCode)
    if found is None:
        raise NotFound(f"Travel expense with code '{travelExpenseCode}' was not found.")
    return found


@handles("GetTravelExpenseByCodeIncludeInactive")
def get_travel_expense_by_code_incl(state: SeveraState, travelExpenseCode: str | None) -> Record:
    found = by_code(state, "TravelExpense", travelExpenseCode, include_inactive=True)
    if found is None:
        raise NotFound(f"Travel expense with code '{travelExpenseCode}' was not found.")
    return found


@handles("AddNewTravelExpense")
def add_travel_expense(state: SeveraState, travelExpenseInfo: Any) -> Record:
    return add(state, "TravelExpense", travelExpenseInfo, "travelExpenseInfo", ARTICLE_DEFAULTS)


@handles("UpdateTravelExpense")
def update_travel_expense(state: SeveraState, travelExpenseInfo: Any) -> Record:
    return update(state, "TravelExpense", travelExpenseInfo, "travelExpenseInfo")


@handles("DeleteTravelExpense")
def delete_travel_expense(state: SeveraState, travelExpenseGUID: str | None) -> bool:
    deleted = delete(state, "TravelExpense", travelExpenseGUID, [("Item", "ProductGUID")])
    state.extra.get("productCostAccounts", {}).pop(key(travelExpenseGUID), None)
    return deleted


@handles("GetTravelExpensesChangedSince")
def get_travel_expenses_changed_since(state: SeveraState, startDateTime: Any, options: int | None) -> list[Record]:
    return changed(state, "TravelExpense", startDateTime, options)


# ---------------------------------------------------------------------- product categories
@handles("GetProductCategoryByGUID")
def get_product_category(state: SeveraState, productCategoryGUID: str | None) -> Record:
    return by_guid(state, "ProductCategory", productCategoryGUID)


@handles("GetProductCategoryByCode")
def get_product_category_by_code(state: SeveraState, productCategoryCode: str | None) -> Record | None:
    """No NotFound fault is declared: an unknown code gives a null result (inactive ones included)."""
    return by_code(state, "ProductCategory", productCategoryCode, include_inactive=True)


@handles("AddNewProductCategory")
def add_product_category(state: SeveraState, productCategoryInfo: Any) -> Record:
    return add(state, "ProductCategory", productCategoryInfo, "productCategoryInfo",
               {"IsActive": True, "IsDefault": False})


@handles("UpdateProductCategory")
def update_product_category(state: SeveraState, productCategoryInfo: Any) -> Record:
    return update(state, "ProductCategory", productCategoryInfo, "productCategoryInfo")


@handles("DeleteProductCategory")
def delete_product_category(state: SeveraState, productCategoryGUID: str | None) -> bool:
    return delete(state, "ProductCategory", productCategoryGUID, [("Product", "ProductCategoryGUID")])


@handles("GetProductCategoriesChangedSince")
def get_product_categories_changed_since(state: SeveraState, startDateTime: Any, options: int | None) -> list[Record]:
    return changed(state, "ProductCategory", startDateTime, options)


# ---------------------------------------------------------------------- work types
@handles("GetWorkTypeByGUID")
def get_work_type(state: SeveraState, workTypeGUID: str | None) -> Record:
    return by_guid(state, "WorkType", workTypeGUID)


@handles("GetWorkTypeByHourGUID")
def get_work_type_by_hour(state: SeveraState, hourGUID: str | None) -> Record:
    """The work type of an hour entry (HourEntry.WorkTypeGUID)."""
    entry = find(state, "HourEntry", hourGUID)
    if entry is None or not visible_through_case(state, entry):
        raise NotFound(f"Hour entry with GUID {hourGUID} was not found.")
    if not key(entry.get("WorkTypeGUID")):
        raise NotFound(f"Hour entry {entry['GUID']} has no work type.")
    return by_guid(state, "WorkType", entry["WorkTypeGUID"])


def phase_work_types(state: SeveraState, phase_guid: str) -> list[Record]:
    """The work types linked to a phase (extra["phaseWorkTypes"]); every active one when none is linked."""
    found = [w for w in (find(state, "WorkType", g) for g in linked(state, "phaseWorkTypes", phase_guid)) if w]
    return found or [w for w in every(state, "WorkType") if w.get("IsActive") is not False]


@handles("GetWorkTypesByPhaseGUID")
def get_work_types_by_phase(state: SeveraState, phaseGUID: str | None) -> list[Record]:
    phase = get_phase(state, phaseGUID)  # NotFound for an unknown (or invisible) phase
    return phase_work_types(state, phase["GUID"])


@handles("GetAllWorkTypes")
def get_all_work_types(state: SeveraState) -> list[Record]:
    """Active and inactive ones (IsActive tells them apart)."""
    return every(state, "WorkType")


@handles("AddNewWorkType")
def add_work_type(state: SeveraState, workTypeInfo: Any) -> Record:
    return add(state, "WorkType", workTypeInfo, "workTypeInfo",
               {"IsActive": True, "IsDefault": False, "IsProductive": True})


@handles("UpdateWorkType")
def update_work_type(state: SeveraState, workTypeInfo: Any) -> Record:
    return update(state, "WorkType", workTypeInfo, "workTypeInfo")


@handles("GetWorkTypesChangedSince")
def get_work_types_changed_since(state: SeveraState, startDateTime: Any, options: int | None) -> list[Record]:
    """WorkTypeGetOptions (assumed like ProductGetOptions): NewOnly 1, IncludeInactive 2."""
    return changed(state, "WorkType", startDateTime, options)
