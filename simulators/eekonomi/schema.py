"""eEkonomi request validation and response shaping, driven by the vendor's own model descriptions.

The data comes from `schema_data.py`, generated from the vendor's OpenAPI description by
tools/gen_eekonomi_schema.py, so limits, required lists, property order and scopes cannot drift from it.

Input (`validate`) imitates ASP.NET Core model binding plus DataAnnotations, the stack the vendor runs on:

- property names match case-insensitively (System.Text.Json `PropertyNameCaseInsensitive`) and come back in
  the vendor's PascalCase spelling; if a name is sent twice in different casings the last one wins;
- a property the model does not have is an error ("UnknownField"). ASP.NET would ignore it, but the vendor
  description says `additionalProperties: false` and a silently dropped misspelt field is the bug a test
  harness should surface (an assumption, deliberately strict);
- readOnly properties are accepted and dropped unchecked, so a client may PUT back what it read;
- every problem is collected (ASP.NET stops at the first JSON conversion error; reporting all is kinder and
  no client relies on the difference) and raised once as `errors.validation_failed` (400, ErrorCode 2000),
  one `Errors` entry per problem, `Field` in ModelState's spelling: "Rows[2].AccountNumber" (0-based);
- a required property that is missing or null is "Required"; a required string that is empty or blank is
  "Required" too (DataAnnotations' RequiredAttribute refuses those); required + readOnly is not required;
- types are strict, as System.Text.Json's: a JSON integer is accepted for a number, but a boolean is not a
  number, a number is not a string, a string is not a number, a float is not an integer; null only where
  the property is nullable. `$ref` properties (nested objects) accept null: OpenAPI 3.1 cannot mark a
  `$ref` nullable, and in the .NET model they are reference types (an assumption);
- int32/int64 ranges are the CLR's; minimum/maximum give "Range" with RangeAttribute's message;
  maxLength/minLength count UTF-16 code units, as .NET strings do, with StringLength's message;
- the number patterns of the description (`[-]?\\d+(.\\d{1,2})?`) are read as "at most N decimals" and checked
  on the shortest round-trip text of the value (what .NET's double.ToString gives), reason "Pattern";
- uuid must be the hyphenated 8-4-4-4-12 form (System.Text.Json's Guid converter) and comes back lower-case;
- date-time accepts "YYYY-MM-DD" and ISO date-times with or without an offset or Z; it comes back as
  "YYYY-MM-DDTHH:MM:SSZ" in UTC when the property name ends in "Utc" (a time without offset counts as UTC),
  else as the local "YYYY-MM-DDTHH:MM:SS" with any offset dropped (.NET DateTime of Kind Unspecified);
  fractions are kept only when non-zero (up to 7 digits, .NET ticks). format date gives "YYYY-MM-DD".

Output (`complete`) makes a response body: every property of the model, in the vendor's order, from a stored
record; a missing (or null, for a non-nullable property) value becomes what .NET would serialise for the
CLR default: null when nullable, else False / 0 / "" / [] / the empty Guid / DateTime.MinValue, or the
nested model completed from {}. Defaults respect the description's enum, minimum and minLength so the body
still validates against the vendor's schema. Keys of the record that the model lacks are left out, so records
may carry private bookkeeping. Plans are built once at import; a customer takes a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from simulators.eekonomi import errors, schema_data

INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
CLR_TYPES = {"string": "System.String", "number": "System.Double", "boolean": "System.Boolean",
             "uuid": "System.Guid", "date-time": "System.DateTime", "date": "System.DateOnly",
             "int32": "System.Int32", "int64": "System.Int64"}
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
MIN_DATETIME = "0001-01-01T00:00:00"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?")


class _Prop:
    """One property, with its constraints unpacked for the hot paths."""

    __slots__ = ("clr", "decimals", "default", "enum", "exclusive_max", "exclusive_min", "fmt", "item", "kind",
                 "max_length", "maximum", "min_length", "minimum", "name", "nullable", "pattern", "pattern_text",
                 "read_only", "ref", "required", "utc")

    def __init__(self, name: str, spec: Mapping[str, Any], required: bool) -> None:
        self.name = name
        self.ref: str | None = spec.get("ref")
        self.kind: str | None = "object" if self.ref else spec.get("type")
        self.nullable = bool(spec.get("nullable"))
        self.fmt: str | None = spec.get("format")
        self.max_length: int | None = spec.get("maxLength")
        self.min_length: int = spec.get("minLength", 0)
        self.minimum = spec.get("minimum")
        self.maximum = spec.get("maximum")
        self.exclusive_min = spec.get("exclusiveMinimum")
        self.exclusive_max = spec.get("exclusiveMaximum")
        self.enum = tuple(spec["enum"]) if "enum" in spec else None
        self.pattern_text: str | None = spec.get("pattern")
        self.pattern = re.compile(self.pattern_text) if self.pattern_text and self.kind == "string" else None
        self.decimals: int | None = spec.get("decimals")
        self.read_only = bool(spec.get("readOnly"))
        self.required = required and not self.read_only
        self.item = _Prop(f"{name}[]", spec["items"], False) if isinstance(spec.get("items"), dict) else None
        self.utc = name.endswith("Utc")
        self.clr = self._clr()
        self.default = spec.get("default", _MISSING)

    def _clr(self) -> str:
        if self.ref:
            return self.ref
        if self.kind == "array":
            inner = self.item.clr if self.item else "System.Object"
            return f"System.Collections.Generic.List`1[{inner}]"
        if self.kind == "integer":
            return CLR_TYPES[self.fmt or "int32"]
        if self.kind == "string" and self.fmt in CLR_TYPES:
            return CLR_TYPES[self.fmt]
        return CLR_TYPES.get(self.kind or "", "System.Object")


class _Model:
    __slots__ = ("by_lower", "name", "plan", "props", "required")

    def __init__(self, name: str, spec: Mapping[str, Any]) -> None:
        self.name = name
        required = set(spec.get("required", ()))
        self.props = {n: _Prop(n, p, n in required) for n, p in spec["properties"].items()}
        self.by_lower = {n.lower(): p for n, p in self.props.items()}
        self.required = tuple(p.name for p in self.props.values() if p.required)
        self.plan: tuple[tuple[str, int, Any, Any], ...] = ()


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()
_BAD: Any = _Missing()  # a value that failed validation (its error is already recorded)

_MODELS: dict[str, _Model] = {name: _Model(name, spec) for name, spec in schema_data.MODELS.items()}


# ------------------------------------------------------------------------ lookups
def _model(name: str) -> _Model:
    try:
        return _MODELS[name]
    except KeyError:
        raise KeyError(f"unknown eEkonomi model {name!r}") from None


def fields(model: str) -> list[str]:
    """The model's property names, in the vendor's order."""
    return list(_model(model).props)


def canonical_name(model: str, name: str) -> str | None:
    """The vendor's spelling of a property name given in any casing, or None when the model has no such property."""
    prop = _model(model).by_lower.get(name.lower())
    return prop.name if prop else None


def max_length(model: str, field: str) -> int | None:
    """The maxLength of a property (any casing), or None when it has none or does not exist."""
    prop = _model(model).by_lower.get(field.lower())
    return prop.max_length if prop else None


def _template_key(method: str, template: str) -> tuple[str, str]:
    return method.upper(), re.sub(r"\{[^}/]+\}", "{}", template).lower()


_OPERATIONS = {_template_key(m, t): op for (m, t), op in schema_data.OPERATIONS.items()}


def operation(method: str, template: str) -> dict[str, Any] | None:
    """The vendor's operation for a method and path template, or None.

    The template matches the vendor's whatever the parameter names and casing ("/customers/{id}" finds
    "/customers/{customerId}"). The result is {"scopes", "responses", "request", "response"}; do not change it.
    """
    op = schema_data.OPERATIONS.get((method.upper(), template))
    return op if op is not None else _OPERATIONS.get(_template_key(method, template))


def scopes_for(method: str, template: str) -> list[str]:
    """The scopes of which a token needs any one for this operation; KeyError for an operation the vendor lacks.

    An empty list means the description names none (see schema_data.UNPARSED_SCOPES); the caller decides.
    """
    op = operation(method, template)
    if op is None:
        raise KeyError(f"no eEkonomi operation {method.upper()} {template}")
    return list(op["scopes"])


# ------------------------------------------------------------------------ validation
def validate(model: str, payload: Any, *, field_prefix: str = "") -> dict[str, Any]:
    """The body as the vendor's model (names canonical, values normalised), or the 400 that lists every problem.

    `field_prefix` puts a sub-object's errors under its place in the body ("Rows[2]").
    """
    problems: list[errors.Error] = []
    m = _model(model)
    if payload is None:
        problems.append(errors.field_error(field_prefix, "Required", "A non-empty request body is required."))
        raise errors.validation_failed(problems)
    result = _object(m, payload, field_prefix, problems)
    if problems:
        raise errors.validation_failed(problems)
    return result


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _type_error(field: str, clr: str, problems: list[errors.Error]) -> Any:
    path = f"$.{field}" if field else "$"
    problems.append(errors.field_error(
        field, "InvalidType", f"The JSON value could not be converted to {clr}. Path: {path}."))
    return _BAD


def _object(m: _Model, payload: Any, prefix: str, problems: list[errors.Error]) -> Any:
    if not isinstance(payload, dict):
        return _type_error(prefix, m.name, problems)
    out: dict[str, Any] = {}
    given: set[str] = set()
    by_lower = m.by_lower
    for key, value in payload.items():
        prop = by_lower.get(key.lower())
        if prop is None:
            problems.append(errors.field_error(
                _join(prefix, key), "UnknownField",
                f"The JSON property '{key}' could not be mapped to any .NET member contained in type '{m.name}'."))
            continue
        if prop.read_only:
            continue
        name = prop.name
        field = _join(prefix, name)
        out.pop(name, None)
        given.discard(name)
        if value is None:
            if prop.required:
                continue
            if prop.nullable or prop.ref:
                out[name] = None
            else:
                _type_error(field, prop.clr, problems)
            continue
        if prop.required and prop.kind == "string" and isinstance(value, str) and not value.strip():
            continue  # RequiredAttribute: empty and blank strings are missing
        given.add(name)
        checked = _value(prop, value, field, problems)
        if checked is not _BAD:
            out[name] = checked
    for name in m.required:
        if name not in given:
            problems.append(errors.field_error(_join(prefix, name), "Required", f"The {name} field is required."))
    return out


def _value(prop: _Prop, value: Any, field: str, problems: list[errors.Error]) -> Any:
    kind = prop.kind
    if kind == "string":
        if not isinstance(value, str):
            return _type_error(field, prop.clr, problems)
        return _string(prop, value, field, problems)
    if kind == "integer" or kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _type_error(field, prop.clr, problems)
        if kind == "integer":
            low, high = INT_RANGES.get(prop.fmt or "int32", INT_RANGES["int32"])
            if isinstance(value, float) or not low <= value <= high:
                return _type_error(field, prop.clr, problems)
        return _number(prop, value, field, problems)
    if kind == "boolean":
        return value if isinstance(value, bool) else _type_error(field, prop.clr, problems)
    if kind == "object":
        if prop.ref:
            return _object(_MODELS[prop.ref], value, field, problems)
        return value if isinstance(value, dict) else _type_error(field, prop.clr, problems)
    if kind == "array":
        if not isinstance(value, list):
            return _type_error(field, prop.clr, problems)
        item = prop.item
        if item is None:
            return list(value)
        out = []
        for index, element in enumerate(value):
            where = f"{field}[{index}]"
            if element is None:
                checked = None if item.nullable else _type_error(where, item.clr, problems)
            else:
                checked = _value(item, element, where, problems)
            if checked is not _BAD:
                out.append(checked)
        return out
    return value  # no type in the description: anything goes


def _string(prop: _Prop, value: str, field: str, problems: list[errors.Error]) -> Any:
    fmt = prop.fmt
    if fmt == "uuid":
        if not _UUID.fullmatch(value):
            return _type_error(field, prop.clr, problems)
        return value.lower()
    if fmt == "date-time" or fmt == "date":
        text = _datetime(value, prop.utc, fmt == "date")
        return text if text is not None else _type_error(field, prop.clr, problems)
    name = prop.name
    if prop.max_length is not None or prop.min_length:
        length = len(value) if value.isascii() else len(value.encode("utf-16-le")) // 2
        high, low = prop.max_length, prop.min_length
        if high is not None and length > high:
            if low:
                message = (f"The field {name} must be a string with a minimum length of {low} "
                           f"and a maximum length of {high}.")
            else:
                message = f"The field {name} must be a string with a maximum length of {high}."
            problems.append(errors.field_error(field, "MaxLength", message))
            return _BAD
        if low and length < low:
            if high is not None:
                message = (f"The field {name} must be a string with a minimum length of {low} "
                           f"and a maximum length of {high}.")
            else:
                message = f"The field {name} must be a string or array type with a minimum length of '{low}'."
            problems.append(errors.field_error(field, "MinLength", message))
            return _BAD
    if prop.pattern is not None and value and not prop.pattern.fullmatch(value):
        problems.append(errors.field_error(
            field, "Pattern", f"The field {name} must match the regular expression '{prop.pattern_text}'."))
        return _BAD
    if prop.enum is not None and value not in prop.enum:
        return _enum_error(prop, field, problems)
    return value


def _number(prop: _Prop, value: int | float, field: str, problems: list[errors.Error]) -> Any:
    name = prop.name
    if prop.enum is not None and value not in prop.enum:
        return _enum_error(prop, field, problems)
    low, high = prop.minimum, prop.maximum
    ex_low, ex_high = prop.exclusive_min, prop.exclusive_max
    if ((low is not None and value < low) or (high is not None and value > high)
            or (ex_low is not None and value <= ex_low) or (ex_high is not None and value >= ex_high)):
        problems.append(errors.field_error(field, "Range", _range_message(prop)))
        return _BAD
    if prop.decimals is not None and _decimals(value) > prop.decimals:
        problems.append(errors.field_error(
            field, "Pattern", f"The field {name} must match the regular expression '{prop.pattern_text}'."))
        return _BAD
    return value


def _decimals(value: int | float) -> int:
    """Digits after the point in the value's shortest round-trip text (1e-07 has 7)."""
    if isinstance(value, int):
        return 0
    try:
        exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    except InvalidOperation:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range_message(prop: _Prop) -> str:
    name = prop.name
    low, high = prop.minimum, prop.maximum
    if low is not None and high is not None:
        return f"The field {name} must be between {_num(low)} and {_num(high)}."
    parts = []
    if low is not None:
        parts.append(f"greater than or equal to {_num(low)}")
    if prop.exclusive_min is not None:
        parts.append(f"greater than {_num(prop.exclusive_min)}")
    if high is not None:
        parts.append(f"less than or equal to {_num(high)}")
    if prop.exclusive_max is not None:
        parts.append(f"less than {_num(prop.exclusive_max)}")
    return f"The field {name} must be " + " and ".join(parts) + "."


def _enum_error(prop: _Prop, field: str, problems: list[errors.Error]) -> Any:
    allowed = ", ".join(_num(v) for v in prop.enum or ())
    problems.append(errors.field_error(field, "InvalidValue", f"The field {prop.name} must be one of {allowed}."))
    return _BAD


def _datetime(text: str, utc: bool, date_only: bool) -> str | None:
    """The canonical text of an ISO date or date-time, or None when it is not one (see the module docstring)."""
    match = _DATETIME.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if date_only:
        return moment.strftime("%Y-%m-%d")
    if utc and offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        try:
            moment = (moment.replace(tzinfo=UTC) - sign * shift).replace(tzinfo=None)
        except OverflowError:
            return None
    fraction = (fraction or "")[:7].rstrip("0")
    body = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:" \
           f"{moment.second:02d}" + (f".{fraction}" if fraction else "")
    return body + "Z" if utc else body


# ------------------------------------------------------------------------ completion
# plan entries: (name, mode, default, nested model or None); modes:
_PLAIN, _LIST, _OBJECT, _OBJECTS = 0, 1, 2, 3


def _scalar_default(prop: _Prop) -> Any:
    """What .NET serialises for the property's CLR default, moved inside the description's enum/range/minLength."""
    if prop.default is not _MISSING:
        return prop.default
    if prop.nullable:
        return None
    kind = prop.kind
    if kind == "boolean":
        return False
    if kind == "integer" or kind == "number":
        value: Any = 0 if kind == "integer" else 0.0
        if prop.enum is not None:
            return value if value in prop.enum else prop.enum[0]
        if prop.minimum is not None and value < prop.minimum:
            value = prop.minimum
        if prop.maximum is not None and value > prop.maximum:
            value = prop.maximum
        return value
    if kind == "string":
        if prop.fmt == "uuid":
            return EMPTY_GUID
        if prop.fmt == "date-time":
            return MIN_DATETIME + ("Z" if prop.utc else "")
        if prop.fmt == "date":
            return MIN_DATETIME[:10]
        if prop.enum is not None:
            return prop.enum[0]
        return "-" * prop.min_length
    return None


def _cyclic(name: str, stack: tuple[str, ...] = ()) -> bool:
    """Whether completing this model from {} would recurse forever through non-nullable nested models."""
    if name in stack:
        return True
    return any(p.ref and not p.nullable and _cyclic(p.ref, (*stack, name)) for p in _MODELS[name].props.values())


def _plan(m: _Model) -> tuple[tuple[str, int, Any, Any], ...]:
    plan = []
    for prop in m.props.values():
        if prop.ref:
            nullable = prop.nullable or _cyclic(prop.ref)
            plan.append((prop.name, _OBJECT, None if nullable else _MISSING, _MODELS[prop.ref]))
        elif prop.kind == "array":
            default = None if prop.nullable else []
            if prop.item is not None and prop.item.ref:
                plan.append((prop.name, _OBJECTS, default, _MODELS[prop.item.ref]))
            else:
                plan.append((prop.name, _LIST, default, None))
        else:
            plan.append((prop.name, _PLAIN, _scalar_default(prop), None))
    return tuple(plan)


for _m in _MODELS.values():
    _m.plan = _plan(_m)


def _complete(m: _Model, record: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    get = record.get
    for name, mode, default, nested in m.plan:
        value = get(name)
        if mode == _PLAIN:
            out[name] = default if value is None else value
        elif value is None:
            if mode == _OBJECT and default is _MISSING:
                out[name] = _complete(nested, {})
            else:
                out[name] = None if default is None else []
        elif mode == _LIST:
            out[name] = list(value)
        elif mode == _OBJECT:
            out[name] = _complete(nested, value)
        else:
            out[name] = [None if v is None else _complete(nested, v) for v in value]
    return out


def complete(model: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The response body of a model from a stored record (canonical names): every property, in the vendor's order."""
    return _complete(_model(model), record)
