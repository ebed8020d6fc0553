"""Manual vouchers through /v2/vouchers: balance, fiscal years, accounts, locks, series and reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

NOW = "2026-03-10T09:00:00Z"


@pytest.fixture
def api(eekonomi) -> httpx.Client:
    eekonomi.clock.freeze(NOW)
    return eekonomi.api()


def year_of(api: httpx.Client, day: str) -> str:
    years = api.get("/fiscalyears").json()["Data"]
    return next(y["Id"] for y in years if y["StartDate"][:10] <= day <= y["EndDate"][:10])


def voucher(*rows: tuple[int, float, float], day: str | None = "2026-03-05", text: str = "Kontantförsäljning",
            **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"VoucherText": text, "Rows": [
        {"AccountNumber": account, "DebitAmount": debit, "CreditAmount": credit} for account, debit, credit in rows]}
    if day is not None:
        body["VoucherDate"] = day
    return {**body, **fields}


SALE = ((1930, 1250.0, 0.0), (3001, 0.0, 1000.0), (2611, 0.0, 250.0))


def test_a_balanced_voucher_is_numbered_per_series(api: httpx.Client) -> None:
    reply = api.post("/vouchers", json=voucher(*SALE))
    assert reply.status_code == 201, reply.text
    first = reply.json()
    assert first["NumberAndNumberSeries"] == "A1" and first["NumberSeries"] == "A"
    assert first["VoucherType"] == 2 and first["SourceId"] is None
    assert first["VoucherDate"] == "2026-03-05T00:00:00"
    assert first["CreatedUtc"] == first["ModifiedUtc"] == "2026-03-10T09:00:00Z"
    assert [r["AccountDescription"] for r in first["Rows"]] == [
        "Företagskonto/checkkonto/affärskonto", "Försäljning inom Sverige, 25 % moms",
        "Utgående moms på försäljning inom Sverige, 25 %"]
    assert first["Rows"][1]["VatCodeId"] is not None  # the account's VAT code
    second = api.post("/vouchers", json=voucher(*SALE)).json()
    assert second["NumberAndNumberSeries"] == "A2"
    year = year_of(api, "2026-03-05")
    assert api.get(f"/vouchers/{year}/{first['Id']}").json() == first
    assert api.get(f"/vouchers/{year}").json()["Meta"]["TotalNumberOfResults"] == 2
    # numbers start again in another fiscal year
    other = api.post("/vouchers", json=voucher(*SALE, day="2025-12-31")).json()
    assert other["NumberAndNumberSeries"] == "A1"
    assert api.get("/vouchers").json()["Meta"]["TotalNumberOfResults"] == 3


def test_the_date_defaults_to_today(api: httpx.Client) -> None:
    created = api.post("/vouchers", json=voucher(*SALE, day=None)).json()
    assert created["VoucherDate"] == "2026-03-10T00:00:00"


def test_an_unbalanced_voucher_is_refused(api: httpx.Client) -> None:
    reply = api.post("/vouchers", json=voucher((1930, 1250.0, 0.0), (3001, 0.0, 1000.0)))
    assert reply.status_code == 400
    body = reply.json()
    assert body["ErrorCode"] == 2000
    assert body["DeveloperErrorMessage"].startswith("The voucher must have balanced debit and credit amounts")
    assert body["Errors"][0]["Field"] == "Rows"
    assert api.get("/vouchers").json()["Data"] == []


@pytest.mark.parametrize(("rows", "field"), [
    (((1930, 100.0, 100.0), (3001, 0.0, 0.0)), "Rows[0]"),
    (((1930, 0.0, 0.0), (3001, 0.0, 0.0)), "Rows[0]"),
])
def test_a_row_has_exactly_one_side(api: httpx.Client, rows: tuple, field: str) -> None:
    reply = api.post("/vouchers", json=voucher(*rows))
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 2000
    assert reply.json()["Errors"][0]["Field"] == field


def test_a_date_outside_every_fiscal_year_is_3001(api: httpx.Client) -> None:
    reply = api.post("/vouchers", json=voucher(*SALE, day="2019-01-01"))
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 3001
    assert reply.json()["Errors"][0]["Field"] == "VoucherDate"


def test_an_unknown_account_is_3002(api: httpx.Client) -> None:
    reply = api.post("/vouchers", json=voucher((1930, 10.0, 0.0), (3999, 0.0, 10.0)))
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 3002
    assert reply.json()["Errors"][0]["Field"] == "Rows[1].AccountNumber"


@pytest.mark.parametrize(("body", "field"), [
    ({"Rows": [{"AccountNumber": 1930, "DebitAmount": 1.0}]}, "VoucherText"),
    ({"VoucherText": "x"}, "Rows"),
    ({"VoucherText": "x" * 1001, "Rows": []}, "VoucherText"),
    ({"VoucherText": "x", "Rows": [{"DebitAmount": 1.0}]}, "Rows[0].AccountNumber"),
    ({"VoucherText": "x", "Rows": [{"AccountNumber": 1930, "DebitAmount": 1.005}]}, "Rows[0].DebitAmount"),
    ({"VoucherText": "x", "Rows": [{"AccountNumber": 1930, "DebitAmount": -1.0}]}, "Rows[0].DebitAmount"),
    ({"VoucherText": "x", "Rows": []}, "Rows"),
])
def test_the_model_is_validated(api: httpx.Client, body: dict, field: str) -> None:
    reply = api.post("/vouchers", json=body)
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 2000
    assert field in [e["Field"] for e in reply.json()["Errors"]]


def test_a_locked_fiscal_year_refuses_vouchers_until_unlocked(api: httpx.Client) -> None:
    year = year_of(api, "2026-03-05")
    locked = api.put(f"/fiscalyears/{year}", json={"IsLockedForAccounting": True})
    assert locked.status_code == 200 and locked.json()["IsLockedForAccounting"] is True
    reply = api.post("/vouchers", json=voucher(*SALE))
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 4002
    api.put(f"/fiscalyears/{year}", json={"IsLockedForAccounting": False})
    assert api.post("/vouchers", json=voucher(*SALE)).status_code == 201


def test_the_company_lock_date_refuses_earlier_vouchers(eekonomi) -> None:
    eekonomi.clock.freeze(NOW)
    eekonomi.seed({"companySettings": {"AccountingLockedTo": "2026-02-28T00:00:00"}})
    api = eekonomi.api()
    reply = api.post("/vouchers", json=voucher(*SALE, day="2026-02-28"))
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 4002
    assert api.post("/vouchers", json=voucher(*SALE, day="2026-03-01")).status_code == 201


def test_an_own_series_needs_use_default_voucher_series_false(api: httpx.Client) -> None:
    params = {"useDefaultVoucherSeries": "false"}
    created = api.post("/vouchers", params=params, json=voucher(*SALE, NumberSeries="k"))
    assert created.status_code == 201, created.text
    assert created.json()["NumberAndNumberSeries"] == "K1" and created.json()["NumberSeries"] == "K"
    missing = api.post("/vouchers", params=params, json=voucher(*SALE))
    assert missing.status_code == 400 and missing.json()["Errors"][0]["Field"] == "NumberSeries"
    ignored = api.post("/vouchers", json=voucher(*SALE, NumberSeries="K")).json()
    assert ignored["NumberAndNumberSeries"] == "A1"
    junk = api.post("/vouchers", params={"useDefaultVoucherSeries": "maybe"}, json=voucher(*SALE))
    assert junk.status_code == 400


def test_automatic_vat_splits_the_gross_amount(api: httpx.Client) -> None:
    reply = api.post("/vouchers", params={"useAutomaticVatCalculation": "true"},
                     json=voucher((1930, 1250.0, 0.0), (3001, 0.0, 1250.0)))
    assert reply.status_code == 201, reply.text
    rows = [(r["AccountNumber"], r["DebitAmount"], r["CreditAmount"]) for r in reply.json()["Rows"]]
    assert rows == [(1930, 1250.0, 0.0), (3001, 0.0, 1000.0), (2611, 0.0, 250.0)]
    assert reply.json()["Rows"][1]["VatCodeAndPercent"] == "10 (25%)"


def test_unknown_vouchers_and_years(api: httpx.Client) -> None:
    created = api.post("/vouchers", json=voucher(*SALE)).json()
    wrong_year = year_of(api, "2025-06-01")
    reply = api.get(f"/vouchers/{wrong_year}/{created['Id']}")
    assert reply.status_code == 404 and reply.json()["ErrorCode"] == 3000
    unknown = api.get(f"/vouchers/{year_of(api, '2026-03-05')}/0b4c5a0e-5555-4a4a-8a8a-000000000000")
    assert unknown.status_code == 404
    no_year = api.get("/vouchers/0b4c5a0e-5555-4a4a-8a8a-000000000000")
    assert no_year.status_code == 400 and no_year.json()["ErrorCode"] == 3001
    malformed = api.get(f"/vouchers/2026/{created['Id']}")
    assert malformed.status_code == 400 and malformed.json()["ErrorCode"] == 2000


def test_vouchers_filter_on_modified_utc_and_page(eekonomi, api: httpx.Client) -> None:
    for minute in range(3):
        eekonomi.clock.advance(60)
        api.post("/vouchers", json=voucher(*SALE, text=f"Försäljning {minute}"))
    reply = api.get("/vouchers", params={"$filter": "ModifiedUtc ge 2026-03-10T09:02:00Z", "$pagesize": 1,
                                         "$page": 2})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["Meta"]["TotalNumberOfResults"] == 2 and body["Meta"]["CurrentPage"] == 2
    assert body["Data"][0]["VoucherText"] == "Försäljning 2"
