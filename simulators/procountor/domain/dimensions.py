"""Dimensions and their items (projects, cost centres, business units...).

Dimensions themselves only come from the company's set-up (the API cannot create one); items are created and
updated through the API. An item whose `status` is "P" is inactive (closed); an active item has no `status`.
That is how an integration closes or disables a project or cost centre (rule PC-09).
"""

from __future__ import annotations

from typing import Any

from simulators.procountor.domain.common import Query, validate
from simulators.procountor.errors import ProcountorError, bad_request, error, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import ProcountorState

NOT_FOUND = "Dimension not found."
NOT_FOUND_FOR_UPDATE = "Dimension could not be found."
ITEM_PARENT_NOT_FOUND = "Dimension item could not be found."
ITEM_NOT_FOUND = "Dimension or dimension item could not be found."
INACTIVE = "P"


def find(state: ProcountorState, dimension_id: int, missing: str = NOT_FOUND) -> dict[str, Any]:
    dimension = state.dimensions.get(dimension_id)
    if dimension is None:
        raise not_found(missing)
    return dimension


def listing(state: ProcountorState, params: Any) -> list[dict[str, Any]]:
    """GET /dimensions: a plain array; `name` and `codeName` match parts of names, ignoring case.

    With `codeName`, each dimension shows only its matching items, and dimensions without one are left out.
    """
    q = Query(params)
    name = (q.text("name") or "").lower()
    code = q.text("codeName")
    out = []
    for dim in sorted(state.dimensions.values(), key=lambda d: d["id"]):
        if name and name not in dim.get("name", "").lower():
            continue
        items = dim.get("items", [])
        if code is not None:
            items = [i for i in items if code.lower() in i.get("codeName", "").lower()]
            if not items:
                continue
        out.append({**dim, "items": list(items)})
    return out


def rename(state: ProcountorState, dimension_id: int, payload: Any) -> dict[str, Any]:
    dimension = find(state, dimension_id, NOT_FOUND_FOR_UPDATE)
    body = validate(m.DimensionName, payload)
    if not body.name.strip():
        raise bad_request("Value of the 'name' cannot be blank.", "name")
    dimension["name"] = body.name
    return {"name": body.name}


def _item_rules(dimension: dict[str, Any], item: m.DimensionItem, own_id: int | None) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    if not item.codeName.strip():
        errs.append(error(400, "Value of the 'codeName' cannot be blank.", "codeName"))
    elif any(i["codeName"] == item.codeName and i["id"] != own_id for i in dimension.get("items", [])):
        errs.append(error(400, f"Value of the 'codeName' field is invalid: {item.codeName} "
                               "(a dimension item with this code name already exists)", "codeName"))
    if item.status not in (None, "", INACTIVE):
        errs.append(error(400, f"Value of the 'status' field is invalid: {item.status}", "status"))
    return errs


def _item_record(item_id: int, item: m.DimensionItem) -> dict[str, Any]:
    record: dict[str, Any] = {"id": item_id, "codeName": item.codeName}
    if item.status == INACTIVE:
        record["status"] = INACTIVE
    if item.description is not None:
        record["description"] = item.description
    return record


def add_item(state: ProcountorState, dimension_id: int, payload: Any) -> dict[str, Any]:
    dimension = find(state, dimension_id, ITEM_PARENT_NOT_FOUND)
    item = validate(m.DimensionItem, payload)
    errs = _item_rules(dimension, item, None)
    if errs:
        raise ProcountorError(400, errs)
    record = _item_record(state.next_id("dimensionItem", 1001), item)
    dimension.setdefault("items", []).append(record)
    return record


def update_item(state: ProcountorState, dimension_id: int, payload: Any) -> dict[str, Any]:
    """PUT overwrites the item: no `status` makes it active again, no `description` removes it."""
    dimension = find(state, dimension_id, ITEM_NOT_FOUND)
    item = validate(m.DimensionItem, payload)
    if item.id is None:
        raise bad_request("Value of the 'id' cannot be blank.", "id")
    items = dimension.setdefault("items", [])
    index = next((n for n, i in enumerate(items) if i["id"] == item.id), None)
    if index is None:
        raise not_found(ITEM_NOT_FOUND)
    errs = _item_rules(dimension, item, item.id)
    if errs:
        raise ProcountorError(400, errs)
    record = _item_record(item.id, item)
    items[index] = record
    return record
