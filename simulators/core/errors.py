"""Exceptions the core raises across layers."""

from __future__ import annotations

from typing import Any


class DatasetError(ValueError):
    """A dataset that cannot be loaded; `path` points at the offending element (JSON-path style)."""

    def __init__(self, message: str, path: str = "$", details: list[dict[str, Any]] | None = None):
        super().__init__(f"{path}: {message}")
        self.message = message
        self.path = path
        self.details = details or [{"path": path, "message": message}]


class ConnectionDropped(Exception):
    """Raised through the in-process transport when a fault drops the connection."""


class SimulatedTimeout(Exception):
    """Raised through the in-process transport when a fault holds the call past any client time-out."""
