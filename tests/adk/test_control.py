"""The ADK simulator's control plane over HTTP: company folders as tenants, their tables, the APIAdklogg switch,
the company lock, and the core routes (seed, export, reset, clock) mapped onto the folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from simulators.adk import constants as c
from simulators.adk import store
from simulators.adk.control import CompanyLocked
from simulators.adk.cstyle import load
from simulators.adk.session import Adk
from simulators.adk.simulator import COMMON_FILES, COMPANIES, LIBRARY_MESSAGE, AdkSimulator
from simulators.core.errors import DatasetError
from simulators.core.transport import InProcessTransport


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[AdkSimulator]:
    simulator = AdkSimulator(root=tmp_path / "adk")
    yield simulator
    simulator.close()


@pytest.fixture
def http(sim: AdkSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(transport=InProcessTransport(sim.asgi), base_url="http://adk.sim") as client:
        yield client


@pytest.fixture
def tenant(http: httpx.Client) -> dict:
    reply = http.post("/_sim/tenants", json={"tenant_id": "acme"})
    assert reply.status_code == 201, reply.text
    return reply.json()


@pytest.fixture
def opened(tenant: dict) -> Iterator[Adk]:
    """An ADK in this process with the tenant's company open (it holds the company lock)."""
    api = Adk()
    creds = tenant["credentials"]
    assert api.open(creds["common_files"], creds["company"]).ok
    yield api
    api.close()


def test_a_tenant_is_a_company_folder_laid_out_like_an_installation(sim, tenant):
    creds = tenant["credentials"]
    common, company = Path(creds["common_files"]), Path(creds["company"])
    assert set(creds) == {"common_files", "company"}
    assert common == sim.root / "acme" / COMMON_FILES
    assert company.parent == sim.root / "acme" / COMPANIES
    assert common.is_dir() and store.is_company(company)


def test_the_default_company_has_a_new_swedish_companys_registers(http, tenant):
    data = http.get("/_sim/tenants/acme/export").json()
    assert data["company"]["name"] and data["company"]["login"] is None
    tables = data["tables"]
    currencies = {r["ADK_CODE_OF_CURRENCY_CODE"] for r in tables["ADK_DB_CODE_OF_CURRENCY"]}
    assert {"SEK", "EUR", "NOK", "DKK", "USD", "GBP"} <= currencies
    accounts = {r["ADK_ACCOUNT_NUMBER"] for r in tables["ADK_DB_ACCOUNT"]}
    assert {"1930", "2440", "2611", "2641", "3001", "3041", "4010", "5410", "6212", "6540"} <= accounts
    terms = {r["ADK_CODE_OF_TERMS_OF_PAYMENT_CODE"]: r for r in tables["ADK_DB_CODE_OF_TERMS_OF_PAYMENT"]}
    assert terms["30"]["ADK_CODE_OF_TERMS_OF_PAYMENT_TEXT"] == "30 dagar netto" and "K" in terms
    assert {"st", "tim", "km"} <= {r["ADK_CODE_OF_UNIT_CODE"] for r in tables["ADK_DB_CODE_OF_UNIT"]}
    countries = {r["ADK_CODE_OF_COUNTRY_CODE_CODE"] for r in tables["ADK_DB_CODE_OF_COUNTRY_CODE"]}
    assert {"SE", "NO", "DE", "US"} <= countries
    assert {"SV", "EN"} <= {r["ADK_CODE_OF_LANGUAGE_CODE"] for r in tables["ADK_DB_CODE_OF_LANGUAGE"]}
    assert not tables.get("ADK_DB_CUSTOMER")
    assert data["company"]["series"]["invoice"] == 1


def test_table_route_lists_and_filters_records(http, tenant):
    reply = http.get("/_sim/tenants/acme/adk/tables/ADK_DB_CODE_OF_CURRENCY")
    assert reply.status_code == 200 and reply.json()["count"] >= 6
    one = http.get("/_sim/tenants/acme/adk/tables/ADK_DB_CODE_OF_CURRENCY",
                   params={"where": "ADK_CODE_OF_CURRENCY_CODE=EUR"}).json()
    assert one["count"] == 1 and one["records"][0]["ADK_CODE_OF_CURRENCY_CODE"] == "EUR"
    # short table names and field names without the table prefix work too
    short = http.get("/_sim/tenants/acme/adk/tables/code_of_currency", params={"where": "CODE=NOK"}).json()
    assert short["table"] == "ADK_DB_CODE_OF_CURRENCY" and short["count"] == 1
    both = http.get("/_sim/tenants/acme/adk/tables/account",
                    params=[("where", "ADK_ACCOUNT_NUMBER=2440"), ("where", "ADK_ACCOUNT_NOT_ACTIVE=false")]).json()
    assert [r["ADK_ACCOUNT_NUMBER"] for r in both["records"]] == ["2440"]


def test_table_route_names_bad_tables_and_fields(http, tenant):
    reply = http.get("/_sim/tenants/acme/adk/tables/ADK_DB_NOPE")
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "unknown_table"
    reply = http.get("/_sim/tenants/acme/adk/tables/customer", params={"where": "ADK_CUSTOMER_NOPE=1"})
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "unknown_field"
    reply = http.get("/_sim/tenants/acme/adk/tables/customer", params={"where": "no-equals-sign"})
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "invalid_filter"
    assert http.get("/_sim/tenants/nobody/adk/tables/customer").status_code == 404
    reply = http.get("/_sim/tenants/acme/adk/tables/ADK_DB_INVOICE_ROW")
    assert reply.status_code == 400 and "ADK_DB_INVOICE_HEAD" in reply.json()["error"]["message"]


def test_seed_replaces_the_company_and_the_table_route_sees_it(http, tenant):
    dataset = {"company": {"name": "Testbolaget AB"},
               "tables": {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1", "ADK_CUSTOMER_NAME": "Kund Ett AB"},
                                              {"ADK_CUSTOMER_NUMBER": "2", "ADK_CUSTOMER_NAME": "Kund Två AB",
                                               "ADK_CUSTOMER_INACTIVE": True}]}}
    reply = http.post("/_sim/tenants/acme/seed", json=dataset)
    assert reply.status_code == 200, reply.text
    assert reply.json()["loaded"]["ADK_DB_CUSTOMER"] == 2
    inactive = http.get("/_sim/tenants/acme/adk/tables/customer", params={"where": "INACTIVE=true"}).json()
    assert [r["ADK_CUSTOMER_NAME"] for r in inactive["records"]] == ["Kund Två AB"]
    assert http.get("/_sim/tenants/acme/export").json()["company"]["name"] == "Testbolaget AB"


def test_a_bad_dataset_is_refused_with_its_path_and_changes_nothing(http, tenant):
    before = http.get("/_sim/tenants/acme/export").json()
    for bad, path in [({"tables": {"ADK_DB_CUSTOMER": {}}}, "$.tables.ADK_DB_CUSTOMER"),
                      ({"tables": {"ADK_DB_CUSTOMER": ["x"]}}, "$.tables.ADK_DB_CUSTOMER[0]"),
                      ({"company": {"login": {"user": "u"}}}, "$.company.login"),
                      ({"company": {"series": {"invoice": 0}}}, "$.company.series.invoice"),
                      ({"customers": []}, "$")]:
        reply = http.post("/_sim/tenants/acme/seed", json=bad)
        assert reply.status_code == 400, (bad, reply.text)
        assert reply.json()["error"]["details"][0]["path"] == path
    # names the store checks: an unknown table or field
    reply = http.post("/_sim/tenants/acme/seed", json={"tables": {"ADK_DB_NOPE": []}})
    assert reply.status_code == 400 and "ADK_DB_NOPE" in reply.text
    reply = http.post("/_sim/tenants/acme/seed",
                      json={"tables": {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1", "ADK_CUSTOMER_NAME": "A",
                                                            "ADK_CUSTOMER_NOPE": 1}]}})
    assert reply.status_code == 400 and "ADK_CUSTOMER_NOPE" in reply.text
    assert http.get("/_sim/tenants/acme/export").json() == before


def test_login_in_the_dataset_shows_in_the_credentials(http, tenant):
    reply = http.post("/_sim/tenants/acme/seed", json={"company": {"login": {"user": "anna", "password": "hemligt"}}})
    assert reply.status_code == 200, reply.text
    creds = http.get("/_sim/tenants/acme").json()["credentials"]
    assert creds["user"] == "anna" and creds["password"] == "hemligt"
    api = Adk()
    err, active = api.is_login_activated(creds["common_files"], creds["company"])
    assert err.ok and active
    assert api.open2(creds["common_files"], creds["company"], "anna", "hemligt").ok
    api.close()
    http.post("/_sim/tenants/acme/seed", json={})
    assert "user" not in http.get("/_sim/tenants/acme").json()["credentials"]


def test_reset_restores_the_baseline(http, tenant, sim):
    http.post("/_sim/tenants/acme/seed",
              json={"tables": {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1", "ADK_CUSTOMER_NAME": "Kund AB"}]}})
    creds = tenant["credentials"]
    api = Adk()
    assert api.open(creds["common_files"], creds["company"]).ok
    h = api.create_data(c.ADK_DB_CUSTOMER)
    assert api.set_str(h, c.ADK_CUSTOMER_NUMBER, "2").ok and api.set_str(h, c.ADK_CUSTOMER_NAME, "Ny Kund AB").ok
    assert api.add(h).ok
    api.close()
    assert http.get("/_sim/tenants/acme/adk/tables/customer").json()["count"] == 2
    reply = http.post("/_sim/tenants/acme/reset")
    assert reply.status_code == 200, reply.text
    records = http.get("/_sim/tenants/acme/adk/tables/customer").json()["records"]
    assert [r["ADK_CUSTOMER_NUMBER"] for r in records] == ["1"]


def test_reset_restores_the_timestamps_too(http, tenant):
    """A reset company is the company the test started with, even after the clock moved on."""
    http.post("/_sim/tenants/acme/seed",
              json={"tables": {"ADK_DB_CUSTOMER": [{"ADK_CUSTOMER_NUMBER": "1", "ADK_CUSTOMER_NAME": "Kund AB"}]}})
    before = http.get("/_sim/tenants/acme/export").json()
    assert before["tables"]["ADK_DB_CUSTOMER"][0]["ADK_CUSTOMER_TIMESTAMP"]
    http.post("/_sim/tenants/acme/clock/advance", json={"days": 3})
    http.post("/_sim/tenants/acme/reset")
    assert http.get("/_sim/tenants/acme/export").json() == before


def test_seed_and_reset_are_refused_while_an_adk_has_the_company_open(http, tenant, opened):
    assert http.get("/_sim/tenants/acme/adk/lock").json()["locked"] is True
    before = http.get("/_sim/tenants/acme/export")
    assert before.status_code == 200  # export reads while the company is open
    for reply in (http.post("/_sim/tenants/acme/seed", json={}), http.post("/_sim/tenants/acme/reset")):
        assert reply.status_code == 409, reply.text
        assert reply.json()["error"]["code"] == "company_locked"
    opened.close()
    assert http.get("/_sim/tenants/acme/adk/lock").json()["locked"] is False
    assert http.post("/_sim/tenants/acme/seed", json={}).status_code == 200


def test_seed_refused_while_locked_from_python_too(sim, tenant, opened):
    with pytest.raises(CompanyLocked) as refused:
        sim.seed(sim.tenants.get("acme"), {})
    assert refused.value.status == 409


def test_the_log_switch_creates_and_removes_apiadklogg(http, tenant):
    log_file = Path(tenant["credentials"]["common_files"]) / "APIAdklogg"
    state = http.get("/_sim/tenants/acme/adk/log").json()
    assert state["enabled"] is False and state["content"] is None and state["path"] == str(log_file)
    reply = http.put("/_sim/tenants/acme/adk/log", json={"enabled": True})
    assert reply.status_code == 200 and reply.json()["enabled"] is True and log_file.exists()
    creds = tenant["credentials"]
    dll = load()  # the C-style surface, as the integration calls Adk.dll
    assert dll.AdkOpen(creds["common_files"].encode("cp1252"), creds["company"].encode("cp1252")).lRc == 0
    dll.AdkClose()
    content = http.get("/_sim/tenants/acme/adk/log").json()["content"]
    assert "AdkOpen" in content and "Företag" in content  # VA-26: every call is appended while the file exists
    http.post("/_sim/tenants/acme/reset")
    assert http.get("/_sim/tenants/acme/adk/log").json() == {**state, "enabled": True, "content": ""}
    assert http.put("/_sim/tenants/acme/adk/log", json={"enabled": False}).json()["enabled"] is False
    assert not log_file.exists()
    assert http.put("/_sim/tenants/acme/adk/log", json={"enabled": "maybe"}).status_code == 422


def test_the_clock_is_shared_through_the_company_folder(http, tenant):
    clock_file = Path(tenant["credentials"]["company"]) / "clock.json"
    http.post("/_sim/tenants/acme/clock/freeze", json={"at": "2031-05-04T10:00:00Z"})
    assert json.loads(clock_file.read_text())["frozen_at"].startswith("2031-05-04T10:00:00")
    http.post("/_sim/tenants/acme/seed", json={})  # a rewritten company keeps the tenant's time
    assert json.loads(clock_file.read_text())["frozen_at"].startswith("2031-05-04T10:00:00")
    http.post("/_sim/tenants/acme/reset")
    assert json.loads(clock_file.read_text()) == {"frozen_at": None, "offset_seconds": 0.0}


def test_the_port_has_no_vendor_paths(http, tenant):
    for path in ("/", "/api/customers", "/Adk.dll"):
        reply = http.get(path)
        assert reply.status_code == 404 and reply.json() == {"message": LIBRARY_MESSAGE}
    assert http.get("/_sim").json()["simulator"] == "adk"
    assert "/_sim/tenants/{tenant_id}/adk/log" in http.get("/_sim/openapi.json").json()["paths"]


def test_url_entry_points_at_the_folders(sim, tenant):
    entry = sim.url_entry("http://127.0.0.1:8705", sim.tenants.get("acme"))
    assert list(entry)[:4] == ["common_files", "company", "control", "tenant"]
    assert entry["company"] == tenant["credentials"]["company"] and entry["control"].endswith("/_sim")


def test_deleting_a_tenant_removes_its_folder(http, tenant, sim):
    assert (sim.root / "acme").is_dir()
    assert http.delete("/_sim/tenants/acme").status_code == 204
    assert not (sim.root / "acme").exists()


def test_tenant_ids_must_name_a_folder(sim):
    for bad in ("..", ".", "a/b"):
        with pytest.raises(ValueError):
            sim.create_tenant(tenant_id=bad)


def test_a_refused_dataset_leaves_no_tenant_and_no_folder(sim):
    with pytest.raises(DatasetError):
        sim.create_tenant({"tables": {"ADK_DB_NOPE": []}}, tenant_id="bad")
    assert "bad" not in sim.tenants and not (sim.root / "bad").exists()


def test_the_temporary_root_goes_with_the_simulator(monkeypatch):
    monkeypatch.delenv("VISMA_SIM_ADK_ROOT", raising=False)
    simulator = AdkSimulator()
    simulator.create_tenant(tenant_id="x")
    root = simulator.root
    assert root.is_dir()
    simulator.close()
    assert not root.exists()


def test_the_root_comes_from_the_environment_and_stays(monkeypatch, tmp_path):
    monkeypatch.setenv("VISMA_SIM_ADK_ROOT", str(tmp_path / "companies"))
    simulator = AdkSimulator()
    simulator.create_tenant(tenant_id="kept")
    simulator.close()
    assert store.is_company(tmp_path / "companies" / "kept" / COMPANIES / "FTG1")


# ------------------------------------------------------------------------------ the pytest fixtures (AdkHandle)
@pytest.fixture
def adk_handle(request: pytest.FixtureRequest) -> object:
    try:
        return request.getfixturevalue("adk_demo")
    except pytest.FixtureLookupError:
        pytest.skip("the adk fixtures come with the integration patch (simulators/pytest_plugin.py)")


def test_the_adk_demo_fixture_opens_reads_and_watches_the_company(adk_handle):
    handle = adk_handle
    assert handle.login is None and store.is_company(handle.company)
    api = handle.open()
    assert handle.locked
    err, name = api.get_company_name(64)
    assert err.ok and name == "Demo AB"
    assert [r["ADK_CUSTOMER_NAME"] for r in handle.table("customer", INACTIVE=True)] == ["Gamla Stans Bokhandel AB"]
    assert handle.table("ADK_DB_CUSTOMER", ADK_CUSTOMER_NUMBER="1004")[0]["ADK_CUSTOMER_EXPORT"] is True
    api.close()
    handle.set_log(True)
    dll = handle.dll()
    assert dll.AdkOpen(handle.common_files.encode("cp1252"), handle.company.encode("cp1252")).lRc == 0
    assert "AdkOpen" in handle.log()
    with handle.http() as control:  # the same tenant over the control plane (in-process or a real port)
        assert control.get(f"/_sim/tenants/{handle.id}/adk/lock").json()["locked"] is True
    handle.set_log(False)
    assert handle.log() is None
