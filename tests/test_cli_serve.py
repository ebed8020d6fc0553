"""`visma-sim serve` as a user runs it: a subprocess, a URLs file, a demo login, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx

from simulators.testing import wait_for_urls_file


def test_serve_writes_urls_serves_demo_and_stops_on_sigterm(tmp_path):
    urls = tmp_path / "urls.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulators.cli", "serve", "--port", "procountor=0", "--port", "severa=0",
         "--port", "eekonomi=0", "--port", "eekonomi-identity=0", "--port", "adk=0", "--urls-file", str(urls)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        entries = wait_for_urls_file(urls, proc)
        entry = entries["procountor"]
        assert entry["url"].startswith("http://127.0.0.1:") and entry["url"].endswith("/api")
        assert entry["control"] == entry["url"][: -len("/api")] + "/_sim"
        assert entry["tenant"] == "demo"
        assert set(entry["credentials"]) == {"client_id", "client_secret", "api_key"}
        token = httpx.post(f"{entry['url']}/oauth/token",
                           data={"grant_type": "client_credentials", **entry["credentials"]}).json()["access_token"]
        reply = httpx.get(f"{entry['url']}/invoices", headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 200
        assert httpx.get(f"{entry['control']}/tenants/demo").json()["tenant"] == "demo"
        _connect_to_eekonomi(entries["eekonomi"])
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "visma-sim ready in" in out and "demo-api-key" in out


def test_serve_reports_a_busy_port(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "simulators.cli", "serve", "--no-demo", "--port", f"procountor={port}",
             "--port", "severa=0", "--port", "eekonomi=0", "--port", "eekonomi-identity=0", "--port", "adk=0"],
            capture_output=True, text=True, timeout=20,
        )
    assert proc.returncode == 1
    assert "could not start" in proc.stderr


def _connect_to_eekonomi(entry: dict) -> None:
    """The URL file has what an OAuth client needs: consent (as the demo user would give it), code exchange on the
    identity port, then the API; the demo user belongs to a second company too."""
    assert entry["url"].endswith("/v2") and entry["identity_url"].startswith("http://127.0.0.1:")
    creds = entry["credentials"]
    assert set(creds) == {"client_id", "client_secret", "redirect_uri", "username", "password"}
    consent = httpx.post(f"{entry['control']}/tenants/{entry['tenant']}/eekonomi/consent",
                         json={"scope": "ea:api offline_access ea:sales"})
    assert consent.status_code == 200, consent.text
    token = httpx.post(f"{entry['identity_url']}/connect/token", auth=(creds["client_id"], creds["client_secret"]),
                       data={"grant_type": "authorization_code", "code": consent.json()["code"],
                             "redirect_uri": creds["redirect_uri"]})
    assert token.status_code == 200, token.text
    reply = httpx.get(f"{entry['url']}/customers", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert reply.status_code == 200 and reply.json()["Data"], reply.text
    assert httpx.get(f"{entry['control']}/tenants/demo-2").json()["tenant"] == "demo-2"
