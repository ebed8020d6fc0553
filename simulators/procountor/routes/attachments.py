"""Attachments routes (spec 26.04): multipart upload, multipart/mixed download, delete, rename and search."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

import orjson
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response

from simulators.core.routing import VendorRouter
from simulators.procountor.domain import attachments as domain
from simulators.procountor.domain.common import path_id
from simulators.procountor.errors import bad_request
from simulators.procountor.routes.base import JSON, json_body, tenant

router = VendorRouter()

# a part may hold a whole file when a client sends it without a filename; the core caps the body anyway
MAX_PART_SIZE = 11_000_000
UTF8_BOM = b"\xef\xbb\xbf"


async def _part_bytes(part: str | UploadFile) -> bytes:
    if isinstance(part, UploadFile):
        return await part.read()
    # Assumption (docs/procountor.md): a part without a filename is text and is stored as UTF-8
    return part.encode("utf-8")


async def _read_upload(request: Request) -> tuple[Any, bytes]:
    """(meta parsed as JSON, file bytes) from a multipart/form-data body; every flaw is a 400."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "multipart/form-data":
        raise bad_request("Content type must be multipart/form-data with the parts 'meta' and 'file'.")
    try:
        form = await request.form(max_part_size=MAX_PART_SIZE)
    except (HTTPException, MultiPartException) as exc:
        detail = getattr(exc, "detail", None) or getattr(exc, "message", "")
        raise bad_request(f"Malformed multipart body: {detail}") from None
    try:
        meta_part, file_part = form.get("meta"), form.get("file")
        if meta_part is None:
            raise bad_request("Value of the 'meta' cannot be blank.", "meta")
        if file_part is None:
            raise bad_request("Value of the 'file' cannot be blank.", "file")
        # meta is JSON whatever its part says: application/json, a meta.json file part or plain text
        raw_meta = (await _part_bytes(meta_part)).strip()
        if raw_meta.startswith(UTF8_BOM):
            raw_meta = raw_meta[len(UTF8_BOM):]
        try:
            meta = orjson.loads(raw_meta)
        except orjson.JSONDecodeError as exc:
            raise bad_request(f"Malformed JSON in 'meta': {exc.msg} at position {exc.pos}.", "meta") from None
        content = await _part_bytes(file_part)
    finally:
        await form.close()
    return meta, content


def _multipart_mixed(meta: dict[str, Any], content: bytes) -> Response:
    """The JSON meta part first, the file second, as the PyPI client's MultipartDecoder expects."""
    meta_json = orjson.dumps(meta)
    boundary = secrets.token_hex(16)
    while boundary.encode() in content or boundary.encode() in meta_json:
        boundary = secrets.token_hex(16)
    name = str(meta.get("name", "file"))
    fallback = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    mark = f"--{boundary}\r\n".encode()
    body = b"".join([
        mark,
        b"Content-Type: application/json\r\n\r\n",
        meta_json,
        b"\r\n",
        mark,
        f"Content-Type: {meta.get('mimeType') or domain.DEFAULT_MIME_TYPE}\r\n".encode(),
        f"Content-Disposition: {disposition}\r\n\r\n".encode(),
        content,
        f"\r\n--{boundary}--\r\n".encode(),
    ])
    return Response(body, media_type=f"multipart/mixed; boundary={boundary}")


@router.get("/attachments")
async def search_attachments(request: Request) -> JSON:
    t = tenant(request)
    with t.lock:
        return JSON(domain.search(t.state, request.query_params, request.headers.get("username")))


@router.post("/attachments")
async def create_attachment(request: Request) -> JSON:
    t = tenant(request)
    meta, content = await _read_upload(request)
    with t.lock:
        return JSON(domain.public(domain.create(t.state, meta, content)))


@router.get("/attachments/{attachment_id}")
async def get_attachment(attachment_id: str, request: Request) -> Response:
    t = tenant(request)
    with t.lock:
        meta, content = domain.content_of(t.state, path_id(attachment_id, domain.NOT_FOUND))
    return _multipart_mixed(meta, content)


@router.delete("/attachments/{attachment_id}")
async def delete_attachment(attachment_id: str, request: Request) -> Response:
    t = tenant(request)
    with t.lock:
        domain.delete(t.state, path_id(attachment_id, domain.NOT_FOUND))
    return Response(status_code=204)


@router.patch("/attachments/{attachment_id}")
async def rename_attachment(attachment_id: str, request: Request) -> JSON:
    """The new name from the JSON body ({"name"}) or, failing that, from ?name=."""
    t = tenant(request)
    payload = await json_body(request, required=False)
    if payload is None:
        name = request.query_params.get("name")
        payload = {"name": name} if name is not None else {}
    with t.lock:
        att_id = path_id(attachment_id, domain.RENAME_NOT_FOUND)
        return JSON(domain.rename(t.state, att_id, payload))
