"""IFile through zeep and raw WCF envelopes: the file list, one file's record and its bytes, NotFound faults."""

from __future__ import annotations

import base64

import pytest
import zeep.exceptions
from lxml import etree

API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
TNS = "http://soap.severa.com/"
LOGO, CONTRACT, LOOSE = (f"f0000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
UNKNOWN = "99999999-0000-4000-8000-000000000000"
LOGO_BYTES = b"\x89PNG\r\n\x1a\n a logo"
CONTRACT_BYTES = b"%PDF-1.4\n% a signed contract\n%%EOF\n"


@pytest.fixture
def org(severa):
    severa.seed({
        "File": [{"GUID": LOGO, "Name": "logo.png", "ContentType": "image/png", "Description": "Company logo"},
                 {"GUID": CONTRACT, "Name": "contract.pdf", "ContentType": "application/pdf", "Size": 99}],
        "files": {LOGO: base64.b64encode(LOGO_BYTES).decode(), CONTRACT: base64.b64encode(CONTRACT_BYTES).decode(),
                  LOOSE: base64.b64encode(b"loose").decode()},
    })
    return severa


@pytest.fixture
def api(org):
    return org.zeep("IFile")


def fault_of(excinfo) -> str:
    (node,) = [child for child in excinfo.value.detail if isinstance(child.tag, str)]
    return etree.QName(node).localname


def test_get_files_lists_records_with_their_sizes(api, org):
    files = api.GetFiles()
    assert [(f.GUID, f.Name, f.ContentType, f.Size) for f in files] == [
        (LOGO, "logo.png", "image/png", len(LOGO_BYTES)),  # size from the bytes when the record has none
        (CONTRACT, "contract.pdf", "application/pdf", 99)]
    reply = org.soap("IFile", "GetFiles")
    assert reply.status_code == 200
    names = etree.fromstring(reply.content).iterfind(f".//{{{TNS}}}GetFilesResult/{{{ENT}}}File/{{{ENT}}}Name")
    assert [n.text for n in names] == ["logo.png", "contract.pdf"]


def test_get_files_of_an_empty_organization(severa):
    assert severa.zeep("IFile").GetFiles() is None


def test_file_by_guid_and_its_bytes(api, org):
    found = api.GetFileByGUID(LOGO.upper())
    assert (found.GUID, found.Name, found.Description) == (LOGO, "logo.png", "Company logo")
    assert api.GetFileBytesByGUID(CONTRACT) == CONTRACT_BYTES
    reply = org.soap("IFile", "GetFileBytesByGUID", f"<guid>{LOGO}</guid>")
    result = etree.fromstring(reply.content).find(f".//{{{TNS}}}GetFileBytesByGUIDResult")
    assert base64.b64decode(result.text) == LOGO_BYTES
    loose = api.GetFileByGUID(LOOSE)  # bytes stored without a File record
    assert (loose.GUID, loose.Size) == (LOOSE, 5)
    assert api.GetFileBytesByGUID(LOOSE) == b"loose"


@pytest.mark.parametrize("operation", ["GetFileByGUID", "GetFileBytesByGUID"])
@pytest.mark.parametrize("guid", [UNKNOWN, "", "not-a-guid"])
def test_missing_file_is_not_found(api, org, operation, guid):
    with pytest.raises(zeep.exceptions.Fault) as raised:
        getattr(api, operation)(guid)
    assert fault_of(raised) == "NotFoundException"
    reply = org.soap("IFile", operation, f"<guid>{guid}</guid>")
    assert reply.status_code == 500
    detail = etree.fromstring(reply.content).find(f".//{{{API_NS}}}NotFoundException")
    assert detail is not None and guid in detail.findtext(f"{{{API_NS}}}Description")
