"""The eEkonomi simulator: calls per second and p50/p99 of the identity server's token endpoint and of the
customer calls an integration makes, in-process and over loopback. Printed only, never asserted.

* POST /connect/token, grant_type=refresh_token (Basic client auth, form body). Refresh tokens are single-use
  and rotate, so every call spends the token the previous answer of its chain returned.
* GET /v2/customers/{id}; GET /v2/customers?$page=1&$pagesize=50 (a full page of the 60 customers);
  POST /v2/customers (a new customer each call).

In-process goes through the httpx in-process transport, one call after the other, as the test suite calls it.
Loopback runs the simulator in its own process (`python -m bench.eekonomi serve --port N --identity-port M`,
SimServer on the fast stack with both listeners, as `visma-sim serve` runs it) and loads it with wrk at
concurrency 10 (the token endpoint through a Lua script that keeps one refresh-token chain per request in
flight), else with the httpx generator (customers) and a thread per connection (tokens).
The company's rate limit (600 calls a minute per endpoint) is raised for the run.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.common import (
    PYTHON,
    Row,
    free_port,
    hold_until_signal,
    http_json,
    percentile,
    running,
    summary_ms,
    wait_for_port,
)
from bench.load import CONNECTIONS, Load, generator, load, parse_wrk

PART = "eekonomi"
CUSTOMERS = 60
PAGE = 50
SCOPES = "ea:api offline_access ea:sales ea:accounting ea:purchase"
SPARE_TOKENS = 5
DATASET = {"settings": {"rateLimitPerMinute": 1_000_000_000}}


def customer(terms_of_payment_id: str, n: int) -> dict[str, Any]:
    """A customer as an integration creates one: the required fields and an address."""
    return {"Name": f"Bench Kund {n} AB", "InvoiceAddress1": "Storgatan 1", "InvoiceCity": "Malmö",
            "InvoicePostalCode": "21145", "InvoiceCountryCode": "SE", "EmailAddress": f"kund{n}@example.se",
            "TermsOfPaymentId": terms_of_payment_id, "IsPrivatePerson": False, "IsActive": True}


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def refresh_form(token: str) -> str:
    return urlencode({"grant_type": "refresh_token", "refresh_token": token})


# ---------------------------------------------------------------------------------------------- in-process
def _inprocess(quick: bool) -> list[Row]:
    from simulators.testing import EEkonomiHandle, SimulatorHost

    count, warm, budget = (200, 20, 2.0) if quick else (2_000, 100, 10.0)  # budget: seconds per case at most
    host = SimulatorHost(mode="inprocess", names=["eekonomi"]).start()
    rows: list[Row] = []
    try:
        handle: EEkonomiHandle = host.tenant("eekonomi", dataset=DATASET, label="bench")  # type: ignore[assignment]
        tokens = handle.connect(SCOPES)
        api = handle.api(token=tokens["access_token"])
        identity = handle.identity()
        terms = sorted(handle.state.terms_of_payments)[0]
        ids = []
        for n in range(CUSTOMERS):
            reply = api.post("/customers", json=customer(terms, n))
            _check("create customer", reply.status_code, 201, reply.text)
            ids.append(reply.json()["Id"])
        creds = handle.credentials
        chain = {"refresh": tokens["refresh_token"]}

        def refresh() -> Any:
            reply = identity.post("/connect/token", auth=(creds["client_id"], creds["client_secret"]),
                                  data={"grant_type": "refresh_token", "refresh_token": chain["refresh"]})
            if reply.status_code == 200:
                chain["refresh"] = reply.json()["refresh_token"]
            return reply

        made = iter(range(CUSTOMERS, 10**9))
        cases: dict[str, tuple[Callable[[], Any], int]] = {
            "POST /connect/token (refresh_token)": (refresh, 200),
            "GET /v2/customers/{id}": (lambda: api.get(f"/customers/{ids[7]}"), 200),
            f"GET /v2/customers ({PAGE} a page)": (lambda: api.get("/customers", params={"$page": 1,
                                                                                        "$pagesize": PAGE}), 200),
            "POST /v2/customers": (lambda: api.post("/customers", json=customer(terms, next(made))), 201),
        }
        for case, (call, status) in cases.items():
            reply = call()
            _check(case, reply.status_code, status, reply.text)
            if "page" in case and len(reply.json()["Data"]) != PAGE:
                raise RuntimeError(f"{case} answered {len(reply.json()['Data'])} customers, not {PAGE}")
            size = len(reply.content)
            for _ in range(warm):
                call()
            samples: list[int] = []
            clock = time.perf_counter_ns
            deadline = clock() + int(budget * 1e9)
            while len(samples) < count and (clock() < deadline or len(samples) < 5):
                started = clock()
                call()
                samples.append(clock() - started)
            s = summary_ms(samples)
            label = f"in-process {case}"
            rows += [Row(PART, label, "calls/s", s["rate"], "calls/s",
                         note=f"{s['n']} calls, one thread, httpx in-process transport; reply {size:,} bytes"),
                     Row(PART, label, "p50", s["p50"], "ms"), Row(PART, label, "p99", s["p99"], "ms")]
    finally:
        host.stop()
    return rows


def _check(case: str, got: int, expected: int, text: str) -> None:
    if got != expected:
        raise RuntimeError(f"{case} gave {got}, expected {expected}: {text[:300]}")


# ---------------------------------------------------------------------------------------------- loopback
def prepare(root: str, identity: str, chains: int) -> dict[str, Any]:
    """A company with 60 customers, an access token and `chains` independent refresh tokens, over HTTP only."""
    status, tenant = http_json("POST", f"{root}/_sim/tenants", body={"label": "bench", "dataset": DATASET})
    if status != 201:
        raise RuntimeError(f"creating a tenant gave {status}: {tenant}")
    tenant_id, creds = tenant["tenant"], tenant["credentials"]
    client_auth = basic(creds["client_id"], creds["client_secret"])
    pairs = []
    for _ in range(chains + 1):
        status, consent = http_json("POST", f"{root}/_sim/tenants/{tenant_id}/eekonomi/consent",
                                    body={"scope": SCOPES})
        if status != 200:
            raise RuntimeError(f"consent gave {status}: {consent}")
        status, tokens = http_json("POST", f"{identity}/connect/token", headers={"Authorization": client_auth},
                                   form={"grant_type": "authorization_code", "code": consent["code"],
                                         "redirect_uri": creds["redirect_uri"]})
        if status != 200:
            raise RuntimeError(f"code exchange gave {status}: {tokens}")
        pairs.append(tokens)
    auth = {"Authorization": f"Bearer {pairs[0]['access_token']}"}
    status, export = http_json("GET", f"{root}/_sim/tenants/{tenant_id}/export")
    terms = sorted(t["Id"] for t in export["termsOfPayments"])[0]
    ids = []
    for n in range(CUSTOMERS):
        status, created = http_json("POST", f"{root}/v2/customers", body=customer(terms, n), headers=auth)
        _check("create customer", status, 201, str(created))
        ids.append(created["Id"])
    return {"headers": auth, "terms": terms, "customer": ids[7], "client_auth": client_auth,
            "refresh_tokens": [p["refresh_token"] for p in pairs[1:]]}


def customer_loads(root: str, setup: dict[str, Any]) -> dict[str, Load]:
    headers = setup["headers"]
    return {
        "GET /v2/customers/{id}": Load("GET", f"{root}/v2/customers/{setup['customer']}", headers),
        f"GET /v2/customers ({PAGE} a page)": Load("GET", f"{root}/v2/customers?$page=1&$pagesize={PAGE}", headers),
        "POST /v2/customers": Load("POST", f"{root}/v2/customers", {**headers, "Content-Type": "application/json"},
                                   json.dumps(customer(setup["terms"], 999))),
    }


def token_lua(client_auth: str, tokens: list[str]) -> str:
    """wrk script: each request spends a refresh token from the pool, each answer puts its new one back."""
    pool = ", ".join(f'"{t}"' for t in tokens)
    return f"""wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "{client_auth}"
local pool = {{{pool}}}
request = function()
  local token = table.remove(pool) or "exhausted"
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end
response = function(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then table.insert(pool, token) end
end
"""


def token_load(url: str, client_auth: str, tokens: list[str], seconds: float, use: str,
               connections: int = CONNECTIONS) -> dict[str, Any]:
    """Closed-loop refresh-token grants at `connections` concurrency. wrk spends one request of the pool before
    the run starts, so the pool holds a few spare tokens."""
    if use == "wrk":
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(token_lua(client_auth, tokens))
        try:
            args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout",
                    "5s", "-s", script.name, url]
            done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=False)
        finally:
            Path(script.name).unlink(missing_ok=True)
        if done.returncode != 0:
            raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        return parse_wrk(done.stdout)
    return _token_threads(url, client_auth, tokens[:connections], seconds)


def _token_threads(url: str, client_auth: str, tokens: list[str], seconds: float) -> dict[str, Any]:
    """One thread and one keep-alive connection per refresh-token chain (no wrk: the standard library only)."""
    parts = urlsplit(url)
    latencies: list[int] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def chain(token: str) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine: list[int] = []
        headers = {"Authorization": client_auth, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter_ns()
                conn.request("POST", parts.path, body=refresh_form(token), headers=headers)
                reply = conn.getresponse()
                body = reply.read()
                mine.append(time.perf_counter_ns() - started)
                found = re.search(rb'"refresh_token"\s*:\s*"([^"]+)"', body)
                if reply.status != 200 or not found:
                    with lock:
                        errors[0] += 1
                    return
                token = found.group(1).decode()
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=chain, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"tool": "threads", "rps": len(latencies) / elapsed, "requests": len(latencies), "errors": errors[0],
            "p50_ms": percentile(latencies, 50) / 1e6, "p99_ms": percentile(latencies, 99) / 1e6}


def _loopback(quick: bool, use: str | None) -> list[Row]:
    use = use or generator()
    seconds, warm = (1.0, 0.0) if quick else (5.0, 1.0)
    port, identity_port = free_port(), free_port()
    root, identity = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{identity_port}"
    rows: list[Row] = []
    command = [PYTHON, "-m", "bench.eekonomi", "serve", "--port", str(port), "--identity-port", str(identity_port)]
    with running(command, port, timeout=30):
        wait_for_port(identity_port)
        setup = prepare(root, identity, CONNECTIONS + SPARE_TOKENS)
        results: dict[str, dict[str, Any]] = {}
        url = f"{identity}/connect/token"
        results["POST /connect/token (refresh_token)"] = token_load(url, setup["client_auth"],
                                                                    setup["refresh_tokens"], seconds, use)
        for case, spec in customer_loads(root, setup).items():
            if warm:
                load(spec, warm, use=use)
            results[case] = load(spec, seconds, use=use)
        for case, result in results.items():
            note = (f"{result['tool']}, {result.get('requests')} requests, {CONNECTIONS} connections, "
                    "server in its own process")
            if result.get("errors"):
                note += f", {result['errors']} ERRORS"
            label = f"loopback {case}"
            rows += [Row(PART, label, "req/s", result["rps"], "req/s", note=note),
                     Row(PART, label, "p50", result["p50_ms"], "ms"), Row(PART, label, "p99", result["p99_ms"], "ms")]
    return rows


def run(quick: bool = False, use: str | None = None) -> list[Row]:
    return _inprocess(quick) + _loopback(quick, use)


# ---------------------------------------------------------------------------------------------- the server target
def serve(port: int, identity_port: int) -> None:
    """The eEkonomi simulator alone on SimServer (fast stack): the API and the identity server, warmed up and
    GC-tuned as `visma-sim serve` does."""
    from simulators.core.server import Listener, SimServer, tune_gc
    from simulators.registry import create

    sim = create("eekonomi")
    server = SimServer([Listener(sim, port), Listener(sim, identity_port, "identity")]).start()
    sim.warm_up()
    tune_gc()
    hold_until_signal(server)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.eekonomi",
                                     description="the eEkonomi benchmark part, or (serve) its server process")
    parser.add_argument("command", choices=("run", "serve"), nargs="?", default="run")
    parser.add_argument("--port", type=int, help="serve: the API's loopback port")
    parser.add_argument("--identity-port", type=int, help="serve: the identity server's loopback port")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.command == "serve":
        if not args.port or not args.identity_port:
            parser.error("serve needs --port and --identity-port")
        serve(args.port, args.identity_port)
        return
    from bench.__main__ import print_table

    print_table(run(args.quick))


if __name__ == "__main__":
    main()
