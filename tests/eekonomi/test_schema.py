"""The eEkonomi request validator and response completer, and the generated data they run on.

Tests that need the vendor description (the --check run, the JSON-schema cross-check) find it the way
conformance/vendor.py does ($VISMA_SIM_VENDOR_DIR, else ../shared/vendor next to the repository) and skip
when it is absent. (conformance/ is not importable from tests/ under --import-mode=importlib.)
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from simulators.eekonomi import errors, schema, schema_data

SPEC = "eekonomi/visma_external_api.yaml"
REPO_ROOT = Path(__file__).resolve().parents[2]
TERMS = "8f9a8f4c-1d2e-4c2b-8c8b-0123456789ab"


def customer(**extra: Any) -> dict[str, Any]:
    body = {"Name": "Acme AB", "InvoiceCity": "Stockholm", "InvoicePostalCode": "111 22", "TermsOfPaymentId": TERMS,
            "IsPrivatePerson": False, "IsActive": True}
    body.update(extra)
    return body


def voucher(*rows: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"VoucherText": "Rent", "VoucherDate": "2026-03-01", "Rows": list(rows) or [
        {"AccountNumber": 5010, "DebitAmount": 100.5}, {"AccountNumber": 1930, "CreditAmount": 100.5}]}
    body.update(extra)
    return body


def problems(model: str, payload: Any, **kwargs: Any) -> list[dict[str, Any]]:
    with pytest.raises(errors.EEkonomiError) as caught:
        schema.validate(model, payload, **kwargs)
    assert caught.value.status == 400
    assert caught.value.code == errors.VALIDATION
    assert caught.value.errors
    return caught.value.errors


def by_field(model: str, payload: Any, **kwargs: Any) -> dict[str, tuple[str, str]]:
    return {e["Field"]: (e["ErrorCode"], e["Message"]) for e in problems(model, payload, **kwargs)}


# ------------------------------------------------------------------------ validate
def test_a_valid_customer_comes_back_canonical() -> None:
    assert schema.validate("CustomerApi", customer()) == customer()


def test_required_properties_missing_null_or_blank_are_all_reported() -> None:
    body = customer(Name=None, InvoiceCity="  ")
    del body["IsActive"]
    found = by_field("CustomerApi", body)
    assert found == {
        "InvoiceCity": ("Required", "The InvoiceCity field is required."),
        "IsActive": ("Required", "The IsActive field is required."),
        "Name": ("Required", "The Name field is required."),
    }


def test_the_error_body_is_the_vendors_envelope() -> None:
    with pytest.raises(errors.EEkonomiError) as caught:
        schema.validate("CustomerApi", {})
    body = caught.value.body()
    assert b'"ErrorCode":2000' in body and b'"Errors":[{"Field":' in body


def test_property_names_match_in_any_casing_and_come_back_pascal_case() -> None:
    body = {"name": "Acme", "INVOICECITY": "Oslo", "invoicePostalCode": "0150", "termsofpaymentid": TERMS,
            "isPrivatePerson": True, "isactive": False, "emailaddress": "a@b.se"}
    out = schema.validate("CustomerApi", body)
    assert out == {"Name": "Acme", "InvoiceCity": "Oslo", "InvoicePostalCode": "0150", "TermsOfPaymentId": TERMS,
                   "IsPrivatePerson": True, "IsActive": False, "EmailAddress": "a@b.se"}


def test_unknown_properties_are_refused() -> None:
    found = by_field("CustomerApi", customer(Nmae="typo"))
    assert found["Nmae"][0] == "UnknownField"
    assert "CustomerApi" in found["Nmae"][1]


def test_read_only_properties_are_dropped_unchecked() -> None:
    out = schema.validate("CustomerApi", customer(Id="not-a-guid", ChangedUtc=12, unpaidInvoicesAmount=5.0))
    assert "Id" not in out and "ChangedUtc" not in out and "UnpaidInvoicesAmount" not in out


def test_max_length_message_names_the_limit() -> None:
    found = by_field("CustomerApi", customer(Name="x" * 51, CustomerNumber="1" * 17))
    assert found["Name"] == ("MaxLength", "The field Name must be a string with a maximum length of 50.")
    assert found["CustomerNumber"] == ("MaxLength",
                                       "The field CustomerNumber must be a string with a maximum length of 16.")
    assert schema.validate("CustomerApi", customer(Name="å" * 50))["Name"] == "å" * 50


def test_length_counts_utf16_code_units_like_dotnet() -> None:
    assert by_field("CustomerApi", customer(InvoicePostalCode="😀" * 6))["InvoicePostalCode"][0] == "MaxLength"


def test_min_length() -> None:
    found = by_field("AccountApi", {"Name": "Bank", "Number": "", "FiscalYearId": TERMS})
    assert found["Number"][0] == "Required"  # required + empty: RequiredAttribute speaks first
    payment = {"CompanyBankAccountId": TERMS, "PaymentAmount": 1, "PaymentCurrency": "", "PaymentType": 1}
    assert by_field("InvoicePaymentApi", payment)["PaymentCurrency"][0] == "Required"


@pytest.mark.parametrize(("field", "value", "clr"), [
    ("IsActive", 1, "System.Boolean"),             # a number is not a boolean
    ("Name", 5, "System.String"),                  # a number is not a string
    ("PropertyType", True, "System.Int32"),        # a boolean is not a number
    ("PropertyType", 1.0, "System.Int32"),         # a float is not an integer
    ("PropertyType", 2**31, "System.Int32"),       # past int32
    ("PropertyType", "1", "System.Int32"),         # a string is not a number
    ("DiscountPercentage", False, "System.Double"),
    ("DiscountPercentage", None, "System.Double"),  # null only where nullable
    ("CustomerLabels", {}, "System.Collections.Generic.List`1[CustomerLabelApi]"),
])
def test_type_errors(field: str, value: Any, clr: str) -> None:
    code, message = by_field("CustomerApi", customer(**{field: value}))[field]
    assert code == "InvalidType"
    assert message.startswith(f"The JSON value could not be converted to {clr}.")


def test_numbers_take_json_integers_and_null_where_nullable() -> None:
    out = schema.validate("CustomerApi", customer(DiscountPercentage=1, PropertyType=None, Iban=None))
    assert out["DiscountPercentage"] == 1 and out["PropertyType"] is None and out["Iban"] is None


def test_a_body_that_is_not_an_object() -> None:
    for payload in ([], "x", 3):
        assert [(e["Field"], e["ErrorCode"]) for e in problems("CustomerApi", payload)] == [("", "InvalidType")]
    assert problems("CustomerApi", None)[0]["Field"] == ""


def test_nested_rows_report_an_indexed_field() -> None:
    rows = [{"AccountNumber": 5010, "DebitAmount": 10}, {"accountnumber": 0, "CreditAmount": "10"},
            {"DebitAmount": 1}, "row"]
    found = by_field("VoucherApi", voucher(*rows))
    assert found == {
        "Rows[1].AccountNumber": ("Range", "The field AccountNumber must be between 1 and 9999999999."),
        "Rows[1].CreditAmount": ("InvalidType", found["Rows[1].CreditAmount"][1]),
        "Rows[2].AccountNumber": ("Required", "The AccountNumber field is required."),
        "Rows[3]": ("InvalidType", found["Rows[3]"][1]),
    }


def test_field_prefix_places_a_sub_object() -> None:
    found = by_field("CustomerInvoiceDraftRowApi", {"IsTextRow": "no"}, field_prefix="Rows[4]")
    assert set(found) == {"Rows[4].IsTextRow", "Rows[4].ReversedConstructionServicesVatFree"}


def test_nested_objects_are_validated_and_may_be_null() -> None:
    found = by_field("CustomerApi", customer(TermsOfPayment={"NumberOfDays": "30"}))
    assert found["TermsOfPayment.NumberOfDays"][0] == "InvalidType"
    assert schema.validate("CustomerApi", customer(TermsOfPayment=None))["TermsOfPayment"] is None
    out = schema.validate("CustomerApi", customer(CustomerLabels=[{"name": "VIP", "id": TERMS.upper()}]))
    assert out["CustomerLabels"] == [{"Name": "VIP"}]  # Id is read-only there


def test_uuids_must_parse_and_come_back_lower_case() -> None:
    assert schema.validate("CustomerApi", customer(TermsOfPaymentId=TERMS.upper()))["TermsOfPaymentId"] == TERMS
    for bad in ("nope", TERMS.replace("-", ""), "{" + TERMS + "}", TERMS[:-1] + "g"):
        assert by_field("CustomerApi", customer(TermsOfPaymentId=bad))["TermsOfPaymentId"][0] == "InvalidType"


@pytest.mark.parametrize(("sent", "local", "utc"), [
    ("2026-03-01", "2026-03-01T00:00:00", "2026-03-01T00:00:00Z"),
    ("2026-03-01T10:20:30", "2026-03-01T10:20:30", "2026-03-01T10:20:30Z"),
    ("2026-03-01T10:20:30Z", "2026-03-01T10:20:30", "2026-03-01T10:20:30Z"),
    ("2026-03-01T01:20:30+02:00", "2026-03-01T01:20:30", "2026-02-28T23:20:30Z"),
    ("2026-03-01T10:20:30.000-05:00", "2026-03-01T10:20:30", "2026-03-01T15:20:30Z"),
    ("2026-03-01T10:20:30.1250000Z", "2026-03-01T10:20:30.125", "2026-03-01T10:20:30.125Z"),
])
def test_dates_are_normalised(sent: str, local: str, utc: str) -> None:
    assert schema.validate("VoucherApi", voucher(VoucherDate=sent))["VoucherDate"] == local
    draft = {"CustomerId": TERMS, "RotReducedInvoicingType": 0, "EuThirdParty": False, "CreatedUtc": "x"}
    assert "CreatedUtc" not in schema.validate("CustomerInvoiceDraftApi", draft)  # read-only
    meta = {"CurrentPage": 1, "PageSize": 50, "TotalNumberOfPages": 1, "TotalNumberOfResults": 0,
            "ServerTimeUtc": sent}
    assert schema.validate("CommonPaginationMetadata", meta)["ServerTimeUtc"] == utc


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-3-1", "01/03/2026", "2026-03-01T25:00:00", "", "2026-03-01Z"])
def test_bad_dates_are_type_errors(bad: str) -> None:
    assert by_field("VoucherApi", voucher(VoucherDate=bad))["VoucherDate"][0] == "InvalidType"


def test_enums() -> None:
    draft = {"CustomerId": TERMS, "RotReducedInvoicingType": 3, "EuThirdParty": False}
    assert by_field("CustomerInvoiceDraftApi", draft)["RotReducedInvoicingType"] == (
        "InvalidValue", "The field RotReducedInvoicingType must be one of 0, 1, 2.")
    draft["RotReducedInvoicingType"] = 2
    assert schema.validate("CustomerInvoiceDraftApi", draft)["RotReducedInvoicingType"] == 2


@pytest.mark.parametrize(("amount", "ok"), [
    (100, True), (100.5, True), (100.25, True), (0.1, True), (1e9, True),
    (100.255, False), (1.005, False), (1e-07, False),
])
def test_amounts_take_at_most_two_decimals(amount: float, ok: bool) -> None:
    body = voucher({"AccountNumber": 5010, "DebitAmount": amount}, {"AccountNumber": 1930, "CreditAmount": amount})
    if ok:
        assert schema.validate("VoucherApi", body)["Rows"][0]["DebitAmount"] == amount
    else:
        found = by_field("VoucherApi", body)
        assert found["Rows[0].DebitAmount"][0] == "Pattern"
        assert "regular expression" in found["Rows[0].DebitAmount"][1]


def test_discount_percentage_takes_four_decimals_within_its_range() -> None:
    assert schema.validate("CustomerApi", customer(DiscountPercentage=0.1234))["DiscountPercentage"] == 0.1234
    assert by_field("CustomerApi", customer(DiscountPercentage=0.12345))["DiscountPercentage"][0] == "Pattern"
    assert by_field("CustomerApi", customer(DiscountPercentage=1.5))["DiscountPercentage"] == (
        "Range", "The field DiscountPercentage must be between 0 and 1.")


# ------------------------------------------------------------------------ complete
def test_complete_gives_every_property_in_vendor_order() -> None:
    body = schema.complete("CustomerApi", {"Name": "Acme", "Secret": "internal", "TermsOfPaymentId": TERMS})
    assert list(body) == schema.fields("CustomerApi")
    assert body["Name"] == "Acme" and "Secret" not in body
    assert body["GLN"] is None  # nullable
    assert body["IsActive"] is False and body["UnpaidInvoicesAmount"] == 0 and body["InvoiceCity"] == ""
    assert body["Id"] == schema.EMPTY_GUID
    assert list(body["TermsOfPayment"]) == schema.fields("TermsOfPaymentApi")  # non-nullable nested model


def test_complete_fills_nested_rows_and_replaces_null_for_non_nullable() -> None:
    record = {"Rows": [{"AccountNumber": 1930, "DebitAmount": 5.0}], "VoucherText": None, "CreatedUtc": None}
    body = schema.complete("VoucherApi", record)
    assert body["VoucherText"] == "" and body["CreatedUtc"] == "0001-01-01T00:00:00Z"
    row = body["Rows"][0]
    assert list(row) == schema.fields("VoucherRowApi")
    assert row["AccountNumber"] == 1930 and row["CreditAmount"] == 0 and row["TransactionText"] is None
    assert schema.complete("VoucherApi", {})["Rows"] == []
    assert schema.complete("PaginatedResponseOfVoucherApi", {"Data": [record]})["Data"][0]["Rows"][0] == row


def test_complete_returns_copies() -> None:
    record = {"Rows": [{"AccountNumber": 1}], "Attachments": {"AttachmentIds": [TERMS]}}
    body = schema.complete("VoucherApi", record)
    body["Rows"].append({})
    body["Attachments"]["AttachmentIds"].append("x")
    assert record == {"Rows": [{"AccountNumber": 1}], "Attachments": {"AttachmentIds": [TERMS]}}


def test_complete_defaults_respect_ranges() -> None:
    assert schema.complete("InvoicePaymentApi", {})["PaymentType"] == 1  # minimum 1
    assert schema.complete("AccountApi", {})["Number"] != ""  # minLength 1


# ------------------------------------------------------------------------ lookups
def test_lookups() -> None:
    assert schema.canonical_name("CustomerApi", "invoicepostalcode") == "InvoicePostalCode"
    assert schema.canonical_name("CustomerApi", "nope") is None
    assert schema.max_length("CustomerApi", "name") == 50
    assert schema.max_length("CustomerApi", "IsActive") is None
    assert schema.fields("CommonError") == ["Field", "ErrorCode", "Message", "Key"]
    with pytest.raises(KeyError):
        schema.fields("NoSuchApi")


def test_operations_and_scopes() -> None:
    op = schema.operation("POST", "/customers")
    assert op == {"scopes": ["ea:sales"], "responses": [201, 400], "request": "CustomerApi", "response": "CustomerApi"}
    assert schema.operation("get", "/customers/{id}") == schema.operation("GET", "/customers/{customerId}")
    assert schema.scopes_for("GET", "/vouchers/{fiscalyearId}/{voucherId}") == ["ea:accounting",
                                                                                 "ea:accounting_readonly"]
    assert schema.operation("POST", "/customerinvoicedrafts/{id}/convert")["response"] == "CustomerInvoiceApi"
    assert schema.operation("GET", "/customers")["response"] == "PaginatedResponseOfCustomerApi"
    assert schema.operation("GET", "/nothing") is None
    with pytest.raises(KeyError):
        schema.scopes_for("GET", "/nothing")
    for (method, template), op in schema_data.OPERATIONS.items():
        assert op["scopes"] or (method, template) in schema_data.UNPARSED_SCOPES
        assert all(s.startswith(("ea:", "vls:")) for s in op["scopes"])


def test_models_reach_every_referenced_model() -> None:
    for model in schema_data.MODELS.values():
        for prop in model["properties"].values():
            ref = prop.get("ref") or prop.get("items", {}).get("ref")
            assert ref is None or ref in schema_data.MODELS
    for name in ("PaginatedResponseOfCustomerApi", "PaginatedResponseOfVoucherApi", "CustomerInvoiceRowApi"):
        assert name in schema_data.MODELS


# ------------------------------------------------------------------------ against the vendor description
def vendor_dir() -> Path:
    path = Path(os.environ.get("VISMA_SIM_VENDOR_DIR") or "../shared/vendor").expanduser()
    return (path if path.is_absolute() else REPO_ROOT / path).resolve()


@cache
def vendor_spec() -> dict[str, Any]:
    path = vendor_dir() / SPEC
    if not path.is_file():
        pytest.skip(f"vendor description not found at {path}")
    yaml = pytest.importorskip("yaml")
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_committed_module_is_current() -> None:
    vendor_spec()
    run = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "gen_eekonomi_schema.py"), "--check",
                          "--vendor-dir", str(vendor_dir())], cwd=REPO_ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, f"regenerate with python tools/gen_eekonomi_schema.py\n{run.stdout}{run.stderr}"


def test_every_vendor_operation_is_listed() -> None:
    spec = vendor_spec()
    methods = {"get", "put", "post", "delete", "patch"}
    expected = {(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in methods}
    assert set(schema_data.OPERATIONS) == expected


def _net_datetime(text: str) -> bool:
    """The date-time shapes .NET writes: with Z for UTC properties, without an offset for local ones."""
    return schema._datetime(text, text.endswith("Z"), False) is not None


def _validator(model: str) -> Any:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    spec = vendor_spec()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": f"#/components/schemas/{model}",
                "components": spec["components"]}
    return jsonschema_rs.validator_for(document, validate_formats=True, formats={"date-time": _net_datetime})


@pytest.mark.parametrize("model", sorted(schema_data.MODELS))
def test_completed_bodies_validate_against_the_vendor_schema(model: str) -> None:
    body = schema.complete(model, {})
    found = [f"{e.instance_path}: {e.message}" for e in _validator(model).iter_errors(body)]
    assert not found, found


def test_validated_input_completed_validates_against_the_vendor_schema() -> None:
    created = schema.validate("VoucherApi", voucher(VoucherDate="2026-03-01T12:00:00+01:00"))
    created.update(Id=TERMS, CreatedUtc="2026-03-01T11:00:00Z", NumberAndNumberSeries="A1")
    body = schema.complete("VoucherApi", created)
    assert _validator("VoucherApi").is_valid(body)
    cust = schema.complete("CustomerApi", schema.validate("CustomerApi", customer(CustomerLabels=[{"Name": "VIP"}])))
    assert _validator("CustomerApi").is_valid(cust)


def test_schema_module_imports_only_its_data_errors_and_stdlib() -> None:
    module = importlib.import_module("simulators.eekonomi.schema")
    source = open(module.__file__, encoding="utf-8").read()  # noqa: SIM115
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    allowed = ("from __future__", "import re", "from collections.abc", "from datetime", "from decimal",
               "from typing", "from simulators.eekonomi import errors, schema_data")
    assert all(line.startswith(allowed) for line in imports), imports
