"""Vouchers: the general ledger. Manual vouchers come from POST /vouchers; invoices and payments book their own
(automatic) vouchers through `book`.

A voucher balances (debits = credits), lands in an existing, unlocked fiscal year, and every row names one
side. Numbers run per fiscal year and series: `NumberAndNumberSeries` is the series letter followed by the
number ("A12"). Money is Decimal, rounded half up to two decimals, and stored as floats (the vendor's JSON).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.domain import path_guid
from simulators.eekonomi.domain.accounts import date_text, day_of, open_year_for, today
from simulators.eekonomi.errors import EEkonomiError, field_error
from simulators.eekonomi.state import EEkonomiState, new_id

CENT = Decimal("0.01")
ZERO = Decimal(0)

MANUAL = 2  # VoucherType ManualVoucher
BANK_DEPOSIT = 10  # BankTransactionDeposit (customer payments)
CUSTOMER_INVOICE_DEBIT = 14
CUSTOMER_INVOICE_CREDIT = 15

# Assumption (docs/eekonomi.md): the default series per voucher type of a Swedish company.
SERIES_BY_TYPE = {MANUAL: "A", CUSTOMER_INVOICE_DEBIT: "B", CUSTOMER_INVOICE_CREDIT: "B", BANK_DEPOSIT: "C"}
MAX_SERIES_LENGTH = 10
UNBALANCED = "The voucher must have balanced debit and credit amounts"


def dec(value: Any) -> Decimal:
    """A JSON number as a Decimal without binary noise (0.1 stays 0.1)."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> float:
    """A stored amount: two decimals, half up, as the float the JSON carries."""
    return float(cents(value))


# ------------------------------------------------------------------------ reads
def all_vouchers(state: EEkonomiState, year_id: str | None = None) -> list[dict[str, Any]]:
    records = state.vouchers.values()
    if year_id is not None:
        records = [v for v in records if year_of(state, v) == year_id]
    return sorted(records, key=lambda v: (v.get("VoucherDate") or "", v.get("CreatedUtc") or "",
                                          v.get("NumberAndNumberSeries") or ""))


def year_of(state: EEkonomiState, voucher: dict[str, Any]) -> str | None:
    """The fiscal year of a voucher (kept privately; a seeded voucher's comes from its date)."""
    year_id = voucher.get("FiscalYearId")
    if year_id is None and voucher.get("VoucherDate"):
        year = state.fiscal_year_of(voucher["VoucherDate"])
        year_id = year["Id"] if year else None
    return year_id


def get_voucher(state: EEkonomiState, year_id: str, voucher_id: str) -> dict[str, Any]:
    year_id = path_guid(year_id, "fiscalyearId")
    voucher = state.vouchers.get(path_guid(voucher_id, "voucherId"))
    if voucher is None or year_of(state, voucher) != year_id:
        raise errors.not_found("Voucher", voucher_id)
    return voucher


# ------------------------------------------------------------------------ booking
def _number(state: EEkonomiState, year_id: str, series: str) -> str:
    return f"{series}{state.next_number(f'voucher/{year_id}/{series}')}"


def _account_name(state: EEkonomiState, year_id: str, number: int) -> str | None:
    account = state.account(year_id, number)
    return account.get("Name") if account else None


def book(state: EEkonomiState, day: date, text: str, legs: Iterable[tuple[int, Decimal]], voucher_type: int,
         source_id: str | None = None, field: str = "InvoiceDate") -> dict[str, Any]:
    """An automatic voucher (invoice, payment): legs are (account, amount), positive = debit, negative = credit.

    Legs on one account are summed; the legs must balance. Accounts are not looked up: the chart of a real
    company always holds the accounts its codings name (an assumption of the simulator).
    """
    year = open_year_for(state, day, field)
    totals: dict[int, Decimal] = {}
    for account, amount in legs:
        totals[account] = totals.get(account, ZERO) + cents(amount)
    if sum(totals.values(), ZERO) != ZERO:
        raise AssertionError(f"unbalanced automatic voucher: {totals}")  # a bug in the caller, never the client's
    rows = [{"AccountNumber": account, "AccountDescription": _account_name(state, year["Id"], account),
             "DebitAmount": money(amount) if amount > 0 else 0.0,
             "CreditAmount": money(-amount) if amount < 0 else 0.0, "TransactionText": None}
            for account, amount in totals.items() if amount != ZERO]
    return _store(state, year, day, text, rows, voucher_type, SERIES_BY_TYPE.get(voucher_type, "A"), source_id)


def _store(state: EEkonomiState, year: dict[str, Any], day: date, text: str, rows: list[dict[str, Any]],
           voucher_type: int, series: str, source_id: str | None, extra: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    now = state.now_utc_text()
    voucher = {**(extra or {}), "Id": new_id(), "VoucherDate": date_text(day), "VoucherText": text, "Rows": rows,
               "NumberAndNumberSeries": _number(state, year["Id"], series), "NumberSeries": series,
               "VoucherType": voucher_type, "SourceId": source_id, "CreatedUtc": now, "ModifiedUtc": now,
               "FiscalYearId": year["Id"]}
    state.vouchers[voucher["Id"]] = voucher
    return voucher


# ------------------------------------------------------------------------ manual vouchers
def create_voucher(state: EEkonomiState, body: dict[str, Any], automatic_vat: bool = False,
                   default_vat_codes: bool = True, default_series: bool = True) -> dict[str, Any]:
    """POST /vouchers: date in an open fiscal year, accounts of that year, one side per row, balanced."""
    day = day_of(body["VoucherDate"]) if body.get("VoucherDate") else today(state)
    year = open_year_for(state, day, "VoucherDate")
    series = _series(body, default_series)
    rows_in = body["Rows"]
    if not rows_in:
        raise errors.bad_request("A voucher needs rows.", field="Rows", reason="Required")
    rows: list[dict[str, Any]] = []
    debit_sum = credit_sum = ZERO
    for index, row in enumerate(rows_in):
        where = f"Rows[{index}]"
        number = row["AccountNumber"]
        account = state.account(year["Id"], number)
        if account is None:
            message = f"Account {number} does not exist in the fiscal year {year['StartDate'][:10]} - " \
                      f"{year['EndDate'][:10]}."
            raise EEkonomiError(400, errors.ACCOUNT_MISSING, message,
                                [field_error(f"{where}.AccountNumber", "NotFound", message)])
        if account.get("IsActive") is False or account.get("IsBlockedForManualBooking"):
            state_text = "inactive" if account.get("IsActive") is False else "blocked for manual booking"
            raise errors.bad_request(f"Account {number} is {state_text}.", errors.CANNOT_CREATE_OR_UPDATE,
                                     f"{where}.AccountNumber")
        debit, credit = dec(row.get("DebitAmount")), dec(row.get("CreditAmount"))
        if (debit != ZERO) == (credit != ZERO):
            message = "A voucher row must have either a debit or a credit amount, not both and not neither."
            raise errors.bad_request(message, field=where)
        debit_sum += debit
        credit_sum += credit
        rows.append({**row, "AccountNumber": number, "AccountDescription": account.get("Name"),
                     "DebitAmount": money(debit), "CreditAmount": money(credit),
                     "VatCodeId": _vat_code_id(state, row, account, default_vat_codes, where)})
    if debit_sum != credit_sum:
        raise errors.bad_request(f"{UNBALANCED}: debit {cents(debit_sum)}, credit {cents(credit_sum)}.",
                                 field="Rows", reason="Unbalanced")
    if automatic_vat:
        rows = _split_vat(state, year["Id"], rows)
    for row in rows:
        row["VatCodeAndPercent"] = _vat_label(state, row.get("VatCodeId"))
    extra = {k: body[k] for k in ("Attachments",) if k in body}
    return _store(state, year, day, body["VoucherText"], rows, MANUAL, series, None, extra)


def _series(body: dict[str, Any], default_series: bool) -> str:
    if default_series:
        return SERIES_BY_TYPE[MANUAL]
    series = (body.get("NumberSeries") or "").strip().upper()
    if not series:
        raise errors.bad_request("NumberSeries is required when useDefaultVoucherSeries is false.",
                                 field="NumberSeries", reason="Required")
    if len(series) > MAX_SERIES_LENGTH or not series.isalnum():
        raise errors.bad_request(f"NumberSeries must be 1-{MAX_SERIES_LENGTH} letters or digits.",
                                 field="NumberSeries")
    return series


def _vat_code_id(state: EEkonomiState, row: dict[str, Any], account: dict[str, Any], default_codes: bool,
                 where: str) -> str | None:
    if default_codes:
        return account.get("VatCodeId")
    given = row.get("VatCodeId")
    if given and given not in state.vat_codes:
        raise errors.reference_missing(f"{where}.VatCodeId", "VatCode", given)
    return given


def vat_fraction(value: Any) -> Decimal:
    """A VAT rate as a fraction: the vendor's registers write 25 % as 0.25 or as 25."""
    rate = dec(value)
    return rate / 100 if rate > 1 else rate


def _vat_label(state: EEkonomiState, vat_code_id: str | None) -> str | None:
    vat_code = state.vat_codes.get(vat_code_id) if vat_code_id else None
    if vat_code is None:
        return None
    percent = (vat_fraction(vat_code.get("VatRate")) * 100).normalize()
    return f"{vat_code.get('Code')} ({percent:f}%)"


def _split_vat(state: EEkonomiState, year_id: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """useAutomaticVatCalculation: a row on an account with a VAT code holds the gross amount; it keeps the net
    and a VAT row on the code's first related account takes the VAT (same side)."""
    out: list[dict[str, Any]] = []
    for row in rows:
        out.append(row)
        vat_code = state.vat_codes.get(row.get("VatCodeId") or "")
        if vat_code is None:
            continue
        rate = vat_fraction(vat_code.get("VatRate"))
        vat_account = (vat_code.get("RelatedAccounts") or {}).get("AccountNumber1")
        if rate <= 0 or not vat_account:
            continue
        side = "DebitAmount" if row["DebitAmount"] else "CreditAmount"
        gross = dec(row[side])
        net = cents(gross / (1 + rate))
        row[side] = money(net)
        vat = {"AccountNumber": int(vat_account), "AccountDescription": _account_name(state, year_id, vat_account),
               "DebitAmount": 0.0, "CreditAmount": 0.0, "TransactionText": row.get("TransactionText")}
        vat[side] = money(gross - net)
        out.append(vat)
    return out
