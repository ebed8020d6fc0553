"""The fake ADK: operations per second of what an integration does, through the Pythonic `Adk` and through the
C-style surface (`FakeAdkDll`, called the way a ctypes program calls Adk.dll). Printed only, never asserted.

* add invoice: a head with a customer and 10 article rows (create the buffers, set the fields, AdkAdd, which
  numbers it from the series and writes the totals back), one committed transaction each;
* find by number: AdkFind on eInvoiceNr with rows, over the invoices just added, in random order;
* iterate customers: AdkFirst + AdkNext over a company of 10,000 customers (2,000 with --quick), reading the
  number and name of each, as an integration's customer sync does;
* open + close: AdkOpen and AdkClose of that company (S4 opens the company around every batch).

Each surface gets a fresh company folder (seeded through the simulator's store), in a temporary root.
`python -m bench adk [--quick]`, or `python -m bench.adk [--quick]` on its own.
"""

from __future__ import annotations

import ctypes
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import Row, summary_ms

PART = "adk"
ROWS = 10


def customers_dataset(count: int) -> dict[str, Any]:
    """A company with exactly `count` customers, and the demo's articles, suppliers and registers."""
    from simulators.adk import demo

    data = demo.demo_dataset()
    tables = data["tables"]
    for name in ("ADK_DB_INVOICE_HEAD", "ADK_DB_CUSTOMERPAYMENT", "ADK_DB_SUPPLIER_INVOICE_HEAD", "ADK_DB_PROJECT"):
        tables[name] = []
    data["company"]["series"] = {**data["company"]["series"], "invoice": 1, "customer_payment": 1,
                                 "supplier_invoice": 1}
    tables["ADK_DB_CUSTOMER"] = [
        {"ADK_CUSTOMER_NUMBER": f"{10_000 + n}", "ADK_CUSTOMER_NAME": f"Bänkkund {n} AB",
         "ADK_CUSTOMER_MAILING_ADDRESS": f"Storgatan {n % 90 + 1}", "ADK_CUSTOMER_ZIPCODE": "211 45",
         "ADK_CUSTOMER_CITY": "Malmö", "ADK_CUSTOMER_CODE_OF_COUNTRY": "SE",
         "ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT": "30", "ADK_CUSTOMER_CODE_OF_CURRENCY": "SEK"}
        for n in range(count)]
    return data


# ---------------------------------------------------------------------------------------------- the two surfaces
class Pythonic:
    """The operations through `simulators.adk.session.Adk`."""

    label = "Adk (Pythonic)"

    def __init__(self) -> None:
        from simulators.adk import constants as c
        from simulators.adk.session import Adk

        self.c = c
        self.api = Adk()

    def open(self, common: str, company: str) -> None:
        _check("AdkOpen", self.api.open(common, company).rc)

    def close(self) -> None:
        self.api.close()

    def add_invoice(self, customer: str) -> float:
        api, c = self.api, self.c
        head = api.create_data(c.ADK_DB_INVOICE_HEAD)
        rows = api.create_data_row(c.ADK_DB_INVOICE_ROW, ROWS)
        api.set_str(head, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, customer)
        api.set_str(head, c.ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "BENCH-1")
        for i in range(ROWS):
            row = api.get_data_row(rows, i)
            api.set_str(row, c.ADK_OOI_ROW_ARTICLE_NUMBER, "DEV")
            api.set_str(row, c.ADK_OOI_ROW_TEXT, f"Utveckling, rad {i + 1}")
            api.set_double(row, c.ADK_OOI_ROW_QUANTITY1, 2.5)
            api.set_double(row, c.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, 1100.0)
        api.set_double(head, c.ADK_OOI_HEAD_NROWS, ROWS)
        api.set_data(head, c.ADK_OOI_HEAD_ROWS, rows)
        _check("AdkAdd", api.add(head).rc)
        number = api.get_double(head, c.ADK_OOI_HEAD_DOCUMENT_NUMBER)[1]
        api.delete_struct(rows)
        api.delete_struct(head)
        return number

    def finder(self) -> Callable[[float], None]:
        api, c = self.api, self.c
        head = api.create_data(c.ADK_DB_INVOICE_HEAD)
        api.set_sort_order(head, c.eInvoiceNr)

        def find(number: float) -> None:
            api.set_double(head, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, number)
            _check("AdkFind", api.find(head).rc)

        return find

    def iterate_customers(self) -> int:
        api, c = self.api, self.c
        h = api.create_data(c.ADK_DB_CUSTOMER)
        api.set_sort_order(h, c.eCustomerNr)
        seen = 0
        err = api.first(h)
        while err.ok:
            api.get_str(h, c.ADK_CUSTOMER_NUMBER, 17)
            api.get_str(h, c.ADK_CUSTOMER_NAME, 51)
            seen += 1
            err = api.next(h)
        api.delete_struct(h)
        return seen


class CStyle:
    """The same operations as a ctypes program calls Adk.dll: int handles, bytes, out-parameters, ADK_ERROR by value."""

    label = "FakeAdkDll (C-style)"

    def __init__(self) -> None:
        from simulators.adk import constants as c
        from simulators.adk.cstyle import load

        self.c = c
        self.dll = load()
        self.number = ctypes.c_double()
        self.buf = ctypes.create_string_buffer(64)
        self.pbuf = ctypes.c_char_p(ctypes.addressof(self.buf))

    def open(self, common: str, company: str) -> None:
        _check("AdkOpen", self.dll.AdkOpen(common.encode("cp1252"), company.encode("cp1252")).lRc)

    def close(self) -> None:
        self.dll.AdkClose()

    def add_invoice(self, customer: str) -> float:
        dll, c = self.dll, self.c
        head = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
        rows = dll.AdkCreateDataRow(c.ADK_DB_INVOICE_ROW, ROWS)
        dll.AdkSetStr(head, c.ADK_OOI_HEAD_CUSTOMER_NUMBER, customer.encode("cp1252"))
        dll.AdkSetStr(head, c.ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, b"BENCH-1")
        for i in range(ROWS):
            row = dll.AdkGetDataRow(rows, i)
            dll.AdkSetStr(row, c.ADK_OOI_ROW_ARTICLE_NUMBER, b"DEV")
            dll.AdkSetStr(row, c.ADK_OOI_ROW_TEXT, f"Utveckling, rad {i + 1}".encode("cp1252"))
            dll.AdkSetDouble(row, c.ADK_OOI_ROW_QUANTITY1, ctypes.c_double(2.5))
            dll.AdkSetDouble(row, c.ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, ctypes.c_double(1100.0))
        dll.AdkSetDouble(head, c.ADK_OOI_HEAD_NROWS, ctypes.c_double(ROWS))
        dll.AdkSetData(head, c.ADK_OOI_HEAD_ROWS, rows)
        _check("AdkAdd", dll.AdkAdd(head).lRc)
        dll.AdkGetDouble(head, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, ctypes.byref(self.number))
        dll.AdkDeleteStruct(rows)
        dll.AdkDeleteStruct(head)
        return self.number.value

    def finder(self) -> Callable[[float], None]:
        dll, c = self.dll, self.c
        head = dll.AdkCreateData(c.ADK_DB_INVOICE_HEAD)
        dll.AdkSetSortOrder(head, c.eInvoiceNr)

        def find(number: float) -> None:
            dll.AdkSetDouble(head, c.ADK_OOI_HEAD_DOCUMENT_NUMBER, ctypes.c_double(number))
            _check("AdkFind", dll.AdkFind(head).lRc)

        return find

    def iterate_customers(self) -> int:
        dll, c = self.dll, self.c
        h = dll.AdkCreateData(c.ADK_DB_CUSTOMER)
        dll.AdkSetSortOrder(h, c.eCustomerNr)
        pbuf, size = ctypes.byref(self.pbuf), len(self.buf)
        seen = 0
        rc = dll.AdkFirst(h).lRc
        while rc == 0:
            dll.AdkGetStr(h, c.ADK_CUSTOMER_NUMBER, pbuf, size)
            dll.AdkGetStr(h, c.ADK_CUSTOMER_NAME, pbuf, size)
            seen += 1
            rc = dll.AdkNext(h).lRc
        dll.AdkDeleteStruct(h)
        return seen


def _check(call: str, rc: int) -> None:
    if rc != 0:
        raise RuntimeError(f"{call} returned ADK error {rc}")


# ---------------------------------------------------------------------------------------------- measuring
def _timed(fn: Callable[[], Any], runs: int) -> list[int]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - began)
    return samples


def _rate_rows(surface: str, case: str, samples: list[int], note: str = "") -> list[Row]:
    s = summary_ms(samples)
    return [Row(PART, f"{surface}: {case}", "rate", s["rate"], "calls/s", note=note or f"{s['n']} runs"),
            Row(PART, f"{surface}: {case}", "p50", s["p50"], "ms"),
            Row(PART, f"{surface}: {case}", "p99", s["p99"], "ms")]


def _measure(driver: Any, common: str, company: str, quick: bool, customers: int) -> list[Row]:
    adds, finds = (100, 1_000) if quick else (1_000, 10_000)
    label = driver.label
    rows: list[Row] = []
    driver.open(common, company)
    try:
        driver.add_invoice("10001")  # warm: first use builds the indexes and caches
        numbers: list[float] = []
        add = _timed(lambda: numbers.append(driver.add_invoice(f"{10_000 + len(numbers) % customers}")), adds)
        rows += _rate_rows(label, f"add invoice with {ROWS} rows", add, f"{adds} invoices, one transaction each")
        find = driver.finder()
        order = [random.Random(7).choice(numbers) for _ in range(finds)]
        it = iter(order)
        rows += _rate_rows(label, "find invoice by number", _timed(lambda: find(next(it)), finds),
                           f"{finds} finds with rows over {len(numbers) + 1} invoices")
        began = time.perf_counter_ns()
        seen = driver.iterate_customers()
        took = time.perf_counter_ns() - began
        rows.append(Row(PART, f"{label}: iterate {seen:,} customers", "rate", seen / (took / 1e9), "calls/s",
                        note="First/Next + 2 GetStr per customer; rate = customers per second"))
        rows.append(Row(PART, f"{label}: iterate {seen:,} customers", "total", took / 1e6, "ms"))
    finally:
        driver.close()
    cycles = 10 if quick else 20
    rows += _rate_rows(label, "open + close", _timed(lambda: (driver.open(common, company), driver.close()), cycles))
    return rows


def run(quick: bool = False) -> list[Row]:
    from simulators.adk.simulator import AdkSimulator

    customers = 2_000 if quick else 10_000
    sim = AdkSimulator()
    rows: list[Row] = []
    try:
        began = time.perf_counter_ns()
        data = customers_dataset(customers)
        seeded = sim.create_tenant(data, tenant_id="bench-0")
        rows.append(Row(PART, f"seed a company with {customers:,} customers", "time",
                        (time.perf_counter_ns() - began) / 1e6, "ms", note="store.write_dataset through the simulator"))
        drivers: list[Callable[[], Any]] = [Pythonic]
        try:
            import simulators.adk.cstyle  # noqa: F401
        except ImportError:
            rows.append(Row(PART, "FakeAdkDll (C-style)", "rate", None, "calls/s", note="cstyle.py not present"))
        else:
            drivers.append(CStyle)
        for i, make in enumerate(drivers):
            tenant = seeded if i == 0 else sim.create_tenant(data, tenant_id=f"bench-{i}")
            creds = tenant.credentials
            rows += _measure(make(), creds["common_files"], creds["company"], quick, customers)
    finally:
        sim.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import print_table

    print_table(run("--quick" in (argv if argv is not None else sys.argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
