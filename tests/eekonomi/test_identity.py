"""The identity server's token and revocation endpoints, through HTTP: code exchange, refresh rotation,
lifetimes on the tenant clock, revocation, client authentication and every error code.

Codes come from the control plane's consent route (the browser flow is in test_identity_pages.py).
"""

from __future__ import annotations

import base64
import hashlib

import pytest

SCOPES = "ea:api offline_access ea:sales ea:accounting ea:purchase"
TOKEN_ERRORS = {"invalid_grant", "invalid_client", "invalid_request", "unsupported_grant_type", "invalid_scope",
                "unauthorized_client"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# ---------------------------------------------------------------------------- helpers
@pytest.fixture
def idp(eekonomi):
    return eekonomi.identity()


@pytest.fixture
def ctl(eekonomi):
    return eekonomi.http()


def control(eekonomi) -> str:
    return f"/_sim/tenants/{eekonomi.id}/eekonomi"


def auth(eekonomi) -> tuple[str, str]:
    return eekonomi.credentials["client_id"], eekonomi.credentials["client_secret"]


def exchange(idp, eekonomi, code: str, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": eekonomi.credentials["redirect_uri"],
            **extra}
    return idp.post("/connect/token", auth=auth(eekonomi), data=data)


def refresh(idp, eekonomi, token: str, **extra):
    return idp.post("/connect/token", auth=auth(eekonomi),
                    data={"grant_type": "refresh_token", "refresh_token": token, **extra})


def assert_token_error(reply, error: str) -> dict:
    assert reply.status_code == 400, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.headers["cache-control"] == "no-store"
    body = reply.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error, body
    assert body["error"] in TOKEN_ERRORS | {"unsupported_token_type"}
    assert body["error_description"]
    return body


def inspect(ctl, eekonomi, token: str):
    return ctl.post(control(eekonomi) + "/tokens/inspect", json={"token": token})


def api_status(eekonomi, token: str) -> int:
    """GET /v2/companysettings with a bearer token: 200 valid, 401 not (skips until the route is served)."""
    with eekonomi.http() as http:
        reply = http.get("/v2/companysettings", headers={"Authorization": f"Bearer {token}"})
    if reply.status_code == 404:
        pytest.skip("GET /v2/companysettings is not served yet")
    if reply.status_code == 401:
        body = reply.json()
        assert body["ErrorCode"] == 4005, body
    return reply.status_code


# ---------------------------------------------------------------------------- code exchange
def test_code_exchange_with_basic_auth_gives_a_token_pair_bound_to_the_company(eekonomi, idp, ctl):
    code = eekonomi.authorize(SCOPES)
    reply = exchange(idp, eekonomi, code)
    assert reply.status_code == 200, reply.text
    assert reply.headers["cache-control"] == "no-store" and reply.headers["pragma"] == "no-cache"
    body = reply.json()
    assert list(body) == ["access_token", "expires_in", "token_type", "refresh_token", "scope"]
    assert body["expires_in"] == 3600 and body["token_type"] == "Bearer"
    assert body["scope"] == SCOPES
    info = inspect(ctl, eekonomi, body["access_token"]).json()
    assert info["tenant"] == eekonomi.id and info["kind"] == "access" and info["active"]
    assert info["username"] == eekonomi.credentials["username"]
    assert info["client_id"] == eekonomi.credentials["client_id"]
    assert info["scopes"] == SCOPES.split()
    assert inspect(ctl, eekonomi, body["refresh_token"]).json()["kind"] == "refresh"


def test_code_exchange_with_client_credentials_in_the_body(eekonomi, idp):
    creds = eekonomi.credentials
    reply = idp.post("/connect/token", data={"grant_type": "authorization_code", "code": eekonomi.authorize(),
                                             "redirect_uri": creds["redirect_uri"], "client_id": creds["client_id"],
                                             "client_secret": creds["client_secret"]})
    assert reply.status_code == 200, reply.text
    assert reply.json()["refresh_token"]


def test_basic_auth_with_form_encoded_credentials(eekonomi, idp, ctl):
    """RFC 6749 §2.3.1: Basic carries the form-urlencoded id and secret; a client with odd characters."""
    reply = ctl.post(control(eekonomi) + "/clients", json={"client_id": "my app+1", "client_secret": "s:e c/ret",
                                                          "redirect_uri": "https://app.example/cb"})
    assert reply.status_code == 201, reply.text
    code = ctl.post(control(eekonomi) + "/consent", json={"client_id": "my app+1",
                                                         "redirect_uri": "https://app.example/cb"}).json()["code"]
    raw = base64.b64encode(b"my%20app%2B1:s%3Ae%20c%2Fret").decode()
    reply = idp.post("/connect/token", headers={"Authorization": f"Basic {raw}"},
                     data={"grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.example/cb"})
    assert reply.status_code == 200, reply.text


def test_a_code_is_single_use(eekonomi, idp):
    code = eekonomi.authorize()
    assert exchange(idp, eekonomi, code).status_code == 200
    assert_token_error(exchange(idp, eekonomi, code), "invalid_grant")


def test_a_failed_exchange_still_uses_up_the_code(eekonomi, idp):
    code = eekonomi.authorize()
    assert_token_error(exchange(idp, eekonomi, code, redirect_uri="http://localhost/other"), "invalid_grant")
    assert_token_error(exchange(idp, eekonomi, code), "invalid_grant")


def test_a_code_expires_after_300_seconds_on_the_tenant_clock(eekonomi, idp):
    eekonomi.clock.freeze()
    early, late = eekonomi.authorize(), eekonomi.authorize()
    eekonomi.clock.advance(299)
    assert exchange(idp, eekonomi, early).status_code == 200
    eekonomi.clock.advance(2)
    assert_token_error(exchange(idp, eekonomi, late), "invalid_grant")


def test_pkce_s256(eekonomi, idp, ctl):
    verifier = "v" * 43 + "-._~0123456789"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    consent = {"code_challenge": challenge, "code_challenge_method": "S256"}
    code = ctl.post(control(eekonomi) + "/consent", json=consent).json()["code"]
    assert exchange(idp, eekonomi, code, code_verifier=verifier).status_code == 200
    code = ctl.post(control(eekonomi) + "/consent", json=consent).json()["code"]
    assert_token_error(exchange(idp, eekonomi, code, code_verifier="w" * 43), "invalid_grant")
    code = ctl.post(control(eekonomi) + "/consent", json=consent).json()["code"]
    assert_token_error(exchange(idp, eekonomi, code), "invalid_grant")
    assert_token_error(exchange(idp, eekonomi, eekonomi.authorize(), code_verifier=verifier), "invalid_grant")


# ---------------------------------------------------------------------------- access tokens on the API
def test_access_token_works_for_an_hour_then_the_api_answers_401_4005(eekonomi):
    eekonomi.clock.freeze()
    token = eekonomi.token()
    assert api_status(eekonomi, token) == 200
    eekonomi.clock.advance(3599)
    assert api_status(eekonomi, token) == 200
    eekonomi.clock.advance(1)
    assert api_status(eekonomi, token) == 401


def test_a_refresh_token_is_no_access_token(eekonomi):
    assert api_status(eekonomi, eekonomi.connect()["refresh_token"]) == 401


# ---------------------------------------------------------------------------- refresh
def test_refresh_rotates_and_a_used_refresh_token_is_dead(eekonomi, idp, ctl):
    first = eekonomi.connect()
    second = refresh(idp, eekonomi, first["refresh_token"])
    assert second.status_code == 200, second.text
    assert second.headers["cache-control"] == "no-store"
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    assert second["expires_in"] == 3600 and second["scope"] == first["scope"]
    assert_token_error(refresh(idp, eekonomi, first["refresh_token"]), "invalid_grant")
    third = refresh(idp, eekonomi, second["refresh_token"])
    assert third.status_code == 200
    assert inspect(ctl, eekonomi, third.json()["access_token"]).json()["tenant"] == eekonomi.id


def test_the_handles_refresh_helper_and_the_old_access_token_lives_on(eekonomi, ctl):
    pair = eekonomi.connect()
    reply = eekonomi.refresh(pair["refresh_token"])
    assert reply.status_code == 200
    assert inspect(ctl, eekonomi, pair["access_token"]).json()["active"]
    assert eekonomi.refresh(pair["refresh_token"]).json()["error"] == "invalid_grant"


def test_refresh_may_narrow_the_scope_but_not_widen_it(eekonomi, idp):
    pair = eekonomi.connect("ea:api offline_access ea:sales")
    narrow = refresh(idp, eekonomi, pair["refresh_token"], scope="ea:api ea:sales")
    assert narrow.status_code == 200 and narrow.json()["scope"] == "ea:api ea:sales"
    again = refresh(idp, eekonomi, narrow.json()["refresh_token"])  # the refresh token keeps the whole grant
    assert again.json()["scope"] == "ea:api offline_access ea:sales"
    assert_token_error(refresh(idp, eekonomi, again.json()["refresh_token"], scope="ea:api ea:accounting"),
                       "invalid_scope")


def test_refresh_token_lifetime_comes_from_the_settings_and_is_absolute(eekonomi, idp, ctl):
    assert ctl.put(control(eekonomi) + "/settings", json={"refreshTokenLifetimeSeconds": 7200}).status_code == 200
    eekonomi.clock.freeze()
    pair = eekonomi.connect()
    eekonomi.clock.advance(5000)
    rotated = refresh(idp, eekonomi, pair["refresh_token"])
    assert rotated.status_code == 200
    eekonomi.clock.advance(2201)  # 7201 s after the consent: the grant's refresh tokens are over
    assert_token_error(refresh(idp, eekonomi, rotated.json()["refresh_token"]), "invalid_grant")


def test_default_refresh_token_lifetime_is_long(eekonomi, idp):
    eekonomi.clock.freeze()
    pair = eekonomi.connect()
    eekonomi.clock.advance(365 * 24 * 3600)
    assert refresh(idp, eekonomi, pair["refresh_token"]).status_code == 200


# ---------------------------------------------------------------------------- revocation
def test_revoking_a_refresh_token_ends_its_grant(eekonomi, idp, ctl):
    pair, other = eekonomi.connect(), eekonomi.connect()
    reply = idp.post("/connect/revocation", auth=auth(eekonomi),
                     data={"token": pair["refresh_token"], "token_type_hint": "refresh_token"})
    assert reply.status_code == 200 and reply.content == b""
    assert_token_error(refresh(idp, eekonomi, pair["refresh_token"]), "invalid_grant")
    assert inspect(ctl, eekonomi, pair["access_token"]).status_code == 404
    assert inspect(ctl, eekonomi, other["access_token"]).status_code == 200  # another consent is untouched
    assert refresh(idp, eekonomi, other["refresh_token"]).status_code == 200


def test_revocation_with_credentials_in_the_body(eekonomi, idp):
    pair = eekonomi.connect()
    creds = eekonomi.credentials
    reply = idp.post("/connect/revocation", data={"token": pair["refresh_token"], "client_id": creds["client_id"],
                                                  "client_secret": creds["client_secret"]})
    assert reply.status_code == 200
    assert_token_error(refresh(idp, eekonomi, pair["refresh_token"]), "invalid_grant")


def test_revocation_of_unknown_or_access_tokens_is_a_quiet_200(eekonomi, idp, ctl):
    pair = eekonomi.connect()
    assert idp.post("/connect/revocation", auth=auth(eekonomi), data={"token": "nope"}).status_code == 200
    reply = idp.post("/connect/revocation", auth=auth(eekonomi),
                     data={"token": pair["access_token"], "token_type_hint": "access_token"})
    assert reply.status_code == 200
    assert inspect(ctl, eekonomi, pair["access_token"]).json()["active"]  # self-contained: not revocable


def test_revocation_errors(eekonomi, idp):
    pair = eekonomi.connect()
    assert idp.get("/connect/revocation").status_code == 405
    assert idp.post("/connect/revocation", auth=auth(eekonomi), json={"token": pair["refresh_token"]}).status_code \
        == 415
    reply = idp.post("/connect/revocation", auth=(auth(eekonomi)[0], "wrong"), data={"token": pair["refresh_token"]})
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_client"
    reply = idp.post("/connect/revocation", data={"token": pair["refresh_token"]})
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_client"
    reply = idp.post("/connect/revocation", auth=auth(eekonomi), content=b"", headers=FORM)
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_request"
    reply = idp.post("/connect/revocation", auth=auth(eekonomi), data={"token": "x", "token_type_hint": "id_token"})
    assert reply.status_code == 400 and reply.json()["error"] == "unsupported_token_type"
    assert refresh(idp, eekonomi, pair["refresh_token"]).status_code == 200  # nothing above revoked it


def test_another_client_cannot_revoke_a_token(eekonomi, sim_host, idp):
    other = sim_host.tenant("eekonomi")
    try:
        pair = eekonomi.connect()
        reply = idp.post("/connect/revocation", auth=auth(other), data={"token": pair["refresh_token"]})
        assert reply.status_code == 200
        assert refresh(idp, eekonomi, pair["refresh_token"]).status_code == 200
    finally:
        other.close()


# ---------------------------------------------------------------------------- errors of the token endpoint
def test_token_request_must_be_a_form_post(eekonomi, idp):
    code = eekonomi.authorize()
    creds = eekonomi.credentials
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": creds["redirect_uri"]}
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), json=body), "invalid_request")
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), content=b"grant_type=authorization_code",
                                headers={"Content-Type": "text/plain"}), "invalid_request")
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), files={"grant_type": (None, "x")}),
                       "invalid_request")
    assert_token_error(idp.get("/connect/token", params=body), "invalid_request")
    assert_token_error(idp.put("/connect/token", data=body), "invalid_request")
    assert exchange(idp, eekonomi, code).status_code == 200  # none of the above used the code


@pytest.mark.parametrize("how", ["none", "wrong secret", "unknown client", "malformed basic", "no secret",
                                 "basic without colon"])
def test_bad_client_authentication_is_invalid_client(eekonomi, idp, how):
    code = eekonomi.authorize()
    client_id, secret = auth(eekonomi)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": eekonomi.credentials["redirect_uri"]}
    kwargs: dict = {"data": data}
    if how == "wrong secret":
        kwargs["auth"] = (client_id, secret + "x")
    elif how == "unknown client":
        kwargs["auth"] = ("nobody", secret)
    elif how == "malformed basic":
        kwargs["headers"] = {"Authorization": "Basic %%%not-base64"}
    elif how == "no secret":
        data["client_id"] = client_id
    elif how == "basic without colon":
        kwargs["headers"] = {"Authorization": "Basic " + base64.b64encode(client_id.encode()).decode()}
    assert_token_error(idp.post("/connect/token", **kwargs), "invalid_client")


@pytest.mark.parametrize(("grant", "error"), [
    (None, "unsupported_grant_type"), ("", "unsupported_grant_type"), ("magic", "unsupported_grant_type"),
    ("client_credentials", "unauthorized_client"), ("password", "unauthorized_client"),
])
def test_grant_types(eekonomi, idp, grant, error):
    body = f"grant_type={grant}".encode() if grant is not None else b""
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), content=body, headers=FORM), error)


def test_code_grant_errors(eekonomi, idp):
    creds = eekonomi.credentials
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi),
                                data={"grant_type": "authorization_code", "redirect_uri": creds["redirect_uri"]}),
                       "invalid_grant")  # no code (IdentityServer4)
    assert_token_error(exchange(idp, eekonomi, "not-a-code"), "invalid_grant")
    assert_token_error(exchange(idp, eekonomi, "x" * 500), "invalid_grant")
    refresh_token = eekonomi.connect()["refresh_token"]
    assert_token_error(exchange(idp, eekonomi, refresh_token), "invalid_grant")  # a refresh token is no code
    code = eekonomi.authorize()
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi),
                                data={"grant_type": "authorization_code", "code": code}),
                       "unauthorized_client")  # no redirect_uri (IdentityServer4)


@pytest.mark.parametrize("variant", ["prefix", "extra query", "trailing slash", "upper case", "other host"])
def test_the_token_request_must_repeat_the_redirect_uri_exactly(eekonomi, idp, variant):
    registered = eekonomi.credentials["redirect_uri"]
    sent = {"prefix": registered[:-2], "extra query": registered + "?a=1", "trailing slash": registered + "/",
            "upper case": registered.upper(), "other host": registered.replace("localhost", "evil.example")}[variant]
    assert_token_error(exchange(idp, eekonomi, eekonomi.authorize(), redirect_uri=sent), "invalid_grant")


def test_refresh_grant_errors(eekonomi, idp):
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), data={"grant_type": "refresh_token"}),
                       "invalid_request")
    assert_token_error(refresh(idp, eekonomi, "not-a-token"), "invalid_grant")
    assert_token_error(refresh(idp, eekonomi, eekonomi.connect()["access_token"]), "invalid_grant")
    assert_token_error(refresh(idp, eekonomi, eekonomi.authorize()), "invalid_grant")  # a code is no refresh token


def test_repeated_parameters_and_bad_encoding_are_invalid_request(eekonomi, idp):
    code = eekonomi.authorize()
    body = f"grant_type=authorization_code&code={code}&code={code}&redirect_uri=x".encode()
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), content=body,
                                headers={"Content-Type": "application/x-www-form-urlencoded"}), "invalid_request")
    assert_token_error(idp.post("/connect/token", auth=auth(eekonomi), content=b"grant_type=\xff\xfe",
                                headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}),
                       "invalid_request")


def test_a_code_or_refresh_token_of_another_client_is_invalid_grant(eekonomi, idp, ctl):
    reply = ctl.post(control(eekonomi) + "/clients", json={"client_id": f"second-{eekonomi.id}",
                                                          "redirect_uri": "https://second.example/cb"})
    second = (reply.json()["client_id"], reply.json()["client_secret"])
    code = eekonomi.authorize()
    reply = idp.post("/connect/token", auth=second, data={"grant_type": "authorization_code", "code": code,
                                                           "redirect_uri": eekonomi.credentials["redirect_uri"]})
    assert_token_error(reply, "invalid_grant")
    pair = eekonomi.connect()
    reply = idp.post("/connect/token", auth=second, data={"grant_type": "refresh_token",
                                                           "refresh_token": pair["refresh_token"]})
    assert_token_error(reply, "invalid_grant")
    assert refresh(idp, eekonomi, pair["refresh_token"]).status_code == 200  # not used up by the other client


def test_a_client_without_access_to_the_company_is_unauthorized_client(eekonomi, sim_host, idp, ctl):
    other = sim_host.tenant("eekonomi")  # its client is registered for its own company only
    try:
        creds = other.credentials
        # the user consents for their company to the other company's integration
        ctl.post(control(eekonomi) + "/clients", json={"client_id": creds["client_id"],
                                                      "client_secret": creds["client_secret"]})
        code = ctl.post(control(eekonomi) + "/consent", json={"client_id": creds["client_id"],
                                                             "redirect_uri": creds["redirect_uri"]}).json()["code"]
        assert exchange(idp, other, code).status_code == 200  # registered: fine
        third = sim_host.tenant("eekonomi")
        try:
            code = ctl.post(f"/_sim/tenants/{third.id}/eekonomi/consent",
                            json={"client_id": creds["client_id"], "redirect_uri": creds["redirect_uri"]}).json()
            assert_token_error(exchange(idp, other, code["code"]), "unauthorized_client")
        finally:
            third.close()
    finally:
        other.close()


def test_the_api_port_does_not_serve_connect_and_the_identity_port_not_v2(eekonomi, idp):
    token = eekonomi.token()
    with eekonomi.http() as api:
        reply = api.post("/connect/token", data={"grant_type": "refresh_token", "refresh_token": "x"})
        assert reply.status_code == 404
        assert reply.json()["ErrorCode"] == 3000
    reply = idp.get("/v2/companysettings", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 404 and "ErrorCode" not in reply.text
    assert idp.get("/_sim/tenants").status_code == 404


def test_discovery_document(idp):
    reply = idp.get("/.well-known/openid-configuration")
    assert reply.status_code == 200
    doc = reply.json()
    base = str(idp.base_url).rstrip("/")
    assert doc["issuer"] == base
    assert doc["authorization_endpoint"] == base + "/connect/authorize"
    assert doc["token_endpoint"] == base + "/connect/token"
    assert doc["revocation_endpoint"] == base + "/connect/revocation"
    assert {"ea:api", "offline_access", "ea:sales_readonly"} <= set(doc["scopes_supported"])
    assert doc["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert set(doc["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
