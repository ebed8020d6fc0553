"""OData `$filter`/`$orderby`/`$top`/`$skip` and the eEkonomi list envelope, through their public functions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulators.eekonomi import errors
from simulators.eekonomi.errors import EEkonomiError
from simulators.eekonomi.listing import page_of, query_options
from simulators.eekonomi.odata import (
    compile_filter,
    compile_orderby,
    known_from_example,
    known_names,
    non_negative,
    order_key,
    parse_filter,
    sort,
)

GUID_A = "0f8fad5b-d9cb-469f-a165-70867728950e"
GUID_B = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
NOW = "2024-06-01T12:00:00Z"


def customer(n: int, name: str, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "Id": f"00000000-0000-0000-0000-{n:012d}",
        "CustomerNumber": str(n),
        "Name": name,
        "IsActive": True,
        "IsPrivatePerson": False,
        "DiscountPercentage": 0.0,
        "CreditLimit": None,
        "InvoiceCity": "Stockholm",
        "EmailAddress": None,
        "ChangedUtc": f"2024-01-{n:02d}T10:00:00Z",
        "PaymentDay": n,
        "TermsOfPayment": {"Id": GUID_A, "Name": "30 days", "NumberOfDays": 30},
        "Labels": [],
    }
    record.update(extra)
    return record


RECORDS = [
    customer(1, "Acme AB", CreditLimit=1000.5, EmailAddress="info@acme.se"),
    customer(2, "beta Oy", IsActive=False, InvoiceCity="Helsinki", Id=GUID_B),
    customer(3, "Gamma's Café", DiscountPercentage=0.25, TermsOfPayment=None),
    customer(4, "delta", CreditLimit=250, InvoiceCity=None,
             TermsOfPayment={"Id": GUID_B, "Name": "10 days", "NumberOfDays": 10}),
    customer(5, "Epsilon", ChangedUtc="2023-12-31T23:59:59Z", EmailAddress="EPS@example.com"),
]
KNOWN = known_from_example(RECORDS[0])


def names(text: str, records: list[dict[str, Any]] = RECORDS, known: Any = None) -> list[str]:
    pred = compile_filter(text, known)
    return [r["Name"] for r in records if pred(r)]


def message(text: str, known: Any = None) -> str:
    with pytest.raises(EEkonomiError) as info:
        pred = compile_filter(text, known)
        for r in RECORDS:
            pred(r)
    assert info.value.status == 400
    assert info.value.code == errors.VALIDATION
    assert info.value.message.startswith("The query specified in the URI is not valid. ")
    return info.value.message


# ------------------------------------------------------------------------------------ comparison
@pytest.mark.parametrize(("text", "expected"), [
    ("Name eq 'Acme AB'", ["Acme AB"]),
    ("Name ne 'Acme AB'", ["beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("PaymentDay gt 3", ["delta", "Epsilon"]),
    ("PaymentDay ge 3", ["Gamma's Café", "delta", "Epsilon"]),
    ("PaymentDay lt 2", ["Acme AB"]),
    ("PaymentDay le 2", ["Acme AB", "beta Oy"]),
    ("CustomerNumber gt '3'", ["delta", "Epsilon"]),  # ordinal string comparison
    ("Name gt 'a'", ["beta Oy", "delta"]),  # ordinal: upper case sorts before lower case
    ("IsActive eq false", ["beta Oy"]),
    ("IsActive", ["Acme AB", "Gamma's Café", "delta", "Epsilon"]),
    ("DiscountPercentage eq 0.25", ["Gamma's Café"]),
    ("DiscountPercentage gt 0.1m", ["Gamma's Café"]),
    ("DiscountPercentage lt 1d", ["Acme AB", "beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("CreditLimit eq 250", ["delta"]),
    ("CreditLimit ge 2.5e2", ["Acme AB", "delta"]),
    ("CreditLimit gt 1000.4f", ["Acme AB"]),
    ("CreditLimit eq 250L", ["delta"]),
    ("PaymentDay eq -1", []),
    ("Name eq 'Gamma''s Café'", ["Gamma's Café"]),
    ("true", ["Acme AB", "beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("false", []),
])
def test_comparisons_and_literals(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_int_compares_with_float_values() -> None:
    assert names("CreditLimit gt 250.0") == ["Acme AB"]
    assert names("PaymentDay eq 2.0") == ["beta Oy"]


# ------------------------------------------------------------------------------------ null
@pytest.mark.parametrize(("text", "expected"), [
    ("CreditLimit eq null", ["beta Oy", "Gamma's Café", "Epsilon"]),
    ("CreditLimit ne null", ["Acme AB", "delta"]),
    ("null eq CreditLimit", ["beta Oy", "Gamma's Café", "Epsilon"]),
    ("CreditLimit gt 0", ["Acme AB", "delta"]),  # null gt 0 is false
    ("CreditLimit le 100000", ["Acme AB", "delta"]),  # and so is null le 100000
    ("not (CreditLimit gt 0)", ["beta Oy", "Gamma's Café", "Epsilon"]),  # like .NET's lifted operators
    ("not contains(EmailAddress, 'acme')", ["Epsilon"]),  # not null is null, so no match
    ("CreditLimit gt null", []),
    ("EmailAddress ne 'info@acme.se'", ["beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("contains(EmailAddress, 'acme')", ["Acme AB"]),  # a function of null is null
    ("TermsOfPayment eq null", ["Gamma's Café"]),
    ("TermsOfPayment/Id eq null", ["Gamma's Café"]),  # null propagates through a path
    ("CreditLimit eq null or CreditLimit gt 500", ["Acme AB", "beta Oy", "Gamma's Café", "Epsilon"]),
    ("CreditLimit gt 500 and true", ["Acme AB"]),
    ("CreditLimit add 1 gt 0", ["Acme AB", "delta"]),
])
def test_null_semantics(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# ------------------------------------------------------------------------------------ logic
@pytest.mark.parametrize(("text", "expected"), [
    ("IsActive and PaymentDay gt 3", ["delta", "Epsilon"]),
    ("PaymentDay eq 1 or PaymentDay eq 5", ["Acme AB", "Epsilon"]),
    # and binds tighter than or: a or (b and c)
    ("PaymentDay eq 1 or PaymentDay gt 3 and IsActive eq false", ["Acme AB"]),
    ("(PaymentDay eq 1 or PaymentDay gt 1) and IsActive eq false", ["beta Oy"]),
    ("PaymentDay gt 3 and IsActive or PaymentDay eq 1", ["Acme AB", "delta", "Epsilon"]),
    ("not IsActive", ["beta Oy"]),
    ("not (PaymentDay gt 1)", ["Acme AB"]),
    ("not not IsActive and PaymentDay lt 3", ["Acme AB"]),
    ("not (PaymentDay gt 1 or IsActive)", []),
    ("((((PaymentDay eq 2))))", ["beta Oy"]),
    ("PaymentDay eq 1 or PaymentDay eq 2 or PaymentDay eq 3", ["Acme AB", "beta Oy", "Gamma's Café"]),
])
def test_logic_and_precedence(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_not_binds_tighter_than_eq() -> None:
    # like ODataLib: `not Name eq 'x'` is `(not Name) eq 'x'`, a type error, not `not (Name eq 'x')`
    assert "incompatible type" in message("not Name eq 'Acme AB'")
    assert "operator kind 'Not'" in message("not Name")


# ------------------------------------------------------------------------------------ arithmetic and in
@pytest.mark.parametrize(("text", "expected"), [
    ("PaymentDay add 1 eq 3", ["beta Oy"]),
    ("PaymentDay sub 1 eq 0", ["Acme AB"]),
    ("PaymentDay mul 2 eq 10", ["Epsilon"]),
    ("PaymentDay div 2 eq 2", ["delta", "Epsilon"]),  # integer division truncates
    ("PaymentDay mod 2 eq 1", ["Acme AB", "Gamma's Café", "Epsilon"]),
    ("PaymentDay add 1 mul 2 eq 6", ["delta"]),  # mul binds tighter than add
    ("-PaymentDay eq -2", ["beta Oy"]),
    ("- PaymentDay lt -4", ["Epsilon"]),
    ("CustomerNumber in ('1', '3')", ["Acme AB", "Gamma's Café"]),
    ("PaymentDay in (2, 4)", ["beta Oy", "delta"]),
    ("CreditLimit in (null, 250)", ["beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("not (CustomerNumber in ('1','2','3','4'))", ["Epsilon"]),
])
def test_arithmetic_and_in(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_division_by_zero_is_400() -> None:
    assert "divide by zero" in message("PaymentDay div 0 eq 1")
    assert "divide by zero" in message("PaymentDay mod 0 eq 1")
    assert names("DiscountPercentage div 0 gt 1000000") == ["Gamma's Café"]  # doubles go to infinity
    assert names("PaymentDay div 0.0 lt 0") == []
    assert names("PaymentDay mod 0.5 eq 0 and PaymentDay div 2.0 eq 0.5") == ["Acme AB"]


def test_integer_overflow_is_400() -> None:
    assert "overflow" in message("PaymentDay mul 9223372036854775807 gt 0")


# ------------------------------------------------------------------------------------ functions
@pytest.mark.parametrize(("text", "expected"), [
    ("contains(Name, 'ta')", ["beta Oy", "delta"]),
    ("startswith(Name, 'Ac')", ["Acme AB"]),
    ("endswith(Name, 'Oy')", ["beta Oy"]),
    ("substringof('amma', Name)", ["Gamma's Café"]),
    ("tolower(Name) eq 'acme ab'", ["Acme AB"]),
    ("toupper(Name) eq 'DELTA'", ["delta"]),
    ("length(Name) eq 5", ["delta"]),
    ("length(Name) gt 7", ["Gamma's Café"]),
    ("indexof(Name, 'e') eq 1", ["beta Oy", "delta"]),
    ("substring(Name, 1) eq 'cme AB'", ["Acme AB"]),
    ("substring(Name, 0, 4) eq 'beta'", ["beta Oy"]),
    ("substring(Name, 100) eq ''", ["Acme AB", "beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("trim('  x ') eq 'x' and PaymentDay eq 1", ["Acme AB"]),
    ("concat(concat(Name, '/'), InvoiceCity) eq 'beta Oy/Helsinki'", ["beta Oy"]),
    ("contains(tolower(EmailAddress), 'eps')", ["Epsilon"]),
    ("not contains(Name, 'a')", ["Acme AB", "Epsilon"]),
    ("year(ChangedUtc) eq 2023", ["Epsilon"]),
    ("month(ChangedUtc) eq 1 and day(ChangedUtc) eq 2", ["beta Oy"]),
    ("hour(ChangedUtc) eq 23 and minute(ChangedUtc) eq 59 and second(ChangedUtc) eq 59", ["Epsilon"]),
    ("CONTAINS(Name, 'ta')", ["beta Oy", "delta"]),  # function names case-insensitively
    ("contains ( Name , 'ta' )", ["beta Oy", "delta"]),
])
def test_functions(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_function_errors() -> None:
    assert "unknown function with name 'nosuch'" in message("nosuch(Name)")
    msg = message("contains(Name, 1)")
    assert "No function signature for the function with name 'contains'" in msg
    assert "contains(Edm.String Nullable=true, Edm.String Nullable=true)" in msg
    assert "No function signature" in message("contains(Name)")
    assert "No function signature" in message("length(PaymentDay) eq 1")  # type known only at runtime
    assert "No function signature" in message("year(Name) eq 1")  # not a date string
    assert "Lambda" in message("Labels/any()")
    assert "not valid" in message("Labels/any(l: l eq 'x')")


# ------------------------------------------------------------------------------------ guids
def test_guid_literals_compare_case_insensitively() -> None:
    assert names(f"Id eq {GUID_B}") == ["beta Oy"]
    assert names(f"Id eq {GUID_B.upper()}") == ["beta Oy"]
    assert names(f"Id eq guid'{GUID_B.upper()}'") == ["beta Oy"]
    assert names(f"Id ne {GUID_B}") == ["Acme AB", "Gamma's Café", "delta", "Epsilon"]
    assert names(f"TermsOfPayment/Id eq {GUID_A.upper()}") == ["Acme AB", "beta Oy", "Epsilon"]
    assert names(f"Id in ({GUID_B}, {GUID_A})") == ["beta Oy"]
    assert names(f"Id eq '{GUID_B}'") == ["beta Oy"]  # a quoted GUID is a plain (ordinal) string compare
    assert names(f"Id eq '{GUID_B.upper()}'") == []


def test_guid_starting_with_letters_is_not_an_identifier() -> None:
    assert names("Id eq abcdef01-2345-6789-abcd-ef0123456789") == []
    recs = [customer(9, "X", Id="abcdef01-2345-6789-abcd-ef0123456789")]
    assert names("Id eq ABCDEF01-2345-6789-ABCD-EF0123456789", recs) == ["X"]


def test_guid_against_non_guid_text_is_400() -> None:
    assert "incompatible types" in message(f"Name eq {GUID_A}")
    assert "Unrecognized 'Edm.Guid' literal" in message("Id eq guid'not-a-guid'")


# ------------------------------------------------------------------------------------ dates
@pytest.mark.parametrize(("text", "expected"), [
    ("ChangedUtc gt 2024-01-01T00:00:00Z", ["Acme AB", "beta Oy", "Gamma's Café", "delta"]),
    ("ChangedUtc gt 2024-01-03T10:00:00Z", ["delta"]),
    ("ChangedUtc ge 2024-01-03T10:00:00Z", ["Gamma's Café", "delta"]),
    ("ChangedUtc eq 2024-01-03T10:00:00Z", ["Gamma's Café"]),
    ("ChangedUtc eq 2024-01-03T10:00:00.000Z", ["Gamma's Café"]),
    ("ChangedUtc eq 2024-01-03T10:00:00.0000000Z", ["Gamma's Café"]),
    ("ChangedUtc eq 2024-01-03T12:00:00+02:00", ["Gamma's Café"]),  # offsets convert
    ("ChangedUtc eq 2024-01-03T05:00:00-05:00", ["Gamma's Café"]),
    ("ChangedUtc eq 2024-01-03T10:00:00", ["Gamma's Café"]),  # naive is UTC
    ("ChangedUtc eq 2024-01-03T10:00", ["Gamma's Café"]),
    ("ChangedUtc lt 2024-01-01", ["Epsilon"]),  # a date is midnight UTC
    ("ChangedUtc gt 2024-01-04", ["delta"]),
    ("ChangedUtc lt datetime'2024-01-01T00:00:00'", ["Epsilon"]),  # OData v3
    ("ChangedUtc lt datetimeoffset'2024-01-01T00:00:00Z'", ["Epsilon"]),
    ("ChangedUtc lt 2024-01-02t10:00:00z", ["Acme AB", "Epsilon"]),
    ("2024-01-01 lt 2024-01-02", ["Acme AB", "beta Oy", "Gamma's Café", "delta", "Epsilon"]),
    ("2024-01-02 eq 2024-01-02T00:00:00Z and PaymentDay eq 1", ["Acme AB"]),
])
def test_dates_against_stored_strings(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_local_date_fields_stored_without_zone() -> None:
    recs = [{"Name": "a", "InvoiceDate": "2024-03-01T00:00:00"}, {"Name": "b", "InvoiceDate": "2024-03-02T00:00:00"},
            {"Name": "c", "InvoiceDate": None}]
    assert names("InvoiceDate eq 2024-03-01", recs) == ["a"]
    assert names("InvoiceDate ge 2024-03-01T12:00:00Z", recs) == ["b"]
    assert names("InvoiceDate lt 2024-03-02T00:00:00+01:00", recs) == ["a"]
    assert names("InvoiceDate eq null", recs) == ["c"]


def test_bad_dates() -> None:
    assert "Unrecognized 'Edm.Date" in message("ChangedUtc gt 2024-13-45")
    assert "Unrecognized 'Edm.DateTimeOffset' literal" in message("ChangedUtc gt 2024-01-01T25:00:00Z")
    assert "Unrecognized" in message("ChangedUtc gt 2024-01-01T10")
    assert "Unrecognized" in message("ChangedUtc gt datetime'yesterday'")
    assert "incompatible types" in message("Name gt 2024-01-01")  # "Acme AB" is no date
    assert "incompatible types" in message("'2024-01-01' eq 2024-01-01")  # statically


# ------------------------------------------------------------------------------------ paths and names
def test_nested_paths() -> None:
    assert names("TermsOfPayment/NumberOfDays eq 10") == ["delta"]
    assert names("TermsOfPayment/Name eq '30 days'") == ["Acme AB", "beta Oy", "Epsilon"]
    assert names("termsofpayment/numberofdays lt 20") == ["delta"]


def test_property_names_match_case_insensitively() -> None:
    assert names("name eq 'delta'") == ["delta"]
    assert names("NAME eq 'delta'", known=KNOWN) == ["delta"]
    assert names("Name EQ 'delta' OR PaymentDay Eq 1") == ["Acme AB", "delta"]
    assert names("isactive EQ FALSE") == ["beta Oy"]


def test_unknown_property_with_known_fails_at_compile_time() -> None:
    with pytest.raises(EEkonomiError) as info:
        compile_filter("Foo eq 1", KNOWN)
    assert info.value.message.endswith("Could not find a property named 'Foo'.")
    with pytest.raises(EEkonomiError) as info:
        compile_filter("Foo eq 1", KNOWN, entity="CustomerApi")
    assert info.value.message.endswith("Could not find a property named 'Foo' on type 'CustomerApi'.")


def test_unknown_property_without_known_fails_on_evaluation() -> None:
    pred = compile_filter("Foo eq 1")
    assert [r for r in [] if pred(r)] == []
    assert "Could not find a property named 'Foo'" in message("Foo eq 1")
    assert "named 'Nope' on type 'TermsOfPayment'" in message("TermsOfPayment/Nope eq 1")
    assert "not a single value" in message("Name/Length eq 1")


def test_known_functions() -> None:
    known = known_names(["Name", "TermsOfPayment"])
    assert known("NAME") == "Name"
    assert known("Missing") is None
    # a top-level name vouches for the property; nested segments are checked on the record
    assert names("termsofpayment/id eq " + GUID_B, known=known) == ["delta"]
    with pytest.raises(EEkonomiError):
        [r for r in RECORDS if compile_filter("TermsOfPayment/Nope eq 1", known)(r)]
    assert KNOWN("termsofpayment/numberofdays") == "TermsOfPayment/NumberOfDays"
    # with `known`, a key missing from one record is null rather than an error
    sparse = [{"Name": "x"}, {"Name": "y", "TermsOfPayment": {"Id": GUID_A}}]
    assert names(f"TermsOfPayment/Id eq {GUID_A}", sparse, known=KNOWN) == ["y"]


def test_unhashable_known_still_works() -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, name: str) -> str | None:
            return "Name" if name.lower() == "name" else None

    assert names("name eq 'delta'", known=Unhashable()) == ["delta"]


def test_filters_are_cached() -> None:
    assert compile_filter("Name eq 'cache me'", KNOWN) is compile_filter("Name eq 'cache me'", KNOWN)
    assert parse_filter("Name eq 'cache me'") is parse_filter("Name eq 'cache me'")


# ------------------------------------------------------------------------------------ type errors
@pytest.mark.parametrize(("text", "fragment"), [
    ("Name eq 5", "Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'"),
    ("PaymentDay eq '5'", "Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'Equal'"),
    ("IsActive eq 1", "operator kind 'Equal'"),
    ("IsActive eq 'true'", "incompatible types"),
    ("'a' lt 1", "operator kind 'LessThan'"),
    ("Name add 1 eq 2", "operator kind 'Add'"),
    ("'a' add 1 eq 2", "operator kind 'Add'"),
    ("Name and true", "operator kind 'And'"),
    ("1 or true", "operator kind 'Or'"),
    ("not 1", "operator kind 'Not'"),
    ("-Name eq 1", "operator kind 'Negate'"),
    ("TermsOfPayment eq 1", "incompatible types"),
    ("Labels eq 'x'", "incompatible types"),
    ("Name", "must evaluate to a single boolean value"),
    ("PaymentDay add 1", "must evaluate to a single boolean value"),
    ("'text'", "must evaluate to a single boolean value"),
    ("null", "must evaluate to a single boolean value"),
    ("Name in (1, 2)", "incompatible types"),
])
def test_type_mismatches(text: str, fragment: str) -> None:
    assert fragment in message(text)


# ------------------------------------------------------------------------------------ syntax errors
@pytest.mark.parametrize(("text", "expected"), [
    ("Name eq", "Expression expected at position 7 in 'Name eq'."),
    ("", "Expression expected at position 0 in ''."),
    ("Name eq 'Acme' and", "Expression expected at position 18 in 'Name eq 'Acme' and'."),
    ("(Name eq 'a'", "')' or operator expected at position 12 in '(Name eq 'a''."),
    ("Name eq 'a')", "Syntax error at position 11 in 'Name eq 'a')'."),
    ("Name eq 'a' 'b'", "Syntax error at position 12 in 'Name eq 'a' 'b''."),
    ("Name eq 'Acme", "There is an unterminated string literal at position 8 in 'Name eq 'Acme'."),
    ("Name eq #", "Syntax error: character '#' is not valid at position 8 in 'Name eq #'."),
    ("$it/Name eq 'a'", "Syntax error: character '$' is not valid at position 0 in '$it/Name eq 'a''."),
    ("contains(Name 'a')", "')' or ',' expected at position 14 in 'contains(Name 'a')'."),
    ("PaymentDay eq 12abc", "Syntax error at position 16 in 'PaymentDay eq 12abc'."),
    ("Name in 'a'", "'(' expected at position 8 in 'Name in 'a''."),
    ("Name in ('a' 'b')", "')' or ',' expected at position 13 in 'Name in ('a' 'b')'."),
    ("Name in (Name)", "Expression expected at position 9 in 'Name in (Name)'."),
    ("TermsOfPayment/", "Syntax error at position 15 in 'TermsOfPayment/'."),
    ("TermsOfPayment/'a' eq 1", "Syntax error at position 15 in 'TermsOfPayment/'a' eq 1'."),
    ("Name eq binary'AQID'", "Unrecognized 'binary' literal"),
    ("Name eq guid'abc", "unterminated string literal"),
])
def test_syntax_errors(text: str, expected: str) -> None:
    assert expected in message(text)


def test_deep_nesting_is_a_400_not_a_recursion_error() -> None:
    assert names("(" * 40 + "PaymentDay eq 1" + ")" * 40) == ["Acme AB"]
    assert "Recursion depth" in message("(" * 60 + "PaymentDay eq 1" + ")" * 60)
    assert "Recursion depth" in message("not " * 60 + "IsActive")
    assert "Recursion depth" in message("tolower(" * 60 + "Name" + ")" * 60 + " eq 'a'")
    assert "Recursion depth" in message("PaymentDay" + " add 1" * 60 + " eq 1")
    long_and = " and ".join(["IsActive"] * 2000)  # long flat chains are fine
    assert names(long_and) == ["Acme AB", "Gamma's Café", "delta", "Epsilon"]


def test_huge_numbers_do_not_crash() -> None:
    assert names("PaymentDay lt " + "9" * 5000) == [r["Name"] for r in RECORDS]
    assert "Unrecognized" in message("PaymentDay lt " + "9" * 30 + "L")


# ------------------------------------------------------------------------------------ $orderby
def order(text: str, records: list[dict[str, Any]] = RECORDS, known: Any = None) -> list[str]:
    return [r["Name"] for r in sort(records, text, known)]


def test_orderby() -> None:
    # strings: case-insensitive first (like .NET's default string comparer)
    assert order("Name") == ["Acme AB", "beta Oy", "delta", "Epsilon", "Gamma's Café"]
    assert order("Name desc") == ["Gamma's Café", "Epsilon", "delta", "beta Oy", "Acme AB"]
    assert order("name ASC") == order("Name")
    assert order("PaymentDay desc") == ["Epsilon", "delta", "Gamma's Café", "beta Oy", "Acme AB"]
    # nulls first ascending, last descending; ties keep the input order
    assert order("CreditLimit") == ["beta Oy", "Gamma's Café", "Epsilon", "delta", "Acme AB"]
    assert order("CreditLimit desc") == ["Acme AB", "delta", "beta Oy", "Gamma's Café", "Epsilon"]
    assert order("ChangedUtc") == ["Epsilon", "Acme AB", "beta Oy", "Gamma's Café", "delta"]
    assert order("TermsOfPayment/NumberOfDays, Name desc") == [
        "Gamma's Café", "delta", "Epsilon", "beta Oy", "Acme AB"]
    assert order("IsActive, PaymentDay desc") == ["beta Oy", "Epsilon", "delta", "Gamma's Café", "Acme AB"]
    assert order("length(Name) desc, Name") == ["Gamma's Café", "Acme AB", "beta Oy", "Epsilon", "delta"]
    assert order("InvoiceCity desc, Name") == ["Acme AB", "Epsilon", "Gamma's Café", "beta Oy", "delta"]
    assert order("") == [r["Name"] for r in RECORDS]


def test_orderby_errors() -> None:
    for text, fragment in [("Name sideways", "Syntax error at position 5"), ("Name,", "Expression expected"),
                           (",Name", "Expression expected"), ("Name desc desc", "Syntax error")]:
        with pytest.raises(EEkonomiError) as info:
            compile_orderby(text)
        assert fragment in info.value.message
    with pytest.raises(EEkonomiError, match="Could not find a property named 'Foo'"):
        compile_orderby("Foo", KNOWN)
    with pytest.raises(EEkonomiError, match="single value of primitive type"):
        sort(RECORDS, "TermsOfPayment")


def test_order_key_is_total() -> None:
    values = [None, True, 3, 2.5, float("nan"), "b", "A", 1, False]
    ordered = sorted(values, key=order_key)
    assert ordered[0] is None
    assert ordered[-2:] == ["A", "b"]


# ------------------------------------------------------------------------------------ $top / $skip
def test_non_negative() -> None:
    assert non_negative("$top", "0") == 0
    assert non_negative("$skip", "15") == 15
    for bad in ["-1", "abc", "1.5", "", "99999999999999999999"]:
        with pytest.raises(EEkonomiError) as info:
            non_negative("$top", bad)
        assert info.value.message.endswith(
            f"Invalid value '{bad}' for $top query option found. The $top query option requires a non-negative "
            "integer value.")


# ------------------------------------------------------------------------------------ the envelope
def many(n: int) -> list[dict[str, Any]]:
    return [{"Id": i, "Name": f"n{i:03d}", "Even": i % 2 == 0} for i in range(1, n + 1)]


def test_envelope_shape_and_defaults() -> None:
    body = page_of(many(120), {}, NOW)
    assert list(body) == ["Meta", "Data"]
    assert list(body["Meta"]) == ["CurrentPage", "PageSize", "TotalNumberOfPages", "TotalNumberOfResults",
                                  "ServerTimeUtc"]
    assert body["Meta"] == {"CurrentPage": 1, "PageSize": 50, "TotalNumberOfPages": 3,
                            "TotalNumberOfResults": 120, "ServerTimeUtc": NOW}
    assert [r["Id"] for r in body["Data"]] == list(range(1, 51))


@pytest.mark.parametrize(("count", "page", "size", "pages", "ids"), [
    (120, "3", "50", 3, list(range(101, 121))),
    (100, "2", "50", 2, list(range(51, 101))),
    (101, "3", "50", 3, [101]),
    (7, "2", "3", 3, [4, 5, 6]),
    (7, "0", "3", 3, [1, 2, 3]),  # page 0 (and negative) is page 1
    (7, "-4", "3", 3, [1, 2, 3]),
    (7, " +2 ", "3", 3, [4, 5, 6]),
    (7, "9", "3", 3, []),  # past the end: empty Data, same totals
    (0, "1", "10", 1, []),  # empty result: one page
    (0, "5", "10", 1, []),
])
def test_paging_math(count: int, page: str, size: str, pages: int, ids: list[int]) -> None:
    body = page_of(many(count), {"$page": page, "$pagesize": size}, NOW)
    meta = body["Meta"]
    assert meta["CurrentPage"] == max(int(page.strip()), 1)
    assert meta["PageSize"] == int(size)
    assert meta["TotalNumberOfPages"] == pages
    assert meta["TotalNumberOfResults"] == count
    assert [r["Id"] for r in body["Data"]] == ids


def test_pagesize_clamps_to_max() -> None:
    meta = page_of(many(30), {"$pagesize": "5000"}, NOW, max_page_size=20)["Meta"]
    assert meta["PageSize"] == 20
    assert meta["TotalNumberOfPages"] == 2
    assert page_of(many(30), {}, NOW, default_page_size=7)["Meta"]["PageSize"] == 7


@pytest.mark.parametrize("query", [{"$pagesize": "0"}, {"$pagesize": "-5"}, {"$pagesize": "ten"},
                                   {"$page": "abc"}, {"$page": "1.5"}, {"$page": "99999999999999"},
                                   {"$top": "-1"}, {"$skip": "x"}, {"$filter": "Name eq"},
                                   {"$orderby": "Name sideways"}])
def test_bad_options_are_400_2000(query: dict[str, str]) -> None:
    with pytest.raises(EEkonomiError) as info:
        page_of([], query, NOW)
    assert (info.value.status, info.value.code) == (400, errors.VALIDATION)


def test_odd_whitespace_around_numbers() -> None:
    assert page_of(many(3), {"$page": "0\x1f", "$top": "\x1f2"}, NOW)["Meta"]["TotalNumberOfResults"] == 2


def test_bad_page_names_the_parameter() -> None:
    with pytest.raises(EEkonomiError) as info:
        page_of([], {"$page": "abc"}, NOW)
    assert info.value.errors is not None and info.value.errors[0]["Field"] == "$page"


def test_filter_orderby_skip_top_then_paging() -> None:
    query = {"$filter": "Even", "$orderby": "Id desc", "$skip": "2", "$top": "10", "$page": "2", "$pagesize": "4"}
    body = page_of(many(40), query, NOW)
    # even ids descending: 40 38 | 36 34 32 30 28 26 24 22 20 18 (top 10) -> page 2 of 4: 28 26 24 22
    assert [r["Id"] for r in body["Data"]] == [28, 26, 24, 22]
    assert body["Meta"]["TotalNumberOfResults"] == 10
    assert body["Meta"]["TotalNumberOfPages"] == 3
    assert [r["Id"] for r in page_of(many(10), {"$skip": "8"}, NOW)["Data"]] == [9, 10]
    assert page_of(many(10), {"$top": "0"}, NOW)["Meta"]["TotalNumberOfResults"] == 0


def test_option_names_are_case_insensitive_and_unknown_ones_ignored() -> None:
    query = {"$Filter": "Id le 3", "$ORDERBY": "Id desc", "$PageSize": "2", "$PAGE": "1",
             "$order_by": "Name", "$select": "Id", "$expand": "x", "page": "7", "pagesize": "1", "limit": "1"}
    body = page_of(many(10), query, NOW)
    assert [r["Id"] for r in body["Data"]] == [3, 2]
    assert body["Meta"]["TotalNumberOfPages"] == 2


def test_multi_value_queries() -> None:
    assert query_options([("$page", "2"), ("$PAGE", "3")]) == {"$page": ["2", "3"]}
    assert page_of(many(10), [("$page", "2"), ("$page", "3"), ("$pagesize", "2")], NOW)["Meta"]["CurrentPage"] == 2
    assert page_of(many(10), {"$pagesize": ["3"]}, NOW)["Meta"]["PageSize"] == 3
    with pytest.raises(EEkonomiError, match="specified more than once"):
        page_of(many(10), [("$filter", "Even"), ("$Filter", "Even")], NOW)

    class QueryParams:  # Starlette's shape
        def multi_items(self) -> list[tuple[str, str]]:
            return [("$pagesize", "4")]

    assert page_of(many(10), QueryParams(), NOW)["Meta"]["PageSize"] == 4


def test_empty_options_mean_absent() -> None:
    body = page_of(many(3), {"$filter": " ", "$orderby": "", "$top": "", "$page": "", "$pagesize": ""}, NOW)
    assert body["Meta"]["PageSize"] == 50
    assert [r["Id"] for r in body["Data"]] == [1, 2, 3]


def test_transform_runs_on_the_page_only() -> None:
    seen: list[int] = []

    def complete(record: dict[str, Any]) -> dict[str, Any]:
        seen.append(record["Id"])
        return {**record, "Done": True}

    body = page_of(many(100), {"$page": "2", "$pagesize": "5"}, NOW, transform=complete)
    assert seen == [6, 7, 8, 9, 10]
    assert all(r["Done"] for r in body["Data"])


def test_envelope_with_known_and_entity() -> None:
    known = known_names(["Id", "Name", "Even"])
    body = page_of(many(5), {"$filter": "name eq 'n002'"}, NOW, known=known)
    assert [r["Id"] for r in body["Data"]] == [2]
    with pytest.raises(EEkonomiError, match="Could not find a property named 'Nope' on type 'X'"):
        page_of([], {"$filter": "Nope eq 1"}, NOW, known=known, entity="X")


# ------------------------------------------------------------------------------------ fuzz
_TOKENS = ["Name", "PaymentDay", "IsActive", "CreditLimit", "TermsOfPayment", "/", "Id", "ChangedUtc", "Labels",
           "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "add", "sub", "mul", "div", "mod", "in",
           "asc", "desc", "(", ")", ",", "-", "'x'", "'a''b'", "'", "1", "-2", "3.5", "1e400", "2m", "7L", "true",
           "false", "null", GUID_A, f"guid'{GUID_A}'", "guid'x'", "2024-01-01", "2024-01-01T00:00:00Z",
           "2024-02-30", "datetime'2024-01-01T00:00:00'", "datetimeoffset'x'", "contains", "startswith",
           "endswith", "tolower", "toupper", "length", "substringof", "substring", "year", "hour", "concat",
           "indexof", "trim", "nosuch", "$", "#", "[", "]", "*", ";", "''", "0", "9" * 30, "any", ":"]
_SAMPLE = [*RECORDS, {"Name": 5, "PaymentDay": "x", "IsActive": None, "TermsOfPayment": [1],
                      "ChangedUtc": "garbage", "Id": "not-a-guid", "CreditLimit": True, "Labels": {}}]


def _exercise(text: str) -> None:
    for known in (None, KNOWN):
        try:
            pred = compile_filter(text, known)
            for r in _SAMPLE:
                pred(r)
        except EEkonomiError as exc:
            assert (exc.status, exc.code) == (400, errors.VALIDATION)
        try:
            sort(_SAMPLE, text, known)
        except EEkonomiError as exc:
            assert (exc.status, exc.code) == (400, errors.VALIDATION)
        try:
            page_of(_SAMPLE, {"$filter": text, "$orderby": text, "$top": text, "$page": text}, NOW, known=known)
        except EEkonomiError as exc:
            assert exc.status == 400


_FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@_FUZZ
@given(st.text(max_size=60))
def test_fuzz_random_text_only_raises_eekonomi_errors(text: str) -> None:
    _exercise(text)


@_FUZZ
@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.sampled_from([" ", "", "  "]))
def test_fuzz_token_soup_only_raises_eekonomi_errors(tokens: list[str], sep: str) -> None:
    _exercise(sep.join(tokens))
