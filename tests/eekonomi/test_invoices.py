"""Customer invoice drafts, invoices and payments through /v2, on a company seeded with customers and articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

NOW = "2026-03-10T09:00:00Z"
TODAY = "2026-03-10T00:00:00"
SE_CUSTOMER = "0b4c5a0e-1111-4a4a-8a8a-000000000001"
EU_CUSTOMER = "0b4c5a0e-1111-4a4a-8a8a-000000000002"
WIDGET = "0b4c5a0e-2222-4a4a-8a8a-000000000001"  # 100.00 net, goods 25 %
BOOK = "0b4c5a0e-2222-4a4a-8a8a-000000000002"  # 49.99 net, goods 12 %


@dataclass
class Company:
    api: httpx.Client
    handle: Any
    terms30: str

    def draft(self, rows: list[dict[str, Any]], customer: str = SE_CUSTOMER, **fields: Any) -> httpx.Response:
        body = {"CustomerId": customer, "EuThirdParty": False, "RotReducedInvoicingType": 0, "Rows": rows, **fields}
        return self.api.post("/customerinvoicedrafts", json=body)

    def invoice(self, rows: list[dict[str, Any]], customer: str = SE_CUSTOMER, **fields: Any) -> httpx.Response:
        body = {"CustomerId": customer, "EuThirdParty": False, "RotReducedInvoicingType": 0, "Rows": rows, **fields}
        return self.api.post("/customerinvoices", json=body)

    def advance(self, seconds: float) -> None:
        """Move the tenant clock on; a new token, since access tokens live an hour on that clock."""
        self.handle.clock.advance(seconds)
        self.api = self.handle.api()

    def voucher(self, invoice: dict[str, Any]) -> dict[str, Any]:
        year = fiscal_year_id(self.api, invoice["InvoiceDate"])
        reply = self.api.get(f"/vouchers/{year}/{invoice['VoucherId']}")
        assert reply.status_code == 200, reply.text
        return reply.json()


def article_row(article: str = WIDGET, **fields: Any) -> dict[str, Any]:
    return {"IsTextRow": False, "ReversedConstructionServicesVatFree": False, "ArticleId": article, **fields}


def fiscal_year_id(api: httpx.Client, day: str) -> str:
    years = api.get("/fiscalyears").json()["Data"]
    return next(y["Id"] for y in years if y["StartDate"][:10] <= day[:10] <= y["EndDate"][:10])


def legs(voucher: dict[str, Any]) -> dict[int, float]:
    """Account -> debit minus credit."""
    out: dict[int, float] = {}
    for row in voucher["Rows"]:
        number = row["AccountNumber"]
        out[number] = round(out.get(number, 0) + row["DebitAmount"] - row["CreditAmount"], 2)
    return out


@pytest.fixture
def company(eekonomi) -> Company:
    eekonomi.clock.freeze(NOW)
    registers = eekonomi.export()
    terms30 = next(t["Id"] for t in registers["termsOfPayments"] if t["NumberOfDays"] == 30
                   and t["TermsOfPaymentTypeId"] == 0)
    unit = next(u["Id"] for u in registers["units"] if u["Abbreviation"] == "st")

    def coding(rate: float) -> str:
        return next(c["Id"] for c in registers["articleAccountCodings"]
                    if c["Type"] == "Goods" and c["VatRatePercent"] == rate)

    customer = {"IsActive": True, "IsPrivatePerson": False, "TermsOfPaymentId": terms30, "CurrencyCode": "SEK"}
    eekonomi.seed({
        "customers": [
            {**customer, "Id": SE_CUSTOMER, "CustomerNumber": "1", "Name": "Kund AB", "InvoiceAddress1": "Gatan 1",
             "InvoicePostalCode": "111 22", "InvoiceCity": "Stockholm", "InvoiceCountryCode": "SE",
             "EmailAddress": "kund@example.se"},
            {**customer, "Id": EU_CUSTOMER, "CustomerNumber": "2", "Name": "Kunde GmbH", "InvoicePostalCode": "10115",
             "InvoiceCity": "Berlin", "InvoiceCountryCode": "DE", "VatNumber": "DE123456789", "CurrencyCode": "SEK"},
        ],
        "articles": [
            {"Id": WIDGET, "IsActive": True, "Number": "W1", "Name": "Widget", "NetPrice": 100.0, "GrossPrice": 125.0,
             "CodingId": coding(0.25), "UnitId": unit, "PurchasePrice": 40.0},
            {"Id": BOOK, "IsActive": True, "Number": "B1", "Name": "Bok", "NetPrice": 49.99, "GrossPrice": 55.99,
             "CodingId": coding(0.12), "UnitId": unit},
        ],
    })
    return Company(eekonomi.api(), eekonomi, terms30)


MIXED_ROWS = [article_row(Quantity=3, DiscountPercentage=0.1), article_row(BOOK, Quantity=2),
              {"IsTextRow": True, "ReversedConstructionServicesVatFree": False, "Text": "Tack för ordern"}]


# ------------------------------------------------------------------------ drafts
def test_a_draft_is_priced_from_its_articles_and_customer(company: Company) -> None:
    reply = company.draft(MIXED_ROWS)
    assert reply.status_code == 201, reply.text
    draft = reply.json()
    widget, book, text = draft["Rows"]
    assert [r["LineNumber"] for r in draft["Rows"]] == [0, 1, 2]
    assert widget["Text"] == "Widget" and widget["UnitPrice"] == 100.0 and widget["UnitAbbreviation"] == "st"
    assert widget["Amount"] == 270.0 and widget["VatRate"] == 0.25 and widget["ArticleNumber"] == "W1"
    assert book["Amount"] == 99.98 and book["VatRate"] == 0.12
    assert text["IsTextRow"] is True and text["VatRate"] is None and text["Amount"] == 0.0
    # VAT 270 * 25 % = 67.50 and 99.98 * 12 % = 12.00; 369.98 + 79.50 = 449.48, rounded to whole kronor
    assert draft["TotalVatAmount"] == 79.5
    assert draft["TotalRoundings"] == -0.48
    assert draft["TotalAmount"] == 449.0
    assert draft["InvoiceCustomerName"] == "Kund AB" and draft["InvoiceCity"] == "Stockholm"
    assert draft["InvoiceAddress1"] == "Gatan 1" and draft["InvoiceCurrencyCode"] == "SEK"
    assert draft["TermsOfPaymentId"] == company.terms30 and draft["CustomerNumber"] == "1"
    assert draft["CreatedUtc"] == "2026-03-10T09:00:00Z"


def test_a_row_price_given_wins_and_the_address_given_wins(company: Company) -> None:
    draft = company.draft([article_row(Quantity=1, UnitPrice=80.5, Text="Special")], InvoiceAddress1="Box 7").json()
    assert draft["Rows"][0]["UnitPrice"] == 80.5 and draft["Rows"][0]["Text"] == "Special"
    assert draft["InvoiceAddress1"] == "Box 7"


@pytest.mark.parametrize(("row", "status", "code", "field"), [
    ({"IsTextRow": False, "ReversedConstructionServicesVatFree": False}, 400, 2000, "Rows[0].ArticleId"),
    (article_row("0b4c5a0e-2222-4a4a-8a8a-0000000000ff"), 400, 3000, "Rows[0].ArticleId"),
    ({"IsTextRow": True, "ReversedConstructionServicesVatFree": False}, 400, 2000, "Rows[0].Text"),
    ({"IsTextRow": False, "ArticleId": WIDGET}, 400, 2000, "Rows[0].ReversedConstructionServicesVatFree"),
    (article_row(DiscountPercentage=1.5), 400, 2000, "Rows[0].DiscountPercentage"),
])
def test_bad_rows_are_refused(company: Company, row: dict, status: int, code: int, field: str) -> None:
    reply = company.draft([row])
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["ErrorCode"] == code
    assert field in [e["Field"] for e in body["Errors"]]


def test_a_draft_needs_an_existing_customer_and_its_required_fields(company: Company) -> None:
    reply = company.draft([], customer="0b4c5a0e-1111-4a4a-8a8a-0000000000ff")
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 3000
    reply = company.api.post("/customerinvoicedrafts", json={"CustomerId": SE_CUSTOMER})
    assert reply.status_code == 400
    assert {e["Field"] for e in reply.json()["Errors"]} == {"EuThirdParty", "RotReducedInvoicingType"}


def test_drafts_are_read_replaced_and_deleted(company: Company) -> None:
    draft = company.draft([article_row(Quantity=1)]).json()
    url = f"/customerinvoicedrafts/{draft['Id']}"
    assert company.api.get(url.upper().replace("/CUSTOMERINVOICEDRAFTS", "/CustomerInvoiceDrafts")).status_code == 200
    body = {"CustomerId": SE_CUSTOMER, "EuThirdParty": False, "RotReducedInvoicingType": 0,
            "Rows": [article_row(Quantity=2)], "YourReference": "Anna"}
    replaced = company.api.put(url, json=body)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["TotalAmount"] == 250.0 and replaced.json()["YourReference"] == "Anna"
    assert replaced.json()["CreatedUtc"] == draft["CreatedUtc"]
    deleted = company.api.delete(url)
    assert deleted.status_code == 200 and deleted.content == b""
    missing = company.api.get(url)
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == 3000
    assert company.api.delete(url).status_code == 404


def test_drafts_list_in_pages(company: Company) -> None:
    for quantity in (1, 2, 3):
        company.draft([article_row(Quantity=quantity)])
    first = company.api.get("/customerinvoicedrafts", params={"$pagesize": 2}).json()
    assert first["Meta"]["TotalNumberOfResults"] == 3 and first["Meta"]["TotalNumberOfPages"] == 2
    second = company.api.get("/customerinvoicedrafts", params={"$pagesize": 2, "$page": 2}).json()
    assert len(first["Data"]) == 2 and len(second["Data"]) == 1


# ------------------------------------------------------------------------ converting and booking
def test_converting_a_draft_books_an_invoice_with_number_and_voucher(company: Company) -> None:
    draft = company.draft(MIXED_ROWS, InvoiceDate="2026-02-01").json()
    reply = company.api.post(f"/customerinvoicedrafts/{draft['Id']}/convert")
    assert reply.status_code == 201, reply.text
    invoice = reply.json()
    assert invoice["InvoiceNumber"] == 1 and invoice["CreatedFromDraftId"] == draft["Id"]
    assert invoice["InvoiceDate"] == TODAY and invoice["DueDate"] == "2026-04-09T00:00:00"  # today + 30 days
    assert invoice["TotalAmount"] == 449.0 and invoice["TotalVatAmount"] == 79.5
    assert invoice["TotalAmountInvoiceCurrency"] == 449.0 and invoice["RemainingAmount"] == 449.0
    assert invoice["PaymentStatus"] == 1 and invoice["CurrencyCode"] == "SEK"
    assert invoice["PaymentReferenceNumber"] == "18"  # invoice number and its Luhn digit
    assert invoice["CustomerEmail"] == "kund@example.se"
    assert {(v["VatPercent"], v["AmountInvoiceCurrency"], v["VatAmountInvoiceCurrency"])
            for v in invoice["VatSpecification"]} == {(0.25, 270.0, 67.5), (0.12, 99.98, 12.0)}
    voucher = company.voucher(invoice)
    assert voucher["NumberAndNumberSeries"] == invoice["VoucherNumber"]
    assert voucher["VoucherType"] == 14 and voucher["SourceId"] == invoice["Id"]
    assert legs(voucher) == {1510: 449.0, 3001: -270.0, 3002: -99.98, 2611: -67.5, 2621: -12.0, 3740: 0.48}
    assert company.api.get(f"/customerinvoicedrafts/{draft['Id']}").status_code == 404
    assert company.api.get(f"/customerinvoices/{invoice['Id']}").json() == invoice
    assert company.handle.export()["companySettings"]["NextCustomerInvoiceNumber"] == 2
    second = company.api.post(f"/customerinvoicedrafts/{company.draft(MIXED_ROWS).json()['Id']}/convert").json()
    assert second["InvoiceNumber"] == 2


def test_convert_can_keep_the_draft_date(company: Company) -> None:
    draft = company.draft([article_row(Quantity=1)], InvoiceDate="2026-02-01").json()
    assert draft["DueDate"] == "2026-03-03T00:00:00"
    invoice = company.api.post(f"/customerinvoicedrafts/{draft['Id']}/convert",
                               params={"keepOriginalDraftDate": "true"}).json()
    assert invoice["InvoiceDate"] == "2026-02-01T00:00:00" and invoice["PaymentStatus"] == 2  # already overdue


def test_convert_checks_the_expected_totals(company: Company) -> None:
    draft = company.draft(MIXED_ROWS).json()
    url = f"/customerinvoicedrafts/{draft['Id']}/convert"
    wrong = company.api.post(url, json={"TotalAmountInvoiceCurrency": 450.0,
                                        "Rows": [{"LineNumber": 1, "TotalAmountNoVatInvoiceCurrency": 99.98}]})
    assert wrong.status_code == 400 and wrong.json()["ErrorCode"] == 2000
    assert [e["Field"] for e in wrong.json()["Errors"]] == ["TotalAmountInvoiceCurrency"]
    assert company.api.get("/customerinvoices").json()["Meta"]["TotalNumberOfResults"] == 0
    assert company.api.get(f"/customerinvoicedrafts/{draft['Id']}").status_code == 200
    bad_row = company.api.post(url, json={"Rows": [{"LineNumber": 0, "TotalAmountIncVatInvoiceCurrency": 300}]})
    assert [e["Field"] for e in bad_row.json()["Errors"]] == ["Rows[0].TotalAmountIncVatInvoiceCurrency"]
    right = company.api.post(url, json={"TotalAmountInvoiceCurrency": 449.0, "TotalVatAmountInvoiceCurrency": 79.5,
                                        "TotalRoundingsInvoiceCurrency": -0.48,
                                        "Rows": [{"LineNumber": 0, "TotalAmountNoVatInvoiceCurrency": 270.0,
                                                  "TotalAmountIncVatInvoiceCurrency": 337.5}]})
    assert right.status_code == 201, right.text


def test_an_invoice_can_be_created_directly_or_from_a_draft(company: Company) -> None:
    reply = company.invoice([{"ArticleId": WIDGET, "Quantity": 1.5}, {"Text": "Leverans i mars"}],
                            InvoiceDate="2026-03-01", YourReference="Bo")
    assert reply.status_code == 201, reply.text
    invoice = reply.json()
    assert invoice["Rows"][0]["AmountNoVat"] == 150.0 and invoice["Rows"][0]["PercentVat"] == 0.25
    assert invoice["Rows"][1]["IsTextRow"] is True
    assert invoice["TotalAmount"] == 188.0 and invoice["TotalRoundings"] == 0.5  # 187.50 rounded half up
    assert invoice["DueDate"] == "2026-03-31T00:00:00" and invoice["YourReference"] == "Bo"
    draft = company.draft([article_row(Quantity=2)]).json()
    booked = company.invoice([], CreatedFromDraftId=draft["Id"]).json()
    assert booked["CreatedFromDraftId"] == draft["Id"] and booked["TotalAmount"] == 250.0
    assert booked["InvoiceNumber"] == invoice["InvoiceNumber"] + 1
    missing = company.invoice([], CreatedFromDraftId=draft["Id"])
    assert missing.status_code == 400 and missing.json()["ErrorCode"] == 3000


def test_an_invoice_outside_every_fiscal_year_or_in_a_locked_one_is_refused(company: Company) -> None:
    reply = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}], InvoiceDate="2019-05-01")
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 3001
    year = fiscal_year_id(company.api, TODAY)
    assert company.api.put(f"/fiscalyears/{year}", json={"IsLockedForAccounting": True}).status_code == 200
    reply = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}])
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 4002
    assert company.handle.export()["companySettings"]["NextCustomerInvoiceNumber"] == 1


def test_credit_invoices_total_negative_and_reverse_the_booking(company: Company) -> None:
    credit = company.invoice([{"ArticleId": WIDGET, "Quantity": -2}], IsCreditInvoice=True)
    assert credit.status_code == 201, credit.text
    invoice = credit.json()
    assert invoice["TotalAmount"] == -250.0 and invoice["RemainingAmount"] == -250.0
    voucher = company.voucher(invoice)
    assert voucher["VoucherType"] == 15 and legs(voucher) == {1510: -250.0, 3001: 200.0, 2611: 50.0}
    refused = company.invoice([{"ArticleId": WIDGET, "Quantity": -2}])
    assert refused.status_code == 400 and refused.json()["ErrorCode"] == 4002


def test_a_business_customer_in_another_eu_country_pays_no_vat(company: Company) -> None:
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 2}], customer=EU_CUSTOMER).json()
    assert invoice["TotalVatAmount"] == 0.0 and invoice["TotalAmount"] == 200.0
    assert invoice["Rows"][0]["VatRate"] == 0.0
    assert legs(company.voucher(invoice)) == {1510: 200.0, 3108: -200.0}


# ------------------------------------------------------------------------ reading and syncing
def test_modified_since_follows_the_tenant_clock(company: Company) -> None:
    first = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()
    company.advance(3600)
    second = company.invoice([{"ArticleId": WIDGET, "Quantity": 2}]).json()
    assert second["ModifiedUtc"] == "2026-03-10T10:00:00Z"

    def since(value: str) -> list[int]:
        reply = company.api.get("/customerinvoices", params={"modifiedSinceUtc": value})
        assert reply.status_code == 200, reply.text
        return [inv["InvoiceNumber"] for inv in reply.json()["Data"]]

    assert since("2026-03-10T09:30:00Z") == [second["InvoiceNumber"]]
    assert since("2026-03-10T11:30:00+02:00") == [second["InvoiceNumber"]]  # 09:30 UTC
    assert since("2026-03-10") == [first["InvoiceNumber"], second["InvoiceNumber"]]
    company.advance(3600)
    company.api.post(f"/customerinvoices/{first['Id']}/payments", json=payment(50))
    assert since("2026-03-10T10:30:00Z") == [first["InvoiceNumber"]]
    bad = company.api.get("/customerinvoices", params={"modifiedSinceUtc": "yesterday"})
    assert bad.status_code == 400 and bad.json()["Errors"][0]["Field"] == "modifiedSinceUtc"


def test_odata_filters_on_modified_utc_and_pages(company: Company) -> None:
    for hour in range(3):
        company.invoice([{"ArticleId": WIDGET, "Quantity": hour + 1}])
        company.advance(3600)
    reply = company.api.get("/customerinvoices", params={"$filter": "ModifiedUtc gt 2026-03-10T09:30:00Z",
                                                         "$orderby": "InvoiceNumber desc", "$pagesize": 1})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["Meta"]["TotalNumberOfResults"] == 2 and body["Meta"]["TotalNumberOfPages"] == 2
    assert body["Data"][0]["InvoiceNumber"] == 3
    assert body["Meta"]["ServerTimeUtc"].startswith("2026-03-10T12:00:00")


def test_unknown_invoices_are_404_and_the_pdf_is_a_link(company: Company) -> None:
    missing = company.api.get("/customerinvoices/0b4c5a0e-3333-4a4a-8a8a-000000000000")
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == 3000
    malformed = company.api.get("/customerinvoices/42")
    assert malformed.status_code == 400 and malformed.json()["ErrorCode"] == 2000
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()
    pdf = company.api.get(f"/customerinvoices/{invoice['Id']}/pdf")
    assert pdf.status_code == 200 and set(pdf.json()) == {"Url"}
    assert pdf.json()["Url"].startswith("https://") and invoice["Id"] in pdf.json()["Url"]


def test_an_accounting_only_token_cannot_read_invoices(company: Company) -> None:
    api = company.handle.api(scope="ea:api offline_access ea:accounting")
    reply = api.get("/customerinvoices")
    assert reply.status_code == 403 and reply.json()["ErrorCode"] == 4006


# ------------------------------------------------------------------------ payments
def payment(amount: float, kind: int = 1, **fields: Any) -> dict[str, Any]:
    return {"CompanyBankAccountId": "0b4c5a0e-4444-4a4a-8a8a-000000000001", "PaymentAmount": amount,
            "PaymentCurrency": "SEK", "PaymentType": kind, **fields}


def test_payments_reduce_the_remaining_amount_until_paid(company: Company) -> None:
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 4}]).json()  # 500.00
    url = f"/customerinvoices/{invoice['Id']}/payments"
    first = company.api.post(url, json=payment(200))
    assert first.status_code == 201, first.text
    assert first.json()["PaymentAmount"] == 200 and first.json()["PaymentDate"] == TODAY
    partly = company.api.get(f"/customerinvoices/{invoice['Id']}").json()
    assert partly["RemainingAmount"] == 300.0 and partly["PaymentStatus"] == 1 and partly["PaymentDate"] is None
    over = company.api.post(url, json=payment(300.01))
    assert over.status_code == 400 and over.json()["ErrorCode"] == 4002
    company.api.post(url, json=payment(295, BankFeeAmount=5))
    paid = company.api.get(f"/customerinvoices/{invoice['Id']}").json()
    assert paid["RemainingAmount"] == 0.0 and paid["PaymentStatus"] == 0 and paid["PaymentDate"] == TODAY
    again = company.api.post(url, json=payment(1))
    assert again.status_code == 400 and again.json()["ErrorCode"] == 4002
    payments = company.api.get("/vouchers", params={"$filter": "VoucherType eq 10"}).json()["Data"]
    assert [legs(v) for v in payments] == [{1930: 200.0, 1510: -200.0}, {1930: 295.0, 6570: 5.0, 1510: -300.0}]


def test_a_complete_payment_settles_the_rest(company: Company) -> None:
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()  # 125.00
    reply = company.api.post(f"/customerinvoices/{invoice['Id']}/payments", json=payment(124.5, kind=2))
    assert reply.status_code == 201, reply.text
    assert company.api.get(f"/customerinvoices/{invoice['Id']}").json()["PaymentStatus"] == 0


@pytest.mark.parametrize(("fields", "code", "field"), [
    ({"PaymentCurrency": "EUR"}, 2000, "PaymentCurrency"),
    ({"PaymentDate": "2026-03-11"}, 4002, "PaymentDate"),
    ({"PaymentAmount": -5}, 2000, "PaymentAmount"),
    ({"PaymentType": 7}, 2000, "PaymentType"),
])
def test_bad_payments_are_refused(company: Company, fields: dict, code: int, field: str) -> None:
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()
    reply = company.api.post(f"/customerinvoices/{invoice['Id']}/payments", json={**payment(10), **fields})
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == code
    assert reply.json()["Errors"][0]["Field"] == field


def test_an_unpaid_invoice_becomes_overdue_on_the_tenant_clock(company: Company) -> None:
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()
    assert invoice["DueDate"] == "2026-04-09T00:00:00" and invoice["PaymentStatus"] == 1
    company.advance(30 * 86400)
    assert company.api.get(f"/customerinvoices/{invoice['Id']}").json()["PaymentStatus"] == 1
    company.advance(86400)
    overdue = company.api.get("/customerinvoices", params={"$filter": "PaymentStatus eq 2"}).json()
    assert [inv["Id"] for inv in overdue["Data"]] == [invoice["Id"]]


def test_a_seeded_invoice_without_remaining_amounts_owes_its_total(company: Company) -> None:
    company.handle.seed({**{k: v for k, v in company.handle.export().items() if k in ("customers", "articles")},
                         "customerInvoices": [{"Id": "0b4c5a0e-3333-4a4a-8a8a-000000000001", "InvoiceNumber": 7,
                                               "CustomerId": SE_CUSTOMER, "TotalAmount": 100.0,
                                               "TotalAmountInvoiceCurrency": 100.0, "CurrencyCode": "SEK",
                                               "DueDate": "2026-03-01T00:00:00",
                                               "ModifiedUtc": "2026-01-01T00:00:00Z"}]})
    seeded = company.api.get("/customerinvoices/0b4c5a0e-3333-4a4a-8a8a-000000000001").json()
    assert seeded["RemainingAmount"] == 100.0 and seeded["PaymentStatus"] == 2
    assert company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()["InvoiceNumber"] == 1


def test_a_foreign_currency_invoice_books_in_the_company_currency(company: Company) -> None:
    customers = company.handle.export()["customers"]
    euro = {**customers[1], "Id": "0b4c5a0e-1111-4a4a-8a8a-000000000003", "CustomerNumber": "3", "CurrencyCode": "EUR",
            "InvoiceCountryCode": "SE"}
    company.handle.seed({"customers": [*customers, euro], "articles": company.handle.export()["articles"]})
    company.api = company.handle.api()
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1, "UnitPrice": 10.01}], customer=euro["Id"],
                              CurrencyRate=11.5).json()
    assert invoice["CurrencyCode"] == "EUR" and invoice["CurrencyRate"] == 11.5
    assert invoice["TotalAmountInvoiceCurrency"] == 12.51 and invoice["TotalRoundings"] == 0.0  # no rounding in EUR
    assert invoice["TotalAmount"] == 143.87 and invoice["TotalVatAmount"] == 28.75  # 115.12 + 28.75
    assert legs(company.voucher(invoice)) == {1510: 143.87, 3001: -115.12, 2611: -28.75}
    url = f"/customerinvoices/{invoice['Id']}/payments"
    company.api.post(url, json=payment(10, PaymentCurrency="EUR", DomesticPaymentAmount=116.0))
    company.api.post(url, json=payment(2.51, PaymentCurrency="EUR"))
    paid = company.api.get(f"/customerinvoices/{invoice['Id']}").json()
    assert paid["PaymentStatus"] == 0 and paid["RemainingAmount"] == 0.0
    last = company.api.get("/vouchers", params={"$filter": "VoucherType eq 10"}).json()["Data"][-1]
    assert legs(last) == {1930: 28.87, 3960: -1.0, 1510: -27.87}  # the exchange gain, with the last payment


@pytest.mark.parametrize(("rows", "fields", "field", "reason"), [
    ([{"Quantity": 1e20, "UnitPrice": 1e10}], {}, "Rows[0].UnitPrice", "Range"),
    ([{"Quantity": 1, "UnitPrice": 1e300}], {}, "Rows[0].UnitPrice", "InvalidType"),
    ([{"Quantity": 1, "UnitPrice": 7e14}] * 2, {}, "Rows", "Range"),
    ([{"Quantity": 1, "UnitPrice": 1e10}], {"CurrencyRate": 1e300}, "CurrencyRate", "InvalidType"),
    ([{"Quantity": 1, "UnitPrice": 1e10}], {"CurrencyRate": 1e20}, "CurrencyRate", "Range"),
])
def test_amounts_too_large_for_a_decimal_are_refused(company: Company, rows: list, fields: dict, field: str,
                                                     reason: str) -> None:
    replies = [company.invoice([{"ArticleId": WIDGET, **row} for row in rows], **fields)]
    if not fields:  # the draft model has no CurrencyRate
        replies.append(company.draft([article_row(**row) for row in rows]))
    for reply in replies:
        assert reply.status_code == 400, reply.text
        body = reply.json()
        assert body["ErrorCode"] == 2000
        assert [(e["Field"], e["ErrorCode"]) for e in body["Errors"]] == [(field, reason)]
        if reason == "InvalidType":
            assert body["Errors"][0]["Message"] == "Value was either too large or too small for a Decimal."
    assert company.handle.export()["companySettings"]["NextCustomerInvoiceNumber"] == 1
    invoice = company.invoice([{"ArticleId": WIDGET, "Quantity": 1}]).json()
    for amount, reason in ((1e27, "Range"), (1e300, "InvalidType")):
        reply = company.api.post(f"/customerinvoices/{invoice['Id']}/payments", json=payment(amount))
        assert reply.status_code == 400 and reply.json()["Errors"][0]["ErrorCode"] == reason
