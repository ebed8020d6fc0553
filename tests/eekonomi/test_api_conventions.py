"""What every eEkonomi endpoint shares: the rate limit on the tenant clock, body handling, error shapes,
case-insensitive routes and token expiry."""

from __future__ import annotations

import pytest


def problem(reply, status: int, code: int) -> dict:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert body["ErrorCode"] == code and body["DeveloperErrorMessage"] and len(body["ErrorId"]) == 36, body
    return body


def test_rate_limit_is_600_a_minute_per_client_and_endpoint_on_the_tenant_clock(eekonomi):
    eekonomi.clock.freeze("2026-03-02T10:00:00Z")
    api = eekonomi.api()
    for _ in range(600):
        assert api.get("/units").status_code == 200
    refused = api.get("/units")
    body = problem(refused, 429, 4010)
    assert body["DeveloperErrorMessage"] == ("API calls quota exceeded! maximum admitted 600 per Minute. "
                                             "Try again in 60 seconds.")
    assert refused.headers["retry-after"] == "60"
    assert api.get("/termsofpayments").status_code == 200  # another endpoint has its own count
    eekonomi.clock.advance(30)
    assert problem(api.get("/units"), 429, 4010)["DeveloperErrorMessage"].endswith("Try again in 30 seconds.")
    eekonomi.clock.advance(30)
    assert api.get("/units").status_code == 200  # the window slid past the first calls


def test_the_rate_limit_counts_one_route_for_every_id(eekonomi):
    eekonomi.clock.freeze("2026-03-02T10:00:00Z")
    with eekonomi.http() as control:
        assert control.put(f"/_sim/tenants/{eekonomi.id}/eekonomi/settings",
                           json={"rateLimitPerMinute": 3}).status_code == 200
    api = eekonomi.api()
    ids = [u["Id"] for u in api.get("/units").json()["Data"]]
    for unit_id in ids[:3]:
        assert api.get(f"/units/{unit_id}").status_code == 200
    problem(api.get(f"/units/{ids[0]}"), 429, 4010)


def test_bodies_that_are_not_json_objects(eekonomi):
    api = eekonomi.api()
    problem(api.post("/customers", content=b"Name=x", headers={"content-type": "application/x-www-form-urlencoded"}),
            415, 2000)
    body = problem(api.post("/customers", content=b'{"Name": ', headers={"content-type": "application/json"}),
                   400, 2000)
    assert body["Errors"][0]["Field"] == "$"
    problem(api.post("/customers", content=b"", headers={"content-type": "application/json"}), 400, 2000)
    body = problem(api.post("/customers", json=[1, 2]), 400, 2000)
    assert body["Errors"]
    problem(api.post("/customers", content=b"x" * 5_000_001, headers={"content-type": "application/json"}),
            413, 2000)


def test_unknown_fields_are_named(eekonomi):
    api = eekonomi.api()
    terms = api.get("/termsofpayments").json()["Data"][0]["Id"]
    body = problem(api.post("/customers", json={"Name": "Acme AB", "InvoiceCity": "Lund", "InvoicePostalCode": "22100",
                                                "TermsOfPaymentId": terms, "IsPrivatePerson": False, "IsActive": True,
                                                "CustomerNo": "17"}), 400, 2000)
    assert [(e["Field"], e["ErrorCode"]) for e in body["Errors"]] == [("CustomerNo", "UnknownField")]


@pytest.mark.parametrize("path", ["/CompanySettings", "/COMPANYSETTINGS", "/companysettings"])
def test_routes_ignore_case_and_company_settings_are_bare(eekonomi, path):
    reply = eekonomi.api().get(path)
    assert reply.status_code == 200
    assert "Meta" not in reply.json() and reply.json()["CountryCode"] == "SE"


def test_unknown_routes_and_methods(eekonomi):
    api = eekonomi.api()
    body = problem(api.get("/nosuchthing"), 404, 3000)
    assert body["DeveloperErrorMessage"].startswith("No HTTP resource was found")
    reply = api.delete("/companysettings")
    assert reply.status_code == 405 and "PUT" in reply.headers["allow"]


def test_missing_expired_and_foreign_tokens_are_401_with_4005(eekonomi, sim_host):
    api = eekonomi.api()
    problem(api.get("/customers", headers={"Authorization": "Bearer nonsense"}), 401, 4005)
    problem(eekonomi.http().get("/v2/customers"), 401, 4005)
    eekonomi.clock.advance(3600)
    body = problem(api.get("/customers"), 401, 4005)
    assert body["DeveloperErrorMessage"] == "AuthorizationException - Authorization has been denied for this request."


def test_server_time_comes_from_the_tenant_clock(eekonomi):
    eekonomi.clock.freeze("2031-05-06T07:08:09Z")
    meta = eekonomi.api().get("/customers").json()["Meta"]
    assert meta["ServerTimeUtc"] == "2031-05-06T07:08:09Z"
    assert meta["TotalNumberOfPages"] == 1 and meta["PageSize"] == 50
