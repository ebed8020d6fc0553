"""An eEkonomi company: its registers, documents and settings, as plain Python (no HTTP here).

Records are kept in the vendor's own JSON shape (PascalCase dicts with canonical names, as
`schema.validate` returns them plus the fields the server sets), so a read is a lookup plus
`schema.complete`, and an export is a copy. Ids are lower-case GUID strings.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulators.core.clock import Clock

# dataset key -> attribute of EEkonomiState; each holds records by Id (accounts: by "<FiscalYearId>/<Number>")
COLLECTIONS: dict[str, str] = {
    "fiscalYears": "fiscal_years",
    "accounts": "accounts",
    "accountTypes": "account_types",
    "vatCodes": "vat_codes",
    "termsOfPayments": "terms_of_payments",
    "units": "units",
    "articleAccountCodings": "article_codings",
    "articles": "articles",
    "customers": "customers",
    "customerInvoiceDrafts": "drafts",
    "customerInvoices": "invoices",
    "vouchers": "vouchers",
}

# Assumption (docs/eekonomi.md): refresh tokens live two years unless the dataset or the control plane says
# otherwise (the vendor has said both "50 years" and "2 years").
DEFAULT_REFRESH_TOKEN_LIFETIME = 2 * 365 * 24 * 3600


def new_id() -> str:
    return str(uuid.uuid4())


def utc_text(moment: datetime) -> str:
    """A *Utc field: `2026-11-21T09:15:02Z`, with the fraction only when there is one."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


@dataclass
class EEkonomiState:
    clock: Clock
    company: dict[str, Any] = field(default_factory=dict)
    fiscal_years: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    vat_codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    terms_of_payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    article_codings: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    vouchers: dict[str, dict[str, Any]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=lambda: {
        "refreshTokenLifetimeSeconds": DEFAULT_REFRESH_TOKEN_LIFETIME,
        "rateLimitPerMinute": 600,
        "maxPageSize": 1000,
    })
    # lookup indexes the domain builds on first use and keeps current (e.g. customer number -> Id)
    indexes: dict[str, Any] = field(default_factory=dict)
    # (client_id, endpoint) -> tenant-clock timestamps of the calls of the last minute (the rate limit)
    rate_windows: dict[tuple[str, str], deque[float]] = field(default_factory=dict)

    # ---------------------------------------------------------------- ids, time
    def now(self) -> datetime:
        return self.clock.now()

    def now_utc_text(self) -> str:
        return utc_text(self.clock.now())

    def today_text(self) -> str:
        """Today in Sweden as a date field (`YYYY-MM-DDT00:00:00`)."""
        from zoneinfo import ZoneInfo

        return self.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%dT00:00:00")

    def next_number(self, kind: str, start: int = 1) -> int:
        value = self.counters.get(kind, start - 1) + 1
        self.counters[kind] = value
        return value

    # ---------------------------------------------------------------- lookups shared by several resources
    def fiscal_year_of(self, day: str) -> dict[str, Any] | None:
        """The fiscal year a date (`YYYY-MM-DD...`) falls in."""
        key = day[:10]
        for year in self.fiscal_years.values():
            if year["StartDate"][:10] <= key <= year["EndDate"][:10]:
                return year
        return None

    def account(self, fiscal_year_id: str, number: str | int) -> dict[str, Any] | None:
        return self.accounts.get(f"{fiscal_year_id}/{number}")

    # ---------------------------------------------------------------- export
    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {"companySettings": self.company}
        for key, attr in COLLECTIONS.items():
            data[key] = list(getattr(self, attr).values())
        data["counters"] = self.counters
        data["settings"] = self.settings
        return data
