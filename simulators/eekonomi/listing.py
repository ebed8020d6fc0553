"""The list envelope every eEkonomi collection GET answers with, and its query options.

`{"Meta": {CurrentPage, PageSize, TotalNumberOfPages, TotalNumberOfResults, ServerTimeUtc}, "Data": [...]}`
(research notes §4.5). The order of work is the server's: `$filter`, `$orderby`, then `$skip`/`$top`,
then Visma's own `$page`/`$pagesize` paging over what is left. `TotalNumberOfPages` is never 0,
because pwitab/visma pages until `CurrentPage == TotalNumberOfPages` and would loop forever on 0.
Options the real server does not know (`$order_by`, `page`, `$select`, `$expand`…) are ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from simulators.eekonomi import errors
from simulators.eekonomi.odata import Known, compile_filter, compile_orderby, non_negative, query_error

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000  # not published by Visma (§7.1): an assumption, configurable per call
INT32_MAX = 2**31 - 1
_ODATA_OPTIONS = ("$filter", "$orderby", "$top", "$skip")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def query_options(query: Any) -> dict[str, list[str]]:
    """Query parameters by lower-cased name, every value kept in order.

    Takes a plain mapping, a mapping of lists (parse_qs), Starlette's QueryParams (multi_items) or
    an iterable of (name, value) pairs.
    """
    pairs: Iterable[tuple[str, Any]]
    if hasattr(query, "multi_items"):
        pairs = query.multi_items()
    elif isinstance(query, Mapping):
        pairs = query.items()
    else:
        pairs = query
    options: dict[str, list[str]] = {}
    for name, value in pairs:
        values = value if isinstance(value, list | tuple) else [value]
        options.setdefault(str(name).lower(), []).extend(str(v) for v in values)
    return options


def _single(options: dict[str, list[str]], name: str) -> str | None:
    """An OData system query option; ODataLib refuses one given twice (also as $Filter and $filter)."""
    values = options.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise query_error(f"Query option '{name}' was specified more than once, but it must be specified at "
                          "most once.")
    return values[0] if values[0].strip() else None


def _integer(options: dict[str, list[str]], name: str) -> int | None:
    """Visma's own paging parameters are model-bound: the first value counts, empty means absent."""
    values = options.get(name)
    if not values or not values[0].strip():
        return None
    raw = values[0]
    text = raw.strip()
    if not _INTEGER.fullmatch(text) or len(text) > 12 or abs(int(text)) > INT32_MAX:
        raise errors.bad_request(f"The value '{raw}' is not valid for {name}.", field=name, reason="InvalidType")
    return int(text)


def page_of(records: Sequence[dict], query: Any, server_time_utc: str, *, known: Known | None = None,
            default_page_size: int = DEFAULT_PAGE_SIZE, max_page_size: int = MAX_PAGE_SIZE,
            transform: Callable[[dict], dict] | None = None, entity: str | None = None) -> dict[str, Any]:
    """One page of `records` in the vendor's envelope, after the query's OData options.

    `query` is the request's query parameters (names matched case-insensitively). `transform` runs on
    the returned page's records only, so completing response bodies costs one page, not the table.
    With no `$orderby` the input order is kept. Every bad option is a 400 before any work is done.
    """
    options = query_options(query)
    filter_text = _single(options, "$filter")
    orderby_text = _single(options, "$orderby")
    top_text, skip_text = _single(options, "$top"), _single(options, "$skip")
    top = non_negative("$top", top_text.strip()) if top_text is not None else None
    skip = non_negative("$skip", skip_text.strip()) if skip_text is not None else 0

    page = max(_integer(options, "$page") or 1, 1)
    size = _integer(options, "$pagesize")
    if size is None:
        size = default_page_size
    elif size <= 0:
        raise errors.bad_request(f"The value '{size}' is not valid for $pagesize: it must be a positive integer.",
                                 field="$pagesize", reason="Range")
    size = min(size, max_page_size)

    predicate = compile_filter(filter_text, known, entity=entity) if filter_text is not None else None
    sorter = compile_orderby(orderby_text, known, entity=entity) if orderby_text is not None else None
    rows = [r for r in records if predicate(r)] if predicate is not None else list(records)
    if sorter is not None:
        rows = sorter(rows)
    rows = rows[skip:] if top is None else rows[skip:skip + top]

    total = len(rows)
    start = (page - 1) * size
    chunk = rows[start:start + size]
    return {
        "Meta": {
            "CurrentPage": page,
            "PageSize": size,
            "TotalNumberOfPages": max(1, math.ceil(total / size)),
            "TotalNumberOfResults": total,
            "ServerTimeUtc": server_time_utc,
        },
        "Data": [transform(r) for r in chunk] if transform is not None else chunk,
    }
