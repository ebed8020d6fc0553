"""Validation and listing helpers every Procountor resource uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError
from stdnum.fi import alv, hetu, ytunnus

from simulators.procountor.errors import ProcountorError, bad_request, translate, windows_1252_errors
from simulators.procountor.models.base import ProcountorModel

M = TypeVar("M", bound=ProcountorModel)

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_BATCH_IDS = 200
INT32_MAX = 2**31 - 1


def validate(model: type[M], payload: Any, prefix: str = "") -> M:
    """The payload as a model, or a 400 naming every bad field (text outside Windows-1252 included)."""
    if not isinstance(payload, dict):
        raise bad_request("Request body must be a JSON object.")
    errors = windows_1252_errors(payload, prefix)
    try:
        obj = model.model_validate(payload)
    except ValidationError as exc:
        translated = translate(exc, prefix, model)
        raise ProcountorError(400, errors + translated.errors) from None
    if errors:
        raise ProcountorError(400, errors)
    return obj


def validated(model: type[M], payload: Any, rules: Callable[[M], list[dict[str, Any]]] = lambda _: [],
              read_only: Iterable[str] = ()) -> tuple[M, dict[str, Any]]:
    """Schema first, then the resource's own rules (all their errors in one 400), then the record to store:
    the vendor's JSON shape without the fields the server owns."""
    obj = validate(model, payload)
    errs = rules(obj)
    if errs:
        raise ProcountorError(400, errs)
    data = obj.dump()
    for key in read_only:
        data.pop(key, None)
    return obj, data


def is_finnish_business_id(value: str) -> bool:
    """Y-tunnus (1234567-8), the VAT form (FI12345678) or a personal identity code (for persons)."""
    text = value.strip()
    return ytunnus.is_valid(text) or alv.is_valid(text) or hetu.is_valid(text)


# ------------------------------------------------------------------------ query parameters
class Query:
    """Typed access to query parameters; a bad value is a 400 naming the parameter."""

    def __init__(self, params: Mapping[str, str]) -> None:
        self.params = params

    def text(self, name: str) -> str | None:
        value = self.params.get(name)
        return value if value not in (None, "") else None

    def integer(self, name: str, low: int | None = None, high: int | None = None) -> int | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            value = int(raw)
        except ValueError:
            raise bad_request(f"Value of the '{name}' field is invalid: {raw}", name) from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise bad_request(f"Value of the '{name}' field is out of range: {raw}", name)
        return value

    def boolean(self, name: str) -> bool | None:
        raw = self.text(name)
        if raw is None:
            return None
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise bad_request(f"Value of the '{name}' field is invalid: {raw}", name)

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw) if len(raw) == 10 else _bad(name, raw)
        except ValueError:
            return _bad(name, raw)

    def stamp(self, name: str) -> str | None:
        """A date-time bound (YYYY-MM-DDTHH:MM:SS); compared as text, like the stored versions."""
        raw = self.text(name)
        if raw is None:
            return None
        from simulators.procountor.models.base import _DATETIME

        if not _DATETIME.match(raw):
            _bad(name, raw)
        return raw

    def choices(self, name: str, allowed: Iterable[str]) -> list[str] | None:
        raw = self.text(name)
        if raw is None:
            return None
        values = [v.strip() for v in raw.split(",") if v.strip()]
        allowed_set = set(allowed)
        for value in values:
            if value not in allowed_set:
                _bad(name, value)
        return values

    def order(self, name: str) -> str | None:
        raw = self.text(name)
        if raw is None:
            return None
        if raw.upper() not in ("ASC", "DESC"):
            _bad(name, raw)
        return raw.upper()

    def paging(self) -> tuple[int, int]:
        size = self.integer("size", 1, MAX_PAGE_SIZE)
        page = self.integer("page", 0, INT32_MAX)  # int32 in every list operation of the description
        return (page or 0), (size or DEFAULT_PAGE_SIZE)


def check_int32(q: Query, *names: str) -> None:
    """Refuse values an int32 query parameter (page, previousId) cannot hold: 400 naming the parameter."""
    for name in names:
        q.integer(name, -(2**31), 2**31 - 1)


def _bad(name: str, raw: str) -> Any:
    raise bad_request(f"Value of the '{name}' field is invalid: {raw}", name)


def page_of(items: list[dict[str, Any]], page: int, size: int,
            view: Callable[[dict[str, Any]], dict[str, Any]] = lambda r: r) -> dict[str, Any]:
    """Procountor's list envelope: {"results": [...], "meta": {...}}."""
    chunk = items[page * size:(page + 1) * size]
    return {
        "results": [view(r) for r in chunk],
        "meta": {"pageNumber": page, "pageSize": size, "resultCount": len(chunk), "totalCount": len(items)},
    }


def keyset(items: list[dict[str, Any]], q: Query, default_order: str = "DESC") -> list[dict[str, Any]]:
    """Order by id (orderById, default DESC) and apply previousId as a keyset cursor."""
    direction = q.order("orderById") or default_order
    ordered = sorted(items, key=lambda r: r["id"], reverse=direction == "DESC")
    previous = q.integer("previousId", -INT32_MAX - 1, INT32_MAX)  # int32 in the description
    if previous:
        ordered = [r for r in ordered if (r["id"] < previous if direction == "DESC" else r["id"] > previous)]
    return ordered


def parse_ids(raw: str, skip_invalid: bool = False) -> list[int]:
    """The comma-separated id list of a batch GET (at most 200).

    With `skip_invalid`, a part that is not an id is dropped like an unknown id instead of being a 400 (the
    batch rule "only valid ids are returned; all ids invalid gets 404").
    """
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        raise bad_request("No ids given.")
    if len(parts) > MAX_BATCH_IDS:
        raise bad_request(f"Too many ids: at most {MAX_BATCH_IDS} can be requested at once.")
    ids = []
    for part in parts:
        if not part.isdigit() or len(part) > 18:
            if skip_invalid:
                continue
            raise bad_request(f"Value of the 'id' field is invalid: {part}", "id")
        ids.append(int(part))
    return sorted(set(ids))


def batch_get(store: dict[int, dict[str, Any]], raw: str, missing: str,
              view: Callable[[dict[str, Any]], Any] = lambda r: r, skip_invalid: bool = False) -> Any:
    """One id → the record (404 when missing); several → a list of those found (404 when none)."""
    ids = parse_ids(raw, skip_invalid)
    found = [view(store[i]) for i in ids if i in store]
    if not found:
        raise ProcountorError(404, missing)
    if len(ids) == 1 and "," not in raw:
        return found[0]
    return found


def path_id(raw: str, missing: str) -> int:
    """A single id from the path; anything that is not a valid id is simply not found."""
    if not raw.isdigit() or len(raw) > 18:
        raise ProcountorError(404, missing)
    return int(raw)
