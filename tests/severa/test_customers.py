"""IAccount, IAddress, ICompany, ICustomer, IContact through zeep and raw WCF envelopes."""

from __future__ import annotations

import pytest
import zeep.exceptions
from lxml import etree

from simulators.testing import is_nil

ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
TNS = "http://soap.severa.com/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

A1, A2, A3, A4 = (f"a0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
C1, C2, C3, C4 = (f"c0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
AD1, AD2 = "ad000000-0000-4000-8000-000000000001", "ad000000-0000-4000-8000-000000000002"
P1, P2 = "b0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002"
WON, OFFER = "5b000000-0000-4000-8000-000000000001", "5b000000-0000-4000-8000-000000000002"

DATASET = {
    "Company": [
        {"GUID": C1, "Name": "Alpha Oy", "VatNumber": "FI11111111", "HeadOfficeAddressGUID": AD1},
        {"GUID": C2, "Name": "Beta AB", "VatNumber": "SE556677889901", "Website": "beta.se"},
        {"GUID": C3, "Name": "Gamma Oy"},
        {"GUID": C4, "Name": "Delta Oy"},
    ],
    "Account": [
        {"GUID": A1, "Name": "Alpha Oy", "Number": 1001, "CompanyGUID": C1, "IsActive": True, "ReverseCharge": False},
        {"GUID": A2, "Name": "Beta AB", "Number": 1002, "CompanyGUID": C2, "IsActive": True, "ReverseCharge": True,
         "CurrencyCode": "SEK"},
        {"GUID": A3, "Name": "Gamma Oy", "Number": 1003, "CompanyGUID": C3, "IsActive": False},
        {"GUID": A4, "Name": "Delta prospect", "CompanyGUID": C4},
    ],
    "Address": [
        {"GUID": AD1, "CompanyGUID": C1, "Addressline": "Mannerheimintie 1", "PostalCode": "00100",
         "City": "Helsinki", "CountryCode": "FI", "IsBillingAddress": True, "IsPostalAddress": True},
        {"GUID": AD2, "CompanyGUID": C3, "Addressline": "Kauppakatu 3", "City": "Tampere", "IsVisitAddress": True},
    ],
    "Contact": [
        {"GUID": P1, "AccountGUID": A1, "FirstName": "Aino", "LastName": "Alpha", "IsActive": True,
         "CommunicationMethods": [{"Type": "EmailAddress", "Value": "aino@alpha.fi", "IsForbiddenToUse": False}]},
        {"GUID": P2, "AccountGUID": A1, "FirstName": "Olli", "LastName": "Old", "IsActive": False},
    ],
}


@pytest.fixture
def org(severa):
    severa.seed(DATASET)
    return severa


def fault_of(reply) -> str:
    assert reply.status_code == 500, reply.text
    return etree.QName(etree.fromstring(reply.content).find(".//detail")[0]).localname


def zeep_fault(excinfo) -> str:
    return etree.QName(excinfo.value.detail[0]).localname


def result_of(reply, operation: str) -> etree._Element:
    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{{TNS}}}{operation}Result")


def later(handle, seconds: float = 3600):
    """Move the tenant clock on and return an instant after everything so far and before what comes next."""
    handle.clock.advance(seconds)
    mark = handle.clock.now()
    handle.clock.advance(60)
    return mark


# ---------------------------------------------------------------- accounts


def test_add_new_account_creates_account_company_address_and_contact(severa):
    accounts = severa.zeep("IAccount")
    account = accounts.AddNewAccount(
        {"Name": "  Acme Oy ", "Number": 5001, "ReverseCharge": True, "CurrencyCode": "eur", "LanguageCode": "fi-FI",
         "eInvoiceAddress": "003712345678", "eInvoiceOperator": "003721291126"},
        {"VatNumber": "FI 1234 5678", "Website": "acme.fi"},
        {"Addressline": "Katu 1", "PostalCode": "00100", "City": "Helsinki", "CountryCode": "fi"},
        {"FirstName": "Anna", "LastName": "Asiakas",
         "CommunicationMethods": {"Contact.CommunicationMethod": [
             {"Type": "EmailAddress", "Value": "anna@acme.fi", "IsForbiddenToUse": False}]}})
    assert (account.Name, account.Number, account.ReverseCharge, account.IsActive) == ("Acme Oy", 5001, True, True)
    assert account.CurrencyCode == "EUR" and account.CurrencyGUID == severa.zeep("ICurrency").GetCurrencyByIsoCode(
        "EUR").GUID
    assert account.LanguageGUID == severa.zeep("ILanguage").GetLanguageByIetfTag("fi-FI").GUID
    assert account.InsertTS is not None and account.UpdatedTS is None

    company = severa.zeep("ICompany").GetCompanyByGUID(account.CompanyGUID)
    assert (company.Name, company.VatNumber, company.Website) == ("Acme Oy", "FI 1234 5678", "acme.fi")
    head = accounts.GetHeadOfficeAddressByAccountGUID(account.GUID)
    assert company.HeadOfficeAddressGUID == head.GUID and head.CompanyGUID == company.GUID
    assert (head.CountryCode, head.CountryName) == ("FI", "Finland")
    assert head.CountryGUID == severa.zeep("ICountry").GetCountryByISO("FI").GUID
    assert head.IsBillingAddress and head.IsPostalAddress and head.IsVisitAddress
    assert severa.zeep("IAddress").GetFirstAccountsBillingAddress(account.GUID).GUID == head.GUID

    (contact,) = severa.zeep("IContact").GetContactsByAccountGUID(account.GUID)
    assert (contact.FirstName, contact.LastName, contact.IsActive) == ("Anna", "Asiakas", True)
    assert contact.CommunicationMethods["Contact.CommunicationMethod"][0].Value == "anna@acme.fi"
    assert accounts.GetAccountByVatNumber("fi12345678").GUID == account.GUID
    severa.verify(operation="AddNewAccount", count=1)


def test_add_new_account_through_a_raw_envelope(severa):
    reply = severa.soap("IAccount", "AddNewAccount", (
        f'<accountInfo xmlns:a="{ENT}"><a:Name>Raw Oy</a:Name><a:Number>77</a:Number></accountInfo>'
        f'<companyInfo xmlns:a="{ENT}"><a:VatNumber>FI7777</a:VatNumber></companyInfo>'
        f'<addressInfo xmlns:i="{XSI}" i:nil="true"/><contactInfo xmlns:i="{XSI}" i:nil="true"/>'))
    account = result_of(reply, "AddNewAccount")
    assert account.findtext(f"{{{ENT}}}Name") == "Raw Oy"
    assert account.findtext(f"{{{ENT}}}Number") == "77"
    assert account.find(f"{{{ENT}}}Notes").get(f"{{{XSI}}}nil") == "true"  # WCF writes every member
    found = result_of(severa.soap("IAccount", "GetAccountByNumber", "<accountNumber>77</accountNumber>"),
                      "GetAccountByNumber")
    assert found.findtext(f"{{{ENT}}}GUID") == account.findtext(f"{{{ENT}}}GUID")
    company = severa.zeep("ICompany").GetCompanyByGUID(account.findtext(f"{{{ENT}}}CompanyGUID"))
    assert company.VatNumber == "FI7777" and company.HeadOfficeAddressGUID is None


@pytest.mark.parametrize(("account", "message"), [
    ({"Name": "Dup Oy", "Number": 1001}, "already in use"),
    ({"Name": "Neg Oy", "Number": -5}, "positive"),
    ({"Name": "Zero Oy", "Number": 0}, "positive"),
    ({"Name": "   ", "Number": 9999}, "name is required"),
    ({"Name": "Money Oy", "CurrencyCode": "XYZ"}, "XYZ"),
])
def test_add_new_account_validates(org, account, message):
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        org.zeep("IAccount").AddNewAccount(account, None, None, None)
    assert zeep_fault(excinfo) == "ValidationException"
    assert message in excinfo.value.message
    assert len(list(org.state.all("Account"))) == 4 and len(list(org.state.all("Company"))) == 4


def test_a_bad_contact_or_country_stores_nothing(org):
    accounts = org.zeep("IAccount")
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        accounts.AddNewAccount({"Name": "Half Oy"}, None, {"City": "X", "CountryCode": "ZZ"}, None)
    assert zeep_fault(excinfo) == "ValidationException"
    with pytest.raises(zeep.exceptions.Fault):
        accounts.AddNewAccount({"Name": "Half Oy"}, None, None, {"JobTitle": "CEO"})
    assert is_nil(accounts.GetAccountByName("Half Oy"))
    assert len(list(org.state.all("Company"))) == 4 and len(list(org.state.all("Address"))) == 2


def test_an_account_without_a_number_gets_the_next_one(org):
    accounts = org.zeep("IAccount")
    assert accounts.AddNewAccount({"Name": "Next Oy"}, None, None, None).Number == 1004
    assert accounts.AddNewAccount({"Name": "After Oy"}, None, None, None).Number == 1005


def test_account_joins_an_existing_company(org):
    account = org.zeep("IAccount").AddNewAccount({"Name": "Alpha Oy, Turku"}, {"GUID": C1.upper()}, None, None)
    assert account.CompanyGUID == C1
    assert {a.GUID for a in org.zeep("IAccount").GetAccountsByCompanyGUID(C1)} == {A1, account.GUID}
    assert org.zeep("ICompany").GetCompanyByGUID(C1).VatNumber == "FI11111111"


def test_lookups_by_guid_number_name_and_vat_number(org):
    accounts = org.zeep("IAccount")
    assert accounts.GetAccountByGUID(A1.upper()).Name == "Alpha Oy"
    assert accounts.GetAccountByNumber(1002).GUID == A2
    assert accounts.GetAccountByNumber(1003).IsActive is False  # lookups find inactive accounts too
    assert accounts.GetAccountByName("beta ab").GUID == A2
    assert accounts.GetAccountByVatNumber("se 5566 7788 9901").GUID == A2
    assert accounts.GetAccountByVatNumber("FI11111111").ReverseCharge is False
    assert is_nil(accounts.GetAccountByNumber(424242))
    assert is_nil(accounts.GetAccountByVatNumber("FI00000000"))
    assert accounts.GetAccountsByCompanyGUID("c0000000-0000-4000-8000-0000000000ff") is None  # an empty list
    assert accounts.GetAccountByGUID(A4).IsActive is True  # seeded without IsActive: active


def test_missing_accounts_on_the_wire(org):
    nil = result_of(org.soap("IAccount", "GetAccountByNumber", "<accountNumber>424242</accountNumber>"),
                    "GetAccountByNumber")
    assert nil is None or nil.get(f"{{{XSI}}}nil") == "true" or len(nil) == 0
    assert fault_of(org.soap("IAccount", "GetAccountByGUID",
                             "<accountGuid>a0000000-0000-4000-8000-0000000000ff</accountGuid>")) == "NotFoundException"
    assert fault_of(org.soap("IAccount", "GetAccountByGUID", "<accountGuid>nope</accountGuid>")) \
        == "GeneralFailureException"


def test_update_account_and_its_company(org):
    accounts = org.zeep("IAccount")
    updated = accounts.UpdateAccount({"GUID": A1, "Name": "Alpha Group Oy", "ReverseCharge": True, "PaymentTerm": 21},
                                     {"VatNumber": "FI22222222"})
    assert (updated.Name, updated.ReverseCharge, updated.PaymentTerm, updated.Number) == (
        "Alpha Group Oy", True, 21, 1001)
    assert updated.UpdatedTS is not None
    assert accounts.GetAccountByVatNumber("FI22222222").GUID == A1
    assert is_nil(accounts.GetAccountByVatNumber("FI11111111"))
    company = org.zeep("ICompany").GetCompanyByGUID(C1)
    assert company.VatNumber == "FI22222222" and company.HeadOfficeAddressGUID == AD1
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        accounts.UpdateAccount({"GUID": A1, "Number": 1002}, None)
    assert zeep_fault(excinfo) == "GeneralFailureException" and "already in use" in excinfo.value.message
    with pytest.raises(zeep.exceptions.Fault):
        accounts.UpdateAccount({"GUID": "a0000000-0000-4000-8000-0000000000ff", "Name": "Ghost"}, None)


def test_accounts_changed_since_follow_the_tenant_clock(org):
    accounts = org.zeep("IAccount")
    everything = accounts.GetAccountsChangedSince(org.clock.now().replace(year=2000), 0)
    assert {a.GUID for a in everything} == {A1, A2, A4}  # the inactive one is left out
    mark = later(org)
    assert accounts.GetAccountsChangedSince(mark, 0) is None
    accounts.UpdateAccount({"GUID": A2, "Notes": "changed"}, None)
    assert [a.GUID for a in accounts.GetAccountsChangedSince(mark, 0)] == [A2]
    assert [a.GUID for a in accounts.GetAccountsChangedSinceOpts(mark, "None")] == [A2]
    reply = org.soap("IAccount", "GetAccountsChangedSince",
                     f"<startDateTime>{mark.replace(tzinfo=None).isoformat()}</startDateTime><options>0</options>")
    found = result_of(reply, "GetAccountsChangedSince")
    assert [a.findtext(f"{{{ENT}}}GUID") for a in found.findall(f"{{{ENT}}}Account")] == [A2]


def test_changed_since_options(org):
    accounts = org.zeep("IAccount")
    mark = later(org)
    accounts.UpdateAccount({"GUID": A3, "Notes": "still inactive"}, None)
    accounts.UpdateAccount({"GUID": A4, "Notes": "no number"}, None)
    assert {a.GUID for a in accounts.GetAccountsChangedSince(mark, 0)} == {A4}
    assert {a.GUID for a in accounts.GetAccountsChangedSince(mark, 2)} == {A3, A4}  # IncludeInactive
    assert {a.GUID for a in accounts.GetAccountsChangedSinceOpts(mark, "IncludeInactive")} == {A3, A4}
    assert accounts.GetAccountsChangedSince(mark, 2 | 4)[0].GUID == A3  # ExcludeNotNumbered
    assert accounts.GetAccountsChangedSinceOpts(mark, "ExcludeNotNumbered") is None
    new = accounts.AddNewAccount({"Name": "Fresh Oy"}, None, None, None)
    assert [a.GUID for a in accounts.GetAccountsChangedSince(mark, 1)] == [new.GUID]  # NewOnly
    assert [a.GUID for a in accounts.GetAccountsChangedSinceOpts(mark, "NewOnly")] == [new.GUID]


def test_child_changes_count_when_asked(org):
    accounts = org.zeep("IAccount")
    mark = later(org)
    org.zeep("IAddress").UpdateAddress({"GUID": AD1, "PostalCode": "00200"})
    assert accounts.GetAccountsChangedSince(mark, 0) is None
    assert [a.GUID for a in accounts.GetAccountsChangedSince(mark, 64)] == [A1]  # CheckAddressChanges
    assert [a.GUID for a in accounts.GetAccountsChangedSinceOpts(mark, "CheckChildChanges")] == [A1]
    assert accounts.GetAccountsChangedSinceOpts(mark, "CheckContactChanges") is None
    mark = later(org)
    org.zeep("IContact").UpdateContact({"GUID": P1, "JobTitle": "CFO"})
    assert [a.GUID for a in accounts.GetAccountsChangedSinceOpts(mark, "CheckContactChanges")] == [A1]
    assert accounts.GetAccountsChangedSinceOpts(mark, "CheckAddressChanges") is None


def test_won_cases_option(org):
    dataset = {**DATASET,
               "Case": [{"GUID": "ca000000-0000-4000-8000-000000000001", "AccountGUID": A1, "Name": "Won deal",
                         "SalesProcessGUID": WON},
                        {"GUID": "ca000000-0000-4000-8000-000000000002", "AccountGUID": A2, "Name": "Offer",
                         "SalesProcessGUID": OFFER}],
               "extra": {"salesProcesses": [{"GUID": WON, "Name": "Won", "IsWon": True},
                                            {"GUID": OFFER, "Name": "Offer sent", "IsWon": False}]}}
    org.seed(dataset)
    accounts = org.zeep("IAccount")
    assert [a.GUID for a in accounts.GetAllAccounts("ExcludeWithNoWonCases", 0, 10)] == [A1]
    assert [a.GUID for a in accounts.GetAccountsChangedSince(org.clock.now().replace(year=2000), 8)] == [A1]
    assert [c.GUID for c in org.zeep("ICustomer").GetAllCustomers(8, 0, 10)] == [A1]
    addresses = org.zeep("IAddress").GetAddressesChangedSince("", org.clock.now().replace(year=2000), 8)
    assert [a.GUID for a in addresses] == [AD1]


def test_get_all_accounts_pages_by_name(org):
    accounts = org.zeep("IAccount")
    first = accounts.GetAllAccounts("None", 0, 2)
    assert [(a.Name, a.Number) for a in first] == [("Alpha Oy", 1001), ("Beta AB", 1002)]
    assert [a.Name for a in accounts.GetAllAccounts("None", 2, 2)] == ["Delta prospect"]
    assert accounts.GetAllAccounts("None", 3, 2) is None
    assert [a.Name for a in accounts.GetAllAccounts("IncludeInactive", 2, 5)] == ["Delta prospect", "Gamma Oy"]
    assert [a.Name for a in accounts.GetAllAccounts("ExcludeNotNumbered", 0, 10)] == ["Alpha Oy", "Beta AB"]
    reply = org.soap("IAccount", "GetAllAccounts",
                     "<options>IncludeInactive</options><startFromIndex>0</startFromIndex><count>10</count>")
    tiny = result_of(reply, "GetAllAccounts").findall(f"{{{ENT}}}AccountTiny")
    assert len(tiny) == 4 and [etree.QName(c).localname for c in tiny[0]] == ["GUID", "Name", "Number"]


def test_accounts_by_insert_date(org):
    accounts = org.zeep("IAccount")
    mark = later(org)
    new = accounts.AddNewAccount({"Name": "Inserted Oy"}, None, None, None)
    assert [a.GUID for a in accounts.GetAccountsByInsertDate(mark, None)] == [new.GUID]
    assert accounts.GetAccountsByInsertDate(mark.replace(year=2000), mark) is not None
    assert new.GUID not in {a.GUID for a in accounts.GetAccountsByInsertDate(mark.replace(year=2000), mark)}


# ---------------------------------------------------------------- customers (a view over Account + Company)


def test_customer_is_account_and_company(org):
    customer = org.zeep("ICustomer").GetCustomerByGUID(A2)
    assert (customer.GUID, customer.CompanyGUID, customer.Name, customer.Number) == (A2, C2, "Beta AB", 1002)
    assert (customer.VatNumber, customer.Website, customer.ReverseCharge) == ("SE556677889901", "beta.se", True)
    reply = org.soap("ICustomer", "GetCustomerByGUID", f"<accountGuid>{A1}</accountGuid>")
    found = result_of(reply, "GetCustomerByGUID")
    assert found.findtext(f"{{{ENT}}}HeadOfficeAddressGUID") == AD1
    assert found.findtext(f"{{{ENT}}}VatNumber") == "FI11111111"
    assert fault_of(org.soap("ICustomer", "GetCustomerByGUID",
                             "<accountGuid>a0000000-0000-4000-8000-0000000000ff</accountGuid>")) == "NotFoundException"


def test_customer_writes_split_into_account_and_company(org):
    customers = org.zeep("ICustomer")
    added = customers.AddNewCustomer({"Name": "Kappa Oy", "Number": 2001, "VatNumber": "FI33333333",
                                      "Email": "info@kappa.fi", "ReverseCharge": False})
    account = org.zeep("IAccount").GetAccountByGUID(added.GUID)
    company = org.zeep("ICompany").GetCompanyByGUID(account.CompanyGUID)
    assert (account.Name, account.Number) == ("Kappa Oy", 2001)
    assert (company.Name, company.VatNumber, company.Email) == ("Kappa Oy", "FI33333333", "info@kappa.fi")
    assert added.CompanyGUID == company.GUID and added.VatNumber == "FI33333333"

    updated = customers.UpdateCustomer({"GUID": added.GUID, "VatNumber": "FI44444444", "ReverseCharge": True})
    assert (updated.VatNumber, updated.ReverseCharge, updated.Number) == ("FI44444444", True, 2001)
    assert org.zeep("IAccount").GetAccountByVatNumber("FI44444444").GUID == added.GUID
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        customers.AddNewCustomer({"Name": "Clash Oy", "Number": 2001})
    assert zeep_fault(excinfo) == "ValidationException"


def test_customers_changed_since_and_paging(org):
    customers = org.zeep("ICustomer")
    mark = later(org)
    org.zeep("IAccount").UpdateAccount({"GUID": A1}, {"Website": "alpha.fi"})
    assert [c.GUID for c in customers.GetCustomersChangedSince(mark, 0)] == [A1]
    assert customers.GetCustomersChangedSince(mark, 0)[0].Website == "alpha.fi"
    assert [c.Name for c in customers.GetAllCustomers(0, 1, 2)] == ["Beta AB", "Delta prospect"]


def test_get_all_customers_gives_at_most_100(severa):
    severa.seed({"Account": [{"GUID": f"a1000000-0000-4000-8000-{i:012d}", "Name": f"Customer {i:03d}",
                              "Number": 10_000 + i} for i in range(120)]})
    customers = severa.zeep("ICustomer")
    assert len(customers.GetAllCustomers(0, 0, 500)) == 100
    rest = customers.GetAllCustomers(0, 100, 100)
    assert [c.Number for c in rest] == list(range(10_100, 10_120))
    assert customers.GetAllCustomers(0, 1000, 100) is None
    assert len(severa.zeep("IAccount").GetAllAccounts("None", 0, 500)) == 120  # no such cap for accounts


# ---------------------------------------------------------------- addresses


def test_addresses(org):
    addresses = org.zeep("IAddress")
    added = addresses.AddNewAddress({"CompanyGUID": C2, "Addressline": "Storgatan 1", "City": "Stockholm",
                                     "CountryName": "Sweden", "IsBillingAddress": True})
    assert (added.CountryCode, added.CountryName) == ("SE", "Sweden")
    assert org.zeep("ICompany").GetCompanyByGUID(C2).HeadOfficeAddressGUID == added.GUID
    assert org.zeep("IAccount").GetHeadOfficeAddressByAccountGUID(A2).GUID == added.GUID
    assert addresses.GetFirstAccountsBillingAddress(A2).GUID == added.GUID
    moved = addresses.UpdateAddress({"GUID": added.GUID, "CountryCode": "NO"})
    assert (moved.CountryCode, moved.CountryName, moved.City) == ("NO", "Norway", "Stockholm")
    assert moved.CountryGUID == org.zeep("ICountry").GetCountryByISO("NO").GUID
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        addresses.AddNewAddress({"CompanyGUID": "c0000000-0000-4000-8000-0000000000ff", "City": "Nowhere"})
    assert zeep_fault(excinfo) == "GeneralFailureException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        addresses.UpdateAddress({"GUID": "ad000000-0000-4000-8000-0000000000ff", "City": "Nowhere"})
    assert zeep_fault(excinfo) == "NotFoundException"
    assert fault_of(org.soap("IAddress", "GetFirstAccountsBillingAddress", f"<accountGUID>{A4}</accountGUID>")) \
        == "NotFoundException"


def test_an_address_without_a_country_is_fine(org):
    added = org.zeep("IAddress").AddNewAddress({"CompanyGUID": C4, "Addressline": "Somewhere 1"})
    assert added.CountryCode is None and added.CountryGUID is None


def test_addresses_changed_since(org):
    addresses = org.zeep("IAddress")
    mark = later(org)
    assert addresses.GetAddressesChangedSince("", mark, 0) is None
    addresses.UpdateAddress({"GUID": AD2, "PostalCode": "33100"})  # Gamma's account is inactive
    new = addresses.AddNewAddress({"CompanyGUID": C1, "Addressline": "Second 2", "CountryCode": "FI"})
    assert [a.GUID for a in addresses.GetAddressesChangedSince("", mark, 0)] == [new.GUID]
    assert [a.GUID for a in addresses.GetAddressesChangedSince(None, mark, 2)] == [AD2, new.GUID]
    assert [a.GUID for a in addresses.GetAddressesChangedSince(A1, mark, 0)] == [new.GUID]
    assert [a.GUID for a in addresses.GetAddressesChangedSince(A1, mark, 1)] == [new.GUID]  # NewOnly
    assert addresses.GetAddressesChangedSince(A1, mark.replace(year=2000), 1) is not None
    reply = org.soap("IAddress", "GetAddressesChangedSince",
                     f"<accountGUID/><startDateTime>{mark.isoformat()}</startDateTime><options>2</options>")
    assert len(result_of(reply, "GetAddressesChangedSince").findall(f"{{{ENT}}}Address")) == 2


def test_organization_billing_address(org):
    assert fault_of(org.soap("IAddress", "GetBillingAddress")) == "NotFoundException"
    org.seed({**DATASET, "extra": {"organization": {"BillingAddressGUID": AD1}}})
    assert org.zeep("IAddress").GetBillingAddress().Addressline == "Mannerheimintie 1"


# ---------------------------------------------------------------- contacts


def test_contacts_of_an_account_are_the_active_ones(org):
    contacts = org.zeep("IContact")
    assert [c.GUID for c in contacts.GetContactsByAccountGUID(A1)] == [P1]
    assert contacts.GetContactByGUID(P2).IsActive is False
    assert fault_of(org.soap("IContact", "GetContactsByAccountGUID",
                             "<accountGUID>a0000000-0000-4000-8000-0000000000ff</accountGUID>")) == "NotFoundException"
    contacts.UpdateContact({"GUID": P1, "IsActive": False})
    assert contacts.GetContactsByAccountGUID(A1) is None


def test_add_and_update_contacts(org):
    contacts = org.zeep("IContact")
    added = contacts.AddNewContact({"AccountGUID": A2, "LastName": "Berg", "IsActive": False})  # no phone: fine
    assert added.IsActive is True and added.AccountGUID == A2
    updated = contacts.UpdateContact({"GUID": added.GUID, "FirstName": "Bo", "CommunicationMethods": {
        "Contact.CommunicationMethod": [{"Type": "mobilephone", "Value": "+46 70 123 45 67",
                                         "IsForbiddenToUse": False}]}})
    assert (updated.FirstName, updated.LastName) == ("Bo", "Berg")
    assert updated.CommunicationMethods["Contact.CommunicationMethod"][0].Type == "MobilePhone"
    found = contacts.GetContactsByCommunicationMethodType("MobilePhone", "+46701234567")
    assert [c.GUID for c in found] == [added.GUID]
    assert [c.GUID for c in contacts.GetContactsByCommunicationMethodType("EmailAddress", "AINO@alpha.fi")] == [P1]
    assert contacts.GetContactsByCommunicationMethodType("Phone", "+46701234567") is None
    for bad in ({"AccountGUID": A2}, {"AccountGUID": "a0000000-0000-4000-8000-0000000000ff", "LastName": "X"},
                {"AccountGUID": A2, "LastName": "X", "CommunicationMethods": {
                    "Contact.CommunicationMethod": [{"Type": "Pigeon", "Value": "1", "IsForbiddenToUse": False}]}}):
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            contacts.AddNewContact(bad)
        assert zeep_fault(excinfo) == "ValidationException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        contacts.UpdateContact({"GUID": "b0000000-0000-4000-8000-0000000000ff", "LastName": "X"})
    assert zeep_fault(excinfo) == "NotFoundException"


def test_contacts_changed_since(org):
    contacts = org.zeep("IContact")
    mark = later(org)
    contacts.UpdateContact({"GUID": P2, "JobTitle": "Retired"})
    new = contacts.AddNewContact({"AccountGUID": A1, "FirstName": "Uusi", "LastName": "Kontakti"})
    assert [c.GUID for c in contacts.GetContactsChangedSince("", mark, 0)] == [new.GUID]
    assert [c.GUID for c in contacts.GetContactsChangedSince(A1, mark, 2)] == [P2, new.GUID]  # IncludeInactive
    assert [c.GUID for c in contacts.GetContactsChangedSince(None, mark, 2 | 1)] == [new.GUID]  # NewOnly
    assert contacts.GetContactsChangedSince(A2, mark, 2) is None
    reply = org.soap("IContact", "GetContactsChangedSince",
                     f"<accountGUID>{A1}</accountGUID><startDateTime>{mark.isoformat()}</startDateTime>"
                     "<options>2</options>")
    assert len(result_of(reply, "GetContactsChangedSince").findall(f"{{{ENT}}}Contact")) == 2


# ---------------------------------------------------------------- datasets


def test_export_reloads_into_a_new_organization(org, sim_host):
    org.zeep("IAccount").AddNewAccount({"Name": "Round Trip Oy", "Number": 3001}, {"VatNumber": "FI55555555"},
                                       {"City": "Espoo", "CountryCode": "FI"}, {"LastName": "Trip"})
    copy = sim_host.tenant("severa", dataset=org.export())
    try:
        account = copy.zeep("IAccount").GetAccountByVatNumber("FI55555555")
        assert (account.Name, account.Number) == ("Round Trip Oy", 3001)
        assert account.InsertTS.year >= 2000
        found = result_of(copy.soap("IAccount", "GetAccountByGUID", f"<accountGuid>{account.GUID}</accountGuid>"),
                          "GetAccountByGUID")
        assert found.findtext(f"{{{ENT}}}InsertTS").startswith(str(account.InsertTS.year))
    finally:
        copy.close()


def test_an_account_without_a_company_gets_one_when_company_data_is_written(severa):
    severa.seed({"Account": [{"GUID": A1, "Name": "Lonely Oy", "Number": 1}]})
    assert severa.zeep("ICustomer").GetCustomerByGUID(A1).VatNumber is None
    updated = severa.zeep("ICustomer").UpdateCustomer({"GUID": A1, "VatNumber": "FI66666666"})
    assert updated.VatNumber == "FI66666666" and updated.CompanyGUID is not None
    assert severa.zeep("ICompany").GetCompanyByGUID(updated.CompanyGUID).Name == "Lonely Oy"
    assert severa.zeep("IAccount").GetAccountByVatNumber("FI66666666").GUID == A1
