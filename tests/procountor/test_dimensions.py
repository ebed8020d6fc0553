"""Dimensions and dimension items through HTTP, including closing and reopening items (rule PC-09)."""

from __future__ import annotations

from typing import Any

import pytest

SEEDED = {
    "dimensions": [
        {"id": 1, "name": "Projektit", "items": [
            {"id": 11, "codeName": "P-100", "description": "Intranet"},
            {"id": 12, "codeName": "P-200", "status": "P"},
        ]},
        {"id": 2, "name": "Kustannuspaikat", "items": [{"id": 21, "codeName": "KP-Helsinki"}]},
        {"id": 3, "name": "Liiketoimintayksiköt", "items": []},
    ],
}


def errors_of(reply) -> list[dict[str, Any]]:
    return reply.json()["errors"]


@pytest.fixture
def api(procountor):
    procountor.seed(SEEDED)
    return procountor.api()


# ------------------------------------------------------------------------ read
def test_a_new_company_has_the_default_dimensions(procountor):
    body = procountor.api().get("/dimensions").json()
    assert body == [{"id": 1, "name": "Projektit", "items": []},
                    {"id": 2, "name": "Kustannuspaikat", "items": []},
                    {"id": 3, "name": "Liiketoimintayksiköt", "items": []}]


def test_list_is_a_plain_array_with_items(api):
    reply = api.get("/dimensions")
    assert reply.status_code == 200
    assert reply.json() == SEEDED["dimensions"]


def test_list_filters_by_partial_names(api):
    assert [d["id"] for d in api.get("/dimensions", params={"name": "paik"}).json()] == [2]
    assert api.get("/dimensions", params={"name": "nothing"}).json() == []
    by_item = api.get("/dimensions", params={"codeName": "p-2"}).json()
    assert by_item == [{"id": 1, "name": "Projektit", "items": [{"id": 12, "codeName": "P-200", "status": "P"}]}]
    both = api.get("/dimensions", params={"name": "Proj", "codeName": "Helsinki"}).json()
    assert both == []


def test_get_one_dimension(api):
    assert api.get("/dimensions/2").json() == SEEDED["dimensions"][1]
    for path in ("/dimensions/9", "/dimensions/abc", "/dimensions/99999999999999999999"):
        reply = api.get(path)
        assert reply.status_code == 404
        assert reply.json() == {"errors": [{"status": 404, "message": "Dimension not found."}]}


def test_dimensions_cannot_be_created_or_deleted(api):
    assert api.post("/dimensions", json={"name": "Uusi"}).status_code == 405
    assert api.delete("/dimensions/1").status_code == 405


# ------------------------------------------------------------------------ rename
def test_put_renames_a_dimension(api):
    reply = api.put("/dimensions/3", json={"name": "Yksiköt"})
    assert reply.status_code == 200
    assert reply.json() == {"name": "Yksiköt"}
    assert api.get("/dimensions/3").json() == {"id": 3, "name": "Yksiköt", "items": []}


@pytest.mark.parametrize("body", [{"name": ""}, {}, {"name": "   "}])
def test_rename_to_nothing_is_refused(api, body):
    reply = api.put("/dimensions/1", json=body)
    assert reply.status_code == 400
    assert errors_of(reply) == [{"status": 400, "field": "name", "message": "Value of the 'name' cannot be blank."}]
    assert api.get("/dimensions/1").json()["name"] == "Projektit"


def test_rename_longer_than_255_is_refused(api):
    reply = api.put("/dimensions/1", json={"name": "x" * 256})
    assert reply.status_code == 400
    [err] = errors_of(reply)
    assert err["field"] == "name" and err["message"].startswith("SIZE_MUST_BE_BETWEEN_")
    assert err["message"].endswith("_AND_255")
    assert api.put("/dimensions/1", json={"name": "x" * 255}).status_code == 200


def test_rename_unknown_dimension_is_404(api):
    reply = api.put("/dimensions/9", json={"name": "X"})
    assert reply.status_code == 404
    assert errors_of(reply) == [{"status": 404, "message": "Dimension could not be found."}]


# ------------------------------------------------------------------------ items
def test_create_item_returns_it_with_a_new_id(api):
    reply = api.post("/dimensions/1/items", json={"codeName": "P-300", "description": "Verkkokauppa", "id": 5})
    assert reply.status_code == 200
    item = reply.json()
    assert item == {"id": item["id"], "codeName": "P-300", "description": "Verkkokauppa"}
    assert item["id"] not in (5, 11, 12, 21)
    assert api.get("/dimensions/1").json()["items"][-1] == item
    second = api.post("/dimensions/2/items", json={"codeName": "KP-Espoo"}).json()
    assert second["id"] == item["id"] + 1


def test_item_ids_continue_after_the_seeded_ones(api):
    assert api.post("/dimensions/3/items", json={"codeName": "Y1"}).json()["id"] == 22


def test_a_new_item_can_be_created_closed(api):
    item = api.post("/dimensions/1/items", json={"codeName": "P-400", "status": "P"}).json()
    assert item["status"] == "P"


def test_code_names_are_unique_within_a_dimension(api):
    duplicate = api.post("/dimensions/1/items", json={"codeName": "P-100"})
    assert duplicate.status_code == 400
    assert errors_of(duplicate)[0]["field"] == "codeName"
    assert len(api.get("/dimensions/1").json()["items"]) == 2
    # the same code in another dimension is fine
    assert api.post("/dimensions/2/items", json={"codeName": "P-100"}).status_code == 200


@pytest.mark.parametrize(("body", "field"), [
    ({}, "codeName"), ({"codeName": ""}, "codeName"), ({"codeName": 5}, "codeName"),
    ({"codeName": "X", "status": "CLOSED"}, "status"), ({"codeName": "X\u2603"}, "codeName"),
    ({"codeName": "X", "description": ["a"]}, "description"),
])
def test_item_validation(api, body, field):
    reply = api.post("/dimensions/1/items", json=body)
    assert reply.status_code == 400
    assert errors_of(reply)[0]["field"] == field


def test_create_item_in_unknown_dimension_is_404(api):
    reply = api.post("/dimensions/9/items", json={"codeName": "X"})
    assert reply.status_code == 404
    assert errors_of(reply) == [{"status": 404, "message": "Dimension item could not be found."}]


def test_close_and_reopen_an_item(api):
    closed = api.put("/dimensions/1/items", json={"id": 11, "codeName": "P-100", "description": "Intranet",
                                                  "status": "P"})
    assert closed.status_code == 200
    assert closed.json() == {"id": 11, "codeName": "P-100", "description": "Intranet", "status": "P"}
    assert api.get("/dimensions/1").json()["items"][0]["status"] == "P"
    reopened = api.put("/dimensions/1/items", json={"id": 11, "codeName": "P-100", "description": "Intranet"})
    assert reopened.json() == {"id": 11, "codeName": "P-100", "description": "Intranet"}
    assert "status" not in api.get("/dimensions/1").json()["items"][0]


def test_update_overwrites_the_item(api):
    reply = api.put("/dimensions/1/items", json={"id": 11, "codeName": "P-101"})
    assert reply.json() == {"id": 11, "codeName": "P-101"}
    assert api.get("/dimensions/1").json()["items"][0] == {"id": 11, "codeName": "P-101"}
    clash = api.put("/dimensions/1/items", json={"id": 11, "codeName": "P-200"})
    assert clash.status_code == 400 and errors_of(clash)[0]["field"] == "codeName"


def test_update_needs_an_existing_item_id(api):
    no_id = api.put("/dimensions/1/items", json={"codeName": "P-100"})
    assert no_id.status_code == 400
    assert errors_of(no_id) == [{"status": 400, "field": "id", "message": "Value of the 'id' cannot be blank."}]
    for path, item_id in (("/dimensions/1/items", 21), ("/dimensions/1/items", 999), ("/dimensions/9/items", 11)):
        reply = api.put(path, json={"id": item_id, "codeName": "X"})
        assert reply.status_code == 404
        assert errors_of(reply) == [{"status": 404, "message": "Dimension or dimension item could not be found."}]
    huge = api.put("/dimensions/1/items", json={"id": 2**40, "codeName": "X"})
    assert huge.status_code == 400 and errors_of(huge)[0]["field"] == "id"


@pytest.mark.parametrize("content", [b"{", b"[]", b"null", b"42"])
def test_malformed_bodies_are_400(api, content):
    headers = {"Content-Type": "application/json"}
    for method, path in (("PUT", "/dimensions/1"), ("POST", "/dimensions/1/items"), ("PUT", "/dimensions/1/items")):
        assert api.request(method, path, content=content, headers=headers).status_code == 400, (method, path)


def test_items_survive_export_and_seed(procountor, api):
    created = api.post("/dimensions/1/items", json={"codeName": "P-500"}).json()
    procountor.seed(procountor.export())
    again = procountor.api()
    assert again.get("/dimensions/1").json()["items"][-1] == created
    assert again.post("/dimensions/1/items", json={"codeName": "P-600"}).json()["id"] == created["id"] + 1
