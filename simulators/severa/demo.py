"""The demo organization of `visma-sim serve`: Kuura Digital Oy in Severa, with its Swedish subsidiary.

It is the Severa side of the Procountor demo company (simulators/procountor/demo.py): the same customers with
the same customer numbers (1001-1005, plus 1006-1008 that Procountor does not know yet), the same projects as
cases (1001-1005, the Intranet case closed), the same cost centres (Helsinki, Tampere, Hallinto; Stockholm for
the subsidiary) and business units, and the invoices Procountor holds as `originalInvoiceNumber` 10198-10231
are here in "Transferred" (or "Paid"). New work waits in "Waiting for transfer": invoices with codes on every
row but one, a SEK invoice, e-invoice and reverse-charge customers, two credit notes (one of them listed
before the invoice it credits), and the Swedish subsidiary's own numbering. Users carry employee numbers
(`Code`) and IBANs, except one (PC-19), and travel reimbursements carry receipts as files.

Everything is in the contract's member names (datasets.load refuses others). GUIDs are fixed (uuid5), so tests
may name them; dates follow today's date in Helsinki, so the data is the same all day.
"""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
_NS = uuid.UUID("6f1d7a52-3b0e-4c1a-9d57-5e7a0c3d2b11")

ORG_NAME = "Kuura Digital Oy"
ORG_BRN = "3127845-1"  # Y-tunnus, as in the Procountor demo
ORG_VAT = "FI31278451"
ORG_OVT = "003731278451"
ORG_IBAN, ORG_BIC = "FI3557800020415282", "OKOYFIHH"
AB_NAME = "Kuura Digital AB"
AB_ORGNR = "559318-4210"  # Luhn-valid Swedish organisationsnummer
AB_VAT = "SE559318421001"
AB_IBAN, AB_BIC = "SE3550000000054910000003", "ESSESESS"
MAVENTA = "003721291126"

TWO = Decimal("0.01")


def guid(kind: str, key: Any) -> str:
    """The fixed GUID of a demo record: guid("Invoice", 10221), guid("Account", 1001)."""
    return str(uuid.uuid5(_NS, f"{kind}:{key}"))


def _money(value: Decimal) -> float:
    return float(value.quantize(TWO, rounding=ROUND_HALF_UP))


class _Calendar:
    def __init__(self) -> None:
        self.today = datetime.now(HELSINKI).date()

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)


def _dt(day: date | None, at: str = "00:00:00") -> str | None:
    return f"{day.isoformat()}T{at}" if day is not None else None


# ------------------------------------------------------------------------ reference data
LANGUAGES = {"fi": ("Suomi", "fi-FI"), "sv": ("Svenska", "sv-SE"), "en": ("English", "en-GB")}
COUNTRIES = {"FI": ("Finland", "FIN", "fi"), "SE": ("Sweden", "SWE", "sv")}
CURRENCIES = {"EUR": (1.0, "€"), "SEK": (11.2, "kr")}  # rate: units per euro (the organization's currency)


def _reference_data() -> dict[str, list[dict[str, Any]]]:
    return {
        "Language": [{"GUID": guid("Language", code), "Name": name, "IetfLanguageTag": tag}
                     for code, (name, tag) in LANGUAGES.items()],
        "Country": [{"GUID": guid("Country", iso), "Name": name, "TranslatedName": name, "IsoCodea2": iso,
                     "IsoCodea3": iso3, "IsEu": True, "DefaultLanguageCode": lang,
                     "DefaultLanguageGUID": guid("Language", lang)} for iso, (name, iso3, lang) in COUNTRIES.items()],
        "Currency": [{"GUID": guid("Currency", iso), "IsoCode": iso, "Rate": rate, "Symbol": symbol, "IsActive": True}
                     for iso, (rate, symbol) in CURRENCIES.items()],
    }


# ------------------------------------------------------------------------ organization
# cost centres: key -> (Identifier, Name, active); the Identifier is the accounting system's code (VA-11)
COST_CENTERS = {"helsinki": ("100", "Helsinki", True), "tampere": ("200", "Tampere", True),
                "hallinto": ("900", "Hallinto", True), "stockholm": ("SE10", "Stockholm", True),
                "oulu": ("300", "Oulu", False)}
# business units: key -> (Code, Name, parent, cost centre, currency, culture, active)
BUSINESS_UNITS = {
    "root": ("KD", ORG_NAME, None, "hallinto", "EUR", "fi-FI", True),
    "konsultointi": ("KONS", "Konsultointi", "root", "helsinki", "EUR", "fi-FI", True),
    "kehitys": ("DEV", "Ohjelmistokehitys", "root", "tampere", "EUR", "fi-FI", True),
    "koulutus": ("KOUL", "Koulutus", "root", "helsinki", "EUR", "fi-FI", False),
    "ab": ("KDAB", AB_NAME, "root", "stockholm", "SEK", "sv-SE", True),
}


def cost_centers() -> list[dict[str, Any]]:
    return [{"GUID": guid("CostCenter", key), "Identifier": ident, "Name": name, "IsActive": active,
             "Description": f"Kustannuspaikka {name}" if key != "stockholm" else "Kostnadsställe Stockholm"}
            for key, (ident, name, active) in COST_CENTERS.items()]


def _business_units() -> list[dict[str, Any]]:
    units = []
    for key, (code, name, parent, cc, currency, culture, active) in BUSINESS_UNITS.items():
        lang = culture[:2]
        units.append({
            "Code": code, "CostCenterGUID": guid("CostCenter", cc), "CurrencyCode": currency,
            "CurrencyGUID": guid("Currency", currency), "FormattingCulture": culture, "GUID": guid("BusinessUnit", key),
            "InsertTS": "2019-03-01T08:00:00", "IsActive": active, "LanguageCode": lang,
            "LanguageGUID": guid("Language", lang), "Name": name, "NextInvoiceNumber": 502 if key == "ab" else 10238,
            "OverDueInterest": 8.0 if key == "ab" else 10.0,
            "ParentBusinessUnitGUID": guid("BusinessUnit", parent) if parent else None,
            "PaymentTerm": 30 if key == "ab" else 14, "ShowLogoOnInvoices": True, "ShowLogoOnPdfReports": True,
            "UpdatedTS": "2025-01-02T10:00:00", "VatNumber": AB_VAT if key == "ab" else ORG_VAT,
        })
    return units


def _invoice_statuses() -> list[dict[str, Any]]:
    def status(order: int, name: str, description: str, *, number: bool, default: bool = False,
               read_only: bool = True, sent: bool = False, waiting: bool = False, paid: bool = False,
               active: bool = True) -> dict[str, Any]:
        return {"Description": description, "HasInvoiceNumber": number, "IsActive": active, "IsDefault": default,
                "IsPaid": paid, "IsReadOnly": read_only, "IsSent": sent, "IsWaitingPayment": waiting, "Name": name,
                "SortOrder": order}

    return [
        status(1, "Draft", "Luonnos: laskua voi vielä muokata", number=False, default=True, read_only=False),
        status(2, "Waiting for transfer", "Odottaa siirtoa taloushallintoon", number=True),
        status(3, "Transferred", "Siirretty taloushallintoon", number=True, sent=True, waiting=True),
        status(4, "Sent", "Lähetetty asiakkaalle", number=True, sent=True, waiting=True),
        status(5, "Paid", "Maksettu", number=True, sent=True, paid=True),
        status(6, "Cancelled", "Mitätöity (ei käytössä)", number=False, active=False),
    ]


# ------------------------------------------------------------------------ customers
def _customer_specs() -> list[dict[str, Any]]:
    """Customers 1001-1005 as in the Procountor demo (names, business IDs, addresses, contacts)."""
    return [
        {"number": 1001, "name": "Kauppahuone Lindqvist Oy", "brn": "2984516-2", "country": "FI",
         "street": "Aleksanterinkatu 15 B", "zip": "00100", "city": "Helsinki", "lang": "fi",
         "email": "info@lindqvist.fi", "web": "https://lindqvist.fi",
         "contacts": [("Helena", "Lindqvist", "Toimitusjohtaja", "helena.lindqvist@lindqvist.fi", "+358 40 712 3301",
                       True),
                      ("Kari", "Lehto", "Talouspäällikkö", "kari.lehto@lindqvist.fi", "+358 40 712 3302", False)]},
        {"number": 1002, "name": "Rakennus Mäkelä Oy", "brn": "1875623-6", "country": "FI",
         "street": "Hatanpään valtatie 24", "zip": "33100", "city": "Tampere", "lang": "fi",
         "email": "laskutus@rakennusmakela.fi", "web": "https://rakennusmakela.fi",
         "contacts": [("Jari", "Mäkelä", "Projektipäällikkö", "jari.makela@rakennusmakela.fi", "+358 50 433 8120",
                       True)]},
        {"number": 1003, "name": "Oulun Energiapalvelut Oy", "brn": "3056217-8", "country": "FI",
         "street": "Kauppurienkatu 9", "zip": "90100", "city": "Oulu", "lang": "fi",
         "email": "laskut@oulunenergiapalvelut.fi", "web": "https://oulunenergiapalvelut.fi",
         "einvoice": ("003730562178", MAVENTA),
         "contacts": [("Tiina", "Kemppainen", "Kehityspäällikkö", "tiina.kemppainen@oulunenergiapalvelut.fi",
                       "+358 44 290 1187", True)]},
        {"number": 1004, "name": "Nordisk Logistik AB", "brn": "559241-7835", "country": "SE", "reverse": True,
         "street": "Sveavägen 44", "zip": "111 34", "city": "Stockholm", "lang": "sv", "currency": "SEK",
         "email": "faktura@nordisklogistik.se", "web": "https://nordisklogistik.se",
         "contacts": [("Erik", "Sandström", "IT-chef", "erik.sandstrom@nordisklogistik.se", "+46 8 410 552 90",
                       True)]},
        {"number": 1005, "name": "Strandberg & Söner Ab", "brn": "2456781-0", "country": "FI",
         "street": "Hovrättsesplanaden 8", "zip": "65100", "city": "Vasa", "lang": "sv",
         "email": "kontor@strandberg.fi", "web": "https://strandberg.fi",
         "contacts": [("Mikael", "Strandberg", "VD", "mikael@strandberg.fi", "+358 6 317 4420", True)]},
        # new to Procountor: no country on its address, and a contact without a phone number (VA-03)
        {"number": 1006, "name": "Saaristo Design Oy", "brn": "3198452-4", "country": None,
         "street": "Linnankatu 27", "zip": "20100", "city": "Turku", "lang": "fi",
         "email": "studio@saaristodesign.fi", "web": None,
         "contacts": [("Noora", "Saaristo", "Luova johtaja", "noora@saaristodesign.fi", None, True)]},
        {"number": 1007, "name": "Göteborgs Hamnservice AB", "brn": "556677-1209", "country": "SE", "reverse": True,
         "street": "Skeppsbron 5", "zip": "411 21", "city": "Göteborg", "lang": "sv",
         "email": "ekonomi@hamnservice.se", "web": "https://hamnservice.se",
         "contacts": [("Anna", "Lindgren", "Ekonomichef", "anna.lindgren@hamnservice.se", "+46 31 712 40 00",
                       True)]},
        # the Swedish subsidiary's domestic customer (Swedish VAT 25 %, SEK)
        {"number": 1008, "name": "Malmö Byggteknik AB", "brn": "556412-3452", "country": "SE",
         "street": "Stortorget 9", "zip": "211 22", "city": "Malmö", "lang": "sv", "currency": "SEK",
         "email": "faktura@byggteknik.se", "web": None,
         "contacts": [("Lars", "Holm", "Projektledare", "lars.holm@byggteknik.se", "+46 40 611 23 45", True)]},
    ]


def vat_number(spec: dict[str, Any]) -> str:
    digits = spec["brn"].replace("-", "")
    return f"FI{digits}" if spec["country"] != "SE" else f"SE{digits}01"


def _customers() -> dict[str, list[dict[str, Any]]]:
    accounts, companies, addresses, contacts = [], [], [], []
    for spec in _customer_specs():
        n = spec["number"]
        country = spec["country"]
        account_guid, company_guid, address_guid = guid("Account", n), guid("Company", n), guid("Address", n)
        currency = spec.get("currency", "EUR")
        einvoice = spec.get("einvoice")
        accounts.append({
            "AccountGroupGUIDs": [], "AccountOwnerUserGUID": guid("User", 102 if country == "SE" else 101),
            "AccountRating": 3, "CompanyGUID": company_guid, "CurrencyCode": currency,
            "CurrencyGUID": guid("Currency", currency), "GUID": account_guid,
            "InsertTS": f"20{18 + n % 7}-02-01T09:00:00",
            "InvoicingVat": 0.0 if spec.get("reverse") else (25.0 if country == "SE" else 25.5),
            "IsActive": True, "IsInternal": False, "LanguageCode": spec["lang"],
            "LanguageGUID": guid("Language", spec["lang"]), "Name": spec["name"],
            "Notes": "Käännetty verovelvollisuus (EU)" if spec.get("reverse") else None,
            "Number": n, "OverdueInterest": 10.0, "PaymentTerm": 30 if country == "SE" else 14,
            "PricelistGUID": None, "ReverseCharge": bool(spec.get("reverse")), "UpdatedTS": "2025-01-02T10:00:00",
            "eInvoiceAddress": einvoice[0] if einvoice else None, "eInvoiceOperator": einvoice[1] if einvoice else None,
        })
        companies.append({
            "AnnualRevenue": None, "Email": spec["email"], "Employees": 20 + (n % 7) * 15, "GUID": company_guid,
            "HeadOfficeAddressGUID": address_guid, "HierarchyGUID": None, "IndustryGUID": None,
            "LanguageGUID": guid("Language", spec["lang"]), "Name": spec["name"], "TimezoneGUID": None,
            "VatNumber": vat_number(spec), "Website": spec["web"],
        })
        names = COUNTRIES.get(country or "")
        addresses.append({
            "Addressline": spec["street"], "Addressline2": None, "Addressline3": None, "City": spec["city"],
            "CompanyGUID": company_guid, "CountryCode": country, "CountryGUID": guid("Country", country) if country
            else None, "CountryName": names[0] if names else None, "CountryRegionGUID": None,
            "CountryRegionName": None, "Fax": None, "GUID": address_guid, "IsBillingAddress": True,
            "IsPostalAddress": True, "IsVisitAddress": True, "Phone": spec["contacts"][0][4],
            "PostalCode": spec["zip"],
        })
        for i, (first, last, title, email, phone, active) in enumerate(spec["contacts"]):
            methods = [{"IsForbiddenToUse": False, "Name": "Sähköposti", "Type": "EmailAddress", "Value": email}]
            if phone:
                methods.append({"IsForbiddenToUse": False, "Name": "Puhelin", "Type": "Phone", "Value": phone})
            contacts.append({
                "AccountGUID": account_guid, "AddressGUID": address_guid, "CommunicationMethods": methods,
                "ContactRoleGUID": None, "DateOfBirth": None, "Description": None if active else "Lopettanut 2025",
                "FirstName": first, "GUID": guid("Contact", f"{n}-{i}"), "IsActive": active, "JobTitle": title,
                "Keywords": [], "LanguageGUID": guid("Language", spec["lang"]), "LastName": last,
                "Salutation": None, "SatisfactionLevel": None, "TimeZoneGUID": None,
            })
    return {"Account": accounts, "Company": companies, "Address": addresses, "Contact": contacts}


# ------------------------------------------------------------------------ people
# users: number -> (first, last, title, business unit, IBAN or None, active, language)
USERS = {
    101: ("Aino", "Laaksonen", "Konsultti", "konsultointi", "FI5840550012345670", True, "fi"),
    102: ("Mikko", "Heikkinen", "Projektipäällikkö", "kehitys", "FI7815723000045831", True, "fi"),
    103: ("Sara", "Lindholm", "Ohjelmistokehittäjä", "kehitys", "FI7055406500118271", True, "sv"),
    104: ("Petra", "Salo", "Kouluttaja", "koulutus", "FI2112345600000785", False, "fi"),
    201: ("Johan", "Ek", "Konsult", "ab", "SE4550000000058398257466", True, "sv"),
    # no employee number and no bank account: a travel reimbursement of his cannot go to Procountor (PC-19)
    None: ("Olli", "Ojala", "Harjoittelija", "konsultointi", None, True, "fi"),
}


def _user_key(code: int | None) -> str:
    return str(code) if code is not None else "ojala"


def _users() -> list[dict[str, Any]]:
    out = []
    for code, (first, last, title, unit, iban, active, lang) in USERS.items():
        swedish = unit == "ab"
        out.append({
            "Addressline": "Kungsgatan 12" if swedish else "Mechelininkatu 3 A 12", "BankAccountNumber": iban,
            "BusinessUnitCode": BUSINESS_UNITS[unit][0], "BusinessUnitGUID": guid("BusinessUnit", unit),
            "BusinessUnitName": BUSINESS_UNITS[unit][1], "Code": str(code) if code is not None else None,
            "CountryCode": "SE" if swedish else "FI", "CountryGUID": guid("Country", "SE" if swedish else "FI"),
            "CountryRegionGUID": None, "CountryRegionName": None, "Culture": "sv-SE" if swedish else "fi-FI",
            "DefaultActivityTypeGUID": None,
            "Email": f"{first.lower()}.{last.lower()}@kuuradigital.{'se' if swedish else 'fi'}", "FirstName": first,
            "GUID": guid("User", _user_key(code)), "IsActive": active, "LanguageCode": lang,
            "LanguageGUID": guid("Language", lang), "LastName": last, "Notes": None,
            "OrganizationGUID": guid("BusinessUnit", "root"), "Phone": f"+358 40 118 22{(code or 0) % 100:02d}",
            "PhotoFileGUID": None, "PostOffice": "Stockholm" if swedish else "Helsinki",
            "PostalCode": "111 36" if swedish else "00100", "ProfileGUID": None, "Salutation": None,
            "SendDailyMail": False, "SendWeeklyMail": True, "SocialSecurityNumber": None, "SuperiorUserGUID":
            guid("User", "102") if code not in (102, None) else None, "TimezoneGUID": None, "Title": title,
            "WorktypeGUID": guid("WorkType", "KONS"),
        })
    return out


# ------------------------------------------------------------------------ articles
WORK_TYPES = [  # (key, Code or None, Name, productive, default)
    ("KONS", "KONS", "Konsultointi", True, True),
    ("PM", "PM", "Projektinhallinta", True, False),
    ("DEV", "DEV", "Ohjelmistokehitys", True, False),
    ("palaveri", None, "Asiakaspalaveri", True, False),  # no code: rows get the default article (VA-08, PC-07)
    ("sisainen", None, "Sisäinen työ", False, False),
]
PRODUCT_CATEGORIES = [("palvelut", "PAL", "Palvelut", True), ("lisenssit", "LIS", "Lisenssit", False),
                      ("laitteet", None, "Laitteet", False)]
PRODUCTS = [  # (key, Code or None, Name, unit, price, cost, VAT %, category, active)
    ("KOUL", "KOUL", "Koulutuspäivä", "pv", 1200.0, 400.0, 25.5, "palvelut", True),
    ("SAAS-KK", "SAAS-KK", "Pilvipalvelu, kuukausimaksu", "kk", 49.0, 12.0, 25.5, "lisenssit", True),
    ("LAITE", "LAITE", "Mobiilitestauslaite", "kpl", 390.0, 310.0, 25.5, "laitteet", True),
    ("lisenssi", None, "Ohjelmistolisenssi", "kpl", 150.0, 90.0, 25.5, "lisenssit", True),
    ("VANHA", "VANHA", "Ylläpitosopimus (vanha)", "kk", 300.0, 0.0, 24.0, "palvelut", False),
]


def travel_expenses(year: int) -> list[tuple[str, str | None, str, str, float, str, bool]]:
    """(key, Code or None, Name, unit, price, class, active): this year's Procountor codes, last year's inactive."""
    return [
        ("KM", f"KM-{year}", "Kilometrikorvaus, oma auto", "km", 0.55, "Mileage", True),
        ("PR-KOKO", f"PR-KOKO-{year}", "Kotimaan kokopäiväraha", "pv", 54.0, "DailyAllowance", True),
        ("PR-OSA", f"PR-OSA-{year}", "Kotimaan osapäiväraha", "pv", 25.0, "DailyAllowance", True),
        ("ATERIA", f"ATERIA-{year}", "Ateriakorvaus", "kpl", 13.5, "DailyAllowance", True),
        ("KM-OLD", f"KM-{year - 1}", "Kilometrikorvaus, oma auto (edellinen vuosi)", "km", 0.52, "Mileage", False),
        ("pysakointi", None, "Pysäköinti", "kpl", 0.0, "OtherTravelExpense", True),
        ("taksi", None, "Taksi", "kpl", 0.0, "OtherTravelExpense", True),
    ]


def _articles(year: int) -> dict[str, list[dict[str, Any]]]:
    work_types = [{"Code": code, "GUID": guid("WorkType", key), "IsActive": True, "IsDefault": default,
                   "IsProductive": productive, "Name": name, "SalesAccountGUID": None}
                  for key, code, name, productive, default in WORK_TYPES]
    categories = [{"Code": code, "GUID": guid("ProductCategory", key), "IsActive": True, "IsDefault": default,
                   "Name": name} for key, code, name, default in PRODUCT_CATEGORIES]
    products = [{"Code": code, "Description": None, "GUID": guid("Product", key), "IsActive": active,
                 "MeasurementUnit": unit, "Name": name, "Type": "Product", "UnitCost": cost, "UnitPrice": price,
                 "UseInWorkTimeEntry": False, "VAT": vat, "ProductCategoryGUID": guid("ProductCategory", category),
                 "SalesAccountGUID": None}
                for key, code, name, unit, price, cost, vat, category, active in PRODUCTS]
    travel = [{"Code": code, "Description": None, "GUID": guid("TravelExpense", key), "IsActive": active,
               "MeasurementUnit": unit, "Name": name, "Type": "TravelExpense", "UnitCost": price, "UnitPrice": price,
               "UseInWorkTimeEntry": False, "VAT": 0.0, "CostCurrencyGUID": guid("Currency", "EUR"),
               "ExpenseClass": expense_class}
              for key, code, name, unit, price, expense_class, active in travel_expenses(year)]
    return {"WorkType": work_types, "ProductCategory": categories, "Product": products, "TravelExpense": travel}


# ------------------------------------------------------------------------ cases
# number -> (name, customer, business unit, cost centre, owner, sales status, deadline days or None, closed days ago)
CASES = {
    1001: ("Verkkokauppa-uudistus", 1001, "konsultointi", "helsinki", 101, "won", 75, None),
    1002: ("Energiaraportointi 2.0", 1003, "kehitys", "tampere", 102, "won", None, None),
    1003: ("Työmaasovellus", 1002, "kehitys", "tampere", 102, "won", 40, None),
    1004: ("Logistikportal", 1004, "konsultointi", "helsinki", 101, "won", None, None),
    1005: ("Intranet-uudistus", 1005, "konsultointi", "helsinki", 101, "won", -25, 20),
    1006: ("Brändiuudistus", 1006, "konsultointi", "helsinki", 101, "won", 30, None),
    1007: ("Hamnsystem, förstudie", 1007, "konsultointi", "helsinki", 102, "won", 20, None),
    1008: ("Byggportal", 1008, "ab", "stockholm", 201, "won", 90, None),
    1009: ("Mobiilisovellus (tarjous)", 1006, "kehitys", "tampere", 102, "lost", None, None),
    1010: ("Datavarasto (tarjous)", 1001, "konsultointi", "helsinki", 101, "open", None, None),
}
SALES_STATUSES = {"open": ("Tarjous", 40), "won": ("Voitettu", 100), "lost": ("Hävitty", 0)}
CASE_STATUSES = [("kaynnissa", "Käynnissä", True), ("odottaa", "Odottaa asiakasta", True),
                 ("valmis", "Valmis", True)]


def _cases(cal: _Calendar, accounts: dict[int, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    cases, phases = [], []
    for number, (name, customer, unit, cc, owner, sales, deadline, closed_ago) in CASES.items():
        account = accounts[customer]
        currency = account["CurrencyCode"]
        start = cal.ago(120 if closed_ago else 60 - number % 10 * 3)
        closed = cal.ago(closed_ago) if closed_ago else None
        status = "valmis" if closed else ("odottaa" if sales != "won" else "kaynnissa")
        case_guid = guid("Case", number)
        cases.append({
            "AccountGUID": account["GUID"], "AccountName": account["Name"], "AccountNumber": customer,
            "BillingAddress": None, "BillingAddressGUID": guid("Address", customer), "BillingInternalNotes": None,
            "BillingNotesBeforeGrid": None, "BusinessUnitGUID": guid("BusinessUnit", unit),
            "BusinessUnitName": BUSINESS_UNITS[unit][1], "BusinessUnitNumber": BUSINESS_UNITS[unit][0],
            "CaseNumber": number, "CaseOwnerUserCode": str(owner), "CaseOwnerUserGUID": guid("User", str(owner)),
            "ClosedDate": _dt(closed), "CompletionEstimate": 100 if closed else 40,
            "ContactGUID": guid("Contact", f"{customer}-0"), "CostCenterGUID": guid("CostCenter", cc),
            "CostCenterNumber": COST_CENTERS[cc][0], "CurrencyGUID": guid("Currency", currency),
            "CurrencyShortform": currency, "CurrentCaseStatusDescription": None,
            "CurrentCaseStatusGUID": guid("CaseStatus", status), "CurrentCaseStatusInsertTs": _dt(start, "09:00:00"),
            "DeadlineDate": _dt(cal.ahead(deadline)) if deadline is not None else None,
            "Description": f"{name} - {account['Name']}", "ExpectedValue": 24000.0 if sales != "lost" else 18000.0,
            "GUID": case_guid, "IncludeExceptions": False, "IncludeOverTime": False,
            "InsertTs": _dt(start, "08:30:00"), "InternalName": None, "InvoiceTemplateGUID": None,
            "IsClosed": closed is not None, "IsDailyAllowanceBillable": False, "IsInternal": False,
            "IsMileageBillable": True, "IsOtherTravelExpensesBillable": True, "LatestEstimationDate": None,
            "LeadRating": None, "LeadSourceGUID": None, "Name": name,
            "OrderNumber": f"PO-{customer}-{number % 100:02d}" if sales == "won" else None,
            "OurReference": f"{USERS[owner][0]} {USERS[owner][1]}", "OverdueInterest": 10.0, "PaymentTerm":
            account["PaymentTerm"], "PricelistGUID": None, "PricingRule": None, "PricingType": "TimeAndMaterial",
            "Priority": 2, "Probability": SALES_STATUSES[sales][1], "RootTaskGUID": guid("Phase", f"{number}-root"),
            "SalesCloseDate": _dt(start) if sales != "open" else None,
            "SalesPersonUserCode": str(owner), "SalesPersonUserGUID": guid("User", str(owner)),
            "SalesProcessGUID": guid("SalesProcess", sales), "SalesStatusGUID": guid("SalesStatus", sales),
            "SharedToExtranet": False, "StartDate": _dt(start), "UpdatedTs": _dt(closed or start, "16:00:00"),
            "UrlToCase": f"https://severa.visma.com/case/{number}", "UseDefaultProductsInWorkTimeEntry": False,
            "UseDefaultWorkTypes": True, "YourReference": f"{_customer_contact(customer)}",
        })
        phases.append({
            "CaseGUID": case_guid, "Code": None, "Deadline": None, "Description": None, "FlatRate": None,
            "GUID": guid("Phase", f"{number}-root"), "IsCompleted": closed is not None, "IsLocked": closed is not None,
            "Name": name, "OriginalDeadline": None, "OriginalPlannedStartDate": None, "OriginalWorkEstimate": None,
            "OwnerUserGUID": guid("User", str(owner)), "ParentPhaseGUID": None, "PlannedStartDate": _dt(start),
            "PricePerHour": None, "SortOrder": 0, "WorkEstimate": 160.0, "WorkTypeGUID": None,
        })
    statuses = [{"GUID": guid("CaseStatus", key), "Icon": None, "IsActive": active, "Name": name}
                for key, name, active in CASE_STATUSES]
    return {"Case": cases, "Phase": phases, "CaseStatus": statuses}


def _customer_contact(number: int) -> str:
    spec = next(s for s in _customer_specs() if s["number"] == number)
    first, last, *_ = spec["contacts"][0]
    return f"{first} {last}"


def sales_processes() -> list[dict[str, Any]]:
    """Won or not, as the case handlers read it: `extra["salesProcesses"]` [{"GUID", "IsWon"}] by SalesProcessGUID
    (ISalesProcess/ISalesStatus are not served). Each case's SalesStatusGUID names the same outcome."""
    return [{"GUID": guid("SalesProcess", key), "Name": name, "IsWon": key == "won"}
            for key, (name, _) in SALES_STATUSES.items()]


# ------------------------------------------------------------------------ invoices
class _Article:
    """What an invoice row bills: a work type, product or travel expense, with its code (or none)."""

    def __init__(self, kind: str, key: str, code: str | None, name: str, unit: str, price: float) -> None:
        self.kind, self.key, self.code, self.name, self.unit, self.price = kind, key, code, name, unit, price

    @property
    def guid(self) -> str:
        return guid(self.kind, self.key)


def _catalog(year: int) -> dict[str, _Article]:
    units = {"KONS": 125.0, "PM": 140.0, "DEV": 115.0, "palaveri": 125.0, "sisainen": 0.0}
    catalog = {key: _Article("WorkType", key, code, name, "h", units[key]) for key, code, name, _, _ in WORK_TYPES}
    catalog.update({key: _Article("Product", key, code, name, unit, price)
                    for key, code, name, unit, price, *_ in PRODUCTS})
    catalog.update({key: _Article("TravelExpense", key, code, name, unit, price)
                    for key, code, name, unit, price, *_ in travel_expenses(year)})
    return catalog


def _reference(base: str) -> str:
    """A Finnish bank reference (viitenumero): base digits and the 7-3-1 check digit."""
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def _row(n: int, article: _Article, quantity: float, case: dict[str, Any], cc: str, day: date, vat: float,
         currency: str, *, price: float | None = None, free_text: str | None = None,
         user: int | None = None) -> dict[str, Any]:
    unit_price = Decimal(str(article.price if price is None else price))
    net = (Decimal(str(quantity)) * unit_price).quantize(TWO, ROUND_HALF_UP)
    vat_amount = (net * Decimal(str(vat)) / 100).quantize(TWO, ROUND_HALF_UP)
    ident, cc_name, _ = COST_CENTERS[cc]
    by_kind = {"WorkType": [], "Product": [], "TravelExpense": []}
    by_kind[article.kind].append(article.guid)
    owner = user if user is not None else int(case["CaseOwnerUserCode"])
    return {
        "CaseGUIDs": [case["GUID"]], "EventDate": _dt(day), "GUID": None, "HourGUIDs": [], "ItemGUIDs": [],
        "MainCaseGUID": case["GUID"], "MainCaseName": case["Name"], "MainCaseNumber": case["CaseNumber"],
        "MainUserFullName": f"{USERS[owner][0]} {USERS[owner][1]}", "MainUserGUID": guid("User", str(owner)),
        "PhaseGUIDs": [case["RootTaskGUID"]], "ProductGUIDs": by_kind["Product"],
        "TravelExpenseGUIDs": by_kind["TravelExpense"], "UserGUIDs": [guid("User", str(owner))],
        "articleIdentifier": article.code, "articleName": article.name, "deliveredQuantity": quantity,
        "quantityUnitCode": article.unit, "rowAccountDimensionText": None, "rowAmount": _money(net + vat_amount),
        "rowAmountCurrencyIdentifier": currency, "rowCostAmount": None, "rowCostCenterGUID": guid("CostCenter", cc),
        "rowCostCenterName": cc_name, "rowCostCenterNumber": ident, "rowDeliveryDate": _dt(day),
        "rowFreeText": free_text, "rowIdentifier": article.code, "rowNumber": n,
        "rowRecurringSalesAccountNumber": None, "rowSalesAccountNumber": "3000" if vat else "3360",
        "rowSalesReceivableAccountNumber": "1700", "rowUnitPrice": _money(unit_price),
        "rowVatAccountNumber": "2939" if vat else None, "rowVatAmount": _money(vat_amount),
        "rowVatCode": "S" if vat else "AE", "rowVatCurrencyIdentifier": currency,
        "rowVatExcludedAmount": _money(net), "rowVatExcludedCurrencyIdentifier": currency,
        "rowVatRatePercent": vat, "unitPriceAmount": _money(unit_price), "unitPriceCurrencyIdentifier": currency,
    }


class _Invoices:
    def __init__(self, cal: _Calendar, year: int, accounts: dict[int, dict[str, Any]],
                 cases: dict[int, dict[str, Any]]) -> None:
        self.cal, self.catalog = cal, _catalog(year)
        self.accounts, self.cases = accounts, cases
        self.specs = {s["number"]: s for s in _customer_specs()}

    def invoice(self, number: int | None, key: str, customer: int, case_no: int, status: str, day: date,
                lines: list[tuple[Any, ...]], *, unit: str = "konsultointi", currency: str | None = None,
                notes: str | None = None, before: str | None = None, after: str | None = None,
                order: str | None = None, paid: date | None = None, credits: dict[str, Any] | None = None,
                title: str | None = None) -> dict[str, Any]:
        account, spec, case = self.accounts[customer], self.specs[customer], self.cases[case_no]
        currency = currency or ("SEK" if unit == "ab" else "EUR")
        swedish_unit = unit == "ab"
        vat = 0.0 if account["ReverseCharge"] else (25.0 if swedish_unit else 25.5)
        cc = next(k for k, v in COST_CENTERS.items() if v[0] == case["CostCenterNumber"])
        rows = []
        for i, line in enumerate(lines, start=1):
            article_key, quantity, *rest = line
            options = rest[0] if rest else {}
            rows.append(_row(i, self.catalog[article_key], quantity, case, options.get("cc", cc),
                             options.get("day", day), vat, currency, price=options.get("price"),
                             free_text=options.get("text"), user=options.get("user")))
            rows[-1]["GUID"] = guid("InvoiceRow", f"{key}-{i}")
        if credits is not None:  # a credit note bills the same rows negatively
            for row in rows:
                for name in ("deliveredQuantity", "rowAmount", "rowVatAmount", "rowVatExcludedAmount"):
                    row[name] = -row[name]
        net = sum(Decimal(str(r["rowVatExcludedAmount"])) for r in rows)
        tax = sum(Decimal(str(r["rowVatAmount"])) for r in rows)
        rate = CURRENCIES[currency][0]
        terms = account["PaymentTerm"]
        numbering = "ab" if swedish_unit else "root"
        seller_name, seller_vat, seller_brn = (AB_NAME, AB_VAT, AB_ORGNR) if swedish_unit else (
            ORG_NAME, ORG_VAT, ORG_BRN)
        seller_address = ({"country": "Sweden", "countryCode": "SE", "postCodeIdentifier": "111 36",
                           "streetName": "Kungsgatan 12", "townName": "Stockholm"} if swedish_unit else
                          {"country": "Finland", "countryCode": "FI", "postCodeIdentifier": "00130",
                           "streetName": "Eteläranta 12", "townName": "Helsinki"})
        contact = spec["contacts"][0]
        country_name = COUNTRIES[spec["country"]][0] if spec["country"] else None
        einvoice = spec.get("einvoice")
        ref = _reference(str(number)) if number is not None else None
        return {
            "AccountGUID": account["GUID"], "AccountName": account["Name"], "AccountNumber": customer,
            "BusinessUnitCode": BUSINESS_UNITS[unit][0], "BusinessUnitGUID": guid("BusinessUnit", unit),
            "BusinessUnitName": BUSINESS_UNITS[unit][1],
            "BuyerOrganization": {
                "buyerContactPersonName": f"{contact[0]} {contact[1]}",
                "buyerElectronicInvoiceAddress": einvoice[0] if einvoice else None,
                "buyerElectronicInvoiceOperator": einvoice[1] if einvoice else None,
                "buyerEmailaddressIdentifier": contact[3], "buyerOrganisationName": account["Name"],
                "buyerOrganisationTaxCode": vat_number(spec), "buyerPartyIdentifier": spec["brn"],
                "buyerPhoneNumberIdentifier": contact[4],
                "buyerPostalAddressDetails": {"country": country_name, "countryCode": spec["country"],
                                              "postCodeIdentifier": spec["zip"], "streetName": spec["street"],
                                              "townName": spec["city"]},
            },
            "Culture": "sv-SE" if spec["lang"] == "sv" else "fi-FI", "CurrencyGUID": guid("Currency", currency),
            "CurrencyName": {"EUR": "Euro", "SEK": "Svensk krona"}[currency], "CurrencyRate": rate,
            "CurrencyShortform": currency, "Date": _dt(day), "Description": title or case["Name"],
            "DueDate": _dt(day + timedelta(days=terms)), "EntryDate": _dt(day),
            "GUID": guid("Invoice", key), "InvoiceAllowedCaseGUIDs": [case["GUID"]], "InvoiceConfig": None,
            "InvoiceDetails": {
                "invoiceDate": _dt(day), "invoiceDueDate": _dt(day + timedelta(days=terms)), "invoiceNumber": number,
                "invoiceTotalVatAmount": _money(tax), "invoiceTotalVatExcludedAmount": _money(net),
                "invoiceTotalVatIncludedAmount": _money(net + tax),
                "invoiceTypeText": ("HYVITYSLASKU" if credits is not None else "LASKU") if not swedish_unit else (
                    "KREDITFAKTURA" if credits is not None else "FAKTURA"),
                "orderIdentifier": order, "originCode": "Cancel" if credits is not None else "Original",
                "paymentOverDueFineFreeText": None, "paymentOverDueFinePercent": account["OverdueInterest"],
                "paymentTermsFreeText": f"{terms} pv netto" if not swedish_unit else f"{terms} dagar netto",
                "sellerReferenceIdentifier": ref, "vatBaseAmount": _money(net), "vatRateAmount": _money(tax),
                "vatRatePercent": int(vat),
            },
            "InvoiceNumberingBusinessUnitGUID": guid("BusinessUnit", numbering), "InvoiceRows": rows,
            "InvoiceStatus": status, "IsCreditNote": credits is not None, "IsReimbursed": False, "IsTaxFree": False,
            "LanguageCode": spec["lang"], "LanguageGUID": guid("Language", spec["lang"]), "MainCaseGUID": case["GUID"],
            "Notes": notes, "Number": number, "OrderNumber": order, "OurReference": case["OurReference"],
            "OverDueInterest": account["OverdueInterest"], "PaymentDate": _dt(paid),
            "PaymentStatus": "Paid" if paid else ("Unpaid" if status in ("Transferred", "Sent") else None),
            "PaymentTerm": terms, "PoNumber": order,
            "ReceiverAddressline": spec["street"], "ReceiverCity": spec["city"],
            "ReceiverContactEmail": contact[3], "ReceiverContactName": f"{contact[0]} {contact[1]}",
            "ReceiverCountry": country_name, "ReceiverCustomerName": account["Name"],
            "ReceiverPostalCode": spec["zip"], "ReceiverState": None, "ReceiverVatNumber": vat_number(spec),
            "ReferenceNumber": ref,
            "ReimburseInvoiceGUID": credits["GUID"] if credits is not None else None,
            "SellerContact": {
                "sellerAccountDetails": [{"sellerAccountID": AB_IBAN if swedish_unit else ORG_IBAN,
                                          "sellerBic": AB_BIC if swedish_unit else ORG_BIC}],
                "sellerContactPersonName": "Johan Ek" if swedish_unit else "Mikko Heikkinen",
                "sellerEmailaddressIdentifier": "faktura@kuuradigital.se" if swedish_unit else
                "laskutus@kuuradigital.fi",
                "sellerFaxNumber": None, "sellerFreeText": None,
                "sellerHomeTownName": seller_address["townName"],
                "sellerPhoneNumber": "+46 8 120 300 00" if swedish_unit else "+358 9 4247 1100",
                "sellerWebaddressIdentifier": "https://kuuradigital.fi",
            },
            "SellerOrganization": {
                "sellerEInvoiceAddress": None if swedish_unit else ORG_OVT,
                "sellerEInvoiceOperator": None if swedish_unit else MAVENTA,
                "sellerOrganisationName": seller_name, "sellerOrganisationTaxCode": seller_vat,
                "sellerPartyIdentifier": seller_brn, "sellerPostalAddressDetails": seller_address,
            },
            "SenderAddressline": seller_address["streetName"], "SenderCity": seller_address["townName"],
            "SenderContactName": "Johan Ek" if swedish_unit else "Mikko Heikkinen",
            "SenderCountry": seller_address["country"], "SenderName": seller_name,
            "SenderPostalCode": seller_address["postCodeIdentifier"], "SenderState": None,
            "SenderVatNumber": seller_vat, "TaxFreeDescription": None,
            "Title": title or case["Name"], "VirtualBankBarcode": None,
            "YourReference": f"{contact[0]} {contact[1]}",
            "NotesAfterInvoiceRows": after, "NotesBeforeInvoiceRows": before,
        }


def _invoices(cal: _Calendar, year: int, accounts: dict[int, dict[str, Any]],
              cases: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    b = _Invoices(cal, year, accounts, cases)
    last_year = date(cal.today.year - 1, 12, 12)
    km = {"text": "Helsinki-Tampere-Helsinki"}
    reverse = "Käännetty verovelvollisuus, AVL 65 § / Omvänd skattskyldighet"
    originals = {
        # already in Procountor (its originalInvoiceNumber 10198-10231)
        "10198": b.invoice(10198, "10198", 1005, 1005, "Paid", last_year, [("KOUL", 2, {"text": "Workshop i Vasa"})],
                           paid=date(cal.today.year - 1, 12, 29), order="PO-1005-05",
                           before="Tack för samarbetet!"),
        "10215": b.invoice(10215, "10215", 1001, 1001, "Paid", cal.ago(40), [("KONS", 16), ("PM", 6)],
                           paid=cal.ago(28), order="PO-1001-01", notes="Maksettu kokonaan"),
        "10221": b.invoice(10221, "10221", 1002, 1003, "Transferred", cal.ago(18),
                           [("DEV", 24), ("SAAS-KK", 1), ("KM", 180, km)], unit="kehitys", order="PO-1002-03",
                           before="Työmaasovelluksen toteutus, sprintit 3-4."),
        "10226": b.invoice(10226, "10226", 1004, 1004, "Transferred", cal.ago(10), [("KONS", 20, {"price": 1400.0})],
                           currency="SEK", order="PO-1004-04", after=reverse),
        "10229": b.invoice(10229, "10229", 1003, 1002, "Transferred", cal.ago(5), [("DEV", 40)], unit="kehitys",
                           order="PO-1003-02"),
        "10231": b.invoice(10231, "10231", 1001, 1001, "Transferred", cal.ago(2), [("KONS", 12), ("PM", 4)],
                           order="PO-1001-01"),
        # sent from Severa itself (e-mail), never through the integration
        "10230": b.invoice(10230, "10230", 1005, 1005, "Sent", cal.ago(3), [("KONS", 3, {"text": "Slutmöte"})],
                           notes="Skickad per e-post"),
        # waiting for transfer: the integration's next batch
        "10232": b.invoice(10232, "10232", 1002, 1003, "Waiting for transfer", cal.ago(1),
                           [("DEV", 16), ("palaveri", 2, {"text": "Ohjausryhmä"}), ("KM", 180, km),
                            ("LAITE", 2, {"text": "Testilaitteet työmaalle"})],
                           unit="kehitys", order="PO-1002-03", notes="Sprintti 5",
                           before="Työmaasovelluksen toteutus, sprintti 5.", after="Kiitos tilauksestanne!"),
        "10233": b.invoice(10233, "10233", 1003, 1002, "Waiting for transfer", cal.ago(1),
                           [("SAAS-KK", 1), ("DEV", 8), ("lisenssi", 1)], unit="kehitys", order="PO-1003-02",
                           after="Verkkolasku / e-invoice"),
        "10234": b.invoice(10234, "10234", 1006, 1006, "Waiting for transfer", cal.ago(1),
                           [("KONS", 6), ("PM", 1.5, {"cc": "hallinto"})]),
        "10237": b.invoice(10237, "10237", 1007, 1007, "Waiting for transfer", cal.ago(0), [("PM", 10), ("KONS", 14)],
                           order="HS-4471", after=reverse),
        "AB-501": b.invoice(501, "AB-501", 1008, 1008, "Waiting for transfer", cal.ago(1),
                            [("KONS", 30, {"price": 1350.0, "user": 201})], unit="ab", order="MB-2291",
                            before="Byggportal, etapp 1."),
        # a draft has no number yet
        "draft": b.invoice(None, "draft", 1001, 1010, "Draft", cal.ago(0), [("KONS", 4)],
                           notes="Luonnos: tarkista tunnit"),
    }
    credit_of_10221 = b.invoice(10235, "10235", 1002, 1003, "Waiting for transfer", cal.ago(0),
                                [("KM", 180, km)], unit="kehitys", order="PO-1002-03", credits=originals["10221"],
                                title="Hyvitys: kilometrikorvaus laskutettu kahdesti",
                                notes="Hyvittää laskun 10221 rivin 3")
    credit_of_10232 = b.invoice(10236, "10236", 1002, 1003, "Waiting for transfer", cal.ago(0),
                                [("LAITE", 2, {"text": "Testilaitteet palautettu"})], unit="kehitys",
                                order="PO-1002-03", credits=originals["10232"], title="Hyvitys: palautetut laitteet",
                                notes="Hyvittää laskun 10232 rivin 4")
    originals["10221"]["IsReimbursed"] = True
    originals["10232"]["IsReimbursed"] = True
    # the credit note for 10232 is listed before the invoice it credits (VA-17: the transfer must reorder)
    ordered = [v for k, v in originals.items() if k != "10232"]
    at = ordered.index(originals["10233"])
    return [*ordered[:at], credit_of_10232, originals["10232"], *ordered[at:], credit_of_10221]


# ------------------------------------------------------------------------ travel
TRAVEL_STATUSES = [("draft", "Draft", 1, False, False), ("sent", "Sent for approval", 2, False, True),
                   ("approved", "Approved", 3, True, True), ("transferred", "Transferred", 4, True, True),
                   ("paid", "Paid", 5, True, True)]

# a minimal PDF and a 1x1 GIF as receipts (PC-15: GIF, JPEG or PDF only)
RECEIPT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
RECEIPT_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
FILES = {  # key -> (Name, ContentType, bytes, description)
    "pysakointi": ("pysakointikuitti_tampere.pdf", "application/pdf", RECEIPT_PDF, "Pysäköintikuitti"),
    "taksi": ("taksikuitti.gif", "image/gif", RECEIPT_GIF, "Taksikuitti"),
    "hotelli": ("Hotelli Åbo #3 (kuitti).pdf", "application/pdf", RECEIPT_PDF, "Nimessä erikoismerkkejä (PC-10)"),
}


def _travel(cal: _Calendar, year: int, cases: dict[int, dict[str, Any]]) -> dict[str, Any]:
    expenses = {key: (code, name, unit, price) for key, code, name, unit, price, _, _ in travel_expenses(year)}
    statuses = [{"GUID": guid("TravelReimbursementStatus", key), "IsActive": True, "IsApproved": approved,
                 "IsLocked": locked, "Name": name, "SortOrder": order}
                for key, name, order, approved, locked in TRAVEL_STATUSES]
    files = [{"ContentType": ctype, "Description": desc, "GUID": guid("File", key), "Name": name, "Size": len(data)}
             for key, (name, ctype, data, desc) in FILES.items()]
    content = {guid("File", key): base64.b64encode(data).decode() for key, (_, _, data, _) in FILES.items()}

    def row(n: int, key: str, quantity: float, user: int | None, case_no: int, day: date, *,
            price: float | None = None, file: str | None = None, text: str | None = None) -> dict[str, Any]:
        code, name, unit, default_price = expenses[key]
        unit_price = default_price if price is None else price
        case = cases[case_no]
        return {
            "BillingDependencyTaskGUID": None, "BillingSchedule": None, "CaseGUID": case["GUID"],
            "CaseNumber": case["CaseNumber"], "CostCenterGUID": case["CostCenterGUID"], "Description": text,
            "DisplayPeriodStart": None, "EventDate": _dt(day),
            "GUID": guid("TravelReimbursementRow", f"{day}-{n}-{key}"),
            "InvoiceDescription": None, "InvoiceGUID": None, "InvoiceQuantity": None, "InvoiceRowGUID": None,
            "IsApproved": True, "IsBillable": key == "KM", "IsOutSourcingCost": False, "IsReadOnly": False,
            "IsRealised": True, "MeasurementUnit": unit, "Name": name, "OrderDate": None, "PlannedBillingDate": None,
            "ProductCode": code, "ProductGUID": guid("TravelExpense", key), "ProductType": "TravelExpense",
            "PurchaseOrderNumber": None, "PurchaseVAT": 0.0, "Quantity": quantity, "RecurrenceEndDate": None,
            "RecurrenceEndType": 0, "RecurrenceFrequency": None, "RecurrenceStartDate": None, "RecurrenceTimes": None,
            "RecurringItemGUID": None, "SalesAccountGUID": None, "SalesStatusGUID": None, "TaskGUID": None,
            "TravelEndTime": _dt(day, "17:30:00"), "TravelStartTime": _dt(day, "07:15:00"), "UnitCost": unit_price,
            "UnitCostVatIncludedAmount": unit_price, "UnitPrice": unit_price if key == "KM" else 0.0,
            "UnitPriceInBaseCurrency": unit_price if key == "KM" else 0.0, "UserCode": str(user) if user else None,
            "UserGUID": guid("User", _user_key(user)), "VAT": 0.0,
            "FileGUIDs": [guid("File", file)] if file else [], "IsTravelReimbursementRequired": True, "rowNumber": n,
        }

    def reimbursement(number: int, user: int | None, status: str, day: date, rows: list[dict[str, Any]],
                      notes: str | None = None, approved: bool = True) -> dict[str, Any]:
        return {
            "AdvancePayment": 0.0, "ApprovalDate": _dt(day + timedelta(days=1), "12:00:00") if approved else None,
            "ApprovedByUserGUID": guid("User", "102") if approved else None, "CurrencyGUID": guid("Currency", "EUR"),
            "CurrencyShortform": "EUR", "Date": _dt(day), "GUID": guid("TravelReimbursement", number), "Notes": notes,
            "Number": number, "TravelReimbursementRows": rows, "TravelReimbursementStatus": status,
            "UserGUID": guid("User", _user_key(user)),
        }

    d1, d2, d3, d4 = cal.ago(12), cal.ago(9), cal.ago(6), cal.ago(30)
    reimbursements = [
        reimbursement(301, 101, "Approved", d1, [
            row(1, "KM", 180, 101, 1003, d1, text="Helsinki-Tampere-Helsinki, työmaakatselmus"),
            row(2, "PR-KOKO", 1, 101, 1003, d1),
            row(3, "pysakointi", 1, 101, 1003, d1, price=14.0, file="pysakointi", text="Pysäköinti Tampere"),
        ], notes="Työmaakatselmus, Rakennus Mäkelä Oy"),
        reimbursement(302, 102, "Approved", d2, [
            row(1, "PR-OSA", 1, 102, 1002, d2),
            row(2, "taksi", 1, 102, 1002, d2, price=38.6, file="taksi", text="Taksi lentoasemalta"),
            row(3, "ATERIA", 1, 102, 1002, d2, file="hotelli"),
        ], notes="Asiakastapaaminen Oulussa"),
        reimbursement(303, None, "Approved", d3, [row(1, "KM", 42, None, 1001, d3, text="Asiakaskäynti")],
                      notes="Ei henkilönumeroa eikä tiliä (PC-19)"),
        reimbursement(304, 103, "Transferred", d4, [row(1, "PR-KOKO", 2, 103, 1004, d4)], notes="Tukholma"),
        reimbursement(305, 101, "Draft", cal.ago(1), [row(1, "KM", 24, 101, 1001, cal.ago(1))], approved=False),
    ]
    return {"TravelReimbursementStatus": statuses, "TravelReimbursement": reimbursements, "File": files,
            "files": content}


# ------------------------------------------------------------------------ hours and items (uninvoiced work)
def _work(cal: _Calendar, cases: dict[int, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    hours = []
    for i, (case_no, user, work_type, quantity, ago) in enumerate([
        (1001, 101, "KONS", 7.5, 3), (1001, 101, "PM", 1.0, 3), (1003, 103, "DEV", 7.5, 2),
        (1003, 102, "palaveri", 1.5, 2), (1002, 103, "DEV", 6.0, 1), (1006, 101, "sisainen", 2.0, 1),
    ], start=1):
        case = cases[case_no]
        day = cal.ago(ago)
        price = {"KONS": 125.0, "PM": 140.0, "DEV": 115.0, "palaveri": 125.0, "sisainen": 0.0}[work_type]
        hours.append({
            "AccountGUID": case["AccountGUID"], "CaseGUID": case["GUID"], "Description": f"Työ {i}",
            "EndTime": None, "EventDate": _dt(day), "GUID": guid("HourEntry", i), "InvoiceDescription": None,
            "InvoiceGUID": None, "InvoiceQuantity": quantity if price else 0.0, "InvoiceRowGUID": None,
            "IsApproved": True, "IsBillable": bool(price), "IsProductive": work_type != "sisainen",
            "IsReadOnly": False, "OverTimeGUID": None, "PhaseGUID": case["RootTaskGUID"], "Quantity": quantity,
            "StartTime": None, "TaskGUID": case["RootTaskGUID"], "UnitCost": 55.0, "UnitPrice": price,
            "UnitPriceInBaseCurrency": price, "UserGUID": guid("User", str(user)),
            "WorkTypeGUID": guid("WorkType", work_type),
        })
    items = []
    for i, (case_no, product, quantity, price, cost, ago) in enumerate([
        (1003, "LAITE", 1, 390.0, 310.0, 4), (1002, "SAAS-KK", 1, 49.0, 12.0, 2),
    ], start=1):
        case = cases[case_no]
        spec = next(p for p in PRODUCTS if p[0] == product)
        items.append({
            "BillingDependencyTaskGUID": None, "BillingSchedule": None, "CaseGUID": case["GUID"],
            "CaseNumber": case["CaseNumber"], "CostCenterGUID": case["CostCenterGUID"], "Description": None,
            "DisplayPeriodStart": None, "EventDate": _dt(cal.ago(ago)), "GUID": guid("Item", i),
            "InvoiceDescription": None, "InvoiceGUID": None, "InvoiceQuantity": quantity, "InvoiceRowGUID": None,
            "IsApproved": True, "IsBillable": True, "IsOutSourcingCost": False, "IsReadOnly": False,
            "IsRealised": True, "MeasurementUnit": spec[3], "Name": spec[2], "OrderDate": None,
            "PlannedBillingDate": _dt(cal.ahead(5)), "ProductCode": spec[1], "ProductGUID": guid("Product", product),
            "ProductType": "Product", "PurchaseOrderNumber": f"PO-ITEM-{i}", "PurchaseVAT": 25.5,
            "Quantity": quantity, "RecurrenceEndDate": None, "RecurrenceEndType": 0, "RecurrenceFrequency": None,
            "RecurrenceStartDate": None, "RecurrenceTimes": None, "RecurringItemGUID": None,
            "SalesAccountGUID": None, "SalesStatusGUID": None, "TaskGUID": case["RootTaskGUID"], "UnitCost": cost,
            "UnitCostVatIncludedAmount": round(cost * 1.255, 2), "UnitPrice": price,
            "UnitPriceInBaseCurrency": price, "UserCode": "102", "UserGUID": guid("User", "102"), "VAT": 25.5,
        })
    return {"HourEntry": hours, "Item": items}


INVOICE_ATTACHMENTS = {  # attached to invoice 10232 (PC-15: PDF with attachments)
    "tuntiraportti": ("tuntiraportti_sprintti5.pdf", "application/pdf", RECEIPT_PDF),
}


def _invoice_log(cal: _Calendar) -> list[dict[str, Any]]:
    """What the integration wrote back after earlier transfers (AddNewInvoiceLogEntry)."""
    sent = {"10221": (18, 1203), "10226": (10, 1204), "10229": (5, 1205), "10231": (2, 1206)}
    return [{"invoiceGuid": guid("Invoice", number), "context": "Procountor", "source": "visma-integration",
             "text": f"Siirretty Procountoriin, laskunumero {procountor}",
             "eventTimeUtc": _dt(cal.ago(days - 1), "06:10:00"), "loggedAt": _dt(cal.ago(days - 1), "06:10:01")}
            for number, (days, procountor) in sent.items()]


def _organization_address() -> dict[str, Any]:
    """The organization's own billing address (GetBillingAddress)."""
    return {"Addressline": "Eteläranta 12", "Addressline2": None, "Addressline3": None, "City": "Helsinki",
            "CompanyGUID": None, "CountryCode": "FI", "CountryGUID": guid("Country", "FI"), "CountryName": "Finland",
            "CountryRegionGUID": None, "CountryRegionName": None, "Fax": None, "GUID": guid("Address", "organization"),
            "IsBillingAddress": True, "IsPostalAddress": True, "IsVisitAddress": True, "Phone": "+358 9 4247 1100",
            "PostalCode": "00130"}


# ------------------------------------------------------------------------ the dataset
def demo_dataset() -> dict[str, Any]:
    cal = _Calendar()
    year = cal.today.year
    customers = _customers()
    customers["Address"].append(_organization_address())
    accounts = {a["Number"]: a for a in customers["Account"]}
    case_data = _cases(cal, accounts)
    cases = {c["CaseNumber"]: c for c in case_data["Case"]}
    travel = _travel(cal, year, cases)
    files = travel.pop("files")
    dataset: dict[str, Any] = {
        **_reference_data(),
        "BusinessUnit": _business_units(),
        "InvoiceStatus": _invoice_statuses(),
        **customers,
        "User": _users(),
        **_articles(year),
        **case_data,
        **_work(cal, cases),
        "Invoice": _invoices(cal, year, accounts, cases),
        **travel,
        "files": {**files, **{guid("File", key): base64.b64encode(data).decode()
                              for key, (_, _, data) in INVOICE_ATTACHMENTS.items()}},
        "extra": {
            "salesProcesses": sales_processes(),
            "organization": {"BillingAddressGUID": guid("Address", "organization")},
            "invoiceFiles": {guid("Invoice", "10232"): [
                {"GUID": guid("File", key), "MIMEtype": mime, "Name": name, "PrintOrder": i}
                for i, (key, (name, mime, _)) in enumerate(INVOICE_ATTACHMENTS.items(), start=1)]},
            "invoiceLog": _invoice_log(cal),
        },
    }
    from simulators.severa.datasets import ENTITY_KINDS

    if "CostCenter" in ENTITY_KINDS:  # the type arrives with the cost-center operations
        dataset["CostCenter"] = cost_centers()
    return dataset
