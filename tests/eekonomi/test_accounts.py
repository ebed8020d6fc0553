"""The chart of accounts (/v2/accounts) and fiscal years (/v2/fiscalyears)."""

from __future__ import annotations

import httpx
import pytest

NOW = "2026-03-10T09:00:00Z"


@pytest.fixture
def api(eekonomi) -> httpx.Client:
    eekonomi.clock.freeze(NOW)
    return eekonomi.api()


def years(api: httpx.Client) -> dict[int, str]:
    """Fiscal year ids by calendar year (the default company has last, this and next year)."""
    return {int(y["StartDate"][:4]): y["Id"] for y in api.get("/fiscalyears").json()["Data"]}


def new_account(year_id: str, number: str = "1931", **fields: object) -> dict[str, object]:
    return {"Name": "Sparkonto", "Number": number, "FiscalYearId": year_id, "IsActive": True, **fields}


# ------------------------------------------------------------------------ accounts
def test_get_accounts_lists_the_current_fiscal_year(api: httpx.Client) -> None:
    body = api.get("/accounts", params={"$pagesize": 1000}).json()
    assert {a["FiscalYearId"] for a in body["Data"]} == {years(api)[2026]}
    numbers = [int(a["Number"]) for a in body["Data"]]
    assert numbers == sorted(numbers) and 1930 in numbers
    last_year = api.get(f"/accounts/{years(api)[2025]}", params={"$pagesize": 1000}).json()
    assert {a["FiscalYearId"] for a in last_year["Data"]} == {years(api)[2025]}
    assert last_year["Meta"]["TotalNumberOfResults"] == body["Meta"]["TotalNumberOfResults"]
    unknown = api.get("/accounts/0b4c5a0e-6666-4a4a-8a8a-000000000000")
    assert unknown.status_code == 400 and unknown.json()["ErrorCode"] == 3001


def test_one_account_and_its_404s(api: httpx.Client) -> None:
    year = years(api)[2026]
    account = api.get(f"/accounts/{year}/1930")
    assert account.status_code == 200 and account.json()["Name"].startswith("Företagskonto")
    missing = api.get(f"/accounts/{year}/1999")
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == 3002
    no_year = api.get("/accounts/0b4c5a0e-6666-4a4a-8a8a-000000000000/1930")
    assert no_year.status_code == 404 and no_year.json()["ErrorCode"] == 3001
    assert api.get(f"/accounts/{year}/abc").status_code == 400


def test_an_account_is_created_in_one_fiscal_year(api: httpx.Client) -> None:
    year = years(api)[2026]
    reply = api.post("/accounts", json=new_account(year))
    assert reply.status_code == 201, reply.text
    account = reply.json()
    assert account["Number"] == "1931" and account["FiscalYearId"] == year
    assert account["Type"] == 7 and account["TypeDescription"] == "Kassa och bank"
    assert account["CreatedUtc"] == account["ModifiedUtc"] == "2026-03-10T09:00:00Z"
    assert api.get(f"/accounts/{year}/1931").json() == account
    assert api.get(f"/accounts/{years(api)[2025]}/1931").status_code == 404
    untyped = api.post("/accounts", params={"useDefaultAccountType": "false"}, json=new_account(year, "1932")).json()
    assert untyped["Type"] == 0


@pytest.mark.parametrize(("change", "status", "code", "field"), [
    ({"Number": "1930"}, 400, 4000, "Number"),
    ({"FiscalYearId": "0b4c5a0e-6666-4a4a-8a8a-000000000000"}, 400, 3001, "FiscalYearId"),
    ({"Number": "999"}, 400, 2000, "Number"),
    ({"Number": "12345"}, 400, 2000, "Number"),
    ({"Number": "19x1"}, 400, 2000, "Number"),
    ({"Name": None}, 400, 2000, "Name"),
    ({"Name": "x" * 101}, 400, 2000, "Name"),
    ({"VatCodeId": "0b4c5a0e-6666-4a4a-8a8a-000000000000"}, 400, 3000, "VatCodeId"),
])
def test_bad_accounts_are_refused(api: httpx.Client, change: dict, status: int, code: int, field: str) -> None:
    reply = api.post("/accounts", json={**new_account(years(api)[2026]), **change})
    assert reply.status_code == status, reply.text
    assert reply.json()["ErrorCode"] == code and reply.json()["Errors"][0]["Field"] == field


def test_an_account_is_replaced_and_keeps_its_number(eekonomi, api: httpx.Client) -> None:
    year = years(api)[2026]
    before = api.get(f"/accounts/{year}/6570").json()
    eekonomi.clock.advance(600)
    body = {**before, "Name": "Bankavgifter", "IsBlockedForManualBooking": True}
    reply = api.put(f"/accounts/{year}/6570", json=body)
    assert reply.status_code == 200, reply.text
    after = reply.json()
    assert after["Name"] == "Bankavgifter" and after["IsBlockedForManualBooking"] is True
    assert after["CreatedUtc"] == before["CreatedUtc"] and after["ModifiedUtc"] == "2026-03-10T09:10:00Z"
    changed = api.get("/accounts", params={"$filter": "ModifiedUtc gt 2026-03-10T09:00:00Z"}).json()
    assert [a["Number"] for a in changed["Data"]] == ["6570"]
    moved = api.put(f"/accounts/{year}/6570", json={**body, "Number": "6571"})
    assert moved.status_code == 400 and moved.json()["ErrorCode"] == 4002
    assert api.put(f"/accounts/{year}/6999", json={**body, "Number": "6999"}).status_code == 404
    blocked = api.post("/vouchers", json={"VoucherText": "Avgift", "VoucherDate": "2026-03-01", "Rows": [
        {"AccountNumber": 6570, "DebitAmount": 10.0}, {"AccountNumber": 1930, "CreditAmount": 10.0}]})
    assert blocked.status_code == 400 and blocked.json()["ErrorCode"] == 4002


# ------------------------------------------------------------------------ fiscal years
def test_fiscal_years_are_listed_read_and_locked(api: httpx.Client) -> None:
    listed = api.get("/fiscalyears").json()
    assert [y["StartDate"] for y in listed["Data"]] == ["2025-01-01T00:00:00", "2026-01-01T00:00:00",
                                                         "2027-01-01T00:00:00"]
    year = years(api)[2025]
    assert api.get(f"/fiscalyears/{year}").json()["EndDate"] == "2025-12-31T00:00:00"
    locked = api.put(f"/fiscalyears/{year}", json={"IsLockedForAccounting": True})
    assert locked.status_code == 200 and locked.json()["IsLockedForAccounting"] is True
    assert api.get(f"/fiscalyears/{year}").json()["IsLockedForAccounting"] is True
    missing = api.get("/fiscalyears/0b4c5a0e-6666-4a4a-8a8a-000000000000")
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == 3000
    assert api.get("/fiscalyears/2025").status_code == 400
    assert api.put("/fiscalyears/0b4c5a0e-6666-4a4a-8a8a-000000000000",
                   json={"IsLockedForAccounting": True}).status_code == 404
    assert api.put(f"/fiscalyears/{year}", json={"StartDate": "2025-02-01"}).status_code == 400


def test_a_new_fiscal_year_follows_the_last_and_gets_its_chart(api: httpx.Client) -> None:
    reply = api.post("/fiscalyears", json={"StartDate": "2028-01-01", "EndDate": "2028-12-31"})
    assert reply.status_code == 201, reply.text
    year = reply.json()
    assert year["StartDate"] == "2028-01-01T00:00:00" and year["IsLockedForAccounting"] is False
    chart = api.get(f"/accounts/{year['Id']}", params={"$pagesize": 1000}).json()
    previous = api.get(f"/accounts/{years(api)[2027]}", params={"$pagesize": 1000}).json()
    assert [a["Number"] for a in chart["Data"]] == [a["Number"] for a in previous["Data"]]
    booked = api.post("/vouchers", json={"VoucherText": "Nytt år", "VoucherDate": "2028-06-01", "Rows": [
        {"AccountNumber": 1930, "DebitAmount": 10.0}, {"AccountNumber": 2081, "CreditAmount": 10.0}]})
    assert booked.status_code == 201, booked.text
    # an 18-month year may follow (a changed fiscal year), ending on the last day of a month
    long = api.post("/fiscalyears", json={"StartDate": "2029-01-01", "EndDate": "2030-06-30"})
    assert long.status_code == 201, long.text


@pytest.mark.parametrize(("start", "end", "code", "field"), [
    ("2028-02-01", "2028-12-31", 4002, "StartDate"),  # a gap after 2027
    ("2027-07-01", "2028-06-30", 4000, "StartDate"),  # overlaps 2027
    ("2028-01-01", "2029-07-31", 4002, "EndDate"),  # 19 months
    ("2028-01-02", "2028-12-31", 4002, "StartDate"),  # not the first of a month
    ("2028-01-01", "2028-12-30", 4002, "EndDate"),  # not the last of a month
    ("2028-01-01", "2027-12-31", 4002, "EndDate"),
    (None, "2028-12-31", 2000, "StartDate"),
])
def test_fiscal_year_rules(api: httpx.Client, start: str | None, end: str, code: int, field: str) -> None:
    reply = api.post("/fiscalyears", json={"StartDate": start, "EndDate": end})
    assert reply.status_code == 400, reply.text
    assert reply.json()["ErrorCode"] == code and reply.json()["Errors"][0]["Field"] == field


def test_a_year_before_the_first_may_be_added(api: httpx.Client) -> None:
    reply = api.post("/fiscalyears", json={"StartDate": "2024-01-01", "EndDate": "2024-12-31"})
    assert reply.status_code == 201, reply.text
    assert api.get(f"/accounts/{reply.json()['Id']}/1930").status_code == 200


def test_a_fiscal_year_at_the_end_of_the_calendar_is_refused_not_a_crash(eekonomi):
    reply = eekonomi.api().post("/fiscalyears", json={"StartDate": "9999-12-01", "EndDate": "9999-12-31"})
    assert reply.status_code == 400 and reply.json()["ErrorCode"] == 4002
