"""The demo company of `visma-sim serve`: Kuura Digital Oy, a Helsinki software and consulting house.

It is the Procountor side of the Severa → Procountor integration (shared/rules.md, PC rules): customers
carry Severa's customer numbers ("1001"…), the product register holds the default codes for products,
work types and travel expenses plus this year's and last year's travel-expense codes (PC-07, PC-08), the
dimensions "Projektit", "Kustannuspaikat" and "Liiketoimintayksiköt" hold Severa's projects, cost centres
and business units (PC-09, one project closed), persons carry employee numbers and IBANs (PC-19), and
purchase invoices sit in every status of PC-18, dimensioned to projects (one only to a cost centre, one
not at all). Nothing is random: dates follow today's date in Helsinki, so the data is the same all day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.procountor.datasets import fiscal_year
from simulators.procountor.state import HELSINKI

COMPANY_NAME = "Kuura Digital Oy"
COMPANY_BRN = "3127845-1"  # valid Y-tunnus (check digit verified with stdnum.fi.ytunnus)
COMPANY_OVT = "003731278451"  # the company's own e-invoice address: 0037 + Y-tunnus digits
COMPANY_ADDRESS = {"street": "Eteläranta 12", "zip": "00130", "city": "Helsinki", "country": "FINLAND"}
MAIN_IBAN = "FI3557800020415282"  # OP
SECOND_IBAN = "FI2112345600000785"  # Nordea
MAVENTA = "003721291126"  # e-invoice operator code

# dimensions and their items (ids are referred to by invoices below and by tests)
PROJECTS, COST_CENTRES, BUSINESS_UNITS = 1, 2, 3
P_WEBSHOP, P_ENERGY, P_SITE_APP, P_LOGISTICS, P_INTRANET = 1001, 1002, 1003, 1004, 1005
CC_HELSINKI, CC_TAMPERE, CC_ADMIN = 1011, 1012, 1013
BU_CONSULTING, BU_DEVELOPMENT, BU_TRAINING = 1021, 1022, 1023

# Verohallinto's tax-free travel allowances: car €/km, full and partial domestic per diem €, meal allowance €.
# Years after the last one known reuse its rates.
TRAVEL_RATES = {2024: (0.57, 51.0, 24.0, 12.75), 2025: (0.52, 53.0, 24.0, 13.25), 2026: (0.55, 54.0, 25.0, 13.50)}

TWO = Decimal("0.01")


# ------------------------------------------------------------------------ helpers
class _Calendar:
    """Dates relative to today (Helsinki); invoice dates stay in the current (open) year."""

    def __init__(self) -> None:
        self.today = datetime.now(HELSINKI).date()
        self.year = self.today.year
        self.year_start = date(self.year, 1, 1)

    def ago(self, days: int) -> date:
        return max(self.today - timedelta(days=days), self.year_start)

    def stamp(self, day: date, later_days: int = 0, at: str = "09:00:00") -> str:
        """A version/created stamp `later_days` after `day`, never after yesterday (nor before `day`)."""
        when = min(day + timedelta(days=later_days), self.today - timedelta(days=1))
        return f"{max(when, day).isoformat()}T{at}"


def _reference(base: str) -> str:
    """A Finnish bank reference number (viitenumero): base digits and the 7-3-1 check digit."""
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def _money(value: Decimal) -> float:
    return float(value.quantize(TWO, rounding=ROUND_HALF_UP))


def _total(rows: list[dict[str, Any]]) -> float:
    """Gross total of rows with net unit prices, rounded per row like the simulator's invoiceSumInfo."""
    total = Decimal(0)
    for row in rows:
        net = (Decimal(str(row["quantity"])) * Decimal(str(row["unitPrice"]))).quantize(TWO, ROUND_HALF_UP)
        vat = (net * Decimal(str(row["vatPercent"])) / 100).quantize(TWO, ROUND_HALF_UP)
        total += net + vat
    return _money(total)


def _row(product: dict[str, Any], quantity: float, price: float | None = None, vat: float = 25.5,
         comment: str | None = None) -> dict[str, Any]:
    row = {
        "productId": product["id"], "product": product["name"], "productCode": product["code"],
        "quantity": quantity, "unit": product["unit"],
        "unitPrice": product["price"] if price is None else price, "discountPercent": 0, "vatPercent": vat,
    }
    if comment:
        row["comment"] = comment
    return row


# ------------------------------------------------------------------------ registers
def _partner(pid: int, name: str, kind: str, number: str, brn: str, brn_type: str, street: str, zip_: str,
             city: str, country: str, contact: tuple[str, str, str], *, channel: str = "MAIL",
             language: str = "FINNISH", email: str | None = None, einvoice: str | None = None,
             iban: tuple[str, str] | None = None, version: str) -> dict[str, Any]:
    address = {"name": name, "street": street, "zip": zip_, "city": city, "country": country}
    invoicing: dict[str, Any] = {"customerNumber": number, "identifier": brn, "identifierType": brn_type,
                                 "invoiceChannel": channel, "language": language, "contactPerson": contact[0]}
    if email:
        invoicing["email"] = email
    if einvoice:
        invoicing.update({"einvoiceAddress": einvoice, "einvoiceOperator": MAVENTA, "ovt": einvoice})
    payment: dict[str, Any] = {"paymentMethod": "BANK_TRANSFER", "paymentTermDays": "14",
                               "penalInterestRate": 10.0, "currency": "SEK" if country == "SWEDEN" else "EUR"}
    if iban:
        payment.update({"bankAccount": iban[0], "bic": iban[1]})
    return {
        "id": pid, "name": name, "type": kind,
        "address": address, "billingAddress": dict(address), "deliveryAddress": dict(address),
        "invoicingInfo": invoicing,
        "contactPersons": [{"name": contact[0], "email": contact[1], "phone": contact[2]}],
        "additionalInfo": {"invoiceLedger": "INVOICE_LEDGER"},
        "paymentInfo": payment,
        "registryInfo": {"active": True, "phone": contact[2]},
        "version": version,
    }


def _partners(version: str) -> dict[str, dict[str, Any]]:
    return {
        "lindqvist": _partner(
            40101, "Kauppahuone Lindqvist Oy", "CUSTOMER", "1001", "2984516-2", "FI", "Aleksanterinkatu 15 B",
            "00100", "Helsinki", "FINLAND", ("Helena Lindqvist", "helena.lindqvist@lindqvist.fi", "+358 40 712 3301"),
            version=version),
        "makela": _partner(
            40102, "Rakennus Mäkelä Oy", "CUSTOMER", "1002", "1875623-6", "FI", "Hatanpään valtatie 24", "33100",
            "Tampere", "FINLAND", ("Jari Mäkelä", "jari.makela@rakennusmakela.fi", "+358 50 433 8120"),
            channel="EMAIL", email="laskutus@rakennusmakela.fi", version=version),
        "oulun_energia": _partner(
            40103, "Oulun Energiapalvelut Oy", "CUSTOMER", "1003", "3056217-8", "FI", "Kauppurienkatu 9", "90100",
            "Oulu", "FINLAND", ("Tiina Kemppainen", "tiina.kemppainen@oulunenergiapalvelut.fi", "+358 44 290 1187"),
            channel="ELECTRONIC_INVOICE", einvoice="003730562178", version=version),
        "nordisk": _partner(
            40104, "Nordisk Logistik AB", "CUSTOMER", "1004", "559241-7835", "SE", "Sveavägen 44", "111 34",
            "Stockholm", "SWEDEN", ("Erik Sandström", "erik.sandstrom@nordisklogistik.se", "+46 8 410 552 90"),
            language="SWEDISH", version=version),
        "strandberg": _partner(
            40105, "Strandberg & Söner Ab", "CUSTOMER", "1005", "2456781-0", "FI", "Hovrättsesplanaden 8", "65100",
            "Vasa", "FINLAND", ("Mikael Strandberg", "mikael@strandberg.fi", "+358 6 317 4420"),
            language="SWEDISH", version=version),
        "virtanen": _partner(
            40201, "Alihankinta Virtanen Oy", "SUPPLIER", "2001", "1639842-0", "FI", "Tekniikantie 14", "02150",
            "Espoo", "FINLAND", ("Petri Virtanen", "petri@alihankintavirtanen.fi", "+358 40 551 2093"),
            iban=("FI8022011800036122", "NDEAFIHH"), version=version),
        "kolmio": _partner(
            40202, "Pilvipalvelu Kolmio Oy", "SUPPLIER", "2002", "3310567-7", "FI", "Piippukatu 11", "40100",
            "Jyväskylä", "FINLAND", ("Laura Nieminen", "laskutus@kolmio.cloud", "+358 20 741 8800"),
            iban=("FI8080001215420770", "DABAFIHH"), version=version),
        "kaleva": _partner(
            40203, "Kokoustila Kaleva Oy", "SUPPLIER", "2003", "2201558-8", "FI", "Sammonkatu 30", "33540",
            "Tampere", "FINLAND", ("Outi Rantanen", "myynti@kokoustilakaleva.fi", "+358 3 214 6600"),
            iban=("FI3231313001234566", "HANDFIHH"), version=version),
    }


def _product(pid: int, kind: str, name: str, code: str, unit: str, price: float, *, vat: float = 25.5,
             account: str = "3000", active: bool = True, version: str, **extra: Any) -> dict[str, Any]:
    product = {"id": pid, "type": kind, "name": name, "code": code, "unit": unit, "discount": 0, "price": price,
               "vat": vat, "active": active, "vatStatus": 1, "currency": "EUR", "version": version}
    if kind == "TRAVEL":
        product.update({"vat": 0, "bookkeepingAccount": account})
        product.pop("vatStatus")
    else:
        product["defaultAccount"] = account
    product.update(extra)
    return product


def _travel_products(first_id: int, year: int, active: bool, version: str) -> list[dict[str, Any]]:
    km, full, partial, meal = TRAVEL_RATES.get(year) or TRAVEL_RATES[max(TRAVEL_RATES)]
    dates = {"startDate": f"{year}-01-01", "endDate": f"{year}-12-31"}
    return [
        _product(first_id, "TRAVEL", "Kilometrikorvaus, oma auto", f"KM-{year}", "KILOMETER", km, account="7820",
                 active=active, version=version, **dates),
        _product(first_id + 1, "TRAVEL", "Kotimaan kokopäiväraha", f"PR-KOKO-{year}", "DAY", full, account="7810",
                 active=active, version=version, **dates),
        _product(first_id + 2, "TRAVEL", "Kotimaan osapäiväraha", f"PR-OSA-{year}", "DAY", partial, account="7810",
                 active=active, version=version, **dates),
        _product(first_id + 3, "TRAVEL", "Ateriakorvaus", f"ATERIA-{year}", "PIECE", meal, account="7810",
                 active=active, version=version, **dates),
    ]


def _products(year: int, version: str) -> dict[str, dict[str, Any]]:
    items = [
        _product(5001, "SALES", "Tuote (oletus)", "PROD-DEFAULT", "PIECE", 0.0, version=version),
        _product(5002, "SALES", "Työ (oletus)", "WORK-DEFAULT", "HOUR", 0.0, version=version),
        _product(5003, "SALES", "Konsultointi", "KONS", "HOUR", 125.0, version=version),
        _product(5004, "SALES", "Projektinhallinta", "PM", "HOUR", 140.0, version=version),
        _product(5005, "SALES", "Ohjelmistokehitys", "DEV", "HOUR", 115.0, version=version),
        _product(5006, "SALES", "Koulutuspäivä", "KOUL", "DAY", 1200.0, version=version),
        _product(5007, "SALES", "Pilvipalvelu, kuukausimaksu", "SAAS-KK", "MONTH", 49.0, version=version),
        _product(5101, "PURCHASE", "Alihankinta", "ALIH", "HOUR", 85.0, account="4450", version=version),
        _product(5102, "PURCHASE", "Palvelinkapasiteetti", "HOSTING", "MONTH", 890.0, account="7680",
                 version=version),
        _product(5103, "PURCHASE", "Kokoustila ja tarjoilu", "KOKOUS", "DAY", 640.0, account="7610",
                 version=version),
        _product(5201, "TRAVEL", "Muut matkakulut", "TRAVEL-DEFAULT", "NO_UNIT", 0.0, account="7800",
                 version=version),
        *_travel_products(5211, year - 1, False, version),
        *_travel_products(5221, year, True, version),
    ]
    return {p["code"]: p for p in items}


def _dimensions() -> list[dict[str, Any]]:
    return [
        {"id": PROJECTS, "name": "Projektit", "items": [
            {"id": P_WEBSHOP, "codeName": "Verkkokauppa-uudistus", "description": "Kauppahuone Lindqvist Oy"},
            {"id": P_ENERGY, "codeName": "Energiaraportointi 2.0", "description": "Oulun Energiapalvelut Oy"},
            {"id": P_SITE_APP, "codeName": "Työmaasovellus", "description": "Rakennus Mäkelä Oy"},
            {"id": P_LOGISTICS, "codeName": "Logistikportal", "description": "Nordisk Logistik AB"},
            {"id": P_INTRANET, "codeName": "Intranet-uudistus", "status": "P",
             "description": "Strandberg & Söner Ab (suljettu)"},
        ]},
        {"id": COST_CENTRES, "name": "Kustannuspaikat", "items": [
            {"id": CC_HELSINKI, "codeName": "Helsinki"},
            {"id": CC_TAMPERE, "codeName": "Tampere"},
            {"id": CC_ADMIN, "codeName": "Hallinto"},
        ]},
        {"id": BUSINESS_UNITS, "name": "Liiketoimintayksiköt", "items": [
            {"id": BU_CONSULTING, "codeName": "Konsultointi"},
            {"id": BU_DEVELOPMENT, "codeName": "Ohjelmistokehitys"},
            {"id": BU_TRAINING, "codeName": "Koulutus"},
        ]},
    ]


def _person(pid: int, first: str, last: str, number: str, title: str, iban: str, bic: str, gender: str,
            street: str, zip_: str, city: str, email: str, phone: str, version: str,
            language: str = "FINNISH") -> dict[str, Any]:
    return {
        "id": pid, "firstName": first, "lastName": last, "jobTitle": title,
        "deliveryAddress": {"street": street, "zip": zip_, "city": city, "country": "FINLAND"},
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "accountNumber": iban, "bic": bic, "paymentTermDays": "7",
                        "penalInterestRate": 0},
        "invoicingInfo": {"personNumber": number, "language": language, "gender": gender},
        "registryInfo": {"active": True, "email": email, "mobilePhone": phone},
        "version": version,
    }


def _persons(version: str) -> list[dict[str, Any]]:
    return [
        _person(7001, "Aino", "Laaksonen", "101", "Konsultti", "FI5840550012345670", "HELSFIHH", "FEMALE",
                "Mechelininkatu 3 A 12", "00100", "Helsinki", "aino.laaksonen@kuuradigital.fi", "+358 40 118 2201",
                version),
        _person(7002, "Mikko", "Heikkinen", "102", "Projektipäällikkö", "FI7815723000045831", "NDEAFIHH", "MALE",
                "Satakunnankatu 18 B 7", "33210", "Tampere", "mikko.heikkinen@kuuradigital.fi", "+358 50 337 4102",
                version),
        _person(7003, "Sara", "Lindholm", "103", "Ohjelmistokehittäjä", "FI7055406500118271", "OKOYFIHH", "FEMALE",
                "Runebergsgatan 5", "00260", "Helsingfors", "sara.lindholm@kuuradigital.fi", "+358 44 902 5521",
                version, language="SWEDISH"),
    ]


# ------------------------------------------------------------------------ invoices
def _counterparty(partner: dict[str, Any], channel: str | None = None) -> dict[str, Any]:
    info = partner["invoicingInfo"]
    party: dict[str, Any] = {
        "contactPersonName": partner["contactPersons"][0]["name"],
        "identifier": info["identifier"],
        "customerNumber": info["customerNumber"],
        "counterPartyAddress": dict(partner["address"]),
    }
    if partner["address"]["country"] == "SWEDEN":
        party["identifier"] = "SE" + info["identifier"].replace("-", "") + "01"  # the VAT number on invoices
    if channel == "EMAIL":
        party["email"] = info["email"]
    if channel == "ELECTRONIC_INVOICE":
        party["einvoiceAddress"] = {"operator": info["einvoiceOperator"], "address": info["einvoiceAddress"]}
    return party


def _sales(inv_id: int, number: int, partner: dict[str, Any], day: date, status: str, rows: list[dict[str, Any]],
           cal: _Calendar, *, original: str, changed_after: int = 0, currency: str = "EUR", rate: float = 1.0,
           vat_status: int = 1, info: str = "") -> dict[str, Any]:
    channel = partner["invoicingInfo"]["invoiceChannel"]
    address = dict(partner["billingAddress"])
    return {
        "id": inv_id, "partnerId": partner["id"], "type": "SALES_INVOICE", "status": status, "date": day.isoformat(),
        "counterParty": _counterparty(partner, channel),
        "billingAddress": address, "deliveryAddress": dict(address),
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": currency,
                        "bankAccount": {"accountNumber": MAIN_IBAN}, "dueDate": (day + timedelta(days=14)).isoformat(),
                        "currencyRate": rate, "bankReferenceCode": _reference(str(number)),
                        "bankReferenceCodeType": "FI"},
        "extraInfo": {"accountingByRow": True, "unitPricesIncludeVat": False},
        "discountPercent": 0, "invoiceRows": rows, "invoiceNumber": number, "vatStatus": vat_status,
        "originalInvoiceNumber": original, "invoiceChannel": channel, "penaltyPercent": 10.0,
        "language": partner["invoicingInfo"]["language"], "additionalInformation": info, "notes": "",
        "deliveryStartDate": day.replace(day=1).isoformat(),
        "deliveryEndDate": day.isoformat(),
        "created": cal.stamp(day, 0, "08:40:00"), "version": cal.stamp(day, changed_after, "08:41:00"),
    }


def _purchase(inv_id: int, number: int, partner: dict[str, Any], day: date, status: str, rows: list[dict[str, Any]],
              cal: _Calendar, *, original: str, changed_after: int, channel: str = "ELECTRONIC_INVOICE",
              dims: list[tuple[int, int, float]] | None = None) -> dict[str, Any]:
    company = {"name": COMPANY_NAME, **COMPANY_ADDRESS}
    inv: dict[str, Any] = {
        "id": inv_id, "partnerId": partner["id"], "type": "PURCHASE_INVOICE", "status": status,
        "date": day.isoformat(),
        "counterParty": {"identifier": partner["invoicingInfo"]["identifier"],
                         "customerNumber": partner["invoicingInfo"]["customerNumber"],
                         "counterPartyAddress": dict(partner["address"])},
        "billingAddress": company, "deliveryAddress": dict(company),
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": "EUR",
                        "bankAccount": {"accountNumber": partner["paymentInfo"]["bankAccount"],
                                        "bic": partner["paymentInfo"]["bic"]},
                        "dueDate": (day + timedelta(days=21)).isoformat(), "currencyRate": 1,
                        "bankReferenceCode": _reference(original.split("-")[-1]), "bankReferenceCodeType": "FI"},
        "extraInfo": {"accountingByRow": True, "unitPricesIncludeVat": False},
        "discountPercent": 0, "invoiceRows": rows, "invoiceNumber": number, "vatStatus": 1,
        "originalInvoiceNumber": original, "invoiceChannel": channel, "notes": "", "additionalInformation": "",
        "created": cal.stamp(day, 0, "07:15:00"), "version": cal.stamp(day, changed_after, "14:05:00"),
    }
    if channel == "ELECTRONIC_INVOICE":
        inv["invoiceOperatorInfo"] = {"operator": MAVENTA, "receivingAddress": COMPANY_OVT}
    if dims:
        inv["dimensionItemValues"] = [{"dimensionId": d, "itemId": i, "value": v} for d, i, v in dims]
    return inv


class _Payments:
    """Payment events in the shape `GET /invoices/{id}/paymentevents` returns."""

    def __init__(self) -> None:
        self.last_id = 400000

    def event(self, inv: dict[str, Any], kind: str, day: date, amount: float, status: str,
              description: str = "") -> dict[str, Any]:
        self.last_id += 1
        return {"id": self.last_id, "invoiceId": inv["id"], "type": kind, "paymentDate": day.isoformat(),
                "status": status, "amount": amount, "currency": "EUR", "description": description,
                "paidAmount": amount, "paidCurrency": "EUR"}


def _paid(inv: dict[str, Any], payments: _Payments, kind: str, day: date, amount: float | None = None) -> None:
    """Attach a payment event; the invoice's paymentDate is that day."""
    full = _total(inv["invoiceRows"])
    paid = full if amount is None else amount
    inv.setdefault("paymentEvents", []).append(payments.event(inv, kind, day, paid, inv["status"]))
    inv["paymentDate"] = day.isoformat()


def _sales_invoices(cal: _Calendar, partners: dict[str, dict[str, Any]], products: dict[str, dict[str, Any]],
                    payments: _Payments) -> list[dict[str, Any]]:
    year, p = cal.year, products
    last_year_day = date(year - 1, 12, 12)
    closed = _sales(100001, 1201, partners["strandberg"], last_year_day, "MARKED_PAID",
                    [_row(p["KOUL"], 2, comment="Workshop i Vasa")], cal, original="10198", changed_after=20,
                    info="Er referens: Mikael Strandberg")
    closed["created"], closed["version"] = f"{last_year_day}T08:40:00", f"{date(year - 1, 12, 30)}T10:12:00"
    _paid(closed, payments, "ELSEWHERE", date(year - 1, 12, 29))
    paid = _sales(100002, 1202, partners["lindqvist"], cal.ago(40), "MARKED_PAID",
                  [_row(p["KONS"], 16), _row(p["PM"], 6)], cal, original="10215", changed_after=12,
                  info="Viitteenne: Helena Lindqvist\nProjekti: Verkkokauppa-uudistus")
    _paid(paid, payments, "ELSEWHERE", cal.ago(28))
    sent = _sales(100003, 1203, partners["makela"], cal.ago(18), "SENT",
                  [_row(p["DEV"], 24), _row(p["SAAS-KK"], 1),
                   _row(p[f"KM-{year}"], 180, comment="Helsinki-Tampere-Helsinki")],
                  cal, original="10221", changed_after=1, info="Viitteenne: Jari Mäkelä\nProjekti: Työmaasovellus")
    sek = _sales(100004, 1204, partners["nordisk"], cal.ago(10), "SENT", [_row(p["KONS"], 20, 1400.0, vat=0)], cal,
                 original="10226", changed_after=1, currency="SEK", rate=11.2, vat_status=4,
                 info="Er referens: Erik Sandström\nProjekt: Logistikportal")
    not_sent = _sales(100005, 1205, partners["oulun_energia"], cal.ago(5), "NOT_SENT", [_row(p["DEV"], 40)], cal,
                      original="10229", changed_after=1, info="Projekti: Energiaraportointi 2.0")
    draft = _sales(100006, 1206, partners["lindqvist"], cal.ago(2), "UNFINISHED",
                   [_row(p["KONS"], 12), _row(p["PM"], 4)], cal, original="10231",
                   info="Viitteenne: Helena Lindqvist\nProjekti: Verkkokauppa-uudistus")
    return [closed, paid, sent, sek, not_sent, draft]


def _purchase_invoices(cal: _Calendar, partners: dict[str, dict[str, Any]], products: dict[str, dict[str, Any]],
                       payments: _Payments) -> list[dict[str, Any]]:
    p = products
    virtanen, kolmio, kaleva = partners["virtanen"], partners["kolmio"], partners["kaleva"]
    out = [
        _purchase(100101, 801, kolmio, cal.ago(50), "PAID", [_row(p["HOSTING"], 1)], cal, original="KOL-24881",
                  changed_after=22, dims=[(PROJECTS, P_LOGISTICS, 890.0), (COST_CENTRES, CC_HELSINKI, 890.0)]),
        _purchase(100102, 802, virtanen, cal.ago(35), "PARTLY_PAID", [_row(p["ALIH"], 120)], cal,
                  original="AV-2291", changed_after=15,
                  dims=[(PROJECTS, P_ENERGY, 10200.0), (BUSINESS_UNITS, BU_DEVELOPMENT, 10200.0)]),
        _purchase(100103, 803, kaleva, cal.ago(28), "MARKED_PAID", [_row(p["KOKOUS"], 1)],
                  cal, original="KK-51730", changed_after=9, channel="PAPER_INVOICE",
                  dims=[(PROJECTS, P_WEBSHOP, 640.0)]),
        _purchase(100104, 804, kaleva, cal.ago(20), "PAYMENT_SENT_TO_BANK", [_row(p["KOKOUS"], 2)], cal,
                  original="KK-51802", changed_after=8, dims=[(PROJECTS, P_SITE_APP, 1280.0)]),
        _purchase(100105, 805, virtanen, cal.ago(12), "APPROVED", [_row(p["ALIH"], 60)], cal, original="AV-2317",
                  changed_after=3, dims=[(PROJECTS, P_WEBSHOP, 5100.0), (COST_CENTRES, CC_HELSINKI, 5100.0)]),
        _purchase(100106, 806, kolmio, cal.ago(9), "PAYMENT_QUEUED", [_row(p["HOSTING"], 1)], cal,
                  original="KOL-25107", changed_after=2,
                  dims=[(PROJECTS, P_ENERGY, 445.0), (PROJECTS, P_SITE_APP, 445.0)]),
        _purchase(100107, 807, kolmio, cal.ago(15), "APPROVED",
                  [_row(p["HOSTING"], 1, 310.0, comment="Microsoft 365 -lisenssit")], cal, original="KOL-25044",
                  changed_after=4, dims=[(COST_CENTRES, CC_ADMIN, 310.0)]),
        _purchase(100108, 808, virtanen, cal.ago(3), "RECEIVED", [_row(p["ALIH"], 24)], cal, original="AV-2342",
                  changed_after=0),
    ]
    paid, partly, marked = out[0], out[1], out[2]
    _paid(paid, payments, "BANKSTATEMENT", cal.ago(29))
    _paid(partly, payments, "BANKSTATEMENT", cal.ago(20), 5000.0)
    _paid(marked, payments, "ELSEWHERE", cal.ago(19))
    return out


# ------------------------------------------------------------------------ the dataset
def demo_dataset() -> dict[str, Any]:
    cal = _Calendar()
    year = cal.year
    register_version = f"{year}-01-02T10:00:00"
    partners = _partners(register_version)
    products = _products(year, register_version)
    payments = _Payments()
    invoices = _sales_invoices(cal, partners, products, payments) + _purchase_invoices(cal, partners, products,
                                                                                     payments)
    return {
        "company": {
            "id": 31278, "name": COMPANY_NAME, "country": "FINLAND", "productVersion": "FINANCIALS_PLUS",
            "operationType": "PRODUCTION", "companyAddress": dict(COMPANY_ADDRESS),
            "billingAddress": dict(COMPANY_ADDRESS), "mva": False, "inTradeRegister": True,
            "businessIdentifier": {"brnType": "FI", "code": COMPANY_BRN},
            "accountingCoaLanguages": ["FINNISH", "SWEDISH", "ENGLISH"], "companyCurrency": "EUR",
            "currencyRateSearchDensity": "DAILY_EXCHANGE_RATE",
        },
        "bankAccounts": [
            {"id": 1, "accountNumber": MAIN_IBAN, "iban": MAIN_IBAN, "bic": "OKOYFIHH", "bankName": "OP Yrityspankki",
             "currency": "EUR", "defaultForInvoice": True, "defaultForPayment": True, "status": "ACTIVE", "orderNo": 1,
             "ledgerAccount": "1910", "showAccountOnInvoice": True, "allowPayments": True,
             "allowForeignPayments": True, "allowSalaryPayments": True},
            {"id": 2, "accountNumber": SECOND_IBAN, "iban": SECOND_IBAN, "bic": "NDEAFIHH", "bankName": "Nordea",
             "currency": "EUR", "defaultForInvoice": False, "defaultForPayment": False, "status": "ACTIVE",
             "orderNo": 2, "ledgerAccount": "1911", "showAccountOnInvoice": True, "allowPayments": True,
             "allowForeignPayments": False, "allowSalaryPayments": False},
        ],
        "fiscalYears": [fiscal_year(year + 1, 3, True), fiscal_year(year, 2, True), fiscal_year(year - 1, 1, False)],
        "businessPartners": list(partners.values()),
        "products": list(products.values()),
        "dimensions": _dimensions(),
        "persons": _persons(register_version),
        "invoices": invoices,
        "counters": {"paymentEvent": payments.last_id},
    }
