"""The tables the fake ADK models: fields (type, length, decimals, read/write, required, register references), keys,
number series, sort orders (index + filter, as in the real ADK) and the row plumbing of document heads.

Why data, not code: the session, the rules and the dataset loader all walk these definitions, so a table is added
or corrected here alone. Ids and types come from constants.py (S1 Adk.h via shared/research/adk.md §2.2).

Lengths and decimals (research §5 gap 3: the real values of AdkGetLength/AdkGetDecimals are unknown). Chosen from
what callers use (§3.3) and Swedish practice; `describe()` renders the full per-field table for docs/adk.md.
A length counts characters; AdkGetStr needs a buffer of length + 1 (the C NUL), so the 16-byte buffers of S4 hold a
15-character number.

    CHAR lengths                                             | where from
    customer / supplier / article number ........... 16      | S4 read buffers (16)
    names (customer, article, supplier, project,
      profit centre, seller, delivery name), texts .. 50      | S4 buffers, S2 truncates project name to 50
    row text, head TEXT1..3 ......................... 60      | S5 limit 60, S4 buffer 60
    currency code, unit code, ISO unit code ......... 3       | S4 buffers of 4 (3 + NUL); ISO 4217 codes are 3
    language code, country code ..................... 3       | [I] (ISO codes are 2; 3 leaves room)
    project code, profit-centre code ................ 6       | S4 buffers of 6
    account number (rows, accounts, debt account) ... 6       | S5 truncates the row account to 6
    article group / accounting code / price list .... 6       | [I] short register codes
    terms-of-payment code / payment code, seller sign 6       | [I]
    customer order number, contract number .......... 20      | S2 truncates the order number to 20
    supplier's invoice number ....................... 30      | [I]
    OCR number ...................................... 25      | [I] (OCR references are at most 25 digits)
    VAT number ...................................... 20      | [I] (EU VAT numbers are at most 14 + prefix)
    organisation number ............................. 15      | [I] ("556677-8899" is 11)
    e-mail .......................................... 80      | [I]
    account name .................................... 100     | [I] (BAS names reach 64 characters)
    address lines, city, country text ............... 35      | [I] (postal address lines)
    postcode ........................................ 10      | [I]
    telephone ....................................... 25      | [I]
    short names ..................................... 16      | [I]
    references / responsible / our reference ....... 50      | [I]
    type letters (TYPE_OF_INVOICE, TYPE_OF_ROW,
      TYPE_OF_ARTICLE, STATUS_C, ROW_TYPE) .......... 1       | S2/S4 ("F"/"K"), S5 reads STATUS_C with 1
    VAT code (rows, accounts), payment STATUS ....... 2       | S5 uses "1"/"0"
    booking-year id (YEAR_ID, SEASON_ID) ............ 4       | [I]

    DOUBLE decimals
    amounts, totals, balances, fees, claims ......... 2       | SEK/öre
    quantities, stock ............................... 2       | [I]
    prices (row unit price, article prices) ......... 2       | [I] (a caller must round; see TOO_MANY_DECIMALS)
    currency rates (head, supplier invoice, payment,
      currency register sell/buy) ................... 6       | VA-15 rounds rates to 6 decimals
    discount %, contribution degree % ............... 2       | [I]
    numbers, counts, ids, currency units, enum values 0       | document/row/payment numbers, NROWS, COPY_WHAT

Read-only (AdkIsReadWrite false, AdkSet* -> ADKE_EDIT_DENIED_FIELD): totals, VAT amount, excl.-VAT amount, balances,
round-off, last payment date, the customer's claim / last invoice date / last change, row amounts and contribution,
row numbers, stock quantity, account balance, and every TIMESTAMP field - ADK computes them. [I] for each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulators.adk import constants as adk
from simulators.adk.model import Field, FieldType, Record, SortOrder, Table

# ---------------------------------------------------------------------------------------------------------------------
# Field spec helpers: one line per field, the Swedish label last (texts.py names fields with it for elField).

FIELD_LABELS: dict[str, str] = {}  # "ADK_CUSTOMER_NAME" -> "Namn"


def _field(name: str, type_: FieldType, label: str, **kw: Any) -> Field:
    FIELD_LABELS.setdefault(name, label)
    ref = kw.pop("ref", None)
    return Field(id=getattr(adk, name), name=name, type=type_, references=ref, **kw)


def C(name: str, length: int, label: str, **kw: Any) -> Field:  # eChar, with its length
    return _field(name, FieldType.CHAR, label, length=length, **kw)


def D(name: str, decimals: int, label: str, **kw: Any) -> Field:
    return _field(name, FieldType.DOUBLE, label, decimals=decimals, **kw)


def B(name: str, label: str, **kw: Any) -> Field:
    return _field(name, FieldType.BOOL, label, **kw)


def T(name: str, label: str, **kw: Any) -> Field:  # eDate (dates and date-times)
    return _field(name, FieldType.DATE, label, **kw)


def X(name: str, label: str) -> Field:  # eData (the rows of a head)
    return _field(name, FieldType.DATA, label, filterable=False)


def TS(name: str) -> Field:  # the change timestamp every table carries
    return T(name, "Ändringstidpunkt", writable=False)


RO = {"writable": False}
REQ = {"required": True}

# ---------------------------------------------------------------------------------------------------------------------
# Status predicates of the filtering sort orders (a Record maps field id -> value).


def _money(value: Any) -> float:
    return round(float(value or 0.0), 2)


def invoice_not_paid(r: Record) -> bool:
    """eInvoiceNotPayed*: something is left to pay, and the invoice is not cancelled."""
    return not r.get(adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED) and _money(r.get(adk.ADK_OOI_HEAD_BALANCE)) != 0


def invoice_paid(r: Record) -> bool:
    """eInvoicePayed*: nothing left to pay (a cancelled invoice is not 'paid')."""
    return not r.get(adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED) and _money(r.get(adk.ADK_OOI_HEAD_BALANCE)) == 0


def invoice_not_printed(r: Record) -> bool:
    """eInvoiceNotPrinted*: not yet printed (marked printed = sent)."""
    return not r.get(adk.ADK_OOI_HEAD_DOCUMENT_PRINTED)


def invoice_in_ledger(r: Record) -> bool:
    """eInvoiceInledger*: in the customer ledger = printed, done and not cancelled. [I] paid ones included."""
    return (
        bool(r.get(adk.ADK_OOI_HEAD_DOCUMENT_PRINTED))
        and not r.get(adk.ADK_OOI_HEAD_DOCUMENT_NOT_DONE)
        and not r.get(adk.ADK_OOI_HEAD_DOCUMENT_CANCELLED)
    )


def project_finished(r: Record) -> bool:
    return bool(r.get(adk.ADK_PROJECT_CLOSED))


def project_not_finished(r: Record) -> bool:
    return not r.get(adk.ADK_PROJECT_CLOSED)


def article_webshop(r: Record) -> bool:
    return bool(r.get(adk.ADK_ARTICLE_WEBSHOP))


def _order(name: str, *keys: int, admits: Callable[[Record], bool] | None = None, seek: str = "exact") -> SortOrder:
    return SortOrder(id=getattr(adk, name), name=name, keys=tuple(keys), admits=admits, seek=seek)


# ---------------------------------------------------------------------------------------------------------------------
# Field sets

CUSTOMER_FIELDS = [
    C("ADK_CUSTOMER_NUMBER", 16, "Kundnummer", **REQ),
    C("ADK_CUSTOMER_NAME", 50, "Namn", **REQ),
    C("ADK_CUSTOMER_SHORT_NAME", 16, "Kortnamn"),
    C("ADK_CUSTOMER_MAILING_ADDRESS", 35, "Utdelningsadress"),
    C("ADK_CUSTOMER_MAILING_ADDRESS2", 35, "Utdelningsadress 2"),
    C("ADK_CUSTOMER_VISITING_ADDRESS", 35, "Besöksadress"),
    C("ADK_CUSTOMER_ZIPCODE", 10, "Postnummer"),
    C("ADK_CUSTOMER_CITY", 35, "Ort"),
    C("ADK_CUSTOMER_COUNTRY", 35, "Land"),
    C("ADK_CUSTOMER_TELEPHONE", 25, "Telefon"),
    C("ADK_CUSTOMER_DELIVERY_NAME", 50, "Leveransnamn"),
    C("ADK_CUSTOMER_DELIVERY_ADDRESS", 35, "Leveransadress"),
    C("ADK_CUSTOMER_DELIVERY_ADDRESS2", 35, "Leveransadress 2"),
    C("ADK_CUSTOMER_DELIVERY_ZIPCODE", 10, "Leveranspostnummer"),
    C("ADK_CUSTOMER_DELIVERY_CITY", 35, "Leveransort"),
    C("ADK_CUSTOMER_DELIVERY_COUNTRY", 35, "Leveransland"),
    C("ADK_CUSTOMER_REFERENCE", 50, "Er referens"),
    C("ADK_CUSTOMER_ORGANISATION_NUMBER", 15, "Organisationsnummer"),
    C("ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT", 6, "Betalningsvillkor", ref=adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT),
    C("ADK_CUSTOMER_CODE_OF_CURRENCY", 3, "Valutakod", ref=adk.ADK_DB_CODE_OF_CURRENCY),
    C("ADK_CUSTOMER_CODE_OF_LANGUAGE", 3, "Språkkod", ref=adk.ADK_DB_CODE_OF_LANGUAGE),
    B("ADK_CUSTOMER_EXPORT", "Export"),
    D("ADK_CUSTOMER_CREDIT_LIMIT", 2, "Kreditgräns"),
    T("ADK_CUSTOMER_LAST_INVOICE_DATE", "Senaste fakturadatum", **RO),
    D("ADK_CUSTOMER_CLAIM", 2, "Fordran", **RO),
    C("ADK_CUSTOMER_VAT_NUMBER", 20, "Momsregistreringsnummer"),
    B("ADK_CUSTOMER_EU_CUSTOMER", "EU-kund"),
    C("ADK_CUSTOMER_EMAIL", 80, "E-post"),
    T("ADK_CUSTOMER_LASTCHANGE", "Senast ändrad", **RO),
    C("ADK_CUSTOMER_CODE_OF_COUNTRY", 3, "Landskod", ref=adk.ADK_DB_CODE_OF_COUNTRY_CODE),
    C("ADK_CUSTOMER_DELIVERY_CODE_OF_COUNTRY", 3, "Leveranslandskod", ref=adk.ADK_DB_CODE_OF_COUNTRY_CODE),
    B("ADK_CUSTOMER_IGNORE_ORGANISATION_NUMBER_CHECK", "Ingen kontroll av organisationsnummer"),
    TS("ADK_CUSTOMER_TIMESTAMP"),
    C("ADK_CUSTOMER_PROFIT_CENTRE", 6, "Resultatenhet", ref=adk.ADK_DB_CODE_OF_PROFIT_CENTRE),
    C("ADK_CUSTOMER_PROJECT", 6, "Projekt", ref=adk.ADK_DB_PROJECT),
    B("ADK_CUSTOMER_INACTIVE", "Inaktiv"),
]

ARTICLE_FIELDS = [
    C("ADK_ARTICLE_NUMBER", 16, "Artikelnummer", **REQ),
    C("ADK_ARTICLE_NAME", 50, "Benämning", **REQ),
    C("ADK_ARTICLE_NAME_X", 50, "Extra benämning"),
    C("ADK_ARTICLE_SHORT_NAME", 16, "Kortnamn"),
    C("ADK_ARTICLE_GROUP", 6, "Artikelgrupp"),  # register not modelled: no reference check
    C("ADK_ARTICLE_ACCOUNTING_CODE", 6, "Artikelkontering"),  # register not modelled
    B("ADK_ARTICLE_STOCK_GOODS", "Lagervara"),
    C("ADK_ARTICLE_UNIT_CODE", 3, "Enhet", ref=adk.ADK_DB_CODE_OF_UNIT),
    D("ADK_ARTICLE_QUANTITY_IN_STOCK", 2, "I lager", **RO),
    D("ADK_ARTICLE_ESTIMATED_PURCHASE_PRICE", 2, "Kalkylpris"),
    C("ADK_ARTICLE_PRICE_LIST", 6, "Prislista"),  # register not modelled
    D("ADK_ARTICLE_PRICE", 2, "Pris"),
    B("ADK_ARTICLE_WEBSHOP", "Webbshop"),
    C("ADK_ARTICLE_TYPE_OF_ARTICLE", 1, "Artikeltyp"),
    TS("ADK_ARTICLE_TIMESTAMP"),
    B("ADK_ARTICLE_INACTIVE", "Inaktiv"),
]

OOI_HEAD_FIELDS = [
    D("ADK_OOI_HEAD_DOCUMENT_NUMBER", 0, "Dokumentnummer"),
    D("ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1", 0, "Kopplat dokument"),
    B("ADK_OOI_HEAD_DOCUMENT_NOT_DONE", "Ej klar"),
    B("ADK_OOI_HEAD_DOCUMENT_PRINTED", "Utskriven"),
    B("ADK_OOI_HEAD_DOCUMENT_CANCELLED", "Makulerad"),
    T("ADK_OOI_HEAD_DOCUMENT_DATE1", "Datum"),
    T("ADK_OOI_HEAD_DOCUMENT_DATE2", "Förfallodatum"),
    C("ADK_OOI_HEAD_TYPE_OF_INVOICE", 1, "Fakturatyp", default="F"),
    C("ADK_OOI_HEAD_CUSTOMER_NUMBER", 16, "Kundnummer", ref=adk.ADK_DB_CUSTOMER, **REQ),
    C("ADK_OOI_HEAD_CUSTOMER_NAME", 50, "Kundnamn"),
    C("ADK_OOI_HEAD_MAILING_ADDRESS1", 35, "Adress"),
    C("ADK_OOI_HEAD_MAILING_ADDRESS2", 35, "Adress 2"),
    C("ADK_OOI_HEAD_ZIPCODE", 10, "Postnummer"),
    C("ADK_OOI_HEAD_CITY", 35, "Ort"),
    C("ADK_OOI_HEAD_COUNTRY", 35, "Land"),
    C("ADK_OOI_HEAD_CUSTOMER_REFERENCE_NAME", 50, "Er referens"),
    C("ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER", 20, "Ert ordernummer"),
    C("ADK_OOI_HEAD_OUR_REFERENCE_NAME", 50, "Vår referens"),
    C("ADK_OOI_HEAD_SELLER_CODE", 6, "Säljare", ref=adk.ADK_DB_CODE_OF_SELLER),
    C("ADK_OOI_HEAD_CURRENCY_CODE", 3, "Valutakod", ref=adk.ADK_DB_CODE_OF_CURRENCY),
    C("ADK_OOI_HEAD_LANGUAGE_CODE", 3, "Språkkod", ref=adk.ADK_DB_CODE_OF_LANGUAGE),
    D("ADK_OOI_HEAD_CURRENCY_RATE", 6, "Valutakurs", default=1.0),
    D("ADK_OOI_HEAD_CURRENCY_UNIT", 0, "Valutaenhet", default=1.0),
    B("ADK_OOI_HEAD_EXPORT", "Export"),
    B("ADK_OOI_HEAD_INCLUDING_VAT", "Priser inklusive moms"),
    C("ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT", 6, "Betalningsvillkor", ref=adk.ADK_DB_CODE_OF_TERMS_OF_PAYMENT),
    C("ADK_OOI_HEAD_TEXT1", 60, "Text 1"),
    C("ADK_OOI_HEAD_TEXT2", 60, "Text 2"),
    C("ADK_OOI_HEAD_TEXT3", 60, "Text 3"),
    D("ADK_OOI_HEAD_CARGO_AMOUNT", 2, "Frakt"),
    D("ADK_OOI_HEAD_DISPATCH_FEE", 2, "Expeditionsavgift"),
    D("ADK_OOI_HEAD_ROUND_OFF", 2, "Öresavrundning", **RO),
    D("ADK_OOI_HEAD_TOTAL_AMOUNT", 2, "Att betala", **RO),
    D("ADK_OOI_HEAD_BALANCE", 2, "Restbelopp", **RO),
    C("ADK_OOI_HEAD_PROJECT_CODE", 6, "Projekt", ref=adk.ADK_DB_PROJECT),
    C("ADK_OOI_HEAD_PROFIT_CENTRE", 6, "Resultatenhet", ref=adk.ADK_DB_CODE_OF_PROFIT_CENTRE),
    D("ADK_OOI_HEAD_BALANCE2", 2, "Restbelopp i valuta", **RO),
    D("ADK_OOI_HEAD_NUMBER_OF_ORIGINAL_INVOICE", 0, "Ursprungsfaktura"),
    C("ADK_OOI_HEAD_CUSTOMER_INVOICE_VAT_NUMBER", 20, "Kundens momsregistreringsnummer"),
    D("ADK_OOI_HEAD_EXCLUDING_OF_VAT", 2, "Belopp exklusive moms", **RO),
    D("ADK_OOI_HEAD_VAT_AMOUNT", 2, "Moms", **RO),
    X("ADK_OOI_HEAD_ROWS", "Rader"),
    D("ADK_OOI_HEAD_NROWS", 0, "Antal rader"),
    D("ADK_OOI_HEAD_CREDIT_INVOICE_COPY_NUMBER", 0, "Faktura att kreditera"),
    D("ADK_OOI_HEAD_CREDIT_INVOICE_COPY_WHAT", 0, "Kopiera vid kreditering"),
    C("ADK_OOI_HEAD_OCR_NUMBER", 25, "OCR-nummer"),
    C("ADK_OOI_HEAD_CODE_OF_COUNTRY", 3, "Landskod", ref=adk.ADK_DB_CODE_OF_COUNTRY_CODE),
    C("ADK_OOI_HEAD_CONTRACTNR", 20, "Avtalsnummer"),
    T("ADK_OOI_HEAD_DOCUMENT_DATE3", "Datum 3"),
    T("ADK_OOI_HEAD_LAST_PAYMENT", "Senaste betalning", **RO),
    TS("ADK_OOI_HEAD_TIMESTAMP"),
]

OOI_ROW_FIELDS = [
    C("ADK_OOI_ROW_ARTICLE_NUMBER", 16, "Artikelnummer", ref=adk.ADK_DB_ARTICLE),
    C("ADK_OOI_ROW_SUPPLIER_ARTICLE_NUMBER", 16, "Leverantörens artikelnummer"),
    D("ADK_OOI_ROW_QUANTITY1", 2, "Antal"),
    D("ADK_OOI_ROW_QUANTITY2", 2, "Beställt antal"),
    D("ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY", 2, "Pris per enhet"),
    D("ADK_OOI_ROW_DISCOUNT", 2, "Rabatt"),
    D("ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY", 2, "Belopp", **RO),
    D("ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY", 2, "Belopp i SEK", **RO),
    C("ADK_OOI_ROW_ACCOUNT_NUMBER", 6, "Konto", ref=adk.ADK_DB_ACCOUNT),
    C("ADK_OOI_ROW_PROFIT_CENTRE", 6, "Resultatenhet", ref=adk.ADK_DB_CODE_OF_PROFIT_CENTRE),
    C("ADK_OOI_ROW_PROJECT", 6, "Projekt", ref=adk.ADK_DB_PROJECT),
    C("ADK_OOI_ROW_TEXT", 60, "Text"),
    C("ADK_OOI_ROW_UNIT", 3, "Enhet", ref=adk.ADK_DB_CODE_OF_UNIT),
    C("ADK_OOI_ROW_VAT_CODE", 2, "Momskod"),
    C("ADK_OOI_ROW_TYPE_OF_ROW", 1, "Radtyp"),
    D("ADK_OOI_ROW_CONTRIBUTION_DEGREE", 2, "Täckningsgrad", **RO),
    D("ADK_OOI_ROW_CONTRIBUTION_MARGIN", 2, "Täckningsbidrag", **RO),
    D("ADK_OOI_ROW_ROWNUMBER", 0, "Radnummer", **RO),
    TS("ADK_OOI_ROW_TIMESTAMP"),
]

SUP_INV_HEAD_FIELDS = [
    D("ADK_SUP_INV_HEAD_GIVEN_NUMBER", 0, "Löpnummer"),
    C("ADK_SUP_INV_HEAD_SUPPLIER_NUMBER", 16, "Leverantörsnummer", ref=adk.ADK_DB_SUPPLIER, **REQ),
    C("ADK_SUP_INV_HEAD_SUPPLIER_NAME", 50, "Leverantörsnamn"),
    C("ADK_SUP_INV_HEAD_ORGANISATION_NUMBER", 15, "Organisationsnummer"),
    C("ADK_SUP_INV_HEAD_INVOICE_NUMBER", 30, "Fakturanummer"),
    T("ADK_SUP_INV_HEAD_INVOICE_DATE", "Fakturadatum"),
    T("ADK_SUP_INV_HEAD_DUE_DATE", "Förfallodatum"),
    C("ADK_SUP_INV_HEAD_CURRENCY_CODE", 3, "Valutakod", ref=adk.ADK_DB_CODE_OF_CURRENCY),
    D("ADK_SUP_INV_HEAD_CURRENCY_RATE", 6, "Valutakurs", default=1.0),
    C("ADK_SUP_INV_HEAD_TYPE_OF_INVOICE", 1, "Fakturatyp", default="F"),
    D("ADK_SUP_INV_HEAD_TOTAL", 2, "Att betala"),
    D("ADK_SUP_INV_HEAD_BALANCE_CURRENT_CURRENCY", 2, "Restbelopp", **RO),
    D("ADK_SUP_INV_HEAD_OUTGOING_PAYMENTS_CURRENT_CURRENCY", 2, "Utbetalt", **RO),
    D("ADK_SUP_INV_HEAD_VAT_AMOUNT", 2, "Moms"),
    B("ADK_SUP_INV_HEAD_CERTIFIED", "Attesterad"),
    B("ADK_SUP_INV_HEAD_CANCELLED", "Makulerad"),
    C("ADK_SUP_INV_HEAD_PROJECT", 6, "Projekt", ref=adk.ADK_DB_PROJECT),
    C("ADK_SUP_INV_HEAD_PROFIT_CENTRE", 6, "Resultatenhet", ref=adk.ADK_DB_CODE_OF_PROFIT_CENTRE),
    C("ADK_SUP_INV_HEAD_SUPPLIER_DEBT_ACCOUNT", 6, "Leverantörsskuldkonto", ref=adk.ADK_DB_ACCOUNT),
    X("ADK_SUP_INV_HEAD_ROWS", "Rader"),
    D("ADK_SUP_INV_HEAD_NROWS", 0, "Antal rader"),
    B("ADK_SUP_INV_HEAD_IGNORE_CHECK_INVNR", "Ingen kontroll av fakturanummer"),
    TS("ADK_SUP_INV_HEAD_TIMESTAMP"),
    B("ADK_SUP_INV_HEAD_PAYMSTOP", "Betalningsstopp"),
]

PROJECT_FIELDS = [
    C("ADK_PROJECT_CODE_OF_PROJECT", 6, "Projektkod", **REQ),
    C("ADK_PROJECT_NAME", 50, "Benämning", **REQ),
    T("ADK_PROJECT_DATE_OF_BEGINNING", "Startdatum"),
    T("ADK_PROJECT_DATE_OF_END", "Slutdatum"),
    T("ADK_PROJECT_DATE_OF_CLOSURE", "Avslutsdatum"),
    C("ADK_PROJECT_RESPONSIBLE_OF_PROJECT", 50, "Ansvarig"),
    C("ADK_PROJECT_CUSTOMER_NUMBER", 16, "Kundnummer", ref=adk.ADK_DB_CUSTOMER),
    C("ADK_PROJECT_CUSTOMER_NAME", 50, "Kundnamn"),
    D("ADK_PROJECT_OUR_ORDER_NUMBER", 0, "Vårt ordernummer"),
    C("ADK_PROJECT_CUSTOMER_ORDER_NUMBER", 20, "Kundens ordernummer"),
    B("ADK_PROJECT_CLOSED", "Avslutat"),
    TS("ADK_PROJECT_TIMESTAMP"),
]

PROFIT_CENTRE_FIELDS = [
    C("ADK_CODE_OF_PROFIT_CENTRE_YEAR_ID", 4, "Räkenskapsår"),
    C("ADK_CODE_OF_PROFIT_CENTRE_CODE", 6, "Resultatenhet", **REQ),
    C("ADK_CODE_OF_PROFIT_CENTRE_NAME", 50, "Benämning"),
    TS("ADK_CODE_OF_PROFIT_CENTRE_TIMESTAMP"),
]

UNIT_FIELDS = [
    C("ADK_CODE_OF_UNIT_CODE", 3, "Enhetskod", **REQ),
    B("ADK_CODE_OF_UNIT_DOMESTIC", "Svensk", default=True),
    C("ADK_CODE_OF_UNIT_LANGUAGE", 3, "Språkkod", ref=adk.ADK_DB_CODE_OF_LANGUAGE),
    C("ADK_CODE_OF_UNIT_TEXT", 50, "Benämning"),
    D("ADK_CODE_OF_UNIT_DECIMALS", 0, "Antal decimaler"),
    C("ADK_CODE_OF_UNIT_ISO", 3, "ISO-enhet"),
    TS("ADK_CODE_OF_UNIT_TIMESTAMP"),
]

TERMS_OF_PAYMENT_FIELDS = [
    C("ADK_CODE_OF_TERMS_OF_PAYMENT_CODE", 6, "Betalningsvillkor", **REQ),
    C("ADK_CODE_OF_TERMS_OF_PAYMENT_TEXT", 50, "Benämning"),
    C("ADK_CODE_OF_TERMS_OF_PAYMENT_PAYMENT_CODE", 6, "Betalningskod"),
    TS("ADK_CODE_OF_TERMS_OF_PAYMENT_TIMESTAMP"),
]

LANGUAGE_FIELDS = [
    C("ADK_CODE_OF_LANGUAGE_CODE", 3, "Språkkod", **REQ),
    C("ADK_CODE_OF_LANGUAGE_TEXT", 50, "Benämning"),
    B("ADK_CODE_OF_LANGUAGE_ISO", "ISO-kod"),
    TS("ADK_CODE_OF_LANGUAGE_TIMESTAMP"),
]

CURRENCY_FIELDS = [
    C("ADK_CODE_OF_CURRENCY_CODE", 3, "Valutakod", **REQ),
    C("ADK_CODE_OF_CURRENCY_COUNTRY", 35, "Land"),
    D("ADK_CODE_OF_CURRENCY_UNIT", 0, "Enhet", default=1.0),
    T("ADK_CODE_OF_CURRENCY_DATE_OF_REGISTRATION", "Kursdatum"),
    D("ADK_CODE_OF_CURRENCY_SELL", 6, "Säljkurs"),
    D("ADK_CODE_OF_CURRENCY_BUY", 6, "Köpkurs"),
    TS("ADK_CODE_OF_CURRENCY_TIMESTAMP"),
]

COUNTRY_CODE_FIELDS = [
    C("ADK_CODE_OF_COUNTRY_CODE_CODE", 3, "Landskod", **REQ),
    C("ADK_CODE_OF_COUNTRY_CODE_COUNTRY", 35, "Land"),
    B("ADK_CODE_OF_COUNTRY_CODE_ISO", "ISO-kod"),
    TS("ADK_CODE_OF_COUNTRY_CODE_TIMESTAMP"),
]

SELLER_FIELDS = [
    C("ADK_CODE_OF_SELLER_SIGN", 6, "Signatur", **REQ),
    C("ADK_CODE_OF_SELLER_NAME", 50, "Namn"),
    B("ADK_CODE_OF_SELLER_SELLER", "Säljare"),
    B("ADK_CODE_OF_SELLER_REF", "Referens"),
    B("ADK_CODE_OF_SELLER_ATT", "Attestant"),
    TS("ADK_CODE_OF_SELLER_TIMESTAMP"),
]

CUSTOMERPAYMENT_FIELDS = [
    D("ADK_CUSTOMERPAYMENT_NR", 0, "Betalningsnummer"),
    D("ADK_CUSTOMERPAYMENT_INVOICE_NUMBER", 0, "Fakturanummer", ref=adk.ADK_DB_INVOICE_HEAD, **REQ),
    T("ADK_CUSTOMERPAYMENT_DATE", "Betalningsdatum"),
    D("ADK_CUSTOMERPAYMENT_CURRENCY_RATE", 6, "Valutakurs", default=1.0),
    D("ADK_CUSTOMERPAYMENT_AMOUNT_CURRENCY", 2, "Belopp i valuta"),
    D("ADK_CUSTOMERPAYMENT_AMOUNT_KR", 2, "Belopp i SEK"),
    C("ADK_CUSTOMERPAYMENT_CURRENCY_CODE", 3, "Valutakod", ref=adk.ADK_DB_CODE_OF_CURRENCY),
    C("ADK_CUSTOMERPAYMENT_PAYMENT_CODE", 6, "Betalningssätt"),  # register (way of payment) not modelled
    C("ADK_CUSTOMERPAYMENT_STATUS", 2, "Status"),
    B("ADK_CUSTOMERPAYMENT_CANCELLED", "Makulerad"),
    C("ADK_CUSTOMERPAYMENT_STATUS_C", 1, "Statuskod"),
    B("ADK_CUSTOMERPAYMENT_SETTLED", "Avräknad"),
    D("ADK_CUSTOMERPAYMENT_AMOUNT_PAID", 2, "Betalt belopp"),
    C("ADK_CUSTOMERPAYMENT_ROW_TYPE", 1, "Radtyp"),
    TS("ADK_CUSTOMERPAYMENT_TIMESTAMP"),
]

SUPPLIER_FIELDS = [
    C("ADK_SUPPLIER_NUMBER", 16, "Leverantörsnummer", **REQ),
    C("ADK_SUPPLIER_NAME", 50, "Namn", **REQ),
    C("ADK_SUPPLIER_CITY", 35, "Ort"),
    C("ADK_SUPPLIER_COUNTRY", 35, "Land"),
    C("ADK_SUPPLIER_REFERENCE", 50, "Er referens"),
    C("ADK_SUPPLIER_ORGANISATION_NUMBER", 15, "Organisationsnummer"),
    C("ADK_SUPPLIER_CODE_OF_CURRENCY", 3, "Valutakod", ref=adk.ADK_DB_CODE_OF_CURRENCY),
    TS("ADK_SUPPLIER_TIMESTAMP"),
]

ACCOUNT_FIELDS = [
    C("ADK_ACCOUNT_SEASON_ID", 4, "Räkenskapsår"),
    C("ADK_ACCOUNT_NUMBER", 6, "Kontonummer", **REQ),
    C("ADK_ACCOUNT_TEXT", 100, "Benämning", **REQ),  # BAS account names run past 60
    C("ADK_ACCOUNT_VAT_CODE", 2, "Momskod"),
    C("ADK_ACCOUNT_PROFIT_CENTRE_ON_ACCOUNT", 1, "Resultatenhet på konto"),  # E/O/A/S (note §4, Medius)
    B("ADK_ACCOUNT_NOT_ACTIVE", "Spärrat"),
    TS("ADK_ACCOUNT_TIMESTAMP"),
    D("ADK_ACCOUNT_BALANCE", 2, "Saldo", **RO),
]


# ---------------------------------------------------------------------------------------------------------------------
# Tables


def _table(
    db_name: str,
    fields: list[Field],
    last: str,
    *,
    key: tuple[int, ...] = (),
    orders: list[SortOrder] | None = None,
    default_sort: int | None = None,
    timestamp: int | None = None,
    rows: tuple[int, int, int] | None = None,  # (rows field, nrows field, row table)
    **kw: Any,
) -> Table:
    sort_orders = {o.id: o for o in orders or []}
    if timestamp is not None:  # change tracking (S6): Find seeks the first record changed at or after the moment
        sort_orders[adk.eTimeStamp] = _order("eTimeStamp", timestamp, seek="ge")
    rows_field, nrows_field, row_table = rows or (None, None, None)
    return Table(
        id=getattr(adk, db_name),
        name=db_name,
        fields={f.id: f for f in fields},
        last_field=getattr(adk, last),
        key=key,
        sort_orders=sort_orders,
        default_sort=default_sort,
        timestamp_field=timestamp,
        rows_field=rows_field,
        nrows_field=nrows_field,
        row_table=row_table,
        **kw,
    )


def _ooi_head(db_name: str, row_table: int, series: str, nr: str, date: str, extra: list[SortOrder]) -> Table:
    """Offer, order and invoice heads share one field set and one row field set (OOI = offer/order/invoice)."""
    return _table(
        db_name,
        OOI_HEAD_FIELDS,
        "ADK_OOI_HEAD_LAST",
        key=(adk.ADK_OOI_HEAD_DOCUMENT_NUMBER,),
        orders=[
            _order("eCustomerNr", adk.ADK_OOI_HEAD_CUSTOMER_NUMBER),
            _order("eCustomerName", adk.ADK_OOI_HEAD_CUSTOMER_NAME),
            _order(nr, adk.ADK_OOI_HEAD_DOCUMENT_NUMBER),
            _order(date, adk.ADK_OOI_HEAD_DOCUMENT_DATE1),
            *extra,
        ],
        default_sort=getattr(adk, nr),
        timestamp=adk.ADK_OOI_HEAD_TIMESTAMP,
        rows=(adk.ADK_OOI_HEAD_ROWS, adk.ADK_OOI_HEAD_NROWS, row_table),
        number_series=series,
        deletable=False,  # documents are cancelled, not deleted (S3: AdkDeleteRecord fails on order heads)
        error_table_code=adk.ADKE_DBTABLE_OOF,
    )


def _rows(db_name: str, error_table_code: int) -> Table:
    """Row tables: created with AdkCreateDataRow and reached through their head; no key, no own navigation."""
    return _table(
        db_name,
        OOI_ROW_FIELDS,
        "ADK_OOI_ROW_LAST",
        timestamp=adk.ADK_OOI_ROW_TIMESTAMP,
        deletable=False,
        error_table_code=error_table_code,
    )


def _code_table(db_name: str, fields: list[Field], last: str, code: int, order: str, ts: int, err: int) -> Table:
    """A code register (units, currencies, ...): a string key, one sort order on it, deletable."""
    return _table(
        db_name,
        fields,
        last,
        key=(code,),
        orders=[_order(order, code)],
        default_sort=getattr(adk, order),
        timestamp=ts,
        deletable=True,
        error_table_code=err,
    )


_INVOICE_STATUS_ORDERS = [
    _order("eInvoiceInledgerExpireDate", adk.ADK_OOI_HEAD_DOCUMENT_DATE2, admits=invoice_in_ledger),
    _order("eInvoiceNotPayedCustomerNr", adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, admits=invoice_not_paid),
    _order("eInvoiceNotPayedDate", adk.ADK_OOI_HEAD_DOCUMENT_DATE2, admits=invoice_not_paid),
    _order("eInvoicePayedCustomerNr", adk.ADK_OOI_HEAD_CUSTOMER_NUMBER, admits=invoice_paid),
    _order("eInvoiceNotPrintedInvoiceNr", adk.ADK_OOI_HEAD_DOCUMENT_NUMBER, admits=invoice_not_printed),
]

_ALL: list[Table] = [
    _table(
        "ADK_DB_CUSTOMER",
        CUSTOMER_FIELDS,
        "ADK_CUSTOMER_LAST",
        key=(adk.ADK_CUSTOMER_NUMBER,),
        orders=[
            _order("eCustomerNr", adk.ADK_CUSTOMER_NUMBER),
            _order("eCustomerName", adk.ADK_CUSTOMER_NAME),
            _order("eCustomerShortName", adk.ADK_CUSTOMER_SHORT_NAME),
            _order("eCustomerPostCode", adk.ADK_CUSTOMER_ZIPCODE),
            _order("eCustomerEmail", adk.ADK_CUSTOMER_EMAIL),
        ],
        default_sort=adk.eCustomerNr,
        timestamp=adk.ADK_CUSTOMER_TIMESTAMP,
        deletable=True,
        error_table_code=adk.ADKE_DBTABLE_CUSTOMER,
    ),
    _table(
        "ADK_DB_ARTICLE",
        ARTICLE_FIELDS,
        "ADK_ARTICLE_LAST",
        key=(adk.ADK_ARTICLE_NUMBER,),
        orders=[
            _order("eArticleNr", adk.ADK_ARTICLE_NUMBER),
            _order("eArticleName", adk.ADK_ARTICLE_NAME),
            _order("eArticleWebShop", adk.ADK_ARTICLE_NUMBER, admits=article_webshop),
        ],
        default_sort=adk.eArticleNr,
        timestamp=adk.ADK_ARTICLE_TIMESTAMP,
        deletable=True,
        error_table_code=adk.ADKE_DBTABLE_ARTICLE,
    ),
    _ooi_head("ADK_DB_ORDER_HEAD", adk.ADK_DB_ORDER_ROW, "order", "eOrderNr", "eOrderDate", []),
    _rows("ADK_DB_ORDER_ROW", adk.ADKE_DBTABLE_ARTRAD),
    _ooi_head("ADK_DB_OFFER_HEAD", adk.ADK_DB_OFFER_ROW, "offer", "eOfferNr", "eOfferDate", []),
    _rows("ADK_DB_OFFER_ROW", adk.ADKE_DBTABLE_ARTRAD),
    _ooi_head(
        "ADK_DB_INVOICE_HEAD", adk.ADK_DB_INVOICE_ROW, "invoice", "eInvoiceNr", "eInvoiceDate", _INVOICE_STATUS_ORDERS
    ),
    _rows("ADK_DB_INVOICE_ROW", adk.ADKE_DBTABLE_ARTRAD),
    _table(
        "ADK_DB_SUPPLIER_INVOICE_HEAD",
        SUP_INV_HEAD_FIELDS,
        "ADK_SUP_INV_HEAD_LAST",
        key=(adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER,),
        orders=[
            _order("eSupplierNr", adk.ADK_SUP_INV_HEAD_SUPPLIER_NUMBER),
            _order("eSupplierName", adk.ADK_SUP_INV_HEAD_SUPPLIER_NAME),
            _order("eSupplierInvoiceNr", adk.ADK_SUP_INV_HEAD_GIVEN_NUMBER),
            _order("eSupplierInvoiceExpireDate", adk.ADK_SUP_INV_HEAD_DUE_DATE),
        ],
        default_sort=adk.eSupplierInvoiceNr,
        timestamp=adk.ADK_SUP_INV_HEAD_TIMESTAMP,
        rows=(adk.ADK_SUP_INV_HEAD_ROWS, adk.ADK_SUP_INV_HEAD_NROWS, adk.ADK_DB_SUPPLIER_INVOICE_ROW),
        number_series="supplier_invoice",
        deletable=False,
        error_table_code=adk.ADKE_DBTABLE_LEVFKT,
    ),
    _rows("ADK_DB_SUPPLIER_INVOICE_ROW", adk.ADKE_DBTABLE_ARTRAD),  # [I] one code for all OOI-field rows
    _table(
        "ADK_DB_PROJECT",
        PROJECT_FIELDS,
        "ADK_PROJECT_LAST",
        key=(adk.ADK_PROJECT_CODE_OF_PROJECT,),
        orders=[
            _order("eProjectCode", adk.ADK_PROJECT_CODE_OF_PROJECT),
            _order("eProjectName", adk.ADK_PROJECT_NAME),
            _order("eProjectNotFinishedCode", adk.ADK_PROJECT_CODE_OF_PROJECT, admits=project_not_finished),
            _order("eProjectFinishedCode", adk.ADK_PROJECT_CODE_OF_PROJECT, admits=project_finished),
        ],
        default_sort=adk.eProjectCode,
        timestamp=adk.ADK_PROJECT_TIMESTAMP,
        deletable=True,
        error_table_code=adk.ADKE_DBTABLE_PROJECT,
    ),
    _table(
        "ADK_DB_ACCOUNT",
        ACCOUNT_FIELDS,
        "ADK_ACCOUNT_LAST",
        key=(adk.ADK_ACCOUNT_NUMBER,),
        orders=[_order("eAccountNr", adk.ADK_ACCOUNT_NUMBER), _order("eAccountText", adk.ADK_ACCOUNT_TEXT)],
        default_sort=adk.eAccountNr,
        timestamp=adk.ADK_ACCOUNT_TIMESTAMP,
        deletable=True,
        error_table_code=adk.ADKE_DBTABLE_ACCOUNT,
    ),
    _table(
        "ADK_DB_SUPPLIER",
        SUPPLIER_FIELDS,
        "ADK_SUPPLIER_LAST",
        key=(adk.ADK_SUPPLIER_NUMBER,),
        orders=[_order("eSupplierNr", adk.ADK_SUPPLIER_NUMBER), _order("eSupplierName", adk.ADK_SUPPLIER_NAME)],
        default_sort=adk.eSupplierNr,
        timestamp=adk.ADK_SUPPLIER_TIMESTAMP,
        deletable=True,
        error_table_code=adk.ADKE_DBTABLE_SUPPLIER,
    ),
    _code_table("ADK_DB_CODE_OF_TERMS_OF_PAYMENT", TERMS_OF_PAYMENT_FIELDS, "ADK_CODE_OF_TERMS_OF_PAYMENT_LAST",
                adk.ADK_CODE_OF_TERMS_OF_PAYMENT_CODE, "eCodeOfTermsOfPayment",
                adk.ADK_CODE_OF_TERMS_OF_PAYMENT_TIMESTAMP, adk.ADKE_DBTABLE_PAYMENT_TERMS),
    _code_table("ADK_DB_CODE_OF_LANGUAGE", LANGUAGE_FIELDS, "ADK_CODE_OF_LANGUAGE_LAST",
                adk.ADK_CODE_OF_LANGUAGE_CODE, "eCodeOfLanguage",
                adk.ADK_CODE_OF_LANGUAGE_TIMESTAMP, adk.ADKE_DBTABLE_LANGUAGE_CODE),
    _code_table("ADK_DB_CODE_OF_CURRENCY", CURRENCY_FIELDS, "ADK_CODE_OF_CURRENCY_LAST",
                adk.ADK_CODE_OF_CURRENCY_CODE, "eCodeOfCurrency",
                adk.ADK_CODE_OF_CURRENCY_TIMESTAMP, adk.ADKE_DBTABLE_CURRENCY_CODE),
    _code_table("ADK_DB_CODE_OF_SELLER", SELLER_FIELDS, "ADK_CODE_OF_SELLER_LAST",
                adk.ADK_CODE_OF_SELLER_SIGN, "eCodeOfSeller",
                adk.ADK_CODE_OF_SELLER_TIMESTAMP, adk.ADKE_DBTABLE_SELLER),
    _code_table("ADK_DB_CODE_OF_UNIT", UNIT_FIELDS, "ADK_CODE_OF_UNIT_LAST",
                adk.ADK_CODE_OF_UNIT_CODE, "eCodeOfUnit",
                adk.ADK_CODE_OF_UNIT_TIMESTAMP, adk.ADKE_DBTABLE_UNIT_CODE),
    _code_table("ADK_DB_CODE_OF_PROFIT_CENTRE", PROFIT_CENTRE_FIELDS, "ADK_CODE_OF_PROFIT_CENTRE_LAST",
                adk.ADK_CODE_OF_PROFIT_CENTRE_CODE, "eCodeOfProfitCentreUnit",
                adk.ADK_CODE_OF_PROFIT_CENTRE_TIMESTAMP, adk.ADKE_DBTABLE_RESULT_UNIT),
    _code_table("ADK_DB_CODE_OF_COUNTRY_CODE", COUNTRY_CODE_FIELDS, "ADK_CODE_OF_COUNTRY_CODE_LAST",
                adk.ADK_CODE_OF_COUNTRY_CODE_CODE, "eCodeOfCountryCode",
                adk.ADK_CODE_OF_COUNTRY_CODE_TIMESTAMP, adk.ADKE_DBTABLE_CODE_OF_COUNTRY),
    _table(
        "ADK_DB_CUSTOMERPAYMENT",
        CUSTOMERPAYMENT_FIELDS,
        "ADK_CUSTOMERPAYMENT_LAST",
        key=(adk.ADK_CUSTOMERPAYMENT_NR,),
        orders=[_order("eCustomerPaymentInvoice", adk.ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)],
        default_sort=adk.eCustomerPaymentInvoice,  # no order on NR exists; callers look payments up by invoice (S5)
        timestamp=adk.ADK_CUSTOMERPAYMENT_TIMESTAMP,
        number_series="customer_payment",
        deletable=False,  # [I] not a register in the AdkDeleteRecord sense
        error_table_code=adk.ADKE_DBTABLE_CUSTOMERPAYMENT,
    ),
]

TABLES: dict[int, Table] = {t.id: t for t in _ALL}

# Every ADK_DB_* id the real ADK knows. Ids in here but not in TABLES are real tables this fake does not model:
# AdkCreateData on them is told apart from a nonsense id (ADKE_DBTABLE_NOT_IN_ADM_VER vs ADKE_INVALID_DB, engine's
# choice), so code probing other tables gets a believable answer.
KNOWN_TABLE_IDS: frozenset[int] = frozenset(adk.TABLE_IDS.values())

# the canonical table of a shared field set (OOI heads and rows appear in several tables)
_CANONICAL = {"ADK_OOI_HEAD_": adk.ADK_DB_INVOICE_HEAD, "ADK_OOI_ROW_": adk.ADK_DB_INVOICE_ROW}


def table(db_id: int) -> Table | None:
    """The modelled table with this ADK_DB_* id, or None (unknown or not modelled: see KNOWN_TABLE_IDS)."""
    return TABLES.get(db_id)


def table_by_name(name: str) -> Table | None:
    """`table_by_name("ADK_DB_CUSTOMER")`: the dataset format and the control plane name tables this way."""
    db_id = adk.TABLE_IDS.get(name)
    return None if db_id is None else TABLES.get(db_id)


def field_by_name(name: str, db_id: int | None = None) -> tuple[Table, Field] | None:
    """The table and field of an Adk.h field constant name. OOI head/row fields belong to several tables: without
    `db_id` the invoice head / invoice row is answered; with it, that table (None when the field is not in it)."""
    if db_id is not None:
        t = TABLES.get(db_id)
        candidates = [t] if t is not None else []
    else:
        canonical = next((tid for prefix, tid in _CANONICAL.items() if name.startswith(prefix)), None)
        candidates = [TABLES[canonical]] if canonical is not None else list(TABLES.values())
    for t in candidates:
        for f in t.fields.values():
            if f.name == name:
                return t, f
    return None


def describe() -> str:
    """A Markdown table of every modelled field (for docs/adk.md): the lengths/decimals chosen above, in full.
    Shared field sets are listed once, under the invoice head / invoice row."""
    shared = {
        adk.ADK_DB_INVOICE_HEAD: "ADK_DB_INVOICE_HEAD, ORDER_HEAD, OFFER_HEAD",
        adk.ADK_DB_INVOICE_ROW: "ADK_DB_INVOICE_ROW, ORDER_ROW, OFFER_ROW, SUPPLIER_INVOICE_ROW",
    }
    skip = {adk.ADK_DB_ORDER_HEAD, adk.ADK_DB_OFFER_HEAD, adk.ADK_DB_ORDER_ROW, adk.ADK_DB_OFFER_ROW,
            adk.ADK_DB_SUPPLIER_INVOICE_ROW}  # fmt: skip
    lines = [
        "| Table | Field | Id | Type | Length | Decimals | RW | Required | References |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in sorted(TABLES.values(), key=lambda t: t.id):
        if t.id in skip:
            continue
        for f in sorted(t.fields.values(), key=lambda f: f.id):
            ref = adk.DB_NAMES.get(f.references, "") if f.references is not None else ""
            lines.append(
                f"| {shared.get(t.id, t.name)} | {f.name} | {f.id} | {f.type.name} | {f.length or ''} | "
                f"{f.decimals if f.type is FieldType.DOUBLE else ''} | {'rw' if f.writable else 'ro'} | "
                f"{'yes' if f.required else ''} | {ref} |"
            )
    return "\n".join(lines)
