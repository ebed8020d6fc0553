"""A real third-party client, PyPI `procountor` 2.4.0 (vilkasgroup), against the simulator over sockets.

The client knows nothing of the simulator: it builds `{host}/latest/api/...` URLs, fetches its token in its
constructor (POST .../oauth/token/ with a trailing slash, form-encoded, api_key included) and turns every answer
into {"status": ..., "content": ...} for 200/202 or {"status": ..., "message": <text>} otherwise
(research/procountor.md 16.1). 2.4.0 has no host setting, so its class-level host table is patched, as the
research notes describe. The module always uses the session's loopback server, whatever --sim-mode says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from procountor.client import Client

from simulators.testing import ProcountorHandle, SimulatorHost

ORIGINAL_NUMBER = "PYPI-2.4.0-1"


@pytest.fixture
def company(sim_server_host: SimulatorHost) -> Iterator[ProcountorHandle]:
    handle = sim_server_host.tenant("procountor", label="pypi-procountor")
    yield handle  # type: ignore[misc]
    handle.close()


@pytest.fixture
def client(company: ProcountorHandle, monkeypatch: pytest.MonkeyPatch) -> Client:
    monkeypatch.setitem(Client._endpoints["hosts"], "test", company.root_url)
    creds = company.credentials
    return Client(api_key=creds["api_key"], client_id=creds["client_id"], client_secret=creds["client_secret"],
                  redirect_uri="http://localhost/callback", test_mode=True, api_version="latest")


def implements(company: ProcountorHandle, method: str, path: str) -> bool:
    from conformance.vendor import app_routes, template_key

    return (method, template_key(path)) in app_routes(company.simulator.build_vendor_app())


def sales_invoice(day: str, partner: dict[str, Any] | None) -> dict[str, Any]:
    """A sales invoice the way an integration fills one in, to the partner when there is one."""
    buyer = {"counterPartyAddress": {"name": "Asiakas Oy", "street": "Kauppakatu 1", "zip": "00100",
                                     "city": "Helsinki", "country": "FINLAND"}}
    if partner is not None:
        buyer = {"counterPartyAddress": partner["address"], "identifier": partner["invoicingInfo"]["identifier"],
                 "customerNumber": partner["invoicingInfo"]["customerNumber"]}
    invoice: dict[str, Any] = {
        "type": "SALES_INVOICE",
        "status": "UNFINISHED",
        "date": day,
        "counterParty": buyer,
        "paymentInfo": {"paymentMethod": "BANK_TRANSFER", "currency": "EUR",
                        "bankAccount": {"accountNumber": "FI2112345600000785"}, "dueDate": day, "currencyRate": 1},
        "extraInfo": {"accountingByRow": False, "unitPricesIncludeVat": False},
        "discountPercent": 0,
        "invoiceRows": [{"product": "Consulting", "quantity": 2, "unit": "HOUR", "unitPrice": 100,
                         "discountPercent": 0, "vatPercent": 25.5}],
        "vatStatus": 1,
        "invoiceChannel": "NO_SENDING",
        "language": "FINNISH",
        "originalInvoiceNumber": ORIGINAL_NUMBER,
    }
    if partner is not None:
        invoice["partnerId"] = partner["id"]
    return invoice


def test_client_authenticates_in_its_constructor(client: Client, company: ProcountorHandle) -> None:
    assert client.access_token
    company.verify(method="POST", path="/latest/api/oauth/token/", count=1)
    assert client.get_invoices() == {"status": 200, "content": {
        "results": [], "meta": {"pageNumber": 0, "pageSize": 50, "resultCount": 0, "totalCount": 0}}}


def test_partner_invoice_approve_and_search(client: Client, company: ProcountorHandle) -> None:
    partner = None
    # 2.4.0 has no wrapper for POST /businesspartners; client.request() is how its own wrappers send a JSON body
    if implements(company, "POST", "/businesspartners"):
        created = client.request("POST", "businesspartners", name="Asiakas Oy", type="CUSTOMER",
                                 address={"name": "Asiakas Oy", "street": "Kauppakatu 1", "zip": "00100",
                                          "city": "Helsinki", "country": "FINLAND"},
                                 invoicingInfo={"customerNumber": "100", "identifier": "2639476-5",
                                                "identifierType": "YHD"},
                                 paymentInfo={"paymentMethod": "BANK_TRANSFER", "currency": "EUR"})
        assert created["status"] == 200, created
        partner = created["content"]
        assert isinstance(partner["id"], int) and partner["name"] == "Asiakas Oy"
        assert client.get_business_partner(partner["id"]) == {"status": 200, "content": partner}

    posted = client.post_invoice(**sales_invoice(company.state.today().isoformat(), partner))
    assert posted["status"] == 200, posted
    invoice = posted["content"]
    assert invoice["status"] == "UNFINISHED" and isinstance(invoice["id"], int)
    assert invoice["originalInvoiceNumber"] == ORIGINAL_NUMBER
    assert invoice["invoiceSumInfo"][0]["invoiceSumTotal"] == 251.0  # 2 h x 100 + 25.5 % VAT
    if partner is not None:
        assert invoice["partnerId"] == partner["id"]

    assert client.get_invoice(invoice["id"]) == {"status": 200, "content": invoice}

    approved = client.approve_invoice(invoice["id"])
    assert approved["status"] == 200, approved
    assert set(approved["content"]) == {"message"}  # InfoMessage
    read = client.get_invoice(invoice["id"])["content"]
    assert read["status"] == "APPROVED"  # NO_SENDING skips NOT_SENT
    assert read["version"] > invoice["version"]

    found = client.get_invoices(originalInvoiceNumber=ORIGINAL_NUMBER)
    assert found["status"] == 200
    assert [row["id"] for row in found["content"]["results"]] == [invoice["id"]]
    assert found["content"]["results"][0]["status"] == "APPROVED"
    assert found["content"]["meta"]["totalCount"] == 1
    assert client.get_invoices(originalInvoiceNumber="NO-SUCH-NUMBER")["content"]["results"] == []

    company.verify(method="PUT", path=f"/latest/api/invoices/{invoice['id']}/approve", count=1)
    company.verify(method="POST", path="/latest/api/invoices", count=1)


def test_errors_come_back_as_status_and_raw_text(client: Client) -> None:
    missing = client.get_invoice(999_999)
    assert missing == {"status": 404, "message": '{"errors":[{"status":404,"message":"Invoice not found."}]}'}
    again = client.approve_invoice(999_999)
    assert again["status"] == 404
