"""M2M authentication: POST /oauth/token with client credentials and an API key, and POST /logout."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

from simulators.core.routing import VendorRouter
from simulators.procountor.routes.base import JSON

router = VendorRouter()

TOKEN_LIFETIME = 3600
CREDENTIAL_FIELDS = ("client_id", "client_secret", "api_key")


def oauth_error(status: int, code: str, description: str) -> JSON:
    # Assumption (docs/procountor.md): OAuth-style errors at the token endpoint.
    return JSON({"error": code, "error_description": description}, status_code=status)


@router.post("/oauth/token")
@router.post("/oauth/token/")
async def token(request: Request) -> JSON:
    sim = request.app.state.simulator
    query = parse_qs(request.url.query)
    if any(name in query for name in CREDENTIAL_FIELDS):
        return oauth_error(400, "invalid_request",
                           "Credentials must be sent in the form-encoded request body, not in the URL.")
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        return oauth_error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.")
    raw = await request.body()
    try:
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        return oauth_error(400, "invalid_request", "The request body is not valid UTF-8.")
    basic = request.headers.get("authorization", "")
    if basic.lower().startswith("basic "):
        import base64
        import binascii

        try:
            user, _, password = base64.b64decode(basic[6:].strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return oauth_error(401, "invalid_client", "Malformed Basic authorization header.")
        form.setdefault("client_id", user)
        form.setdefault("client_secret", password)
    grant = form.get("grant_type")
    if not grant:
        return oauth_error(400, "invalid_request", "Missing grant_type.")
    if grant != "client_credentials":
        return oauth_error(400, "unsupported_grant_type", f"Grant type '{grant}' is not supported.")
    missing = [f for f in CREDENTIAL_FIELDS if not form.get(f)]
    if missing:
        return oauth_error(400, "invalid_request", f"Missing {', '.join(missing)}.")
    tenant = sim.tenants.by_credential("api_key", form["api_key"])
    if tenant is None:
        return oauth_error(400, "invalid_grant", "The API key is not valid.")
    creds = tenant.credentials
    if form["client_id"] != creds["client_id"] or form["client_secret"] != creds["client_secret"]:
        return oauth_error(401, "invalid_client", "Client authentication failed.")
    issued = sim.tokens.issue(tenant.id, tenant.clock.timestamp(), TOKEN_LIFETIME)
    return JSON({"access_token": issued.value, "token_type": "bearer", "expires_in": TOKEN_LIFETIME})


@router.post("/logout")
async def logout(request: Request) -> JSON:
    sim = request.app.state.simulator
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value:
        sim.tokens.revoke(value.strip())
    return JSON({"message": "Logged out."})
