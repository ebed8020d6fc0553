"""The registers of a new Swedish company in eEkonomi: what a dataset leaves out comes from here.

A company that has just finished the startup guide: company settings (an aktiebolag in Stockholm, SEK, VAT
reported quarterly), three calendar fiscal years (last, this and next, on the tenant clock), a BAS 2026 chart
of accounts per fiscal year, Swedish VAT codes, terms of payment, units and article account codings.

Ids are uuid5 of a fixed name, so every company (and every export) has the same ids for the same reference
data, and tests and datasets may name them (`vat_code_id("10")`, `TERMS_30_DAYS`). `datasets.load` calls one
function per state attribute name (`vat_codes()`, `units()` …), plus `company_settings()`,
`fiscal_years(clock)` and `accounts(fiscal_years)`. Nothing here is random and nothing reads the wall clock.
"""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from simulators.core.clock import Clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# when the reference data was last changed (ArticleAccountCodingApi.ChangedUtc is not nullable)
REFERENCE_CHANGED_UTC = "2024-01-01T00:00:00Z"


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"eekonomi:{name}"))


# ------------------------------------------------------------------------ terms of payment
# key -> (Name, NameEnglish, NumberOfDays, TermsOfPaymentTypeId, TermsOfPaymentTypeText, sales, purchase)
TERMS = {
    "30": ("30 dagar netto", "30 days net", 30, 0, "Normal", True, True),
    "10": ("10 dagar netto", "10 days net", 10, 0, "Normal", True, True),
    "15": ("15 dagar netto", "15 days net", 15, 0, "Normal", True, True),
    "20": ("20 dagar netto", "20 days net", 20, 0, "Normal", True, True),
    "45": ("45 dagar netto", "45 days net", 45, 0, "Normal", True, True),
    "60": ("60 dagar netto", "60 days net", 60, 0, "Normal", True, True),
    "month30": ("Innevarande månad + 30 dagar", "Current month + 30 days", 30, 1, "CurrentMonth", True, True),
    "cash": ("Kontant", "Cash", 0, 2, "Cash", True, True),
    "card": ("Kortbetalning", "Card payment", 0, 3, "CardPayment", True, False),
}


def terms_id(key: str) -> str:
    return _id(f"terms-of-payment:{key}")


TERMS_30_DAYS = terms_id("30")
TERMS_10_DAYS = terms_id("10")
TERMS_15_DAYS = terms_id("15")
TERMS_20_DAYS = terms_id("20")
TERMS_CASH = terms_id("cash")


def terms_of_payments() -> list[dict[str, Any]]:
    return [{"Id": terms_id(key), "Name": name, "NameEnglish": english, "NumberOfDays": days,
             "TermsOfPaymentTypeId": type_id, "TermsOfPaymentTypeText": type_text, "AvailableForSales": sales,
             "AvailableForPurchase": purchase}
            for key, (name, english, days, type_id, type_text, sales, purchase) in TERMS.items()]


# ------------------------------------------------------------------------ VAT codes
# Code (the box of Skatteverket's VAT return it reports in) -> (Description, VatRate as a fraction,
# RelatedAccounts 1..3). Sales codes name the box of their output VAT (10/11/12) or of the tax-free sale.
VAT_CODES: dict[str, tuple[str, float, tuple[int | None, int | None, int | None]]] = {
    "00": ("Ingen moms", 0.0, (None, None, None)),
    "10": ("Momspliktig försäljning 25 %", 0.25, (2611, None, None)),
    "11": ("Momspliktig försäljning 12 %", 0.12, (2621, None, None)),
    "12": ("Momspliktig försäljning 6 %", 0.06, (2631, None, None)),
    "35": ("Försäljning av varor till annat EU-land", 0.0, (None, None, None)),
    "36": ("Försäljning av varor utanför EU", 0.0, (None, None, None)),
    "39": ("Försäljning av tjänster till näringsidkare i annat EU-land", 0.0, (None, None, None)),
    "40": ("Övrig försäljning av tjänster omsatta utanför Sverige", 0.0, (None, None, None)),
    "41": ("Försäljning när köparen är betalningsskyldig i Sverige (omvänd byggmoms)", 0.0, (None, None, None)),
    "42": ("Övrig försäljning, momsfri", 0.0, (None, None, None)),
    "48": ("Ingående moms att dra av", 0.25, (2641, None, None)),
    "20": ("Inköp av varor från annat EU-land", 0.25, (2614, 2645, None)),
    "21": ("Inköp av tjänster från annat EU-land", 0.25, (2614, 2645, None)),
    "22": ("Inköp av tjänster från land utanför EU", 0.25, (2614, 2645, None)),
    "24": ("Inköp av tjänster i Sverige, omvänd betalningsskyldighet", 0.25, (2617, 2647, None)),
    "50": ("Import av varor", 0.25, (2615, 2645, None)),
}


def vat_code_id(code: str) -> str:
    return _id(f"vat-code:{code}")


def vat_codes() -> list[dict[str, Any]]:
    return [{"Id": vat_code_id(code), "Code": code, "Description": text, "VatRate": rate, "OssCodeType": 0,
             "RelatedAccounts": {"AccountNumber1": a1, "AccountNumber2": a2, "AccountNumber3": a3}}
            for code, (text, rate, (a1, a2, a3)) in VAT_CODES.items()]


# ------------------------------------------------------------------------ account types
# Type -> (TypeDescription, first account number, last account number): the groups of the BAS chart
ACCOUNT_TYPES: dict[int, tuple[str, int, int]] = {
    1: ("Immateriella anläggningstillgångar", 1000, 1099),
    2: ("Materiella anläggningstillgångar", 1100, 1299),
    3: ("Finansiella anläggningstillgångar", 1300, 1399),
    4: ("Varulager och pågående arbeten", 1400, 1499),
    5: ("Kortfristiga fordringar", 1500, 1799),
    6: ("Kortfristiga placeringar", 1800, 1899),
    7: ("Kassa och bank", 1900, 1999),
    8: ("Eget kapital", 2000, 2099),
    9: ("Obeskattade reserver", 2100, 2199),
    10: ("Avsättningar", 2200, 2299),
    11: ("Långfristiga skulder", 2300, 2399),
    12: ("Kortfristiga skulder", 2400, 2999),
    13: ("Rörelsens intäkter", 3000, 3999),
    14: ("Varor, material och tjänster", 4000, 4999),
    15: ("Övriga externa kostnader", 5000, 6999),
    16: ("Personalkostnader", 7000, 7699),
    17: ("Avskrivningar och nedskrivningar", 7700, 7999),
    18: ("Finansiella poster", 8000, 8799),
    19: ("Bokslutsdispositioner", 8800, 8899),
    20: ("Skatter och årets resultat", 8900, 9999),
}


def account_types() -> list[dict[str, Any]]:
    return [{"Type": number, "TypeDescription": text} for number, (text, _, _) in ACCOUNT_TYPES.items()]


def account_type_of(number: str | int) -> tuple[int, str]:
    """The account type (Type, TypeDescription) of an account number by its BAS group; (0, "") outside 1000-9999.

    The accounts resource uses it for POST /accounts?useDefaultAccountType=true."""
    try:
        value = int(str(number)[:4].ljust(4, "0"))
    except ValueError:
        return 0, ""
    for type_number, (text, first, last) in ACCOUNT_TYPES.items():
        if first <= value <= last:
            return type_number, text
    return 0, ""


# ------------------------------------------------------------------------ chart of accounts (BAS 2026)
# (Number, Name, VAT code or None)
CHART: list[tuple[str, str, str | None]] = [
    ("1220", "Inventarier och verktyg", None),
    ("1229", "Ackumulerade avskrivningar på inventarier och verktyg", None),
    ("1460", "Lager av handelsvaror", None),
    ("1510", "Kundfordringar", None),
    ("1630", "Avräkning för skatter och avgifter (skattekonto)", None),
    ("1680", "Andra kortfristiga fordringar", None),
    ("1790", "Övriga förutbetalda kostnader och upplupna intäkter", None),
    ("1910", "Kassa", None),
    ("1920", "PlusGiro", None),
    ("1930", "Företagskonto/checkkonto/affärskonto", None),
    ("1940", "Övriga bankkonton", None),
    ("2081", "Aktiekapital", None),
    ("2091", "Balanserad vinst eller förlust", None),
    ("2098", "Vinst eller förlust från föregående år", None),
    ("2099", "Årets resultat", None),
    ("2350", "Andra långfristiga skulder till kreditinstitut", None),
    ("2440", "Leverantörsskulder", None),
    ("2510", "Skatteskulder", None),
    ("2610", "Utgående moms, 25 %", None),
    ("2611", "Utgående moms på försäljning inom Sverige, 25 %", None),
    ("2614", "Utgående moms omvänd betalningsskyldighet, 25 %", None),
    ("2615", "Utgående moms import av varor, 25 %", None),
    ("2617", "Utgående moms omvänd betalningsskyldighet varor och tjänster i Sverige, 25 %", None),
    ("2620", "Utgående moms, 12 %", None),
    ("2621", "Utgående moms på försäljning inom Sverige, 12 %", None),
    ("2630", "Utgående moms, 6 %", None),
    ("2631", "Utgående moms på försäljning inom Sverige, 6 %", None),
    ("2640", "Ingående moms", None),
    ("2641", "Debiterad ingående moms", None),
    ("2645", "Beräknad ingående moms på förvärv från utlandet", None),
    ("2647", "Ingående moms omvänd betalningsskyldighet varor och tjänster i Sverige", None),
    ("2650", "Redovisningskonto för moms", None),
    ("2710", "Personalskatt", None),
    ("2731", "Avräkning lagstadgade sociala avgifter", None),
    ("2890", "Övriga kortfristiga skulder", None),
    ("2920", "Upplupna semesterlöner", None),
    ("2990", "Övriga upplupna kostnader och förutbetalda intäkter", None),
    ("3001", "Försäljning inom Sverige, 25 % moms", "10"),
    ("3002", "Försäljning inom Sverige, 12 % moms", "11"),
    ("3003", "Försäljning inom Sverige, 6 % moms", "12"),
    ("3004", "Försäljning inom Sverige, momsfri", "42"),
    ("3041", "Försäljning tjänster inom Sverige, 25 % moms", "10"),
    ("3042", "Försäljning tjänster inom Sverige, 12 % moms", "11"),
    ("3043", "Försäljning tjänster inom Sverige, 6 % moms", "12"),
    ("3044", "Försäljning tjänster inom Sverige, momsfri", "42"),
    ("3051", "Försäljning varor inom Sverige, 25 % moms", "10"),
    ("3105", "Försäljning varor till land utanför EU", "36"),
    ("3106", "Försäljning varor till annat EU-land, momspliktig", "10"),
    ("3108", "Försäljning varor till annat EU-land, momsfri", "35"),
    ("3231", "Försäljning inom byggsektorn, omvänd betalningsskyldighet moms", "41"),
    ("3305", "Försäljning tjänster till land utanför EU", "40"),
    ("3308", "Försäljning tjänster till annat EU-land", "39"),
    ("3590", "Övriga sidointäkter", "10"),
    ("3740", "Öres- och kronutjämning", None),
    ("3960", "Valutakursvinster på fordringar och skulder av rörelsekaraktär", None),
    ("4010", "Inköp av varor och material", "48"),
    ("4425", "Inköpta tjänster i Sverige, omvänd betalningsskyldighet, 25 %", "24"),
    ("4515", "Inköp av varor från annat EU-land, 25 %", "20"),
    ("4531", "Import tjänster land utanför EU, 25 % moms", "22"),
    ("4535", "Inköp av tjänster från annat EU-land, 25 %", "21"),
    ("4545", "Import av varor, 25 % moms", "50"),
    ("5010", "Lokalhyra", "48"),
    ("5410", "Förbrukningsinventarier", "48"),
    ("5460", "Förbrukningsmaterial", "48"),
    ("5611", "Drivmedel för personbilar", "48"),
    ("5800", "Resekostnader", "48"),
    ("5831", "Kost och logi i Sverige", "48"),
    ("5910", "Annonsering", "48"),
    ("6071", "Representation, avdragsgill", "48"),
    ("6110", "Kontorsmateriel", "48"),
    ("6212", "Mobiltelefon", "48"),
    ("6230", "Datakommunikation", "48"),
    ("6310", "Företagsförsäkringar", None),
    ("6530", "Redovisningstjänster", "48"),
    ("6540", "IT-tjänster", "48"),
    ("6570", "Bankkostnader", None),
    ("6991", "Övriga externa kostnader, avdragsgilla", "48"),
    ("6992", "Övriga externa kostnader, ej avdragsgilla", None),
    ("7010", "Löner till kollektivanställda", None),
    ("7210", "Löner till tjänstemän", None),
    ("7510", "Arbetsgivaravgifter 31,42 %", None),
    ("7690", "Övriga personalkostnader", None),
    ("7832", "Avskrivningar på inventarier och verktyg", None),
    ("7960", "Valutakursförluster på fordringar och skulder av rörelsekaraktär", None),
    ("8310", "Ränteintäkter från omsättningstillgångar", None),
    ("8410", "Räntekostnader för långfristiga skulder", None),
    ("8910", "Skatt som belastar årets resultat", None),
    ("8999", "Årets resultat", None),
]


def fiscal_year_id(year: int) -> str:
    return _id(f"fiscal-year:{year}")


def fiscal_years(clock: Clock) -> list[dict[str, Any]]:
    """Last, this and next calendar year in Sweden; none locked (last year's closing is still open), all on
    accrual bookkeeping (BookkeepingMethod 0 = Invoicing)."""
    year = clock.now().astimezone(STOCKHOLM).year
    return [{"Id": fiscal_year_id(y), "StartDate": f"{y}-01-01T00:00:00", "EndDate": f"{y}-12-31T00:00:00",
             "IsLockedForAccounting": False, "BookkeepingMethod": 0} for y in (year - 1, year, year + 1)]


def accounts(years: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart in every fiscal year; created and last modified at the start of the earliest year."""
    if not years:
        return []
    created = min(str(y["StartDate"])[:10] for y in years) + "T00:00:00Z"
    out = []
    for year in years:
        for number, name, code in CHART:
            type_number, type_text = account_type_of(number)
            out.append({
                "Name": name, "Number": number, "VatCodeId": vat_code_id(code) if code else None,
                "VatCodeDescription": VAT_CODES[code][0] if code else None, "FiscalYearId": year["Id"],
                "ReferenceCode": None, "Type": type_number, "TypeDescription": type_text, "ModifiedUtc": created,
                "CreatedUtc": created, "IsActive": True, "AllowTransactionText": True,
                "IsFirstCostCenterMandatory": False, "IsProjectAllowed": True, "IsCostCenterAllowed": True,
                "IsBlockedForManualBooking": False, "Description": None,
            })
    return out


# ------------------------------------------------------------------------ units
# key -> (Name, Code (UN/ECE rec. 20, as in e-invoices), Abbreviation, AbbreviationEnglish)
UNITS = {
    "st": ("Styck", "H87", "st", "pcs"),
    "tim": ("Timme", "HUR", "tim", "h"),
    "dag": ("Dag", "DAY", "dag", "day"),
    "man": ("Månad", "MON", "mån", "mth"),
    "km": ("Kilometer", "KMT", "km", "km"),
    "mil": ("Mil", "MIL", "mil", "mil"),
    "kg": ("Kilogram", "KGM", "kg", "kg"),
    "m": ("Meter", "MTR", "m", "m"),
    "m2": ("Kvadratmeter", "MTK", "m²", "m²"),
    "l": ("Liter", "LTR", "l", "l"),
    "pkt": ("Paket", "PK", "pkt", "pkg"),
}


def unit_id(key: str) -> str:
    return _id(f"unit:{key}")


def units() -> list[dict[str, Any]]:
    return [{"Id": unit_id(key), "Name": name, "Code": code, "Abbreviation": abbr, "AbbreviationEnglish": english}
            for key, (name, code, abbr, english) in UNITS.items()]


# ------------------------------------------------------------------------ article account codings
# key -> (Name, NameEnglish, Type, VAT code of domestic sales, domestic account, domestic exempt account)
CODINGS = {
    "goods25": ("Varor 25 % moms", "Goods 25 % VAT", "Goods", "10", 3001, 3004),
    "goods12": ("Varor 12 % moms", "Goods 12 % VAT", "Goods", "11", 3002, 3004),
    "goods6": ("Varor 6 % moms", "Goods 6 % VAT", "Goods", "12", 3003, 3004),
    "goods0": ("Varor momsfri", "Goods VAT exempt", "Goods", "42", 3004, 3004),
    "services25": ("Tjänster 25 % moms", "Services 25 % VAT", "Service", "10", 3041, 3044),
    "services12": ("Tjänster 12 % moms", "Services 12 % VAT", "Service", "11", 3042, 3044),
    "services6": ("Tjänster 6 % moms", "Services 6 % VAT", "Service", "12", 3043, 3044),
    "services0": ("Tjänster momsfri", "Services VAT exempt", "Service", "42", 3044, 3044),
}


def coding_id(key: str) -> str:
    return _id(f"article-account-coding:{key}")


def article_codings() -> list[dict[str, Any]]:
    """Each coding names the revenue account of every kind of sale; which one an invoice row books follows the
    customer (domestic, EU business with VAT number, EU consumer, outside EU, reverse construction VAT)."""
    out = []
    for key, (name, english, kind, code, domestic, exempt) in CODINGS.items():
        goods = kind == "Goods"
        out.append({
            "Id": coding_id(key), "Name": name, "NameEnglish": english, "Type": kind, "VatRate": vat_code_id(code),
            "IsActive": True, "VatRatePercent": VAT_CODES[code][1],
            "DomesticSalesSubjectToReversedConstructionVatAccountNumber": 3231,
            "DomesticSalesSubjectToVatAccountNumber": domestic,
            "DomesticSalesVatExemptAccountNumber": exempt,
            "ForeignSalesSubjectToMossAccountNumber": 3106 if goods else None,
            "ForeignSalesSubjectToThirdPartySalesAccountNumber": 3108 if goods else None,
            "ForeignSalesSubjectToVatWithinEuAccountNumber": domestic,
            "ForeignSalesVatExemptOutsideEuAccountNumber": 3105 if goods else 3305,
            "ForeignSalesVatExemptWithinEuAccountNumber": 3108 if goods else 3308,
            "DomesticSalesVatCodeExemptAccountNumber": exempt,
            "ChangedUtc": REFERENCE_CHANGED_UTC,
        })
    return out


# ------------------------------------------------------------------------ company settings
COMPANY_ORG_NUMBER = "559123-4561"  # valid (Luhn) Swedish organisation number, stdnum.se.orgnr


def company_settings() -> dict[str, Any]:
    """A Swedish aktiebolag that has completed the startup guide; read-only fields included (GET shows them)."""
    digits = COMPANY_ORG_NUMBER.replace("-", "")
    return {
        "CompanyScanningAddress": {"Name": "Nytt Företag AB", "Address1": "c/o Skanningscentralen", "Address2": None,
                                   "PostCode": "831 90", "PostOffice": "Östersund",
                                   "Email": f"{digits}@scan.vismaonline.com"},
        "Name": "Nytt Företag AB", "Email": "info@nyttforetag.se", "Phone": "08-123 456 70", "MobilePhone": None,
        "Address1": "Storgatan 1", "Address2": None, "CountryCode": "SE", "PostalCode": "111 22",
        "City": "Stockholm", "Website": None, "OurReference": None, "CurrencyCode": "SEK",
        "TermsOfPaymentId": TERMS_30_DAYS, "CorporateIdentityNumber": COMPANY_ORG_NUMBER, "PeppolId": f"0007:{digits}",
        "VatCode": f"SE{digits}01", "BankGiro": "123-4566", "PlusGiro": None, "BankAccount": None, "Iban": None,
        "AccountNumberDigits": 4, "AccountingLockedTo": "0001-01-01T00:00:00", "AccountingLockInterval": 0,
        "TaxDeclarationDate": {"Month": 5, "Day": 12}, "Gln": None, "ProductVariant": 1, "TypeOfBusiness": 1,
        "VatPeriod": 3, "ActivatedModules": [], "CompanyText": {},
        "NextCustomerNumber": 1, "NextSupplierNumber": 1, "NextCustomerInvoiceNumber": 1, "NextQuoteNumber": 1,
        "NextOrderNumber": 1, "NextArticleNumber": 1, "ShowPricesExclVatPC": False, "ShowContributionMargin": False,
        "HasProportionalVatEnabled": False, "ProportionalVatValue": None, "IsPayslipActivated": False,
        "UsesCostCenter": False, "UsesProject": False, "UsesMoss": False, "UsesPaymentReferenceNumber": True,
        "UsesSupplierInvoiceEdit": False, "UseAdvancedMode": False, "DomesticCurrencyRounding": 1,
        "AutoInvoice": {"AutoInvoiceActivationStatus": 0, "AutoInvoiceB2CStatus": 0, "AutoInvoiceInboundStatus": 0},
        "ApprovalSettings": {"UsesSupplierInvoiceApproval": False, "UsesVatReportApproval": False},
        "UsesReverseConstructionVat": False, "UsesRotReducedInvoicing": False,
        "CompanyRotRutSettings": {"RutMaxAmountForPersBelow65Year": 75000, "RutMaxAmountForPersOver65Year": 75000,
                                  "RutReducedInvoicingPercent": 0.5, "RotReducedInvoicingMaxAmount": 50000,
                                  "RotReducedInvoicingPercent": 0.3},
        "CompanyStatus": 1, "CompanyIdentifier": _id("company:default"), "BankgiroNumberPrint": None,
        "KeepOriginalDraftDate": False, "UsePaymentFilesForOutgoingPayments": False,
        "UseAutomaticVatCalculation": True, "ShowCostCenterReminder": False, "ShowProjectReminder": False,
        "UsesGreenTechnology": False,
        "CompanyGreenTechnologySettings": {"GreenTechnologyDeductionMaxAmount": 50000,
                                           "SollarCellDiscountPercentage": 0.15},
        "UsesVatTriangulationRules": False, "Swish": None, "CompanyEmailForUpload": None, "VismaWebshopStatus": 0,
        "UsesTransactionText": False, "FirstPaymentReminderWithoutFee": True, "LatePaymentFee": 60,
        "DefaultBackgroundId": None, "InvoicePrintSettingsType": 1,
    }
