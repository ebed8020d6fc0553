"""IFile: the organization's files (File records, their bytes in state.files by GUID).

Files are not bound to a business unit, so the API user's limit (SEV-02) does not narrow them. A File record's
Size, when the dataset leaves it out, is the length of its bytes.
"""

from __future__ import annotations

from typing import Any

from simulators.severa.faults import NotFound
from simulators.severa.service import handles
from simulators.severa.state import SeveraState


def file_record(state: SeveraState, guid: str | None) -> dict[str, Any] | None:
    """The File record (Size filled in from the bytes), or a bare one for bytes stored without a record."""
    key = (guid or "").strip().lower()
    record = state.get("File", key)
    content = state.files.get(key) if key else None
    if record is None:
        return {"GUID": key, "Size": len(content)} if content is not None else None
    if record.get("Size") is None and content is not None:
        return {**record, "Size": len(content)}
    return record


@handles("GetFiles")
def get_files(state: SeveraState) -> list[dict[str, Any]]:
    return [r for f in state.all("File") if (r := file_record(state, f["GUID"])) is not None]


@handles("GetFileByGUID")
def get_file_by_guid(state: SeveraState, guid: str | None) -> dict[str, Any]:
    record = file_record(state, guid)
    if record is None:
        raise NotFound(f"File with GUID {guid} was not found.")
    return record


@handles("GetFileBytesByGUID")
def get_file_bytes_by_guid(state: SeveraState, guid: str | None) -> bytes:
    if file_record(state, guid) is None:
        raise NotFound(f"File with GUID {guid} was not found.")
    return state.files.get((guid or "").strip().lower(), b"")
