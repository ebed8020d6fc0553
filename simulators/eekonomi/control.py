"""eEkonomi's control routes under /_sim/tenants/{tenant_id}/eekonomi/...: what a test needs from the identity
server without a browser, and what a person would do in Visma's web app (change a password, add a user
to a company, register an integration).

    POST consent                        a code as if the user had signed in and allowed access in the browser
    POST users/{username}/revoke-tokens a password change: the user's tokens end in every company
    POST tokens/expire                  access, refresh or all tokens of the company expire now
    GET  tokens, POST tokens/inspect    the company's live tokens (without their values) / one token
    GET/PUT settings                    refreshTokenLifetimeSeconds, rateLimitPerMinute, maxPageSize
    GET/POST users, GET/POST clients    who may sign in to the company / which integrations may connect it

Errors in the core control plane's shape, `{"error": {"code", "message"}}` (ControlProblem).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from simulators.core.control import ControlProblem
from simulators.eekonomi import oauth
from simulators.eekonomi.directory import DirectoryError
from simulators.eekonomi.oauth import OAuthError

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant
    from simulators.core.tokens import Token
    from simulators.eekonomi.directory import Client, User
    from simulators.eekonomi.simulator import EEkonomiSimulator


# ---------------------------------------------------------------------------- models
class ConsentRequest(BaseModel):
    scope: str = Field("ea:api offline_access ea:sales ea:accounting ea:purchase",
                       description="space-separated scopes; must include ea:api and offline_access",
                       examples=["ea:api offline_access ea:sales"])
    client_id: str | None = Field(None, description="default: the tenant's client")
    redirect_uri: str | None = Field(None, description="default: the tenant's redirect URI; must be registered")
    username: str | None = Field(None, description="default: the tenant's user; must belong to this company")
    state: str | None = Field(None, description="echoed in redirect_to")
    code_challenge: str | None = Field(None, description="PKCE challenge, as in an authorize request")
    code_challenge_method: Literal["plain", "S256"] | None = None


class ConsentResult(BaseModel):
    code: str = Field(..., description="the authorization code (single use, 300 s on the tenant clock)")
    redirect_to: str = Field(..., description="where the browser would have been sent")
    scope: str
    state: str | None = None
    tenant: str
    expires_in: int = oauth.CODE_LIFETIME


class PasswordChange(BaseModel):
    new_password: str | None = Field(None, min_length=1, max_length=100,
                                     description="also set this password (the tenants' credentials follow)")


class Revoked(BaseModel):
    revoked: int = Field(..., description="access and refresh tokens revoked, in all the user's companies")
    sessions_ended: int = 0


class ExpireRequest(BaseModel):
    kind: Literal["access", "refresh", "code", "all"] = Field("access", description="which tokens expire now")


class Expired(BaseModel):
    expired: int


class TokenInfo(BaseModel):
    kind: str
    tenant: str
    client_id: str | None = None
    username: str | None = None
    scopes: list[str] = []
    grant: str | None = None
    expires_at: str = Field(..., description="on the tenant clock, ISO 8601 UTC")
    active: bool


class TokenSummary(BaseModel):
    counts: dict[str, int] = Field(..., description="live (unexpired) tokens per kind")
    tokens: list[TokenInfo]


class InspectRequest(BaseModel):
    token: str


class SettingsUpdate(BaseModel):
    refreshTokenLifetimeSeconds: int | None = Field(None, ge=1, description="for refresh tokens issued from now on")
    rateLimitPerMinute: int | None = Field(None, ge=1, description="calls per client and endpoint per minute")
    maxPageSize: int | None = Field(None, ge=1, description="largest $pagesize accepted")


class MemberRequest(BaseModel):
    username: str = Field(..., min_length=1, max_length=100)
    password: str | None = Field(None, min_length=1, max_length=100,
                                 description="for a new user (default: random); for an existing one it must match")
    name: str | None = Field(None, max_length=200)


class UserInfo(BaseModel):
    username: str
    name: str
    companies: list[str]
    password: str | None = Field(None, description="only when the user was created by this call")


class ClientRequest(BaseModel):
    client_id: str = Field(..., min_length=1, max_length=100)
    client_secret: str | None = Field(None, min_length=1, max_length=200,
                                      description="for a new client (default: random); for an existing one it must "
                                                  "match")
    redirect_uri: str | None = Field(None, description="registered for the client (added to its list)")
    name: str | None = Field(None, max_length=200)


class ClientInfo(BaseModel):
    client_id: str
    name: str
    redirect_uris: list[str]
    tenants: list[str]
    client_secret: str | None = Field(None, description="only when the client was created by this call")


# ---------------------------------------------------------------------------- helpers
def _user_info(user: User, password: str | None = None) -> UserInfo:
    return UserInfo(username=user.username, name=user.name, companies=list(user.companies), password=password)


def _client_info(client: Client, secret: str | None = None) -> ClientInfo:
    return ClientInfo(client_id=client.client_id, name=client.name, redirect_uris=list(client.redirect_uris),
                      tenants=sorted(client.tenants), client_secret=secret)


def _token_info(sim: EEkonomiSimulator, token: Token) -> TokenInfo:
    data = token.data
    moment = datetime.fromtimestamp(token.expires_at, UTC) if token.expires_at > 0 else datetime.min.replace(tzinfo=UTC)
    return TokenInfo(kind=token.kind, tenant=token.tenant_id, client_id=data.get("client_id"),
                     username=data.get("username"), scopes=list(data.get("scopes") or []), grant=data.get("grant"),
                     expires_at=moment.isoformat().replace("+00:00", "Z"),
                     active=sim.tenant_now(token.tenant_id) < token.expires_at)


def consent(sim: EEkonomiSimulator, tenant: Tenant, spec: ConsentRequest) -> ConsentResult:
    """The browser flow's outcome without the browser: the same checks as /connect/authorize and the same
    kind of code as the consent page issues."""
    creds = tenant.credentials
    client_id = spec.client_id or creds["client_id"]
    client = sim.directory.client(client_id)
    if client is None:
        raise ControlProblem(400, "unauthorized_client", f"unknown client {client_id!r}")
    redirect_uri = spec.redirect_uri or creds["redirect_uri"]
    if not oauth.absolute_uri(redirect_uri) or not oauth.redirect_uri_registered(client, redirect_uri):
        raise ControlProblem(400, "invalid_redirect_uri",
                             f"redirect_uri {redirect_uri!r} is not registered for client {client_id!r}",
                             registered=list(client.redirect_uris))
    username = spec.username or creds["username"]
    if sim.directory.users.get(username.lower()) is None:
        raise ControlProblem(400, "unknown_user", f"no user {username!r}")
    if not oauth.is_member(sim, username, tenant.id):
        raise ControlProblem(400, "not_a_member", f"user {username!r} does not belong to company {tenant.id!r}")
    try:
        scopes = oauth.parse_scope(spec.scope)
        challenge, method = oauth.check_code_challenge(spec.code_challenge, spec.code_challenge_method)
    except OAuthError as exc:
        raise ControlProblem(400, exc.error, exc.description) from None
    user = sim.directory.user(username)
    code = oauth.issue_code(sim, tenant, client_id=client_id, redirect_uri=redirect_uri, scopes=scopes,
                            username=user.username, code_challenge=challenge, code_challenge_method=method)
    scope = " ".join(scopes)
    target = oauth.response_url(redirect_uri, {"code": code.value, "scope": scope, "state": spec.state})
    return ConsentResult(code=code.value, redirect_to=target, scope=scope, state=spec.state, tenant=tenant.id)


def change_password(sim: EEkonomiSimulator, user: User, password: str) -> None:
    """Set a user's password; tenants whose credentials name the user get the new one too."""
    user.password = password
    for tenant in sim.tenants.all():
        if tenant.credentials.get("username", "").lower() == user.username.lower():
            tenant.credentials["password"] = password


# ---------------------------------------------------------------------------- routes
def build_router(sim: EEkonomiSimulator) -> APIRouter:
    r = APIRouter(tags=["eekonomi"])
    tenant_of = sim.tenants.get  # raises TenantNotFound: 404 from the control app
    base = "/tenants/{tenant_id}/eekonomi"

    def member(tenant: Tenant, username: str) -> User:
        user = sim.directory.users.get(username.lower())
        if user is None or tenant.id not in user.companies:
            raise ControlProblem(404, "user_not_found", f"no user {username!r} in company {tenant.id!r}")
        return user

    @r.post(base + "/consent", response_model=ConsentResult,
            summary="Sign in and allow access without a browser: an authorization code for this company")
    async def post_consent(tenant_id: str, spec: ConsentRequest | None = Body(None)) -> ConsentResult:
        return consent(sim, tenant_of(tenant_id), spec or ConsentRequest())

    @r.post(base + "/users/{username}/revoke-tokens", response_model=Revoked,
            summary="A password change: revoke the user's access and refresh tokens in all companies")
    async def revoke_tokens(tenant_id: str, username: str, spec: PasswordChange | None = Body(None)) -> Revoked:
        user = member(tenant_of(tenant_id), username)
        if spec is not None and spec.new_password:
            change_password(sim, user, spec.new_password)
        sessions = oauth.identity_state(sim).sign_out_user(user.username)
        return Revoked(revoked=oauth.revoke_user(sim, user.username), sessions_ended=sessions)

    @r.post(base + "/tokens/expire", response_model=Expired, summary="Expire the company's tokens now")
    async def expire_tokens(tenant_id: str, spec: ExpireRequest | None = Body(None)) -> Expired:
        tenant = tenant_of(tenant_id)
        return Expired(expired=oauth.expire(sim, tenant.id, (spec or ExpireRequest()).kind))

    @r.get(base + "/tokens", response_model=TokenSummary,
           summary="The company's live tokens (kind, client, user, scopes, expiry; not their values)")
    async def list_tokens(tenant_id: str) -> TokenSummary:
        tenant = tenant_of(tenant_id)
        infos = [_token_info(sim, t) for t in sim.tokens.of_tenant(tenant.id)]
        live = [i for i in infos if i.active]
        counts = {kind: sum(1 for i in live if i.kind == kind) for kind in ("access", "refresh", "code")}
        return TokenSummary(counts=counts, tokens=live)

    @r.post(base + "/tokens/inspect", response_model=TokenInfo,
            summary="What one token is: its kind, company, client, user, scopes and expiry")
    async def inspect_token(tenant_id: str, spec: InspectRequest) -> TokenInfo:
        tenant = tenant_of(tenant_id)
        token = sim.tokens.get(spec.token)
        if token is None or token.tenant_id != tenant.id:
            raise ControlProblem(404, "token_not_found", f"no such token in company {tenant.id!r} "
                                 "(unknown, revoked, used, or bound to another company)")
        return _token_info(sim, token)

    @r.get(base + "/settings", summary="The company's simulator settings")
    async def get_settings(tenant_id: str) -> dict[str, Any]:
        return dict(tenant_of(tenant_id).state.settings)

    @r.put(base + "/settings", summary="Change settings: refreshTokenLifetimeSeconds, rateLimitPerMinute, "
                                       "maxPageSize (the fields given)")
    async def put_settings(tenant_id: str, spec: SettingsUpdate) -> dict[str, Any]:
        tenant = tenant_of(tenant_id)
        with tenant.lock:
            tenant.state.settings.update(spec.model_dump(exclude_none=True))
            return dict(tenant.state.settings)

    @r.get(base + "/users", response_model=list[UserInfo], summary="The users who belong to this company")
    async def list_users(tenant_id: str) -> list[UserInfo]:
        tenant = tenant_of(tenant_id)
        return [_user_info(u) for u in list(sim.directory.users.values()) if tenant.id in u.companies]

    @r.post(base + "/users", response_model=UserInfo, status_code=201,
            summary="Make a user (existing, or new) a member of this company, e.g. one user in two companies")
    async def add_user(tenant_id: str, spec: MemberRequest) -> UserInfo:
        tenant = tenant_of(tenant_id)
        existing = sim.directory.users.get(spec.username.strip().lower())
        if existing is not None:
            if spec.password is not None and spec.password != existing.password:
                raise ControlProblem(409, "user_exists", f"user {spec.username!r} exists with another password")
            return _user_info(sim.directory.join(existing.username, tenant.id))
        password = spec.password or secrets.token_urlsafe(12)
        creds = tenant.credentials
        try:
            sim.directory.enroll(tenant.id, {"client_id": creds["client_id"], "client_secret": creds["client_secret"],
                                             "username": spec.username.strip(), "password": password,
                                             "name": spec.name or spec.username.strip()})
        except DirectoryError as exc:
            raise ControlProblem(409, "directory_conflict", str(exc)) from None
        return _user_info(sim.directory.user(spec.username.strip()), password)

    @r.get(base + "/clients", response_model=list[ClientInfo],
           summary="The integrations (OAuth clients) that may connect this company")
    async def list_clients(tenant_id: str) -> list[ClientInfo]:
        tenant = tenant_of(tenant_id)
        return [_client_info(c) for c in list(sim.directory.clients.values()) if tenant.id in c.tenants]

    @r.post(base + "/clients", response_model=ClientInfo, status_code=201,
            summary="Let an integration (existing, or new) connect this company; optionally add a redirect URI")
    async def add_client(tenant_id: str, spec: ClientRequest) -> ClientInfo:
        tenant = tenant_of(tenant_id)
        if spec.redirect_uri is not None and not oauth.absolute_uri(spec.redirect_uri):
            raise ControlProblem(400, "invalid_redirect_uri", f"not an absolute URI: {spec.redirect_uri!r}")
        existing = sim.directory.client(spec.client_id)
        if existing is not None and spec.client_secret is not None and spec.client_secret != existing.secret:
            raise ControlProblem(409, "client_exists", f"client {spec.client_id!r} exists with another secret")
        secret = existing.secret if existing is not None else (spec.client_secret or secrets.token_urlsafe(24))
        creds = tenant.credentials
        try:
            sim.directory.enroll(tenant.id, {"client_id": spec.client_id, "client_secret": secret,
                                             "redirect_uri": spec.redirect_uri or "",
                                             "username": creds["username"], "password": creds["password"]})
        except DirectoryError as exc:
            raise ControlProblem(409, "directory_conflict", str(exc)) from None
        client = sim.directory.client(spec.client_id)
        assert client is not None
        if spec.name:
            client.name = spec.name
        return _client_info(client, secret if existing is None else None)

    return r
