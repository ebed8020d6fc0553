"""The seed format of the ADK simulator, and the registers a new Swedish company starts with.

A dataset is a JSON object (see docs/adk.md):

    {"company": {"name": "Demo AB", "org_number": "556677-8899",
                 "login": null | {"user": "...", "password": "..."},
                 "series": {"invoice": 1001, "supplier_invoice": 1, ...}},
     "tables": {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1001", "ADK_CUSTOMER_NAME": "...", ...}, ...],
                ...}}

Table and field names are the Adk.h constants; values are CHAR → string, DOUBLE → number, BOOL → true/false,
DATE → "YYYY-MM-DD" (timestamps "YYYY-MM-DDTHH:MM:SS"), rows → a list of row objects. A landscape file may hold
the dataset under an `adk` key.

This module checks the dataset's outline (objects where objects belong, lists of records per table, the
login and series) and fills in what a new company has: every table the caller leaves out gets the default
registers below (terms of payment, languages, currencies, country codes, units, a BAS account plan), company
keys the caller leaves out get the defaults, and every number series starts at 1 unless set. Table and field
names, value types, lengths and references are the store's to check (`store.write_dataset`), so they are
checked in one place, with the same paths.
"""

from __future__ import annotations

from typing import Any

from simulators.core.errors import DatasetError
from simulators.core.simulator import copy_dataset

TOP_KEYS = ("company", "tables")
COMPANY_KEYS = ("name", "org_number", "login", "series")

NEW_COMPANY = {"name": "Nytt Företag AB", "org_number": "556677-8899", "login": None}

# code -> (text, payment code). The ADK register has only code, text and a payment code; Visma
# Administration keeps the days behind the code, so net terms carry their days in the payment code
# (assumption, see docs/adk.md) and cash terms the letter K.
TERMS_OF_PAYMENT = {
    "10": ("10 dagar netto", "10"),
    "15": ("15 dagar netto", "15"),
    "20": ("20 dagar netto", "20"),
    "30": ("30 dagar netto", "30"),
    "45": ("45 dagar netto", "45"),
    "60": ("60 dagar netto", "60"),
    "K": ("Kontant", "K"),
    "PF": ("Postförskott", "P"),
}
LANGUAGES = {"SV": "Svenska", "EN": "Engelska", "FI": "Finska", "NO": "Norska", "DA": "Danska", "DE": "Tyska"}
# code -> (country, unit, sell rate in SEK per unit, buy rate); rates as of a plausible recent day
CURRENCIES = {
    "SEK": ("Sverige", 1, 1.0, 1.0),
    "EUR": ("EMU", 1, 11.2, 11.1),
    "NOK": ("Norge", 100, 99.5, 97.5),
    "DKK": ("Danmark", 100, 150.2, 148.2),
    "USD": ("USA", 1, 10.4, 10.2),
    "GBP": ("Storbritannien", 1, 13.1, 12.9),
}
COUNTRIES = {
    "SE": "Sverige", "FI": "Finland", "NO": "Norge", "DK": "Danmark", "IS": "Island", "DE": "Tyskland",
    "NL": "Nederländerna", "BE": "Belgien", "FR": "Frankrike", "ES": "Spanien", "IT": "Italien", "PL": "Polen",
    "EE": "Estland", "LV": "Lettland", "LT": "Litauen", "AT": "Österrike", "CH": "Schweiz", "IE": "Irland",
    "GB": "Storbritannien", "US": "USA", "CA": "Kanada", "CN": "Kina", "JP": "Japan",
}
# code -> (text, decimals); unit codes hold at most 3 characters (tables.py)
UNITS = {"st": ("Styck", 0), "tim": ("Timme", 2), "km": ("Kilometer", 0), "dag": ("Dag", 1), "mån": ("Månad", 0),
         "kg": ("Kilogram", 2), "m": ("Meter", 2), "mil": ("Mil", 1)}
# BAS 2024 (a selection a service company uses): number -> (text, VAT code)
ACCOUNTS = {
    "1510": ("Kundfordringar", ""),
    "1630": ("Avräkning för skatter och avgifter (skattekonto)", ""),
    "1910": ("Kassa", ""),
    "1920": ("PlusGiro", ""),
    "1930": ("Företagskonto/checkkonto/affärskonto", ""),
    "2081": ("Aktiekapital", ""),
    "2099": ("Årets resultat", ""),
    "2440": ("Leverantörsskulder", ""),
    "2611": ("Utgående moms på försäljning inom Sverige, 25 %", ""),
    "2621": ("Utgående moms på försäljning inom Sverige, 12 %", ""),
    "2631": ("Utgående moms på försäljning inom Sverige, 6 %", ""),
    "2614": ("Utgående moms omvänd skattskyldighet, 25 %", ""),
    "2641": ("Debiterad ingående moms", ""),
    "2645": ("Beräknad ingående moms på förvärv från utlandet", ""),
    "2650": ("Redovisningskonto för moms", ""),
    "2710": ("Personalskatt", ""),
    "2731": ("Avräkning lagstadgade sociala avgifter", ""),
    "2890": ("Övriga kortfristiga skulder", ""),
    "3001": ("Försäljning inom Sverige, 25 % moms", "1"),
    "3002": ("Försäljning inom Sverige, 12 % moms", "2"),
    "3003": ("Försäljning inom Sverige, 6 % moms", "3"),
    "3041": ("Försäljning tjänster inom Sverige, 25 % moms", "1"),
    "3105": ("Försäljning varor till land utanför EU", "0"),
    "3106": ("Försäljning varor till annat EU-land, momsfri", "0"),
    "3305": ("Försäljning tjänster till land utanför EU", "0"),
    "3308": ("Försäljning tjänster till annat EU-land", "0"),
    "3540": ("Faktureringsavgifter", "1"),
    "3740": ("Öres- och kronutjämning", ""),
    "3960": ("Valutakursvinster på fordringar och skulder av rörelsekaraktär", ""),
    "4010": ("Inköp material och varor", "1"),
    "4531": ("Import tjänster från land utanför EU", ""),
    "4535": ("Inköp av tjänster från annat EU-land", ""),
    "4600": ("Legoarbeten och underentreprenader", "1"),
    "5010": ("Lokalhyra", "1"),
    "5410": ("Förbrukningsinventarier", "1"),
    "5460": ("Förbrukningsmaterial", "1"),
    "5611": ("Drivmedel för personbilar", "1"),
    "5800": ("Resekostnader", "1"),
    "5831": ("Kost och logi i Sverige", "1"),
    "6071": ("Representation, avdragsgill", "1"),
    "6110": ("Kontorsmateriel", "1"),
    "6212": ("Mobiltelefon", "1"),
    "6230": ("Datakommunikation", "1"),
    "6540": ("IT-tjänster", "1"),
    "6570": ("Bankkostnader", ""),
    "6991": ("Övriga externa kostnader, avdragsgilla", "1"),
    "7010": ("Löner till kollektivanställda", ""),
    "7210": ("Löner till tjänstemän", ""),
    "7510": ("Arbetsgivaravgifter", ""),
    "7960": ("Valutakursförluster på fordringar och skulder av rörelsekaraktär", ""),
    "8310": ("Ränteintäkter från omsättningstillgångar", ""),
    "8410": ("Räntekostnader för långfristiga skulder", ""),
    "8999": ("Årets resultat", ""),
}


def default_tables() -> dict[str, list[dict[str, Any]]]:
    """The registers of a new Swedish company in Visma Administration."""
    return {
        "ADK_DB_CODE_OF_TERMS_OF_PAYMENT": [
            {"ADK_CODE_OF_TERMS_OF_PAYMENT_CODE": code, "ADK_CODE_OF_TERMS_OF_PAYMENT_TEXT": text,
             "ADK_CODE_OF_TERMS_OF_PAYMENT_PAYMENT_CODE": payment}
            for code, (text, payment) in TERMS_OF_PAYMENT.items()],
        "ADK_DB_CODE_OF_LANGUAGE": [
            {"ADK_CODE_OF_LANGUAGE_CODE": code, "ADK_CODE_OF_LANGUAGE_TEXT": text}
            for code, text in LANGUAGES.items()],
        "ADK_DB_CODE_OF_CURRENCY": [
            {"ADK_CODE_OF_CURRENCY_CODE": code, "ADK_CODE_OF_CURRENCY_COUNTRY": country,
             "ADK_CODE_OF_CURRENCY_UNIT": unit, "ADK_CODE_OF_CURRENCY_SELL": sell, "ADK_CODE_OF_CURRENCY_BUY": buy}
            for code, (country, unit, sell, buy) in CURRENCIES.items()],
        "ADK_DB_CODE_OF_COUNTRY_CODE": [
            {"ADK_CODE_OF_COUNTRY_CODE_CODE": code, "ADK_CODE_OF_COUNTRY_CODE_COUNTRY": name}
            for code, name in COUNTRIES.items()],
        "ADK_DB_CODE_OF_UNIT": [
            {"ADK_CODE_OF_UNIT_CODE": code, "ADK_CODE_OF_UNIT_TEXT": text, "ADK_CODE_OF_UNIT_DECIMALS": decimals}
            for code, (text, decimals) in UNITS.items()],
        "ADK_DB_ACCOUNT": [
            {"ADK_ACCOUNT_NUMBER": number, "ADK_ACCOUNT_TEXT": text, "ADK_ACCOUNT_VAT_CODE": vat}
            for number, (text, vat) in ACCOUNTS.items()],
    }


def default_series() -> dict[str, int]:
    """Every number series the tables define, starting at 1 (a new company's first invoice is number 1)."""
    from simulators.adk import tables

    return {t.number_series: 1 for t in tables.TABLES.values() if t.number_series}


def default_dataset() -> dict[str, Any]:
    return {"company": {**NEW_COMPANY, "series": default_series()}, "tables": default_tables()}


def prepare(dataset: dict[str, Any]) -> dict[str, Any]:
    """The complete dataset to write: the caller's, checked in outline, over a new company's defaults."""
    if not isinstance(dataset, dict):
        raise DatasetError("a dataset is a JSON object")
    if isinstance(dataset.get("adk"), dict) and set(dataset) <= {"adk", "severa", "procountor", "eekonomi"}:
        dataset = dataset["adk"]
    check_outline(dataset)
    company = dataset.get("company") or {}
    merged_company = {**NEW_COMPANY, **company}
    merged_company["series"] = {**default_series(), **(company.get("series") or {})}
    return {"company": merged_company, "tables": {**default_tables(), **copy_dataset(dataset.get("tables") or {})}}


def check_outline(dataset: dict[str, Any]) -> None:
    """Objects where objects belong and lists of records per table; DatasetError names the first bad path."""
    unknown = sorted(set(dataset) - set(TOP_KEYS))
    if unknown:
        raise DatasetError(f"unknown dataset key(s) {', '.join(unknown)}; known: {', '.join(TOP_KEYS)}")
    company = dataset.get("company")
    if company is not None:
        _check_company(company)
    tables = dataset.get("tables")
    if tables is None:
        return
    if not isinstance(tables, dict):
        raise DatasetError("tables is an object: table name → list of records", "$.tables")
    for name, records in tables.items():
        if not isinstance(records, list):
            raise DatasetError("a table is a list of records", f"$.tables.{name}")
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                raise DatasetError("a record is an object: field name → value", f"$.tables.{name}[{i}]")


def _check_company(company: Any) -> None:
    if not isinstance(company, dict):
        raise DatasetError("company is an object", "$.company")
    unknown = sorted(set(company) - set(COMPANY_KEYS))
    if unknown:
        raise DatasetError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(COMPANY_KEYS)}", "$.company")
    name = company.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise DatasetError("the company name is a non-empty string", "$.company.name")
    org = company.get("org_number")
    if org is not None and not isinstance(org, str):
        raise DatasetError("the organisation number is a string (NNNNNN-NNNN)", "$.company.org_number")
    login = company.get("login")
    if login is not None:
        if not isinstance(login, dict) or set(login) != {"user", "password"}:
            raise DatasetError('login is null or {"user": ..., "password": ...}', "$.company.login")
        for key in ("user", "password"):
            if not isinstance(login[key], str) or (key == "user" and not login[key]):
                raise DatasetError(f"the login {key} is a {'non-empty ' if key == 'user' else ''}string",
                                   f"$.company.login.{key}")
    series = company.get("series")
    if series is not None:
        if not isinstance(series, dict):
            raise DatasetError("series is an object: series name → next number", "$.company.series")
        for key, value in series.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise DatasetError("the next number of a series is a whole number ≥ 1", f"$.company.series.{key}")
