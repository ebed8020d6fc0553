"""The identity server's domain: scopes, redirect URIs, client authentication, codes, grants and tokens.

Visma's identity server is an IdentityServer (Duende/IdentityServer4) installation, so where Visma does not
document a behaviour this module does what IdentityServer4 does (TokenRequestValidator, TokenEndpoint,
TokenRevocationEndpoint, AuthorizeRequestValidator, StrictRedirectUriValidator): which error a bad request
gets, in which order the checks run, and that a code is consumed by its first use even when that use fails.

Tokens live in the simulator's TokenStore, bound to one company (tenant), with lifetimes on that tenant's
clock. A *grant* is one consent (one code): its access and refresh tokens carry the grant id, so revoking
a refresh token can end the access tokens of the same grant. Pending authorize requests and login sessions
are simulator-wide (a browser picks its company only after signing in) and live in `identity_state(sim)`.

No web framework here: the routes (identity.py, control.py) turn OAuthError into the vendor's answers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant
    from simulators.core.tokens import Token
    from simulators.eekonomi.directory import Client, User
    from simulators.eekonomi.simulator import EEkonomiSimulator

CODE_LIFETIME = 300  # IdentityServer4's AuthorizationCodeLifetime default
ACCESS_LIFETIME = 3600  # developer.vismaonline.com: access tokens live one hour
PENDING_LIFETIME = 1800.0  # real seconds a started sign-in may take (before a company, hence a clock, is known)
SESSION_LIFETIME = 10 * 3600.0  # real seconds of the SSO cookie (IdentityServer's cookie default)
MAX_PENDING = 5000
MAX_SESSIONS = 5000

API_SCOPE = "ea:api"
OFFLINE_SCOPE = "offline_access"
REQUIRED_SCOPES = (API_SCOPE, OFFLINE_SCOPE)
# what the identity server grants (developer.vismaonline.com/docs/authentication); vls:api is payroll's scope
SCOPE_TEXT: dict[str, str] = {
    "ea:api": "Use the eEkonomi API on your behalf",
    "offline_access": "Stay connected when you are not signed in (refresh tokens)",
    "ea:sales": "Sales: customers, articles, quotes, orders and invoices (read and write)",
    "ea:sales_readonly": "Sales: customers, articles, quotes, orders and invoices (read only)",
    "ea:accounting": "Accounting: accounts, fiscal years, vouchers and VAT (read and write)",
    "ea:accounting_readonly": "Accounting: accounts, fiscal years, vouchers and VAT (read only)",
    "ea:purchase": "Purchases: suppliers and supplier invoices (read and write)",
    "ea:purchase_readonly": "Purchases: suppliers and supplier invoices (read only)",
    "vls:api": "Visma Lön Smart (payroll) API",
}
KNOWN_SCOPES = frozenset(SCOPE_TEXT)

# The token endpoint's errors (IdentityServer4 TokenErrorResult: always HTTP 400)
INVALID_REQUEST = "invalid_request"
INVALID_CLIENT = "invalid_client"
INVALID_GRANT = "invalid_grant"
UNAUTHORIZED_CLIENT = "unauthorized_client"
UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"
INVALID_SCOPE = "invalid_scope"
UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type"  # revocation only
# grant types IdentityServer knows but a Visma integration (a code-flow client) may not use: unauthorized_client
KNOWN_OTHER_GRANTS = frozenset({"client_credentials", "password", "implicit", "hybrid",
                                "urn:ietf:params:oauth:grant-type:device_code"})

# IdentityServer4 InputLengthRestrictions (defaults)
MAX_CLIENT_ID = 100
MAX_REDIRECT_URI = 400
MAX_SCOPE = 300
MAX_STATE = 2000
MAX_HANDLE = 100  # code, refresh token
MAX_USERNAME = 100
MAX_PASSWORD = 100

# Assumption (docs/eekonomi.md): the redirect_uri of an authorize request is compared with the registered ones
# as IdentityServer's StrictRedirectUriValidator does: whole string, ignoring case. The code is bound to the
# string the client sent; the token request must repeat that string exactly (ordinal comparison).
REDIRECT_URI_IGNORE_CASE = True


class OAuthError(Exception):
    """An OAuth2 error: `error` is the protocol code, `description` the human text."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
        self.status = status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


# ---------------------------------------------------------------------------- parsing
def parse_form(raw: bytes) -> dict[str, str]:
    """A form-urlencoded body as one value per name; bad UTF-8 or a repeated parameter is invalid_request
    (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once")."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OAuthError(INVALID_REQUEST, "The request body is not valid UTF-8.") from None
    return single_values(parse_qsl(text, keep_blank_values=True), "request body")


def single_values(pairs: list[tuple[str, str]], where: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            raise OAuthError(INVALID_REQUEST, f"Parameter '{name}' is included more than once in the {where}.")
        values[name] = value
    return values


def parse_scope(text: str | None) -> list[str]:
    """The requested scopes in request order, without repeats. Every scope must be known (case matters), and
    `ea:api` and `offline_access` must be there ("mandatory scopes", developer.vismaonline.com)."""
    if text is None or not text.strip():
        raise OAuthError(INVALID_SCOPE, "The scope parameter is missing.")
    if len(text) > MAX_SCOPE:
        raise OAuthError(INVALID_SCOPE, "The scope parameter is too long.")
    scopes: list[str] = []
    for item in text.split():
        if item not in scopes:
            scopes.append(item)
    unknown = [s for s in scopes if s not in KNOWN_SCOPES]
    if unknown:
        raise OAuthError(INVALID_SCOPE, f"Unknown scope(s): {' '.join(unknown)}. Known scopes: "
                         f"{' '.join(sorted(KNOWN_SCOPES))}.")
    missing = [s for s in REQUIRED_SCOPES if s not in scopes]
    if missing:
        raise OAuthError(INVALID_SCOPE, f"The scope must include {' and '.join(missing)}.")
    return scopes


def parse_acr_values(text: str | None) -> dict[str, str]:
    """`service:<guid> forceselectcompany:true` as {"service": ..., "forceselectcompany": "true"} (a `+` in
    the URL is a space by the time it gets here)."""
    values: dict[str, str] = {}
    for item in (text or "").split():
        name, _, value = item.partition(":")
        if name:
            values[name.lower()] = value
    return values


def redirect_uri_registered(client: Client, uri: str) -> bool:
    """Whether an authorize request's redirect_uri is one the client registered: the whole URI, no prefix,
    no extra query, no other host or path; IdentityServer ignores case (REDIRECT_URI_IGNORE_CASE)."""
    if REDIRECT_URI_IGNORE_CASE:
        folded = uri.casefold()
        return any(folded == r.casefold() for r in client.redirect_uris)
    return uri in client.redirect_uris


def absolute_uri(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc) and not any(c in uri for c in "\r\n\t ") and "#" not in uri


def response_url(redirect_uri: str, params: dict[str, str | None], mode: str = "query") -> str:
    """The redirect_uri with the response parameters in its query (kept, as RFC 6749 §3.1.2 asks) or fragment."""
    items = [(k, v) for k, v in params.items() if v is not None]
    encoded = urlencode(items, quote_via=quote)
    parts = urlsplit(redirect_uri)
    if mode == "fragment":
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, encoded))
    query = f"{parts.query}&{encoded}" if parts.query else encoded
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def parse_basic(header: str) -> tuple[str, str] | None:
    """(client_id, client_secret) of an `Authorization: Basic` header, or None without one. Both halves are
    form-urlencoded before base64 (RFC 6749 §2.3.1), as IdentityServer decodes them."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise OAuthError(INVALID_CLIENT, "The Basic authorization header is malformed.") from None
    if ":" not in decoded:
        raise OAuthError(INVALID_CLIENT, "The Basic authorization header is malformed.")
    client_id, _, secret = decoded.partition(":")
    return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))


def authenticate_client(sim: EEkonomiSimulator, authorization: str, form: dict[str, str]) -> Client:
    """The client of a token or revocation request: HTTP Basic first (IdentityServer tries it before the
    body), else client_id and client_secret in the form body. Anything wrong is invalid_client."""
    basic = parse_basic(authorization) if authorization else None
    if basic is not None:
        client_id, secret = basic
    else:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if not client_id:
        raise OAuthError(INVALID_CLIENT, "No client credentials: send HTTP Basic or client_id and client_secret.")
    if len(client_id) > MAX_CLIENT_ID:
        raise OAuthError(INVALID_CLIENT, "The client_id is too long.")
    client = sim.directory.client(client_id)
    if client is None:
        raise OAuthError(INVALID_CLIENT, f"Unknown client '{client_id}'.")
    if not secret:
        raise OAuthError(INVALID_CLIENT, "The client secret is missing.")
    if not secrets.compare_digest(secret.encode(), client.secret.encode()):
        raise OAuthError(INVALID_CLIENT, "The client secret is not valid.")
    return client


# ---------------------------------------------------------------------------- pending requests and sessions
@dataclass
class Pending:
    """An authorize request between the first GET and the consent: what the user is asked to approve."""

    id: str
    client_id: str
    redirect_uri: str
    scopes: list[str]
    state: str | None
    response_mode: str = "query"
    force_select_company: bool = False
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    login_hint: str | None = None
    started: float = field(default_factory=time.monotonic)
    username: str | None = None
    session: str | None = None
    tenant_id: str | None = None


@dataclass
class Session:
    """The SSO cookie's sign-in: who, and when (real time; the cookie outlives any one company's clock)."""

    id: str
    username: str
    signed_in: float = field(default_factory=time.time)


class IdentityState:
    """What the identity server keeps across companies: sign-ins in progress and login sessions."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.pending: OrderedDict[str, Pending] = OrderedDict()
        self.sessions: OrderedDict[str, Session] = OrderedDict()

    def start(self, pending: Pending) -> Pending:
        with self.lock:
            self._prune()
            self.pending[pending.id] = pending
            while len(self.pending) > MAX_PENDING:
                self.pending.popitem(last=False)
        return pending

    def find(self, pending_id: str | None) -> Pending | None:
        with self.lock:
            found = self.pending.get(pending_id or "")
            if found is not None and time.monotonic() - found.started > PENDING_LIFETIME:
                del self.pending[found.id]
                return None
            return found

    def finish(self, pending_id: str) -> None:
        with self.lock:
            self.pending.pop(pending_id, None)

    def sign_in(self, username: str) -> Session:
        session = Session(secrets.token_urlsafe(24), username)
        with self.lock:
            self.sessions[session.id] = session
            while len(self.sessions) > MAX_SESSIONS:
                self.sessions.popitem(last=False)
        return session

    def session(self, session_id: str | None) -> Session | None:
        with self.lock:
            found = self.sessions.get(session_id or "")
            if found is not None and time.time() - found.signed_in > SESSION_LIFETIME:
                del self.sessions[found.id]
                return None
            return found

    def sign_out(self, session_id: str | None) -> None:
        with self.lock:
            self.sessions.pop(session_id or "", None)

    def sign_out_user(self, username: str) -> int:
        with self.lock:
            ended = [k for k, s in self.sessions.items() if s.username.lower() == username.lower()]
            for key in ended:
                del self.sessions[key]
            return len(ended)

    def _prune(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self.pending.items() if now - p.started > PENDING_LIFETIME]:
            del self.pending[key]


_STATE_LOCK = threading.Lock()


def identity_state(sim: Any) -> IdentityState:
    """The simulator's identity-server state, attached to the simulator object on first use."""
    found = getattr(sim, "_eekonomi_identity", None)
    if found is None:
        with _STATE_LOCK:
            found = getattr(sim, "_eekonomi_identity", None)
            if found is None:
                found = IdentityState()
                sim._eekonomi_identity = found
    return found


def pending(sim: Any) -> OrderedDict[str, Pending]:
    """The sign-ins in progress, by pending-request id."""
    return identity_state(sim).pending


def new_pending_id() -> str:
    return secrets.token_urlsafe(18)


# ---------------------------------------------------------------------------- companies and users
def companies_of(sim: EEkonomiSimulator, user: User) -> list[Tenant]:
    """The companies (existing tenants) a user belongs to, in the order the user joined them."""
    return [sim.tenants.get(t) for t in list(user.companies) if t in sim.tenants]


def company_name(tenant: Tenant) -> str:
    company = getattr(tenant.state, "company", None) or {}
    return str(company.get("Name") or tenant.label or tenant.id)


def is_member(sim: EEkonomiSimulator, username: str, tenant_id: str) -> bool:
    user = sim.directory.users.get(username.lower())
    return user is not None and tenant_id in user.companies


def refresh_lifetime(tenant: Tenant) -> float:
    from simulators.eekonomi.state import DEFAULT_REFRESH_TOKEN_LIFETIME

    settings = getattr(tenant.state, "settings", None) or {}
    try:
        value = float(settings.get("refreshTokenLifetimeSeconds", DEFAULT_REFRESH_TOKEN_LIFETIME))
    except (TypeError, ValueError):
        return float(DEFAULT_REFRESH_TOKEN_LIFETIME)
    return value if value > 0 else float(DEFAULT_REFRESH_TOKEN_LIFETIME)


# ---------------------------------------------------------------------------- codes
def check_code_challenge(challenge: str | None, method: str | None) -> tuple[str | None, str | None]:
    """PKCE parameters of an authorize request (IdentityServer accepts them from any client): method defaults
    to plain; the challenge is 43 to 128 characters."""
    if not challenge:
        return None, None
    method = method or "plain"
    if method not in ("plain", "S256"):
        raise OAuthError(INVALID_REQUEST, "Transform algorithm not supported (code_challenge_method).")
    if not 43 <= len(challenge) <= 128:
        raise OAuthError(INVALID_REQUEST, "Invalid code_challenge (43 to 128 characters).")
    return challenge, method


def issue_code(sim: EEkonomiSimulator, tenant: Tenant, *, client_id: str, redirect_uri: str, scopes: list[str],
               username: str, code_challenge: str | None = None, code_challenge_method: str | None = None) -> Token:
    """A single-use authorization code for one company, valid 300 s on its clock; it starts a new grant."""
    return sim.tokens.issue(tenant.id, tenant.clock.timestamp(), CODE_LIFETIME, "code", client_id=client_id,
                            redirect_uri=redirect_uri, scopes=list(scopes), username=username,
                            grant=secrets.token_hex(12), code_challenge=code_challenge,
                            code_challenge_method=code_challenge_method)


def _verifier_matches(verifier: str, challenge: str, method: str) -> bool:
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        return secrets.compare_digest(computed, challenge)
    return secrets.compare_digest(verifier.encode(), challenge.encode())


# ---------------------------------------------------------------------------- the token endpoint
def token_request(sim: EEkonomiSimulator, form: dict[str, str], authorization: str = "") -> dict[str, Any]:
    """POST /connect/token after the HTTP checks: authenticate the client, then run the grant. Returns the
    token response; raises OAuthError in IdentityServer4's order of checks."""
    client = authenticate_client(sim, authorization, form)
    grant_type = form.get("grant_type", "")
    if not grant_type:
        raise OAuthError(UNSUPPORTED_GRANT_TYPE, "The grant_type parameter is missing.")
    if grant_type == "authorization_code":
        return _redeem_code(sim, client, form)
    if grant_type == "refresh_token":
        return _refresh(sim, client, form)
    if grant_type in KNOWN_OTHER_GRANTS:
        raise OAuthError(UNAUTHORIZED_CLIENT, f"The client may not use the grant type '{grant_type}': "
                         "only authorization_code and refresh_token.")
    raise OAuthError(UNSUPPORTED_GRANT_TYPE, f"The grant type '{grant_type[:100]}' is not supported.")


def _live(sim: EEkonomiSimulator, token: Token | None) -> bool:
    """Not expired on its company's clock (and its company still exists)."""
    if token is None or token.tenant_id not in sim.tenants:
        return False
    return sim.tenant_now(token.tenant_id) < token.expires_at


def _redeem_code(sim: EEkonomiSimulator, client: Client, form: dict[str, str]) -> dict[str, Any]:
    value = form.get("code", "")
    if not value:
        raise OAuthError(INVALID_GRANT, "The code parameter is missing.")
    if len(value) > MAX_HANDLE:
        raise OAuthError(INVALID_GRANT, "The authorization code is too long.")
    state = identity_state(sim)
    with state.lock:  # a code is taken once, even by two requests at the same moment
        code = sim.tokens.get(value)
        if code is None or code.kind != "code":
            raise OAuthError(INVALID_GRANT, "Invalid authorization code: unknown, or already used.")
        sim.tokens.revoke(value)  # consumed now, whatever the rest of the checks say (IdentityServer4)
    data = code.data
    if not _live(sim, code):
        raise OAuthError(INVALID_GRANT, "The authorization code has expired.")
    if data.get("client_id") != client.client_id:
        raise OAuthError(INVALID_GRANT, "The authorization code was issued to another client.")
    if code.tenant_id not in client.tenants:
        raise OAuthError(UNAUTHORIZED_CLIENT, "The client has no access to the company the user selected.")
    redirect_uri = form.get("redirect_uri", "")
    if not redirect_uri:
        # IdentityServer4 answers a missing redirect_uri with unauthorized_client
        raise OAuthError(UNAUTHORIZED_CLIENT, "The redirect_uri parameter is missing.")
    if redirect_uri != data.get("redirect_uri"):
        raise OAuthError(INVALID_GRANT, "The redirect_uri does not match the one of the authorize request.")
    challenge, verifier = data.get("code_challenge"), form.get("code_verifier")
    if challenge:
        if not verifier:
            raise OAuthError(INVALID_GRANT, "The code_verifier is missing (the authorize request used PKCE).")
        if not 43 <= len(verifier) <= 128 or not _verifier_matches(verifier, challenge,
                                                                    data.get("code_challenge_method") or "plain"):
            raise OAuthError(INVALID_GRANT, "The code_verifier does not match the code_challenge.")
    elif verifier:
        raise OAuthError(INVALID_GRANT, "Unexpected code_verifier: the authorize request had no code_challenge.")
    username = data.get("username", "")
    if not is_member(sim, username, code.tenant_id):
        raise OAuthError(INVALID_GRANT, "The user no longer has access to the company.")
    tenant = sim.tenants.get(code.tenant_id)
    scopes = list(data.get("scopes") or [])
    refresh_expiry = tenant.clock.timestamp() + refresh_lifetime(tenant)
    return _issue_pair(sim, tenant, client.client_id, username, scopes, scopes, data["grant"], refresh_expiry)


def _refresh(sim: EEkonomiSimulator, client: Client, form: dict[str, str]) -> dict[str, Any]:
    value = form.get("refresh_token", "")
    if not value:
        raise OAuthError(INVALID_REQUEST, "The refresh_token parameter is missing.")
    if len(value) > MAX_HANDLE:
        raise OAuthError(INVALID_GRANT, "The refresh token is too long.")
    state = identity_state(sim)
    with state.lock:  # rotation: a refresh token is used once
        old = sim.tokens.get(value)
        if old is None or old.kind != "refresh":
            raise OAuthError(INVALID_GRANT, "Invalid refresh token: unknown, revoked or already used.")
        if not _live(sim, old):
            raise OAuthError(INVALID_GRANT, "The refresh token has expired.")
        data = old.data
        if data.get("client_id") != client.client_id:
            raise OAuthError(INVALID_GRANT, "The refresh token was issued to another client.")
        if old.tenant_id not in client.tenants:
            raise OAuthError(UNAUTHORIZED_CLIENT, "The client has no access to the company of this token.")
        granted = list(data.get("scopes") or [])
        requested = granted
        if form.get("scope", "").strip():
            requested = []
            for item in form["scope"].split():
                if item not in requested:
                    requested.append(item)
            beyond = [s for s in requested if s not in granted]
            if beyond:
                raise OAuthError(INVALID_SCOPE, f"Scope(s) not granted to this refresh token: {' '.join(beyond)}.")
        username = data.get("username", "")
        if not is_member(sim, username, old.tenant_id):
            raise OAuthError(INVALID_GRANT, "The user no longer has access to the company.")
        sim.tokens.revoke(value)
    tenant = sim.tenants.get(old.tenant_id)
    # Assumption (docs/eekonomi.md): absolute refresh-token expiry (IdentityServer's default): the new refresh
    # token ends when the grant's first one would have, however often it is rotated.
    return _issue_pair(sim, tenant, client.client_id, username, requested, granted, data["grant"], old.expires_at)


def _issue_pair(sim: EEkonomiSimulator, tenant: Tenant, client_id: str, username: str, scopes: list[str],
                refresh_scopes: list[str], grant: str, refresh_expiry: float) -> dict[str, Any]:
    now = tenant.clock.timestamp()
    access = sim.tokens.issue(tenant.id, now, ACCESS_LIFETIME, "access", client_id=client_id, username=username,
                              scopes=list(scopes), grant=grant)
    body: dict[str, Any] = {"access_token": access.value, "expires_in": ACCESS_LIFETIME, "token_type": "Bearer"}
    if OFFLINE_SCOPE in refresh_scopes:
        refresh = sim.tokens.issue(tenant.id, now, max(0.0, refresh_expiry - now), "refresh", client_id=client_id,
                                   username=username, scopes=list(refresh_scopes), grant=grant)
        body["refresh_token"] = refresh.value
    body["scope"] = " ".join(scopes)
    return body


# ---------------------------------------------------------------------------- revocation
def revocation_request(sim: EEkonomiSimulator, form: dict[str, str], authorization: str = "") -> bool:
    """POST /connect/revocation after the HTTP checks. True when a token was revoked; an unknown token, or
    one of another client, is no error (RFC 7009, IdentityServer4). Revoking a refresh token ends its grant's
    access tokens too; access tokens themselves are not revocable (self-contained, as the Visma Connect
    documentation says), so revoking one changes nothing."""
    client = authenticate_client(sim, authorization, form)
    value = form.get("token", "")
    if not value:
        raise OAuthError(INVALID_REQUEST, "The token parameter is missing.")
    hint = form.get("token_type_hint", "")
    if hint and hint not in ("access_token", "refresh_token"):
        raise OAuthError(UNSUPPORTED_TOKEN_TYPE, f"Unsupported token_type_hint '{hint[:50]}'.")
    token = sim.tokens.get(value)
    if token is None or token.kind != "refresh" or token.data.get("client_id") != client.client_id:
        return False
    revoke_grant(sim, token.tenant_id, token.data.get("grant"))
    sim.tokens.revoke(value)
    return True


def revoke_grant(sim: EEkonomiSimulator, tenant_id: str, grant: str | None) -> int:
    """Revoke every access and refresh token of one grant (one consent) of one company."""
    if not grant:
        return 0
    hit = [t for t in sim.tokens.of_tenant(tenant_id)
           if t.kind in ("access", "refresh") and t.data.get("grant") == grant]
    for token in hit:
        sim.tokens.revoke(token.value)
    return len(hit)


def revoke_user(sim: EEkonomiSimulator, username: str) -> int:
    """A password change: every access and refresh token of the user, in every company, and the user's login
    sessions (pending codes stay; they die in 300 s anyway)."""
    name = username.lower()
    revoked = 0
    for tenant in sim.tenants.all():
        for token in sim.tokens.of_tenant(tenant.id):
            if token.kind in ("access", "refresh") and str(token.data.get("username", "")).lower() == name:
                sim.tokens.revoke(token.value)
                revoked += 1
    identity_state(sim).sign_out_user(username)
    return revoked


def expire(sim: EEkonomiSimulator, tenant_id: str, kind: str) -> int:
    """Make a company's tokens expired now: "access", "refresh", "code", or "all" (all three)."""
    return sim.tokens.expire_tenant(tenant_id, None if kind == "all" else kind)
