"""Reference data (terms of payment, VAT codes, units, article account codings, account types) and the
company settings.

The registers are read-only through the API (the vendor has no POST for them); they come from the dataset or
from `defaults.py`. Company settings are one object per company: GET shows it bare (no list envelope), PUT
replaces its writable fields. PUT keeps: the read-only fields (currency, organisation number, counters…), nested
objects left out or sent as null, and FirstPaymentReminderWithoutFee / LatePaymentFee when null ("set to null
to skip updating"). The country of a company cannot change (4002); outside Sweden a phone number is required.
"""

from __future__ import annotations

import re
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.domain import find
from simulators.eekonomi.errors import EEkonomiError, field_error
from simulators.eekonomi.schema_data import MODELS
from simulators.eekonomi.state import EEkonomiState

COMPANY_MODEL = "CompanySettingsApi"
SKIP_WHEN_NULL = ("FirstPaymentReminderWithoutFee", "LatePaymentFee")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([Tt ].*)?")
_GIRO = re.compile(r"\d{2,7}-?\d{1,4}")


# ------------------------------------------------------------------------ registers
def terms_of_payment(state: EEkonomiState, ident: str) -> dict[str, Any]:
    return find(state.terms_of_payments, ident, "TermsOfPayment")


def vat_code(state: EEkonomiState, ident: str) -> dict[str, Any]:
    return find(state.vat_codes, ident, "VatCode")


def unit(state: EEkonomiState, ident: str) -> dict[str, Any]:
    return find(state.units, ident, "Unit")


def article_coding(state: EEkonomiState, ident: str) -> dict[str, Any]:
    return find(state.article_codings, ident, "ArticleAccountCoding", "articleAccountCodingId")


def account_types(state: EEkonomiState) -> list[dict[str, Any]]:
    return sorted(state.account_types.values(), key=lambda record: record.get("Type", 0))


def check_rate_date(value: str | None) -> None:
    """`vatRateDate` (the day whose VAT rates to show; Swedish rates have not changed, so it only has to be a
    date): anything else is 400 with 2000."""
    if value is not None and value.strip() and not _DATE.fullmatch(value.strip()):
        message = f"The value '{value}' is not valid for vatRateDate."
        raise EEkonomiError(400, errors.VALIDATION, message, [field_error("vatRateDate", "InvalidType", message)])


# ------------------------------------------------------------------------ company settings
def _writable() -> tuple[tuple[str, bool], ...]:
    """(name, is a nested object) of every property a PUT may change."""
    props = MODELS[COMPANY_MODEL]["properties"]
    return tuple((name, "ref" in spec) for name, spec in props.items() if not spec.get("readOnly"))


WRITABLE = _writable()


def company_settings(state: EEkonomiState) -> dict[str, Any]:
    return state.company


def replace_company_settings(state: EEkonomiState, body: dict[str, Any]) -> dict[str, Any]:
    """PUT /companysettings with a validated CompanySettingsApi body."""
    old = state.company
    _company_rules(old, body)
    new = dict(old)
    for name, nested in WRITABLE:
        value = body.get(name)
        if nested:
            if value is not None:  # read-only members of nested objects were dropped by validation: keep them
                new[name] = {**(old.get(name) or {}), **value}
        elif name in SKIP_WHEN_NULL:
            if value is not None:
                new[name] = value
        else:
            new[name] = value
    state.company = new
    return new


def _company_rules(old: dict[str, Any], body: dict[str, Any]) -> None:
    problems = []
    for name in ("BankGiro", "PlusGiro", "BankgiroNumberPrint"):
        value = body.get(name)
        if value and not _GIRO.fullmatch(value.replace(" ", "")):
            problems.append(field_error(name, "Invalid", f"The field {name} is not a valid giro number."))
    country = str(body["CountryCode"]).strip().upper()
    if country != "SE" and not (body.get("Phone") or "").strip():
        problems.append(field_error("Phone", "Required", "The Phone field is required."))
    if problems:
        raise errors.validation_failed(problems)
    body["CountryCode"] = country
    if country != str(old.get("CountryCode") or country).upper():
        message = "The country of a company cannot be changed."
        raise EEkonomiError(400, errors.CANNOT_CREATE_OR_UPDATE, message,
                            [field_error("CountryCode", "Invalid", message)])
