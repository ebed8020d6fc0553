"""IBusinessUnit, IUser and ICostCenter: the organization's structure, its people and its cost centers.

Business units form a tree (`ParentBusinessUnitGUID`); each may carry a cost center (`CostCenterGUID`, VA-11)
and its own VAT number (PC-20). Users belong to a business unit; a user's employee number is `User.Code` and
the bank account (IBAN) `User.BankAccountNumber` (PC-19). SEV-02: business units and users outside the API
user's business units are invisible (reads: not found or left out; writes: NoPermission).

Operation-specific stores in `state.extra`: "userKeywords" {userGUID: [keyword]} (user keywords are not a
User member), "userPasswords" {userGUID: "pbkdf2_sha256$iterations$salt$hash"} (never the password itself).
ICostCenter is this simulator's design (see simulators/severa/costcenter.py).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from simulators.severa.contract_data import CONTRACT
from simulators.severa.faults import GeneralFailure, NoPermission, NotFound, SeveraFault, ValidationFailure
from simulators.severa.handlers.cases import save
from simulators.severa.handlers.reference import (
    blank,
    by_stamp,
    fill_country,
    fill_currency,
    fill_language,
    find,
    flags,
    from_model,
    inserted,
    is_active,
    merged,
    require,
    same_text,
    shown,
    since_of,
    stamp,
)
from simulators.severa.service import handles
from simulators.severa.state import SeveraState

# BusinessUnitGetOptions / UserGetOptions / the cost centers' options (severa.md §6.3)
NEW_ONLY, INCLUDE_INACTIVE, INCLUDE_ROOT, ENTIRE_HIERARCHY = 1, 2, 4, 8
SERVER_OWNED = ("GUID", "InsertTS", "UpdatedTS")
PASSWORD_MIN_LENGTH = 8
PASSWORD_ITERATIONS = 10_000


def _members(kind: str) -> tuple[str, ...]:
    return tuple(m["name"] for m in CONTRACT["types"][kind]["members"])


def _pick(value: Any, kind: str) -> dict[str, Any]:
    record = from_model(value)
    names = _members(kind)
    return {k: v for k, v in (record or {}).items() if k in names} if isinstance(record, dict) else {}


def _changed(state: SeveraState, kind: str, records: list[dict[str, Any]], start: Any, options: int,
             insert_member: str | None = None) -> list[dict[str, Any]]:
    """The records changed (NewOnly: added) since `start`, active ones unless IncludeInactive, oldest first."""
    since = since_of(start)

    def when(record: dict[str, Any]) -> Any:
        return inserted(state, kind, record, insert_member) if options & NEW_ONLY else stamp(state, kind, record)

    found = [r for r in records if (options & INCLUDE_INACTIVE or is_active(r)) and when(r) >= since]
    return by_stamp(state, kind, found)


# ---------------------------------------------------------------- business units


def unit_visible(state: SeveraState, unit: dict[str, Any] | None) -> bool:
    return unit is not None and state.visible(unit["GUID"])


def _by_name(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: ((r.get("Name") or "").casefold(), r["GUID"]))


def children_of(state: SeveraState, parent_guid: str | None) -> list[dict[str, Any]]:
    """Direct children; for no parent, the top of the tree (no parent, or a parent that does not exist)."""
    units = list(state.all("BusinessUnit"))
    if parent_guid:
        wanted = parent_guid.lower()
        return _by_name([u for u in units if (u.get("ParentBusinessUnitGUID") or "").lower() == wanted])
    return _by_name([u for u in units if state.get("BusinessUnit", u.get("ParentBusinessUnitGUID")) is None])


def descendants_of(state: SeveraState, guid: str | None, entire: bool) -> list[dict[str, Any]]:
    """Children (entire: the whole subtree, depth first, siblings by name)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = {guid.lower()} if guid else set()
    stack = list(reversed(children_of(state, guid)))
    while stack:
        unit = stack.pop()
        if unit["GUID"] in seen:
            continue  # a cycle in seeded data
        seen.add(unit["GUID"])
        out.append(unit)
        if entire:
            stack.extend(reversed(children_of(state, unit["GUID"])))
    return out


def hierarchy(state: SeveraState, root_guid: str | None, options: int) -> list[dict[str, Any]] | None:
    """IncludeRoot 4: the root first; EntireHierarchy 8: every level below, not just the children.
    None when the root does not exist (or is outside the API user's business units)."""
    if blank(root_guid):
        units = descendants_of(state, None, bool(options & ENTIRE_HIERARCHY))
    else:
        root = find(state, "BusinessUnit", root_guid)
        if not unit_visible(state, root):
            return None
        units = ([root] if options & INCLUDE_ROOT else []) + descendants_of(state, root["GUID"],
                                                                            bool(options & ENTIRE_HIERARCHY))
    return [u for u in units if unit_visible(state, u)]


def _check_unit(state: SeveraState, unit: dict[str, Any], fault: type[SeveraFault]) -> None:
    if blank(unit.get("Name")):
        raise fault("Business unit name is required.")
    if not blank(unit.get("Code")):
        clash = next((u for u in state.all("BusinessUnit") if same_text(u.get("Code"), unit["Code"])
                      and u["GUID"] != (unit.get("GUID") or "").lower()), None)
        if clash is not None:
            raise fault(f"Business unit code '{unit['Code']}' is already used by '{clash.get('Name')}'.")
    parent_guid = unit.get("ParentBusinessUnitGUID")
    if not blank(parent_guid):
        parent = find(state, "BusinessUnit", parent_guid)
        if parent is None:
            raise fault(f"Business unit with GUID {parent_guid} does not exist.")
        if not unit_visible(state, parent):
            raise NoPermission("The API user has no rights to the parent business unit.")
        own = (unit.get("GUID") or "").lower()
        if own and (parent["GUID"] == own or parent["GUID"] in {u["GUID"] for u in descendants_of(state, own, True)}):
            raise fault("A business unit cannot be placed under itself or under one of its own business units.")
        unit["ParentBusinessUnitGUID"] = parent["GUID"]
    cost_center = unit.get("CostCenterGUID")
    if not blank(cost_center):
        found = find(state, "CostCenter", cost_center)
        if found is None:
            raise fault(f"Cost center with GUID {cost_center} does not exist.")
        unit["CostCenterGUID"] = found["GUID"]
    fill_currency(state, unit, fault, default=True)
    fill_language(state, unit, fault)


@handles("GetBusinessUnitByGUID")
def get_business_unit_by_guid(state: SeveraState, businessUnitGuid: str | None) -> dict[str, Any]:
    unit = require(state, "BusinessUnit", businessUnitGuid, NotFound, "Business unit")
    if not unit_visible(state, unit):
        raise NotFound(f"Business unit with GUID {businessUnitGuid} was not found.")
    return shown(unit)


@handles("GetBusinessUnitByCode")
def get_business_unit_by_code(state: SeveraState, businessUnitCode: str | None) -> dict[str, Any] | None:
    return next((shown(u) for u in state.all("BusinessUnit")
                 if same_text(u.get("Code"), businessUnitCode) and unit_visible(state, u)), None)


@handles("AddNewBusinessUnit")
def add_new_business_unit(state: SeveraState, businessUnitInfo: Any) -> dict[str, Any]:
    unit = _pick(businessUnitInfo, "BusinessUnit")
    if not unit:
        raise GeneralFailure("businessUnitInfo is required.")
    if state.api_user.business_units is not None:
        raise NoPermission("Only an API user with rights to every business unit may add business units.")
    if unit.get("GUID") and find(state, "BusinessUnit", unit["GUID"]) is not None:
        raise GeneralFailure(f"Business unit with GUID {unit['GUID']} already exists.")
    _check_unit(state, unit, GeneralFailure)
    unit.update(Name=unit["Name"].strip(), InsertTS=state.clock.now(), UpdatedTS=None, IsActive=True)
    return shown(save(state, "BusinessUnit", unit, new=True))


@handles("UpdateBusinessUnit")
def update_business_unit(state: SeveraState, businessUnitInfo: Any) -> dict[str, Any]:
    sent = _pick(businessUnitInfo, "BusinessUnit")
    current = require(state, "BusinessUnit", sent.get("GUID"), GeneralFailure, "Business unit")
    if not unit_visible(state, current):
        raise NoPermission("The API user has no rights to this business unit.")
    unit = merged(current, sent, SERVER_OWNED)
    if "CurrencyCode" in sent and "CurrencyGUID" not in sent:
        unit.pop("CurrencyGUID", None)
    if "LanguageCode" in sent and "LanguageGUID" not in sent:
        unit.pop("LanguageGUID", None)
    _check_unit(state, unit, GeneralFailure)
    unit.update(Name=unit["Name"].strip(), UpdatedTS=state.clock.now())
    return shown(save(state, "BusinessUnit", unit))


@handles("GetBusinessUnitHierarchy")
def get_business_unit_hierarchy(state: SeveraState, rootBusinessUnitGuid: str | None,
                                options: Any) -> list[dict[str, Any]]:
    opts = flags(options)
    units = hierarchy(state, rootBusinessUnitGuid, opts)
    if units is None:
        raise NotFound(f"Business unit with GUID {rootBusinessUnitGuid} was not found.")
    return [shown(u) for u in units if opts & INCLUDE_INACTIVE or is_active(u)]


@handles("GetBusinessUnitsChangedSince")
def get_business_units_changed_since(state: SeveraState, businessUnitGUID: str | None, startDateTime: Any,
                                     options: Any) -> list[dict[str, Any]]:
    """Every business unit, or the part of one's tree that the options name (as GetBusinessUnitHierarchy)."""
    opts = flags(options)
    if blank(businessUnitGUID):
        units = [u for u in state.all("BusinessUnit") if unit_visible(state, u)]
    else:
        units = hierarchy(state, businessUnitGUID, opts) or []
    return [shown(u) for u in _changed(state, "BusinessUnit", units, startDateTime, opts, "InsertTS")]


# ---------------------------------------------------------------- users


def user_visible(state: SeveraState, user: dict[str, Any] | None) -> bool:
    return user is not None and state.visible(user.get("BusinessUnitGUID"))


def user_view(state: SeveraState, user: dict[str, Any]) -> dict[str, Any]:
    """A user as answered: the business unit's current code and name."""
    view = dict(shown(user))
    unit = state.get("BusinessUnit", user.get("BusinessUnitGUID"))
    if unit is not None:
        view.update(BusinessUnitCode=unit.get("Code"), BusinessUnitName=unit.get("Name"))
    return view


def _by_person(users: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(users, key=lambda u: ((u.get("LastName") or "").casefold(), (u.get("FirstName") or "").casefold(),
                                        u["GUID"]))


def _in_unit(user: dict[str, Any], business_unit_guid: str | None) -> bool:
    return blank(business_unit_guid) or (user.get("BusinessUnitGUID") or "").lower() == business_unit_guid.lower()


def _visible_user(state: SeveraState, guid: str | None) -> dict[str, Any]:
    user = require(state, "User", guid, NotFound, "User")
    if not user_visible(state, user):
        raise NotFound(f"User with GUID {guid} was not found.")
    return user


def _writable_user(state: SeveraState, guid: str | None, fault: type[SeveraFault] = NotFound) -> dict[str, Any]:
    user = require(state, "User", guid, fault, "User")
    if not user_visible(state, user):
        raise NoPermission("The API user has no rights to this user's business unit.")
    return user


def _default_unit(state: SeveraState) -> dict[str, Any] | None:
    """A new user without a business unit joins the organization's top business unit (the first visible one)."""
    return next((u for u in descendants_of(state, None, True) if unit_visible(state, u) and is_active(u)), None)


def _check_user(state: SeveraState, user: dict[str, Any], fault: type[SeveraFault]) -> None:
    if blank(user.get("FirstName")) or blank(user.get("LastName")):
        raise fault("A user needs a first name and a last name.")
    if blank(user.get("BusinessUnitGUID")):
        default = _default_unit(state)
        if default is None and state.api_user.business_units is not None:
            raise NoPermission("The API user has no business unit to add users to.")
        user["BusinessUnitGUID"] = default["GUID"] if default else None
    if not blank(user.get("BusinessUnitGUID")):
        unit = find(state, "BusinessUnit", user["BusinessUnitGUID"])
        if unit is None:
            raise fault(f"Business unit with GUID {user['BusinessUnitGUID']} does not exist.")
        if not unit_visible(state, unit):
            raise NoPermission("The API user has no rights to that business unit.")
        user.update(BusinessUnitGUID=unit["GUID"], BusinessUnitCode=unit.get("Code"), BusinessUnitName=unit.get("Name"))
    if not blank(user.get("Code")):
        clash = next((u for u in state.all("User") if same_text(u.get("Code"), user["Code"])
                      and u["GUID"] != (user.get("GUID") or "").lower()), None)
        if clash is not None:
            raise fault(f"User code '{user['Code']}' is already used by {clash.get('FirstName')} "
                        f"{clash.get('LastName')}.")
    fill_country(state, user, fault, name=False)
    fill_language(state, user, fault)


@handles("GetAllUsers")
def get_all_users(state: SeveraState, businessUnitGUID: str | None,
                  includeInactive: bool | None) -> list[dict[str, Any]]:
    users = [u for u in state.all("User") if user_visible(state, u) and _in_unit(u, businessUnitGUID)
             and (includeInactive or is_active(u))]
    return [user_view(state, u) for u in _by_person(users)]


@handles("GetUserByName")
def get_user_by_name(state: SeveraState, firstName: str | None, lastName: str | None) -> dict[str, Any]:
    found = [u for u in _by_person(list(state.all("User"))) if user_visible(state, u)
             and same_text(u.get("FirstName"), firstName) and same_text(u.get("LastName"), lastName)]
    if not found:
        raise NotFound(f"User {firstName} {lastName} was not found.")
    return user_view(state, sorted(found, key=lambda u: not is_active(u))[0])


@handles("GetUserByGUID")
def get_user_by_guid(state: SeveraState, userGUID: str | None) -> dict[str, Any]:
    return user_view(state, _visible_user(state, userGUID))


@handles("GetUsersByGUIDs")
def get_users_by_guids(state: SeveraState, userGUIDs: Any) -> list[dict[str, Any]]:
    """The visible users among the GUIDs, in the order asked; unknown GUIDs are left out."""
    found = []
    for guid in from_model(userGUIDs) or []:
        user = find(state, "User", guid)
        if user_visible(state, user) and user not in found:
            found.append(user)
    return [user_view(state, u) for u in found]


@handles("GetUsersByUserKeywords")
def get_users_by_user_keywords(state: SeveraState, businessUnitGUID: str | None,
                               userKeywords: Any) -> list[dict[str, Any]]:
    """Users having any of the keywords (case ignored), kept in `extra.userKeywords` {userGUID: [keyword]}."""
    wanted = {k.strip().casefold() for k in from_model(userKeywords) or [] if isinstance(k, str) and k.strip()}
    keywords = {str(g).lower(): {str(k).strip().casefold() for k in ks or []}
                for g, ks in (state.extra.get("userKeywords") or {}).items()}
    users = [u for u in state.all("User") if user_visible(state, u) and _in_unit(u, businessUnitGUID)
             and wanted & keywords.get(u["GUID"], set())]
    return [user_view(state, u) for u in _by_person(users)]


@handles("GetUserByCode")
def get_user_by_code(state: SeveraState, userCode: str | None) -> dict[str, Any]:
    user = next((u for u in state.all("User") if same_text(u.get("Code"), userCode) and user_visible(state, u)), None)
    if user is None:
        raise NotFound(f"User with code '{userCode}' was not found.")
    return user_view(state, user)


@handles("GetUsersChangedSince")
def get_users_changed_since(state: SeveraState, businessUnitGUID: str | None, startDateTime: Any,
                            options: Any) -> list[dict[str, Any]]:
    users = [u for u in state.all("User") if user_visible(state, u) and _in_unit(u, businessUnitGUID)]
    return [user_view(state, u) for u in _changed(state, "User", users, startDateTime, flags(options))]


@handles("AddNewUser")
def add_new_user(state: SeveraState, userInfo: Any) -> dict[str, Any]:
    user = _pick(userInfo, "User")
    if not user:
        raise GeneralFailure("userInfo is required.")
    if user.get("GUID") and find(state, "User", user["GUID"]) is not None:
        raise GeneralFailure(f"User with GUID {user['GUID']} already exists.")
    _check_user(state, user, GeneralFailure)
    user["IsActive"] = True
    return user_view(state, save(state, "User", user, new=True))


@handles("UpdateUser")
def update_user(state: SeveraState, userInfo: Any) -> dict[str, Any]:
    sent = _pick(userInfo, "User")
    current = _writable_user(state, sent.get("GUID"), GeneralFailure)
    user = merged(current, sent)
    for code, guid in (("CountryCode", "CountryGUID"), ("LanguageCode", "LanguageGUID")):
        if code in sent and guid not in sent:
            user.pop(guid, None)
    _check_user(state, user, GeneralFailure)
    return user_view(state, save(state, "User", user))


def _set_active(state: SeveraState, guid: str | None, active: bool) -> bool:
    user = _writable_user(state, guid)
    if is_active(user) != active or "IsActive" not in user:
        save(state, "User", {**user, "IsActive": active})
    return True


@handles("DisableUser")
def disable_user(state: SeveraState, userGUID: str | None) -> bool:
    return _set_active(state, userGUID, False)


@handles("EnableUser")
def enable_user(state: SeveraState, userGUID: str | None) -> bool:
    return _set_active(state, userGUID, True)


def password_problem(password: str | None) -> str | None:
    """Severa's minimal password rules, as assumed here: 8 characters or more, a letter and a digit."""
    if password is None or len(password) < PASSWORD_MIN_LENGTH:
        return f"The password must be at least {PASSWORD_MIN_LENGTH} characters long."
    if password != password.strip():
        return "The password must not begin or end with a blank."
    if not re.search(r"[^\W\d_]", password) or not re.search(r"\d", password):
        return "The password must contain at least one letter and one digit."
    return None


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), PASSWORD_ITERATIONS).hex()
    return f"pbkdf2_sha256${PASSWORD_ITERATIONS}${salt}${digest}"


def password_matches(state: SeveraState, user_guid: str, password: str) -> bool:
    stored = (state.extra.get("userPasswords") or {}).get(user_guid.lower())
    if not stored:
        return False
    _, _, salt, _ = stored.split("$")
    return secrets.compare_digest(stored, hash_password(password, salt))


@handles("ChangePassword")
def change_password(state: SeveraState, userGUID: str | None, newPassword: str | None) -> bool:
    user = _writable_user(state, userGUID)
    problem = password_problem(newPassword)
    if problem is not None:
        raise GeneralFailure(problem)
    state.extra.setdefault("userPasswords", {})[user["GUID"]] = hash_password(newPassword or "")
    return True


# ---------------------------------------------------------------- cost centers (ICostCenter, an assumption)


def _check_cost_center(state: SeveraState, center: dict[str, Any]) -> None:
    if blank(center.get("Name")):
        raise ValidationFailure("Cost center name is required.")
    if blank(center.get("Identifier")):
        raise ValidationFailure("Cost center identifier is required.")
    center["Identifier"] = center["Identifier"].strip()
    clash = next((c for c in state.all("CostCenter") if same_text(c.get("Identifier"), center["Identifier"])
                  and c["GUID"] != (center.get("GUID") or "").lower()), None)
    if clash is not None:
        raise ValidationFailure(f"Cost center identifier '{center['Identifier']}' is already used by "
                                f"'{clash.get('Name')}'.")


@handles("GetCostCenterByGUID")
def get_cost_center_by_guid(state: SeveraState, costCenterGUID: str | None) -> dict[str, Any]:
    return shown(require(state, "CostCenter", costCenterGUID, NotFound, "Cost center"))


@handles("GetCostCenterByIdentifier")
def get_cost_center_by_identifier(state: SeveraState, identifier: str | None) -> dict[str, Any]:
    center = next((c for c in state.all("CostCenter") if same_text(c.get("Identifier"), identifier)), None)
    if center is None:
        raise NotFound(f"Cost center with identifier '{identifier}' was not found.")
    return shown(center)


@handles("GetAllCostCenters")
def get_all_cost_centers(state: SeveraState) -> list[dict[str, Any]]:
    """Every cost center, inactive ones too (the operation has no options), by identifier."""
    return [shown(c) for c in sorted(state.all("CostCenter"), key=lambda c: ((c.get("Identifier") or "").casefold(),
                                                                            c["GUID"]))]


@handles("GetCostCentersChangedSince")
def get_cost_centers_changed_since(state: SeveraState, startDateTime: Any, options: Any) -> list[dict[str, Any]]:
    return [shown(c) for c in _changed(state, "CostCenter", list(state.all("CostCenter")), startDateTime,
                                       flags(options))]


@handles("AddNewCostCenter")
def add_new_cost_center(state: SeveraState, costCenter: Any) -> dict[str, Any]:
    center = _pick(costCenter, "CostCenter")
    if not center:
        raise ValidationFailure("costCenter is required.")
    if center.get("GUID") and find(state, "CostCenter", center["GUID"]) is not None:
        raise ValidationFailure(f"Cost center with GUID {center['GUID']} already exists.")
    _check_cost_center(state, center)
    center["IsActive"] = True
    return save(state, "CostCenter", center, new=True)


@handles("UpdateCostCenter")
def update_cost_center(state: SeveraState, costCenter: Any) -> dict[str, Any]:
    sent = _pick(costCenter, "CostCenter")
    center = merged(require(state, "CostCenter", sent.get("GUID"), NotFound, "Cost center"), sent)
    _check_cost_center(state, center)
    return shown(save(state, "CostCenter", center))
