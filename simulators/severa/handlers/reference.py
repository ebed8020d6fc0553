"""ICurrency, ICountry, ILanguage, and the helpers the master-data handlers share.

Reference data comes from the organization's dataset; a kind the dataset has no records of is served from a
built-in default set (stable GUIDs), so a fresh organization answers without seeding. The defaults are a
Finnish organization's: base currency EUR, countries named in English with the Finnish name as
`TranslatedName`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from simulators.core.clock import parse_instant
from simulators.severa.contract_data import CONTRACT
from simulators.severa.faults import GeneralFailure, NotFound, SeveraFault
from simulators.severa.handlers.cases import inserted_at
from simulators.severa.service import handles, received
from simulators.severa.state import SeveraState

# ---------------------------------------------------------------- shared helpers

BAD_GUID = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
_GUID = re.compile(r"^[{(]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}[)}]?$")
EPOCH = datetime(1, 1, 1, tzinfo=UTC)


def canonical_guid(value: str | None) -> str | None:
    """A GUID in any .NET form (dashes, braces, case) as stored (lower case, dashed); None when malformed."""
    text = (value or "").strip()
    if not _GUID.match(text):
        return None
    return str(uuid.UUID(text.strip("{}()")))


def find(state: SeveraState, kind: str, guid: str | None) -> dict[str, Any] | None:
    """The record, or None. A malformed GUID is a GeneralFailure, as .NET's Guid parsing fails in Severa."""
    record = state.get(kind, guid.strip()) if guid and guid.strip() else None
    if record is not None:
        return record
    canonical = canonical_guid(guid)
    if canonical is None:
        raise GeneralFailure(BAD_GUID)
    return state.get(kind, canonical)


def require(state: SeveraState, kind: str, guid: str | None, fault: type[SeveraFault] = NotFound,
            what: str | None = None) -> dict[str, Any]:
    record = find(state, kind, guid)
    if record is None:
        raise fault(f"{what or kind} with GUID {guid} was not found.")
    return record


def as_utc(value: Any) -> datetime | None:
    """A stored or received date (datetime, naive = UTC, or ISO text) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    try:
        return parse_instant(str(value))
    except ValueError:
        return None


def since_of(start: Any) -> datetime:
    """The `startDateTime` of a ChangedSince operation (absent: the beginning of time)."""
    return as_utc(start) or EPOCH


def flags(options: Any, enum: str | None = None) -> int:
    """`options` as bit flags: an int, or an enum member's name (AccountGetOptions travels by name)."""
    if options is None:
        return 0
    if isinstance(options, int):
        return options
    name = str(options).strip()
    if enum:
        for value in CONTRACT["types"][enum]["values"]:
            if value["name"] == name:
                return int(value["value"])
    try:
        return int(name)
    except ValueError:
        raise GeneralFailure(f"'{name}' is not a valid value for options.") from None


def from_model(value: Any) -> Any:
    """A received spyne value as stored data: dicts in member names (unset members left out), lists,
    enum names, floats for decimals, UTC datetimes."""
    return received(value, skip_nil_items=True, scalar=_stored_scalar)


def _stored_scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return as_utc(value)
    if type(value).__name__ == "EnumValue":
        return str(value)
    return value


def is_active(record: dict[str, Any]) -> bool:
    """IsActive, where a seeded record that does not say counts as active."""
    return record.get("IsActive", True) is not False


def shown(record: dict[str, Any]) -> dict[str, Any]:
    """A record as answered: a seeded record without IsActive is an active one."""
    return record if "IsActive" in record else {**record, "IsActive": True}


def stamp(state: SeveraState, kind: str, record: dict[str, Any]) -> datetime:
    return state.changed.get(kind, {}).get(record["GUID"], EPOCH)


def inserted(state: SeveraState, kind: str, record: dict[str, Any], member: str | None = None) -> datetime:
    """When the record was added ("NewOnly" options): its InsertTS-style member when it has one, else the insert
    stamp that `cases.save` keeps (a seeded record: its load time)."""
    return (as_utc(record.get(member)) if member else None) or as_utc(inserted_at(state, kind, record)) or EPOCH


def by_stamp(state: SeveraState, kind: str, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: stamp(state, kind, r))


def page(items: list[Any], start: int | None, count: int | None, limit: int | None = None) -> list[Any]:
    """startFromIndex/count paging: a page past the end is empty; `limit` caps the page size."""
    first = start or 0
    if first < 0:
        raise GeneralFailure("startFromIndex must not be negative.")
    size = count or 0
    if limit is not None:
        size = min(size, limit)
    return items[first:first + size] if size > 0 else []


def same_text(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.strip().casefold() == b.strip().casefold()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def merged(record: dict[str, Any], changes: dict[str, Any], fixed: Iterable[str] = ("GUID",)) -> dict[str, Any]:
    """An update: members sent replace the stored ones; members left out (or nil) keep their value."""
    out = dict(record)
    out.update({k: v for k, v in changes.items() if k not in fixed})
    return out


# ---------------------------------------------------------------- built-in reference data


def _stable_guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://visma-sim.invalid/severa/{kind}/{key}"))


DEFAULT_LANGUAGES = [
    {"GUID": _stable_guid("Language", tag), "IetfLanguageTag": tag, "Name": name}
    for tag, name in [("fi-FI", "Finnish"), ("sv-SE", "Swedish"), ("en-US", "English"), ("en-GB", "English (UK)"),
                      ("et-EE", "Estonian"), ("nb-NO", "Norwegian"), ("da-DK", "Danish"), ("de-DE", "German")]
]

DEFAULT_CURRENCIES = [
    {"GUID": _stable_guid("Currency", code), "IsActive": True, "IsoCode": code, "Rate": rate, "Symbol": symbol}
    for code, rate, symbol in [("EUR", 1.0, "€"), ("SEK", 11.2, "kr"), ("NOK", 11.6, "kr"), ("DKK", 7.46, "kr"),
                               ("USD", 1.08, "$")]
]

_COUNTRIES = [  # a2, a3, English name, Finnish name, EU member, default language
    ("FI", "FIN", "Finland", "Suomi", True, "fi-FI"),
    ("SE", "SWE", "Sweden", "Ruotsi", True, "sv-SE"),
    ("NO", "NOR", "Norway", "Norja", False, "nb-NO"),
    ("DK", "DNK", "Denmark", "Tanska", True, "da-DK"),
    ("EE", "EST", "Estonia", "Viro", True, "et-EE"),
    ("DE", "DEU", "Germany", "Saksa", True, "de-DE"),
    ("GB", "GBR", "United Kingdom", "Iso-Britannia", False, "en-GB"),
    ("US", "USA", "United States", "Yhdysvallat", False, "en-US"),
]
DEFAULT_COUNTRIES = [
    {"DefaultLanguageCode": lang, "DefaultLanguageGUID": _stable_guid("Language", lang),
     "GUID": _stable_guid("Country", a2), "IsEu": eu, "IsoCodea2": a2, "IsoCodea3": a3, "Name": name,
     "TimezoneGUID": None, "TranslatedName": translated}
    for a2, a3, name, translated, eu, lang in _COUNTRIES
]

DEFAULTS = {"Currency": DEFAULT_CURRENCIES, "Country": DEFAULT_COUNTRIES, "Language": DEFAULT_LANGUAGES}


def reference(state: SeveraState, kind: str) -> list[dict[str, Any]]:
    """The organization's records of a reference kind, or the built-in set when it has none."""
    own = list(state.all(kind))
    return own if own else [dict(r) for r in DEFAULTS[kind]]


def _by_guid(state: SeveraState, kind: str, guid: str | None) -> dict[str, Any] | None:
    wanted = canonical_guid(guid) or (guid or "").strip().lower()
    return next((r for r in reference(state, kind) if (r.get("GUID") or "").lower() == wanted), None)


def currency_by_code(state: SeveraState, code: str | None) -> dict[str, Any] | None:
    return next((c for c in reference(state, "Currency") if same_text(c.get("IsoCode"), code)), None)


def base_currency(state: SeveraState) -> dict[str, Any] | None:
    """The organization's base currency: the one at rate 1 (EUR in the defaults)."""
    currencies = reference(state, "Currency")
    return next((c for c in currencies if c.get("Rate") in (1, 1.0, "1")), currencies[0] if currencies else None)


def country_by_iso(state: SeveraState, iso: str | None) -> dict[str, Any] | None:
    return next((c for c in reference(state, "Country")
                 if same_text(c.get("IsoCodea2"), iso) or same_text(c.get("IsoCodea3"), iso)), None)


def country_by_name(state: SeveraState, name: str | None) -> dict[str, Any] | None:
    return next((c for c in reference(state, "Country")
                 if same_text(c.get("Name"), name) or same_text(c.get("TranslatedName"), name)), None)


def language_by_tag(state: SeveraState, tag: str | None) -> dict[str, Any] | None:
    languages = reference(state, "Language")
    exact = next((lang for lang in languages if same_text(lang.get("IetfLanguageTag"), tag)), None)
    if exact is not None or not tag or "-" in tag:
        return exact
    # a bare language ("fi") names its first regional form ("fi-FI")
    return next((lang for lang in languages
                 if (lang.get("IetfLanguageTag") or "").lower().split("-")[0] == tag.strip().lower()), None)


def fill_currency(state: SeveraState, record: dict[str, Any], fault: type[SeveraFault],
                  default: bool = False) -> None:
    """Make CurrencyCode and CurrencyGUID agree (either may be sent); `default`: the base currency."""
    currency = None
    if not blank(record.get("CurrencyGUID")):
        currency = _by_guid(state, "Currency", record["CurrencyGUID"])
        if currency is None:
            raise fault(f"Currency with GUID {record['CurrencyGUID']} does not exist.")
    elif not blank(record.get("CurrencyCode")):
        currency = currency_by_code(state, record["CurrencyCode"])
        if currency is None:
            raise fault(f"Currency '{record['CurrencyCode']}' does not exist.")
    elif default:
        currency = base_currency(state)
    if currency is not None:
        record["CurrencyGUID"], record["CurrencyCode"] = currency["GUID"], currency.get("IsoCode")


def fill_language(state: SeveraState, record: dict[str, Any], fault: type[SeveraFault], code: bool = True) -> None:
    """Make LanguageCode (an IETF tag) and LanguageGUID agree; `code`: the record has a LanguageCode member."""
    language = None
    if not blank(record.get("LanguageGUID")):
        language = _by_guid(state, "Language", record["LanguageGUID"])
        if language is None:
            raise fault(f"Language with GUID {record['LanguageGUID']} does not exist.")
    elif code and not blank(record.get("LanguageCode")):
        language = language_by_tag(state, record["LanguageCode"])
        if language is None:
            raise fault(f"Language '{record['LanguageCode']}' does not exist.")
    if language is not None:
        record["LanguageGUID"] = language["GUID"]
        if code:
            record["LanguageCode"] = language.get("IetfLanguageTag")


def fill_country(state: SeveraState, record: dict[str, Any], fault: type[SeveraFault], name: bool = True) -> None:
    """Make CountryGUID, CountryCode (ISO alpha-2) and CountryName agree; a record without a country is fine."""
    country = None
    if not blank(record.get("CountryGUID")):
        country = _by_guid(state, "Country", record["CountryGUID"])
        if country is None:
            raise fault(f"Country with GUID {record['CountryGUID']} does not exist.")
    elif not blank(record.get("CountryCode")):
        country = country_by_iso(state, record["CountryCode"])
        if country is None:
            raise fault(f"Country '{record['CountryCode']}' does not exist.")
    elif name and not blank(record.get("CountryName")):
        country = country_by_name(state, record["CountryName"])
        if country is None:
            raise fault(f"Country '{record['CountryName']}' does not exist.")
    if country is not None:
        record["CountryGUID"], record["CountryCode"] = country["GUID"], country.get("IsoCodea2")
        if name:
            record["CountryName"] = country.get("Name")


# ---------------------------------------------------------------- ICurrency


@handles("GetCurrencyByGUID")
def get_currency_by_guid(state: SeveraState, currencyGUID: str | None) -> dict[str, Any]:
    currency = reference_by_guid(state, "Currency", currencyGUID)
    return shown(currency)


@handles("GetCurrencyByIsoCode")
def get_currency_by_iso_code(state: SeveraState, currencyIsoCode: str | None) -> dict[str, Any]:
    currency = currency_by_code(state, currencyIsoCode)
    if currency is None:
        raise NotFound(f"Currency with ISO code '{currencyIsoCode or ''}' was not found.")
    return shown(currency)


@handles("GetCurrencies")
def get_currencies(state: SeveraState) -> list[dict[str, Any]]:
    return [shown(c) for c in reference(state, "Currency")]


# ---------------------------------------------------------------- ICountry


@handles("GetCountryByGUID")
def get_country_by_guid(state: SeveraState, countryGUID: str | None) -> dict[str, Any]:
    country = reference_by_guid(state, "Country", countryGUID)
    return country


@handles("GetCountryByISO")
def get_country_by_iso(state: SeveraState, isoName: str | None) -> dict[str, Any]:
    country = country_by_iso(state, isoName)
    if country is None:
        raise NotFound(f"Country with ISO code '{isoName or ''}' was not found.")
    return country


@handles("GetCountryByName")
def get_country_by_name(state: SeveraState, countryName: str | None) -> dict[str, Any]:
    country = country_by_name(state, countryName)
    if country is None:
        raise NotFound(f"Country '{countryName or ''}' was not found.")
    return country


# ---------------------------------------------------------------- ILanguage


@handles("GetLanguageByGUID")
def get_language_by_guid(state: SeveraState, languageGUID: str | None) -> dict[str, Any]:
    language = reference_by_guid(state, "Language", languageGUID)
    return language


@handles("GetLanguageByIetfTag")
def get_language_by_ietf_tag(state: SeveraState, ietfLanguageTag: str | None) -> dict[str, Any]:
    language = language_by_tag(state, ietfLanguageTag)
    if language is None:
        raise NotFound(f"Language '{ietfLanguageTag or ''}' was not found.")
    return language


def reference_by_guid(state: SeveraState, kind: str, guid: str | None) -> dict[str, Any]:
    """A reference record by GUID: NotFound, or GeneralFailure for a malformed GUID (.NET's Guid parsing)."""
    record = _by_guid(state, kind, guid)
    if record is not None:
        return record
    if canonical_guid(guid) is None:
        raise GeneralFailure(BAD_GUID)
    raise NotFound(f"{kind} with GUID {guid} was not found.")
