"""Where the vendors' descriptions live, and which of their operations a simulator implements.

The vendor files are read in place from a shared folder (never copied into the repository). The folder is
`$VISMA_SIM_VENDOR_DIR`, or `../shared/vendor` next to the repository; a relative value is taken from the
repository root. CI always has the folder, so a missing file is an error that says where we looked.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.routing import iter_route_contexts

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "VISMA_SIM_VENDOR_DIR"
DEFAULT_DIR = "../shared/vendor"
PROCOUNTOR_SPEC = "procountor/procountor-openapi-26.04-reconstructed.json"
SEVERA_CONTRACT = "severa/severa-soap-contract.json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Operation = tuple[str, str]  # ("PUT", "/invoices/{invoiceId}/approve"), in the vendor's spelling


class VendorFileMissing(Exception):
    """The vendor description is not where the configuration says it is."""


def vendor_dir() -> Path:
    raw = os.environ.get(ENV_VAR) or DEFAULT_DIR
    path = Path(raw).expanduser()
    return (path if path.is_absolute() else REPO_ROOT / path).resolve()


def vendor_file(relative: str) -> Path:
    """The path of one vendor file, or VendorFileMissing naming the place we looked and how to change it."""
    folder = vendor_dir()
    path = folder / relative
    if not path.is_file():
        if os.environ.get(ENV_VAR):
            source = f"from ${ENV_VAR}={os.environ[ENV_VAR]!r}"
        else:
            source = f"the default {DEFAULT_DIR!r} from the repository root {REPO_ROOT}; ${ENV_VAR} is not set"
        raise VendorFileMissing(
            f"vendor description not found: looked for {path} (vendor folder {folder}, {source}). "
            f"Set ${ENV_VAR} to the folder that holds {relative}.")
    return path


@cache
def procountor_spec() -> dict[str, Any]:
    """The Procountor OpenAPI description (API 26.04), parsed once per process; callers must not change it."""
    return json.loads(vendor_file(PROCOUNTOR_SPEC).read_text(encoding="utf-8"))


@cache
def severa_contract() -> dict[str, Any]:
    """The Severa SOAP contract (interfaces, operations, data contracts), parsed once; callers must not change it."""
    return json.loads(vendor_file(SEVERA_CONTRACT).read_text(encoding="utf-8"))


def severa_operations(contract: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every contract operation by name (names are unique across interfaces) -> (interface, operation)."""
    return {op["name"]: (iface, op) for iface, spec in contract["services"].items() for op in spec["operations"]}


def severa_implemented(contract: dict[str, Any], handlers: Any) -> list[tuple[str, str]]:
    """(interface, operation) of the contract operations that have a registered handler, in contract order."""
    return [(iface, name) for name, (iface, _) in severa_operations(contract).items() if name in handlers]


def severa_coverage_report(contract: dict[str, Any], handlers: Any) -> list[str]:
    """Human-readable lines: how many contract operations the Severa simulator implements, and which."""
    total = len(severa_operations(contract))
    done = severa_implemented(contract, handlers)
    lines = [f"Severa simulator implements {len(done)} of {total} contract operations "
             f"({100 * len(done) / total:.1f}%)"]
    lines += [f"  {iface}.{name}" for iface, name in done]
    extra = sorted(set(handlers) - set(severa_operations(contract)))
    if extra:
        lines.append(f"  and {len(extra)} operations the vendor contract does not list: {', '.join(extra)}")
    return lines


# ------------------------------------------------------------------------ operations
def template_key(path: str) -> str:
    """A path template with its parameter names blanked: /invoices/{invoiceId} == /invoices/{invoice_id}."""
    return re.sub(r"\{[^}/]+\}", "{}", path)


def spec_operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI description, in document order."""
    return [(method.upper(), path) for path, item in spec.get("paths", {}).items()
            for method in item if method in HTTP_METHODS]


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(METHOD, template key) of every route a FastAPI/Starlette app serves (included routers expanded)."""
    routes: set[tuple[str, str]] = set()
    for route in iter_route_contexts(app.routes):
        path, methods = route.path, route.methods
        if not path or not methods:
            continue
        for method in methods:
            if method != "HEAD":  # Starlette adds HEAD to every GET; it is not an operation of its own
                routes.add((method, template_key(path)))
    return routes


def implemented_operations(spec: dict[str, Any], app: Any) -> list[Operation]:
    """The vendor operations the app has a route for (same method, same template), in document order."""
    served = app_routes(app)
    return [(method, path) for method, path in spec_operations(spec) if (method, template_key(path)) in served]


def extra_routes(spec: dict[str, Any], app: Any) -> list[tuple[str, str]]:
    """Routes the app serves that the vendor description does not have (as (METHOD, template key))."""
    known = {(method, template_key(path)) for method, path in spec_operations(spec)}
    return sorted(r for r in app_routes(app) if r not in known)


def only_operations(spec: dict[str, Any], operations: list[Operation]) -> dict[str, Any]:
    """A copy of the description whose paths hold just these operations (components stay whole)."""
    wanted = set(operations)
    paths: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        kept = {k: v for k, v in item.items() if k not in HTTP_METHODS or (k.upper(), path) in wanted}
        if any(k in HTTP_METHODS for k in kept):
            paths[path] = kept
    return {**spec, "paths": paths}


def coverage_report(name: str, spec: dict[str, Any], app: Any) -> list[str]:
    """Human-readable lines: how many vendor operations the simulator implements, and which."""
    total = len(spec_operations(spec))
    done = implemented_operations(spec, app)
    lines = [f"{name} simulator implements {len(done)} of {total} vendor operations "
             f"({100 * len(done) / total:.1f}%)"]
    lines += [f"  {method:6} {path}" for method, path in done]
    return lines


# The coverage phase walks every field of a body (boundaries, wrong types, missing fields): about 2,700 calls and
# 20 s for a Procountor Invoice (138 fields), tens of seconds for an eEkonomi draft. Larger bodies get the
# fuzzing phase only (positive and negative bodies, max-examples of each).
COVERAGE_FIELD_LIMIT = 20


def schema_types(schema: dict[str, Any]) -> list[str]:
    """A schema's `type` as a list (OpenAPI 3.1 allows ["string", "null"], 3.0 a single name)."""
    kind = schema.get("type", [])
    return kind if isinstance(kind, list) else [kind]


def body_fields(spec: dict[str, Any], method: str, path: str) -> int:
    """How many properties an operation's request body holds, nested schemas included (each schema counted once)."""
    schemas = spec.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def count(schema: dict[str, Any]) -> int:
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[1]
            if name in seen:
                return 0
            seen.add(name)
            return count(schemas.get(name, {}))
        total = sum(count(sub) for key in ("allOf", "anyOf", "oneOf") for sub in schema.get(key, []))
        total += count(schema.get("items", {})) if "array" in schema_types(schema) else 0
        return total + sum(1 + count(prop) for prop in schema.get("properties", {}).values())

    body = spec["paths"][path][method.lower()].get("requestBody", {})
    return max((count(media.get("schema", {})) for media in body.get("content", {}).values()), default=0)


def large_bodies(spec: dict[str, Any], operations: list[Operation]) -> list[str]:
    """Labels ("POST /invoices") of the operations whose bodies are too large for the coverage phase."""
    return [f"{method} {path}" for method, path in operations
            if body_fields(spec, method, path) > COVERAGE_FIELD_LIMIT]
