"""/v2/articles (list, create, read, full replace; the vendor has no DELETE), /v2/articleaccountcodings and
/v2/units. Rules live in domain/articles.py and domain/reference.py.

Routes are registered in lower case with the vendor's parameter names lower-cased, so the scopes of the
vendor's operation are found for the route template.
"""

from __future__ import annotations

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.eekonomi.domain import articles, reference
from simulators.eekonomi.routes.base import JSON, body_of, caller, created, listing, query_flag, reply

router = VendorRouter()
MODEL = "ArticleApi"


def _customer_id(request: Request) -> str | None:
    """`?customerId=` (any casing of the name): prices and discounts as that customer gets them."""
    for key, value in request.query_params.items():
        if key.lower() == "customerid" and value.strip():
            return value
    return None


def _rate_date(request: Request) -> None:
    for key, value in request.query_params.items():
        if key.lower() == "vatratedate":
            reference.check_rate_date(value)


@router.get("/articles")
async def list_articles(request: Request) -> JSON:
    call = caller(request)
    query_flag(request, "showPricesWithTwoDecimals", False)  # prices are kept with two decimals anyway
    with call.lock:
        return listing(request, call, MODEL, articles.all_views(call.state, _customer_id(request)))


@router.post("/articles")
async def create_article(request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, MODEL)
    with call.lock:
        return created(MODEL, articles.create(call.state, body))


@router.get("/articles/{articleid}")
async def get_article(articleid: str, request: Request) -> JSON:
    call = caller(request)
    query_flag(request, "showPricesWithTwoDecimals", False)
    with call.lock:
        return reply(MODEL, articles.get(call.state, articleid, _customer_id(request)))


@router.put("/articles/{articleid}")
async def replace_article(articleid: str, request: Request) -> JSON:
    call = caller(request)
    body = await body_of(request, MODEL)
    with call.lock:
        return reply(MODEL, articles.replace(call.state, articleid, body))


@router.get("/articleaccountcodings")
async def list_article_codings(request: Request) -> JSON:
    call = caller(request)
    _rate_date(request)
    with call.lock:
        return listing(request, call, "ArticleAccountCodingApi", list(call.state.article_codings.values()))


@router.get("/articleaccountcodings/{articleaccountcodingid}")
async def get_article_coding(articleaccountcodingid: str, request: Request) -> JSON:
    call = caller(request)
    _rate_date(request)
    with call.lock:
        return reply("ArticleAccountCodingApi", reference.article_coding(call.state, articleaccountcodingid))


@router.get("/units")
async def list_units(request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return listing(request, call, "UnitApi", list(call.state.units.values()))


@router.get("/units/{id}")
async def get_unit(id: str, request: Request) -> JSON:
    call = caller(request)
    with call.lock:
        return reply("UnitApi", reference.unit(call.state, id))
