from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest


def _sales_invoice(day: str, **overrides: Any) -> dict[str, Any]:
    """The vendor's own minimal sales invoice example (dev.procountor.com/examples), dated `day`."""
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


@pytest.fixture
def sales_invoice(procountor) -> Callable[..., dict[str, Any]]:
    """Build a valid sales invoice dated today on the tenant clock; keyword arguments override fields."""

    def build(**overrides: Any) -> dict[str, Any]:
        return _sales_invoice(procountor.state.today().isoformat(), **overrides)

    return build
