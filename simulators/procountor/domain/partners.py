"""Business partners (customers, suppliers): create, replace, patch and the header-based search.

Partners are kept in the vendor's BusinessPartner shape. Procountor itself allows several partners with
one customer number; this project's rule PC-05 refuses a second partner with the same number when its
business ID differs (the vendor's own code for that case is unknown, so the message is Severa's).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any
from urllib.parse import unquote

from simulators.procountor.domain.common import (
    Query,
    check_int32,
    is_finnish_business_id,
    keyset,
    page_of,
    validated,
)
from simulators.procountor.errors import bad_request, error, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import ProcountorState

NOT_FOUND = "Partner not found."
NOT_FOUND_FOR_UPDATE = "No partner found for given id."
STALE = "The business partner has been modified by someone else: 'version' is not the latest."
DUPLICATE = ("Could not add {name} to Procountor, because another partner {number} with the same number and "
             "different VAT number already exists there.")
READ_ONLY_FIELDS = ("id", "version", "attachments")
TYPES = m.BusinessPartnerTypeValues


# ------------------------------------------------------------------------ views
def basic_info(partner: dict[str, Any]) -> dict[str, Any]:
    """BusinessPartnerBasicInfo, the shape of a search result."""
    invoicing = partner.get("invoicingInfo") or {}
    info: dict[str, Any] = {
        "id": partner["id"],
        "name": partner["name"],
        "billingAddress": partner.get("billingAddress"),
        "invoicingInfo": {k: invoicing[k] for k in ("customerNumber", "identifier", "identifierType")
                          if invoicing.get(k) is not None},
        "registryInfo": {"active": is_active(partner)},
        "type": partner["type"],
        "version": partner.get("version"),
    }
    return {k: v for k, v in info.items() if v is not None}


def is_active(partner: dict[str, Any]) -> bool:
    return (partner.get("registryInfo") or {}).get("active", True) is not False


def normalised_identifier(value: str | None) -> str:
    """A business ID in one form: 'FI26394765', 'fi 2639476-5' and '2639476-5' all give '26394765'."""
    text = re.sub(r"[\s.\-]", "", value or "").upper()
    if re.fullmatch(r"FI\d{8}", text):
        return text[2:]
    return text


# ------------------------------------------------------------------------ validation
def _rules(state: ProcountorState, partner: m.BusinessPartner, own_id: int | None) -> list[dict[str, Any]]:
    errs: list[dict[str, Any]] = []
    if partner.type == "CUSTOMER" and partner.address is None:
        errs.append(error(400, "Value of the 'address' cannot be blank.", "address"))
    info = partner.invoicingInfo
    identifier = (info.identifier or "").strip() if info else ""
    country = next((a.country for a in (partner.address, partner.billingAddress) if a and a.country), "FINLAND")
    if identifier and country == "FINLAND" and not is_finnish_business_id(identifier):
        errs.append(error(400, "ERROR_BRN_CODE", "invoicingInfo.identifier"))
    number = (info.customerNumber or "").strip() if info else ""
    if number:
        mine = normalised_identifier(identifier)
        for other in state.partners.values():
            if other["id"] == own_id or other["type"] != partner.type:
                continue
            theirs = other.get("invoicingInfo") or {}
            if (theirs.get("customerNumber") or "").strip() != number:
                continue
            if normalised_identifier(theirs.get("identifier")) != mine:
                errs.append(error(400, DUPLICATE.format(name=partner.name, number=number),
                                  "invoicingInfo.customerNumber"))
                break
    return errs


def _validated(state: ProcountorState, payload: Any, own_id: int | None = None) -> dict[str, Any]:
    _, data = validated(m.BusinessPartner, payload, lambda partner: _rules(state, partner, own_id), READ_ONLY_FIELDS)
    # Procountor fills these when they are not given (spec: invoiceLedger defaults to INVOICE_LEDGER)
    data.setdefault("registryInfo", {}).setdefault("active", True)
    data.setdefault("additionalInfo", {}).setdefault("invoiceLedger", "INVOICE_LEDGER")
    return data


def find(state: ProcountorState, partner_id: int, missing: str = NOT_FOUND) -> dict[str, Any]:
    partner = state.partners.get(partner_id)
    if partner is None:
        raise not_found(missing)
    return partner


# ------------------------------------------------------------------------ writes
def create(state: ProcountorState, payload: Any) -> dict[str, Any]:
    data = _validated(state, payload)
    partner_id = state.next_id("partner", 1001)
    partner = {"id": partner_id, **data, "version": state.new_version()}
    state.partners[partner_id] = partner
    return partner


def replace(state: ProcountorState, partner_id: int, payload: Any) -> dict[str, Any]:
    """PUT overwrites every field; what the body leaves out is gone (the vendor's PUT semantics)."""
    current = find(state, partner_id, NOT_FOUND_FOR_UPDATE)
    data = _validated(state, payload, partner_id)
    updated = {"id": partner_id, **data, "version": state.new_version()}
    if current.get("attachments"):
        updated["attachments"] = current["attachments"]
    state.partners[partner_id] = updated
    return updated


def patch(state: ProcountorState, partner_id: int, payload: Any, query_version: str | None) -> dict[str, Any]:
    """PATCH merges the body into the partner (objects merged, other values replaced, null removes)."""
    current = find(state, partner_id, NOT_FOUND_FOR_UPDATE)
    if not isinstance(payload, dict):
        raise bad_request("Request body must be a JSON object.")
    version = payload.get("version") or query_version
    if not version:
        raise bad_request("Value of the 'version' cannot be blank.", "version")
    if version != current.get("version"):
        raise bad_request(STALE, "version")
    merged = _merge({k: v for k, v in current.items() if k not in READ_ONLY_FIELDS},
                    {k: v for k, v in payload.items() if k not in READ_ONLY_FIELDS})
    return replace(state, partner_id, merged)


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# ------------------------------------------------------------------------ search
def header_value(raw: str | None) -> str | None:
    """A search value from an HTTP header: clients send UTF-8 (read by HTTP as Latin-1) or percent-encoding."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("latin-1").decode("utf-8")
    if re.search(r"%[0-9A-Fa-f]{2}", text):
        text = unquote(text)
    return text


def search(state: ProcountorState, params: Any, headers: Any) -> dict[str, Any]:
    """GET /businesspartners; `name` and `identifier` come from HTTP headers (query ones are ignored since 23.08)."""
    q = Query(params)
    number = q.text("customerNumber")
    id_type = q.text("identifierType")
    types = q.choices("type", TYPES)
    main_group = q.text("mainGroup")
    partner_group = q.text("partnerGroup")
    active = q.boolean("active")
    active = True if active is None else active
    version_start, version_end = q.stamp("versionStartDate"), q.stamp("versionEndDate")
    check_int32(q, "page", "previousId")
    page, size = q.paging()
    name = header_value(headers.get("name"))
    identifier = header_value(headers.get("identifier"))
    name_key = name.lower() if name else None
    identifier_key = normalised_identifier(identifier) if identifier else None

    def keep(p: dict[str, Any]) -> bool:
        invoicing = p.get("invoicingInfo") or {}
        if number is not None and invoicing.get("customerNumber") != number:
            return False
        if id_type is not None and invoicing.get("identifierType") != id_type:
            return False
        if types and p["type"] not in types:
            return False
        if main_group is not None and (p.get("additionalInfo") or {}).get("group") != main_group:
            return False
        if partner_group is not None:
            groups = (p.get("registryInfo") or {}).get("partnerGroups") or []
            if partner_group not in {g.get("name") for g in groups}:
                return False
        if is_active(p) != active:
            return False
        version = p.get("version", "")
        if (version_start and version < version_start) or (version_end and version > version_end):
            return False
        if name_key is not None and name_key not in p["name"].lower():
            return False
        return identifier_key is None or normalised_identifier(invoicing.get("identifier")) == identifier_key

    found = keyset([p for p in state.partners.values() if keep(p)], q)
    return page_of(found, page, size, basic_info)
