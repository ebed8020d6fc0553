from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simulators.procountor import examples


@pytest.fixture
def sales_invoice(procountor) -> Callable[..., dict[str, Any]]:
    """Build a valid sales invoice dated today on the tenant clock; keyword arguments override fields."""

    def build(**overrides: Any) -> dict[str, Any]:
        return examples.sales_invoice(procountor.state.today(), **overrides)

    return build
