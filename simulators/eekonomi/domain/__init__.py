"""The eEkonomi rules per resource: plain Python on EEkonomiState, raising EEkonomiError (no web framework).

Shared here: reading a GUID from a path and looking a record up by it, and the EU member states (VAT rules
differ inside and outside the EU).
"""

from __future__ import annotations

import re
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.errors import EEkonomiError, field_error

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# EU member states by ISO 3166 alpha-2 (Greece also as "EL", the prefix of its VAT numbers)
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "EL", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})


def path_guid(value: str, name: str) -> str:
    """A GUID route value in lower case; anything else fails model binding as in ASP.NET: 400 with 2000."""
    text = value.strip().lower()
    if not _GUID.fullmatch(text):
        message = f"The value '{value}' is not valid."
        raise EEkonomiError(400, errors.VALIDATION, message, [field_error(name, "InvalidType", message)])
    return text


def find(records: dict[str, dict[str, Any]], ident: str, what: str, name: str = "id") -> dict[str, Any]:
    """The record with this Id, or 404 with ErrorCode 3000 (a malformed GUID is a 400, see `path_guid`)."""
    record = records.get(path_guid(ident, name))
    if record is None:
        raise errors.not_found(what, ident)
    return record


def is_eu(country_code: str | None) -> bool:
    return bool(country_code) and country_code.upper() in EU_COUNTRIES
