"""A real third-party client, PyPI `visma` 0.1.0 (pwitab/visma), against the eEkonomi simulator over sockets.

The client knows nothing of the simulator: it reads its URLs from class constants, its token pair from a JSON
file, and refreshes an expired token with Basic auth and a form body at import time (research/eekonomi.md 6).
So it runs in a subprocess (conformance/eekonomi_visma_client.py) against the session's loopback server,
whatever --sim-mode says, with a token file made through the simulated OAuth flow (consent, code exchange).

marshmallow is pinned to 3.0.0rc6: visma's `post_load` hook is `make_instance(self, data)`, and from 3.0.0rc7
on marshmallow passes `many=` and `partial=` to it (TypeError); 3.0.0b19 and older import `collections.Mapping`
or `MutableSet`, gone in Python 3.10. 3.0.0b20 to rc6 work. The client's two workarounds (fields added to the
API since 2018, and nulls the description allows where the client does not) are explained in the script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import visma  # noqa: F401  (the test extra installs it; the client itself runs in a subprocess)

from conformance.vendor import REPO_ROOT
from simulators.testing import EEkonomiHandle, SimulatorHost

CUSTOMERS = 57  # more than the client's page of 50, so its paging loop turns at least once
NAME = "Visma Client Oy 7"


@pytest.fixture
def company(sim_server_host: SimulatorHost) -> Iterator[EEkonomiHandle]:
    handle: EEkonomiHandle = sim_server_host.tenant("eekonomi", demo=True, label="pypi-visma")  # type: ignore
    yield handle
    handle.close()


def terms_of_payment(company: EEkonomiHandle) -> str:
    return sorted(company.state.terms_of_payments)[0]


def add_customers(company: EEkonomiHandle, count: int) -> None:
    """Enough customers for two pages of the client's 50 (through the API, as any record gets made)."""
    with company.api() as api:
        for n in range(count):
            name = NAME if n == 7 else f"Visma Client Oy {n}"
            reply = api.post("/customers", json={"Name": name, "InvoiceCity": "Malmö", "InvoicePostalCode": "21145",
                                                 "TermsOfPaymentId": terms_of_payment(company),
                                                 "IsPrivatePerson": False, "IsActive": True})
            assert reply.status_code == 201, reply.text


def token_file(path: Path, tokens: dict[str, Any], expires: datetime) -> Path:
    """The client's token file: {access_token, refresh_token, expires (ISO 8601)} (visma.api.VismaAPI.load)."""
    path.write_text(json.dumps({"access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
                                "expires": expires.isoformat()}))
    return path


def last_call(company: EEkonomiHandle) -> int:
    """The journal's last sequence number, to count only the calls the client makes after it."""
    return max((entry.seq for entry in company.journal()), default=0)


def run_client(company: EEkonomiHandle, tokens: Path, *args: str, timeout: float = 60) -> dict[str, Any]:
    """Run the client once (`read NAME` or `write NAME TERMS`) and return what it printed."""
    creds = company.credentials
    env = {**os.environ,
           "VISMA_API_CLASS": "conformance.eekonomi_visma_client.SimVismaAPI",
           "VISMA_API_TOKEN_PATH": str(tokens),
           "VISMA_API_CLIENT_ID": creds["client_id"],
           "VISMA_API_CLIENT_SECRET": creds["client_secret"],
           "SIM_EEKONOMI_API_URL": company.url,
           "SIM_EEKONOMI_TOKEN_URL": company.identity_url + "/connect/token",
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           "PYTHONPATH": str(REPO_ROOT), "PYTHONWARNINGS": "ignore"}
    env.pop("VISMA_API_ENV", None)
    try:
        done = subprocess.run([sys.executable, "-m", "conformance.eekonomi_visma_client", *args],
                              capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the visma client did not finish in {timeout} s: its paging loop stops only on "
                    "CurrentPage == TotalNumberOfPages (an empty result with TotalNumberOfPages 0 never ends)")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_visma_client_lists_every_page_and_filters(company: EEkonomiHandle, tmp_path: Path) -> None:
    add_customers(company, CUSTOMERS)
    tokens = company.connect()
    path = token_file(tmp_path / "tokens.json", tokens, datetime.now(UTC) + timedelta(minutes=59))
    mark = last_call(company)

    seen = run_client(company, path, "read", NAME)

    assert seen["access_token"] == tokens["access_token"]  # a valid token is used as it is
    assert sorted(seen["all_ids"]) == sorted(company.state.customers)  # every customer, none twice
    assert len(seen["all_ids"]) >= CUSTOMERS
    company.verify(method="GET", path="/v2/customers", at_least=2, since=mark)  # 50 a page, so two pages or more
    wanted = [cid for cid, c in company.state.customers.items() if c["Name"] == NAME]
    assert seen["filtered_ids"] == wanted and len(wanted) == 1  # $filter=Name eq 'Visma Client Oy 7'
    assert seen["no_match"] == 0  # an empty result ends the paging loop too
    company.verify(method="POST", path="/connect/token", count=0, since=mark)  # no refresh of a valid token
    assert json.loads(path.read_text())["refresh_token"] == tokens["refresh_token"]


# The client sends every field it knows, with its own defaults: ForceBookkeepVat true and InvoiceCountryCode null,
# exactly as its own integration tests create customers; the description forbids ForceBookkeepVat only "if
# InvoiceCountryCode belongs to a country inside EU".
def test_visma_client_creates_and_reads_back_a_customer(company: EEkonomiHandle, tmp_path: Path) -> None:
    tokens = company.connect()
    path = token_file(tmp_path / "tokens.json", tokens, datetime.now(UTC) + timedelta(minutes=59))
    mark = last_call(company)

    seen = run_client(company, path, "write", NAME, terms_of_payment(company))

    created = company.state.customers[seen["created_id"]]
    assert created["Name"] == NAME and created["InvoiceCity"] == "Helsingborg"
    assert seen["created_number"] == created["CustomerNumber"]  # assigned by the server, loaded back
    assert seen["read_back"]["id"] == seen["created_id"] and seen["read_back"]["name"] == NAME
    assert seen["read_back"]["terms"] == terms_of_payment(company)
    company.verify(method="POST", path="/v2/customers", count=1, since=mark)
    company.verify(method="GET", path=f"/v2/customers/{seen['created_id']}", count=1, since=mark)


def test_visma_client_refreshes_an_expired_token_and_the_old_one_dies(company: EEkonomiHandle,
                                                                      tmp_path: Path) -> None:
    tokens = company.connect()
    path = token_file(tmp_path / "tokens.json", tokens, datetime.now(UTC) - timedelta(minutes=1))
    mark = last_call(company)

    seen = run_client(company, path, "read", NAME)

    saved = json.loads(path.read_text())  # the client writes the new pair back (VismaAPI._save_tokens)
    assert seen["access_token"] == saved["access_token"] != tokens["access_token"]
    assert seen["refresh_token"] == saved["refresh_token"] != tokens["refresh_token"]
    assert datetime.fromisoformat(saved["expires"]) > datetime.now(UTC) + timedelta(minutes=50)  # 3600 s - 60 s
    assert sorted(seen["all_ids"]) == sorted(company.state.customers)  # the new access token works
    company.verify(method="POST", path="/connect/token", count=1, since=mark)  # one refresh, at import
    reused = company.refresh(tokens["refresh_token"])  # refresh tokens are single-use
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    # the rotated pair serves the next run, as the client would use it
    path = token_file(path, {"access_token": "stale", "refresh_token": saved["refresh_token"]},
                      datetime.now(UTC) - timedelta(seconds=1))
    again = run_client(company, path, "read", NAME)
    assert again["refresh_token"] not in (saved["refresh_token"], tokens["refresh_token"])
