"""Customer invoice drafts, customer invoices and their payments.

A draft is priced but not booked. Converting it (or POST /customerinvoices) books it: the invoice takes the
company's next invoice number and a voucher debits accounts receivable (1510) and credits the sales accounts
of the rows' article codings, the VAT accounts and the rounding account. A payment reduces the remaining
amount and books its own voucher (bank against 1510).

Money (docs/eekonomi.md, "Assumptions"): a row's Amount is Quantity * UnitPrice * (1 - DiscountPercentage),
net of VAT, rounded half up to two decimals; VAT is computed per VAT rate on the sum of those rows; with
CompanySettings.DomesticCurrencyRounding = 1 an invoice in the company's currency is rounded to whole units
(TotalRoundings). TotalAmount is what the customer pays: net + VAT + roundings. Prices are net of VAT.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.core.clock import parse_instant
from simulators.eekonomi import errors
from simulators.eekonomi.domain import find, is_eu
from simulators.eekonomi.domain.accounts import date_text, day_of, open_year_for, today
from simulators.eekonomi.domain.vouchers import (
    BANK_DEPOSIT,
    CUSTOMER_INVOICE_CREDIT,
    CUSTOMER_INVOICE_DEBIT,
    ZERO,
    book,
    cents,
    dec,
    money,
    vat_fraction,
)
from simulators.eekonomi.errors import EEkonomiError, field_error
from simulators.eekonomi.schema_data import MODELS
from simulators.eekonomi.state import EEkonomiState, new_id

PAID, UNPAID, OVERDUE = 0, 1, 2  # PaymentStatus
PARTIAL, COMPLETE, ROUNDING, BANK_CHARGE = 1, 2, 3, 4  # InvoicePaymentApi.PaymentType

# BAS accounts of a Swedish company (assumptions: the codings name the sales accounts; the rest are fixed)
RECEIVABLES = 1510
BANK = 1930
ROUNDING_ACCOUNT = 3740
EXCHANGE_GAIN, EXCHANGE_LOSS = 3960, 7960
BANK_FEES = 6570
VAT_ACCOUNTS = {Decimal("0.25"): 2611, Decimal("0.12"): 2621, Decimal("0.06"): 2631}
DEFAULT_VAT = Decimal("0.25")
PDF_HOST = "https://eaccountingprinting.vismaonline.com"

# sale kind -> (coding field of the sales account, fallback for goods, fallback for services)
SALES_ACCOUNTS = {
    "exempt": ("DomesticSalesVatExemptAccountNumber", 3004, 3004),
    "construction": ("DomesticSalesSubjectToReversedConstructionVatAccountNumber", 3231, 3231),
    "eu": ("ForeignSalesVatExemptWithinEuAccountNumber", 3108, 3308),
    "third_party": ("ForeignSalesSubjectToThirdPartySalesAccountNumber", 3108, 3308),
    "export": ("ForeignSalesVatExemptOutsideEuAccountNumber", 3105, 3305),
}
DOMESTIC_FALLBACK = {Decimal("0.25"): 3001, Decimal("0.12"): 3002, Decimal("0.06"): 3003}

# draft fields an invoice takes over when the draft is booked (the rest is computed again)
_DRAFT_RENAMES = {"HouseWorkOtherCosts": "WorkHouseOtherCosts"}
_ROW_FIELDS = ("ArticleId", "Text", "UnitPrice", "DiscountPercentage", "Quantity", "WorkCostType", "IsWorkCost",
               "WorkHours", "MaterialCosts", "CostCenterItemId1", "CostCenterItemId2", "CostCenterItemId3",
               "ProjectId", "GreenTechnologyType", "ContributionMargin", "IsTextRow")


# .NET decimal: what an input number must fit, and (an assumption, docs/eekonomi.md) what a computed amount may be
DECIMAL_MAX = Decimal("79228162514264337593543950335")
AMOUNT_LIMIT = Decimal("1e15")
DECIMAL_OVERFLOW = "Value was either too large or too small for a Decimal."


def _decimal(value: Any, field: str) -> Decimal:
    """An input number as .NET converts it to decimal; one that does not fit is 400 (2000), InvalidType."""
    number = dec(value)
    if not number.is_finite() or abs(number) > DECIMAL_MAX:
        raise errors.bad_request(DECIMAL_OVERFLOW, field=field, reason="InvalidType")
    return number


def _fits(amount: Decimal, field: str) -> Decimal:
    """A computed amount (from `field`) that a bookkeeping amount can hold, else 400 (2000), Range."""
    if abs(amount) >= AMOUNT_LIMIT:
        raise errors.bad_request(f"The amount of {field} must be between -999999999999999.99 and "
                                 "999999999999999.99.", field=field, reason="Range")
    return amount


def _amount(value: Any, field: str) -> Decimal:
    """An amount sent as such (a payment): it must fit a decimal and the amount bound."""
    return _fits(_decimal(value, field), field)


@dataclass(slots=True)
class Line:
    """A priced article row: its net amount, VAT rate and sales account."""

    net: Decimal
    rate: Decimal
    account: int


# ------------------------------------------------------------------------ lookups
def _customer(state: EEkonomiState, customer_id: str) -> dict[str, Any]:
    customer = state.customers.get(customer_id)
    if customer is None:
        raise errors.reference_missing("CustomerId", "Customer", customer_id)
    return customer


def _terms(state: EEkonomiState, body: dict[str, Any], customer: dict[str, Any]) -> dict[str, Any] | None:
    terms_id = body.get("TermsOfPaymentId")
    if terms_id:
        terms = state.terms_of_payments.get(terms_id)
        if terms is None:
            raise errors.reference_missing("TermsOfPaymentId", "TermsOfPayment", terms_id)
        return terms
    return state.terms_of_payments.get(customer.get("TermsOfPaymentId") or "")


def due_date(invoice_day: date, terms: dict[str, Any] | None) -> date:
    """InvoiceDate + the terms' days; "current month" terms (type 1) count from the end of the invoice month."""
    if terms is None:
        return invoice_day
    days = int(terms.get("NumberOfDays") or 0)
    start = invoice_day
    if terms.get("TermsOfPaymentTypeId") == 1:
        start = date(invoice_day.year + invoice_day.month // 12, invoice_day.month % 12 + 1, 1) - timedelta(days=1)
    return start + timedelta(days=days)


def _company_currency(state: EEkonomiState) -> str:
    return state.company.get("CurrencyCode") or "SEK"


def _sale_kind(state: EEkonomiState, customer: dict[str, Any], eu_third_party: bool) -> str:
    """How VAT applies to this customer: "domestic", "construction", "eu", "third_party" or "export"."""
    home = (state.company.get("CountryCode") or "SE").upper()
    country = (customer.get("InvoiceCountryCode") or home).upper()
    if country == home or customer.get("ForceBookkeepVat"):
        return "construction" if customer.get("ReverseChargeOnConstructionServices") else "domestic"
    if is_eu(country):
        if customer.get("IsPrivatePerson"):
            return "domestic"  # distance sales below the OSS threshold carry Swedish VAT
        return "third_party" if eu_third_party else "eu"
    return "export"


def _sales_account(coding: dict[str, Any], kind: str, rate: Decimal, service: bool) -> int:
    if kind == "domestic" and rate > 0:
        field, fallback = "DomesticSalesSubjectToVatAccountNumber", DOMESTIC_FALLBACK.get(rate, 3001)
    else:
        field, goods, services = SALES_ACCOUNTS["exempt" if kind == "domestic" else kind]
        fallback = services if service else goods
    return int(coding.get(field) or fallback)


# ------------------------------------------------------------------------ pricing
def _rows(state: EEkonomiState, rows_in: list[dict[str, Any]], kind: str, replace_zero: bool
          ) -> tuple[list[dict[str, Any]], list[Line]]:
    """The rows as stored (server fields filled, LineNumber in array order from 0) and the priced lines."""
    rows: list[dict[str, Any]] = []
    lines: list[Line] = []
    for index, row in enumerate(rows_in):
        where = f"Rows[{index}]"
        text_row = row["IsTextRow"] if row.get("IsTextRow") is not None else not row.get("ArticleId")
        out = {**row, "Id": new_id(), "LineNumber": index, "IsTextRow": bool(text_row)}
        if text_row:
            if not (row.get("Text") or "").strip():
                raise errors.bad_request("A text row needs a Text.", field=f"{where}.Text", reason="Required")
            out.update(ArticleId=None, Amount=0.0, AmountNoVat=0.0, VatRate=None, PercentVat=0.0, UnitPrice=0.0,
                       Quantity=0.0)
            rows.append(out)
            continue
        article_id = row.get("ArticleId")
        if not article_id:
            raise errors.bad_request("ArticleId is required when IsTextRow is false.", field=f"{where}.ArticleId",
                                     reason="Required")
        article = state.articles.get(article_id)
        if article is None:
            raise errors.reference_missing(f"{where}.ArticleId", "Article", article_id)
        coding = state.article_codings.get(article.get("CodingId") or "") or {}
        unit = state.units.get(article.get("UnitId") or "") or {}
        price = row.get("UnitPrice")
        if price is None or (price == 0 and replace_zero):
            price = article.get("NetPrice") or 0
        service = bool(article.get("IsServiceArticle") or str(coding.get("Type") or "").lower() == "service")
        rate = vat_fraction(coding["VatRatePercent"]) if coding.get("VatRatePercent") is not None else DEFAULT_VAT
        vat_free = row.get("IsVatFree") or row.get("ReversedConstructionServicesVatFree")
        if kind != "domestic" or vat_free:
            rate = ZERO
        gross = _decimal(row.get("Quantity"), f"{where}.Quantity") * _decimal(price, f"{where}.UnitPrice")
        net = cents(_fits(gross * (1 - dec(row.get("DiscountPercentage"))), f"{where}.UnitPrice"))
        lines.append(Line(net, rate, _sales_account(coding, kind, rate, service)))
        out.update(Text=row.get("Text") or article.get("Name"), UnitPrice=float(price), Amount=money(net),
                   AmountNoVat=money(net), VatRate=float(rate), PercentVat=float(rate), VatRateId=coding.get("VatRate"),
                   ArticleNumber=article.get("Number"), IsServiceArticle=service, UnitId=article.get("UnitId"),
                   UnitName=unit.get("Name"), UnitAbbreviation=unit.get("Abbreviation"),
                   UnitAbbreviationEnglish=unit.get("AbbreviationEnglish"),
                   PurchasePrice=article.get("PurchasePrice") or 0.0, FreightCosts=article.get("FreightCosts") or 0.0,
                   IsVatFree=bool(row.get("IsVatFree")), Quantity=row.get("Quantity") or 0.0,
                   DiscountPercentage=row.get("DiscountPercentage") or 0.0)
        rows.append(out)
    return rows, lines


@dataclass(slots=True)
class Totals:
    net: Decimal
    vat: Decimal
    rounding: Decimal
    by_rate: dict[Decimal, tuple[Decimal, Decimal]]  # rate -> (net, vat)

    @property
    def total(self) -> Decimal:
        return self.net + self.vat + self.rounding


def _totals(state: EEkonomiState, lines: list[Line], currency: str) -> Totals:
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        nets[line.rate] = nets.get(line.rate, ZERO) + line.net
    by_rate = {rate: (net, cents(net * rate)) for rate, net in nets.items()}
    net = sum(nets.values(), ZERO)
    vat = sum((v for _, v in by_rate.values()), ZERO)
    for gross in (net + vat, *(n + v for n, v in by_rate.values())):  # the invoice's and each VAT rate's total
        _fits(gross, "Rows")
    rounding = ZERO
    if state.company.get("DomesticCurrencyRounding") == 1 and currency == _company_currency(state):
        rounding = (net + vat).quantize(Decimal(1), rounding=ROUND_HALF_UP) - (net + vat)
    return Totals(net, vat, rounding, by_rate)


def _check_sign(body: dict[str, Any], totals: Totals) -> None:
    """Assumption: a credit invoice totals at most zero, any other invoice at least zero (4002)."""
    credit = bool(body.get("IsCreditInvoice"))
    if credit and totals.total > 0:
        raise errors.bad_request("A credit invoice must have a negative total; use negative quantities.",
                                 errors.CANNOT_CREATE_OR_UPDATE, "IsCreditInvoice")
    if not credit and totals.total < 0:
        raise errors.bad_request("An invoice with a negative total must be a credit invoice (IsCreditInvoice).",
                                 errors.CANNOT_CREATE_OR_UPDATE, "IsCreditInvoice")


def _customer_fields(customer: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """What a sales document takes from its customer where the body leaves it out (or the field is read-only)."""
    fields = {"InvoiceCustomerName": customer.get("Name"), "CustomerNumber": customer.get("CustomerNumber"),
              "CustomerName": customer.get("Name"), "CustomerIsPrivatePerson": bool(customer.get("IsPrivatePerson")),
              "ReverseChargeOnConstructionServices": bool(customer.get("ReverseChargeOnConstructionServices"))}
    for name in ("InvoiceAddress1", "InvoiceAddress2", "InvoicePostalCode", "InvoiceCity", "InvoiceCountryCode",
                 "DeliveryCustomerName", "DeliveryAddress1", "DeliveryAddress2", "DeliveryPostalCode", "DeliveryCity",
                 "DeliveryCountryCode"):
        value = body.get(name)
        fields[name] = value if value is not None else customer.get(name)
    return fields


# ------------------------------------------------------------------------ drafts
def list_drafts(state: EEkonomiState) -> list[dict[str, Any]]:
    return sorted(state.drafts.values(), key=lambda d: d.get("CreatedUtc") or "")


def get_draft(state: EEkonomiState, draft_id: str) -> dict[str, Any]:
    return find(state.drafts, draft_id, "CustomerInvoiceDraft", "customerInvoiceDraftId")


def _draft(state: EEkonomiState, body: dict[str, Any], draft_id: str, created: str) -> dict[str, Any]:
    customer = _customer(state, body["CustomerId"])
    kind = _sale_kind(state, customer, bool(body.get("EuThirdParty")))
    rows, lines = _rows(state, body.get("Rows") or [], kind, bool(body.get("ReplaceUnitPriceWhenZero")))
    currency = customer.get("CurrencyCode") or _company_currency(state)
    totals = _totals(state, lines, currency)
    _check_sign(body, totals)
    terms = _terms(state, body, customer)
    record = {**body, **_customer_fields(customer, body), "Id": draft_id, "Rows": rows,
              "TermsOfPaymentId": body.get("TermsOfPaymentId") or customer.get("TermsOfPaymentId"),
              "InvoiceCurrencyCode": currency, "IncludesVat": False,
              "TotalAmount": money(totals.total), "TotalVatAmount": money(totals.vat),
              "TotalRoundings": money(totals.rounding), "TotalAmountBaseCurrency": money(totals.total),
              "TotalVatAmountBaseCurrency": money(totals.vat), "CreatedUtc": created}
    if record.get("InvoiceDate") and not record.get("DueDate"):
        record["DueDate"] = date_text(due_date(day_of(record["InvoiceDate"]), terms))
    return record


def create_draft(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    record = _draft(state, body, new_id(), state.now_utc_text())
    state.drafts[record["Id"]] = record
    return record


def replace_draft(state: EEkonomiState, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
    current = get_draft(state, draft_id)
    record = _draft(state, body, current["Id"], current.get("CreatedUtc") or state.now_utc_text())
    state.drafts[record["Id"]] = record
    return record


def delete_draft(state: EEkonomiState, draft_id: str) -> None:
    del state.drafts[get_draft(state, draft_id)["Id"]]


def _invoice_body(draft: dict[str, Any]) -> dict[str, Any]:
    """The CustomerInvoiceApi body that books a draft: its own fields, rows by value."""
    names = {name for name, prop in MODELS["CustomerInvoiceApi"]["properties"].items() if not prop.get("readOnly")}
    body = {_DRAFT_RENAMES.get(k, k): v for k, v in draft.items() if _DRAFT_RENAMES.get(k, k) in names}
    body["Rows"] = [{**{k: row[k] for k in _ROW_FIELDS if k in row},
                     "IsVatFree": bool(row.get("ReversedConstructionServicesVatFree") or row.get("IsVatFree"))}
                    for row in draft.get("Rows") or []]
    body["CreatedFromDraftId"] = draft["Id"]
    return body


def convert_draft(state: EEkonomiState, draft_id: str, expected: dict[str, Any] | None, keep_date: bool = False,
                  override_company: bool = False) -> dict[str, Any]:
    """POST /customerinvoicedrafts/{id}/convert: book the draft as an invoice and delete it.

    The invoice is dated today unless the draft's date is kept (the query, or CompanySettings.KeepOriginalDraftDate
    unless overrideCompanyKeepOriginalDraftDate). Expected totals (CustomerInvoiceDraftValidationApi) must match
    to the cent, or nothing is booked.
    """
    draft = get_draft(state, draft_id)
    keep = keep_date if override_company else (keep_date or bool(state.company.get("KeepOriginalDraftDate")))
    body = _invoice_body(draft)
    if not (keep and draft.get("InvoiceDate")):
        body["InvoiceDate"] = state.today_text()
        body["DueDate"] = None
    invoice, legs = _prepare(state, body)
    if expected:
        _check_expected(invoice, expected)
    _commit(state, invoice, legs)
    del state.drafts[draft["Id"]]
    return invoice


def _check_expected(invoice: dict[str, Any], expected: dict[str, Any]) -> None:
    actual = {"TotalAmountInvoiceCurrency": invoice["TotalAmountInvoiceCurrency"],
              "TotalVatAmountInvoiceCurrency": invoice["TotalVatAmountInvoiceCurrency"],
              "TotalRoundingsInvoiceCurrency": invoice["TotalRoundingsInvoiceCurrency"]}
    problems = [field_error(name, "Mismatch", f"Expected {name} {cents(dec(expected[name]))} but the draft has "
                                              f"{cents(dec(value))}.")
                for name, value in actual.items()
                if expected.get(name) is not None and cents(dec(expected[name])) != cents(dec(value))]
    rows = {row["LineNumber"]: row for row in invoice["Rows"]}
    for index, check in enumerate(expected.get("Rows") or []):
        row = rows.get(check.get("LineNumber"))
        where = f"Rows[{index}]"
        if row is None:
            problems.append(field_error(f"{where}.LineNumber", "NotFound",
                                        f"The draft has no row with LineNumber {check.get('LineNumber')}."))
            continue
        net = dec(row["Amount"])
        gross = cents(net * (1 + dec(row.get("VatRate"))))
        for name, value in (("TotalAmountNoVatInvoiceCurrency", net), ("TotalAmountIncVatInvoiceCurrency", gross)):
            if check.get(name) is not None and cents(dec(check[name])) != value:
                problems.append(field_error(f"{where}.{name}", "Mismatch",
                                            f"Expected {name} {cents(dec(check[name]))} but the row has {value}."))
    if problems:
        raise EEkonomiError(400, errors.VALIDATION, "The draft does not match the expected amounts: "
                            + problems[0]["Message"], problems)


# ------------------------------------------------------------------------ invoices
def create_invoice(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    """POST /customerinvoices: price and book at once; CreatedFromDraftId books that draft instead of the body."""
    draft_id = body.get("CreatedFromDraftId")
    if draft_id:
        if draft_id not in state.drafts:
            raise errors.reference_missing("CreatedFromDraftId", "CustomerInvoiceDraft", draft_id)
        return convert_draft(state, draft_id, None)
    invoice, legs = _prepare(state, body)
    _commit(state, invoice, legs)
    return invoice


def _prepare(state: EEkonomiState, body: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[int, Decimal]]]:
    """The invoice record (without its number and voucher) and the voucher's legs; nothing is stored yet."""
    customer = _customer(state, body["CustomerId"])
    kind = _sale_kind(state, customer, bool(body.get("EuThirdParty")))
    rows, lines = _rows(state, body.get("Rows") or [], kind, bool(body.get("ReplaceUnitPriceWhenZero")))
    currency = customer.get("CurrencyCode") or _company_currency(state)
    rate = _decimal(body.get("CurrencyRate") or 1, "CurrencyRate")
    totals = _totals(state, lines, currency)
    _fits(totals.total * rate, "CurrencyRate")
    _check_sign(body, totals)
    terms = _terms(state, body, customer)
    invoice_day = day_of(body["InvoiceDate"]) if body.get("InvoiceDate") else today(state)
    due = day_of(body["DueDate"]) if body.get("DueDate") else due_date(invoice_day, terms)
    if due < invoice_day:
        raise errors.bad_request("DueDate cannot be before InvoiceDate.", field="DueDate")
    open_year_for(state, invoice_day, "InvoiceDate")

    def base(amount: Decimal) -> Decimal:
        return cents(amount * rate)

    legs: list[tuple[int, Decimal]] = []
    for line in lines:
        legs.append((line.account, -base(line.net)))
    for vat_rate, (_, vat) in totals.by_rate.items():
        if vat:
            legs.append((VAT_ACCOUNTS.get(vat_rate, VAT_ACCOUNTS[DEFAULT_VAT]), -base(vat)))
    if totals.rounding:
        legs.append((ROUNDING_ACCOUNT, -base(totals.rounding)))
    total_base = -sum((amount for _, amount in legs), ZERO)
    legs.append((RECEIVABLES, total_base))
    now = state.now_utc_text()
    invoice = {**body, **_customer_fields(customer, body), "Id": new_id(), "Rows": rows, "CurrencyCode": currency,
               "CurrencyRate": float(rate), "CustomerEmail": customer.get("EmailAddress"),
               "ElectronicAddress": customer.get("ElectronicAddress"),
               "TermsOfPaymentId": body.get("TermsOfPaymentId") or customer.get("TermsOfPaymentId"),
               "InvoiceDate": date_text(invoice_day), "DueDate": date_text(due),
               "TotalAmount": money(total_base), "TotalVatAmount": money(base(totals.vat)),
               "TotalRoundings": money(base(totals.rounding)), "TotalAmountInvoiceCurrency": money(totals.total),
               "TotalVatAmountInvoiceCurrency": money(totals.vat),
               "TotalRoundingsInvoiceCurrency": money(totals.rounding),
               "VatSpecification": [{"AmountInvoiceCurrency": money(net), "VatAmountInvoiceCurrency": money(vat),
                                     "VatPercent": float(vat_rate)} for vat_rate, (net, vat) in totals.by_rate.items()],
               "RemainingAmount": money(total_base), "RemainingAmountInvoiceCurrency": money(totals.total),
               "IncludesVat": False, "PaymentDate": None, "CreatedUtc": now, "ModifiedUtc": now}
    return invoice, legs


def _commit(state: EEkonomiState, invoice: dict[str, Any], legs: list[tuple[int, Decimal]]) -> None:
    number = _next_invoice_number(state)
    invoice["InvoiceNumber"] = number
    if state.company.get("UsesPaymentReferenceNumber"):
        invoice["PaymentReferenceNumber"] = ocr(number)
    kind = CUSTOMER_INVOICE_CREDIT if invoice.get("IsCreditInvoice") else CUSTOMER_INVOICE_DEBIT
    voucher = book(state, day_of(invoice["InvoiceDate"]), f"Kundfaktura {number}, {invoice.get('CustomerName')}",
                   legs, kind, invoice["Id"])
    invoice["VoucherId"] = voucher["Id"]
    invoice["VoucherNumber"] = voucher["NumberAndNumberSeries"]
    state.invoices[invoice["Id"]] = invoice


def _next_invoice_number(state: EEkonomiState) -> int:
    """CompanySettings.NextCustomerInvoiceNumber, skipping numbers a seeded invoice already holds."""
    used = {inv.get("InvoiceNumber") for inv in state.invoices.values()}
    number = int(state.company.get("NextCustomerInvoiceNumber") or 1)
    while number in used:
        number += 1
    state.company["NextCustomerInvoiceNumber"] = number + 1
    return number


def ocr(number: int) -> str:
    """A Swedish OCR reference: the invoice number and its Luhn (mod 10) check digit."""
    digits = [int(d) for d in str(number)]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return f"{number}{(10 - total % 10) % 10}"


def _remaining(invoice: dict[str, Any], base: bool = False) -> Decimal:
    """What is left to pay; a seeded invoice without Remaining* fields owes its total."""
    suffix = "" if base else "InvoiceCurrency"
    key = f"RemainingAmount{suffix}"
    return dec(invoice[key] if key in invoice else invoice.get(f"TotalAmount{suffix}"))


def payment_status(state: EEkonomiState, invoice: dict[str, Any]) -> int:
    """0 Paid, 1 Unpaid, 2 Overdue (past DueDate on the tenant clock)."""
    if _remaining(invoice) == ZERO:
        return PAID
    due = invoice.get("DueDate")
    return OVERDUE if due and day_of(due) < today(state) else UNPAID


def view(state: EEkonomiState, invoice: dict[str, Any]) -> dict[str, Any]:
    """An invoice as it reads now (PaymentStatus follows the clock)."""
    return {**invoice, "RemainingAmount": money(_remaining(invoice, base=True)),
            "RemainingAmountInvoiceCurrency": money(_remaining(invoice)),
            "PaymentStatus": payment_status(state, invoice)}


def get_invoice(state: EEkonomiState, invoice_id: str) -> dict[str, Any]:
    return find(state.invoices, invoice_id, "CustomerInvoice", "invoiceId")


def parse_since(text: str, field: str) -> datetime:
    """A date-time filter value (a date alone is midnight UTC); anything else is 400 (2000)."""
    try:
        return parse_instant(text)
    except ValueError:
        raise errors.bad_request(f"The value '{text}' is not a valid date-time.", field=field) from None


def list_invoices(state: EEkonomiState, modified_since: str | None = None) -> list[dict[str, Any]]:
    """Invoices by number; `modifiedSinceUtc` keeps those with ModifiedUtc at or after it."""
    records = sorted(state.invoices.values(), key=lambda inv: (inv.get("InvoiceNumber") or 0, inv["Id"]))
    if modified_since is not None:
        since = parse_since(modified_since, "modifiedSinceUtc")
        records = [inv for inv in records
                   if inv.get("ModifiedUtc") and parse_since(inv["ModifiedUtc"], "ModifiedUtc") >= since]
    return [view(state, inv) for inv in records]


def pdf_url(state: EEkonomiState, invoice_id: str) -> dict[str, Any]:
    """InvoiceUrlApi: a link to the printed invoice (not served by the simulator; see docs/eekonomi.md)."""
    invoice = get_invoice(state, invoice_id)
    token = hashlib.sha256(f"{invoice['Id']}:{invoice.get('ModifiedUtc')}".encode()).hexdigest()[:32]
    return {"Url": f"{PDF_HOST}/customerinvoices/{invoice['Id']}.pdf?token={token}"}


# ------------------------------------------------------------------------ payments
def pay(state: EEkonomiState, invoice_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST /customerinvoices/{id}/payments: settle part or all of the remaining amount and book it.

    PaymentAmount (invoice currency) plus BankFeeAmount settle the invoice; CompletePayment settles all of it,
    booking any difference on the rounding account; Rounding and BankCharge payments are booked on the rounding
    and bank-fee accounts instead of the bank. More than the remaining amount is refused (4002).
    """
    invoice = get_invoice(state, invoice_id)
    currency = invoice.get("CurrencyCode") or _company_currency(state)
    if body["PaymentCurrency"].upper() != currency.upper():
        raise errors.bad_request(f"PaymentCurrency must be the invoice currency {currency}.",
                                 field="PaymentCurrency")
    day = day_of(body["PaymentDate"]) if body.get("PaymentDate") else today(state)
    if day > today(state):
        raise errors.bad_request("Future dates cannot be set.", errors.CANNOT_CREATE_OR_UPDATE, "PaymentDate")
    remaining = _remaining(invoice)
    if remaining == ZERO:
        raise errors.bad_request("The invoice is already paid.", errors.CANNOT_CREATE_OR_UPDATE, "PaymentAmount")
    sign = 1 if remaining > 0 else -1
    amount = _amount(body["PaymentAmount"], "PaymentAmount")
    fee = _amount(body.get("BankFeeAmount"), "BankFeeAmount")
    if amount * sign < 0 or (amount == ZERO and fee == ZERO):
        raise errors.bad_request("PaymentAmount must be nonzero and have the sign of the remaining amount.",
                                 field="PaymentAmount")
    settled = amount + fee * sign
    if abs(settled) > abs(remaining):
        raise errors.bad_request(f"The payment {cents(settled)} exceeds the remaining amount {cents(remaining)}.",
                                 errors.CANNOT_CREATE_OR_UPDATE, "PaymentAmount")
    kind = body["PaymentType"]
    write_off = remaining - settled if kind == COMPLETE else ZERO
    rate = dec(invoice.get("CurrencyRate") or 1)
    domestic = cents(_amount(body["DomesticPaymentAmount"], "DomesticPaymentAmount")) \
        if body.get("DomesticPaymentAmount") and rate != 1 else cents(amount * rate)
    target = {ROUNDING: ROUNDING_ACCOUNT, BANK_CHARGE: BANK_FEES}.get(kind, BANK)
    legs = [(target, domestic), (BANK_FEES, cents(fee * sign * rate)), (ROUNDING_ACCOUNT, cents(write_off * rate))]
    legs = [(account, value) for account, value in legs if value]
    now_remaining = remaining - settled - write_off
    base_remaining = _remaining(invoice, base=True)
    settled_base = base_remaining if now_remaining == ZERO else sum((v for _, v in legs), ZERO)
    balance = settled_base - sum((v for _, v in legs), ZERO)
    if balance:  # the exchange difference, settled with the last payment
        legs.append((EXCHANGE_LOSS if balance > 0 else EXCHANGE_GAIN, balance))
    legs.append((RECEIVABLES, -settled_base))
    book(state, day, f"Inbetalning kundfaktura {invoice.get('InvoiceNumber')}", legs, BANK_DEPOSIT, invoice["Id"],
         field="PaymentDate")
    invoice["RemainingAmountInvoiceCurrency"] = money(now_remaining)
    invoice["RemainingAmount"] = money(base_remaining - settled_base)
    if now_remaining == ZERO:
        invoice["PaymentDate"] = date_text(day)
    invoice["ModifiedUtc"] = state.now_utc_text()
    return {**body, "PaymentDate": date_text(day), "BankTransactionId": new_id()}
