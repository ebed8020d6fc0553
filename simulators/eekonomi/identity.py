"""The identity server's routes (its own port, default 8704): /connect/*, /account/*, /.well-known/*.

    GET  /connect/authorize      -> 302 /account/login -> /account/company -> /account/consent -> redirect_uri
    POST /connect/token          authorization_code and refresh_token grants (form-encoded, Basic or body auth)
    POST /connect/revocation     refresh tokens (RFC 7009)
    GET  /.well-known/openid-configuration

An unknown client or an unregistered redirect_uri gets an error page and no redirect; every later problem
goes back to the client as `?error=...&state=...` (RFC 6749 §4.1.2.1). The token endpoint answers every
error with HTTP 400 `{"error", "error_description"}` as IdentityServer4 does. The rules are in oauth.py;
this module only speaks HTTP and HTML.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from simulators.core.routing import VendorRouter
from simulators.eekonomi import identity_pages as pages
from simulators.eekonomi import oauth
from simulators.eekonomi.oauth import OAuthError, Pending

if TYPE_CHECKING:
    from simulators.eekonomi.directory import Client
    from simulators.eekonomi.simulator import EEkonomiSimulator

router = VendorRouter()

SESSION_COOKIE = "idsrv.session"
FORM = "application/x-www-form-urlencoded"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
OTHER_METHODS = ["GET", "PUT", "PATCH", "DELETE"]
RESPONSE_MODES = ("query", "form_post")


# ---------------------------------------------------------------------------- helpers
def _sim(request: Request) -> EEkonomiSimulator:
    return request.app.state.simulator


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json; charset=utf-8",
                    headers=headers)


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


def _error_page(error: str, description: str) -> HTMLResponse:
    return _html(pages.error_page(error, description), 400)


def _expired_page() -> HTMLResponse:
    return _error_page("invalid_request", "This sign-in is unknown or has expired (after 30 minutes). "
                       "Go back to the application and connect again.")


def _to_client(redirect_uri: str, mode: str, params: dict[str, str | None]) -> Response:
    """The authorize response: a 302 to the redirect_uri, or for form_post a page that posts to it."""
    if mode == "form_post":
        return _html(pages.form_post_page(redirect_uri, params))
    return RedirectResponse(oauth.response_url(redirect_uri, params, mode), status_code=302,
                            headers={"Cache-Control": "no-store"})


def _refuse(p: Pending, error: str, description: str | None = None) -> Response:
    params: dict[str, str | None] = {"error": error}
    if description and error != "access_denied":
        params["error_description"] = description
    params["state"] = p.state
    return _to_client(p.redirect_uri, p.response_mode, params)


def _client_name(sim: EEkonomiSimulator, client_id: str) -> str:
    client = sim.directory.client(client_id)
    return client.name if client is not None and client.name else client_id


async def _page_form(request: Request) -> dict[str, str] | None:
    """A browser form (urlencoded or multipart) as one value per name; None when it is not a form."""
    ctype = _content_type(request)
    if ctype == FORM:
        raw = await request.body()
        return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    if ctype == "multipart/form-data":
        try:
            form = await request.form()
        except Exception:  # a broken multipart body: the caller answers with an error page
            return None
        return {k: v for k, v in form.items() if isinstance(v, str)}
    return None


def _pending_of(request: Request, pending_id: str | None) -> Pending | None:
    return oauth.identity_state(_sim(request)).find(pending_id)


def _signed_in(request: Request, p: Pending) -> bool:
    """The pending request belongs to this browser's sign-in (the session cookie it got at login)."""
    if not p.username or not p.session or request.cookies.get(SESSION_COOKIE) != p.session:
        return False
    return oauth.identity_state(_sim(request)).session(p.session) is not None


def _after_login(request: Request, p: Pending) -> Response:
    """Where a signed-in user goes next: the company list, or (one company, no forceselectcompany) consent."""
    sim = _sim(request)
    user = sim.directory.users.get((p.username or "").lower())
    companies = oauth.companies_of(sim, user) if user is not None else []
    if not companies:
        oauth.identity_state(sim).finish(p.id)
        return _error_page("access_denied", "Your user has no company in Visma eEkonomi.")
    if len(companies) == 1 and not p.force_select_company:
        p.tenant_id = companies[0].id
        return RedirectResponse(f"/account/consent?request={p.id}", status_code=302)
    return RedirectResponse(f"/account/company?request={p.id}", status_code=302)


# ---------------------------------------------------------------------------- authorize
@router.api_route("/connect/authorize", ["GET", "POST"])
async def authorize(request: Request) -> Response:
    sim = _sim(request)
    if request.method == "POST":
        if _content_type(request) != FORM:
            return _error_page("invalid_request", "A POST to the authorize endpoint must be a form "
                               "(application/x-www-form-urlencoded).")
        text = (await request.body()).decode("utf-8", "replace")
    else:
        text = request.url.query
    pairs = parse_qsl(text, keep_blank_values=True)
    params: dict[str, str] = {}
    repeated: set[str] = set()
    for name, value in pairs:
        if name in params:
            repeated.add(name)
        else:
            params[name] = value

    # no redirect before the client and its redirect_uri are known (an error page instead)
    client_id = params.get("client_id", "")
    if not client_id or "client_id" in repeated or len(client_id) > oauth.MAX_CLIENT_ID:
        return _error_page("invalid_request", "Invalid client_id: missing, repeated or too long.")
    client = sim.directory.client(client_id)
    if client is None:
        return _error_page("unauthorized_client", f"Unknown client '{client_id}' or client not enabled.")
    redirect_uri = params.get("redirect_uri", "")
    if (not redirect_uri or "redirect_uri" in repeated or len(redirect_uri) > oauth.MAX_REDIRECT_URI
            or not oauth.absolute_uri(redirect_uri)):
        return _error_page("invalid_request", "Invalid redirect_uri: missing, repeated, too long or not an "
                           "absolute URI.")
    if not oauth.redirect_uri_registered(client, redirect_uri):
        return _error_page("unauthorized_client", f"Invalid redirect_uri '{redirect_uri}': it is not registered "
                           "for this client (the whole URI must match).")
    return await _authorize_valid_client(request, sim, client, redirect_uri, params, repeated)


async def _authorize_valid_client(request: Request, sim: EEkonomiSimulator, client: Client, redirect_uri: str,
                                  params: dict[str, str], repeated: set[str]) -> Response:
    state = params.get("state") or None
    mode = params.get("response_mode") or "query"
    p = Pending(oauth.new_pending_id(), client.client_id, redirect_uri, [], state,
                mode if mode in RESPONSE_MODES else "query")
    if mode not in RESPONSE_MODES:
        return _refuse(p, "unsupported_response_type", f"Invalid response_mode '{mode[:40]}': query or form_post.")
    if repeated:
        return _refuse(p, "invalid_request", f"Parameter(s) included more than once: {', '.join(sorted(repeated))}.")
    if state is not None and len(state) > oauth.MAX_STATE:
        p.state = None
        return _refuse(p, "invalid_request", "The state parameter is too long.")
    response_type = params.get("response_type", "")
    if not response_type:
        return _refuse(p, "unsupported_response_type", "Missing response_type.")
    if response_type.split() != ["code"]:
        return _refuse(p, "unsupported_response_type", f"Response type '{response_type[:40]}' is not supported: "
                       "only the authorization code flow (response_type=code).")
    try:
        p.code_challenge, p.code_challenge_method = oauth.check_code_challenge(
            params.get("code_challenge"), params.get("code_challenge_method"))
        p.scopes = oauth.parse_scope(params.get("scope"))
    except OAuthError as exc:
        return _refuse(p, exc.error, exc.description)
    acr = oauth.parse_acr_values(params.get("acr_values"))
    p.force_select_company = acr.get("forceselectcompany", "").lower() == "true"
    p.login_hint = (params.get("login_hint") or "")[: oauth.MAX_USERNAME] or None
    prompt = set(params.get("prompt", "").split())
    identity = oauth.identity_state(sim)
    session = None if prompt & {"login", "select_account"} else identity.session(request.cookies.get(SESSION_COOKIE))
    max_age = params.get("max_age", "")
    if session is not None and max_age.isdigit() and time.time() - session.signed_in > int(max_age):
        session = None
    if session is not None and sim.directory.users.get(session.username.lower()) is None:
        session = None  # the user is gone (its last company was deleted)
    if "none" in prompt:
        # no page may be shown: without a sign-in that is login_required; consent is always asked here
        return _refuse(p, "login_required" if session is None else "consent_required",
                       "prompt=none, but the user must sign in and consent.")
    identity.start(p)
    if session is not None:
        p.username, p.session = session.username, session.id
        return _after_login(request, p)
    return RedirectResponse(f"/account/login?request={p.id}", status_code=302)


# ---------------------------------------------------------------------------- sign-in pages
@router.get("/account/login")
async def login_form(request: Request) -> Response:
    p = _pending_of(request, request.query_params.get("request"))
    if p is None:
        return _expired_page()
    return _html(pages.login_page(p.id, _client_name(_sim(request), p.client_id), p.login_hint or ""))


@router.post("/account/login")
async def login(request: Request) -> Response:
    sim = _sim(request)
    form = await _page_form(request)
    if form is None:
        return _error_page("invalid_request", "The sign-in form must be posted as a form.")
    p = _pending_of(request, form.get("request"))
    if p is None:
        return _expired_page()
    identity = oauth.identity_state(sim)
    if form.get("action") == "cancel":
        identity.finish(p.id)
        return _refuse(p, "access_denied")
    username = form.get("username", "").strip()
    password = form.get("password", "")
    user = None
    if username and len(username) <= oauth.MAX_USERNAME and len(password) <= oauth.MAX_PASSWORD:
        user = sim.directory.authenticate(username, password)
    if user is None:
        page = pages.login_page(p.id, _client_name(sim, p.client_id), username[: oauth.MAX_USERNAME],
                                "Wrong email or password. / Fel e-post eller lösenord.")
        return _html(page, 200)
    session = identity.sign_in(user.username)
    p.username, p.session, p.tenant_id = user.username, session.id, None
    response = _after_login(request, p)
    response.set_cookie(SESSION_COOKIE, session.id, httponly=True, samesite="lax", path="/")
    return response


def _companies(request: Request, p: Pending) -> list[tuple[str, str, str]]:
    sim = _sim(request)
    user = sim.directory.users.get((p.username or "").lower())
    if user is None:
        return []
    return [(t.id, oauth.company_name(t), str((getattr(t.state, "company", None) or {})
                                              .get("CorporateIdentityNumber") or ""))
            for t in oauth.companies_of(sim, user)]


@router.get("/account/company")
async def company_form(request: Request) -> Response:
    p = _pending_of(request, request.query_params.get("request"))
    if p is None:
        return _expired_page()
    if not _signed_in(request, p):
        return RedirectResponse(f"/account/login?request={p.id}", status_code=302)
    return _html(pages.company_page(p.id, _companies(request, p)))


@router.post("/account/company")
async def choose_company(request: Request) -> Response:
    form = await _page_form(request)
    if form is None:
        return _error_page("invalid_request", "The company form must be posted as a form.")
    p = _pending_of(request, form.get("request"))
    if p is None:
        return _expired_page()
    if not _signed_in(request, p):
        return RedirectResponse(f"/account/login?request={p.id}", status_code=302)
    companies = _companies(request, p)
    chosen = form.get("company", "")
    if chosen not in {c[0] for c in companies}:
        return _html(pages.company_page(p.id, companies, "Choose one of your companies. / Välj ett av dina "
                                        "företag."), 400)
    p.tenant_id = chosen
    return RedirectResponse(f"/account/consent?request={p.id}", status_code=302)


def _consent_company(request: Request, p: Pending) -> Any:
    """The tenant the user picked, if it still exists and the user still belongs to it."""
    sim = _sim(request)
    if not p.tenant_id or p.tenant_id not in sim.tenants or not oauth.is_member(sim, p.username or "", p.tenant_id):
        return None
    return sim.tenants.get(p.tenant_id)


@router.get("/account/consent")
async def consent_form(request: Request) -> Response:
    p = _pending_of(request, request.query_params.get("request"))
    if p is None:
        return _expired_page()
    if not _signed_in(request, p):
        return RedirectResponse(f"/account/login?request={p.id}", status_code=302)
    tenant = _consent_company(request, p)
    if tenant is None:
        return RedirectResponse(f"/account/company?request={p.id}", status_code=302)
    scopes = [(s, oauth.SCOPE_TEXT.get(s, s)) for s in p.scopes]
    return _html(pages.consent_page(p.id, _client_name(_sim(request), p.client_id), oauth.company_name(tenant),
                                    p.username or "", scopes))


@router.post("/account/consent")
async def consent(request: Request) -> Response:
    sim = _sim(request)
    form = await _page_form(request)
    if form is None:
        return _error_page("invalid_request", "The consent form must be posted as a form.")
    p = _pending_of(request, form.get("request"))
    if p is None:
        return _expired_page()
    if not _signed_in(request, p):
        return RedirectResponse(f"/account/login?request={p.id}", status_code=302)
    decision = form.get("decision")
    if decision not in ("allow", "deny"):
        return _error_page("invalid_request", "Choose Allow or Deny.")
    identity = oauth.identity_state(sim)
    if decision == "deny":
        identity.finish(p.id)
        return _refuse(p, "access_denied")
    tenant = _consent_company(request, p)
    if tenant is None:
        return RedirectResponse(f"/account/company?request={p.id}", status_code=302)
    identity.finish(p.id)
    code = oauth.issue_code(sim, tenant, client_id=p.client_id, redirect_uri=p.redirect_uri, scopes=p.scopes,
                            username=p.username or "", code_challenge=p.code_challenge,
                            code_challenge_method=p.code_challenge_method)
    return _to_client(p.redirect_uri, p.response_mode,
                      {"code": code.value, "scope": " ".join(p.scopes), "state": p.state})


@router.api_route("/account/logout", ["GET", "POST"])
async def logout(request: Request) -> Response:
    oauth.identity_state(_sim(request)).sign_out(request.cookies.get(SESSION_COOKIE))
    response = _html(pages.message_page("Signed out", "You are signed out of the identity server."))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ---------------------------------------------------------------------------- token and revocation
def _token_error(exc: OAuthError) -> Response:
    return _json(exc.body(), 400, NO_STORE)


@router.post("/connect/token")
async def token(request: Request) -> Response:
    if _content_type(request) != FORM:
        return _token_error(OAuthError(oauth.INVALID_REQUEST, "Token requests must be POSTed as "
                                       "application/x-www-form-urlencoded."))
    try:
        form = oauth.parse_form(await request.body())
        body = oauth.token_request(_sim(request), form, request.headers.get("authorization", ""))
    except OAuthError as exc:
        return _token_error(exc)
    return _json(body, 200, NO_STORE)


@router.api_route("/connect/token", OTHER_METHODS)
async def token_wrong_method(request: Request) -> Response:
    return _token_error(OAuthError(oauth.INVALID_REQUEST, f"The token endpoint does not accept {request.method}: "
                                   "POST a form (application/x-www-form-urlencoded)."))


@router.post("/connect/revocation")
async def revocation(request: Request) -> Response:
    ctype = _content_type(request)
    if ctype == FORM:
        try:
            form = oauth.parse_form(await request.body())
        except OAuthError as exc:
            return _json(exc.body(), 400, NO_STORE)
    elif ctype == "multipart/form-data":
        form = await _page_form(request) or {}
    else:
        return Response(status_code=415)
    try:
        oauth.revocation_request(_sim(request), form, request.headers.get("authorization", ""))
    except OAuthError as exc:
        return _json(exc.body(), 400, NO_STORE)
    return Response(status_code=200, headers=NO_STORE)


@router.api_route("/connect/revocation", OTHER_METHODS)
async def revocation_wrong_method(request: Request) -> Response:
    return Response(status_code=405, headers={"Allow": "POST"})


# ---------------------------------------------------------------------------- discovery
@router.get("/.well-known/openid-configuration")
async def discovery(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return _json({
        "issuer": base,
        "authorization_endpoint": f"{base}/connect/authorize",
        "token_endpoint": f"{base}/connect/token",
        "revocation_endpoint": f"{base}/connect/revocation",
        "scopes_supported": sorted(oauth.KNOWN_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["plain", "S256"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
    })
