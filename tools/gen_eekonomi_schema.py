"""Generate simulators/eekonomi/schema_data.py from the eEkonomi (eAccounting API v2) vendor description.

The simulator validates request bodies and shapes response bodies with this data (simulators/eekonomi/schema.py),
and checks each operation's scopes with it, so limits, required lists, property order and scopes are the
vendor's own. The description (OpenAPI 3.1.1, YAML) is read from the shared vendor folder, never copied; the
generated module is committed and `--check` exits 1 when it differs from what this script makes today.

    python tools/gen_eekonomi_schema.py [--vendor-dir DIR] [--check]

The vendor folder is --vendor-dir, else $VISMA_SIM_VENDOR_DIR (relative to the repository root), else
../shared/vendor next to the repository, as in conformance/vendor.py. PyYAML is used only here (build time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "simulators" / "eekonomi" / "schema_data.py"
SPEC_NAME = "eekonomi/visma_external_api.yaml"
ENV_VAR = "VISMA_SIM_VENDOR_DIR"
DEFAULT_DIR = "../shared/vendor"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
WIDTH = 120

# the models the simulator serves; everything they reference is generated too
ROOTS = [
    "CustomerApi", "CustomerInvoiceDraftApi", "CustomerInvoiceDraftRowApi", "CustomerInvoiceApi",
    "CustomerInvoiceRowApi", "CustomerInvoiceDraftValidationApi", "InvoicePaymentApi", "InvoiceUrlApi", "VoucherApi",
    "VoucherRowApi", "AccountApi", "AccountTypesApi", "FiscalYearApi", "FiscalYearUpdateApi", "ArticleApi",
    "ArticleAccountCodingApi", "UnitApi", "TermsOfPaymentApi", "VatCodeApi", "CompanySettingsApi",
    "CommonPaginationMetadata", "CommonExtendedBadRequest", "CommonError",
]
SCOPE_MARKER = re.compile(r"requires\s+(?:any|all|one)\s+of\s+the\s+following\s+scopes?\s*:?", re.IGNORECASE)
SCOPE = re.compile(r"(?<![\w:])([a-z]+:[a-z_]+)(?![\w:])")
# the decimals patterns on number properties: [-]?\d+(.\d{1,2})? (the dot is sometimes left unescaped)
DECIMALS = re.compile(r"^\^?\[-\]\?\\d\+\(\\?\.\\d\{(?:0|1),(\d+)\}\)\?\$?$")


def vendor_dir(cli_value: str | None) -> Path:
    raw = cli_value or os.environ.get(ENV_VAR) or DEFAULT_DIR
    path = Path(raw).expanduser()
    return (path if path.is_absolute() else ROOT / path).resolve()


def load_spec(folder: Path) -> dict[str, Any]:
    import yaml  # build-time only; present in the dev venv (schemathesis needs it)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = folder / SPEC_NAME
    if not path.is_file():
        raise SystemExit(f"vendor description not found: {path} (set --vendor-dir or ${ENV_VAR})")
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def ref_name(schema: dict[str, Any]) -> str | None:
    """The component a schema points at: $ref, or a single-entry allOf/anyOf/oneOf wrapping one."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    for key in ("allOf", "anyOf", "oneOf"):
        refs = [s for s in schema.get(key, []) if "$ref" in s]
        if len(refs) == 1:
            return ref_name(refs[0])
    return None


def _nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling, in case a later edition uses it
        return True
    return any(s.get("type") == "null" for key in ("anyOf", "oneOf") for s in schema.get(key, []))


def _base_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        return rest[0] if len(rest) == 1 else None
    return kind


# ------------------------------------------------------------------------ models
def closure(schemas: dict[str, Any], roots: list[str]) -> list[str]:
    """Every model the roots reach through properties, items and allOf/anyOf/oneOf, in visiting order."""
    seen: list[str] = []

    def visit_schema(schema: dict[str, Any]) -> None:
        name = ref_name(schema)
        if name:
            visit(name)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                visit_schema(sub)
        if isinstance(schema.get("items"), dict):
            visit_schema(schema["items"])

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.append(name)
        model = schemas[name]
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in model.get(key, []):
                visit_schema(sub)
        for prop in model.get("properties", {}).values():
            visit_schema(prop)

    for root in roots:
        visit(root)
    return seen


def _item(schema: dict[str, Any]) -> dict[str, Any]:
    name = ref_name(schema)
    if name:
        return {"ref": name}
    out: dict[str, Any] = {}
    for key in ("type", "format"):
        if key in schema:
            out[key] = _base_type(schema) if key == "type" else schema[key]
    return out


def prop_data(schema: dict[str, Any]) -> dict[str, Any]:
    """One property, compact: only the keys that constrain or shape it."""
    out: dict[str, Any] = {}
    name = ref_name(schema)
    if name:
        out["ref"] = name
    else:
        out["type"] = _base_type(schema)
    if _nullable(schema):
        out["nullable"] = True
    if "format" in schema:
        out["format"] = schema["format"]
    for key in ("maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"):
        if key in schema:
            out[key] = schema[key]
    if schema.get("minLength"):  # minLength 0 (every StringLength) constrains nothing
        out["minLength"] = schema["minLength"]
    if "pattern" in schema:
        out["pattern"] = schema["pattern"]
        match = DECIMALS.match(schema["pattern"])
        if match and out.get("type") in ("number", "integer"):
            out["decimals"] = int(match.group(1))
    if isinstance(schema.get("items"), dict):
        out["items"] = _item(schema["items"])
    if schema.get("readOnly"):
        out["readOnly"] = True
    if "default" in schema:
        out["default"] = schema["default"]
    return out


def model_data(schema: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for sub in schema.get("allOf", []):  # none today; inherited properties come first, as in .NET
        if "properties" in sub:
            props.update({k: prop_data(v) for k, v in sub["properties"].items()})
    props.update({k: prop_data(v) for k, v in schema.get("properties", {}).items()})
    return {"required": list(schema.get("required", [])), "properties": props}


# ------------------------------------------------------------------------ operations
def parse_scopes(description: str | None) -> list[str] | None:
    """The scopes after "Requires any of the following scopes:", or None when the text has no such list."""
    if not description:
        return None
    match = SCOPE_MARKER.search(description)
    if not match:
        return None
    tail = re.sub(r"<[^>]+>", " ", description[match.end():])  # <br>, <li>, <ul> ... out
    scopes: list[str] = []
    for scope in SCOPE.findall(tail):
        if scope not in scopes:
            scopes.append(scope)
    return scopes or None


def _body_model(content: dict[str, Any] | None) -> str | None:
    """The model of a JSON body: its name, "Name[]" for an array of it, None for anything else."""
    if not content:
        return None
    media = content.get("application/json") or next(iter(content.values()))
    schema = media.get("schema") or {}
    name = ref_name(schema)
    if name:
        return name
    if _base_type(schema) == "array" and isinstance(schema.get("items"), dict):
        item = ref_name(schema["items"])
        return f"{item}[]" if item else None
    return None


def operations(spec: dict[str, Any]) -> tuple[dict[tuple[str, str], dict[str, Any]], list[tuple[str, str]]]:
    ops: dict[tuple[str, str], dict[str, Any]] = {}
    unparsed: list[tuple[str, str]] = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            key = (method.upper(), path)
            scopes = parse_scopes(op.get("description"))
            if scopes is None:
                unparsed.append(key)
            responses = op.get("responses", {})
            codes = sorted(int(c) if str(c).isdigit() else str(c) for c in responses)
            ok = [c for c in codes if isinstance(c, int) and 200 <= c < 300]
            response = None
            for code in ok:
                response = _body_model(responses.get(str(code), responses.get(code, {})).get("content"))
                if response:
                    break
            ops[key] = {
                "scopes": scopes or [],
                "responses": codes,
                "request": _body_model((op.get("requestBody") or {}).get("content")),
                "response": response,
            }
    return ops, unparsed


def list_wrappers(spec: dict[str, Any], roots: list[str]) -> list[str]:
    """The PaginatedResponseOf* models that GET endpoints answer with for lists of the root models."""
    schemas = spec["components"]["schemas"]
    found: list[str] = []
    ops, _ = operations(spec)
    for (method, _path), op in ops.items():
        name = op["response"]
        if method != "GET" or not name or not name.startswith("PaginatedResponseOf"):
            continue
        data = schemas[name].get("properties", {}).get("Data", {})
        if ref_name(data.get("items", {})) in roots and name not in found:
            found.append(name)
    return sorted(found)


# ------------------------------------------------------------------------ output
def literal(value: Any, indent: int = 0, start: int | None = None) -> str:
    """A Python literal, on one line when it fits in WIDTH, else one entry per line (as a formatter would).

    `indent` is the indentation of the line the literal is on, `start` the column it begins at (after a key).
    """
    flat = _flat(value)
    column = indent if start is None else start
    if column + len(flat) + 1 <= WIDTH or not isinstance(value, (dict, list, tuple)) or not value:
        return flat
    pad = " " * (indent + 4)
    if isinstance(value, dict):
        lines = []
        for key, sub in value.items():
            head = f"{pad}{_flat(key)}: "
            lines.append(head + literal(sub, indent + 4, len(head)) + ",")
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
    lines = [pad + literal(sub, indent + 4) + "," for sub in value]
    return open_ + "\n" + "\n".join(lines) + "\n" + " " * indent + close


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_flat(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)


def render(spec: dict[str, Any]) -> str:
    schemas = spec["components"]["schemas"]
    names = closure(schemas, ROOTS + list_wrappers(spec, ROOTS))
    ops, unparsed = operations(spec)
    info = spec.get("info", {})
    out = [
        '"""The eEkonomi models and operations the simulator serves, as plain data.',
        "",
        "GENERATED by tools/gen_eekonomi_schema.py from the vendor description",
        f"({info.get('title', '?')}, {info.get('version', '?')}). Do not edit by hand; simulators/eekonomi/schema.py",
        "reads it. MODELS: per model its required list and its properties in the vendor's order. OPERATIONS:",
        '(METHOD, path template) -> scopes (any of), response codes, request and response model ("X[]" = array).',
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "MODELS: dict[str, dict[str, Any]] = {}",
        "",
    ]
    for name in names:
        model = model_data(schemas[name])
        head = f"MODELS[{_flat(name)}] = "
        out.append(head + literal(model, 0, len(head)))
    out += ["", "OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {"]
    for key, op in ops.items():
        head = f"    {_flat(key)}: "
        out.append(head + literal(op, 4, len(head)) + ",")
    out.append("}")
    out += ["", "# operations whose description names no scope list (the simulator decides what they need)",
            "UNPARSED_SCOPES: list[tuple[str, str]] = " + literal(unparsed, 0, 41), ""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor-dir", default=None, help=f"vendor folder (default ${ENV_VAR} or {DEFAULT_DIR})")
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed module is stale")
    args = parser.parse_args()
    spec = load_spec(vendor_dir(args.vendor_dir))
    text = render(spec)
    _, unparsed = operations(spec)
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date; run python tools/gen_eekonomi_schema.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.splitlines())} lines)")
    for method, path in unparsed:
        print(f"  no scopes parsed: {method} {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
