"""Reference data and company settings through HTTP (terms of payment, VAT codes, account types, company
settings), and the registers of a new Swedish company (defaults.py)."""

from __future__ import annotations

from typing import Any

import pytest
from stdnum.se import orgnr

from simulators.core.clock import Clock
from simulators.eekonomi import defaults, schema

UNKNOWN = "0f8fad5b-d9cb-469f-a165-70867728950e"


def problem(reply, status: int, code: int) -> set[str]:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["ErrorCode"] == code, body
    return {e["Field"] for e in body.get("Errors") or []}


@pytest.fixture
def api(eekonomi):
    return eekonomi.api()


def scoped(eekonomi, *scopes: str):
    return eekonomi.api(scope=" ".join(("ea:api", "offline_access", *scopes)))


# ------------------------------------------------------------------------ terms of payment
def test_terms_of_payments(api):
    body = api.get("/termsofpayments").json()
    terms = {t["Name"]: t for t in body["Data"]}
    assert body["Meta"]["TotalNumberOfResults"] == len(defaults.TERMS)
    thirty = terms["30 dagar netto"]
    assert list(thirty) == schema.fields("TermsOfPaymentApi")
    assert thirty == {"Id": defaults.TERMS_30_DAYS, "Name": "30 dagar netto", "NameEnglish": "30 days net",
                      "NumberOfDays": 30, "TermsOfPaymentTypeId": 0, "TermsOfPaymentTypeText": "Normal",
                      "AvailableForSales": True, "AvailableForPurchase": True}
    assert terms["Kontant"]["TermsOfPaymentTypeId"] == 2 and terms["Kontant"]["TermsOfPaymentTypeText"] == "Cash"
    assert api.get(f"/TermsOfPayments/{defaults.TERMS_10_DAYS}").json()["NumberOfDays"] == 10
    problem(api.get(f"/termsofpayments/{UNKNOWN}"), 404, 3000)
    assert problem(api.get("/termsofpayments/30"), 400, 2000) == {"id"}
    filtered = api.get("/termsofpayments", params={"$filter": "NumberOfDays le 15 and TermsOfPaymentTypeId eq 0"})
    assert sorted(t["NumberOfDays"] for t in filtered.json()["Data"]) == [10, 15]


def test_terms_of_payments_scopes(eekonomi):
    assert scoped(eekonomi, "ea:purchase_readonly").get("/termsofpayments").status_code == 200
    assert scoped(eekonomi, "ea:sales_readonly").get("/termsofpayments").status_code == 200
    problem(scoped(eekonomi, "ea:accounting").get("/termsofpayments"), 403, 4006)


# ------------------------------------------------------------------------ VAT codes
def test_vat_codes(api):
    body = api.get("/vatcodes").json()
    codes = {c["Code"]: c for c in body["Data"]}
    assert {"10", "11", "12", "48", "35", "39", "36", "41", "20", "21"} <= set(codes)
    sales25 = codes["10"]
    assert list(sales25) == schema.fields("VatCodeApi")
    assert sales25["VatRate"] == 0.25 and sales25["OssCodeType"] == 0
    assert sales25["RelatedAccounts"] == {"AccountNumber1": 2611, "AccountNumber2": None, "AccountNumber3": None}
    assert codes["21"]["RelatedAccounts"]["AccountNumber2"] == 2645
    assert api.get(f"/vatcodes/{sales25['Id']}", params={"vatRateDate": "2026-05-01"}).json() == sales25
    problem(api.get(f"/vatcodes/{UNKNOWN}"), 404, 3000)
    assert problem(api.get("/vatcodes", params={"vatRateDate": "not a date"}), 400, 2000) == {"vatRateDate"}


def test_vat_codes_need_an_accounting_scope(eekonomi):
    assert scoped(eekonomi, "ea:accounting_readonly").get("/vatcodes").status_code == 200
    problem(scoped(eekonomi, "ea:sales").get("/vatcodes"), 403, 4006)


# ------------------------------------------------------------------------ account types and the chart
def test_account_types(api, eekonomi):
    body = api.get("/accountTypes").json()
    assert body == api.get("/accounttypes").json() | {"Meta": body["Meta"]}
    types = {t["Type"]: t["TypeDescription"] for t in body["Data"]}
    assert [t["Type"] for t in body["Data"]] == sorted(types)
    assert list(body["Data"][0]) == schema.fields("AccountTypesApi")
    for account in eekonomi.state.accounts.values():
        assert types[account["Type"]] == account["TypeDescription"], account["Number"]
    problem(scoped(eekonomi, "ea:sales").get("/accounttypes"), 403, 4006)


def test_default_chart_of_accounts(eekonomi):
    state = eekonomi.state
    years = sorted(state.fiscal_years.values(), key=lambda y: y["StartDate"])
    this_year = eekonomi.clock.now().year
    assert [y["StartDate"][:4] for y in years] == [str(this_year - 1), str(this_year), str(this_year + 1)]
    assert all(y["EndDate"][5:10] == "12-31" and y["BookkeepingMethod"] == 0 and not y["IsLockedForAccounting"]
               for y in years)
    required = {"1510", "1910", "1930", "2099", "2440", "2610", "2611", "2620", "2630", "2640", "2650", "3001",
                "3002", "3003", "3004", "3041", "3051", "3106", "3305", "3308", "3740", "4010", "5010", "5410",
                "6110", "6212", "6570", "7010", "7510", "8310", "8410", "8999"}
    for year in years:
        numbers = {a["Number"] for a in state.accounts.values() if a["FiscalYearId"] == year["Id"]}
        assert required <= numbers and len(numbers) >= 60
    sales = state.account(years[1]["Id"], "3001")
    assert sales["Name"] == "Försäljning inom Sverige, 25 % moms" and sales["Type"] == 13
    assert state.vat_codes[sales["VatCodeId"]]["Code"] == "10"
    assert state.account(years[1]["Id"], "1930")["VatCodeId"] is None
    for account in state.accounts.values():
        assert account["VatCodeId"] is None or account["VatCodeId"] in state.vat_codes
        schema.validate("AccountApi", {k: v for k, v in account.items() if k != "VatCodeDescription"})


def test_codings_name_accounts_of_the_chart(eekonomi):
    state = eekonomi.state
    year = next(iter(state.fiscal_years))
    for coding in state.article_codings.values():
        assert coding["VatRate"] in state.vat_codes
        for name, value in coding.items():
            if name.endswith("AccountNumber") and value is not None:
                assert state.account(year, value) is not None, (coding["Name"], name, value)


def test_reference_ids_are_the_same_in_every_company():
    clock = Clock()
    assert defaults.vat_codes() == defaults.vat_codes()
    assert [y["Id"] for y in defaults.fiscal_years(clock)] == [y["Id"] for y in defaults.fiscal_years(clock)]
    assert defaults.account_type_of("3001") == (13, "Rörelsens intäkter")
    assert defaults.account_type_of("8999")[0] == 20 and defaults.account_type_of("x") == (0, "")


# ------------------------------------------------------------------------ company settings
def test_company_settings_is_a_bare_object(api):
    body = api.get("/companysettings").json()
    assert list(body) == schema.fields("CompanySettingsApi")
    assert "Meta" not in body and body["CountryCode"] == "SE" and body["CurrencyCode"] == "SEK"
    assert orgnr.is_valid(body["CorporateIdentityNumber"])
    assert body["VatCode"] == "SE" + orgnr.compact(body["CorporateIdentityNumber"]) + "01"
    assert body["TermsOfPaymentId"] == defaults.TERMS_30_DAYS
    assert (body["CompanyStatus"], body["ProductVariant"], body["NextCustomerNumber"]) == (1, 1, 1)
    assert api.get("/CompanySettings").json() == body


def settings_body(current: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**current, **changes}


def test_put_company_settings_replaces_writable_fields(api):
    current = api.get("/companysettings").json()
    body = settings_body(current, Name="Omdöpt AB", BankGiro="5678-0167", LatePaymentFee=None,
                         CorporateIdentityNumber="556000-0000", NextCustomerNumber=999)
    del body["Website"], body["Email"]
    reply = api.put("/companysettings", json=body)
    assert reply.status_code == 200, reply.text
    saved = reply.json()
    assert saved["Name"] == "Omdöpt AB" and saved["BankGiro"] == "5678-0167"
    assert saved["Email"] is None  # omitted: null
    assert saved["LatePaymentFee"] == current["LatePaymentFee"]  # null: "skip updating"
    assert saved["CorporateIdentityNumber"] == current["CorporateIdentityNumber"]  # read-only: kept
    assert saved["NextCustomerNumber"] == 1
    assert saved["CompanyScanningAddress"] == current["CompanyScanningAddress"]
    assert api.get("/companysettings").json() == saved


def test_put_company_settings_rules(api, eekonomi):
    current = api.get("/companysettings").json()
    missing = {k: v for k, v in current.items() if k not in ("Address1", "City")}
    assert problem(api.put("/companysettings", json=missing), 400, 2000) == {"Address1", "City"}
    assert problem(api.put("/companysettings", json=settings_body(current, Bolag="x")), 400, 2000) == {"Bolag"}
    assert problem(api.put("/companysettings", json=settings_body(current, BankGiro="abc")), 400, 2000) \
        == {"BankGiro"}
    assert problem(api.put("/companysettings", json=settings_body(current, CountryCode="NO", Phone="+47 1")),
                   400, 4002) == {"CountryCode"}
    assert problem(api.put("/companysettings", json=settings_body(current, CountryCode="NO", Phone=None)),
                   400, 2000) == {"Phone"}
    assert eekonomi.state.company["CountryCode"] == "SE"
    problem(scoped(eekonomi, "ea:sales_readonly").put("/companysettings", json=current), 403, 4006)
    assert scoped(eekonomi, "ea:sales_readonly").get("/companysettings").status_code == 200
    problem(scoped(eekonomi, "ea:accounting").get("/companysettings"), 403, 4006)
