"""`visma-sim serve` creates the demo company folder, reports it in the URL file, and another process (this test)
opens it with the fake ADK while the serve process's control plane watches the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from simulators.adk import store
from simulators.adk.session import Adk
from simulators.testing import wait_for_urls_file


def _serve(urls: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "simulators.cli", "serve", "--only", "adk", "--port", "adk=0", "--urls-file", str(urls)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )


def _stop(proc: subprocess.Popen) -> tuple[str, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    return out, err


def test_serve_writes_the_demo_company_folder_and_removes_it_at_exit(tmp_path, monkeypatch):
    monkeypatch.delenv("VISMA_SIM_ADK_ROOT", raising=False)
    urls = tmp_path / "urls.json"
    proc = _serve(urls)
    try:
        entry = wait_for_urls_file(urls, proc)["adk"]
        assert list(entry)[:4] == ["common_files", "company", "control", "tenant"]
        assert entry["tenant"] == "demo" and entry["control"].startswith("http://127.0.0.1:")
        common, company = Path(entry["common_files"]), Path(entry["company"])
        assert common.name == "Gemensamma filer" and common.is_dir() and store.is_company(company)
        assert entry["credentials"] == {"common_files": str(common), "company": str(company)}

        lock = f"{entry['control']}/tenants/demo/adk/lock"
        assert httpx.get(lock).json()["locked"] is False
        api = Adk()  # this process opens the company the serve process created
        assert api.open(str(common), str(company)).ok
        try:
            err, name = api.get_company_name(64)
            assert err.ok and name == "Demo AB"
            assert httpx.get(lock).json()["locked"] is True
            assert httpx.post(f"{entry['control']}/tenants/demo/reset").status_code == 409
        finally:
            api.close()
        assert httpx.get(lock).json()["locked"] is False
        reply = httpx.get(f"{entry['control']}/tenants/demo/adk/tables/customer", params={"where": "EXPORT=true"})
        assert reply.json()["count"] == 2
    finally:
        out, _ = _stop(proc)
    assert "company folder" in out and str(company) in out
    assert not company.exists()  # the temporary root goes with the process


def test_serve_keeps_companies_under_visma_sim_adk_root(tmp_path):
    urls = tmp_path / "urls.json"
    root = tmp_path / "companies"
    proc = _serve(urls, {"VISMA_SIM_ADK_ROOT": str(root)})
    try:
        entry = wait_for_urls_file(urls, proc)["adk"]
        assert Path(entry["company"]).is_relative_to(root)
    finally:
        _stop(proc)
    assert store.is_company(Path(entry["company"]))
