"""Build a company from a dataset (and back): the seed format of the eEkonomi simulator.

A dataset is a JSON object whose collections hold records in the vendor's own shapes (PascalCase, as the
API returns them): `companySettings` (an object), `fiscalYears`, `accounts` (each with its FiscalYearId),
`accountTypes`, `vatCodes`, `termsOfPayments`, `units`, `articleAccountCodings`, `articles`, `customers`,
`customerInvoiceDrafts`, `customerInvoices`, `vouchers`, plus `counters` and `settings`
(`refreshTokenLifetimeSeconds`, `rateLimitPerMinute`, `maxPageSize`). Every key is optional: what is
missing gets the registers of a new Swedish company (`defaults.py`) whose fiscal years follow the tenant
clock. A landscape file may hold the dataset under an `eekonomi` key.
"""

from __future__ import annotations

from typing import Any

from simulators.core.clock import Clock
from simulators.core.errors import DatasetError
from simulators.eekonomi import defaults
from simulators.eekonomi.state import COLLECTIONS, EEkonomiState, new_id


def account_key(record: dict[str, Any]) -> str:
    return f"{record['FiscalYearId']}/{record['Number']}"


def load(dataset: dict[str, Any], clock: Clock) -> EEkonomiState:
    if "eekonomi" in dataset and isinstance(dataset["eekonomi"], dict):
        dataset = dataset["eekonomi"]
    unknown = sorted(set(dataset) - set(COLLECTIONS) - {"companySettings", "counters", "settings"})
    if unknown:
        raise DatasetError(f"unknown dataset key(s) {', '.join(unknown)}; known: companySettings, "
                           f"{', '.join(COLLECTIONS)}, counters, settings")
    state = EEkonomiState(clock=clock)
    company = dataset.get("companySettings")
    if company is not None and not isinstance(company, dict):
        raise DatasetError("companySettings is an object")
    state.company = {**defaults.company_settings(), **(company or {})}
    fiscal_years = dataset["fiscalYears"] if "fiscalYears" in dataset else defaults.fiscal_years(clock)
    _index(state, "fiscalYears", fiscal_years)
    accounts = dataset["accounts"] if "accounts" in dataset else defaults.accounts(list(state.fiscal_years.values()))
    _index(state, "accounts", accounts)
    for key, attr in COLLECTIONS.items():
        if key in ("fiscalYears", "accounts"):
            continue
        if key in dataset:
            records = dataset[key]
        else:
            make = getattr(defaults, attr, None)
            records = make() if make is not None else []
        _index(state, key, records)
    counters = dataset.get("counters", {})
    settings = dataset.get("settings", {})
    if not isinstance(counters, dict) or not isinstance(settings, dict):
        raise DatasetError("counters and settings are objects")
    state.counters.update(counters)
    state.settings.update(settings)
    return state


def _index(state: EEkonomiState, key: str, records: Any) -> None:
    if not isinstance(records, list):
        raise DatasetError(f"{key} is a list of records")
    target: dict[str, dict[str, Any]] = getattr(state, COLLECTIONS[key])
    for position, record in enumerate(records):
        if not isinstance(record, dict):
            raise DatasetError(f"{key}[{position}] is not an object")
        if key == "accounts":
            if not record.get("FiscalYearId") or record.get("Number") in (None, ""):
                raise DatasetError(f"{key}[{position}] needs FiscalYearId and Number")
            record["Number"] = str(record["Number"])
            target[account_key(record)] = record
            continue
        if key == "accountTypes":
            target[str(record.get("Type", position))] = record
            continue
        record.setdefault("Id", new_id())
        record["Id"] = str(record["Id"]).lower()
        if record["Id"] in target:
            raise DatasetError(f"{key}[{position}]: Id {record['Id']} appears twice")
        target[record["Id"]] = record
