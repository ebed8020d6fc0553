"""Attachments through HTTP: multipart upload as real clients send it, multipart/mixed download, rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from requests_toolbelt.multipart.decoder import MultipartDecoder

LIMIT = 10_000_000
BINARY = bytes(range(256)) * 4 + b"\r\n--not-a-boundary\r\n"


def _meta(reference_id: int, name: str = "lasku.pdf", **extra: Any) -> dict[str, Any]:
    return {"name": name, "referenceType": "INVOICE", "referenceId": reference_id, **extra}


def _upload(api: Any, meta: Any, content: bytes = b"%PDF-1.4 test", style: str = "json") -> Any:
    """POST /attachments the way the known clients build the request."""
    text = meta if isinstance(meta, str) else json.dumps(meta)
    if style == "json":  # PyPI `procountor`: meta part application/json, file part named "file"
        files = {"meta": (None, text, "application/json"), "file": ("file", content)}
    elif style == "meta.json":  # Laravel client: meta as a file part meta.json
        files = {"meta": ("meta.json", text.encode(), "application/octet-stream"), "file": ("lasku.pdf", content)}
    else:  # meta as a plain form field
        return api.post("/attachments", data={"meta": text}, files={"file": ("blob", content)})
    return api.post("/attachments", files=files)


def _parts(reply: Any) -> tuple[dict[str, Any], Any]:
    decoded = MultipartDecoder(reply.content, reply.headers["content-type"])
    meta, file_part = decoded.parts  # exactly two parts, meta first (what the PyPI client unpacks)
    assert meta.headers[b"Content-Type"] == b"application/json"
    return json.loads(meta.content.decode("utf-8")), file_part


@pytest.fixture
def invoice(procountor, sales_invoice) -> dict[str, Any]:
    reply = procountor.api().post("/invoices", json=sales_invoice())
    assert reply.status_code == 200
    return reply.json()


# ------------------------------------------------------------------------ upload
@pytest.mark.parametrize("style", ["json", "meta.json", "field"])
def test_upload_accepts_meta_in_every_client_style(procountor, invoice, style):
    api = procountor.api()
    reply = _upload(api, _meta(invoice["id"]), style=style)
    assert reply.status_code == 200
    assert reply.json() == {"id": 300001, "name": "lasku.pdf", "referenceType": "INVOICE",
                            "referenceId": invoice["id"], "mimeType": "application/pdf", "sendWithInvoice": False}
    assert procountor.state.attachment_files[300001] == b"%PDF-1.4 test"
    procountor.verify(method="POST", path="/attachments", status=200, count=1)


def test_upload_is_listed_on_the_invoice(procountor, invoice):
    api = procountor.api()
    first = _upload(api, _meta(invoice["id"], sendWithInvoice=True)).json()
    second = _upload(api, _meta(invoice["id"], name="erittely.txt")).json()
    listed = api.get(f"/invoices/{invoice['id']}").json()["attachments"]
    assert listed == [first, second]
    assert second["id"] == first["id"] + 1 and second["mimeType"] == "text/plain"
    assert first["sendWithInvoice"] is True


def test_binary_content_round_trips_through_multipart_mixed(procountor, invoice):
    api = procountor.api()
    created = _upload(api, _meta(invoice["id"], name="kuva.jpg"), content=BINARY).json()
    reply = api.get(f"/attachments/{created['id']}", headers={"content-type": "multipart/mixed"})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("multipart/mixed; boundary=")
    meta, file_part = _parts(reply)
    assert meta == created
    assert meta["mimeType"] == "image/jpeg"
    assert file_part.content == BINARY
    assert file_part.headers[b"Content-Type"] == b"image/jpeg"
    assert b'filename="kuva.jpg"' in file_part.headers[b"Content-Disposition"]


def test_download_through_a_version_prefix_and_unknown_ids(procountor, invoice):
    api = procountor.api()
    created = _upload(api, _meta(invoice["id"])).json()
    http = procountor.http(headers=dict(api.headers))
    meta, file_part = _parts(http.get(f"/v2604/api/attachments/{created['id']}"))
    assert meta["id"] == created["id"] and file_part.content == b"%PDF-1.4 test"
    for path in ("/attachments/999", "/attachments/abc"):
        missing = api.get(path)
        assert missing.status_code == 404
        assert missing.json() == {"errors": [{"status": 404, "message": "Attachment not found."}]}


def test_exact_size_limit(procountor, invoice):
    api = procountor.api()
    at_limit = _upload(api, _meta(invoice["id"], name="iso.pdf"), content=b"\0" * LIMIT)
    assert at_limit.status_code == 200
    assert len(procountor.state.attachment_files[at_limit.json()["id"]]) == LIMIT
    over = _upload(api, _meta(invoice["id"], name="liian-iso.pdf"), content=b"\0" * (LIMIT + 1))
    assert over.status_code == 400
    assert over.json() == {"errors": [{"status": 400, "field": "file", "message": "File size too big."}]}
    assert len(procountor.state.attachments) == 1
    far_over = _upload(api, _meta(invoice["id"]), content=b"\0" * 11_000_000)
    assert far_over.status_code == 413 and far_over.json()["errors"][0]["status"] == 413


def test_mime_type_comes_from_the_extension(procountor, invoice):
    api = procountor.api()
    expected = {"a.PDF": "application/pdf", "b.png": "image/png", "c.gif": "image/gif", "d.txt": "text/plain",
                "e.xml": "text/xml", "f.unknownext": "application/octet-stream",
                "noextension": "application/octet-stream"}
    for name, mime in expected.items():
        assert _upload(api, _meta(invoice["id"], name=name)).json()["mimeType"] == mime, name


# ------------------------------------------------------------------------ meta rules
def test_send_with_invoice_only_for_sales_and_order_types(procountor, sales_invoice):
    api = procountor.api()
    purchase = api.post("/invoices", json=sales_invoice(type="PURCHASE_INVOICE")).json()
    order = api.post("/invoices", json=sales_invoice(type="PURCHASE_ORDER")).json()
    refused = _upload(api, _meta(purchase["id"], sendWithInvoice=True))
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "sendWithInvoice"
    assert _upload(api, _meta(purchase["id"], sendWithInvoice=False)).status_code == 200
    assert _upload(api, _meta(order["id"], sendWithInvoice=True)).status_code == 200
    not_invoice = _upload(api, {"name": "a.pdf", "referenceType": "ENVIRONMENT", "referenceId": 1,
                                "sendWithInvoice": True})
    assert not_invoice.status_code == 400 and not_invoice.json()["errors"][0]["field"] == "sendWithInvoice"


def test_reference_must_exist(procountor, invoice):
    api = procountor.api()
    reply = _upload(api, _meta(999999))
    assert reply.status_code == 400
    assert reply.json() == {"errors": [{"status": 400, "field": "referenceId",
                                        "message": "Value of the 'referenceId' field is invalid: 999999"}]}
    receipt = _upload(api, {"name": "a.pdf", "referenceType": "LEDGERRECEIPT",
                            "referenceId": invoice["ledgerReceiptId"]})
    assert receipt.status_code == 200
    unknown_receipt = _upload(api, {"name": "a.pdf", "referenceType": "LEDGERRECEIPT", "referenceId": 1})
    assert unknown_receipt.status_code == 400
    # owners the simulator holds no register for are taken on trust
    assert _upload(api, {"name": "a.pdf", "referenceType": "ENVIRONMENT", "referenceId": 5}).status_code == 200


def test_meta_validation_names_the_fields(procountor, invoice):
    api = procountor.api()
    missing = _upload(api, {"referenceType": "INVOICE"})
    assert missing.status_code == 400
    assert {e["field"] for e in missing.json()["errors"]} == {"name", "referenceId"}
    bad_type = _upload(api, _meta(invoice["id"], referenceType="RECEIPT"))
    assert bad_type.status_code == 400 and bad_type.json()["errors"][0]["field"] == "referenceType"
    emoji = _upload(api, _meta(invoice["id"], name="kuva🙂.jpg"))
    assert emoji.status_code == 400 and emoji.json()["errors"][0]["field"] == "name"
    assert _upload(api, _meta(invoice["id"], name="Åäö €.pdf")).status_code == 200
    null_flag = _upload(api, _meta(invoice["id"], sendWithInvoice=None))
    assert null_flag.status_code == 200 and null_flag.json()["sendWithInvoice"] is False
    bad_flag = _upload(api, _meta(invoice["id"], sendWithInvoice="maybe"))
    assert bad_flag.status_code == 400 and bad_flag.json()["errors"][0]["field"] == "sendWithInvoice"


def test_broken_requests_get_400_in_the_envelope(procountor, invoice):
    api = procountor.api()
    meta = json.dumps(_meta(invoice["id"]))

    def refused(reply: Any, field: str | None = None) -> None:
        assert reply.status_code == 400, reply.text
        error = reply.json()["errors"][0]
        assert error["status"] == 400 and error.get("field") == field

    refused(api.post("/attachments", json=_meta(invoice["id"])))
    refused(api.post("/attachments"))
    refused(api.post("/attachments", files={"file": ("file", b"x")}), "meta")
    refused(api.post("/attachments", files={"meta": (None, meta, "application/json")}), "file")
    refused(_upload(api, '{"name": "a.pdf",'), "meta")
    refused(_upload(api, "[1, 2]"), "meta")
    refused(_upload(api, ""), "meta")
    refused(api.post("/attachments", content=b"garbage", headers={"content-type": "multipart/form-data"}))
    refused(api.post("/attachments", content=b"garbage", headers={"content-type": "multipart/form-data; boundary=b"}))
    assert procountor.state.attachments == {}
    procountor.verify(method="POST", path="/attachments", status=500, count=0)


# ------------------------------------------------------------------------ delete
def test_delete_answers_204_and_unlinks_the_invoice(procountor, invoice):
    api = procountor.api()
    keep = _upload(api, _meta(invoice["id"], name="jaa.pdf")).json()
    gone = _upload(api, _meta(invoice["id"], name="pois.pdf")).json()
    reply = api.delete(f"/attachments/{gone['id']}")
    assert reply.status_code == 204 and reply.content == b""
    assert api.get(f"/attachments/{gone['id']}").status_code == 404
    assert api.get(f"/invoices/{invoice['id']}").json()["attachments"] == [keep]
    assert gone["id"] not in procountor.state.attachment_files
    again = api.delete(f"/attachments/{gone['id']}")
    assert again.status_code == 404
    assert again.json() == {"errors": [{"status": 404, "message": "Attachment not found."}]}


# ------------------------------------------------------------------------ rename
def test_rename_keeps_the_extension(procountor, invoice):
    api = procountor.api()
    created = _upload(api, _meta(invoice["id"], name="lasku.pdf")).json()
    path = f"/attachments/{created['id']}"
    reply = api.patch(path, json={"name": "lasku-2026.pdf"})
    assert reply.status_code == 200
    assert reply.json() == {**created, "name": "lasku-2026.pdf"}
    assert api.get(f"/invoices/{invoice['id']}").json()["attachments"][0]["name"] == "lasku-2026.pdf"
    meta, _ = _parts(api.get(path))
    assert meta["name"] == "lasku-2026.pdf"
    by_query = api.patch(path, params={"name": "kopio.PDF"})
    assert by_query.status_code == 200 and by_query.json()["name"] == "kopio.PDF"
    assert by_query.json()["mimeType"] == "application/pdf"
    for bad in ("lasku.txt", "lasku", "lasku.pdf.zip"):
        refused = api.patch(path, json={"name": bad})
        assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "name", bad
    for body in ({}, {"name": ""}, {"name": "  "}):
        assert api.patch(path, json=body).status_code == 400
    assert api.patch(path).status_code == 400
    assert procountor.state.attachments[created["id"]]["name"] == "kopio.PDF"
    unknown = api.patch("/attachments/999", json={"name": "x.pdf"})
    assert unknown.status_code == 404
    assert unknown.json() == {"errors": [{"status": 404, "message": "Attachment for given id has not been found"}]}


# ------------------------------------------------------------------------ search
def test_search_filters_and_pages(procountor, invoice, sales_invoice):
    api = procountor.api()
    purchase = api.post("/invoices", json=sales_invoice(type="PURCHASE_INVOICE")).json()
    small = _upload(api, _meta(invoice["id"], name="pieni.pdf"), content=b"x" * 10).json()
    big = _upload(api, _meta(purchase["id"], name="iso.pdf"), content=b"x" * 1000).json()
    env = _upload(api, {"name": "logo.png", "referenceType": "ENVIRONMENT", "referenceId": 1}, content=b"x").json()

    def ids(**params: Any) -> list[int]:
        reply = api.get("/attachments", params=params)
        assert reply.status_code == 200, reply.text
        return [d["attachmentId"] for d in reply.json()["results"]]

    body = api.get("/attachments").json()
    assert body["meta"] == {"pageNumber": 0, "pageSize": 50, "resultCount": 3, "totalCount": 3}
    first = body["results"][0]
    assert first == {"attachmentId": env["id"], "name": "logo.png", "size": 1, "user": "api.user",
                     "referenceId": 1, "referenceType": "ENVIRONMENT",
                     "attached": procountor.state.local_now().isoformat(timespec="seconds")}
    assert ids() == [env["id"], big["id"], small["id"]]  # newest id first by default
    assert ids(orderById="ASC") == [small["id"], big["id"], env["id"]]
    assert ids(referenceId=invoice["id"]) == [small["id"]]
    assert ids(name="ISO") == [big["id"]]
    assert ids(type="SALES_INVOICE") == [small["id"]]
    assert ids(type="PURCHASE_INVOICE,ENVIRONMENT") == [env["id"], big["id"]]
    assert ids(minSize=5, maxSize=100) == [small["id"]]
    assert ids(orderBySize="DESC") == [big["id"], small["id"], env["id"]]
    assert ids(orderByName="ASC") == [big["id"], env["id"], small["id"]]
    assert ids(size=1, page=1) == [big["id"]]
    assert ids(previousId=big["id"]) == [small["id"]]
    today = procountor.state.today()
    assert len(ids(createdStartDate=today.isoformat(), createdEndDate=today.isoformat())) == 3
    assert ids(createdStartDate=today.replace(year=today.year + 1).isoformat()) == []
    assert len(api.get("/attachments", headers={"username": "api.user"}).json()["results"]) == 3
    assert api.get("/attachments", headers={"username": "someone"}).json()["results"] == []
    bad = api.get("/attachments", params={"type": "INVOICE"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "type"
    assert api.get("/attachments", params={"createdStartDate": "21.11.2026"}).json()["errors"][0][
        "field"] == "createdStartDate"
    for name in ("referenceId", "page", "previousId", "maxSize"):
        too_big = api.get("/attachments", params={name: 2**31})
        assert too_big.status_code == 400 and too_big.json()["errors"][0]["field"] == name
