"""The demo organization of `visma-sim serve`."""

from __future__ import annotations

from typing import Any


def demo_dataset() -> dict[str, Any]:
    return {}
