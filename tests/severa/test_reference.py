"""ICurrency, ICountry, ILanguage: built-in defaults for a fresh organization, the dataset's own when seeded."""

from __future__ import annotations

from decimal import Decimal

import pytest
import zeep.exceptions
from lxml import etree

ENT = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
API = "http://schemas.datacontract.org/2004/07/Severa.API"
TNS = "http://soap.severa.com/"


def fault_of(reply) -> str:
    """The Severa.API fault detail's element name of a raw SOAP reply."""
    assert reply.status_code == 500, reply.text
    detail = etree.fromstring(reply.content).find(".//detail")
    return etree.QName(detail[0]).localname


def zeep_fault(excinfo) -> str:
    return etree.QName(excinfo.value.detail[0]).localname


def result_of(reply, operation: str) -> etree._Element:
    assert reply.status_code == 200, reply.text
    return etree.fromstring(reply.content).find(f".//{{{TNS}}}{operation}Result")


def test_a_fresh_organization_has_the_default_currencies(severa):
    currencies = severa.zeep("ICurrency")
    listed = {c.IsoCode: c for c in currencies.GetCurrencies()}
    assert set(listed) == {"EUR", "SEK", "NOK", "DKK", "USD"}
    assert listed["EUR"].Rate == 1 and listed["SEK"].Rate > 1 and all(c.IsActive for c in listed.values())
    sek = currencies.GetCurrencyByIsoCode("sek")
    assert sek.IsoCode == "SEK" and sek.GUID == listed["SEK"].GUID
    assert currencies.GetCurrencyByGUID(sek.GUID.upper()).IsoCode == "SEK"


def test_default_guids_are_stable_across_organizations(severa, sim_host):
    other = sim_host.tenant("severa")
    try:
        assert (severa.zeep("ICurrency").GetCurrencyByIsoCode("EUR").GUID
                == other.zeep("ICurrency").GetCurrencyByIsoCode("EUR").GUID)
        assert (severa.zeep("ICountry").GetCountryByISO("FI").GUID
                == other.zeep("ICountry").GetCountryByISO("FI").GUID)
    finally:
        other.close()


def test_unknown_currency_is_not_found_and_a_malformed_guid_a_general_failure(severa):
    assert fault_of(severa.soap("ICurrency", "GetCurrencyByIsoCode", "<currencyIsoCode>XXX</currencyIsoCode>")) \
        == "NotFoundException"
    assert fault_of(severa.soap("ICurrency", "GetCurrencyByGUID",
                                "<currencyGUID>00000000-0000-0000-0000-000000000001</currencyGUID>")) \
        == "NotFoundException"
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        severa.zeep("ICurrency").GetCurrencyByGUID("not-a-guid")
    assert zeep_fault(excinfo) == "GeneralFailureException"


def test_countries_by_iso_code_name_and_guid(severa):
    countries = severa.zeep("ICountry")
    finland = countries.GetCountryByISO("FI")
    assert (finland.Name, finland.TranslatedName, finland.IsoCodea3, finland.IsEu) == ("Finland", "Suomi", "FIN", True)
    assert countries.GetCountryByISO("fin").GUID == finland.GUID
    assert countries.GetCountryByName("suomi").GUID == finland.GUID
    assert countries.GetCountryByName("FINLAND").GUID == finland.GUID
    assert countries.GetCountryByGUID(finland.GUID).IsoCodea2 == "FI"
    assert countries.GetCountryByISO("NO").IsEu is False
    for iso in ("SE", "DK", "EE", "DE", "GB", "US"):
        assert countries.GetCountryByISO(iso).IsoCodea2 == iso
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        countries.GetCountryByName("Atlantis")
    assert zeep_fault(excinfo) == "NotFoundException"


def test_country_on_the_wire(severa):
    found = result_of(severa.soap("ICountry", "GetCountryByISO", "<isoName>SE</isoName>"), "GetCountryByISO")
    assert found.findtext(f"{{{ENT}}}IsoCodea2") == "SE"
    assert found.findtext(f"{{{ENT}}}Name") == "Sweden"
    assert found.findtext(f"{{{ENT}}}DefaultLanguageCode") == "sv-SE"
    names = [etree.QName(child).localname for child in found]
    assert names == sorted(names)  # WCF member order


def test_languages_by_tag_and_guid(severa):
    languages = severa.zeep("ILanguage")
    finnish = languages.GetLanguageByIetfTag("fi-FI")
    assert finnish.Name == "Finnish"
    assert languages.GetLanguageByIetfTag("FI-fi").GUID == finnish.GUID
    assert languages.GetLanguageByIetfTag("sv").IetfLanguageTag == "sv-SE"
    assert languages.GetLanguageByIetfTag("en-US").IetfLanguageTag == "en-US"
    assert languages.GetLanguageByGUID(finnish.GUID).IetfLanguageTag == "fi-FI"
    sweden = severa.zeep("ICountry").GetCountryByISO("SE")
    assert languages.GetLanguageByGUID(sweden.DefaultLanguageGUID).IetfLanguageTag == "sv-SE"
    assert fault_of(severa.soap("ILanguage", "GetLanguageByIetfTag", "<ietfLanguageTag>xx-XX</ietfLanguageTag>")) \
        == "NotFoundException"


def test_a_dataset_with_its_own_currencies_replaces_the_defaults(severa):
    guid = "6a1f0e8c-0000-4000-8000-0000000000e1"
    severa.seed({"Currency": [{"GUID": guid, "IsActive": True, "IsoCode": "EUR", "Rate": 1, "Symbol": "€"},
                              {"GUID": "6a1f0e8c-0000-4000-8000-0000000000e2", "IsActive": False, "IsoCode": "GBP",
                               "Rate": "0.85", "Symbol": "£"}]})
    currencies = severa.zeep("ICurrency")
    assert [(c.IsoCode, c.IsActive) for c in currencies.GetCurrencies()] == [("EUR", True), ("GBP", False)]
    assert currencies.GetCurrencyByIsoCode("gbp").Rate == Decimal("0.85")
    assert currencies.GetCurrencyByGUID(guid).IsoCode == "EUR"
    assert fault_of(severa.soap("ICurrency", "GetCurrencyByIsoCode", "<currencyIsoCode>SEK</currencyIsoCode>")) \
        == "NotFoundException"
    # countries were not seeded: still the defaults
    assert severa.zeep("ICountry").GetCountryByISO("DE").Name == "Germany"


def test_reference_data_needs_the_api_key(severa):
    assert fault_of(severa.soap("ICountry", "GetCountryByISO", "<isoName>FI</isoName>", api_key="WRONG")) \
        == "AuthenticationFailureException"
