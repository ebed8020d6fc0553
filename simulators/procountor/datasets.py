"""Build a company from a dataset (and back): the seed format of the Procountor simulator.

A dataset is a JSON object in Procountor's own shapes: `company`, `bankAccounts`, `fiscalYears`,
`vatPercents`, `vatStatuses`, `businessPartners`, `products`, `productGroups`, `dimensions`, `persons`, `invoices`,
`attachments` (file content in base64) and `counters`. Every key is optional; what is missing gets the
defaults of a new Finnish company whose fiscal years follow the tenant clock (last year closed, this
year and next year open). A landscape file may hold the dataset under a `procountor` key.
"""

from __future__ import annotations

import base64
import binascii
import calendar
from datetime import date
from typing import Any

from pydantic import ValidationError

from simulators.core.clock import Clock
from simulators.core.errors import DatasetError
from simulators.procountor.domain.attachments import link_to_invoice
from simulators.procountor.models import generated as m
from simulators.procountor.state import HELSINKI, ProcountorState, VatStatus

DEFAULT_VAT_PERCENTS = [25.5, 24.0, 14.0, 13.5, 10.0, 0.0]

# Assumption (docs/procountor.md): the numeric VAT statuses and which of them require 0 %.
DEFAULT_VAT_STATUSES = [
    VatStatus(1, "Domestic sales and purchases, taxable", False),
    VatStatus(2, "Domestic reverse charge (construction services)", True),
    VatStatus(3, "Sales of goods to other EU countries", True),
    VatStatus(4, "Sales of services to other EU countries", True),
    VatStatus(5, "Sales outside the EU (export)", True),
    VatStatus(6, "Tax-free sales", True),
    VatStatus(12, "Domestic reverse charge, purchases of scrap metal", True),
]

DEFAULT_DIMENSIONS = ["Projektit", "Kustannuspaikat", "Liiketoimintayksiköt"]


def fiscal_year(year: int, fy_id: int, open_: bool) -> dict[str, Any]:
    periods = []
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        periods.append({
            "id": fy_id * 100 + month,
            "startDate": date(year, month, 1).isoformat(),
            "endDate": date(year, month, last).isoformat(),
            "status": "OPEN" if open_ else "CLOSED",
            "modified": f"{year}-01-01T00:00:00",
        })
    return {
        "id": fy_id,
        "startDate": f"{year}-01-01",
        "endDate": f"{year}-12-31",
        "modified": f"{year}-01-01T00:00:00",
        "isOpen": open_,
        "trackingPeriods": periods,
    }


def default_company() -> dict[str, Any]:
    return {
        "id": 10001,
        "name": "Simulaattori Oy",
        "country": "FINLAND",
        "productVersion": "FINANCIALS_BASIC",
        "operationType": "PRODUCTION",
        "companyAddress": {"street": "Mannerheimintie 1", "zip": "00100", "city": "Helsinki", "country": "FINLAND"},
        "billingAddress": {"street": "Mannerheimintie 1", "zip": "00100", "city": "Helsinki", "country": "FINLAND"},
        "businessIdentifier": {"brnType": "FI", "code": "2639476-5"},
        "mva": False,
        "inTradeRegister": True,
        "accountingCoaLanguages": ["FINNISH", "SWEDISH", "ENGLISH"],
        "companyCurrency": "EUR",
        "currencyRateSearchDensity": "DAILY_EXCHANGE_RATE",
    }


def default_bank_accounts() -> list[dict[str, Any]]:
    return [{"id": 1, "accountNumber": "FI2112345600000785", "bic": "NDEAFIHH", "name": "Nordea",
             "currency": "EUR", "status": "ACTIVE", "orderNo": 1, "isDefault": True}]


def default_fiscal_years(clock: Clock) -> list[dict[str, Any]]:
    this_year = clock.now().astimezone(HELSINKI).year
    return [fiscal_year(this_year + 1, 3, True), fiscal_year(this_year, 2, True), fiscal_year(this_year - 1, 1, False)]


def default_dimensions() -> list[dict[str, Any]]:
    return [{"id": i, "name": name, "items": []} for i, name in enumerate(DEFAULT_DIMENSIONS, start=1)]


def _records(dataset: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = dataset.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise DatasetError("must be a list of objects", f"$.procountor.{key}")
    return value


def _check(model: type[m.ProcountorModel], record: dict[str, Any], path: str) -> None:
    try:
        model.model_validate(record)
    except ValidationError as exc:
        details = [{"path": path + "." + ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                   for e in exc.errors(include_url=False)]
        raise DatasetError(details[0]["message"], details[0]["path"], details) from None


def _keyed(records: list[dict[str, Any]], key: str, state: ProcountorState, kind: str, start: int,
           model: type[m.ProcountorModel] | None = None) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for i, rec in enumerate(records):
        path = f"$.procountor.{key}[{i}]"
        if model is not None:
            _check(model, rec, path)
        rid = rec.get("id")
        if rid is None:
            rid = state.next_id(kind, start)
            rec["id"] = rid
        elif not isinstance(rid, int) or isinstance(rid, bool):
            raise DatasetError("id must be an integer", path + ".id")
        if rid in out:
            raise DatasetError(f"duplicate id {rid}", path + ".id")
        out[rid] = rec
        state.counters[kind] = max(state.counters.get(kind, start - 1), rid)
    return out


ID_STARTS = {"partner": 1001, "product": 5001, "person": 7001, "invoice": 100001, "invoiceNumber": 1,
             "ledgerReceipt": 200001, "attachment": 300001, "dimensionItem": 1001, "paymentEvent": 400001}


def load(dataset: dict[str, Any], clock: Clock) -> ProcountorState:
    if not isinstance(dataset, dict):
        raise DatasetError("a dataset is a JSON object")
    if isinstance(dataset.get("procountor"), dict):
        dataset = dataset["procountor"]
    state = ProcountorState(clock=clock)
    counters = dataset.get("counters") or {}
    if not isinstance(counters, dict):
        raise DatasetError("must be an object", "$.procountor.counters")
    state.counters.update({k: int(v) for k, v in counters.items()})
    state.company = dataset.get("company") or default_company()
    state.bank_accounts = dataset.get("bankAccounts") or default_bank_accounts()
    state.fiscal_years = dataset.get("fiscalYears") or default_fiscal_years(clock)
    for i, year in enumerate(state.fiscal_years):
        for key in ("id", "startDate", "endDate"):
            if key not in year:
                raise DatasetError(f"missing {key}", f"$.procountor.fiscalYears[{i}]")
        year.setdefault("isOpen", True)
        year.setdefault("trackingPeriods", [])
    state.fiscal_years.sort(key=lambda y: y["startDate"], reverse=True)
    state.vat_percents = [float(v) for v in dataset.get("vatPercents") or DEFAULT_VAT_PERCENTS]
    statuses = dataset.get("vatStatuses")
    state.vat_statuses = (
        {s["code"]: VatStatus(int(s["code"]), s.get("description", ""), bool(s.get("zeroRated"))) for s in statuses}
        if statuses else {s.code: s for s in DEFAULT_VAT_STATUSES}
    )
    state.partners = _keyed(_records(dataset, "businessPartners"), "businessPartners", state, "partner",
                            ID_STARTS["partner"], m.BusinessPartner)
    for p in state.partners.values():
        p.setdefault("version", state.new_version())
    state.product_groups = _keyed(_records(dataset, "productGroups"), "productGroups", state, "productGroup", 1,
                                  m.ProductGroup)
    state.products = _keyed(_records(dataset, "products"), "products", state, "product", ID_STARTS["product"],
                            m.Product)
    for p in state.products.values():
        p.setdefault("version", state.new_version())
    dims = _records(dataset, "dimensions") if "dimensions" in dataset else default_dimensions()
    state.dimensions = _keyed(dims, "dimensions", state, "dimension", 1)
    for d_i, dim in enumerate(state.dimensions.values()):
        items = dim.setdefault("items", [])
        for i_i, item in enumerate(items):
            if "codeName" not in item:
                raise DatasetError("missing codeName", f"$.procountor.dimensions[{d_i}].items[{i_i}]")
            if "id" not in item:
                item["id"] = state.next_id("dimensionItem", ID_STARTS["dimensionItem"])
            else:
                state.counters["dimensionItem"] = max(state.counters.get("dimensionItem", 0), item["id"])
    state.persons = _keyed(_records(dataset, "persons"), "persons", state, "person", ID_STARTS["person"])
    for p in state.persons.values():
        p.setdefault("version", state.new_version())
    invoices = _records(dataset, "invoices")
    state.invoices = _keyed(invoices, "invoices", state, "invoice", ID_STARTS["invoice"], m.Invoice)
    from simulators.procountor.domain.invoices import complete_seeded_invoice, seed_dimensions

    for i, inv in enumerate(state.invoices.values()):
        events = inv.pop("paymentEvents", None)
        dims = inv.pop("dimensionItemValues", None)
        if events:
            state.payment_events[inv["id"]] = events
        complete_seeded_invoice(state, inv, f"$.procountor.invoices[{i}]")
        if dims:
            seed_dimensions(state, inv, dims, f"$.procountor.invoices[{i}]")
    atts = _records(dataset, "attachments")
    for i, att in enumerate(atts):
        content = att.pop("content", "")
        try:
            raw = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise DatasetError("content must be base64", f"$.procountor.attachments[{i}].content") from None
        att_id = att.get("id") or state.next_id("attachment", ID_STARTS["attachment"])
        att["id"] = att_id
        state.counters["attachment"] = max(state.counters.get("attachment", 0), att_id)
        state.attachments[att_id] = att
        state.attachment_files[att_id] = raw
        link_to_invoice(state, att)
    _continue_sequences(state)
    return state


def _continue_sequences(state: ProcountorState) -> None:
    """New ids and versions must come after everything the dataset already holds."""
    event_ids = [e["id"] for events in state.payment_events.values() for e in events
                 if isinstance(e.get("id"), int)]
    if event_ids:
        state.counters["paymentEvent"] = max(state.counters.get("paymentEvent", 0), *event_ids)
    versions = [r["version"] for store in (state.partners, state.products, state.persons, state.invoices)
                for r in store.values() if isinstance(r.get("version"), str)]
    state.last_version = max([state.last_version, *versions])
