"""The demo company of `visma-sim serve` (a realistic Finnish company)."""

from __future__ import annotations

from typing import Any


def demo_dataset() -> dict[str, Any]:
    return {}
