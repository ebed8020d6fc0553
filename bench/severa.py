"""The Severa SOAP simulator: calls per second and p50/p99 of two calls an invoice transfer makes, in-process
and over loopback. Printed only, never asserted.

* GetInvoicesByStatus answering 50 invoices (4 rows each, as the demo's invoice 10232): the transfer's read.
* SetInvoiceStatus on one invoice: the transfer's write-back after each invoice (PC-11).

In-process goes through the httpx in-process transport, as the test suite calls it (one thread). Loopback runs
the simulator in its own process (`python -m bench.severa serve --port N`, SimServer on the fast stack, as
`visma-sim serve` runs it) and posts the raw WCF-style envelope with wrk (a Lua script with method, headers and
body) or the httpx generator, at concurrency 10.
"""

from __future__ import annotations

import argparse
import copy
import time
from typing import Any

from bench.common import PYTHON, Row, free_port, hold_until_signal, http_json, running, summary_ms
from bench.load import Load, generator, load

PART = "severa"
INVOICES = 50
TNS = "http://soap.severa.com/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


# ---------------------------------------------------------------------------------------------- data and calls
def dataset() -> dict[str, Any]:
    """The demo's statuses and business units, 50 invoices waiting for transfer and one invoice to write to."""
    from simulators.severa.demo import demo_dataset, guid

    demo = demo_dataset()
    template = next(i for i in demo["Invoice"] if i["GUID"] == guid("Invoice", "10232"))
    invoices = []
    for n in range(INVOICES):
        invoice = copy.deepcopy(template)
        invoice.update(GUID=guid("BenchInvoice", n), Number=20001 + n, IsReimbursed=False)
        for i, row in enumerate(invoice["InvoiceRows"]):
            row["GUID"] = guid("BenchInvoiceRow", f"{n}-{i}")
        invoices.append(invoice)
    target = copy.deepcopy(template)
    target.update(GUID=target_guid(), Number=29999, InvoiceStatus="Transferred", IsReimbursed=False)
    return {"InvoiceStatus": demo["InvoiceStatus"], "BusinessUnit": demo["BusinessUnit"],
            "Invoice": [*invoices, target]}


def target_guid() -> str:
    from simulators.severa.demo import guid

    return guid("BenchInvoice", "target")


def envelope(operation: str, params: str, api_key: str) -> str:
    return (f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Header><WebServicePassword xmlns="{TNS}">{api_key}'
            f'</WebServicePassword></s:Header><s:Body><{operation} xmlns="{TNS}">{params}</{operation}>'
            "</s:Body></s:Envelope>")


def calls(api_key: str) -> dict[str, tuple[str, str]]:
    """case -> (SOAPAction, envelope)."""
    return {
        f"GetInvoicesByStatus ({INVOICES} invoices)": (
            f"{TNS}IInvoice/GetInvoicesByStatus",
            envelope("GetInvoicesByStatus", "<businessUnitGUID></businessUnitGUID><status>Waiting for transfer"
                     "</status><options>0</options>", api_key)),
        "SetInvoiceStatus": (
            f"{TNS}IInvoice/SetInvoiceStatus",
            envelope("SetInvoiceStatus", f"<invoiceGUID>{target_guid()}</invoiceGUID><status>Sent</status>", api_key)),
    }


def headers(action: str) -> dict[str, str]:
    return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}


def _check(case: str, status: int, body: bytes) -> None:
    if status != 200:
        raise RuntimeError(f"{case} gave {status}: {body[:300]!r}")
    if case.startswith("GetInvoicesByStatus") and body.count(b"InvoiceRows>") < 2 * INVOICES:
        raise RuntimeError(f"{case} answered no invoices")


# ---------------------------------------------------------------------------------------------- in-process
def _inprocess(quick: bool) -> list[Row]:
    from simulators.testing import SimulatorHost

    count, warm, budget = (300, 30, 3.0) if quick else (2_000, 100, 10.0)  # budget: seconds per case at most
    host = SimulatorHost(mode="inprocess", names=["severa"]).start()
    rows: list[Row] = []
    try:
        handle = host.tenant("severa", dataset=dataset())
        client = handle.http()
        path = handle.simulator.base_path
        for case, (action, body) in calls(handle.credentials["api_key"]).items():
            payload, head = body.encode(), headers(action)
            reply = client.post(path, content=payload, headers=head)
            _check(case, reply.status_code, reply.content)
            size = len(reply.content)
            heavy = case.startswith("GetInvoicesByStatus")
            for _ in range(2 if heavy else warm):
                client.post(path, content=payload, headers=head)
            samples: list[int] = []
            clock = time.perf_counter_ns
            deadline = clock() + int(budget * 1e9)
            while len(samples) < count and (clock() < deadline or len(samples) < 5):
                started = clock()
                client.post(path, content=payload, headers=head)
                samples.append(clock() - started)
            s = summary_ms(samples)
            label = f"in-process {case}"
            rows += [Row(PART, label, "calls/s", s["rate"], "calls/s",
                         note=f"{s['n']} calls, one thread, httpx in-process transport; reply {size:,} bytes"),
                     Row(PART, label, "p50", s["p50"], "ms"), Row(PART, label, "p99", s["p99"], "ms")]
    finally:
        host.stop()
    return rows


# ---------------------------------------------------------------------------------------------- loopback
def _loopback(quick: bool, use: str | None) -> list[Row]:
    use = use or generator()
    seconds, warm = (2.0, 0.0) if quick else (5.0, 1.0)
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    rows: list[Row] = []
    with running([PYTHON, "-m", "bench.severa", "serve", "--port", str(port)], port, timeout=30):
        status, tenant = http_json("POST", f"{root}/_sim/tenants", body={"label": "bench", "dataset": dataset()})
        if status != 201:
            raise RuntimeError(f"creating a tenant gave {status}: {tenant}")
        url = f"{root}/webservice/S3/API.svc"
        for case, (action, body) in calls(tenant["credentials"]["api_key"]).items():
            status, reply = _post(url, body, action)
            _check(case, status, reply)
            spec = Load("POST", url, headers(action), body)
            if warm:
                load(spec, warm, use=use)
            result = load(spec, seconds, use=use)
            note = f"{result['tool']}, {result.get('requests')} requests, 10 connections, server in its own process"
            if result.get("errors"):
                note += f", {result['errors']} ERRORS"
            label = f"loopback {case}"
            rows += [Row(PART, label, "req/s", result["rps"], "req/s", note=note),
                     Row(PART, label, "p50", result["p50_ms"], "ms"), Row(PART, label, "p99", result["p99_ms"], "ms")]
    return rows


def _post(url: str, body: str, action: str) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("POST", parts.path, body=body.encode(), headers=headers(action))
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def run(quick: bool = False, use: str | None = None) -> list[Row]:
    return _inprocess(quick) + _loopback(quick, use)


# ---------------------------------------------------------------------------------------------- the server target
def serve(port: int) -> None:
    """The Severa simulator alone on SimServer (fast stack), warmed up and GC-tuned as `visma-sim serve` does."""
    from simulators.core.server import Listener, SimServer, tune_gc
    from simulators.registry import create

    sim = create("severa")
    server = SimServer([Listener(sim, port)]).start()
    sim.warm_up()  # spyne builds its schema and WSDL here, not on the first measured call
    tune_gc()
    hold_until_signal(server)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.severa",
                                     description="the Severa benchmark part, or (serve) its server process")
    parser.add_argument("command", choices=("run", "serve"), nargs="?", default="run")
    parser.add_argument("--port", type=int, help="serve: the loopback port")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.command == "serve":
        if not args.port:
            parser.error("serve needs --port")
        serve(args.port)
        return
    from bench.__main__ import print_table

    print_table(run(args.quick))


if __name__ == "__main__":
    main()
