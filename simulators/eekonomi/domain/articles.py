"""Articles (the product and work-type register an invoice row names): create, full replace, reads.

A stored article is the validated ArticleApi body plus what the server sets: Id, CreatedUtc, ChangedUtc, the
names of its coding and unit, the price it was not given (net from gross or gross from net, with the coding's
VAT rate), stock figures and the "manually changed" stamps. The rules: CodingId must name an article account
coding and UnitId a unit (400, 3000); Number is unique (4000, compared case-insensitively like SQL Server's
default collation); stock articles need the stock module and UsesMoss the company's OSS setting (4002).
GET with `customerId` shows the customer's discount (DiscountPercentage, NetPriceWithDiscount).
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.domain import find, path_guid
from simulators.eekonomi.errors import EEkonomiError, field_error
from simulators.eekonomi.state import EEkonomiState, new_id

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
STOCK_MODULE = "Stock"
# the HouseWorkType and GreenTechnologyType values the vendor lists
HOUSE_WORK_TYPES = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                              27, 28, 29})
GREEN_TECHNOLOGY_TYPES = frozenset({0, 1, 2, 3})
_CENT = Decimal("0.01")


def money(value: float | Decimal) -> float:
    """Rounded to öre, half away from zero (how the vendor rounds amounts)."""
    return float(Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------------ reads
def get(state: EEkonomiState, article_id: str, customer_id: str | None = None) -> dict[str, Any]:
    article = find(state.articles, article_id, "Article", "articleId")
    return view(article, _customer_discount(state, customer_id))


def all_views(state: EEkonomiState, customer_id: str | None = None) -> list[dict[str, Any]]:
    discount = _customer_discount(state, customer_id)
    return [view(article, discount) for article in state.articles.values()]


def view(article: dict[str, Any], discount: float | None = None) -> dict[str, Any]:
    if not discount:
        return article
    out = dict(article)
    out["DiscountPercentage"] = discount
    out["NetPriceWithDiscount"] = money(Decimal(str(article.get("NetPrice") or 0)) * (1 - Decimal(str(discount))))
    return out


def _customer_discount(state: EEkonomiState, customer_id: str | None) -> float | None:
    """The discount of the customer named in `?customerId=` (an unknown one is 400 with 3000)."""
    if customer_id is None:
        return None
    ident = path_guid(customer_id, "customerId")
    customer = state.customers.get(ident)
    if customer is None:
        raise errors.reference_missing("customerId", "Customer", customer_id)
    return float(customer.get("DiscountPercentage") or 0)


# ------------------------------------------------------------------------ writes
def create(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    """POST /articles: `body` is the validated ArticleApi."""
    now = state.now_utc_text()
    record = _checked(state, body, None, now)
    record["Id"] = new_id()
    record["CreatedUtc"] = now
    record["ChangedUtc"] = now
    state.articles[record["Id"]] = record
    return record


def replace(state: EEkonomiState, article_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /articles/{id}: a full replace; omitted fields go back to null or their default."""
    old = find(state.articles, article_id, "Article", "articleId")
    now = state.now_utc_text()
    record = _checked(state, body, old, now)
    record["Id"] = old["Id"]
    record["CreatedUtc"] = old.get("CreatedUtc") or now
    record["ChangedUtc"] = now
    state.articles[record["Id"]] = record
    return record


def _checked(state: EEkonomiState, body: dict[str, Any], old: dict[str, Any] | None, now: str) -> dict[str, Any]:
    record = dict(body)
    _formats(record)
    coding = state.article_codings.get(record["CodingId"])
    if coding is None:
        raise errors.reference_missing("CodingId", "ArticleAccountCoding", record["CodingId"])
    unit = state.units.get(record["UnitId"])
    if unit is None:
        raise errors.reference_missing("UnitId", "Unit", record["UnitId"])
    record["Number"] = number = record["Number"].strip()
    own = old["Id"] if old else None
    if any(str(a.get("Number", "")).strip().lower() == number.lower() and a["Id"] != own
           for a in state.articles.values()):
        raise errors.conflict(f"An article with the number {number} already exists.", "Number")
    _module_rules(state, record)
    record["CodingName"] = coding.get("Name")
    record["UnitName"] = unit.get("Name")
    record["UnitAbbreviation"] = unit.get("Abbreviation")
    _prices(record, float(coding.get("VatRatePercent") or 0))
    _stock(state, record, coding, old, now)
    record.setdefault("SendToWebshop", True)
    if not record.get("CurrencyCode"):
        record["CurrencyCode"] = state.company.get("CurrencyCode") or "SEK"
    if record.get("SupplierId") == EMPTY_GUID:
        record["SupplierId"] = None
    if record.get("ArticleLabels"):
        record["ArticleLabels"] = [
            {"Id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"eekonomi:article-label:{str(label['Name']).lower()}")),
             **label} for label in record["ArticleLabels"] if label is not None]
    record["MessageThreads"] = (old or {}).get("MessageThreads") or []
    record["Notes"] = (old or {}).get("Notes") or []
    return record


def _formats(record: dict[str, Any]) -> None:
    problems = []
    house = record.get("HouseWorkType")
    if house is not None and house not in HOUSE_WORK_TYPES:
        problems.append(field_error("HouseWorkType", "InvalidValue", f"The value {house} is not a valid "
                                                                     "HouseWorkType."))
    green = record.get("GreenTechnologyType")
    if green is not None and green not in GREEN_TECHNOLOGY_TYPES:
        problems.append(field_error("GreenTechnologyType", "InvalidValue", f"The value {green} is not a valid "
                                                                           "GreenTechnologyType."))
    if problems:
        raise errors.validation_failed(problems)


def _module_rules(state: EEkonomiState, record: dict[str, Any]) -> None:
    found = []
    if record.get("IsStock") and STOCK_MODULE not in (state.company.get("ActivatedModules") or []):
        found.append(field_error("IsStock", "NoAccessToModule",
                                 "IsStock can only be true when the stock module is activated."))
    if record.get("UsesMoss") and not state.company.get("UsesMoss"):
        found.append(field_error("UsesMoss", "Invalid",
                                 "UsesMoss can only be set when the company uses OSS (CompanySettings.UsesMoss)."))
    if found:
        raise EEkonomiError(400, errors.CANNOT_CREATE_OR_UPDATE, found[0]["Message"], found)


def _prices(record: dict[str, Any], vat_rate: float) -> None:
    """The sales price excluding and including VAT: the one not given follows from the other."""
    rate = Decimal(str(vat_rate))
    net, gross = record.get("NetPrice"), record.get("GrossPrice")
    if net is not None and gross is None:
        record["GrossPrice"] = money(Decimal(str(net)) * (1 + rate))
    elif gross is not None and net is None:
        record["NetPrice"] = money(Decimal(str(gross)) / (1 + rate))
    record.setdefault("NetPrice", 0.0)
    record.setdefault("GrossPrice", 0.0)
    if record.get("NetPriceWithDiscount") is None:
        record["NetPriceWithDiscount"] = record["NetPrice"]
    if record.get("PurchasePrice") is not None:
        record["PurchasePrice"] = money(record["PurchasePrice"])


def _stock(state: EEkonomiState, record: dict[str, Any], coding: dict[str, Any], old: dict[str, Any] | None,
           now: str) -> None:
    service = coding.get("Type") == "Service"
    stock_module = STOCK_MODULE in (state.company.get("ActivatedModules") or [])
    record["IsServiceArticle"] = service
    record["ShowStockInformation"] = not service and (bool(record.get("IsStock")) or not stock_module)
    balance = float(record.get("StockBalance") or 0)
    record["StockBalance"] = balance
    record["StockBalanceReserved"] = 0.0
    record["StockBalanceAvailable"] = balance
    record["StockValue"] = money(Decimal(str(balance)) * Decimal(str(record.get("PurchasePrice") or 0))) \
        if record.get("IsStock") else 0.0
    before = old or {}
    for field, stamp in (("StockBalance", "StockBalanceManuallyChangedUtc"),
                         ("PurchasePrice", "PurchasePriceManuallyChangedUtc"),
                         ("FreightCosts", "FreightCostsManuallyChangedUtc")):
        value = float(record.get(field) or 0)
        if value != float(before.get(field) or 0):
            record[stamp] = now
        else:
            record[stamp] = before.get(stamp)
