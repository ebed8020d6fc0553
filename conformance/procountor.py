"""What the Procountor 26.04 description leaves out, told to Schemathesis as explicit, commented additions.

The reconstructed description (shared/vendor/procountor/README.txt) keeps the vendor's paths, bodies and
business answers, but not everything Procountor is documented to do. Each addition below names its source.
No response schema is loosened: the added statuses use the vendor's own ErrorMessages, and date-times are
checked against Procountor's local shape instead of RFC 3339.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from conformance.vendor import HTTP_METHODS

# Procountor's date-times are local, "2017-01-30T15:20:00", with no offset ([doc] dev.procountor.com/api-requests,
# research/procountor.md 4); the vendor's own examples also drop the seconds ("2016-08-31T00:00") and the simulator
# stamps versions with milliseconds. The description says only "format: date-time", which generators read as
# RFC 3339 (always with an offset), so the copy names the vendor's shape: generated values are Procountor's, and
# answers are checked against the same pattern.
LOCAL_DATE_TIME = "procountor-local-date-time"
LOCAL_DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$"

PAGING = {"page": {"minimum": 0}, "size": {"minimum": 1, "maximum": 200}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorMessages"}}}}


def contract_description(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the description with Procountor's documented behaviour added.

    - 401 on every operation that needs a token: the file declares no 401 anywhere, yet a missing, invalid or
      expired token gets {"errors":[{"status":401,"message":"Unauthorized"}]} (research/procountor.md 3.4).
    - 400 on every operation that takes input (a body or query parameters): 400 in the ErrorMessages envelope
      is how Procountor refuses input it cannot read (research 5), also where the file lists only the business
      answers (PUT /invoices/{id}/approve and /verify take a JSON body but declare no 400).
    - Paging is the same on every list (research 4): `page` is 0-based and `size` 1..200, also where the file
      leaves the bounds out (GET /attachments, /bankaccounts).
    - An empty optional query parameter (`?versionStartDate=`) is an absent one, as Java web frameworks (Spring's
      converters) read an empty value of a non-required parameter as null (assumption). A required one cannot be
      blank.
    - Numeric path and query parameters are integer ids (`_id_numbers`).
    - Local date-times (LOCAL_DATE_TIME).
    """
    patched = _local_date_times(copy.deepcopy(spec))
    for item in patched["paths"].values():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = op["responses"]
            if op.get("security", patched.get("security")):
                responses.setdefault("401", _error("Missing, invalid or expired access token."))
            query = [p for p in [*shared, *op.get("parameters", [])] if p.get("in") == "query"]
            if "requestBody" in op or query:
                responses.setdefault("400", _error("The request could not be read."))
            for param in [*shared, *op.get("parameters", [])]:
                _id_numbers(param)
            for param in query:
                _query_parameter(param)
    return patched


def _id_numbers(param: dict[str, Any]) -> None:
    # README "known gaps": numbers without a format tag are typed "number" where the original may say integer.
    # Every such parameter is an id (invoiceId, personGroupId, productId, group), a Java long, so 1.5 is no id.
    schema = param.get("schema", {})
    for node in (schema, schema.get("items", {})):
        if node.get("type") == "number" and "format" not in node:
            node.update(type="integer", format="int64")


EMPTY_VALUE = {"type": "string", "maxLength": 0}


def _query_parameter(param: dict[str, Any]) -> None:
    schema = param.get("schema", {})
    if EMPTY_VALUE in schema.get("anyOf", []):
        return  # a path-level parameter, already done for another method
    if param["name"] in PAGING and schema.get("type") == "integer":
        for key, value in PAGING[param["name"]].items():
            schema.setdefault(key, value)
    if schema.get("type") == "array":
        return
    if param.get("required"):
        if schema.get("type") == "string":
            schema.setdefault("minLength", 1)
    else:
        param["schema"] = {"anyOf": [schema, dict(EMPTY_VALUE)]}


def _local_date_times(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date-time":
            node["format"] = LOCAL_DATE_TIME
            node.setdefault("pattern", LOCAL_DATE_TIME_PATTERN)
        for value in node.values():
            _local_date_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_date_times(value)
    return node


def local_date_times() -> st.SearchStrategy[str]:
    """Values of LOCAL_DATE_TIME: whole seconds, the shape of every Procountor example."""
    moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59))
    return moments.map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S"))


def documented_400(spec: dict[str, Any], operations: list[tuple[str, str]]) -> list[str]:
    """Labels of the operations whose own description lists a 400 ("Invoice contains invalid data.").

    Those check more than the schema says (references, VAT combinations, fiscal periods, country codes), so a
    schema-valid request may be refused with 400; every other operation must accept whatever the schema allows.
    """
    return [f"{method} {path}" for method, path in operations
            if "400" in spec["paths"][path][method.lower()]["responses"]]
