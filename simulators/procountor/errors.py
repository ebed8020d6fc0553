"""Procountor's error envelope, and the translation of validation failures into its codes.

Every error the simulator sends looks like `{"errors":[{"status":400,"field":"invoiceRows[3].vatStatus",
"message":"ERROR_VATSTATUS_VATPERC"}]}`. Codes Procountor is known to use are used as they are; where the
vendor's wording is unknown the choice is documented in docs/procountor.md ("Assumptions").
"""

from __future__ import annotations

from typing import Any, get_args

import orjson
from pydantic import ValidationError

Error = dict[str, Any]

# the texts of the vendor's documented responses (spec 26.04 @response descriptions)
INSUFFICIENT_RIGHTS = "Insufficient user rights."
UNAUTHORIZED = "Unauthorized"


class ProcountorError(Exception):
    """An answer in the vendor's envelope; raise it anywhere below a route."""

    def __init__(self, status: int, errors: list[Error] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = [error(status, errors, field)]
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors

    def body(self) -> bytes:
        return orjson.dumps({"errors": self.errors})


def error(status: int, message: str, field: str | None = None) -> Error:
    item: Error = {"status": status}
    if field:
        item["field"] = field
    item["message"] = message
    return item


def envelope(status: int, message: str, field: str | None = None) -> bytes:
    return orjson.dumps({"errors": [error(status, message, field)]})


def bad_request(message: str, field: str | None = None) -> ProcountorError:
    return ProcountorError(400, message, field)


def forbidden(message: str, field: str | None = None) -> ProcountorError:
    return ProcountorError(403, message, field)


def not_found(message: str) -> ProcountorError:
    return ProcountorError(404, message)


def size_code(low: int, high: int) -> str:
    return f"SIZE_MUST_BE_BETWEEN_{low}_AND_{high}"


def json_path(loc: tuple[Any, ...], prefix: str = "") -> str:
    """pydantic location -> Procountor field path: ('invoiceRows', 3, 'vatStatus') -> invoiceRows[3].vatStatus."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _loc(err: dict[str, Any]) -> tuple[Any, ...]:
    # unions and tagged types put the type name in the location; the vendor only names real fields
    return tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in ("function-after",))))


def _length_bounds(model: Any, loc: tuple[Any, ...]) -> tuple[int, int | None]:
    """The (min, max) length the model declares for the string at `loc` (0, None when unknown)."""
    annotation: Any = model
    metadata: list[Any] = []
    for part in loc:
        if isinstance(part, int):
            continue
        inner = model_in(annotation)
        fields = getattr(inner, "model_fields", None)
        if not fields:
            return 0, None
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return 0, None
        annotation = field.annotation
        metadata = list(field.metadata)  # pydantic lifts a required field's Annotated metadata here
    low, high = 0, None
    for meta in metadata + annotation_metadata(annotation):
        low = getattr(meta, "min_length", None) or low
        high = getattr(meta, "max_length", None) or high
    return low, high


def annotation_metadata(annotation: Any) -> list[Any]:
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        found += annotation_metadata(arg)
    return found


def model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        inner = model_in(arg)
        if inner is not None:
            return inner
    return None


def translate(exc: ValidationError, prefix: str = "", model: Any = None) -> ProcountorError:
    errors: list[Error] = []
    for err in exc.errors(include_url=False):
        loc = _loc(err)
        path = json_path(loc, prefix)
        kind = err["type"]
        if kind in ("string_too_long", "string_too_short"):
            low, high = _length_bounds(model, loc) if model is not None else (0, None)
            ctx = err.get("ctx") or {}
            high = high or ctx.get("max_length")
            low = low or ctx.get("min_length", 0)
            blank = kind == "string_too_short" and not str(err.get("input", "")).strip()
            sized = high is not None and not blank
            message = size_code(low, high) if sized else f"Value of the '{path}' cannot be blank."
            errors.append(error(400, message, path))
        elif kind == "missing" or err.get("input", ...) is None:
            errors.append(error(400, f"Value of the '{path}' cannot be blank.", path))
        elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
            errors.append(error(400, f"Value of the '{path}' field is out of range: {err.get('input')}", path))
        else:
            shown = err.get("input")
            shown = "" if isinstance(shown, dict | list) else shown
            errors.append(error(400, f"Value of the '{path}' field is invalid: {shown if shown is not None else ''}",
                                path))
    errors.sort(key=lambda e: e.get("field", ""))
    return ProcountorError(400, errors)


def windows_1252_errors(data: Any, path: str = "") -> list[Error]:
    """Every string in a payload that Windows-1252 cannot hold (Procountor refuses such text)."""
    found: list[Error] = []
    if isinstance(data, str):
        try:
            data.encode("cp1252")
        except UnicodeEncodeError as exc:
            bad = data[exc.start:exc.end]
            found.append(error(400, f"Value of the '{path}' field contains characters outside the Windows-1252 "
                                    f"character set: {bad!r}", path or None))
    elif isinstance(data, dict):
        for key, value in data.items():
            found += windows_1252_errors(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += windows_1252_errors(value, f"{path}[{i}]")
    return found
