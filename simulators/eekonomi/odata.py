"""OData v4 query options (`$filter`, `$orderby`, `$top`, `$skip`) over plain dict records.

eEkonomi's list endpoints are ASP.NET Web API OData (research notes §4.6), so clients send
`$filter=ChangedUtc gt 2024-01-01T00:00:00Z and IsActive eq true`. This module parses that grammar
with a hand-written tokenizer and a recursive-descent parser (never `eval`), type-checks what it can
at compile time, and compiles the tree into closures over records whose keys are PascalCase.

Why closures over a tree: clients repeat the same filter for every page, so `compile_filter` is cached
on its text and the per-record work is only the closures.

Semantics follow Web API OData on LINQ-to-objects where the vendor is silent:
- property names, keywords and function names match case-insensitively (the real server is
  case-sensitive by default; Visma's clients all use PascalCase, so being lenient costs nothing);
- string comparison in `$filter` is ordinal (case-sensitive), `$orderby` on strings is
  case-insensitive first, then ordinal (like .NET's culture comparer);
- a comparison with null is false except `eq null` / `ne null`; functions of null are null;
- records store GUIDs and dates as strings: a GUID literal compares with a stored string
  case-insensitively, a date/date-time literal compares with a stored ISO string parsed as a
  date-time, and a naive date-time on either side is taken as UTC;
- string vs number (and any other mix of types) is a 400, as in OData.

Every malformed input is an `EEkonomiError(400, 2000, ...)` whose message follows ODataLib's wording,
prefixed with "The query specified in the URI is not valid.".
"""

from __future__ import annotations

import functools
import math
import operator
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from simulators.eekonomi import errors

Known = Callable[[str], "str | None"]
Predicate = Callable[[dict], bool]
Getter = Callable[[dict], Any]

PREFIX = "The query specified in the URI is not valid. "
MAX_DEPTH = 50  # nesting of parentheses / not / calls, and of operator chains (ODataLib's "MaxDepth")
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1


def query_error(message: str) -> errors.EEkonomiError:
    """The 400 every bad query option becomes (ErrorCode 2000, ODataLib-like text)."""
    return errors.EEkonomiError(400, errors.VALIDATION, PREFIX + message)


# ----------------------------------------------------------------------------------------- types
BOOL, STRING, GUID, DATE, DTO = "Edm.Boolean", "Edm.String", "Edm.Guid", "Edm.Date", "Edm.DateTimeOffset"
INT32, INT64, DECIMAL, DOUBLE, SINGLE = "Edm.Int32", "Edm.Int64", "Edm.Decimal", "Edm.Double", "Edm.Single"
NULL = "null"
_CATEGORY = {BOOL: "bool", STRING: "str", GUID: "guid", DATE: "date", DTO: "date", NULL: "null",
             INT32: "num", INT64: "num", DECIMAL: "num", DOUBLE: "num", SINGLE: "num"}
_KIND = {"eq": "Equal", "ne": "NotEqual", "gt": "GreaterThan", "ge": "GreaterThanOrEqual", "lt": "LessThan",
         "le": "LessThanOrEqual", "and": "And", "or": "Or", "add": "Add", "sub": "Subtract", "mul": "Multiply",
         "div": "Divide", "divby": "Divide", "mod": "Modulo", "not": "Not", "neg": "Negate", "in": "In"}
_RELATIONAL = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
               "lt": operator.lt, "le": operator.le}
_ARITHMETIC = ("add", "sub", "mul", "div", "divby", "mod")


def edm_of(value: Any) -> str:
    """The Edm type name a runtime value would have (used in type-mismatch messages)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT32 if -INT32_MAX - 1 <= value <= INT32_MAX else INT64
    if isinstance(value, float):
        return DOUBLE
    if isinstance(value, str):
        return STRING
    if isinstance(value, uuid.UUID):
        return GUID
    if isinstance(value, datetime):
        return DTO
    if isinstance(value, date):
        return DATE
    if isinstance(value, dict):
        return "Complex"
    return "Collection"


def _cat(value: Any) -> str:
    return _CATEGORY.get(edm_of(value), "other")


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=8192)
def _stored_datetime(text: str) -> datetime | None:
    """A stored ISO string ("YYYY-MM-DDTHH:MM:SS", "...Z", "YYYY-MM-DD") as an aware date-time."""
    try:
        return _as_utc(datetime.fromisoformat(_upper_tz(text)))
    except ValueError:
        return None


def _upper_tz(text: str) -> str:
    return text[:10] + text[10:].upper() if len(text) > 10 else text


def _to_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        return _stored_datetime(value)
    return None


def _incompatible(left: str, right: str, op: str) -> errors.EEkonomiError:
    return query_error("A binary operator with incompatible types was detected. Found operand types "
                       f"'{left}' and '{right}' for operator kind '{_KIND[op]}'.")


def _coerce(op: str, a: Any, b: Any) -> tuple[Any, Any]:
    """Both non-null operands in one comparable form, or the 400 OData gives for the type mix."""
    ca, cb = _cat(a), _cat(b)
    if ca == cb and ca in ("str", "num", "bool", "guid"):
        return a, b
    if ca == cb == "date":
        if type(a) is date and type(b) is date:
            return a, b
        return _to_datetime(a), _to_datetime(b)
    pair = {ca, cb}
    if pair == {"str", "guid"}:
        try:
            return (a if ca == "guid" else uuid.UUID(a)), (b if cb == "guid" else uuid.UUID(b))
        except ValueError:
            pass
    elif pair == {"str", "date"}:
        da, db = _to_datetime(a), _to_datetime(b)
        if da is not None and db is not None:
            return da, db
    raise _incompatible(edm_of(a), edm_of(b), op)


def compare(op: str, a: Any, b: Any) -> bool:
    """OData comparison of two runtime values (`op` is eq, ne, gt, ge, lt or le)."""
    if a is None or b is None:
        if op == "eq":
            return a is None and b is None
        if op == "ne":
            return not (a is None and b is None)
        return False
    x, y = _coerce(op, a, b)
    return bool(_RELATIONAL[op](x, y))


def _arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if _cat(a) != "num" or _cat(b) != "num":
        raise _incompatible(edm_of(a), edm_of(b), op)
    ints = isinstance(a, int) and isinstance(b, int)
    try:
        if op == "add":
            result = a + b
        elif op == "sub":
            result = a - b
        elif op == "mul":
            result = a * b
        elif op in ("div", "divby"):
            if ints:
                if b == 0:
                    raise query_error("Attempted to divide by zero.")
                q = abs(a) // abs(b)
                result = q if (a >= 0) == (b >= 0) else -q
            elif b == 0:
                result = math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1, b)
            else:
                result = a / b
        elif ints:  # mod: .NET's remainder takes the dividend's sign
            if b == 0:
                raise query_error("Attempted to divide by zero.")
            r = abs(a) % abs(b)
            result = r if a >= 0 else -r
        else:
            result = math.fmod(a, b) if b != 0 else math.nan
    except (OverflowError, ValueError):
        raise query_error("Arithmetic operation resulted in an overflow.") from None
    if isinstance(result, int) and abs(result) > INT64_MAX:
        raise query_error("Arithmetic operation resulted in an overflow.")
    return result


# ------------------------------------------------------------------------------------- functions
_S, _N, _D = "str", "int", "date"
_SIG_TEXT = {_S: "Edm.String Nullable=true", _N: "Edm.Int32", _D: "Edm.DateTimeOffset Nullable=true"}


def _substring(s: str, start: int, length: int | None = None) -> str:
    """Web API OData's "safe" substring: out-of-range positions give a shorter or empty string."""
    start = max(start, 0)
    if length is None:
        return s[start:]
    return s[start:start + max(length, 0)]


# name -> variants of (argument kinds, result type, implementation)
_FUNCTIONS: dict[str, list[tuple[tuple[str, ...], str, Callable[..., Any]]]] = {
    "contains": [((_S, _S), BOOL, lambda s, t: t in s)],
    "startswith": [((_S, _S), BOOL, lambda s, t: s.startswith(t))],
    "endswith": [((_S, _S), BOOL, lambda s, t: s.endswith(t))],
    "substringof": [((_S, _S), BOOL, lambda t, s: t in s)],  # OData v3: substringof(needle, haystack)
    "tolower": [((_S,), STRING, str.lower)],
    "toupper": [((_S,), STRING, str.upper)],
    "trim": [((_S,), STRING, str.strip)],
    "length": [((_S,), INT32, len)],
    "indexof": [((_S, _S), INT32, lambda s, t: s.find(t))],
    "concat": [((_S, _S), STRING, operator.add)],
    "substring": [((_S, _N), STRING, _substring), ((_S, _N, _N), STRING, _substring)],
    "year": [((_D,), INT32, lambda d: d.year)],
    "month": [((_D,), INT32, lambda d: d.month)],
    "day": [((_D,), INT32, lambda d: d.day)],
    "hour": [((_D,), INT32, lambda d: d.hour)],
    "minute": [((_D,), INT32, lambda d: d.minute)],
    "second": [((_D,), INT32, lambda d: d.second)],
}


def _signature_error(name: str) -> errors.EEkonomiError:
    sigs = "; ".join(f"{name}({', '.join(_SIG_TEXT[k] for k in kinds)})" for kinds, _, _ in _FUNCTIONS[name])
    return query_error(f"No function signature for the function with name '{name}' matches the specified "
                       f"arguments. The function signatures considered are: {sigs}.")


def _static_fits(kind: str, edm: str | None) -> bool:
    if edm is None or edm == NULL:
        return True
    cat = _CATEGORY.get(edm)
    return {_S: cat == "str", _N: edm in (INT32, INT64), _D: cat == "date"}[kind]


def _runtime_arg(kind: str, value: Any, name: str) -> Any:
    if kind == _S and isinstance(value, str):
        return value
    if kind == _N and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == _D:
        if isinstance(value, date):
            return _to_datetime(value)
        if isinstance(value, str):
            parsed = _stored_datetime(value)
            if parsed is not None:
                return parsed
    raise _signature_error(name)


# ----------------------------------------------------------------------------------------- lexer
class Tok(NamedTuple):
    kind: str  # "id", "lit", "(", ")", ",", "/", "-", "end"
    value: Any
    pos: int
    edm: str | None = None


_GUID_RE = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_DATE_HEAD_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<time>[Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?")
_NUMBER_RE = re.compile(r"-?[0-9]+(?P<frac>\.[0-9]+)?(?P<exp>[eE][+-]?[0-9]+)?(?P<suffix>[mMdDfFlL])?")
_TYPED = {"guid": GUID, "datetime": DTO, "datetimeoffset": DTO}
_KEYWORD_LITERALS = {"true": (True, BOOL), "false": (False, BOOL), "null": (None, NULL)}


def _is_ident_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _ends_token(text: str, j: int) -> bool:
    return j >= len(text) or not _is_ident_char(text[j])


def _unrecognized(edm: str, literal: str, pos: int, text: str) -> errors.EEkonomiError:
    return query_error(f"Unrecognized '{edm}' literal '{literal}' at '{pos}' in '{text}'.")


def _parse_datetime_literal(raw: str, pos: int, text: str, edm: str) -> datetime | date:
    try:
        if len(raw) == 10 and edm == DATE:
            return date.fromisoformat(raw)
        return _as_utc(datetime.fromisoformat(_upper_tz(raw)))
    except ValueError:
        raise _unrecognized(edm, raw, pos, text) from None


def _number(raw: str, pos: int, text: str) -> Tok:
    m = _NUMBER_RE.fullmatch(raw)
    assert m is not None
    suffix = (m["suffix"] or "").lower()
    body = raw[:-1] if suffix else raw
    try:
        if suffix == "l" or (not suffix and not m["frac"] and not m["exp"]):
            if len(body) <= 20 and abs(value := int(body)) <= INT64_MAX:
                edm = INT64 if suffix == "l" or abs(value) > INT32_MAX else INT32
                return Tok("lit", value, pos, edm)
            if suffix == "l":
                raise ValueError
            return Tok("lit", float(body), pos, DOUBLE)
        edm = {"m": DECIMAL, "d": DOUBLE, "f": SINGLE}.get(suffix, DOUBLE if m["exp"] else DECIMAL)
        return Tok("lit", float(body), pos, edm)
    except ValueError:
        raise _unrecognized(INT64 if suffix == "l" else DECIMAL, raw, pos, text) from None


def _lex(text: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            toks.append(Tok("end", None, n))
            return toks
        ch = text[i]
        if ch in "(),/":
            toks.append(Tok(ch, ch, i))
            i += 1
            continue
        if ch == "'":
            value, i2 = _string_literal(text, i)
            toks.append(Tok("lit", value, i, STRING))
            i = i2
            continue
        m = _GUID_RE.match(text, i)
        if m and _ends_token(text, m.end()):
            toks.append(Tok("lit", uuid.UUID(m.group()), i, GUID))
            i = m.end()
            continue
        if ch.isascii() and ch.isdigit() and _DATE_HEAD_RE.match(text, i):
            m = _DATETIME_RE.match(text, i)
            assert m is not None
            if not _ends_token(text, m.end()):
                j = m.end()
                while j < n and _is_ident_char(text[j]):
                    j += 1
                raise _unrecognized(DTO, text[i:j], i, text)
            edm = DTO if m["time"] else DATE
            toks.append(Tok("lit", _parse_datetime_literal(m.group(), i, text, edm), i, edm))
            i = m.end()
            continue
        if (ch.isascii() and ch.isdigit()) or (ch == "-" and i + 1 < n and text[i + 1].isascii()
                                                and text[i + 1].isdigit()):
            m = _NUMBER_RE.match(text, i)
            assert m is not None
            if not _ends_token(text, m.end()):
                raise query_error(f"Syntax error at position {m.end()} in '{text}'.")
            toks.append(_number(m.group(), i, text))
            i = m.end()
            continue
        if ch == "-":
            toks.append(Tok("-", ch, i))
            i += 1
            continue
        if ch.isalpha() or ch == "_":
            j = i
            while j < n and _is_ident_char(text[j]):
                j += 1
            word = text[i:j]
            if j < n and text[j] == "'":
                tok, i = _typed_literal(text, i, j, word)
                toks.append(tok)
                continue
            lit = _KEYWORD_LITERALS.get(word.lower())
            toks.append(Tok("lit", lit[0], i, lit[1]) if lit else Tok("id", word, i))
            i = j
            continue
        raise query_error(f"Syntax error: character '{ch}' is not valid at position {i} in '{text}'.")


def _string_literal(text: str, start: int) -> tuple[str, int]:
    parts: list[str] = []
    j = start + 1
    while True:
        k = text.find("'", j)
        if k < 0:
            raise query_error(f"There is an unterminated string literal at position {start} in '{text}'.")
        parts.append(text[j:k])
        if text.startswith("''", k):
            parts.append("'")
            j = k + 2
            continue
        return "".join(parts), k + 1


def _typed_literal(text: str, start: int, quote: int, word: str) -> tuple[Tok, int]:
    """guid'...', datetime'...' (OData v3) and datetimeoffset'...'."""
    close = text.find("'", quote + 1)
    if close < 0:
        raise query_error(f"There is an unterminated string literal at position {quote} in '{text}'.")
    raw, literal = text[quote + 1:close], text[start:close + 1]
    edm = _TYPED.get(word.lower())
    if edm == GUID:
        if not _GUID_RE.fullmatch(raw):
            raise _unrecognized(GUID, literal, start, text)
        return Tok("lit", uuid.UUID(raw), start, GUID), close + 1
    if edm == DTO:
        if not _DATETIME_RE.fullmatch(raw):
            raise _unrecognized(DTO, literal, start, text)
        edm = DTO if len(raw) > 10 else DATE
        return Tok("lit", _parse_datetime_literal(raw, start, text, edm), start, edm), close + 1
    raise _unrecognized(word, literal, start, text)


# ------------------------------------------------------------------------------------------ tree
@dataclass(frozen=True, slots=True)
class Node:
    """One expression: kind is lit, prop, call, unary, binary, logic or in."""

    kind: str
    pos: int
    value: Any = None  # literal value, property path (tuple), function name or operator
    edm: str | None = None  # literal type
    args: tuple[Node, ...] = ()
    depth: int = 1


def _node(kind: str, pos: int, value: Any, args: tuple[Node, ...] = (), edm: str | None = None) -> Node:
    depth = 1 + max((a.depth for a in args), default=0)
    if depth > MAX_DEPTH:
        raise query_error("Recursion depth exceeded allowed limit.")
    return Node(kind, pos, value, edm, args, depth)


_COMPARISON = ("eq", "ne", "gt", "ge", "lt", "le")


class _Parser:
    """Precedence (low to high): or, and, comparison, additive, multiplicative, unary, in, primary."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _lex(text)
        self.i = 0
        self.nesting = 0

    def peek(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        tok = self.toks[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def keyword(self, *words: str) -> str | None:
        tok = self.peek()
        if tok.kind == "id" and (word := tok.value.lower()) in words:
            return word
        return None

    def error(self, what: str, tok: Tok | None = None) -> errors.EEkonomiError:
        tok = tok or self.peek()
        return query_error(f"{what} at position {tok.pos} in '{self.text}'.")

    def nest(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise query_error("Recursion depth exceeded allowed limit.")

    def expression(self) -> Node:
        return self.logic("or", self.and_)

    def and_(self) -> Node:
        return self.logic("and", self.comparison)

    def logic(self, word: str, operand: Callable[[], Node]) -> Node:
        first = operand()
        items = [first]
        while self.keyword(word):
            self.take()
            items.append(operand())
        return first if len(items) == 1 else _node("logic", first.pos, word, tuple(items))

    def comparison(self) -> Node:
        return self.binary(_COMPARISON, self.additive)

    def additive(self) -> Node:
        return self.binary(("add", "sub"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.binary(("mul", "div", "divby", "mod"), self.unary)

    def binary(self, words: tuple[str, ...], operand: Callable[[], Node]) -> Node:
        left = operand()
        while op := self.keyword(*words):
            tok = self.take()
            left = _node("binary", tok.pos, op, (left, operand()))
        return left

    def unary(self) -> Node:
        tok = self.peek()
        if self.keyword("not") or tok.kind == "-":
            self.take()
            self.nest()
            operand = self.unary()
            self.nesting -= 1
            return _node("unary", tok.pos, "not" if tok.kind == "id" else "neg", (operand,))
        return self.in_()

    def in_(self) -> Node:
        left = self.primary()
        if not self.keyword("in"):
            return left
        tok = self.take()
        if self.peek().kind != "(":
            raise self.error("'(' expected")
        self.take()
        items: list[Node] = []
        while True:
            lit = self.take()
            if lit.kind != "lit":
                raise self.error("Expression expected", lit)
            items.append(_node("lit", lit.pos, lit.value, edm=lit.edm))
            sep = self.take()
            if sep.kind == ")":
                return _node("in", tok.pos, "in", (left, *items))
            if sep.kind != ",":
                raise self.error("')' or ',' expected", sep)

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "lit":
            return _node("lit", tok.pos, tok.value, edm=tok.edm)
        if tok.kind == "(":
            self.nest()
            inner = self.expression()
            if self.peek().kind != ")":
                raise self.error("')' or operator expected")
            self.take()
            self.nesting -= 1
            return inner
        if tok.kind == "id":
            if self.peek().kind == "(":
                return self.call(tok)
            path = [tok.value]
            while self.peek().kind == "/":
                self.take()
                seg = self.take()
                if seg.kind != "id":
                    raise self.error("Syntax error", seg)
                if self.peek().kind == "(":
                    raise query_error(f"An unknown function with name '{seg.value}' was found. Lambda "
                                      "expressions and bound functions are not supported.")
                path.append(seg.value)
            return _node("prop", tok.pos, tuple(path))
        raise self.error("Expression expected", tok)

    def call(self, name_tok: Tok) -> Node:
        name = name_tok.value.lower()
        if name not in _FUNCTIONS:
            raise query_error(f"An unknown function with name '{name_tok.value}' was found. This may also be a "
                              "function import or a key lookup on a navigation property, which is not allowed.")
        self.take()  # "("
        self.nest()
        args: list[Node] = []
        if self.peek().kind == ")":
            self.take()
        else:
            while True:
                args.append(self.expression())
                sep = self.take()
                if sep.kind == ")":
                    break
                if sep.kind != ",":
                    raise self.error("')' or ',' expected", sep)
        self.nesting -= 1
        return _node("call", name_tok.pos, name, tuple(args))

    def expect_end(self) -> None:
        if self.peek().kind != "end":
            raise self.error("Syntax error")


@functools.lru_cache(maxsize=512)
def parse_filter(text: str) -> Node:
    """The syntax tree of a `$filter` text (cached; the tree is immutable)."""
    parser = _Parser(text)
    node = parser.expression()
    parser.expect_end()
    return node


@functools.lru_cache(maxsize=512)
def parse_orderby(text: str) -> tuple[tuple[Node, bool], ...]:
    """`$orderby` as (expression, descending) pairs: "Name desc, tolower(City), TermsOfPayment/Id"."""
    parser = _Parser(text)
    items: list[tuple[Node, bool]] = []
    while True:
        node = parser.expression()
        direction = parser.keyword("asc", "desc")
        if direction:
            parser.take()
        items.append((node, direction == "desc"))
        tok = parser.peek()
        if tok.kind == "end":
            return tuple(items)
        if tok.kind != ",":
            raise parser.error("Syntax error")
        parser.take()


# -------------------------------------------------------------------------------------- compiler
_MISSING = object()


def _lookup(record: dict, name: str, lowered: str) -> Any:
    if name in record:
        return record[name]
    for key, value in record.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    return _MISSING


def _not_found(name: str, owner: str | None) -> errors.EEkonomiError:
    on = f" on type '{owner}'" if owner else ""
    return query_error(f"Could not find a property named '{name}'{on}.")


class _Compiler:
    def __init__(self, known: Known | None, entity: str | None) -> None:
        self.known = known
        self.entity = entity

    def compile(self, node: Node) -> tuple[Getter, str | None]:
        """A closure computing the node on a record, and the node's static Edm type (None: unknown)."""
        return getattr(self, "_" + node.kind)(node)

    def _lit(self, node: Node) -> tuple[Getter, str | None]:
        value = node.value
        return (lambda _r: value), node.edm

    def _prop(self, node: Node) -> tuple[Getter, str | None]:
        path: tuple[str, ...] = node.value
        strict_from = 0  # segments from here on are not vouched for by `known`: missing means unknown
        if self.known is not None:
            full = self.known("/".join(path))
            if full is not None:
                path, strict_from = tuple(full.split("/")), len(path)
            else:
                first = self.known(path[0])
                if first is None:
                    raise _not_found(path[0], self.entity)
                path, strict_from = (first, *path[1:]), 1
        segments = tuple((seg, seg.lower(), i >= strict_from, "/".join(path[:i]) or self.entity)
                         for i, seg in enumerate(path))

        def get(record: dict) -> Any:
            value: Any = record
            for seg, lowered, strict, owner in segments:
                if value is None:
                    return None
                if not isinstance(value, dict):
                    raise query_error(f"The parent value for a property access of a property '{seg}' is not a "
                                      "single value. Property access can only be applied to a single value.")
                value = _lookup(value, seg, lowered)
                if value is _MISSING:
                    if strict:
                        raise _not_found(seg, owner)
                    return None
            return value

        return get, None

    def _call(self, node: Node) -> tuple[Getter, str | None]:
        name = node.value
        compiled = [self.compile(a) for a in node.args]
        variants = [v for v in _FUNCTIONS[name] if len(v[0]) == len(compiled)
                    and all(_static_fits(k, edm) for k, (_, edm) in zip(v[0], compiled, strict=True))]
        if not variants:
            raise _signature_error(name)
        kinds, result, impl = variants[0]
        fns = [fn for fn, _ in compiled]

        def call(record: dict) -> Any:
            values = [fn(record) for fn in fns]
            if any(v is None for v in values):
                return None
            return impl(*(_runtime_arg(k, v, name) for k, v in zip(kinds, values, strict=True)))

        return call, result

    def _unary(self, node: Node) -> tuple[Getter, str | None]:
        op = node.value
        fn, edm = self.compile(node.args[0])
        want = "bool" if op == "not" else "num"
        if edm is not None and _CATEGORY.get(edm) not in (want, "null"):
            raise _unary_error(edm, op)

        def apply(record: dict) -> Any:
            value = fn(record)
            if value is None:
                return None
            if _cat(value) != want:
                raise _unary_error(edm_of(value), op)
            if op == "not":
                return not value
            if isinstance(value, int) and -value > INT64_MAX:
                raise query_error("Arithmetic operation resulted in an overflow.")
            return -value

        return apply, (BOOL if op == "not" else edm)

    def _binary(self, node: Node) -> tuple[Getter, str | None]:
        op = node.value
        (lf, le), (rf, re_) = self.compile(node.args[0]), self.compile(node.args[1])
        if op in _RELATIONAL:
            _check_comparable(op, le, re_)
            return (lambda r: compare(op, lf(r), rf(r))), BOOL
        for edm in (le, re_):
            if edm is not None and _CATEGORY.get(edm) not in ("num", "null"):
                raise _incompatible(le or "Edm.Untyped", re_ or "Edm.Untyped", op)
        return (lambda r: _arithmetic(op, lf(r), rf(r))), (le or re_)

    def _logic(self, node: Node) -> tuple[Getter, str | None]:
        op = node.value
        compiled = [self.compile(a) for a in node.args]
        for _, edm in compiled:
            if edm is not None and edm not in (BOOL, NULL):
                raise _incompatible(edm, BOOL, op)
        fns = [fn for fn, _ in compiled]
        decisive = op == "or"  # the value that settles the result: True for or, False for and

        def logic(record: dict) -> Any:
            result: Any = not decisive
            for fn in fns:
                value = fn(record)
                if value is decisive:
                    return decisive
                if value is None:
                    result = None
                elif not isinstance(value, bool):
                    raise _incompatible(edm_of(value), BOOL, op)
            return result

        return logic, BOOL

    def _in(self, node: Node) -> tuple[Getter, str | None]:
        fn, edm = self.compile(node.args[0])
        items = [n.value for n in node.args[1:]]
        for n in node.args[1:]:
            _check_comparable("eq", edm, n.edm)
        return (lambda r: _member(fn(r), items)), BOOL


def _member(value: Any, items: list[Any]) -> bool:
    return any(compare("eq", value, item) for item in items)


def _unary_error(edm: str, op: str) -> errors.EEkonomiError:
    return query_error("A unary operator with an incompatible type was detected. Found operand type "
                       f"'{edm}' for operator kind '{_KIND[op]}'.")


def _check_comparable(op: str, left: str | None, right: str | None) -> None:
    if left is None or right is None or NULL in (left, right):
        return
    if _CATEGORY.get(left) != _CATEGORY.get(right):
        raise _incompatible(left, right, op)


_NOT_BOOLEAN = "The $filter expression must evaluate to a single boolean value."


def _build_filter(text: str, known: Known | None, entity: str | None) -> Predicate:
    fn, edm = _Compiler(known, entity).compile(parse_filter(text))
    if edm is not None and edm != BOOL:
        raise query_error(_NOT_BOOLEAN)

    def predicate(record: dict) -> bool:
        value = fn(record)
        if value is True:
            return True
        if value is False or value is None:
            return False
        raise query_error(_NOT_BOOLEAN)

    return predicate


_cached_filter = functools.lru_cache(maxsize=512)(_build_filter)


def compile_filter(text: str, known: Known | None = None, *, entity: str | None = None) -> Predicate:
    """A predicate for an OData `$filter` text; a 400 (ErrorCode 2000) for anything malformed.

    `known` maps a property name or '/'-path, matched case-insensitively, to its canonical spelling or
    None: with it, unknown top-level properties fail here rather than on the first record. Without it
    a property missing from a record is the 400. `entity` names the type in "property not found"
    messages. Cached on (text, known, entity): pass a long-lived `known` to benefit.
    """
    try:
        hash(known)
    except TypeError:
        return _build_filter(text, known, entity)
    return _cached_filter(text, known, entity)


# ---------------------------------------------------------------------------------------- ordering
def order_key(value: Any) -> tuple:
    """A total sort key like .NET's default comparers: null first, strings case-insensitive first."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (2, 0, 0) if isinstance(value, float) and math.isnan(value) else (2, 1, value)
    if isinstance(value, str):
        return (3, value.casefold(), value)
    if isinstance(value, uuid.UUID):
        return (4, value.int)
    if isinstance(value, date):
        return (5, _to_datetime(value))
    raise query_error("The $orderby expression must evaluate to a single value of primitive type.")


Sorter = Callable[[Sequence[dict]], list[dict]]


def _build_orderby(text: str, known: Known | None, entity: str | None) -> Sorter:
    compiler = _Compiler(known, entity)
    keys = [(compiler.compile(node)[0], desc) for node, desc in parse_orderby(text)]

    def sort_records(records: Sequence[dict]) -> list[dict]:
        out = list(records)
        for fn, desc in reversed(keys):  # stable sorts, last key first
            out.sort(key=lambda r, fn=fn: order_key(fn(r)), reverse=desc)
        return out

    return sort_records


_cached_orderby = functools.lru_cache(maxsize=512)(_build_orderby)


def compile_orderby(text: str, known: Known | None = None, *, entity: str | None = None) -> Sorter:
    """A stable sorter for an OData `$orderby` text ("Name desc, CustomerNumber"); cached like filters."""
    try:
        hash(known)
    except TypeError:
        return _build_orderby(text, known, entity)
    return _cached_orderby(text, known, entity)


def sort(records: Sequence[dict], orderby_text: str, known: Known | None = None, *,
         entity: str | None = None) -> list[dict]:
    """The records ordered by `$orderby` (ties keep the input order); empty text keeps the order."""
    if not orderby_text.strip():
        return list(records)
    return compile_orderby(orderby_text, known, entity=entity)(records)


# ------------------------------------------------------------------------------------ $top / $skip
_DIGITS = re.compile(r"[0-9]+")


def non_negative(option: str, raw: str) -> int:
    """`$top` / `$skip` as ODataLib reads them: a non-negative 64-bit integer or a 400."""
    if not _DIGITS.fullmatch(raw) or len(raw) > 19 or int(raw) > INT64_MAX:
        raise query_error(f"Invalid value '{raw}' for {option} query option found. The {option} query option "
                          "requires a non-negative integer value.")
    return int(raw)


def known_names(names: Iterable[str]) -> Known:
    """A `known` function over canonical names (top-level or '/'-paths such as "TermsOfPayment/Id").

    Build it once per resource (module level) so the compiled-filter cache can hit.
    """
    table = {name.lower(): name for name in names}
    return lambda name: table.get(name.lower())


def known_from_example(record: dict) -> Known:
    """A `known` function listing every key of an example record, nested dicts as '/'-paths."""

    def walk(value: dict, prefix: str) -> Iterable[str]:
        for key, inner in value.items():
            yield prefix + key
            if isinstance(inner, dict):
                yield from walk(inner, prefix + key + "/")

    return known_names(walk(record, ""))
