"""An integration written the way a Python program drives the real Adk.dll through ctypes, on Windows.

Nothing in it knows about the fake except the loader line: on Windows it loads Visma's DLL, elsewhere the fake
from simulators.adk.cstyle. It declares argtypes/restype, passes integer handles, out-parameters by reference and
byte buffers from create_string_buffer, Windows-1252 strings, and reads the ADK's error texts on failure.

    python ctypes_program.py "<common files>" "<company folder>" [customer] [article]

It prints one JSON object with what it saw (tests/adk/test_ctypes_program.py checks it) and exits 0, or 1 when
a step that must work did not.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from ctypes import (
    POINTER,
    Structure,
    addressof,
    byref,
    c_char_p,
    c_double,
    c_int,
    c_long,
    c_void_p,
    create_string_buffer,
)

# ------------------------------------------------------------------ from Adk.h / AdkError.h
ADK_DB_CUSTOMER = 0
ADK_DB_INVOICE_HEAD = 6
ADK_DB_INVOICE_ROW = 7

ADK_CUSTOMER_NUMBER = 0
ADK_CUSTOMER_NAME = 1
ADK_CUSTOMER_CITY = 7

ADK_OOI_HEAD_DOCUMENT_NUMBER = 0
ADK_OOI_HEAD_DOCUMENT_DATE1 = 8
ADK_OOI_HEAD_TYPE_OF_INVOICE = 13
ADK_OOI_HEAD_CUSTOMER_NUMBER = 14
ADK_OOI_HEAD_CUSTOMER_NAME = 15
ADK_OOI_HEAD_TEXT1 = 49
ADK_OOI_HEAD_TOTAL_AMOUNT = 61
ADK_OOI_HEAD_EXCLUDING_OF_VAT = 98
ADK_OOI_HEAD_ROWS = 103
ADK_OOI_HEAD_NROWS = 104

ADK_OOI_ROW_ARTICLE_NUMBER = 0
ADK_OOI_ROW_QUANTITY1 = 2
ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY = 5
ADK_OOI_ROW_TEXT = 14

eCustomerNr = 0  # Adk.h's names
eInvoiceNr = 12

elRc = 0

ADKE_OK = 0
ADKE_EOF = 79


class ADK_ERROR(Structure):  # Adk.h's name
    _fields_ = [("lRc", c_long), ("lDbTable", c_long), ("lField", c_long), ("lFunction", c_long),
                ("lProgramPart", c_long)]


PADK_DATA = c_void_p

# ------------------------------------------------------------------ the loader: the only line that knows
if os.name != "nt":
    import simulators.adk.cstyle
adk = ctypes.WinDLL("Adk.dll") if os.name == "nt" else simulators.adk.cstyle.load()

# ------------------------------------------------------------------ prototypes
adk.AdkOpen.argtypes = [c_char_p, c_char_p]
adk.AdkOpen.restype = ADK_ERROR
adk.AdkClose.argtypes = []
adk.AdkClose.restype = None
adk.AdkCreateData.argtypes = [c_int]
adk.AdkCreateData.restype = c_int  # held as an int, as the .NET callers do
adk.AdkCreateDataRow.argtypes = [c_int, c_int]
adk.AdkCreateDataRow.restype = c_int
adk.AdkGetDataRow.argtypes = [c_int, c_int]
adk.AdkGetDataRow.restype = c_int
adk.AdkDeleteStruct.argtypes = [c_int]
adk.AdkDeleteStruct.restype = ADK_ERROR
adk.AdkSetSortOrder.argtypes = [c_int, c_int]
adk.AdkSetSortOrder.restype = ADK_ERROR
for name in ("AdkFirst", "AdkNext", "AdkAdd", "AdkFind"):
    getattr(adk, name).argtypes = [c_int]
    getattr(adk, name).restype = ADK_ERROR
adk.AdkGetStr.argtypes = [c_int, c_int, POINTER(c_char_p), c_int]
adk.AdkGetStr.restype = ADK_ERROR
adk.AdkSetStr.argtypes = [c_int, c_int, c_char_p]
adk.AdkSetStr.restype = ADK_ERROR
adk.AdkSetDouble.argtypes = [c_int, c_int, c_double]
adk.AdkSetDouble.restype = ADK_ERROR
adk.AdkGetDouble.argtypes = [c_int, c_int, POINTER(c_double)]
adk.AdkGetDouble.restype = ADK_ERROR
adk.AdkSetDate.argtypes = [c_int, c_int, c_long]
adk.AdkSetDate.restype = ADK_ERROR
adk.AdkDateToLong.argtypes = [c_char_p, POINTER(c_long)]
adk.AdkDateToLong.restype = ADK_ERROR
adk.AdkSetData.argtypes = [c_int, c_int, c_int]
adk.AdkSetData.restype = ADK_ERROR
adk.AdkGetData.argtypes = [c_int, c_int, c_int, POINTER(c_int)]
adk.AdkGetData.restype = ADK_ERROR
adk.AdkGetErrorText.argtypes = [POINTER(ADK_ERROR), c_int, POINTER(c_char_p), c_int]
adk.AdkGetErrorText.restype = None


# ------------------------------------------------------------------ small helpers, as such programs have them
def error_text(err: ADK_ERROR) -> str:
    buf = create_string_buffer(256)
    adk.AdkGetErrorText(byref(err), elRc, byref(c_char_p(addressof(buf))), 256)
    return buf.value.decode("cp1252")


def get_str(handle: int, field: int, size: int = 64) -> str:
    buf = create_string_buffer(size)
    err = adk.AdkGetStr(handle, field, byref(c_char_p(addressof(buf))), size)
    if err.lRc != ADKE_OK:
        raise RuntimeError(f"AdkGetStr {field}: {err.lRc} {error_text(err)}")
    return buf.value.decode("cp1252")


def get_double(handle: int, field: int) -> float:
    value = c_double()
    err = adk.AdkGetDouble(handle, field, byref(value))
    if err.lRc != ADKE_OK:
        raise RuntimeError(f"AdkGetDouble {field}: {err.lRc} {error_text(err)}")
    return value.value


def check(err: ADK_ERROR, what: str) -> None:
    if err.lRc != ADKE_OK:
        raise RuntimeError(f"{what}: {err.lRc} {error_text(err)}")


def main(argv: list[str]) -> int:
    common, company = argv[1], argv[2]
    customer = argv[3] if len(argv) > 3 else "1001"
    article = argv[4] if len(argv) > 4 else "KONS"
    report: dict = {"struct_type": None}

    err = adk.AdkOpen(common.encode("cp1252"), company.encode("cp1252"))
    report["struct_type"] = type(err).__name__
    report["struct_is_mine"] = isinstance(err, ADK_ERROR)
    if err.lRc != ADKE_OK:
        report["open"] = [err.lRc, error_text(err)]
        print(json.dumps(report))
        return 1
    try:
        # 1. read every customer, in number order, until ADKE_EOF
        cust = adk.AdkCreateData(ADK_DB_CUSTOMER)
        check(adk.AdkSetSortOrder(cust, eCustomerNr), "AdkSetSortOrder")
        customers = []
        err = adk.AdkFirst(cust)
        while err.lRc == ADKE_OK:
            customers.append([get_str(cust, ADK_CUSTOMER_NUMBER, 17), get_str(cust, ADK_CUSTOMER_NAME, 51),
                              get_str(cust, ADK_CUSTOMER_CITY, 36)])
            err = adk.AdkNext(cust)
        report["customers"] = customers
        report["loop_end"] = err.lRc
        check(adk.AdkDeleteStruct(cust), "AdkDeleteStruct")

        # 2. an invoice with two rows, numbered by the ADK; number and total read back from the same buffer
        head = adk.AdkCreateData(ADK_DB_INVOICE_HEAD)
        rows = adk.AdkCreateDataRow(ADK_DB_INVOICE_ROW, 2)
        date = c_long()
        check(adk.AdkDateToLong(b"2024-05-02", byref(date)), "AdkDateToLong")
        check(adk.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_NUMBER, customer.encode("cp1252")), "customer")
        check(adk.AdkSetStr(head, ADK_OOI_HEAD_TYPE_OF_INVOICE, b"F"), "type")
        check(adk.AdkSetDate(head, ADK_OOI_HEAD_DOCUMENT_DATE1, date.value), "date")
        check(adk.AdkSetStr(head, ADK_OOI_HEAD_TEXT1, "Överföring från Severa".encode("cp1252")), "text")
        for i, (quantity, price, text) in enumerate([(2.0, 1000.0, "Konsultation maj"), (1.5, 800.0, "Resa")]):
            row = adk.AdkGetDataRow(rows, i)
            check(adk.AdkSetStr(row, ADK_OOI_ROW_ARTICLE_NUMBER, article.encode("cp1252")), "row article")
            check(adk.AdkSetStr(row, ADK_OOI_ROW_TEXT, text.encode("cp1252")), "row text")
            check(adk.AdkSetDouble(row, ADK_OOI_ROW_QUANTITY1, quantity), "row quantity")
            check(adk.AdkSetDouble(row, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, price), "row price")
        check(adk.AdkSetDouble(head, ADK_OOI_HEAD_NROWS, 2.0), "nrows")
        check(adk.AdkSetData(head, ADK_OOI_HEAD_ROWS, rows), "AdkSetData")
        check(adk.AdkAdd(head), "AdkAdd")
        number = get_double(head, ADK_OOI_HEAD_DOCUMENT_NUMBER)
        report["invoice"] = {"number": number, "total": get_double(head, ADK_OOI_HEAD_TOTAL_AMOUNT),
                             "net": get_double(head, ADK_OOI_HEAD_EXCLUDING_OF_VAT),
                             "customer_name": get_str(head, ADK_OOI_HEAD_CUSTOMER_NAME, 51)}
        adk.AdkDeleteStruct(head)
        adk.AdkDeleteStruct(rows)

        # 3. find it again by number and read its rows
        found = adk.AdkCreateData(ADK_DB_INVOICE_HEAD)
        check(adk.AdkSetSortOrder(found, eInvoiceNr), "AdkSetSortOrder")
        check(adk.AdkSetDouble(found, ADK_OOI_HEAD_DOCUMENT_NUMBER, number), "number")
        check(adk.AdkFind(found), "AdkFind")
        row_texts = []
        for i in range(int(get_double(found, ADK_OOI_HEAD_NROWS))):
            row = c_int()
            check(adk.AdkGetData(found, ADK_OOI_HEAD_ROWS, i, byref(row)), "AdkGetData")
            row_texts.append(get_str(row.value, ADK_OOI_ROW_TEXT, 61))
        report["found_rows"] = row_texts
        report["found_text1"] = get_str(found, ADK_OOI_HEAD_TEXT1, 61)
        adk.AdkDeleteStruct(found)

        # 4. a failure, explained by AdkGetErrorText
        bad = adk.AdkCreateData(ADK_DB_INVOICE_HEAD)
        adk.AdkSetStr(bad, ADK_OOI_HEAD_CUSTOMER_NUMBER, b"NOSUCH")
        err = adk.AdkAdd(bad)
        report["failure"] = {"rc": err.lRc, "table": err.lDbTable, "field": err.lField,
                             "function": err.lFunction, "text": error_text(err)}
        adk.AdkDeleteStruct(bad)

        # 5. a too small buffer
        cust = adk.AdkCreateData(ADK_DB_CUSTOMER)
        adk.AdkFirst(cust)
        small = create_string_buffer(3)
        err = adk.AdkGetStr(cust, ADK_CUSTOMER_NAME, byref(c_char_p(addressof(small))), 3)
        report["short_buffer"] = [err.lRc, small.raw.hex()]
        adk.AdkDeleteStruct(cust)
    except RuntimeError as exc:
        report["error"] = str(exc)
        print(json.dumps(report, ensure_ascii=False))
        return 1
    finally:
        adk.AdkClose()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
