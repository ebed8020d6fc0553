"""IAPI: versions a client checks before it transfers (support article "General API policies")."""

from __future__ import annotations

from typing import Any

from simulators.severa.service import handles

API_VERSION = "2.0.0.0"  # Assumption: the real value is not public
ENTITY_SCHEMA_VERSION = "2014.9"  # Assumption: changes when entities change (2014 release notes)


@handles("GetVersion")
def get_version(state: Any) -> str:
    return API_VERSION


@handles("GetEntitySchemaVersion")
def get_entity_schema_version(state: Any) -> str:
    return ENTITY_SCHEMA_VERSION
