"""The demo companies of `visma-sim serve`: Demo Konsult AB and, for the same demo user, Demo Bygg AB.

Demo Konsult AB is a Stockholm IT consultancy, the eEkonomi side of the time tracker → eEkonomi integration
(shared/rules.md, EE rules): customers in Sweden (companies, one private person, one inactive), one in Germany
with a VAT number (EU reverse charge) and one in Norway (export, NOK); articles for consulting hours, travel and
two products (25 % and 6 % VAT). Demo Bygg AB is a small Gothenburg builder (reverse construction VAT, ROT
work) that lets a client test choosing between two companies of one user.

Everything else (fiscal years on the tenant clock, BAS chart, VAT codes, terms, units, codings) is the
default register of a new Swedish company (`defaults.py`). Organisation and VAT numbers are valid
(stdnum: se.orgnr, de.vat, no.mva); the private person has Skatteverket's test personal identity number.
Ids are uuid5, so they are the same on every start; ChangedUtc/CreatedUtc are days before today (UTC),
so a client's first "changed since" sync sees them and nothing is random.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from simulators.eekonomi import defaults
from simulators.eekonomi.domain.articles import money

KONSULT_ORG_NUMBER = "559278-3145"
BYGG_ORG_NUMBER = "556934-7213"
DEMO_CUSTOMER_COUNT = 8


def demo_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"eekonomi-demo:{kind}:{key}"))


def _days_ago(days: int, hour: int = 8) -> str:
    moment = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _company(name: str, org_number: str, street: str, postal_code: str, city: str, email: str, phone: str,
             bankgiro: str, iban: str, next_customer: int, **extra: Any) -> dict[str, Any]:
    digits = org_number.replace("-", "")
    return {
        "Name": name, "Email": email, "Phone": phone, "Address1": street, "Address2": None, "CountryCode": "SE",
        "PostalCode": postal_code, "City": city, "Website": f"https://www.{email.split('@')[1]}",
        "CorporateIdentityNumber": org_number, "VatCode": f"SE{digits}01", "PeppolId": f"0007:{digits}",
        "BankGiro": bankgiro, "Iban": iban, "BankAccount": iban[-10:],
        "CompanyIdentifier": demo_id("company", digits),
        "CompanyScanningAddress": {"Name": name, "Address1": "c/o Skanningscentralen", "Address2": None,
                                   "PostCode": "831 90", "PostOffice": "Östersund",
                                   "Email": f"{digits}@scan.vismaonline.com"},
        "NextCustomerNumber": next_customer, **extra,
    }


def _customer(company: str, number: int, name: str, street: str, postal_code: str, city: str, *, country: str = "SE",
              terms: str = "30", changed_days_ago: int = 30, **fields: Any) -> dict[str, Any]:
    """A customer record as the API stores it; TermsOfPayment and invoice totals are derived on read."""
    record: dict[str, Any] = {
        "Id": demo_id(f"{company}-customer", str(number)), "CustomerNumber": str(number), "Name": name,
        "InvoiceAddress1": street, "InvoicePostalCode": postal_code, "InvoiceCity": city,
        "InvoiceCountryCode": country, "CurrencyCode": "SEK", "TermsOfPaymentId": defaults.terms_id(terms),
        "IsPrivatePerson": False, "IsActive": True, "ReverseChargeOnConstructionServices": False,
        "ForceBookkeepVat": False, "DeliveryBasedVat": False, "DiscountPercentage": 0.0, "Iban": "",
        "IsDirectDebitEnabled": False, "SalesDocumentLanguage": "sv", "MessageThreads": [], "Notes": [],
        "ChangedUtc": _days_ago(changed_days_ago),
    }
    record.update(fields)
    return record


def _article(company: str, number: str, name: str, coding: str, unit: str, net_price: float, *,
             english: str | None = None, purchase_price: float = 0.0, active: bool = True, created_days_ago: int = 60,
             **fields: Any) -> dict[str, Any]:
    """An article record with what the server sets (coding and unit names, gross price, stock figures)."""
    coding_name, _, kind, vat_code, _, _ = defaults.CODINGS[coding]
    unit_name, _, abbreviation, _ = defaults.UNITS[unit]
    rate = defaults.VAT_CODES[vat_code][1]
    stamp = _days_ago(created_days_ago, hour=9)
    record: dict[str, Any] = {
        "Id": demo_id(f"{company}-article", number), "IsActive": active, "Number": number, "Name": name,
        "NameEnglish": english, "NetPrice": net_price, "NetPriceWithDiscount": net_price,
        "GrossPrice": money(Decimal(str(net_price)) * (1 + Decimal(str(rate)))), "CodingId": defaults.coding_id(coding),
        "CodingName": coding_name, "UnitId": defaults.unit_id(unit), "UnitName": unit_name,
        "UnitAbbreviation": abbreviation, "StockBalance": 0.0, "StockBalanceReserved": 0.0,
        "StockBalanceAvailable": 0.0, "CreatedUtc": stamp, "ChangedUtc": stamp, "PurchasePrice": purchase_price,
        "PurchasePriceManuallyChangedUtc": stamp if purchase_price else None, "SendToWebshop": False,
        "UsesMoss": False, "MessageThreads": [], "Notes": [], "IsStock": False,
        "ShowStockInformation": kind == "Goods", "IsServiceArticle": kind == "Service", "CurrencyCode": "SEK",
        "HouseWorkType": None,
    }
    record.update(fields)
    return record


# ------------------------------------------------------------------------ Demo Konsult AB
def demo_dataset() -> dict[str, Any]:
    company = "konsult"
    customers = [
        _customer(company, 1, "Sundberg & Partners AB", "Sveavägen 44", "111 34", "Stockholm",
                  CorporateIdentityNumber="556703-2189", VatNumber="SE556703218901",
                  EmailAddress="faktura@sundbergpartners.se", ContactPersonName="Karin Sundberg",
                  ContactPersonEmail="karin.sundberg@sundbergpartners.se", Telephone="08-410 223 00",
                  WwwAddress="https://www.sundbergpartners.se", changed_days_ago=120),
        _customer(company, 2, "Uppsala Fastighetsförvaltning AB", "Kungsängsgatan 12", "753 22", "Uppsala",
                  CorporateIdentityNumber="559045-6124", VatNumber="SE559045612401",
                  EmailAddress="ekonomi@uppsalafastighet.se",
                  EmailAddresses=["lars.holm@uppsalafastighet.se", "attest@uppsalafastighet.se"],
                  ElectronicAddress="0007:5590456124", ElectronicReference="UF-4411",
                  ContactPersonName="Lars Holm", changed_days_ago=95),
        _customer(company, 3, "Göteborgs Mekaniska Verkstad AB", "Lindholmsallén 10", "417 55", "Göteborg",
                  terms="20", CorporateIdentityNumber="556112-9346", VatNumber="SE556112934601",
                  EmailAddress="leverantorsfakturor@gmv.se", DiscountPercentage=0.05,
                  ContactPersonName="Maria Ek", ContactPersonPhone="031-779 12 40",
                  Note="Ramavtal 2025: 5 % rabatt på konsulttimmar.", changed_days_ago=80),
        _customer(company, 4, "Anna Lindqvist", "Storgatan 5", "392 31", "Kalmar", terms="10",
                  IsPrivatePerson=True, CorporateIdentityNumber="121212-1212", EmailAddress="anna.lindqvist@example.se",
                  MobilePhone="070-123 45 67", changed_days_ago=60),
        _customer(company, 5, "Brandt Software GmbH", "Friedrichstraße 123", "10117", "Berlin", country="DE",
                  CurrencyCode="EUR", VatNumber="DE284713566", EmailAddress="rechnungen@brandt-software.de",
                  ContactPersonName="Jonas Brandt", SalesDocumentLanguage="en", changed_days_ago=45),
        _customer(company, 6, "Fjordkraft Rådgivning AS", "Karl Johans gate 15", "0159", "Oslo", country="NO",
                  CurrencyCode="NOK", VatNumber="NO923456783MVA", EmailAddress="faktura@fjordkraft-radgivning.no",
                  ContactPersonName="Ingrid Solberg", SalesDocumentLanguage="en", changed_days_ago=40),
        _customer(company, 7, "Malmö Reklambyrå AB", "Södra Förstadsgatan 20", "211 43", "Malmö",
                  CorporateIdentityNumber="556821-4737", VatNumber="SE556821473701", IsActive=False,
                  EmailAddress="info@malmoreklam.se", Note="Avslutat samarbete, dold i kundlistan.",
                  changed_days_ago=200),
        _customer(company, 8, "Västerås Energiteknik AB", "Stora Gatan 8", "722 12", "Västerås", terms="month30",
                  CorporateIdentityNumber="559311-2088", VatNumber="SE559311208801",
                  EmailAddress="faktura@vasterasenergi.se", DeliveryCustomerName="Västerås Energiteknik AB, lager",
                  DeliveryAddress1="Returvägen 3", DeliveryPostalCode="721 37", DeliveryCity="Västerås",
                  DeliveryCountryCode="SE", changed_days_ago=20),
    ]
    articles = [
        _article(company, "101", "Konsulttimme", "services25", "tim", 1150.0, english="Consulting hour"),
        _article(company, "102", "Senior konsulttimme", "services25", "tim", 1450.0, english="Senior consulting hour"),
        _article(company, "103", "Projektledning", "services25", "tim", 1250.0, english="Project management"),
        _article(company, "201", "Resetid", "services25", "tim", 650.0, english="Travel time"),
        _article(company, "202", "Milersättning", "services25", "mil", 65.0, english="Mileage allowance"),
        _article(company, "301", "Dockningsstation USB-C", "goods25", "st", 1990.0, english="USB-C docking station",
                 purchase_price=1240.0),
        _article(company, "302", "Handbok: Agil projektledning", "goods6", "st", 395.0,
                 english="Handbook: agile project management", purchase_price=210.0, active=False),
    ]
    return {
        "companySettings": _company(
            "Demo Konsult AB", KONSULT_ORG_NUMBER, "Kungsgatan 28", "111 35", "Stockholm", "info@demokonsult.se",
            "08-545 120 00", "543-2109", "SE4550000000058398257466", DEMO_CUSTOMER_COUNT + 1,
            OurReference="Erik Johansson", Swish="1234567890", NextArticleNumber=303),
        "customers": customers,
        "articles": articles,
    }


# ------------------------------------------------------------------------ Demo Bygg AB
def second_company_dataset() -> dict[str, Any]:
    """Demo Bygg AB: the demo user's second company (reverse construction VAT and ROT work)."""
    company = "bygg"
    customers = [
        _customer(company, 1, "Fastighets AB Hisingen", "Lundbystrand 2", "417 55", "Göteborg",
                  CorporateIdentityNumber="556498-1271", VatNumber="SE556498127101",
                  ReverseChargeOnConstructionServices=True, EmailAddress="faktura@fab-hisingen.se",
                  changed_days_ago=70),
        _customer(company, 2, "Per Svensson", "Björkvägen 14", "442 31", "Kungälv", terms="10", IsPrivatePerson=True,
                  CorporateIdentityNumber="191212121212", EmailAddress="per.svensson@example.se",
                  PropertyType=2, PropertyReference="Kungälv Ytterby 1:23", changed_days_ago=30),
        _customer(company, 3, "Kungälvs Bostäder AB", "Västra Gatan 60", "442 31", "Kungälv", terms="15",
                  CorporateIdentityNumber="556273-1199", VatNumber="SE556273119901",
                  EmailAddress="ekonomi@kungalvsbostader.se", changed_days_ago=15),
    ]
    articles = [
        _article(company, "1", "Snickeriarbete", "services25", "tim", 595.0, english="Carpentry", HouseWorkType=1),
        _article(company, "2", "Elarbete", "services25", "tim", 650.0, english="Electrical work", HouseWorkType=2),
        _article(company, "3", "Byggmaterial", "goods25", "st", 100.0, english="Building material",
                 purchase_price=80.0),
    ]
    return {
        "companySettings": _company(
            "Demo Bygg AB", BYGG_ORG_NUMBER, "Hisingsgatan 30", "417 03", "Göteborg", "info@demobygg.se",
            "031-22 40 00", "567-8016", "SE9880000832790000012345", 4,
            UsesReverseConstructionVat=True, UsesRotReducedInvoicing=True, OurReference="Sara Nilsson",
            NextArticleNumber=4),
        "customers": customers,
        "articles": articles,
    }


DEMO_SECOND_COMPANY: dict[str, Any] = second_company_dataset()
