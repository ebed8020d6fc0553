"""The demo company of `visma-sim serve`: Demo AB, a Swedish IT consultancy in Visma Administration.

It holds what the Severa ⇄ Administration integration reads and writes, with the cases the rules name:
customers (a Norwegian and a German export customer with VAT numbers — VA-02 —, an inactive one — VA-01),
articles including the default article 999 for rows without a code (VA-08) and the Severa work-type and product
codes (KONS, PM, DEV, KOUL, SAAS-KK, LAITE), profit centres with the Severa cost-centre identifiers (100, 200,
900, SE10 — VA-11), projects with and without an end date and one closed (VA-12, VA-22), units, terms of
payment, paid, unpaid and almost paid invoices with their customer payments (VA-23), and supplier invoices
booked on several accounts, with the supplier-debt and VAT rows an integration blocks (VA-21), rows on
projects without a head project, one on the closed project, a foreign-currency one, and a supplier credit
note with negative amounts (VA-20).

Dates follow today's date, so the open invoices are open and the due dates are near whenever the demo starts.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.adk.datasets import default_dataset

NAME = "Demo AB"
ORG_NUMBER = "556789-0123"
# VA-21: the accounts an integration typically lists as blocked, so that only cost rows reach Severa
BLOCKED_ACCOUNTS = "2440,2641,2645,2614"
DEFAULT_ARTICLE = "999"  # VA-08: the integration's default article number for rows without a code
VAT_RATE = {"1": 0.25, "2": 0.12, "3": 0.06, "0": 0.0}  # row VAT codes as callers use them ("1" standard)

# number -> spec; org numbers are valid (Luhn), foreign VAT numbers pass python-stdnum
CUSTOMERS: dict[str, dict[str, Any]] = {
    "1001": {"name": "Nordisk Byggteknik AB", "street": "Kungsgatan 12", "zip": "411 19", "city": "Göteborg",
             "org": "556123-4567", "ref": "Anna Lindqvist", "email": "faktura@nordiskbyggteknik.se",
             "phone": "031-712 40 00", "terms": "30", "pc": "100"},
    "1002": {"name": "Solberg Redovisning AB", "street": "Drottninggatan 5", "zip": "753 10", "city": "Uppsala",
             "org": "556234-5677", "ref": "Erik Solberg", "email": "ekonomi@solbergredovisning.se",
             "phone": "018-15 22 90", "terms": "30", "pc": "100"},
    "1003": {"name": "Fjällvind Energi AB", "street": "Prästgatan 21", "zip": "831 31", "city": "Östersund",
             "org": "556345-6788", "ref": "Maria Nilsson", "email": "fakturor@fjallvind.se",
             "phone": "063-10 45 60", "terms": "15", "pc": "200"},
    "1004": {"name": "Hansen Maritime AS", "street": "Strandkaien 4", "zip": "5013", "city": "Bergen",
             "country": "NO", "vat": "NO998877660MVA", "org": "998877660", "ref": "Ole Hansen",
             "email": "invoice@hansenmaritime.no", "phone": "+47 55 30 12 00", "terms": "30", "currency": "NOK",
             "language": "EN", "export": True, "pc": "100"},
    "1005": {"name": "Müller Logistik GmbH", "street": "Hafenstraße 18", "zip": "20457", "city": "Hamburg",
             "country": "DE", "vat": "DE813456783", "ref": "Jürgen Müller", "email": "rechnung@mueller-logistik.de",
             "phone": "+49 40 3098 100", "terms": "30", "currency": "EUR", "language": "EN", "export": True,
             "eu": True, "pc": "SE10"},
    "1006": {"name": "Gamla Stans Bokhandel AB", "street": "Västerlånggatan 40", "zip": "111 29",
             "city": "Stockholm", "org": "556456-7898", "ref": "Karin Ek", "email": "info@gamlastansbok.se",
             "phone": "08-20 11 45", "terms": "10", "inactive": True, "pc": "SE10"},
    "1007": {"name": "Lunds Tekniska Konsult AB", "street": "Bredgatan 3", "zip": "222 21", "city": "Lund",
             "org": "556567-8900", "ref": "Per Åkesson", "email": "faktura@ltkonsult.se", "phone": "046-13 70 50",
             "terms": "20", "pc": "SE10"},
}
COUNTRY_NAMES = {"SE": "Sverige", "NO": "Norge", "DE": "Tyskland", "FI": "Finland"}

# number -> (name, unit, price, inactive)
ARTICLES = {
    DEFAULT_ARTICLE: ("Konsulttjänst", "tim", 1150.0, False),
    "KONS": ("Konsultation", "tim", 1250.0, False),
    "PM": ("Projektledning", "tim", 1350.0, False),
    "DEV": ("Systemutveckling", "tim", 1100.0, False),
    "KOUL": ("Utbildningsdag", "dag", 9500.0, False),
    "SAAS-KK": ("Molntjänst, månadsavgift", "mån", 490.0, False),
    "LAITE": ("Testenhet, mobil", "st", 3900.0, False),
    "KM": ("Milersättning", "mil", 25.0, False),
    "UNDERH": ("Underhållsavtal (utgått)", "mån", 2500.0, True),
}
PROFIT_CENTRES = {"100": "Konsultverksamhet", "200": "Systemutveckling", "900": "Administration",
                  "SE10": "Stockholm"}
# code -> (name, customer, start days from today, end days or None, closed days ago or None)
PROJECTS = {
    "1001": ("Webbshop, förnyelse", "1001", -120, 75, None),
    "1002": ("Energirapportering 2.0", "1003", -200, None, None),
    "1003": ("Byggplatsapp", "1002", -90, 40, None),
    "1004": ("Logistikportal", "1005", -60, None, None),
    "1005": ("Intranät, förnyelse", "1002", -300, -25, 20),
    "INTERN": ("Interna projekt", "", -400, None, None),
}
# number -> spec: customer, days ago, project, profit centre, rows (article, text, quantity, price), paid days ago
# (None: unpaid) and the amount left when paid (VA-23: under 1 SEK counts as paid)
INVOICES: dict[int, dict[str, Any]] = {
    1001: {"customer": "1001", "ago": 75, "project": "1001", "pc": "100", "order": "NB-2291", "paid": 44,
           "rows": [("KONS", "Förstudie webbshop", 24, 1250.0), ("PM", "Projektledning", 6, 1350.0)]},
    1002: {"customer": "1003", "ago": 60, "project": "1002", "pc": "200", "order": "", "paid": 47,
           "rows": [("DEV", "Rapportmodul, sprint 4", 40, 1100.0), ("SAAS-KK", "Driftmiljö", 3, 490.0)]},
    1003: {"customer": "1004", "ago": 40, "project": "", "pc": "100", "order": "PO 4471", "paid": 12, "rate": 99.5,
           "unit": 100,
           "rows": [("KONS", "Rådgivning fartygssystem", 16, 1250.0), ("KM", "Resa Bergen", 110, 25.0)]},
    1004: {"customer": "1002", "ago": 20, "project": "1003", "pc": "100", "order": "", "paid": None,
           "rows": [("DEV", "Byggplatsapp, iteration 2", 52, 1100.0), (DEFAULT_ARTICLE, "Möten", 4, 1150.0)]},
    1005: {"customer": "1005", "ago": 10, "project": "1004", "pc": "SE10", "order": "ML-77-310", "paid": None,
           "rate": 11.2, "rows": [("PM", "Project management", 12, 1350.0), ("KOUL", "Training day", 1, 9500.0)]},
    1006: {"customer": "1001", "ago": 5, "project": "1001", "pc": "100", "order": "NB-2291", "paid": None,
           "printed": False, "rows": [("DEV", "Webbshop, kassaflöde", 30, 1100.0), ("LAITE", "Testenhet", 2, 3900.0)]},
    1007: {"customer": "1007", "ago": 35, "project": "", "pc": "SE10", "order": "", "paid": 8, "left": 0.5,
           "rows": [("KOUL", "Utbildning Git och CI", 2, 9500.0)]},
}
# number -> (name, org number, city, country, currency)
SUPPLIERS = {
    "201": ("Mobilia Telekom AB", "556678-9011", "Stockholm", "SE", "SEK"),
    "202": ("Molnverket IT AB", "556890-1234", "Sundsvall", "SE", "SEK"),
    "203": ("Byggkonsult Öst AB", "556901-2346", "Norrköping", "SE", "SEK"),
    "204": ("Kontorsmagasinet i Norden AB", "559012-3450", "Jönköping", "SE", "SEK"),
    "205": ("Nordic Cloud Services Oy", "", "Helsingfors", "FI", "EUR"),
    "206": ("Resebyrån Norrsken AB", "556010-2039", "Luleå", "SE", "SEK"),
}
# given number -> (supplier, their invoice number, days ago, type, currency rate, rows (account, amount in SEK,
# project, profit centre, text)); debit positive, credit negative; the rows balance
SUPPLIER_INVOICES: dict[int, tuple[str, str, int, str, float, list[tuple[str, float, str, str, str]]]] = {
    1: ("201", "F-88120", 50, "F", 1.0, [
        ("6212", 800.0, "", "900", "Mobilabonnemang"), ("2641", 200.0, "", "", "Ingående moms"),
        ("2440", -1000.0, "", "", "Leverantörsskuld")]),
    2: ("202", "2024-5531", 32, "F", 1.0, [
        ("6540", 12000.0, "1001", "100", "Drift och support webbshop"),
        ("6540", 2400.0, "1003", "100", "Testmiljö byggplatsapp"),
        ("2641", 3600.0, "", "", "Ingående moms"), ("2440", -18000.0, "", "", "Leverantörsskuld")]),
    3: ("203", "ÖST-1207", 25, "F", 1.0, [
        ("4600", 24000.0, "1002", "200", "Underkonsult, integration mätdata"),
        ("2641", 6000.0, "", "", "Ingående moms"), ("2440", -30000.0, "", "", "Leverantörsskuld")]),
    4: ("204", "KM-449182", 18, "F", 1.0, [
        ("5410", 3200.0, "1001", "100", "Skärmar till projektrum"), ("6110", 480.0, "", "900", "Kontorsmaterial"),
        ("2641", 920.0, "", "", "Ingående moms"), ("2440", -4600.0, "", "", "Leverantörsskuld")]),
    5: ("205", "NCS-2024-0193", 14, "F", 11.2, [
        ("4535", 5040.0, "1004", "SE10", "Cloud hosting, 450 EUR"),
        ("2645", 1260.0, "", "", "Beräknad ingående moms"), ("2614", -1260.0, "", "", "Utgående moms omvänd"),
        ("2440", -5040.0, "", "", "Leverantörsskuld")]),
    6: ("206", "RN-55012", 9, "F", 1.0, [
        ("5800", 3480.0, "1003", "100", "Tågresor Uppsala"), ("2641", 208.8, "", "", "Ingående moms"),
        ("2440", -3688.8, "", "", "Leverantörsskuld")]),
    7: ("204", "KM-449630", 6, "F", 1.0, [
        ("4010", 1500.0, "1005", "100", "Material intranät (stängt projekt)"),
        ("2641", 375.0, "", "", "Ingående moms"), ("2440", -1875.0, "", "", "Leverantörsskuld")]),
    8: ("202", "2024-5531-K", 3, "K", 1.0, [
        ("6540", -2400.0, "1003", "100", "Kreditering testmiljö"), ("2641", -600.0, "", "", "Ingående moms"),
        ("2440", 3000.0, "", "", "Leverantörsskuld")]),
}


def _day(today: date, days: int) -> str:
    return (today + timedelta(days=days)).isoformat()


def invoice_total(number: int) -> float:
    """What a demo invoice comes to in its currency, as the ADK computes it: rows plus 25 % VAT (export customers
    pay no Swedish VAT), SEK invoices rounded to whole kronor (half up)."""
    spec = INVOICES[number]
    customer = CUSTOMERS[spec["customer"]]
    net = sum(Decimal(repr(float(q))) * Decimal(repr(p)) for _, _, q, p in spec["rows"])
    total = net if customer.get("export") else net * (1 + Decimal(repr(VAT_RATE["1"])))
    step = Decimal("1") if customer.get("currency", "SEK") == "SEK" else Decimal("0.01")
    return float(total.quantize(step, ROUND_HALF_UP))


def customers() -> list[dict[str, Any]]:
    out = []
    for number, c in CUSTOMERS.items():
        country = c.get("country", "SE")
        out.append({
            "ADK_CUSTOMER_NUMBER": number, "ADK_CUSTOMER_NAME": c["name"],
            "ADK_CUSTOMER_SHORT_NAME": c["name"].split()[0].upper()[:10],
            "ADK_CUSTOMER_MAILING_ADDRESS": c["street"], "ADK_CUSTOMER_ZIPCODE": c["zip"],
            "ADK_CUSTOMER_CITY": c["city"], "ADK_CUSTOMER_COUNTRY": COUNTRY_NAMES[country] if country != "SE" else "",
            "ADK_CUSTOMER_CODE_OF_COUNTRY": country, "ADK_CUSTOMER_TELEPHONE": c["phone"],
            "ADK_CUSTOMER_REFERENCE": c["ref"], "ADK_CUSTOMER_EMAIL": c["email"],
            "ADK_CUSTOMER_ORGANISATION_NUMBER": c.get("org", ""),
            # VA-02: for export customers the VAT number field carries the organisation/VAT number
            "ADK_CUSTOMER_VAT_NUMBER": c.get("vat") or f"SE{c['org'].replace('-', '')}01",
            "ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT": c["terms"],
            "ADK_CUSTOMER_CODE_OF_CURRENCY": c.get("currency", "SEK"),
            "ADK_CUSTOMER_CODE_OF_LANGUAGE": c.get("language", "SV"),
            "ADK_CUSTOMER_EXPORT": c.get("export", False), "ADK_CUSTOMER_EU_CUSTOMER": c.get("eu", False),
            "ADK_CUSTOMER_INACTIVE": c.get("inactive", False), "ADK_CUSTOMER_PROFIT_CENTRE": c["pc"],
            # a foreign organisation number is not a Swedish one: tell the register not to check it
            "ADK_CUSTOMER_IGNORE_ORGANISATION_NUMBER_CHECK": country != "SE",
        })
    return out


def articles() -> list[dict[str, Any]]:
    return [{"ADK_ARTICLE_NUMBER": number, "ADK_ARTICLE_NAME": name, "ADK_ARTICLE_UNIT_CODE": unit,
             "ADK_ARTICLE_PRICE": price, "ADK_ARTICLE_INACTIVE": inactive}
            for number, (name, unit, price, inactive) in ARTICLES.items()]


def projects(today: date) -> list[dict[str, Any]]:
    out = []
    for code, (name, customer, start, end, closed_ago) in PROJECTS.items():
        record: dict[str, Any] = {"ADK_PROJECT_CODE_OF_PROJECT": code, "ADK_PROJECT_NAME": name,
                                  "ADK_PROJECT_DATE_OF_BEGINNING": _day(today, start),
                                  "ADK_PROJECT_CUSTOMER_NUMBER": customer,
                                  "ADK_PROJECT_CLOSED": closed_ago is not None}
        if customer:
            record["ADK_PROJECT_CUSTOMER_NAME"] = CUSTOMERS[customer]["name"]
        if end is not None:
            record["ADK_PROJECT_DATE_OF_END"] = _day(today, end)
        if closed_ago is not None:
            record["ADK_PROJECT_DATE_OF_CLOSURE"] = _day(today, -closed_ago)
        out.append(record)
    return out


def invoices(today: date) -> list[dict[str, Any]]:
    out = []
    for number, spec in INVOICES.items():
        c = CUSTOMERS[spec["customer"]]
        currency = c.get("currency", "SEK")
        days = int(c["terms"])
        head: dict[str, Any] = {
            "ADK_OOI_HEAD_DOCUMENT_NUMBER": number, "ADK_OOI_HEAD_TYPE_OF_INVOICE": "F",
            "ADK_OOI_HEAD_DOCUMENT_DATE1": _day(today, -spec["ago"]),
            "ADK_OOI_HEAD_DOCUMENT_DATE2": _day(today, -spec["ago"] + days),
            "ADK_OOI_HEAD_CUSTOMER_NUMBER": spec["customer"], "ADK_OOI_HEAD_CUSTOMER_NAME": c["name"],
            "ADK_OOI_HEAD_MAILING_ADDRESS1": c["street"], "ADK_OOI_HEAD_ZIPCODE": c["zip"],
            "ADK_OOI_HEAD_CITY": c["city"], "ADK_OOI_HEAD_CODE_OF_COUNTRY": c.get("country", "SE"),
            "ADK_OOI_HEAD_CUSTOMER_REFERENCE_NAME": c["ref"], "ADK_OOI_HEAD_OUR_REFERENCE_NAME": "Sara Berg",
            "ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER": spec["order"], "ADK_OOI_HEAD_CURRENCY_CODE": currency,
            "ADK_OOI_HEAD_CURRENCY_RATE": spec.get("rate", 1.0), "ADK_OOI_HEAD_CURRENCY_UNIT": spec.get("unit", 1),
            "ADK_OOI_HEAD_EXPORT": c.get("export", False),
            "ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT": c["terms"], "ADK_OOI_HEAD_PROJECT_CODE": spec["project"],
            "ADK_OOI_HEAD_PROFIT_CENTRE": spec["pc"], "ADK_OOI_HEAD_DOCUMENT_PRINTED": spec.get("printed", True),
            "ADK_OOI_HEAD_CUSTOMER_INVOICE_VAT_NUMBER": c.get("vat", ""),
            "ADK_OOI_HEAD_OCR_NUMBER": f"{number}{_luhn(str(number))}",
        }
        vat_code = "0" if c.get("export") else "1"
        head["ADK_OOI_HEAD_ROWS"] = [
            {"ADK_OOI_ROW_ARTICLE_NUMBER": article, "ADK_OOI_ROW_TEXT": text, "ADK_OOI_ROW_QUANTITY1": quantity,
             "ADK_OOI_ROW_UNIT": ARTICLES[article][1], "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": price,
             "ADK_OOI_ROW_VAT_CODE": vat_code, "ADK_OOI_ROW_PROJECT": spec["project"],
             "ADK_OOI_ROW_PROFIT_CENTRE": spec["pc"]}
            for article, text, quantity, price in spec["rows"]]
        out.append(head)
    return out


def customer_payments(today: date) -> list[dict[str, Any]]:
    """One payment per paid invoice, in the invoice's currency (the ADK takes the rate from the invoice)."""
    out = []
    for number, spec in INVOICES.items():
        if spec["paid"] is None:
            continue
        out.append({"ADK_CUSTOMERPAYMENT_NR": len(out) + 1, "ADK_CUSTOMERPAYMENT_INVOICE_NUMBER": number,
                    "ADK_CUSTOMERPAYMENT_DATE": _day(today, -spec["paid"]),
                    "ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY": round(invoice_total(number) - spec.get("left", 0.0), 2)})
    return out


def suppliers() -> list[dict[str, Any]]:
    return [{"ADK_SUPPLIER_NUMBER": number, "ADK_SUPPLIER_NAME": name, "ADK_SUPPLIER_ORGANISATION_NUMBER": org,
             "ADK_SUPPLIER_CITY": city, "ADK_SUPPLIER_COUNTRY": COUNTRY_NAMES[country],
             "ADK_SUPPLIER_CODE_OF_CURRENCY": currency}
            for number, (name, org, city, country, currency) in SUPPLIERS.items()]


def supplier_invoices(today: date) -> list[dict[str, Any]]:
    out = []
    for given, (supplier, their_number, ago, kind, rate, rows) in SUPPLIER_INVOICES.items():
        name, org, _, _, currency = SUPPLIERS[supplier]
        total = -sum(amount for account, amount, *_ in rows if account == "2440")
        vat = sum(amount for account, amount, *_ in rows if account == "2641")
        out.append({
            "ADK_SUP_INV_HEAD_GIVEN_NUMBER": given, "ADK_SUP_INV_HEAD_SUPPLIER_NUMBER": supplier,
            "ADK_SUP_INV_HEAD_SUPPLIER_NAME": name, "ADK_SUP_INV_HEAD_ORGANISATION_NUMBER": org,
            "ADK_SUP_INV_HEAD_INVOICE_NUMBER": their_number, "ADK_SUP_INV_HEAD_TYPE_OF_INVOICE": kind,
            "ADK_SUP_INV_HEAD_INVOICE_DATE": _day(today, -ago), "ADK_SUP_INV_HEAD_DUE_DATE": _day(today, 30 - ago),
            "ADK_SUP_INV_HEAD_CURRENCY_CODE": currency, "ADK_SUP_INV_HEAD_CURRENCY_RATE": rate,
            "ADK_SUP_INV_HEAD_TOTAL": round(total / rate, 2), "ADK_SUP_INV_HEAD_VAT_AMOUNT": round(vat / rate, 2),
            "ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT": "2440",
            # a row's amount is quantity x price in the invoice currency (the amount fields are computed)
            "ADK_SUP_INV_HEAD_ROWS": [
                {"ADK_OOI_ROW_ACCOUNT_NUMBER": account, "ADK_OOI_ROW_QUANTITY1": 1,
                 "ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY": round(amount / rate, 2), "ADK_OOI_ROW_PROJECT": project,
                 "ADK_OOI_ROW_PROFIT_CENTRE": pc, "ADK_OOI_ROW_TEXT": text}
                for account, amount, project, pc, text in rows],
        })
    return out


def demo_dataset(today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    base = default_dataset()
    series = dict(base["company"]["series"])
    series.update({k: v for k, v in {"invoice": max(INVOICES) + 1, "supplier_invoice": max(SUPPLIER_INVOICES) + 1,
                                     "customer_payment": len(customer_payments(today)) + 1}.items() if k in series})
    tables = {
        "ADK_DB_CUSTOMER": customers(),
        "ADK_DB_ARTICLE": articles(),
        "ADK_DB_CODE_OF_PROFIT_CENTRE": [{"ADK_CODE_OF_PROFIT_CENTRE_CODE": code, "ADK_CODE_OF_PROFIT_CENTRE_NAME": n}
                                         for code, n in PROFIT_CENTRES.items()],
        "ADK_DB_PROJECT": projects(today),
        "ADK_DB_INVOICE_HEAD": invoices(today),
        "ADK_DB_CUSTOMERPAYMENT": customer_payments(today),
        "ADK_DB_SUPPLIER": suppliers(),
        "ADK_DB_SUPPLIER_INVOICE_HEAD": supplier_invoices(today),
    }
    return {"company": {"name": NAME, "org_number": ORG_NUMBER, "login": None, "series": series},
            "tables": {**base["tables"], **tables}}


def _luhn(digits: str) -> int:
    """The check digit of an OCR number (Luhn, as Swedish banks check it)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10
