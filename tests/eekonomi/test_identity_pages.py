"""The identity server as a person meets it: the authorize request, the sign-in, company and consent pages
(driven as a browser would, by reading the HTML forms), the redirect back with code and state, and every
way an authorize request can be wrong."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

SCOPES = "ea:api offline_access ea:sales ea:accounting ea:purchase"


# ---------------------------------------------------------------------------- a tiny browser
class Forms(HTMLParser):
    """The forms of a page: action, method, input values (hidden/text, checked radios), radio choices, buttons."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                               "fields": {}, "choices": {}, "buttons": [], "ids": {}})
        elif tag == "input" and self.forms:
            form = self.forms[-1]
            kind = a.get("type", "text")
            if kind == "radio":
                form["choices"].setdefault(a["name"], []).append(a.get("value", ""))
                form["ids"][a.get("id", "")] = a.get("value", "")
                if "checked" in a:
                    form["fields"][a["name"]] = a.get("value", "")
            elif kind != "submit":
                form["fields"][a["name"]] = a.get("value", "")
        elif tag == "button" and self.forms and a.get("name"):
            self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "label":
            self._label_for = a.get("for")

    def handle_data(self, data: str) -> None:
        if self._label_for:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None


def form_of(reply) -> dict[str, Any]:
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/html")
    parsed = Forms(reply.text)
    assert len(parsed.forms) == 1, reply.text
    form = parsed.forms[0]
    form["labels"] = {form["ids"].get(k, k): v for k, v in parsed.labels.items()}
    return form


def follow(idp, reply, limit: int = 10):
    """Follow redirects that stay on the identity server; stop at one that leaves it (the client's redirect_uri)."""
    for _ in range(limit):
        location = reply.headers.get("location")
        if reply.status_code != 302 or location is None or not location.startswith("/"):
            return reply
        reply = idp.get(location)
    raise AssertionError("redirect loop")


def submit(idp, form: dict[str, Any], button: tuple[str, str] | None = None, **values: str):
    assert form["method"] == "post"
    data = {**form["fields"], **values}
    if button:
        assert button in form["buttons"], form["buttons"]
        data[button[0]] = button[1]
    return follow(idp, idp.post(form["action"], data=data))


def authorize_params(eekonomi, **overrides: str | None) -> dict[str, str]:
    creds = eekonomi.credentials
    params = {"client_id": creds["client_id"], "redirect_uri": creds["redirect_uri"], "scope": SCOPES,
              "state": "st-123", "response_type": "code", "prompt": "login",
              "acr_values": "service:44643EB1-3F76-4C1C-A672-402AE8085934 forceselectcompany:true"}
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def start(idp, eekonomi, **overrides: str | None):
    return follow(idp, idp.get("/connect/authorize", params=authorize_params(eekonomi, **overrides)))


def login(idp, eekonomi, page, username: str | None = None, password: str | None = None):
    form = form_of(page)
    assert set(form["fields"]) >= {"request", "username", "password"}
    return submit(idp, form, ("action", "login"), username=username or eekonomi.credentials["username"],
                  password=password or eekonomi.credentials["password"])


def callback(reply) -> dict[str, str]:
    """The query of the redirect back to the client (one value per name)."""
    assert reply.status_code == 302, reply.text
    target = urlsplit(reply.headers["location"])
    return {k: v[0] for k, v in parse_qs(target.query).items()}


def exchange(idp, eekonomi, code: str, redirect_uri: str | None = None):
    creds = eekonomi.credentials
    return idp.post("/connect/token", auth=(creds["client_id"], creds["client_secret"]),
                    data={"grant_type": "authorization_code", "code": code,
                          "redirect_uri": redirect_uri or creds["redirect_uri"]})


def bound_tenant(eekonomi, token: str) -> str | None:
    """The company a token is bound to, from the control plane (None: unknown there)."""
    with eekonomi.http() as http:
        reply = http.post(f"/_sim/tenants/{eekonomi.id}/eekonomi/tokens/inspect", json={"token": token})
    return reply.json()["tenant"] if reply.status_code == 200 else None


def company_name_via_api(eekonomi, token: str) -> str:
    with eekonomi.http() as http:
        reply = http.get("/v2/companysettings", headers={"Authorization": f"Bearer {token}"})
    if reply.status_code == 404:
        pytest.skip("GET /v2/companysettings is not served yet")
    assert reply.status_code == 200, reply.text
    return reply.json()["Name"]


@pytest.fixture
def idp(eekonomi):
    return eekonomi.identity()


# ---------------------------------------------------------------------------- the whole dance
def test_the_full_browser_flow(eekonomi, idp):
    page = start(idp, eekonomi)
    assert "Sign in" in page.text
    page = login(idp, eekonomi, page)
    assert "idsrv.session" in idp.cookies
    company = form_of(page)  # forceselectcompany:true: the company page even with one company
    assert company["choices"]["company"] == [eekonomi.id]
    assert company["labels"][eekonomi.id].startswith(eekonomi.state.company["Name"])
    page = submit(idp, company)
    consent = form_of(page)
    for scope in SCOPES.split():
        assert scope in page.text
    assert eekonomi.state.company["Name"] in page.text
    back = submit(idp, consent, ("decision", "allow"))
    assert back.headers["location"].startswith(eekonomi.credentials["redirect_uri"] + "?")
    query = callback(back)
    assert query["state"] == "st-123" and query["scope"] == SCOPES
    reply = exchange(idp, eekonomi, query["code"])
    assert reply.status_code == 200, reply.text
    tokens = reply.json()
    assert bound_tenant(eekonomi, tokens["access_token"]) == eekonomi.id
    assert company_name_via_api(eekonomi, tokens["access_token"]) == eekonomi.state.company["Name"]


def test_one_company_without_forceselectcompany_skips_the_company_page(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None))
    assert "decision" in {name for name, _ in form_of(page)["buttons"]}
    query = callback(submit(idp, form_of(page), ("decision", "allow")))
    assert exchange(idp, eekonomi, query["code"]).status_code == 200


def test_single_sign_on_without_prompt_and_prompt_login_forces_the_form(eekonomi, idp):
    callback(submit(idp, form_of(login(idp, eekonomi, start(idp, eekonomi, acr_values=None))),
                    ("decision", "allow")))
    page = start(idp, eekonomi, prompt=None, acr_values=None)  # signed in: straight to consent
    assert ("decision", "allow") in form_of(page)["buttons"]
    assert callback(submit(idp, form_of(page), ("decision", "allow")))["code"]
    page = start(idp, eekonomi, acr_values=None)  # prompt=login
    assert "password" in form_of(page)["fields"]


def test_prompt_none_without_a_session_is_login_required(eekonomi, idp):
    query = callback(start(idp, eekonomi, prompt="none"))
    assert query["error"] == "login_required" and query["state"] == "st-123"


def test_deny_and_cancel_send_access_denied_with_the_state(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None))
    query = callback(submit(idp, form_of(page), ("decision", "deny")))
    assert query == {"error": "access_denied", "state": "st-123"}
    query = callback(submit(idp, form_of(start(idp, eekonomi, state="other")), ("action", "cancel")))
    assert query == {"error": "access_denied", "state": "other"}


def test_wrong_password_shows_the_form_again(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi), password="wrong")
    assert page.status_code == 200 and "Wrong email or password" in page.text
    assert "idsrv.session" not in idp.cookies
    page = login(idp, eekonomi, page)  # the same pending request, now right
    assert "company" in form_of(page)["choices"]


def test_the_username_is_case_insensitive(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi), username=eekonomi.credentials["username"].upper())
    assert "company" in form_of(page)["choices"]


def test_form_post_response_mode(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None, response_mode="form_post"))
    reply = idp.post("/account/consent", data={**form_of(page)["fields"], "decision": "allow"})
    form = form_of(reply)
    assert form["action"] == eekonomi.credentials["redirect_uri"]
    assert form["fields"]["state"] == "st-123"
    assert exchange(idp, eekonomi, form["fields"]["code"]).status_code == 200


def test_a_registered_redirect_uri_with_a_query_keeps_it(eekonomi, idp):
    with eekonomi.http() as http:
        http.post(f"/_sim/tenants/{eekonomi.id}/eekonomi/clients",
                  json={"client_id": eekonomi.credentials["client_id"], "redirect_uri": "https://app.example/cb?x=1"})
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None, redirect_uri="https://app.example/cb?x=1"))
    back = submit(idp, form_of(page), ("decision", "allow"))
    assert back.headers["location"].startswith("https://app.example/cb?x=1&code=")
    assert exchange(idp, eekonomi, callback(back)["code"], "https://app.example/cb?x=1").status_code == 200


# ---------------------------------------------------------------------------- no redirect: the error page
@pytest.mark.parametrize("variant", ["longer (prefix match)", "shorter", "extra query", "other host", "other port",
                                     "trailing slash", "other scheme", "fragment", "relative", "missing"])
def test_redirect_uri_tricks_get_an_error_page_and_no_redirect(eekonomi, idp, variant):
    registered = eekonomi.credentials["redirect_uri"]
    uri = {"longer (prefix match)": registered + "/evil", "shorter": registered.rsplit("/", 1)[0],
           "extra query": registered + "?next=https://evil.example", "trailing slash": registered + "/",
           "other host": registered.replace("localhost", "evil.example"),
           "other port": registered.replace("localhost", "localhost:8080"),
           "other scheme": registered.replace("http:", "https:"), "fragment": registered + "#x",
           "relative": "/callback", "missing": None}[variant]
    reply = idp.get("/connect/authorize", params=authorize_params(eekonomi, redirect_uri=uri))
    assert reply.status_code == 400
    assert "location" not in reply.headers
    assert reply.headers["content-type"].startswith("text/html")
    assert "redirect_uri" in reply.text


def test_redirect_uri_case_is_ignored_as_identityserver_does_but_the_token_request_must_repeat_it(eekonomi, idp):
    registered = eekonomi.credentials["redirect_uri"]
    shouted = registered.replace("callback", "CallBack")
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None, redirect_uri=shouted))
    back = submit(idp, form_of(page), ("decision", "allow"))
    assert back.headers["location"].startswith(shouted + "?")
    code = callback(back)["code"]
    assert exchange(idp, eekonomi, code, registered).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(("params", "error"), [
    ({"client_id": None}, "invalid_request"), ({"client_id": "nobody"}, "unauthorized_client"),
    ({"client_id": "x" * 200}, "invalid_request"),
])
def test_client_problems_get_an_error_page(eekonomi, idp, params, error):
    reply = idp.get("/connect/authorize", params=authorize_params(eekonomi, **params))
    assert reply.status_code == 400 and "location" not in reply.headers
    assert error in reply.text


def test_another_clients_redirect_uri_is_refused(eekonomi, sim_host, idp):
    other = sim_host.tenant("eekonomi")
    try:
        reply = idp.get("/connect/authorize",
                        params=authorize_params(eekonomi, redirect_uri=other.credentials["redirect_uri"]))
        assert reply.status_code == 400 and "location" not in reply.headers
    finally:
        other.close()


# ---------------------------------------------------------------------------- redirect back with an error
@pytest.mark.parametrize(("scope", "error"), [
    ("offline_access ea:sales", "invalid_scope"),
    ("ea:api ea:sales", "invalid_scope"),
    ("ea:api offline_access ea:sales ea:payroll", "invalid_scope"),
    ("ea:api offline_access openid", "invalid_scope"),
    ("EA:API offline_access", "invalid_scope"),
    ("", "invalid_scope"),
    (None, "invalid_scope"),
])
def test_bad_scopes_redirect_with_invalid_scope(eekonomi, idp, scope, error):
    query = callback(idp.get("/connect/authorize", params=authorize_params(eekonomi, scope=scope)))
    assert query["error"] == error and query["state"] == "st-123"
    assert query["error_description"]


@pytest.mark.parametrize(("params", "error"), [
    ({"response_type": "token"}, "unsupported_response_type"),
    ({"response_type": "code id_token"}, "unsupported_response_type"),
    ({"response_type": None}, "unsupported_response_type"),
    ({"response_mode": "fragment"}, "unsupported_response_type"),
    ({"code_challenge": "short"}, "invalid_request"),
    ({"code_challenge": "c" * 43, "code_challenge_method": "MD5"}, "invalid_request"),
])
def test_other_bad_requests_redirect_with_an_error(eekonomi, idp, params, error):
    query = callback(idp.get("/connect/authorize", params=authorize_params(eekonomi, **params)))
    assert query["error"] == error and query["state"] == "st-123"


def test_a_repeated_parameter_is_invalid_request(eekonomi, idp):
    params = [*authorize_params(eekonomi).items(), ("scope", "ea:api")]
    query = callback(idp.get("/connect/authorize", params=params))
    assert query["error"] == "invalid_request"


def test_only_the_state_the_client_sent_comes_back(eekonomi, idp):
    query = callback(idp.get("/connect/authorize", params=authorize_params(eekonomi, state=None, scope="x")))
    assert "state" not in query


# ---------------------------------------------------------------------------- the pages themselves
def test_unknown_or_forged_pending_requests(eekonomi, idp):
    for path in ("/account/login", "/account/company", "/account/consent"):
        reply = idp.get(path, params={"request": "forged"})
        assert reply.status_code == 400 and "expired" in reply.text
    reply = idp.post("/account/login", data={"request": "forged", "username": "a", "password": "b"})
    assert reply.status_code == 400
    reply = idp.post("/account/login", json={"request": "x"})
    assert reply.status_code == 400


def test_the_company_and_consent_steps_need_the_sign_in_cookie(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi))
    fields = form_of(page)["fields"]
    with eekonomi.identity() as stranger:  # another browser with the pending id but no cookie
        reply = stranger.post("/account/company", data={**fields, "company": eekonomi.id})
        assert reply.status_code == 302 and reply.headers["location"].startswith("/account/login")
        reply = stranger.post("/account/consent", data={"request": fields["request"], "decision": "allow"})
        assert reply.status_code == 302 and reply.headers["location"].startswith("/account/login")


def test_choosing_a_company_the_user_does_not_belong_to(eekonomi, sim_host, idp):
    other = sim_host.tenant("eekonomi")
    try:
        page = login(idp, eekonomi, start(idp, eekonomi))
        reply = idp.post("/account/company", data={**form_of(page)["fields"], "company": other.id})
        assert reply.status_code == 400 and "Choose one of your companies" in reply.text
    finally:
        other.close()


def test_a_pending_request_is_used_once(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi, acr_values=None))
    form = form_of(page)
    assert callback(submit(idp, form, ("decision", "allow")))["code"]
    reply = idp.post("/account/consent", data={**form["fields"], "decision": "allow"})
    assert reply.status_code == 400 and "location" not in reply.headers


def test_logout_ends_single_sign_on(eekonomi, idp):
    callback(submit(idp, form_of(login(idp, eekonomi, start(idp, eekonomi, acr_values=None))),
                    ("decision", "allow")))
    assert idp.get("/account/logout").status_code == 200
    page = start(idp, eekonomi, prompt=None, acr_values=None)
    assert "password" in form_of(page)["fields"]


def test_the_pages_are_accessible_html(eekonomi, idp):
    page = start(idp, eekonomi)
    assert page.text.startswith("<!DOCTYPE html>") and '<html lang="en">' in page.text
    assert '<label for="username">' in page.text and '<label for="password">' in page.text
    assert 'autocomplete="current-password"' in page.text


def test_user_input_is_escaped(eekonomi, idp):
    page = login(idp, eekonomi, start(idp, eekonomi), username='"><script>alert(1)</script>', password="x")
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text


# ---------------------------------------------------------------------------- one user, two companies
def test_a_user_in_two_companies_connects_each_separately(eekonomi, sim_host, idp):
    second = sim_host.tenant("eekonomi")
    try:
        creds = eekonomi.credentials
        with eekonomi.http() as http:
            base = f"/_sim/tenants/{second.id}/eekonomi"
            assert http.post(base + "/users", json={"username": creds["username"]}).status_code == 201
            assert http.post(base + "/clients", json={"client_id": creds["client_id"]}).status_code == 201
            http.post(f"/_sim/tenants/{second.id}/seed", json={"companySettings": {"Name": "Andra Bolaget AB"}})
        tokens = {}
        for tenant in (eekonomi, second):
            company = form_of(login(idp, eekonomi, start(idp, eekonomi)))
            assert company["choices"]["company"] == [eekonomi.id, second.id]
            assert company["labels"][second.id].startswith("Andra Bolaget AB")
            consent = submit(idp, company, company=tenant.id)
            assert tenant.state.company["Name"] in consent.text
            query = callback(submit(idp, form_of(consent), ("decision", "allow")))
            reply = exchange(idp, eekonomi, query["code"])
            assert reply.status_code == 200, reply.text
            tokens[tenant.id] = reply.json()
        first, other = tokens[eekonomi.id], tokens[second.id]
        assert bound_tenant(eekonomi, first["access_token"]) == eekonomi.id
        assert bound_tenant(eekonomi, other["access_token"]) is None  # not a token of this company
        assert bound_tenant(second, other["access_token"]) == second.id
        # independent: revoking one company's grant leaves the other's alone
        reply = idp.post("/connect/revocation", auth=(creds["client_id"], creds["client_secret"]),
                         data={"token": first["refresh_token"]})
        assert reply.status_code == 200
        assert bound_tenant(eekonomi, first["access_token"]) is None
        assert bound_tenant(second, other["access_token"]) == second.id
        assert company_name_via_api(second, other["access_token"]) == "Andra Bolaget AB"
    finally:
        second.close()
