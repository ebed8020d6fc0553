"""The eEkonomi (eAccounting API v2) description as the contract tests read it, and what it leaves unsaid.

The vendor's OpenAPI 3.1.1 file is read in place (conformance/vendor.py finds the folder) and never copied.
Its paths are relative to the server `https://eaccountingapi.vismaonline.com/v2/`; the simulator lower-cases
the path under /v2 before routing (ASP.NET routes ignore case), so an operation counts as implemented when
the simulator's vendor app has a route with the same method and the same lower-cased template. That answer
comes from the app itself, never from a hand list, so the suite grows as routes land.

`contract_description` adds, as explicit and commented changes, what the vendor documents elsewhere or what
the simulator assumes (docs/eekonomi.md); no response schema is loosened beyond the date-time shape.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from hypothesis import strategies as st

from conformance.vendor import HTTP_METHODS, Operation, app_routes, spec_operations, template_key, vendor_file

EEKONOMI_SPEC = "eekonomi/visma_external_api.yaml"
SERVER_PATH = "/v2"  # the spec's server is https://eaccountingapi.vismaonline.com/v2/

# .NET writes a DateTime without a zone as "2026-01-15T00:00:00" (date fields) and a UTC one with "Z" (*Utc
# fields); research/eekonomi.md 4.1 (the offset is unverified). The description says only "format: date-time",
# which validators and generators read as RFC 3339 (always with an offset), so the copy names the vendor's
# shapes instead: an optional fraction of up to 7 digits (.NET ticks) and an optional offset, and for properties
# whose name ends in "Utc" the "Z" is required.
DATE_TIME = "eekonomi-date-time"
UTC_DATE_TIME = "eekonomi-utc-date-time"
DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$"
UTC_DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$"

# Path and query ids are GUIDs; generated ones almost never name a record, so their generator also draws the
# ids of the records the test company holds (see `id_strategy`). Responses keep "format: uuid".
REQUEST_ID = "eekonomi-request-id"

ERROR_SCHEMA = "#/components/schemas/CommonExtendedBadRequest"


# ------------------------------------------------------------------------ the description
@cache
def eekonomi_spec() -> dict[str, Any]:
    """The vendor's description, parsed once per process (PyYAML comes with Schemathesis); do not change it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with vendor_file(EEKONOMI_SPEC).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def route_key(path: str) -> str:
    """How a vendor path and a simulator route are compared: lower-cased, parameter names blanked."""
    return template_key(path.lower())


def implemented_operations(spec: dict[str, Any], app: Any) -> list[Operation]:
    """The vendor operations the simulator's app has a route for (same method, same lower-cased template)."""
    served = app_routes(app)
    return [(method, path) for method, path in spec_operations(spec) if (method, route_key(path)) in served]


def extra_api_routes(spec: dict[str, Any], app: Any) -> list[tuple[str, str]]:
    """API routes the description does not have (the identity server's paths are not API routes)."""
    known = {(method, route_key(path)) for method, path in spec_operations(spec)}
    identity = ("/connect/", "/account/", "/.well-known/")
    return sorted((method, path) for method, path in app_routes(app)
                  if (method, path) not in known and not path.startswith(identity))


def coverage_lines(spec: dict[str, Any], app: Any) -> list[str]:
    """Human-readable lines: how many vendor operations the simulator implements, and which."""
    total = len(spec_operations(spec))
    done = implemented_operations(spec, app)
    lines = [f"eEkonomi: {len(done)} of {total} vendor operations implemented ({100 * len(done) / total:.1f}%)"]
    lines += [f"  {method:6} {path}" for method, path in done]
    return lines


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA}}}}


def contract_description(spec: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the description with what it leaves out made explicit.

    - 404 (CommonExtendedBadRequest, ErrorCode 3000) on every operation with a path parameter: the file lists
      404 only on 35 of 228 operations, yet an unknown id has to be answered somehow; research/eekonomi.md 4.2
      ("use 404 with ErrorCode 3000"; an assumption, docs/eekonomi.md).
    - 400 on the few operations that take input but list no 400 (the vendor refuses unreadable input with 400
      everywhere else).
    - 401, 403 and 429 are NOT added: every generated call carries a valid token with all scopes, and the
      test company's rate limit is raised, so any of them is a real failure. Their bodies are checked by
      dedicated tests.
    - date-times in the vendor's .NET shapes (DATE_TIME, UTC_DATE_TIME); request ids drawn partly from the
      test company's records (REQUEST_ID).
    """
    patched = _date_times(copy.deepcopy(spec))
    for path, item in patched["paths"].items():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            params = [*shared, *op.get("parameters", [])]
            responses = op["responses"]
            if "{" in path:
                responses.setdefault("404", _error("No record with this id (assumed: 404 with ErrorCode 3000)."))
            if "requestBody" in op or any(p.get("in") == "query" for p in params):
                responses.setdefault("400", _error("The request could not be read."))
            for param in params:
                schema = param.get("schema", {})
                if param.get("in") in ("path", "query") and schema.get("format") == "uuid":
                    schema["format"] = REQUEST_ID
    return patched


def _date_times(node: Any, name: str = "") -> Any:
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            utc = name.endswith("Utc")
            node["format"] = UTC_DATE_TIME if utc else DATE_TIME
            node.setdefault("pattern", UTC_DATE_TIME_PATTERN if utc else DATE_TIME_PATTERN)
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop, schema in value.items():
                    _date_times(schema, prop)
            elif key == "parameters" and isinstance(value, list):
                for param in value:
                    _date_times(param, param.get("name", "") if isinstance(param, dict) else "")
            elif key == "schema" and isinstance(value, dict):
                _date_times(value, name)
            else:
                _date_times(value)
    elif isinstance(node, list):
        for value in node:
            _date_times(value)
    return node


# ------------------------------------------------------------------------ generators
def _moments() -> st.SearchStrategy[datetime]:
    """Mostly this century (dates a company uses), sometimes anywhere in .NET's DateTime range (0001..9999),
    whose edges are where date arithmetic breaks."""
    recent = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59))
    edges = st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31), datetime(9999, 12, 1), datetime(1, 1, 31)])
    return st.one_of(recent, edges, st.datetimes(max_value=datetime(9999, 12, 31, 23, 59, 59)))


def date_times() -> st.SearchStrategy[str]:
    """DATE_TIME values: whole days (as date fields are written) or whole seconds, without an offset."""
    days = _moments().map(lambda m: m.strftime("%Y-%m-%dT00:00:00"))
    return st.one_of(days, _moments().map(lambda m: m.strftime("%Y-%m-%dT%H:%M:%S")))


def utc_date_times() -> st.SearchStrategy[str]:
    return _moments().map(lambda m: m.strftime("%Y-%m-%dT%H:%M:%SZ"))


def id_strategy(known: list[str]) -> st.SearchStrategy[str]:
    """An id of a record of the test company about half the time, else a random GUID (lower case, as the
    simulator receives it after lower-casing the path)."""
    random_ids = st.uuids().map(str)
    return st.one_of(st.sampled_from(sorted(known)), random_ids) if known else random_ids


def register_formats(known_ids: Callable[[], list[str]]) -> None:
    """Register the generators of this module's formats; the ids are asked for on first use (the company that
    holds them is made lazily, so a collection run makes none)."""
    import schemathesis

    schemathesis.openapi.format(DATE_TIME, date_times())
    schemathesis.openapi.format(UTC_DATE_TIME, utc_date_times())
    schemathesis.openapi.format(REQUEST_ID, st.deferred(lambda: id_strategy(known_ids())))


# ------------------------------------------------------------------------ sizes and shapes
def response_ref(spec: dict[str, Any], method: str, path: str, status: str = "200") -> str | None:
    """The component name of an operation's JSON answer ("PaginatedResponseOfCustomerApi"), if it names one."""
    answer = spec["paths"][path][method.lower()]["responses"].get(status, {})
    ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return ref.rsplit("/", 1)[1] if ref else None


def item_model(spec: dict[str, Any], paginated: str) -> str | None:
    """The record model of a paginated answer: PaginatedResponseOfCustomerApi -> CustomerApi."""
    schema = spec["components"]["schemas"].get(paginated, {})
    ref = schema.get("properties", {}).get("Data", {}).get("items", {}).get("$ref", "")
    return ref.rsplit("/", 1)[1] if ref else None


def list_and_item_operations(spec: dict[str, Any], operations: list[Operation]) -> list[tuple[str, str | None]]:
    """(list path, by-id path or None) for every implemented paginated GET without path parameters; the by-id
    path is an implemented GET `{list}/{param}` answering the list's record model (so /accounts/{fiscalyearId},
    itself a list, is not taken for a by-id read)."""
    implemented = set(operations)
    pairs: list[tuple[str, str | None]] = []
    for method, path in operations:
        if method != "GET" or "{" in path:
            continue
        paginated = response_ref(spec, method, path)
        model = item_model(spec, paginated) if paginated else None
        if model is None:
            continue
        by_id = next((p for m, p in implemented if m == "GET" and p.startswith(path + "/{") and p.count("/") ==
                      path.count("/") + 1 and response_ref(spec, "GET", p) == model), None)
        pairs.append((path, by_id))
    return pairs
