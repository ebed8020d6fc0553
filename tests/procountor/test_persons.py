"""The person register through HTTP: create, read, update with version, search, and the IBAN check (PC-19)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

IBAN = "FI2112345600000785"


def person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "firstName": "Maija",
        "lastName": "Meikäläinen",
        "deliveryAddress": {"street": "Kotikatu 3", "zip": "33100", "city": "Tampere", "country": "FINLAND",
                            "specifier": "B 12"},
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "paymentTermDays": "14", "penalInterestRate": 8.0,
                        "accountNumber": IBAN, "bic": "NDEAFIHH"},
        "invoicingInfo": {"personNumber": "E-1001", "language": "FINNISH", "gender": "FEMALE",
                          "identifier": "131052-308T", "identifierType": "HETU"},
        "registryInfo": {"active": True, "email": "maija@example.com"},
    }
    body.update(copy.deepcopy(overrides))
    return body


def errors_of(reply) -> list[dict[str, Any]]:
    return reply.json()["errors"]


# ------------------------------------------------------------------------ create and read
def test_create_returns_200_with_id_and_version(procountor):
    api = procountor.api()
    reply = api.post("/persons", json=person(id=3))
    assert reply.status_code == 200
    body = reply.json()
    assert body == {**person(), "id": 7001, "version": body["version"]}
    assert body["version"].startswith(procountor.state.today().isoformat())
    assert api.get("/persons/7001").json() == body
    assert procountor.state.persons[7001] == body


def test_version_is_not_allowed_in_post(procountor):
    reply = procountor.api().post("/persons", json=person(version="2026-01-01T00:00:00"))
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == "version"
    assert procountor.state.persons == {}


@pytest.mark.parametrize("account", ["FI2112345600000786", "FI21", "12345", "NOT AN IBAN"])
def test_a_bad_iban_is_refused(procountor, account):
    body = person()
    body["paymentInfo"]["accountNumber"] = account
    reply = procountor.api().post("/persons", json=body)
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400, "field": "paymentInfo.accountNumber",
                                 "message": f"Value of the 'paymentInfo.accountNumber' field is invalid: {account}"}]


@pytest.mark.parametrize("account", ["FI21 1234 5600 0007 85", "SE4550000000058398257466", ""])
def test_good_or_empty_ibans_are_accepted(procountor, account):
    body = person()
    body["paymentInfo"]["accountNumber"] = account
    assert procountor.api().post("/persons", json=body).status_code == 200


def test_a_person_without_bank_account_is_accepted(procountor):
    body = person()
    del body["paymentInfo"]["accountNumber"]
    assert procountor.api().post("/persons", json=body).status_code == 200


def test_schema_errors_name_every_field(procountor):
    body = person(lastName="")
    body["paymentInfo"]["paymentTermDays"] = "1000"
    body["paymentInfo"]["penalInterestRate"] = 1001
    body["invoicingInfo"]["gender"] = "OTHER"
    del body["registryInfo"]["active"]
    reply = procountor.api().post("/persons", json=body)
    assert reply.status_code == 400
    fields = {e["field"] for e in errors_of(reply)}
    assert fields == {"lastName", "paymentInfo.paymentTermDays", "paymentInfo.penalInterestRate",
                      "invoicingInfo.gender", "registryInfo.active"}


def test_required_sections(procountor):
    reply = procountor.api().post("/persons", json={"lastName": "X"})
    assert reply.status_code == 400
    assert {e["field"] for e in errors_of(reply)} == {"paymentInfo", "invoicingInfo", "registryInfo"}


def test_get_unknown_person_is_404(procountor):
    api = procountor.api()
    for path in ("/persons/7001", "/persons/abc", "/persons/99999999999999999999", "/persons/1,2"):
        reply = api.get(path)
        assert reply.status_code == 404
        assert reply.json() == {"errors": [{"status": 404, "message": "Person was not found."}]}


# ------------------------------------------------------------------------ update
def test_put_needs_the_current_version(procountor):
    api = procountor.api()
    created = api.post("/persons", json=person()).json()
    procountor.clock.advance(1)
    changed = person(jobTitle="Konsultti", version=created["version"])
    changed["invoicingInfo"]["personNumber"] = "E-2002"
    reply = api.put(f"/persons/{created['id']}", json=changed)
    assert reply.status_code == 200
    body = reply.json()
    assert body["jobTitle"] == "Konsultti" and body["invoicingInfo"]["personNumber"] == "E-2002"
    assert body["id"] == created["id"] and body["version"] > created["version"]
    stale = api.put(f"/persons/{created['id']}", json=changed)
    assert stale.status_code == 400
    assert errors_of(stale)[0]["field"] == "version"
    assert api.get(f"/persons/{created['id']}").json() == body


def test_put_without_version_is_refused(procountor):
    api = procountor.api()
    created = api.post("/persons", json=person()).json()
    reply = api.put(f"/persons/{created['id']}", json=person(jobTitle="X"))
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400, "field": "version",
                                 "message": "Value of the 'version' cannot be blank."}]


def test_put_validates_the_iban_too(procountor):
    api = procountor.api()
    created = api.post("/persons", json=person()).json()
    body = person(version=created["version"])
    body["paymentInfo"]["accountNumber"] = "FI00"
    reply = api.put(f"/persons/{created['id']}", json=body)
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "paymentInfo.accountNumber"
    assert api.get(f"/persons/{created['id']}").json() == created


def test_put_unknown_person_is_404(procountor):
    api = procountor.api()
    for path in ("/persons/7001", "/persons/x", "/persons/99999999999999999999"):
        reply = api.put(path, json=person(version="2026-01-01T00:00:00"))
        assert reply.status_code == 404
        assert errors_of(reply) == [{"status": 404, "message": "No person found for given id."}]


# ------------------------------------------------------------------------ search
def _staff(procountor, api) -> list[dict[str, Any]]:
    made = []
    for number, last, active, groups in (("E-1001", "Meikäläinen", True, [5]), ("E-1002", "Virtanen", True, []),
                                         ("X-77", "Korhonen", False, [5])):
        body = person(lastName=last)
        body["invoicingInfo"]["personNumber"] = number
        body["registryInfo"] = {"active": active, "personGroupsIds": groups}
        made.append(api.post("/persons", json=body).json())
        procountor.clock.advance(1)
    return made


def test_search_returns_basic_info_without_inactive_persons(procountor):
    api = procountor.api()
    first, second, _ = _staff(procountor, api)
    body = api.get("/persons").json()
    assert body["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 2, "totalCount": 2}
    assert [r["id"] for r in body["results"]] == [second["id"], first["id"]]
    assert body["results"][1] == {
        "id": first["id"], "lastName": "Meikäläinen", "firstName": "Maija",
        "deliveryAddress": {"street": "Kotikatu 3", "zip": "33100", "city": "Tampere", "country": "FINLAND"},
        "invoicingInfo": {"personNumber": "E-1001", "identifier": "131052-308T", "identifierType": "HETU"},
        "registryInfo": {"active": True},
    }


def test_search_filters_and_paging(procountor):
    api = procountor.api()
    first, second, inactive = _staff(procountor, api)

    def ids(**params: Any) -> list[int]:
        reply = api.get("/persons", params=params)
        assert reply.status_code == 200
        return [r["id"] for r in reply.json()["results"]]

    assert ids(personNumber="E-100") == [second["id"], first["id"]]
    assert ids(personNumber="e-1002") == [second["id"]]
    assert ids(personNumber="X-77") == []
    assert ids(personNumber="X-77", includeInactive="true") == [inactive["id"]]
    assert ids(includeInactive="true", orderById="ASC") == [first["id"], second["id"], inactive["id"]]
    assert ids(includeInactive="true", personGroupId="5") == [inactive["id"], first["id"]]
    assert ids(includeInactive="true", personGroupId="-7") == []
    assert ids(includeInactive="true", size=1, page=1, orderById="ASC") == [second["id"]]


@pytest.mark.parametrize(("param", "value"), [
    ("includeInactive", "yes"), ("size", "0"), ("size", "201"), ("page", "-1"), ("orderById", "X"),
    ("personGroupId", "five"), ("personGroupId", "inf"), ("personGroupId", "5.0"), ("page", "2147483648"),
])
def test_search_bad_query_is_400_naming_the_parameter(procountor, param, value):
    reply = procountor.api().get("/persons", params={param: value})
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == param


# ------------------------------------------------------------------------ robustness
@pytest.mark.parametrize("content", [b"{", b"[]", b"null", b"true", b"{\"lastName\": {}}"])
def test_malformed_bodies_are_400(procountor, content):
    api = procountor.api()
    headers = {"Content-Type": "application/json"}
    assert api.post("/persons", content=content, headers=headers).status_code == 400
    created = api.post("/persons", json=person()).json()
    assert api.put(f"/persons/{created['id']}", content=content, headers=headers).status_code == 400


def test_wrong_types_and_huge_numbers_are_400(procountor):
    body = person(version=None)
    body["registryInfo"]["reportGroupId"] = 2**31
    body["registryInfo"]["personGroupsIds"] = ["a"]
    body["paymentInfo"]["penalInterestRate"] = "high"
    body["invoicingInfo"]["dateOfBirth"] = "1990-02-30"
    reply = procountor.api().post("/persons", json=body)
    assert reply.status_code == 400
    assert {e["field"] for e in errors_of(reply)} == {
        "registryInfo.reportGroupId", "registryInfo.personGroupsIds[0]", "paymentInfo.penalInterestRate",
        "invoicingInfo.dateOfBirth"}


def test_a_stale_version_of_the_wrong_type_is_400(procountor):
    api = procountor.api()
    created = api.post("/persons", json=person()).json()
    reply = api.put(f"/persons/{created['id']}", json=person(version=12345))
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "version"
