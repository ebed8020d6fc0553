"""Generate simulators/procountor/models/generated.py from the Procountor vendor description.

The simulator validates request bodies with these models, so its limits, enums and required fields are
the vendor's own. The vendor file is read from the shared folder (never copied); the generated module is
committed, and `conformance/contracts/test_procountor_models_current.py` fails when it is out of date.

    python tools/gen_procountor_models.py [--vendor-dir ../shared/vendor] [--check]
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "simulators" / "procountor" / "models" / "generated.py"
SPEC_NAME = "procountor/procountor-openapi-26.04-reconstructed.json"

# request bodies the simulator accepts; their schemas and everything they reference are generated
ROOTS = [
    "Invoice", "BusinessPartner", "Product", "DimensionItem", "Person", "Attachment", "AttachmentRename",
    "MarkInvoiceAsPaid", "CheckingEvent", "InvoiceNotes", "Company", "CompanyBankAccount", "TrackingPeriod",
    "DimensionName", "ProductGroup",
]
NAMED_ENUMS = {"Country", "Currency", "Unit", "InvoiceStatus"}
RESERVED = set(dir(object)) | {"model_config", "model_fields", "copy", "json", "dict", "schema", "construct",
                               "validate", "parse_obj", "fields"}


def _ref(schema: dict) -> str | None:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "allOf" in schema and len(schema["allOf"]) == 1 and "$ref" in schema["allOf"][0]:
        return schema["allOf"][0]["$ref"].rsplit("/", 1)[1]
    return None


class Generator:
    def __init__(self, spec: dict) -> None:
        self.schemas = spec["components"]["schemas"]
        self.order: list[str] = []
        self.enums: dict[tuple[str, ...], str] = {}
        self.enum_defs: list[str] = []

    def visit(self, name: str) -> None:
        if name in self.order:
            return
        self.order.append(name)
        for prop in self.schemas[name].get("properties", {}).values():
            self._visit_schema(prop)

    def _visit_schema(self, schema: dict) -> None:
        ref = _ref(schema)
        if ref:
            self.visit(ref)
        elif schema.get("type") == "array":
            self._visit_schema(schema.get("items", {}))

    def enum_alias(self, owner: str, field: str, values: list[str]) -> str:
        key = tuple(values)
        if key in self.enums:
            return self.enums[key]
        if len(values) > 200 and "FINLAND" in values:
            alias = "Country"
        elif "EUR" in values and "SEK" in values:
            alias = "Currency"
        elif "PIECE" in values and "HOUR" in values:
            alias = "Unit"
        elif "UNFINISHED" in values and "INVALIDATED" in values:
            alias = "InvoiceStatus"
        else:
            alias = f"{owner}{field[0].upper()}{field[1:]}"
        if alias in self.enums.values():
            # a shared name already holds another value set (Company.currency allows only DKK/EUR/NOK/SEK):
            # give this one its own name so it does not overwrite the full list the other models use
            alias = f"{owner}{field[0].upper()}{field[1:]}"
        self.enums[key] = alias
        body = ", ".join(json.dumps(v) for v in values)
        self.enum_defs.append(f"{alias}Values = ({body},)\n{alias} = Literal[{body}]")
        return alias

    def annotation(self, owner: str, field: str, schema: dict) -> str:
        ref = _ref(schema)
        if ref:
            return ref
        kind = schema.get("type")
        if kind == "string":
            if "enum" in schema:
                return self.enum_alias(owner, field, schema["enum"])
            fmt = schema.get("format")
            if fmt == "date":
                return "Date"
            if fmt == "date-time":
                return "DateTime"
            if fmt == "binary":
                return "bytes"
            cons = []
            if schema.get("minLength"):
                cons.append(f"min_length={schema['minLength']}")
            if "maxLength" in schema:
                cons.append(f"max_length={schema['maxLength']}")
            if "pattern" in schema:
                cons.append(f"pattern={schema['pattern']!r}")
            return f"Annotated[Text, StringConstraints({', '.join(cons)})]" if cons else "Text"
        if kind == "integer":
            base = "Int64" if schema.get("format") == "int64" else "Int32"
            return self._numeric(base, schema)
        if kind == "number":
            return self._numeric("Number", schema)
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.annotation(owner, field, schema.get("items", {}))
            return f"list[{item}]"
        return "dict[str, Any]"

    def _numeric(self, base: str, schema: dict) -> str:
        cons = []
        if "minimum" in schema:
            cons.append(f"ge={schema['minimum']}")
        if "maximum" in schema:
            cons.append(f"le={schema['maximum']}")
        return f"Annotated[{base}, Field({', '.join(cons)})]" if cons else base

    def model(self, name: str) -> str:
        schema = self.schemas[name]
        required = set(schema.get("required", []))
        lines = [f"class {name}(ProcountorModel):"]
        desc = (schema.get("description") or "").strip().splitlines()
        if desc:
            lines.append(f"    {json.dumps(desc[0][:100])}")
        props = schema.get("properties", {})
        if not props:
            lines.append("    pass")
        for field, prop in props.items():
            ann = self.annotation(name, field, prop)
            attr = field
            alias = ""
            if keyword.iskeyword(field) or field in RESERVED or field.startswith("model_"):
                attr = field + "_"
                alias = f"alias={field!r}"
            if field in required:
                default = f" = Field({alias})" if alias else ""
                lines.append(f"    {attr}: {ann}{default}")
            else:
                args = ", ".join(a for a in ("None", alias) if a)
                lines.append(f"    {attr}: {ann} | None = Field({args})")
        return "\n".join(lines)

    def render(self) -> str:
        for root in ROOTS:
            self.visit(root)
        models = [self.model(n) for n in self.order]
        header = '''"""Pydantic models of the Procountor request bodies the simulator accepts.

GENERATED by tools/gen_procountor_models.py from the vendor description (API 26.04). Do not edit by hand.
"""
# ruff: noqa

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from simulators.procountor.models.base import Date, DateTime, Int32, Int64, Number, ProcountorModel, Text
'''
        names = ", ".join(self.order)
        rebuild = (f"MODELS = ({names},)\n\n\ndef build_all() -> None:\n"
                   '    """Build every validator now instead of at first use (models are deferred)."""\n'
                   "    for model in MODELS:\n        model.model_rebuild()")
        parts = [header, "\n\n".join(self.enum_defs), "\n\n\n".join(models), rebuild]
        return "\n\n\n".join(parts).replace(header + "\n\n\n", header + "\n\n") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vendor-dir", default=str(ROOT.parent / "shared" / "vendor"))
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed module is stale")
    args = parser.parse_args()
    spec = json.loads((Path(args.vendor_dir) / SPEC_NAME).read_text())
    text = Generator(spec).render()
    if args.check:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date; run python tools/gen_procountor_models.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
