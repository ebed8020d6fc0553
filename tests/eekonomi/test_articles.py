"""Articles, article account codings and units through HTTP: create, read, full replace, the rules and their
error codes, prices, the customer's discount, lists with OData, scopes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simulators.eekonomi import defaults, schema

UNKNOWN = "0f8fad5b-d9cb-469f-a165-70867728950e"
SALES_READONLY = "ea:api offline_access ea:sales_readonly"


def article(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Number": "100",
        "Name": "Konsulttimme",
        "CodingId": defaults.coding_id("services25"),
        "UnitId": defaults.unit_id("tim"),
        "IsActive": True,
        "NetPrice": 1150,
    }
    body.update(copy.deepcopy(overrides))
    return body


def problem(reply, status: int, code: int) -> set[str]:
    """The Errors[].Field set after checking status and ErrorCode."""
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["ErrorCode"] == code, body
    return {e["Field"] for e in body.get("Errors") or []}


@pytest.fixture
def api(eekonomi):
    eekonomi.clock.freeze("2026-03-02T10:00:00Z")
    return eekonomi.api()


# ------------------------------------------------------------------------ create and read
def test_create_sets_names_prices_and_stamps(api):
    reply = api.post("/articles", json=article())
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert list(body) == schema.fields("ArticleApi")
    assert body["Id"] and body["Number"] == "100"
    assert (body["CodingName"], body["UnitName"], body["UnitAbbreviation"]) == ("Tjänster 25 % moms", "Timme", "tim")
    assert (body["NetPrice"], body["GrossPrice"], body["NetPriceWithDiscount"]) == (1150, 1437.5, 1150)
    assert body["IsServiceArticle"] is True and body["ShowStockInformation"] is False
    assert body["CreatedUtc"] == body["ChangedUtc"] == "2026-03-02T10:00:00Z"
    assert body["SendToWebshop"] is True and body["CurrencyCode"] == "SEK"
    assert api.get(f"/articles/{body['Id']}").json() == body


def test_net_price_follows_from_gross_price(api):
    payload = article(GrossPrice=124.99, CodingId=defaults.coding_id("goods12"), UnitId=defaults.unit_id("st"))
    del payload["NetPrice"]
    body = api.post("/articles", json=payload).json()
    assert (body["NetPrice"], body["GrossPrice"]) == (111.6, 124.99)
    assert body["IsServiceArticle"] is False and body["ShowStockInformation"] is True


def test_purchase_price_is_rounded_and_stamped(api):
    body = api.post("/articles", json=article(PurchasePrice=99.555)).json()
    assert body["PurchasePrice"] == 99.56
    assert body["PurchasePriceManuallyChangedUtc"] == "2026-03-02T10:00:00Z"
    assert body["StockBalanceManuallyChangedUtc"] is None


def test_unknown_article_is_404(api):
    problem(api.get(f"/articles/{UNKNOWN}"), 404, 3000)
    assert problem(api.get("/articles/123"), 400, 2000) == {"articleId"}


# ------------------------------------------------------------------------ rules
def test_required_fields_are_2000(api):
    fields = problem(api.post("/articles", json={"NetPrice": 1}), 400, 2000)
    assert fields == {"CodingId", "IsActive", "Name", "Number", "UnitId"}


def test_unknown_field_and_null_price_are_400(api):
    assert problem(api.post("/articles", json=article(Price=1)), 400, 2000) == {"Price"}
    assert problem(api.post("/articles", json=article(NetPrice=None)), 400, 2000) == {"NetPrice"}


@pytest.mark.parametrize(("field", "value"), [("NetPrice", 1.005), ("NetPrice", -1), ("GrossPrice", 99000001),
                                             ("HouseWorkType", 8), ("GreenTechnologyType", 4), ("Number", "x" * 41),
                                             ("Name", "x" * 51)])
def test_field_limits_are_2000(api, field, value):
    assert problem(api.post("/articles", json=article(**{field: value})), 400, 2000) == {field}


def test_unknown_coding_and_unit_are_3000(api):
    assert problem(api.post("/articles", json=article(CodingId=UNKNOWN)), 400, 3000) == {"CodingId"}
    assert problem(api.post("/articles", json=article(UnitId=UNKNOWN)), 400, 3000) == {"UnitId"}


def test_duplicate_number_is_4000(api):
    api.post("/articles", json=article(Number="A-1"))
    assert problem(api.post("/articles", json=article(Number="a-1")), 400, 4000) == {"Number"}


def test_stock_and_oss_need_the_company_setting(api):
    assert problem(api.post("/articles", json=article(IsStock=True)), 400, 4002) == {"IsStock"}
    assert problem(api.post("/articles", json=article(UsesMoss=True)), 400, 4002) == {"UsesMoss"}


# ------------------------------------------------------------------------ replace
def test_put_replaces_and_keeps_created(api, eekonomi):
    created = api.post("/articles", json=article(NameEnglish="Consulting hour", Note="n")).json()
    eekonomi.clock.advance(120)
    reply = api.put(f"/articles/{created['Id']}", json=article(Name="Konsulttimme senior", NetPrice=1450))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["Id"] == created["Id"] and body["Name"] == "Konsulttimme senior"
    assert body["NameEnglish"] is None and body["Note"] is None
    assert body["GrossPrice"] == 1812.5
    assert body["CreatedUtc"] == "2026-03-02T10:00:00Z" and body["ChangedUtc"] == "2026-03-02T10:02:00Z"
    assert api.get(f"/articles/{created['Id']}").json() == body


def test_put_rules(api):
    first = api.post("/articles", json=article(Number="1")).json()
    api.post("/articles", json=article(Number="2"))
    assert problem(api.put(f"/articles/{first['Id']}", json=article(Number="2")), 400, 4000) == {"Number"}
    assert problem(api.put(f"/articles/{first['Id']}", json=article(Number="1", UnitId=UNKNOWN)), 400, 3000) \
        == {"UnitId"}
    problem(api.put(f"/articles/{UNKNOWN}", json=article()), 404, 3000)


def test_articles_cannot_be_deleted(api):
    created = api.post("/articles", json=article()).json()
    assert api.delete(f"/articles/{created['Id']}").status_code == 405


# ------------------------------------------------------------------------ customer prices, lists
def test_customer_id_shows_the_customers_discount(api):
    created = api.post("/articles", json=article()).json()
    customer = api.post("/customers", json={"Name": "Rabatt AB", "InvoiceCity": "Lund", "InvoicePostalCode": "22222",
                                            "TermsOfPaymentId": defaults.TERMS_30_DAYS, "IsPrivatePerson": False,
                                            "IsActive": True, "DiscountPercentage": 0.1}).json()
    one = api.get(f"/articles/{created['Id']}", params={"customerId": customer["Id"]}).json()
    assert (one["DiscountPercentage"], one["NetPriceWithDiscount"], one["NetPrice"]) == (0.1, 1035, 1150)
    listed = api.get("/articles", params={"customerId": customer["Id"]}).json()["Data"]
    assert listed[0]["NetPriceWithDiscount"] == 1035
    assert problem(api.get("/articles", params={"customerId": UNKNOWN}), 400, 3000) == {"customerId"}
    assert api.get("/articles", params={"showPricesWithTwoDecimals": "true"}).status_code == 200
    assert problem(api.get("/articles", params={"showPricesWithTwoDecimals": "ja"}), 400, 2000) \
        == {"showPricesWithTwoDecimals"}


def test_list_filters_on_number_and_changed_utc_and_pages(api, eekonomi):
    for number in range(1, 5):
        api.post("/articles", json=article(Number=str(number), Name=f"Artikel {number}"))
        eekonomi.clock.advance(60)
    assert [a["Name"] for a in api.get("/articles", params={"$filter": "Number eq '3'"}).json()["Data"]] \
        == ["Artikel 3"]
    changed = api.get("/Articles", params={"$filter": "ChangedUtc ge 2026-03-02T10:02:00Z"}).json()
    assert [a["Number"] for a in changed["Data"]] == ["3", "4"]
    page = api.get("/articles", params={"$page": 2, "$pagesize": 3}).json()
    assert page["Meta"]["TotalNumberOfPages"] == 2 and [a["Number"] for a in page["Data"]] == ["4"]


# ------------------------------------------------------------------------ codings and units
def test_article_account_codings(api):
    body = api.get("/articleaccountcodings").json()
    assert body["Meta"]["TotalNumberOfResults"] == len(defaults.CODINGS)
    coding = next(c for c in body["Data"] if c["Name"] == "Varor 25 % moms")
    assert list(coding) == schema.fields("ArticleAccountCodingApi")
    assert coding["Type"] == "Goods" and coding["VatRatePercent"] == 0.25
    assert coding["VatRate"] == defaults.vat_code_id("10")
    assert coding["DomesticSalesSubjectToVatAccountNumber"] == 3001
    assert coding["ForeignSalesVatExemptWithinEuAccountNumber"] == 3108
    assert coding["ForeignSalesVatExemptOutsideEuAccountNumber"] == 3105
    assert coding["DomesticSalesSubjectToReversedConstructionVatAccountNumber"] == 3231
    assert api.get(f"/articleaccountcodings/{coding['Id']}").json() == coding
    assert api.get(f"/ArticleAccountCodings/{coding['Id']}", params={"vatRateDate": "2026-01-01"}).json() == coding
    problem(api.get(f"/articleaccountcodings/{UNKNOWN}"), 404, 3000)
    assert problem(api.get("/articleaccountcodings", params={"vatRateDate": "igår"}), 400, 2000) == {"vatRateDate"}
    services = api.get("/articleaccountcodings", params={"$filter": "Type eq 'Service'"}).json()["Data"]
    assert {c["Name"] for c in services} == {"Tjänster 25 % moms", "Tjänster 12 % moms", "Tjänster 6 % moms",
                                              "Tjänster momsfri"}


def test_units(api):
    body = api.get("/units").json()
    units = {u["Abbreviation"]: u for u in body["Data"]}
    assert {"st", "tim", "km", "dag", "mån"} <= set(units)
    assert units["tim"]["Name"] == "Timme" and units["tim"]["Code"] == "HUR"
    assert list(units["st"]) == schema.fields("UnitApi")
    assert api.get(f"/units/{units['km']['Id']}").json() == units["km"]
    problem(api.get(f"/units/{UNKNOWN}"), 404, 3000)


# ------------------------------------------------------------------------ scopes
def test_read_only_scope_cannot_write_articles(eekonomi):
    readonly = eekonomi.api(scope=SALES_READONLY)
    assert readonly.get("/articles").status_code == 200
    assert readonly.get("/units").status_code == 200
    assert readonly.get("/articleaccountcodings").status_code == 200
    problem(readonly.post("/articles", json=article()), 403, 4006)
    created = eekonomi.api().post("/articles", json=article()).json()
    problem(readonly.put(f"/articles/{created['Id']}", json=article()), 403, 4006)


def test_accounting_scope_cannot_read_sales_registers(eekonomi):
    accounting = eekonomi.api(scope="ea:api offline_access ea:accounting")
    for path in ("/articles", "/units", "/articleaccountcodings"):
        problem(accounting.get(path), 403, 4006)
