"""Products and product groups through HTTP: create, read, replace, remove and search."""

from __future__ import annotations

import copy
from typing import Any

import pytest


def product(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "SALES", "name": "Konsultointi", "code": "KONS-1", "unit": "HOUR",
                            "discount": 0, "price": 120.0, "vat": 25.5, "vatStatus": 1, "active": True,
                            "currency": "EUR"}
    body.update(copy.deepcopy(overrides))
    return body


def errors_of(reply) -> list[dict[str, Any]]:
    return reply.json()["errors"]


# ------------------------------------------------------------------------ create and read
def test_create_returns_200_with_id_and_version(procountor):
    api = procountor.api()
    reply = api.post("/products", json=product(id=1, version="2000-01-01T00:00:00", extra="ignored"))
    assert reply.status_code == 200
    body = reply.json()
    assert body == {**product(), "id": 5001, "version": body["version"]}
    assert body["version"].startswith(procountor.state.today().isoformat())
    assert api.get("/products/5001").json() == body
    assert procountor.state.products[5001] == body


def test_foreign_currency_products_are_accepted(procountor):
    reply = procountor.api().post("/products", json=product(currency="USD"))
    assert reply.status_code == 200 and reply.json()["currency"] == "USD"


def test_schema_errors_name_the_fields(procountor):
    body = product(discount=101, unit="BUCKET", name="n" * 101)
    del body["price"]
    reply = procountor.api().post("/products", json=body)
    assert reply.status_code == 400
    fields = {e["field"]: e["message"] for e in errors_of(reply)}
    assert set(fields) == {"discount", "unit", "name", "price"}
    assert fields["price"] == "Value of the 'price' cannot be blank."
    assert fields["discount"] == "Value of the 'discount' field is out of range: 101"
    assert fields["name"] == "SIZE_MUST_BE_BETWEEN_0_AND_100"
    assert procountor.state.products == {}


def test_vat_rules(procountor):
    api = procountor.api()
    unknown_status = api.post("/products", json=product(vatStatus=99))
    assert errors_of(unknown_status) == [{"status": 400, "field": "vatStatus",
                                          "message": "Value of the 'vatStatus' field is invalid: 99"}]
    bad_percent = api.post("/products", json=product(vat=23))
    assert errors_of(bad_percent)[0]["field"] == "vat"
    zero_rated = api.post("/products", json=product(vatStatus=5, vat=25.5))
    assert errors_of(zero_rated) == [{"status": 400, "field": "vatStatus", "message": "ERROR_VATSTATUS_VATPERC"}]
    assert api.post("/products", json=product(vatStatus=5, vat=0)).status_code == 200


def test_batch_get_and_not_found(procountor):
    api = procountor.api()
    ids = [api.post("/products", json=product(code=f"P{n}")).json()["id"] for n in range(3)]
    assert [p["id"] for p in api.get(f"/products/{ids[2]},{ids[0]},1").json()] == [ids[0], ids[2]]
    missing = api.get("/products/1")
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"status": 404, "message": "Product not found."}]}
    assert api.get("/products/" + ",".join(str(i) for i in range(1, 202))).status_code == 400
    for path in ("/products/99999999999999999999", "/products/Not%20found", "/products/-1"):
        assert api.get(path).json() == {"errors": [{"status": 404, "message": "Product not found."}]}


def test_localizations_only_when_asked_for(procountor):
    api = procountor.api()
    created = api.post("/products", json=product(productLocalizations=[
        {"language": "ENGLISH", "productName": "Consulting"}])).json()
    assert created["productLocalizations"] == [{"language": "ENGLISH", "productName": "Consulting"}]
    assert "productLocalizations" not in api.get(f"/products/{created['id']}").json()
    full = api.get(f"/products/{created['id']}", params={"includeLocalizations": "true"}).json()
    assert full["productLocalizations"] == created["productLocalizations"]
    listed = api.get("/products", params={"includeLocalizations": "true"}).json()["results"][0]
    assert listed["productLocalizations"] == created["productLocalizations"]
    assert "productLocalizations" not in api.get("/products").json()["results"][0]


# ------------------------------------------------------------------------ replace and remove
def test_put_replaces_the_product(procountor):
    api = procountor.api()
    created = api.post("/products", json=product(productLocalizations=[{"language": "ENGLISH"}])).json()
    procountor.clock.advance(2)
    reply = api.put(f"/products/{created['id']}", json=product(name="Konsultointi 2", price=150, id=999))
    assert reply.status_code == 200
    body = reply.json()
    assert body["id"] == created["id"] and body["name"] == "Konsultointi 2" and body["price"] == 150
    assert "productLocalizations" not in body
    assert body["version"] > created["version"]


def test_put_unknown_or_invalid(procountor):
    api = procountor.api()
    for path in ("/products/1", "/products/abc", "/products/99999999999999999999"):
        reply = api.put(path, json=product())
        assert reply.status_code == 404
        assert errors_of(reply) == [{"status": 404, "message": "Product not found."}]
    created = api.post("/products", json=product()).json()
    bad = api.put(f"/products/{created['id']}", json=product(currency="XYZ"))
    assert bad.status_code == 400 and errors_of(bad)[0]["field"] == "currency"


def test_delete_is_204_with_an_empty_body(procountor):
    api = procountor.api()
    created = api.post("/products", json=product()).json()
    reply = api.delete(f"/products/{created['id']}")
    assert reply.status_code == 204
    assert reply.content == b""
    assert api.get(f"/products/{created['id']}").status_code == 404
    again = api.delete(f"/products/{created['id']}")
    assert again.status_code == 404 and errors_of(again)[0]["message"] == "Product not found."
    assert api.delete("/products/99999999999999999999").status_code == 404


def test_travel_products_cannot_be_removed(procountor):
    api = procountor.api()
    travel = api.post("/products", json=product(type="TRAVEL", name="Päiväraha", startDate="2026-01-01",
                                                endDate="2026-12-31")).json()
    reply = api.delete(f"/products/{travel['id']}")
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400,
                                 "message": "The product with product type TRAVEL cannot be removed."}]
    assert travel["id"] in procountor.state.products


def test_travel_end_before_start_is_refused(procountor):
    reply = procountor.api().post("/products", json=product(type="TRAVEL", startDate="2026-02-01",
                                                            endDate="2026-01-01"))
    assert reply.status_code == 400 and errors_of(reply)[0]["field"] == "endDate"


# ------------------------------------------------------------------------ search
def _catalogue(procountor, api) -> dict[str, dict[str, Any]]:
    bodies = {
        "consulting": product(),
        "licence": product(name="Ohjelmistolisenssi", code="LIC-100", unit="PIECE"),
        "paper": product(type="PURCHASE", name="Paperi", code="PAP", active=False),
        "allowance": product(type="TRAVEL", name="Kotimaan päiväraha", code="TR-1", startDate="2026-01-01",
                             endDate="2026-12-31"),
        "old_allowance": product(type="TRAVEL", name="Kotimaan päiväraha 2025", code="TR-0",
                                 startDate="2025-01-01", endDate="2025-12-31"),
    }
    created = {}
    for key, body in bodies.items():
        created[key] = api.post("/products", json=body).json()
        procountor.clock.advance(1)
    return created


def test_search_defaults_to_sales_and_purchase_in_id_order(procountor):
    api = procountor.api()
    made = _catalogue(procountor, api)
    body = api.get("/products").json()
    assert [r["id"] for r in body["results"]] == [made[k]["id"] for k in ("consulting", "licence", "paper")]
    assert body["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 3, "totalCount": 3}
    assert body["results"][0] == {k: v for k, v in made["consulting"].items()}


def test_search_filters(procountor):
    api = procountor.api()
    made = _catalogue(procountor, api)

    def names(**params: Any) -> list[str]:
        reply = api.get("/products", params=params)
        assert reply.status_code == 200
        return [r["name"] for r in reply.json()["results"]]

    assert names(name="LISENS") == ["Ohjelmistolisenssi"]
    assert names(code="ic-1") == ["Ohjelmistolisenssi"]
    assert names(type="PURCHASE") == ["Paperi"]
    assert names(type="TRAVEL") == ["Kotimaan päiväraha", "Kotimaan päiväraha 2025"]
    assert names(type="TRAVEL", startDate="2026-03-01") == ["Kotimaan päiväraha"]
    assert names(type="TRAVEL", endDate="2025-06-30") == ["Kotimaan päiväraha 2025"]
    assert names(active="false") == ["Paperi"]
    assert names(active="true", orderById="DESC") == ["Ohjelmistolisenssi", "Konsultointi"]
    assert names(previousId=made["consulting"]["id"]) == ["Ohjelmistolisenssi", "Paperi"]
    assert names(orderByVersion="DESC") == ["Paperi", "Ohjelmistolisenssi", "Konsultointi"]
    assert names(versionStartDate=made["licence"]["version"], versionEndDate=made["paper"]["version"]) == [
        "Ohjelmistolisenssi", "Paperi"]
    assert names(size=1, page=2) == ["Paperi"]


@pytest.mark.parametrize(("param", "value"), [
    ("type", "SERVICE"), ("active", "1"), ("size", "500"), ("group", "x"), ("code", "c" * 41),
    ("startDate", "2026-13-01"), ("orderByVersion", "NEWEST"), ("includeLocalizations", "sure"),
    ("previousId", "2147483648"), ("page", "99999999999"),
])
def test_search_bad_query_is_400_naming_the_parameter(procountor, param, value):
    reply = procountor.api().get("/products", params={param: value})
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == param


# ------------------------------------------------------------------------ product groups
def test_product_groups_lifecycle(procountor):
    api = procountor.api()
    sales = api.post("/products/groups", json={"name": "Palvelut", "type": "SALES"})
    assert sales.status_code == 200
    group = sales.json()
    assert group == {"id": group["id"], "name": "Palvelut", "type": "SALES"}
    purchase = api.post("/products/groups", json={"name": "Tarvikkeet", "type": "PURCHASE"}).json()
    travel = api.post("/products/groups", json={"name": "Matkat", "type": "TRAVEL"}).json()
    assert api.get("/products/groups").json() == {"productGroups": [group, purchase]}
    assert api.get("/products/groups", params={"type": "TRAVEL"}).json() == {"productGroups": [travel]}
    assert api.get(f"/products/groups/{group['id']}").json() == group
    renamed = api.put(f"/products/groups/{group['id']}", json={"name": "Asiantuntijapalvelut", "type": "TRAVEL"})
    assert renamed.json() == {**group, "name": "Asiantuntijapalvelut"}
    assert api.delete(f"/products/groups/{purchase['id']}").status_code == 204
    assert api.get(f"/products/groups/{purchase['id']}").status_code == 404


def test_product_group_rules(procountor):
    api = procountor.api()
    group = api.post("/products/groups", json={"name": "Palvelut", "type": "SALES"}).json()
    travel = api.post("/products/groups", json={"name": "Matkat", "type": "TRAVEL"}).json()
    linked = api.post("/products", json=product(productGroupId=group["id"])).json()
    assert api.get("/products", params={"group": str(group["id"])}).json()["results"] == [linked]
    assert api.get("/products", params=[("group", "99"), ("group", str(group["id"]))]).json()["results"] == [linked]
    assert api.get("/products", params={"group": "99"}).json()["results"] == []
    in_use = api.delete(f"/products/groups/{group['id']}")
    assert in_use.status_code == 409
    assert errors_of(in_use) == [{"status": 409, "message": "The product group cannot be removed, because it "
                                                            f"contains related products: {linked['id']}"}]
    refused = api.delete(f"/products/groups/{travel['id']}")
    assert refused.status_code == 400
    assert errors_of(refused)[0]["message"] == "The product group with product type TRAVEL cannot be removed."
    wrong = api.post("/products", json=product(productGroupId=travel["id"]))
    assert wrong.status_code == 400 and errors_of(wrong)[0]["field"] == "productGroupId"
    unknown = api.post("/products", json=product(productGroupId=12345))
    assert unknown.status_code == 400 and errors_of(unknown)[0]["field"] == "productGroupId"
    blank = api.post("/products/groups", json={"name": " "})
    assert blank.status_code == 400 and errors_of(blank)[0]["field"] == "name"
    missing = api.get("/products/groups/777")
    assert missing.status_code == 404 and errors_of(missing)[0]["message"] == "Product group not found."
    assert api.get("/products/groups/99999999999999999999").status_code == 404
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        reply = api.request(method, "/products/groups", json={"name": "X"})
        assert reply.status_code == 405 and reply.headers["allow"] == "GET, POST"
        assert reply.json() == {"errors": [{"status": 405, "message": "Method not allowed"}]}


def test_product_groups_survive_export_and_seed(procountor):
    api = procountor.api()
    group = api.post("/products/groups", json={"name": "Palvelut"}).json()
    assert group["type"] == "SALES"
    api.post("/products", json=product(productGroupId=group["id"]))
    procountor.seed(procountor.export())
    again = procountor.api()
    assert again.get(f"/products/groups/{group['id']}").json() == group
    assert again.post("/products/groups", json={"name": "Uusi"}).json()["id"] == group["id"] + 1


# ------------------------------------------------------------------------ robustness
@pytest.mark.parametrize("content", [b"{", b"[]", b"null", b"{\"price\": \"ten\"}", b"   "])
def test_malformed_bodies_are_400(procountor, content):
    api = procountor.api()
    for method, path in (("POST", "/products"), ("POST", "/products/groups")):
        reply = api.request(method, path, content=content, headers={"Content-Type": "application/json"})
        assert reply.status_code == 400, (method, path)
    created = api.post("/products", json=product()).json()
    reply = api.put(f"/products/{created['id']}", content=content, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400


def test_huge_numbers_in_bodies_are_400(procountor):
    api = procountor.api()
    reply = api.post("/products", json=product(vatStatus=2**40, productGroupId=2**31, price=True))
    assert reply.status_code == 400
    assert {e["field"] for e in errors_of(reply)} == {"vatStatus", "productGroupId", "price"}
