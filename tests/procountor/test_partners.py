"""Business partners through HTTP: create, read, replace, patch, the header search and rule PC-05."""

from __future__ import annotations

import copy
from typing import Any

import pytest

BUSINESS_ID = "2639476-5"
OTHER_BUSINESS_ID = "1572860-0"


def customer(**overrides: Any) -> dict[str, Any]:
    partner: dict[str, Any] = {
        "name": "Asiakas Oy",
        "type": "CUSTOMER",
        "address": {"name": "Asiakas Oy", "street": "Kauppakatu 1", "zip": "00100", "city": "Helsinki",
                    "country": "FINLAND"},
        "invoicingInfo": {"customerNumber": "100", "identifier": BUSINESS_ID, "identifierType": "YHD"},
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": "EUR"},
    }
    partner.update(copy.deepcopy(overrides))
    return partner


def errors_of(reply) -> list[dict[str, Any]]:
    return reply.json()["errors"]


# ------------------------------------------------------------------------ create and read
def test_create_returns_200_with_id_version_and_defaults(procountor):
    api = procountor.api()
    reply = api.post("/businesspartners", json=customer(id=5, version="2000-01-01T00:00:00"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["id"] == 1001 and body["id"] != 5
    assert body["version"] != "2000-01-01T00:00:00" and body["version"].startswith(
        procountor.state.today().isoformat())
    assert body["name"] == "Asiakas Oy" and body["type"] == "CUSTOMER"
    assert body["invoicingInfo"] == {"customerNumber": "100", "identifier": BUSINESS_ID, "identifierType": "YHD"}
    assert body["registryInfo"] == {"active": True}
    assert body["additionalInfo"] == {"invoiceLedger": "INVOICE_LEDGER"}
    assert api.get(f"/businesspartners/{body['id']}").json() == body
    assert procountor.state.partners[body["id"]] == body
    procountor.verify(method="POST", path="/api/businesspartners", count=1)


def test_supplier_needs_no_address_and_ids_increase(procountor):
    api = procountor.api()
    first = api.post("/businesspartners", json=customer()).json()
    supplier = api.post("/businesspartners", json={"name": "Toimittaja Oy", "type": "SUPPLIER",
                                                   "paymentInfo": {"paymentMethod": "BANK_TRANSFER"}})
    assert supplier.status_code == 200
    assert supplier.json()["id"] == first["id"] + 1


def test_customer_without_address_is_refused(procountor):
    reply = procountor.api().post("/businesspartners", json=customer(address=None))
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400, "field": "address",
                                 "message": "Value of the 'address' cannot be blank."}]
    assert procountor.state.partners == {}


def test_schema_errors_name_every_field(procountor):
    body = customer(name="x" * 81, type="FRIEND")
    del body["paymentInfo"]
    reply = procountor.api().post("/businesspartners", json=body)
    assert reply.status_code == 400
    fields = {e["field"]: e["message"] for e in errors_of(reply)}
    assert fields["name"].startswith("SIZE_MUST_BE_BETWEEN_") and fields["name"].endswith("_AND_80")
    assert fields["paymentInfo"] == "Value of the 'paymentInfo' cannot be blank."
    assert fields["type"].startswith("Value of the 'type' field is invalid")


def test_text_outside_windows_1252_is_refused(procountor):
    reply = procountor.api().post("/businesspartners", json=customer(name="Asiakas \u0160\u2603"))
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == "name"
    assert "Windows-1252" in errors_of(reply)[0]["message"]


@pytest.mark.parametrize("identifier", ["1234567-8", "FI12345678", "abc", "2639476-4"])
def test_bad_finnish_business_id_is_error_brn_code(procountor, identifier):
    reply = procountor.api().post("/businesspartners",
                                  json=customer(invoicingInfo={"customerNumber": "1", "identifier": identifier}))
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400, "field": "invoicingInfo.identifier", "message": "ERROR_BRN_CODE"}]


@pytest.mark.parametrize("identifier", [BUSINESS_ID, "FI26394765", "131052-308T"])
def test_valid_finnish_ids_are_accepted(procountor, identifier):
    reply = procountor.api().post("/businesspartners",
                                  json=customer(invoicingInfo={"customerNumber": "1", "identifier": identifier}))
    assert reply.status_code == 200


def test_business_id_is_checked_only_for_finnish_partners(procountor):
    api = procountor.api()
    swedish = customer(address={"name": "Kund AB", "country": "SWEDEN"},
                       invoicingInfo={"customerNumber": "7", "identifier": "SE556677889901"})
    assert api.post("/businesspartners", json=swedish).status_code == 200
    no_country = customer(address={"name": "Kund"}, invoicingInfo={"customerNumber": "8", "identifier": "SE5566"})
    assert api.post("/businesspartners", json=no_country).json()["errors"][0]["message"] == "ERROR_BRN_CODE"


def test_batch_get_and_not_found(procountor):
    api = procountor.api()
    ids = [api.post("/businesspartners", json=customer(invoicingInfo={"customerNumber": str(n)})).json()["id"]
           for n in range(3)]
    assert [p["id"] for p in api.get(f"/businesspartners/{ids[2]},{ids[0]},999999").json()] == [ids[0], ids[2]]
    assert isinstance(api.get(f"/businesspartners/{ids[1]},").json(), list)
    missing = api.get("/businesspartners/999999")
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"status": 404, "message": "Partner not found."}]}
    assert api.get("/businesspartners/" + ",".join(str(i) for i in range(1, 202))).status_code == 400
    # a part that is not an id is simply not found ("all ids invalid gets 404")
    for path in ("/businesspartners/abc", "/businesspartners/99999999999999999999", "/businesspartners/groups"):
        assert api.get(path).json() == {"errors": [{"status": 404, "message": "Partner not found."}]}
    assert [p["id"] for p in api.get(f"/businesspartners/x,{ids[1]}").json()] == [ids[1]]


# ------------------------------------------------------------------------ PC-05
def test_pc05_same_number_different_business_id_is_refused(procountor):
    api = procountor.api()
    assert api.post("/businesspartners", json=customer()).status_code == 200
    second = customer(name="Toinen Oy", invoicingInfo={"customerNumber": "100", "identifier": OTHER_BUSINESS_ID})
    reply = api.post("/businesspartners", json=second)
    assert reply.status_code == 400
    assert errors_of(reply) == [{
        "status": 400, "field": "invoicingInfo.customerNumber",
        "message": "Could not add Toinen Oy to Procountor, because another partner 100 with the same number and "
                   "different VAT number already exists there.",
    }]
    assert len(procountor.state.partners) == 1


def test_pc05_missing_business_id_counts_as_different(procountor):
    api = procountor.api()
    api.post("/businesspartners", json=customer())
    reply = api.post("/businesspartners", json=customer(invoicingInfo={"customerNumber": "100"}))
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "invoicingInfo.customerNumber"


@pytest.mark.parametrize("same_id", [BUSINESS_ID, "FI26394765", "fi 2639476-5"])
def test_pc05_same_number_same_business_id_is_a_permitted_duplicate(procountor, same_id):
    api = procountor.api()
    first = api.post("/businesspartners", json=customer()).json()
    reply = api.post("/businesspartners", json=customer(invoicingInfo={"customerNumber": "100",
                                                                       "identifier": same_id}))
    assert reply.status_code == 200
    assert reply.json()["id"] != first["id"]
    found = api.get("/businesspartners", params={"customerNumber": "100"}).json()
    assert found["meta"]["totalCount"] == 2


def test_pc05_numbers_are_compared_within_a_partner_type(procountor):
    api = procountor.api()
    api.post("/businesspartners", json=customer())
    supplier = {"name": "Toimittaja Oy", "type": "SUPPLIER", "paymentInfo": {"paymentMethod": "BANK_TRANSFER"},
                "invoicingInfo": {"customerNumber": "100", "identifier": OTHER_BUSINESS_ID}}
    assert api.post("/businesspartners", json=supplier).status_code == 200


def test_pc05_applies_when_an_update_takes_another_partners_number(procountor):
    api = procountor.api()
    api.post("/businesspartners", json=customer())
    other = api.post("/businesspartners", json=customer(
        name="Toinen Oy", invoicingInfo={"customerNumber": "200", "identifier": OTHER_BUSINESS_ID})).json()
    reply = api.put(f"/businesspartners/{other['id']}", json=customer(
        name="Toinen Oy", invoicingInfo={"customerNumber": "100", "identifier": OTHER_BUSINESS_ID}))
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "invoicingInfo.customerNumber"
    # its own number with a new identifier is not a clash with itself
    again = api.put(f"/businesspartners/{other['id']}", json=customer(
        name="Toinen Oy", invoicingInfo={"customerNumber": "200", "identifier": "2942108-7"}))
    assert again.status_code == 200


# ------------------------------------------------------------------------ PUT and PATCH
def test_put_replaces_the_whole_partner(procountor):
    api = procountor.api()
    created = api.post("/businesspartners", json=customer(contactPersons=[{"name": "Maija"}])).json()
    procountor.clock.advance(5)
    reply = api.put(f"/businesspartners/{created['id']}", json=customer(name="Uusi nimi Oy", id=42))
    assert reply.status_code == 200
    body = reply.json()
    assert body["id"] == created["id"] and body["name"] == "Uusi nimi Oy"
    assert "contactPersons" not in body
    assert body["version"] > created["version"]
    assert api.get(f"/businesspartners/{created['id']}").json() == body


def test_put_unknown_partner_is_404(procountor):
    api = procountor.api()
    for path in ("/businesspartners/999999", "/businesspartners/abc", "/businesspartners/99999999999999999999"):
        reply = api.put(path, json=customer())
        assert reply.status_code == 404
        assert reply.json() == {"errors": [{"status": 404, "message": "No partner found for given id."}]}


def test_put_validates_like_create(procountor):
    api = procountor.api()
    created = api.post("/businesspartners", json=customer()).json()
    reply = api.put(f"/businesspartners/{created['id']}", json=customer(address=None))
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "address"


def test_patch_merges_and_needs_the_current_version(procountor):
    api = procountor.api()
    created = api.post("/businesspartners", json=customer()).json()
    patch = {"version": created["version"], "name": "Muutettu Oy", "address": {"street": "Uusikatu 2"}}
    reply = api.patch(f"/businesspartners/{created['id']}", json=patch)
    assert reply.status_code == 200
    body = reply.json()
    assert body["name"] == "Muutettu Oy"
    assert body["address"] == {**created["address"], "street": "Uusikatu 2"}
    assert body["invoicingInfo"] == created["invoicingInfo"]
    assert body["version"] > created["version"]
    stale = api.patch(f"/businesspartners/{created['id']}", json=patch)
    assert stale.status_code == 400
    assert errors_of(stale)[0]["field"] == "version"
    assert api.get(f"/businesspartners/{created['id']}").json()["version"] == body["version"]


def test_patch_version_from_the_query_and_missing_version(procountor):
    api = procountor.api()
    created = api.post("/businesspartners", json=customer()).json()
    missing = api.patch(f"/businesspartners/{created['id']}", json={"name": "X"})
    assert missing.status_code == 400
    assert errors_of(missing) == [{"status": 400, "field": "version",
                                   "message": "Value of the 'version' cannot be blank."}]
    ok = api.patch(f"/businesspartners/{created['id']}", params={"version": created["version"]},
                   json={"registryInfo": {"active": False}})
    assert ok.status_code == 200 and ok.json()["registryInfo"] == {"active": False}


def test_patch_null_removes_and_results_are_validated(procountor):
    api = procountor.api()
    created = api.post("/businesspartners", json=customer(deliveryAddress={"city": "Espoo"})).json()
    removed = api.patch(f"/businesspartners/{created['id']}",
                        json={"version": created["version"], "deliveryAddress": None})
    assert removed.status_code == 200 and "deliveryAddress" not in removed.json()
    bad = api.patch(f"/businesspartners/{created['id']}",
                    json={"version": removed.json()["version"], "invoicingInfo": {"identifier": "123"}})
    assert bad.status_code == 400 and errors_of(bad)[0]["message"] == "ERROR_BRN_CODE"
    unknown = api.patch("/businesspartners/999999", json={"version": created["version"]})
    assert unknown.status_code == 404


# ------------------------------------------------------------------------ search
def _seed_three(procountor, api) -> list[dict[str, Any]]:
    """Two customers and an inactive supplier, each created a second after the one before."""
    bodies = [
        customer(),
        customer(name="Mäkinen Consulting", billingAddress={"city": "Tampere"},
                 invoicingInfo={"customerNumber": "200", "identifier": OTHER_BUSINESS_ID, "identifierType": "FI"}),
        {"name": "Toimittaja Oy", "type": "SUPPLIER", "paymentInfo": {"paymentMethod": "BANK_TRANSFER"},
         "registryInfo": {"active": False}},
    ]
    created = []
    for body in bodies:
        created.append(api.post("/businesspartners", json=body).json())
        procountor.clock.advance(1)
    return created


def test_search_returns_basic_info_in_the_list_envelope(procountor):
    api = procountor.api()
    first, second, _ = _seed_three(procountor, api)
    reply = api.get("/businesspartners")
    assert reply.status_code == 200
    body = reply.json()
    assert body["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 2, "totalCount": 2}
    assert [r["id"] for r in body["results"]] == [second["id"], first["id"]]  # default orderById DESC
    assert body["results"][0] == {
        "id": second["id"], "name": "Mäkinen Consulting", "billingAddress": {"city": "Tampere"},
        "invoicingInfo": {"customerNumber": "200", "identifier": OTHER_BUSINESS_ID, "identifierType": "FI"},
        "registryInfo": {"active": True}, "type": "CUSTOMER", "version": second["version"],
    }


def test_search_filters(procountor):
    api = procountor.api()
    first, second, supplier = _seed_three(procountor, api)

    def ids(**params: Any) -> list[int]:
        return [r["id"] for r in api.get("/businesspartners", params=params).json()["results"]]

    assert ids(customerNumber="100") == [first["id"]]
    assert ids(customerNumber="10") == []  # exact match
    assert ids(identifierType="FI") == [second["id"]]
    assert ids(type="SUPPLIER") == []  # inactive
    assert ids(type="SUPPLIER", active="false") == [supplier["id"]]
    assert ids(active="false") == [supplier["id"]]
    assert ids(type="CUSTOMER", orderById="ASC") == [first["id"], second["id"]]
    assert ids(orderById="DESC", previousId=second["id"]) == [first["id"]]
    assert ids(orderById="ASC", previousId=first["id"]) == [second["id"]]
    assert ids(versionStartDate=second["version"][:19]) == [second["id"]]
    assert ids(versionEndDate=first["version"]) == [first["id"]]


def test_search_name_and_identifier_come_from_headers(procountor):
    api = procountor.api()
    first, second, _ = _seed_three(procountor, api)

    def ids(headers: dict[str, Any], **params: Any) -> list[int]:
        reply = api.get("/businesspartners", headers=headers, params=params)
        assert reply.status_code == 200
        return [r["id"] for r in reply.json()["results"]]

    assert ids({"name": "asiakas"}) == [first["id"]]
    assert ids({"name": "Mäkinen".encode()}) == [second["id"]]  # raw UTF-8 bytes in the header
    assert ids({"name": "M%C3%A4kinen"}) == [second["id"]]  # percent-encoded
    assert ids({"identifier": BUSINESS_ID}) == [first["id"]]
    assert ids({"identifier": "FI15728600"}) == [second["id"]]  # the VAT form finds the business ID
    assert ids({"name": "Oy", "identifier": OTHER_BUSINESS_ID}) == []
    # since API 23.08 the query parameters are ignored
    assert ids({}, name="asiakas") == [second["id"], first["id"]]
    assert ids({}, identifier=BUSINESS_ID) == [second["id"], first["id"]]


def test_search_paging(procountor):
    api = procountor.api()
    created = [api.post("/businesspartners", json=customer(invoicingInfo={"customerNumber": str(n)})).json()["id"]
               for n in range(5)]
    page = api.get("/businesspartners", params={"size": 2, "page": 1, "orderById": "ASC"}).json()
    assert [r["id"] for r in page["results"]] == created[2:4]
    assert page["meta"] == {"pageNumber": 1, "pageSize": 2, "resultCount": 2, "totalCount": 5}
    last = api.get("/businesspartners", params={"size": 2, "page": 2, "orderById": "ASC"}).json()
    assert [r["id"] for r in last["results"]] == created[4:]


@pytest.mark.parametrize(("param", "value"), [
    ("size", "0"), ("size", "201"), ("size", "x"), ("page", "-1"), ("type", "FRIEND"), ("active", "yes"),
    ("orderById", "UP"), ("previousId", "abc"), ("versionStartDate", "yesterday"), ("previousId", "2147483648"),
    ("page", "2147483648"),
])
def test_search_bad_query_is_400_naming_the_parameter(procountor, param, value):
    reply = procountor.api().get("/businesspartners", params={param: value})
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == param


# ------------------------------------------------------------------------ robustness
@pytest.mark.parametrize("content", [b"{", b"[1, 2]", b"null", b'"text"', b"{\"name\": 5}", b""])
def test_malformed_bodies_are_400(procountor, content):
    api = procountor.api()
    reply = api.post("/businesspartners", content=content, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400
    assert reply.json()["errors"][0]["status"] == 400


def test_wrong_types_and_huge_numbers_are_400(procountor):
    api = procountor.api()
    body = customer(paymentInfo={"paymentMethod": "BANK_TRANSFER", "factoringContractId": 10**20},
                    registryInfo={"active": "maybe", "reportGroupId": True}, contactPersons="nobody")
    reply = api.post("/businesspartners", json=body)
    assert reply.status_code == 400
    fields = {e["field"] for e in errors_of(reply)}
    assert {"paymentInfo.factoringContractId", "registryInfo.active", "registryInfo.reportGroupId",
            "contactPersons"} <= fields
    created = api.post("/businesspartners", json=customer()).json()
    patched = api.patch(f"/businesspartners/{created['id']}", content=b"[]",
                        headers={"Content-Type": "application/json"})
    assert patched.status_code == 400


def test_requests_need_a_token(procountor):
    http = procountor.http()
    assert http.get("/api/businesspartners").status_code == 401
    assert http.post("/api/businesspartners", json=customer()).status_code == 401
