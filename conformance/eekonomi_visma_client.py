"""PyPI `visma` 0.1.0 (pwitab/visma), run unchanged against the eEkonomi simulator, in a process of its own.

The client is configured the only ways it can be: its URLs are class constants of `visma.api.VismaAPI`, so
`SimVismaAPI` below overrides them from the environment; `visma.models` instantiates the class named by
VISMA_API_CLASS when it is imported (`manager.api = api_klass.load()`), reading the JSON token file at
VISMA_API_TOKEN_PATH and refreshing the token right there if the file says it has expired. Hence a subprocess
per run (conformance/contracts/test_eekonomi_client.py), which prints one JSON object of what it saw.

    VISMA_API_CLASS=conformance.eekonomi_visma_client.SimVismaAPI VISMA_API_TOKEN_PATH=tokens.json \\
    VISMA_API_CLIENT_ID=... VISMA_API_CLIENT_SECRET=... SIM_EEKONOMI_API_URL=http://127.0.0.1:PORT/v2 \\
    SIM_EEKONOMI_TOKEN_URL=http://127.0.0.1:PORT2/connect/token python -m conformance.eekonomi_visma_client read NAME
    (or: write NAME TERMS_OF_PAYMENT_ID)

Two workarounds, for client bugs that the real API triggers too (both are set on the client's base schema
before `visma.models` builds its schemas; nothing else of the client is touched):

* The client's marshmallow schemas list the fields of 2018, and marshmallow 3 refuses unknown fields by default,
  so any field Visma added since (CustomerApi has about twenty, e.g. IsFutureInvoiceDateAllowed) fails every
  load with "Unknown field". The schemas ignore unknown fields (`unknown = EXCLUDE`), which is what the client's
  author meant by not listing them.
* Some fields the vendor's description declares nullable are non-nullable in the client (CustomerApi
  PayToAccountId: `"type": ["string", "null"]`, a `fields.UUID` without allow_none), so a null fails the load
  with "Field may not be null". A null of a field the description (`<Model>Api`) declares nullable is dropped
  before the load, which leaves the client's attribute None, as it would be for a missing field.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from visma.api import VismaAPI


class SimVismaAPI(VismaAPI):
    """VismaAPI aimed at the simulator: the production URL constants, replaced (the client has no setting)."""

    API_URL = os.environ.get("SIM_EEKONOMI_API_URL", VismaAPI.API_URL)
    TOKEN_URL = os.environ.get("SIM_EEKONOMI_TOKEN_URL", VismaAPI.TOKEN_URL)


def _nullable_fields() -> dict[str, set[str]]:
    """Per vendor model ("CustomerApi"), the properties its description allows to be null."""
    from conformance.eekonomi import eekonomi_spec

    nullable: dict[str, set[str]] = {}
    for model, schema in eekonomi_spec()["components"]["schemas"].items():
        for prop, spec in schema.get("properties", {}).items():
            kind = spec.get("type")
            if isinstance(kind, list) and "null" in kind:
                nullable.setdefault(model, set()).add(prop)
    return nullable


def _work_around_client_bugs() -> None:
    from marshmallow import EXCLUDE, pre_load
    from visma import base

    nullable = _nullable_fields()

    def drop_documented_nulls(self: Any, data: Any, **_: Any) -> Any:
        allowed = nullable.get(type(self).__name__.removesuffix("Schema") + "Api", set())
        if isinstance(data, dict) and allowed:
            return {k: v for k, v in data.items() if v is not None or k not in allowed}
        return data

    base.VismaSchema.Meta = type("Meta", (), {"unknown": EXCLUDE})
    base.VismaSchema.drop_documented_nulls = pre_load(drop_documented_nulls)


def read(name: str) -> dict[str, Any]:
    """List every customer (the client's paging loop), filter by name, and filter to nothing."""
    from visma.models import Customer  # reads the token file, and refreshes an expired token, right here

    api = Customer.objects.api
    seen: dict[str, Any] = {"access_token": api.access_token, "refresh_token": api.refresh_token}
    everyone = list(Customer.objects.all())  # pages of 50 until CurrentPage == TotalNumberOfPages
    seen["all_ids"] = [str(c.id) for c in everyone]
    seen["filtered_ids"] = [str(c.id) for c in Customer.objects.filter(name=name)]  # $filter=Name eq '...'
    seen["no_match"] = len(list(Customer.objects.filter(name="No such customer, ever")))
    return seen


def write(name: str, terms_of_payment_id: str) -> dict[str, Any]:
    """Create a customer the way the client's own integration tests do, and read it back."""
    from visma.models import Customer

    created = Customer(name=name, invoice_city="Helsingborg", invoice_postal_code="25234",
                       terms_of_payment_id=terms_of_payment_id, is_private_person=False, is_active=True)
    created.save()  # POST /customers, then the answer is loaded back into the object
    again = Customer.objects.get(created.id)
    return {"created_id": str(created.id), "created_number": created.customer_number,
            "read_back": {"id": str(again.id), "name": again.name, "city": again.invoice_city,
                          "terms": str(again.terms_of_payment_id), "changed_utc": again.changed_utc.isoformat()}}


def main() -> None:
    _work_around_client_bugs()
    mode, name = sys.argv[1], sys.argv[2]
    print(json.dumps(read(name) if mode == "read" else write(name, sys.argv[3])))


if __name__ == "__main__":
    main()
