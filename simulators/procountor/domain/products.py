"""Products (the sales, purchase and travel product registers): create, replace, remove and search.

Invoice rows link to a product only through `productId`; `productCode` and `product` on a row are free text,
so nothing here touches invoices.
"""

from __future__ import annotations

from typing import Any

from simulators.procountor.domain.common import Query, batch_get, check_int32, keyset, page_of, validate, validated
from simulators.procountor.errors import ProcountorError, bad_request, error, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import ProcountorState

NOT_FOUND = "Product not found."
TRAVEL_NOT_REMOVABLE = "The product with product type TRAVEL cannot be removed."
GROUP_NOT_FOUND = "Product group not found."
TRAVEL_GROUP_NOT_REMOVABLE = "The product group with product type TRAVEL cannot be removed."
GROUP_IN_USE = "The product group cannot be removed, because it contains related products: {ids}"
READ_ONLY_FIELDS = ("id", "version")
TYPES = m.ProductTypeValues
DEFAULT_TYPES = ("SALES", "PURCHASE")
MAX_CODE_QUERY = 40


# ------------------------------------------------------------------------ views
def view(product: dict[str, Any], localizations: bool = True) -> dict[str, Any]:
    """A product as returned; localized names only when asked for (includeLocalizations)."""
    if localizations:
        return product
    return {k: v for k, v in product.items() if k != "productLocalizations"}


def find(state: ProcountorState, product_id: int) -> dict[str, Any]:
    product = state.products.get(product_id)
    if product is None:
        raise not_found(NOT_FOUND)
    return product


# ------------------------------------------------------------------------ validation
def _rules(state: ProcountorState, product: m.Product) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    status = None
    if product.vatStatus is not None:
        status = state.vat_statuses.get(product.vatStatus)
        if status is None:
            errs.append(error(400, f"Value of the 'vatStatus' field is invalid: {product.vatStatus}", "vatStatus"))
    if product.vat is not None:
        if float(product.vat) not in set(state.vat_percents):
            errs.append(error(400, f"Value of the 'vat' field is invalid: {product.vat}", "vat"))
        elif status is not None and status.zero_rated and product.vat != 0:
            errs.append(error(400, "ERROR_VATSTATUS_VATPERC", "vatStatus"))
    if product.startDate and product.endDate and product.endDate < product.startDate:
        errs.append(error(400, f"Value of the 'endDate' field is invalid: {product.endDate.isoformat()}", "endDate"))
    if product.productGroupId is not None:
        group = state.product_groups.get(product.productGroupId)
        if group is None or (group.get("type") and group["type"] != product.type):
            errs.append(error(400, f"Value of the 'productGroupId' field is invalid: {product.productGroupId}",
                              "productGroupId"))
    return errs


def _validated(state: ProcountorState, payload: Any) -> dict[str, Any]:
    return validated(m.Product, payload, lambda product: _rules(state, product), READ_ONLY_FIELDS)[1]


# ------------------------------------------------------------------------ writes
def create(state: ProcountorState, payload: Any) -> dict[str, Any]:
    data = _validated(state, payload)
    product_id = state.next_id("product", 5001)
    product = {"id": product_id, **data, "version": state.new_version()}
    state.products[product_id] = product
    return product


def replace(state: ProcountorState, product_id: int, payload: Any) -> dict[str, Any]:
    find(state, product_id)
    data = _validated(state, payload)
    product = {"id": product_id, **data, "version": state.new_version()}
    state.products[product_id] = product
    return product


def remove(state: ProcountorState, product_id: int) -> None:
    product = find(state, product_id)
    if product.get("type") == "TRAVEL":
        raise bad_request(TRAVEL_NOT_REMOVABLE)
    del state.products[product_id]


# ------------------------------------------------------------------------ search
def _group_ids(params: Any) -> set[int] | None:
    """`group` may repeat (group=1&group=2) or hold a comma list (group=1,2)."""
    values = params.getlist("group") if hasattr(params, "getlist") else [params.get("group")]
    ids: set[int] = set()
    for value in values:
        for part in (value or "").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 18:
                raise bad_request(f"Value of the 'group' field is invalid: {part}", "group")
            ids.add(int(part))
    return ids or None


def search(state: ProcountorState, params: Any) -> dict[str, Any]:
    """GET /products: name and code match by substring; without `type` only SALES and PURCHASE products."""
    q = Query(params)
    name = (q.text("name") or "").lower()
    code = q.text("code")
    if code is not None and len(code) > MAX_CODE_QUERY:
        raise bad_request(f"Value of the 'code' field is invalid: {code}", "code")
    code_key = (code or "").lower()
    types = q.choices("type", TYPES) or DEFAULT_TYPES
    active = q.boolean("active")
    groups = _group_ids(params)
    start, end = q.day("startDate"), q.day("endDate")
    version_start, version_end = q.stamp("versionStartDate"), q.stamp("versionEndDate")
    localizations = bool(q.boolean("includeLocalizations"))
    check_int32(q, "page", "previousId")
    page, size = q.paging()

    def keep(p: dict[str, Any]) -> bool:
        if p["type"] not in types:
            return False
        if name and name not in p.get("name", "").lower():
            return False
        if code_key and code_key not in (p.get("code") or "").lower():
            return False
        if active is not None and bool(p.get("active")) != active:
            return False
        if groups is not None and p.get("productGroupId") not in groups:
            return False
        if p["type"] == "TRAVEL":
            # travel products valid after `startDate` (expire after it) and before `endDate` (started before it)
            if start and p.get("endDate") and p["endDate"] < start.isoformat():
                return False
            if end and p.get("startDate") and p["startDate"] > end.isoformat():
                return False
        version = p.get("version", "")
        return not ((version_start and version < version_start) or (version_end and version > version_end))

    found = [p for p in state.products.values() if keep(p)]
    by_version = q.order("orderByVersion")
    if by_version:
        found.sort(key=lambda r: (r.get("version") or "", r["id"]), reverse=by_version == "DESC")
    else:
        found = keyset(found, q, default_order="ASC")
    return page_of(found, page, size, lambda p: view(p, localizations))


def get_many(state: ProcountorState, raw_ids: str, params: Any) -> Any:
    """GET /products/{ids}: one product, or a list for several ids (batch of up to 200)."""
    localizations = bool(Query(params).boolean("includeLocalizations"))
    return batch_get(state.products, raw_ids, NOT_FOUND, lambda p: view(p, localizations), skip_invalid=True)


# ------------------------------------------------------------------------ product groups
def find_group(state: ProcountorState, group_id: int) -> dict[str, Any]:
    group = state.product_groups.get(group_id)
    if group is None:
        raise not_found(GROUP_NOT_FOUND)
    return group


def groups(state: ProcountorState, params: Any) -> dict[str, Any]:
    """GET /products/groups: the groups of one type, or of SALES and PURCHASE when no type is given."""
    types = Query(params).choices("type", TYPES) or DEFAULT_TYPES
    found = [g for g in sorted(state.product_groups.values(), key=lambda g: g["id"]) if g.get("type") in types]
    return {"productGroups": found}


def _group_data(payload: Any) -> dict[str, Any]:
    group = validate(m.ProductGroup, payload)
    if not group.name.strip():
        raise bad_request("Value of the 'name' cannot be blank.", "name")
    return {"name": group.name, "type": group.type or "SALES"}


def create_group(state: ProcountorState, payload: Any) -> dict[str, Any]:
    data = _group_data(payload)
    group_id = state.next_id("productGroup", 1)
    group = {"id": group_id, **data}
    state.product_groups[group_id] = group
    return group


def rename_group(state: ProcountorState, group_id: int, payload: Any) -> dict[str, Any]:
    """PUT changes the name only: a group keeps its type, since its products are of that type."""
    group = find_group(state, group_id)
    group["name"] = _group_data(payload)["name"]
    return group


def remove_group(state: ProcountorState, group_id: int) -> None:
    group = find_group(state, group_id)
    if group.get("type") == "TRAVEL":
        raise bad_request(TRAVEL_GROUP_NOT_REMOVABLE)
    linked = sorted(p["id"] for p in state.products.values() if p.get("productGroupId") == group_id)
    if linked:
        raise ProcountorError(409, GROUP_IN_USE.format(ids=", ".join(str(i) for i in linked)))
    del state.product_groups[group_id]
