"""The seed/export format of the Severa simulator.

A dataset is a JSON object: `apiUser` ({"active", "businessUnits"}), `counters`, `files` ({guid: base64}),
`extra` (operation stores) and, for every contract entity type, a list of records under the type's name
(`"Invoice": [...]`, `"Account": [...]`) in the contract's member names. A landscape file may hold the
dataset under a `severa` key. Change stamps are not part of it: loading stamps everything with the clock.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from simulators.core.clock import Clock
from simulators.core.errors import DatasetError
from simulators.severa import costcenter
from simulators.severa.contract_data import CONTRACT
from simulators.severa.state import ApiUser, SeveraState

costcenter.extend(CONTRACT)  # before ENTITY_KINDS: datasets accept "CostCenter" records (see costcenter.py)
ENTITY_KINDS = [name for name, spec in CONTRACT["types"].items() if spec["kind"] == "class"]
SPECIAL_KEYS = ("apiUser", "counters", "files", "extra")


def load(dataset: dict[str, Any], clock: Clock) -> SeveraState:
    if not isinstance(dataset, dict):
        raise DatasetError("a dataset is a JSON object")
    if isinstance(dataset.get("severa"), dict):
        dataset = dataset["severa"]
    state = SeveraState(clock=clock)
    unknown = [k for k in dataset if k not in SPECIAL_KEYS and k not in ENTITY_KINDS]
    if unknown:
        raise DatasetError(f"unknown entity type {unknown[0]!r} (use contract type names such as 'Invoice')",
                           f"$.severa.{unknown[0]}")
    user = dataset.get("apiUser") or {}
    state.api_user = ApiUser(active=bool(user.get("active", True)), business_units=user.get("businessUnits"))
    state.counters = {k: int(v) for k, v in (dataset.get("counters") or {}).items()}
    state.extra = dataset.get("extra") or {}
    for guid, content in (dataset.get("files") or {}).items():
        try:
            state.files[guid.lower()] = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise DatasetError("file content must be base64", f"$.severa.files.{guid}") from None
    for kind in ENTITY_KINDS:
        records = dataset.get(kind, [])
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise DatasetError("must be a list of objects", f"$.severa.{kind}")
        members = {m["name"] for m in _all_members(kind)}
        for i, record in enumerate(records):
            stray = [k for k in record if k not in members]
            if stray:
                raise DatasetError(f"{kind} has no member {stray[0]!r}", f"$.severa.{kind}[{i}].{stray[0]}")
            state.put(kind, dict(record))
    return state


def export(state: SeveraState) -> dict[str, Any]:
    data: dict[str, Any] = {
        "apiUser": state.api_user.to_json(),
        "counters": dict(state.counters),
        "files": {g: base64.b64encode(b).decode() for g, b in state.files.items()},
        "extra": state.extra,
    }
    for kind, records in state.entities.items():
        if records:
            if any(m["name"] == "GUID" for m in _all_members(kind)):
                data[kind] = list(records.values())
            else:  # the store keys these by a GUID of its own (InvoiceStatus): not a member, so not exported
                data[kind] = [{k: v for k, v in r.items() if k != "GUID"} for r in records.values()]
    return data


def _all_members(kind: str) -> list[dict[str, Any]]:
    spec = CONTRACT["types"][kind]
    base = _all_members(spec["base"]) if spec.get("base") else []
    return base + spec.get("members", [])
