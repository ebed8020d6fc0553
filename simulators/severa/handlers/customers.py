"""IAccount, IAddress, ICompany, ICustomer, IContact: customers with their companies, addresses and contacts.

How the records hang together (severa.md §6.2): an Account (the customer card: number, name, reverse charge,
currency, e-invoice address) points at a Company (`CompanyGUID`) that holds the VAT number, web site and head
office address (`HeadOfficeAddressGUID`); Addresses belong to the Company (`Address.CompanyGUID`); Contacts
belong to the Account (`Contact.AccountGUID`). ICustomer's Customer is a view over an Account and its Company,
never stored: reads join them, writes split into them, so the two APIs always agree.

Accounts are organization-wide (not bound to business units), so SEV-02's business-unit limit does not
filter them.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from simulators.severa.contract_data import CONTRACT
from simulators.severa.faults import GeneralFailure, NotFound, SeveraFault, ValidationFailure
from simulators.severa.handlers.cases import is_won, save
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
    page,
    require,
    same_text,
    shown,
    since_of,
    stamp,
)
from simulators.severa.service import handles
from simulators.severa.state import SeveraState


def _members(kind: str) -> tuple[str, ...]:
    return tuple(m["name"] for m in CONTRACT["types"][kind]["members"])


ACCOUNT_MEMBERS = _members("Account")
COMPANY_MEMBERS = _members("Company")
ADDRESS_MEMBERS = _members("Address")
CONTACT_MEMBERS = _members("Contact")
CUSTOMER_MEMBERS = _members("Customer")
COMPANY_PART = tuple(m for m in CUSTOMER_MEMBERS if m in COMPANY_MEMBERS and m not in ACCOUNT_MEMBERS)
COMMUNICATION_TYPES = [v["name"] for v in CONTRACT["types"]["CommunicationMethodType"]["values"]]
SERVER_OWNED = ("GUID", "InsertTS", "UpdatedTS")

# AccountGetOptions (also ICustomer's options) and the option flags of contacts and addresses (severa.md §6.3,
# jmuukka/severa-soap AddressGetOptions): the low four bits mean the same for all three.
NEW_ONLY, INCLUDE_INACTIVE, EXCLUDE_NOT_NUMBERED, EXCLUDE_WITHOUT_WON_CASES = 1, 2, 4, 8
CHECK_ADDRESS_CHANGES, CHECK_CONTACT_CHANGES = 64, 128  # CheckAccountGroupChanges (32): no account groups here
CUSTOMER_PAGE_LIMIT = 100  # GetAllCustomers returns at most 100 per call (Severa's documentation, jmuukka)


# ---------------------------------------------------------------- won cases (VA-04)


def accounts_with_won_cases(state: SeveraState) -> set[str]:
    """Accounts with a won case, as ICase decides it (`cases.is_won`: the case's sales process is flagged IsWon
    in `extra.salesProcesses`; a case without a known sales process is won at probability 100)."""
    return {str(c.get("AccountGUID")).lower() for c in state.all("Case") if c.get("AccountGUID")
            and is_won(state, c)}


# ---------------------------------------------------------------- lookups


def _number(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _vat(value: Any) -> str:
    return re.sub(r"\s+", "", value).casefold() if isinstance(value, str) else ""


def company_of(state: SeveraState, account: dict[str, Any]) -> dict[str, Any] | None:
    return state.get("Company", account.get("CompanyGUID"))


def accounts_of_company(state: SeveraState, company_guid: str | None) -> list[dict[str, Any]]:
    wanted = (company_guid or "").lower()
    return [a for a in state.all("Account") if wanted and (a.get("CompanyGUID") or "").lower() == wanted]


def addresses_of_company(state: SeveraState, company_guid: str | None) -> list[dict[str, Any]]:
    wanted = (company_guid or "").lower()
    found = [a for a in state.all("Address") if wanted and (a.get("CompanyGUID") or "").lower() == wanted]
    return sorted(found, key=lambda a: inserted(state, "Address", a))


def contacts_of_account(state: SeveraState, account_guid: str) -> list[dict[str, Any]]:
    return [c for c in state.all("Contact") if (c.get("AccountGUID") or "").lower() == account_guid.lower()]


def _account_filter(state: SeveraState, options: int) -> Any:
    """The option flags that select accounts (inactive, unnumbered, without won cases) as a predicate."""
    won = accounts_with_won_cases(state) if options & EXCLUDE_WITHOUT_WON_CASES else None

    def keep(account: dict[str, Any]) -> bool:
        if not options & INCLUDE_INACTIVE and not is_active(account):
            return False
        if options & EXCLUDE_NOT_NUMBERED and _number(account.get("Number")) is None:
            return False
        return won is None or account["GUID"] in won

    return keep


def _latest_by(state: SeveraState, kind: str, owner: str) -> dict[str, datetime]:
    """The latest change stamp of a kind's records per owner GUID (addresses per company, contacts per account)."""
    latest: dict[str, datetime] = {}
    for record in state.all(kind):
        key, when = str(record.get(owner) or "").lower(), stamp(state, kind, record)
        if key and (key not in latest or when > latest[key]):
            latest[key] = when
    return latest


def accounts_changed_since(state: SeveraState, start: Any, options: int) -> list[dict[str, Any]]:
    """Accounts changed since `start`: the account or its company, and its addresses (CheckAddressChanges) or
    contacts (CheckContactChanges) when the options say so; NewOnly: added since. Oldest change first."""
    since, keep = since_of(start), _account_filter(state, options)
    addresses = _latest_by(state, "Address", "CompanyGUID") if options & CHECK_ADDRESS_CHANGES else {}
    contacts = _latest_by(state, "Contact", "AccountGUID") if options & CHECK_CONTACT_CHANGES else {}

    def last_change(account: dict[str, Any]) -> datetime:
        if options & NEW_ONLY:
            return inserted(state, "Account", account, "InsertTS")
        stamps = [stamp(state, "Account", account)]
        company = company_of(state, account)
        if company is not None:
            stamps += [stamp(state, "Company", company), addresses.get(company["GUID"], stamps[0])]
        stamps.append(contacts.get(account["GUID"], stamps[0]))
        return max(stamps)

    changed = [(last_change(a), a) for a in state.all("Account") if keep(a)]
    return [a for when, a in sorted(changed, key=lambda pair: pair[0]) if when >= since]


def accounts_listed(state: SeveraState, options: int) -> list[dict[str, Any]]:
    """GetAllAccounts/GetAllCustomers order: by name, then GUID (stable across pages)."""
    keep = _account_filter(state, options)
    return sorted((a for a in state.all("Account") if keep(a)),
                  key=lambda a: ((a.get("Name") or "").casefold(), a["GUID"]))


# ---------------------------------------------------------------- writes shared by IAccount and ICustomer


def _pick(record: dict[str, Any] | None, members: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in (record or {}).items() if k in members}


def _sent_code_wins(new: dict[str, Any], sent: dict[str, Any], code: str, guid: str, *others: str) -> None:
    """An update that sends a code (CurrencyCode) but not the GUID changes the reference by the code."""
    if code in sent and guid not in sent:
        new.pop(guid, None)
        for other in others:
            if other not in sent:
                new.pop(other, None)


def _check_number(state: SeveraState, number: Any, own_guid: str | None, fault: type[SeveraFault]) -> None:
    value = _number(number)
    if value is None or value <= 0:
        raise fault(f"Account number must be a positive whole number, not '{number}'.")
    clash = next((a for a in state.all("Account") if _number(a.get("Number")) == value and a["GUID"] != own_guid),
                 None)
    if clash is not None:
        raise fault(f"Account number {value} is already in use by account '{clash.get('Name')}'.")


def _next_account_number(state: SeveraState) -> int:
    """Severa numbers new accounts itself: the next number after the highest in use."""
    top = max((n for n in (_number(a.get("Number")) for a in state.all("Account")) if n is not None), default=0)
    value = max(top, state.counters.get("Account", 0)) + 1
    state.counters["Account"] = value
    return value


def _check_address(state: SeveraState, address: dict[str, Any], fault: type[SeveraFault]) -> None:
    if blank(address.get("CompanyGUID")) or find(state, "Company", address["CompanyGUID"]) is None:
        raise fault(f"Company with GUID {address.get('CompanyGUID')} does not exist.")
    address["CompanyGUID"] = address["CompanyGUID"].lower()
    fill_country(state, address, fault)


def _check_contact(state: SeveraState, contact: dict[str, Any], fault: type[SeveraFault],
                   pending: tuple[str, ...] = ()) -> None:
    """`pending`: GUIDs of records stored together with the contact (AddNewAccount's account and address)."""

    def known(kind: str, guid: Any) -> bool:
        return str(guid).lower() in pending or find(state, kind, guid) is not None

    if blank(contact.get("AccountGUID")) or not known("Account", contact["AccountGUID"]):
        raise fault(f"Account with GUID {contact.get('AccountGUID')} does not exist.")
    contact["AccountGUID"] = contact["AccountGUID"].lower()
    if blank(contact.get("FirstName")) and blank(contact.get("LastName")):
        raise fault("A contact needs a first name or a last name.")
    if not blank(contact.get("AddressGUID")) and not known("Address", contact["AddressGUID"]):
        raise fault(f"Address with GUID {contact['AddressGUID']} does not exist.")
    methods = []
    for method in contact.get("CommunicationMethods") or []:
        kind = next((t for t in COMMUNICATION_TYPES if same_text(t, method.get("Type"))), None)
        if kind is None:
            allowed = ", ".join(COMMUNICATION_TYPES)
            raise fault(f"'{method.get('Type')}' is not a communication method type ({allowed}).")
        methods.append({"IsForbiddenToUse": bool(method.get("IsForbiddenToUse")), "Name": method.get("Name"),
                        "Type": kind, "Value": method.get("Value")})
    if "CommunicationMethods" in contact:
        contact["CommunicationMethods"] = methods
    fill_language(state, contact, fault, code=False)


def _has_content(record: dict[str, Any] | None) -> bool:
    return any(v not in (None, "", [], False) for v in (record or {}).values())


def create_account(state: SeveraState, account_in: dict[str, Any], company_in: dict[str, Any] | None,
                   address_in: dict[str, Any] | None = None, contact_in: dict[str, Any] | None = None,
                   fault: type[SeveraFault] = ValidationFailure) -> dict[str, Any]:
    """AddNewAccount/AddNewCustomer: validate all four records first, then store them (all or nothing)."""
    account = _pick(account_in, ACCOUNT_MEMBERS)
    if blank(account.get("Name")):
        raise fault("Account name is required.")
    account["Name"] = account["Name"].strip()
    if account.get("GUID") and find(state, "Account", account["GUID"]) is not None:
        raise fault(f"Account with GUID {account['GUID']} already exists.")
    if account.get("Number") is not None:
        _check_number(state, account["Number"], None, fault)
        account["Number"] = _number(account["Number"])
    fill_currency(state, account, fault, default=True)
    fill_language(state, account, fault)
    now = state.clock.now()
    account.update(InsertTS=now, UpdatedTS=None, IsActive=True, GUID=account.get("GUID") or str(uuid.uuid4()))

    company_in = company_in or {}
    company = find(state, "Company", company_in["GUID"]) if company_in.get("GUID") else None
    linked = company is not None  # an existing company: the account joins it
    store_company = not linked
    if not linked:
        company = {**_pick(company_in, COMPANY_MEMBERS), "GUID": company_in.get("GUID") or str(uuid.uuid4())}
        if blank(company.get("Name")):
            company["Name"] = account["Name"]
        fill_language(state, company, fault, code=False)
    account["CompanyGUID"] = company["GUID"].lower()

    address = None
    if _has_content(address_in):
        address = {**_pick(address_in, ADDRESS_MEMBERS), "CompanyGUID": company["GUID"]}
        address["GUID"] = address.get("GUID") or str(uuid.uuid4())
        if find(state, "Address", address["GUID"]) is not None:
            raise fault(f"Address with GUID {address['GUID']} already exists.")
        if not any(address.get(f) for f in ("IsBillingAddress", "IsPostalAddress", "IsVisitAddress")):
            address.update(IsBillingAddress=True, IsPostalAddress=True, IsVisitAddress=True)
        fill_country(state, address, fault)
        if blank(company.get("HeadOfficeAddressGUID")):
            company = {**company, "HeadOfficeAddressGUID": address["GUID"].lower()}
            store_company = True

    contact = None
    if _has_content(contact_in):
        contact = {**_pick(contact_in, CONTACT_MEMBERS), "AccountGUID": account["GUID"], "IsActive": True}
        if contact.get("GUID") and find(state, "Contact", contact["GUID"]) is not None:
            raise fault(f"Contact with GUID {contact['GUID']} already exists.")
        pending = (account["GUID"].lower(), address["GUID"].lower()) if address else (account["GUID"].lower(),)
        _check_contact(state, contact, fault, pending)

    if account.get("Number") is None:
        account["Number"] = _next_account_number(state)
    if store_company:
        save(state, "Company", company, new=not linked)
    if address is not None:
        save(state, "Address", address, new=True)
    stored = save(state, "Account", account, new=True)
    if contact is not None:
        save(state, "Contact", contact, new=True)
    return stored


def update_account(state: SeveraState, account_in: dict[str, Any], company_in: dict[str, Any] | None,
                   fault: type[SeveraFault] = GeneralFailure) -> dict[str, Any]:
    """UpdateAccount/UpdateCustomer: members sent replace stored ones, members left out keep their value."""
    current = require(state, "Account", account_in.get("GUID"), fault, "Account")
    sent = _pick(account_in, ACCOUNT_MEMBERS)
    account = merged(current, sent, SERVER_OWNED)
    if blank(account.get("Name")):
        raise fault("Account name is required.")
    account["Name"] = account["Name"].strip()
    if "Number" in sent:
        _check_number(state, sent["Number"], current["GUID"], fault)
        account["Number"] = _number(sent["Number"])
    _sent_code_wins(account, sent, "CurrencyCode", "CurrencyGUID")
    _sent_code_wins(account, sent, "LanguageCode", "LanguageGUID")
    fill_currency(state, account, fault)
    fill_language(state, account, fault)

    company = company_of(state, account) if "CompanyGUID" not in sent else find(state, "Company", sent["CompanyGUID"])
    if company is None and "CompanyGUID" in sent:
        raise fault(f"Company with GUID {sent['CompanyGUID']} does not exist.")
    if company_in and company_in.get("GUID"):
        linked = find(state, "Company", company_in["GUID"])
        if linked is None:
            raise fault(f"Company with GUID {company_in['GUID']} does not exist.")
        company = linked
    new_company = None
    changes = _pick(company_in, COMPANY_MEMBERS)
    if company is None and _has_content(changes):  # an account seeded without a company gets one
        company = {"GUID": str(uuid.uuid4()), "Name": account["Name"]}
    if company is not None and changes:
        new_company = merged(company, changes)
        if blank(new_company.get("Name")):
            new_company["Name"] = company.get("Name") or account["Name"]
        head = new_company.get("HeadOfficeAddressGUID")
        if "HeadOfficeAddressGUID" in changes and not blank(head) and find(state, "Address", head) is None:
            raise fault(f"Address with GUID {head} does not exist.")
        fill_language(state, new_company, fault, code=False)
    if company is not None:
        account["CompanyGUID"] = company["GUID"].lower()
    account["UpdatedTS"] = state.clock.now()
    if new_company is not None:
        save(state, "Company", new_company, new=state.get("Company", new_company["GUID"]) is None)
    return save(state, "Account", account)


def customer_view(state: SeveraState, account: dict[str, Any]) -> dict[str, Any]:
    """A Customer: the Account's members and the customer-facing members of its Company."""
    company = company_of(state, account) or {}
    view = {k: v for k, v in shown(account).items() if k in CUSTOMER_MEMBERS}
    view.update({k: company.get(k) for k in COMPANY_PART})
    return view


def _split_customer(customer: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    account = _pick(customer, ACCOUNT_MEMBERS)
    company = _pick(customer, COMPANY_PART)
    if not blank(customer.get("Name")):
        company["Name"] = customer["Name"]  # the customer's name is its company's name too
    return account, company


# ---------------------------------------------------------------- IAccount


@handles("GetAccountByGUID")
def get_account_by_guid(state: SeveraState, accountGuid: str | None) -> dict[str, Any]:
    return shown(require(state, "Account", accountGuid, NotFound, "Account"))


@handles("GetAccountByNumber")
def get_account_by_number(state: SeveraState, accountNumber: int | None) -> dict[str, Any] | None:
    return next((shown(a) for a in state.all("Account") if accountNumber is not None
                 and _number(a.get("Number")) == accountNumber), None)


@handles("GetAccountByName")
def get_account_by_name(state: SeveraState, accountName: str | None) -> dict[str, Any] | None:
    found = [a for a in state.all("Account") if same_text(a.get("Name"), accountName)]
    return shown(sorted(found, key=lambda a: not is_active(a))[0]) if found else None


@handles("GetAccountByVatNumber")
def get_account_by_vat_number(state: SeveraState, vatNumber: str | None) -> dict[str, Any] | None:
    """The VAT number is the Company's (Account.CompanyGUID -> Company.VatNumber); spaces and case don't matter."""
    wanted = _vat(vatNumber)
    if not wanted:
        return None
    found = [a for a in state.all("Account") if _vat((company_of(state, a) or {}).get("VatNumber")) == wanted]
    return shown(sorted(found, key=lambda a: not is_active(a))[0]) if found else None


@handles("GetAccountsByCompanyGUID")
def get_accounts_by_company_guid(state: SeveraState, companyGuid: str | None) -> list[dict[str, Any]]:
    company = find(state, "Company", companyGuid)
    return [shown(a) for a in accounts_of_company(state, company["GUID"])] if company else []


@handles("AddNewAccount")
def add_new_account(state: SeveraState, accountInfo: Any, companyInfo: Any, addressInfo: Any,
                    contactInfo: Any) -> dict[str, Any]:
    if accountInfo is None:
        raise ValidationFailure("accountInfo is required.")
    return shown(create_account(state, from_model(accountInfo), from_model(companyInfo), from_model(addressInfo),
                                from_model(contactInfo)))


@handles("UpdateAccount")
def update_account_op(state: SeveraState, accountInfo: Any, companyInfo: Any) -> dict[str, Any]:
    if accountInfo is None:
        raise GeneralFailure("accountInfo is required.")
    return shown(update_account(state, from_model(accountInfo), from_model(companyInfo)))


@handles("GetAccountsByInsertDate")
def get_accounts_by_insert_date(state: SeveraState, insertStartDate: Any, insertEndDate: Any) -> list[dict[str, Any]]:
    start, end = since_of(insertStartDate), since_of(insertEndDate) if insertEndDate is not None else None
    found = [(inserted(state, "Account", a, "InsertTS"), a) for a in state.all("Account")]
    return [shown(a) for when, a in sorted(found, key=lambda p: p[0]) if when >= start and (end is None or when <= end)]


@handles("GetAccountsChangedSince")
def get_accounts_changed_since(state: SeveraState, startDateTime: Any, options: Any) -> list[dict[str, Any]]:
    return [shown(a) for a in accounts_changed_since(state, startDateTime, flags(options, "AccountGetOptions"))]


@handles("GetAccountsChangedSinceOpts")
def get_accounts_changed_since_opts(state: SeveraState, startDateTime: Any, options: Any) -> list[dict[str, Any]]:
    return get_accounts_changed_since(state, startDateTime, options)


@handles("GetAllAccounts")
def get_all_accounts(state: SeveraState, options: Any, startFromIndex: int | None,
                     count: int | None) -> list[dict[str, Any]]:
    listed = page(accounts_listed(state, flags(options, "AccountGetOptions")), startFromIndex, count)
    return [{"GUID": a["GUID"], "Name": a.get("Name"), "Number": _number(a.get("Number"))} for a in listed]


@handles("GetHeadOfficeAddressByAccountGUID")
def get_head_office_address_by_account_guid(state: SeveraState, accountGUID: str | None) -> dict[str, Any] | None:
    account = find(state, "Account", accountGUID)
    company = company_of(state, account) if account else None
    return state.get("Address", company.get("HeadOfficeAddressGUID")) if company else None


# ---------------------------------------------------------------- IAddress


@handles("GetAddressByGUID")
def get_address_by_guid(state: SeveraState, addressGUID: str | None) -> dict[str, Any]:
    return require(state, "Address", addressGUID, NotFound, "Address")


@handles("AddNewAddress")
def add_new_address(state: SeveraState, addressInfo: Any) -> dict[str, Any]:
    address = _pick(from_model(addressInfo), ADDRESS_MEMBERS)
    if not address:
        raise GeneralFailure("addressInfo is required.")
    if address.get("GUID") and find(state, "Address", address["GUID"]) is not None:
        raise GeneralFailure(f"Address with GUID {address['GUID']} already exists.")
    _check_address(state, address, GeneralFailure)
    company = state.get("Company", address["CompanyGUID"])
    stored = save(state, "Address", address, new=True)
    if company is not None and blank(company.get("HeadOfficeAddressGUID")):
        save(state, "Company", {**company, "HeadOfficeAddressGUID": stored["GUID"]})
    return stored


@handles("UpdateAddress")
def update_address(state: SeveraState, addressInfo: Any) -> dict[str, Any]:
    sent = _pick(from_model(addressInfo), ADDRESS_MEMBERS)
    current = require(state, "Address", sent.get("GUID"), NotFound, "Address")
    address = merged(current, sent)
    _sent_code_wins(address, sent, "CountryCode", "CountryGUID", "CountryName")
    _sent_code_wins(address, sent, "CountryName", "CountryGUID", "CountryCode")
    _check_address(state, address, GeneralFailure)
    return save(state, "Address", address)


def _owner_filter(state: SeveraState, options: int) -> Any:
    """Contacts' and addresses' options speak of their accounts: inactive, unnumbered, without won cases."""
    won = accounts_with_won_cases(state) if options & EXCLUDE_WITHOUT_WON_CASES else None

    def keep(accounts: list[dict[str, Any]]) -> bool:
        if not options & INCLUDE_INACTIVE and accounts and not any(is_active(a) for a in accounts):
            return False
        if options & EXCLUDE_NOT_NUMBERED and not any(_number(a.get("Number")) is not None for a in accounts):
            return False
        return won is None or any(a["GUID"] in won for a in accounts)

    return keep


@handles("GetAddressesChangedSince")
def get_addresses_changed_since(state: SeveraState, accountGUID: str | None, startDateTime: Any,
                                options: Any) -> list[dict[str, Any]]:
    """AddressGetOptions: NewOnly 1, IncludeAddressesOfInactiveAccounts 2, ExcludeAddressesOfAccountsWithout-
    AccountNumber 4, ExcludeAddressesOfAccountsWithoutCaseInWonSalesState 8."""
    opts, since = flags(options), since_of(startDateTime)
    keep = _owner_filter(state, opts)
    if blank(accountGUID):
        owners: dict[str, list[dict[str, Any]]] = {}
        for account in state.all("Account"):
            owners.setdefault(str(account.get("CompanyGUID") or "").lower(), []).append(account)
        candidates = [(a, owners.get(str(a.get("CompanyGUID") or "").lower(), [])) for a in state.all("Address")]
    else:
        account = find(state, "Account", accountGUID)
        if account is None:
            return []
        candidates = [(a, [account]) for a in addresses_of_company(state, account.get("CompanyGUID"))]
    when = (lambda a: inserted(state, "Address", a)) if opts & NEW_ONLY else (lambda a: stamp(state, "Address", a))
    return by_stamp(state, "Address", [a for a, owners in candidates if keep(owners) and when(a) >= since])


@handles("GetBillingAddress")
def get_billing_address(state: SeveraState) -> dict[str, Any]:
    """The organization's own billing address: `extra.organization.BillingAddressGUID` in a dataset."""
    organization = state.extra.get("organization") or {}
    address = state.get("Address", organization.get("BillingAddressGUID"))
    if address is None:
        raise NotFound("The organization has no billing address.")
    return address


@handles("GetFirstAccountsBillingAddress")
def get_first_accounts_billing_address(state: SeveraState, accountGUID: str | None) -> dict[str, Any]:
    account = require(state, "Account", accountGUID, NotFound, "Account")
    billing = [a for a in addresses_of_company(state, account.get("CompanyGUID")) if a.get("IsBillingAddress")]
    if not billing:
        raise NotFound(f"Account {account.get('Name')} has no billing address.")
    return billing[0]


# ---------------------------------------------------------------- ICompany


@handles("GetCompanyByGUID")
def get_company_by_guid(state: SeveraState, companyGuid: str | None) -> dict[str, Any]:
    return require(state, "Company", companyGuid, NotFound, "Company")


# ---------------------------------------------------------------- ICustomer


@handles("GetCustomerByGUID")
def get_customer_by_guid(state: SeveraState, accountGuid: str | None) -> dict[str, Any]:
    return customer_view(state, require(state, "Account", accountGuid, NotFound, "Customer"))


@handles("AddNewCustomer")
def add_new_customer(state: SeveraState, customer: Any) -> dict[str, Any]:
    if customer is None:
        raise ValidationFailure("customer is required.")
    account, company = _split_customer(from_model(customer))
    if account.get("CompanyGUID"):
        company["GUID"] = account["CompanyGUID"]
    return customer_view(state, create_account(state, account, company))


@handles("UpdateCustomer")
def update_customer(state: SeveraState, customer: Any) -> dict[str, Any]:
    if customer is None:
        raise GeneralFailure("customer is required.")
    account, company = _split_customer(from_model(customer))
    return customer_view(state, update_account(state, account, company))


@handles("GetCustomersChangedSince")
def get_customers_changed_since(state: SeveraState, startDateTime: Any, options: Any) -> list[dict[str, Any]]:
    return [customer_view(state, a)
            for a in accounts_changed_since(state, startDateTime, flags(options, "AccountGetOptions"))]


@handles("GetAllCustomers")
def get_all_customers(state: SeveraState, options: Any, startFromIndex: int | None,
                      count: int | None) -> list[dict[str, Any]]:
    listed = accounts_listed(state, flags(options, "AccountGetOptions"))
    return [customer_view(state, a) for a in page(listed, startFromIndex, count, CUSTOMER_PAGE_LIMIT)]


# ---------------------------------------------------------------- IContact


@handles("GetContactByGUID")
def get_contact_by_guid(state: SeveraState, contactGUID: str | None) -> dict[str, Any]:
    return shown(require(state, "Contact", contactGUID, NotFound, "Contact"))


@handles("AddNewContact")
def add_new_contact(state: SeveraState, contactInfo: Any) -> dict[str, Any]:
    contact = _pick(from_model(contactInfo), CONTACT_MEMBERS)
    if not contact:
        raise ValidationFailure("contactInfo is required.")
    if contact.get("GUID") and find(state, "Contact", contact["GUID"]) is not None:
        raise ValidationFailure(f"Contact with GUID {contact['GUID']} already exists.")
    _check_contact(state, contact, ValidationFailure)
    contact["IsActive"] = True
    return save(state, "Contact", contact, new=True)


@handles("UpdateContact")
def update_contact(state: SeveraState, contactInfo: Any) -> dict[str, Any]:
    sent = _pick(from_model(contactInfo), CONTACT_MEMBERS)
    current = require(state, "Contact", sent.get("GUID"), NotFound, "Contact")
    contact = merged(current, sent)
    _check_contact(state, contact, GeneralFailure)
    return shown(save(state, "Contact", contact))


@handles("GetContactsByAccountGUID")
def get_contacts_by_account_guid(state: SeveraState, accountGUID: str | None) -> list[dict[str, Any]]:
    """Only the account's active contacts (VA-03: inactive contacts are not transferred)."""
    account = require(state, "Account", accountGUID, NotFound, "Account")
    return [shown(c) for c in contacts_of_account(state, account["GUID"]) if is_active(c)]


@handles("GetContactsChangedSince")
def get_contacts_changed_since(state: SeveraState, accountGUID: str | None, startDateTime: Any,
                               options: Any) -> list[dict[str, Any]]:
    """ContactGetOptions: NewOnly 1, IncludeInactive 2 (inactive contacts, and contacts of inactive accounts),
    ExcludeNotNumbered 4, ExcludeWithNoWonCases 8 (of the contact's account)."""
    opts, since = flags(options), since_of(startDateTime)
    keep = _owner_filter(state, opts)
    if blank(accountGUID):
        contacts = list(state.all("Contact"))
    else:
        account = find(state, "Account", accountGUID)
        contacts = contacts_of_account(state, account["GUID"]) if account else []
    found = []
    for contact in contacts:
        owner = state.get("Account", contact.get("AccountGUID"))
        if not opts & INCLUDE_INACTIVE and not is_active(contact):
            continue
        if not keep([owner] if owner else []):
            continue
        when = inserted(state, "Contact", contact) if opts & NEW_ONLY else stamp(state, "Contact", contact)
        if when >= since:
            found.append(contact)
    return [shown(c) for c in by_stamp(state, "Contact", found)]


@handles("GetContactsByCommunicationMethodType")
def get_contacts_by_communication_method_type(state: SeveraState, type: Any, value: str | None) -> list[dict[str, Any]]:
    """Contacts with a communication method of that type whose value matches (spaces and case ignored)."""
    kind = str(type) if type is not None else None
    wanted = re.sub(r"\s+", "", value or "").casefold()

    def matches(method: dict[str, Any]) -> bool:
        if not same_text(method.get("Type"), kind):
            return False
        return not wanted or re.sub(r"\s+", "", method.get("Value") or "").casefold() == wanted

    return [shown(c) for c in state.all("Contact") if any(matches(m) for m in c.get("CommunicationMethods") or [])]
