"""The person register (employees and other persons who get travel and expense reimbursements).

Rule PC-19 needs each user's employee number (`invoicingInfo.personNumber`) and bank account
(`paymentInfo.accountNumber`, an IBAN), so the IBAN is checked here as Procountor checks it.
"""

from __future__ import annotations

from typing import Any

from stdnum import iban

from simulators.procountor.domain.common import Query, check_int32, keyset, page_of, validate
from simulators.procountor.errors import ProcountorError, bad_request, error, not_found
from simulators.procountor.models import generated as m
from simulators.procountor.state import ProcountorState

NOT_FOUND = "Person was not found."
NOT_FOUND_FOR_UPDATE = "No person found for given id."
STALE = "The person has been modified by someone else: 'version' is not the latest."
VERSION_IN_POST = "Value of the 'version' field is not allowed when a person is created."


def basic_info(person: dict[str, Any]) -> dict[str, Any]:
    """PersonBasicInfo, the shape of a search result."""
    address = person.get("deliveryAddress") or {}
    invoicing = person.get("invoicingInfo") or {}
    info: dict[str, Any] = {
        "id": person["id"],
        "lastName": person.get("lastName"),
        "firstName": person.get("firstName"),
        "deliveryAddress": {k: address[k] for k in ("street", "zip", "city", "country") if k in address} or None,
        "invoicingInfo": {k: invoicing[k] for k in ("personNumber", "identifier", "identifierType")
                          if k in invoicing},
        "registryInfo": {"active": is_active(person)},
    }
    return {k: v for k, v in info.items() if v is not None}


def is_active(person: dict[str, Any]) -> bool:
    return bool((person.get("registryInfo") or {}).get("active", True))


def find(state: ProcountorState, person_id: int, missing: str = NOT_FOUND) -> dict[str, Any]:
    person = state.persons.get(person_id)
    if person is None:
        raise not_found(missing)
    return person


def _validated(payload: Any) -> dict[str, Any]:
    person = validate(m.Person, payload)
    account = person.paymentInfo.accountNumber
    if account and not iban.is_valid(account):
        field = "paymentInfo.accountNumber"
        raise ProcountorError(400, [error(400, f"Value of the '{field}' field is invalid: {account}", field)])
    data = person.dump()
    data.pop("id", None)
    data.pop("version", None)
    return data


def create(state: ProcountorState, payload: Any) -> dict[str, Any]:
    if isinstance(payload, dict) and payload.get("version") is not None:
        raise bad_request(VERSION_IN_POST, "version")
    data = _validated(payload)
    person_id = state.next_id("person", 7001)
    person = {"id": person_id, **data, "version": state.new_version()}
    state.persons[person_id] = person
    return person


def update(state: ProcountorState, person_id: int, payload: Any) -> dict[str, Any]:
    """PUT overwrites the person; the body must carry the latest `version` (optimistic locking)."""
    current = find(state, person_id, NOT_FOUND_FOR_UPDATE)
    if not isinstance(payload, dict):
        raise bad_request("Request body must be a JSON object.")
    version = payload.get("version")
    if version is None or version == "":
        raise bad_request("Value of the 'version' cannot be blank.", "version")
    if version != current.get("version"):
        raise bad_request(STALE, "version")
    data = _validated(payload)
    person = {"id": person_id, **data, "version": state.new_version()}
    state.persons[person_id] = person
    return person


def search(state: ProcountorState, params: Any) -> dict[str, Any]:
    """GET /persons: `personNumber` matches a part of the number; inactive persons only with includeInactive."""
    q = Query(params)
    number = q.text("personNumber")
    group_id = q.integer("personGroupId", -(2**63), 2**63 - 1)  # a group id (Java long)
    include_inactive = bool(q.boolean("includeInactive"))
    check_int32(q, "page", "previousId")
    page, size = q.paging()

    def keep(p: dict[str, Any]) -> bool:
        if not include_inactive and not is_active(p):
            return False
        if number is not None and number.lower() not in str((p.get("invoicingInfo") or {}).get("personNumber")
                                                            or "").lower():
            return False
        if group_id is not None:
            groups = (p.get("registryInfo") or {}).get("personGroupsIds") or []
            if not any(g == group_id for g in groups):
                return False
        return True

    found = keyset([p for p in state.persons.values() if keep(p)], q)
    return page_of(found, page, size, basic_info)
