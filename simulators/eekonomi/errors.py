"""eEkonomi's error body, `{"ErrorCode", "DeveloperErrorMessage", "ErrorId", "Errors"}`, and its codes.

The codes are the vendor's (developer.vismaonline.com/docs/error-codes); which code a rule breaks is
our mapping where the vendor does not say (docs/eekonomi.md, "Assumptions"). Every error carries a
fresh ErrorId, as the vendor's do, and always goes out as application/json (go-vismaonline refuses
error bodies of any other content type).
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson

# error codes (developer.vismaonline.com/docs/error-codes; 4010 from docs/rate-limits)
VALIDATION = 2000  # DataModelValidationError
NOT_FOUND = 3000  # ResourceNotFound
FISCAL_YEAR_MISSING = 3001  # FiscalYearDoesNotExist
ACCOUNT_MISSING = 3002  # AccountNotFound
CONFLICT = 4000
CANNOT_DELETE = 4001
CANNOT_CREATE_OR_UPDATE = 4002
NOT_AUTHORIZED = 4005
NO_ACCESS_TO_SCOPES = 4006
RATE_LIMITED = 4010

# the classic ASP.NET Web API text, as observed in a 401 (pwitab/visma issue #13)
NOT_AUTHORIZED_MESSAGE = "AuthorizationException - Authorization has been denied for this request."

Error = dict[str, Any]  # one entry of Errors: {"Field", "ErrorCode", "Message", "Key"}


class EEkonomiError(Exception):
    """An answer in the vendor's error body; raise it anywhere below a route."""

    def __init__(self, status: int, code: int, message: str, errors: list[Error] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> bytes:
        return envelope(self.code, self.message, self.errors)


def envelope(code: int, message: str, errors: list[Error] | None = None) -> bytes:
    body: dict[str, Any] = {"ErrorCode": code, "DeveloperErrorMessage": message, "ErrorId": str(uuid.uuid4())}
    if errors is not None:
        body["Errors"] = errors
    return orjson.dumps(body)


def field_error(field: str, code: str, message: str) -> Error:
    """One Errors entry; `code` is a short reason such as "Required", "MaxLength", "InvalidType"."""
    return {"Field": field, "ErrorCode": code, "Message": message, "Key": None}


def validation_failed(errors: list[Error]) -> EEkonomiError:
    first = "; ".join(e["Message"] for e in errors[:3])
    return EEkonomiError(400, VALIDATION, f"Validation failed: {first}", errors)


def bad_request(message: str, code: int = VALIDATION, field: str | None = None,
                reason: str = "Invalid") -> EEkonomiError:
    """A 400 for one problem; with a field it also carries the Errors entry naming it."""
    errors = [field_error(field, reason, message)] if field else None
    return EEkonomiError(400, code, message, errors)


def not_found(what: str, ident: Any = None) -> EEkonomiError:
    text = f"{what} with id {ident} was not found." if ident is not None else f"{what} was not found."
    return EEkonomiError(404, NOT_FOUND, text)


def reference_missing(field: str, what: str, ident: Any) -> EEkonomiError:
    """A referenced object (customer, article, terms of payment…) that does not exist: 400 with 3000."""
    message = f"{what} with id {ident} does not exist."
    return EEkonomiError(400, NOT_FOUND, message, [field_error(field, "NotFound", message)])


def conflict(message: str, field: str | None = None) -> EEkonomiError:
    return bad_request(message, CONFLICT, field, "Conflict")


def unauthorized() -> EEkonomiError:
    return EEkonomiError(401, NOT_AUTHORIZED, NOT_AUTHORIZED_MESSAGE)


def missing_scope(required: list[str]) -> EEkonomiError:
    return EEkonomiError(403, NO_ACCESS_TO_SCOPES,
                         "NoAccessToScopes - The token does not grant any of the scopes this endpoint requires: "
                         + ", ".join(required) + ".")


def rate_limited(seconds: int) -> EEkonomiError:
    return EEkonomiError(429, RATE_LIMITED,
                         f"API calls quota exceeded! maximum admitted 600 per Minute. Try again in {seconds} seconds.",
                         headers={"Retry-After": str(seconds)})
