"""A Procountor company: its registers, invoices and settings, as plain Python (no HTTP here).

Records are kept in the vendor's own JSON shape (camelCase dicts), so a read is a lookup and an export is
a copy. Ids are per company, as in Procountor.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from simulators.core.clock import Clock

HELSINKI = ZoneInfo("Europe/Helsinki")
API_USER_ID = 1  # the one API user of every simulated company (creatorId of what the API creates)

COLLECTIONS = ("businessPartners", "products", "dimensions", "persons", "invoices", "attachments")


@dataclass
class VatStatus:
    code: int
    description: str
    zero_rated: bool

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "description": self.description, "zeroRated": self.zero_rated}


@dataclass
class ProcountorState:
    clock: Clock
    company: dict[str, Any] = field(default_factory=dict)
    bank_accounts: list[dict[str, Any]] = field(default_factory=list)
    fiscal_years: list[dict[str, Any]] = field(default_factory=list)
    vat_percents: list[float] = field(default_factory=list)
    vat_statuses: dict[int, VatStatus] = field(default_factory=dict)
    partners: dict[int, dict[str, Any]] = field(default_factory=dict)
    products: dict[int, dict[str, Any]] = field(default_factory=dict)
    product_groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    dimensions: dict[int, dict[str, Any]] = field(default_factory=dict)
    persons: dict[int, dict[str, Any]] = field(default_factory=dict)
    invoices: dict[int, dict[str, Any]] = field(default_factory=dict)
    payment_events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    # the DimensionItemValues an invoice is dimensioned to (set through the control plane; kept apart so
    # they never leak into the vendor's Invoice JSON)
    invoice_dimensions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    attachments: dict[int, dict[str, Any]] = field(default_factory=dict)
    attachment_files: dict[int, bytes] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    last_version: str = ""

    # ---------------------------------------------------------------- ids, time
    def next_id(self, kind: str, start: int = 1) -> int:
        value = self.counters.get(kind, start - 1) + 1
        self.counters[kind] = value
        return value

    def local_now(self) -> datetime:
        return self.clock.now().astimezone(HELSINKI).replace(tzinfo=None)

    def today(self) -> date:
        return self.local_now().date()

    def new_version(self) -> str:
        """A date-time stamp that strictly increases within the company (optimistic locking needs that)."""
        stamp = self.local_now().isoformat(timespec="milliseconds")
        if stamp <= self.last_version:
            try:
                last = datetime.fromisoformat(self.last_version[:23])
            except ValueError:  # a seeded version in a form we do not write; start again from now
                last = self.local_now()
            stamp = (last + timedelta(milliseconds=1)).isoformat(timespec="milliseconds")
        self.last_version = stamp
        return stamp

    # ---------------------------------------------------------------- fiscal periods
    def period_of(self, day: date) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(fiscal year, tracking period) holding a date, or Nones."""
        text = day.isoformat()
        for year in self.fiscal_years:
            if year["startDate"] <= text <= year["endDate"]:
                for period in year.get("trackingPeriods", []):
                    if period["startDate"] <= text <= period["endDate"]:
                        return year, period
                return year, None
        return None, None

    def is_open(self, day: date) -> bool:
        year, period = self.period_of(day)
        if year is None or not year.get("isOpen", True):
            return False
        return period is None or period.get("status") != "CLOSED"

    # ---------------------------------------------------------------- export
    def export(self) -> dict[str, Any]:
        attachments = []
        for att_id, meta in self.attachments.items():
            content = base64.b64encode(self.attachment_files.get(att_id, b"")).decode()
            attachments.append({**meta, "content": content})
        invoices = []
        for inv_id, inv in self.invoices.items():
            extra: dict[str, Any] = {}
            if self.payment_events.get(inv_id):
                extra["paymentEvents"] = self.payment_events[inv_id]
            if self.invoice_dimensions.get(inv_id):
                extra["dimensionItemValues"] = self.invoice_dimensions[inv_id]
            invoices.append({**inv, **extra} if extra else inv)
        return {
            "company": self.company,
            "bankAccounts": self.bank_accounts,
            "fiscalYears": self.fiscal_years,
            "vatPercents": self.vat_percents,
            "vatStatuses": [s.to_json() for s in self.vat_statuses.values()],
            "businessPartners": list(self.partners.values()),
            "products": list(self.products.values()),
            "productGroups": list(self.product_groups.values()),
            "dimensions": list(self.dimensions.values()),
            "persons": list(self.persons.values()),
            "invoices": invoices,
            "attachments": attachments,
            "counters": dict(self.counters),
        }
