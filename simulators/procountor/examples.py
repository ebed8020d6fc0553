"""Ready-made valid requests, for tests, benchmarks and anyone trying the simulator from Python."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any


def sales_invoice(day: date | str, **overrides: Any) -> dict[str, Any]:
    """The vendor's own minimal sales invoice example (dev.procountor.com/examples), dated `day`; keyword
    arguments replace top-level fields. Valid against the default company (its bank account and VAT rates)."""
    day = day.isoformat() if isinstance(day, date) else day
    invoice: dict[str, Any] = {
        "type": "SALES_INVOICE",
        "status": "UNFINISHED",
        "date": day,
        "counterParty": {"counterPartyAddress": {"name": "Buyer name"}},
        "paymentInfo": {
            "paymentMethod": "BANK_TRANSFER",
            "currency": "EUR",
            "bankAccount": {"accountNumber": "FI2112345600000785"},
            "dueDate": day,
            "currencyRate": 1,
        },
        "extraInfo": {"accountingByRow": False, "unitPricesIncludeVat": False},
        "discountPercent": 0,
        "invoiceRows": [
            {"product": "Coffee cup", "quantity": 2, "unit": "PIECE", "unitPrice": 3.5, "discountPercent": 0,
             "vatPercent": 25.5}
        ],
        "vatStatus": 1,
        "invoiceChannel": "NO_SENDING",
        "language": "FINNISH",
    }
    invoice.update(copy.deepcopy(overrides))
    return invoice
