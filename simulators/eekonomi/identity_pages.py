"""The identity server's HTML: sign-in, company selection, consent and error pages.

Plain, accessible HTML (labels, one <form> per step, no script except the form_post auto-submit), so a
person can use it in a browser and a test can drive it with an HTTP client: every form carries the pending
request's id in the hidden field `request`. Every value from outside goes through html.escape.
"""

from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0;color:#1b1b1b}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=text],input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
fieldset{border:1px solid #ccd;border-radius:6px;margin:1rem 0}fieldset label{font-weight:400;display:inline}
.actions{margin-top:1.2rem;display:flex;gap:.6rem}button{padding:.55rem 1.2rem;font-size:1rem;cursor:pointer}
.primary{background:#1f6feb;color:#fff;border:0;border-radius:4px}.error{color:#b00020;font-weight:600}
.note{color:#555;font-size:.9rem}ul.scopes li{margin:.3rem 0}code{background:#eef;padding:0 .2rem}
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · Visma eEkonomi (simulator)</title><style>{_STYLE}</style></head>"
            f'<body><main><p class="note">Visma eEkonomi · identity server (simulator)</p>{body}</main></body></html>')


def _error(message: str | None) -> str:
    return f'<p class="error" role="alert">{escape(message)}</p>' if message else ""


def _hidden(pending_id: str) -> str:
    return f'<input type="hidden" name="request" value="{escape(pending_id)}">'


def login_page(pending_id: str, client_name: str, username: str = "", error: str | None = None) -> str:
    body = (f"<h1>Sign in / Logga in</h1>"
            f"<p><strong>{escape(client_name)}</strong> wants to connect to Visma eEkonomi.</p>{_error(error)}"
            f'<form method="post" action="/account/login">{_hidden(pending_id)}'
            f'<label for="username">Email / E-post</label>'
            f'<input type="text" id="username" name="username" autocomplete="username" required autofocus '
            f'value="{escape(username)}">'
            f'<label for="password">Password / Lösenord</label>'
            f'<input type="password" id="password" name="password" autocomplete="current-password" required>'
            f'<div class="actions"><button class="primary" type="submit" name="action" value="login">Sign in'
            f'</button><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>'
            f"</form>")
    return _page("Sign in", body)


def company_page(pending_id: str, companies: list[tuple[str, str, str]], error: str | None = None) -> str:
    """`companies`: (tenant id, name, corporate identity number or "")."""
    options = []
    for index, (tenant_id, name, number) in enumerate(companies):
        ident = f"company-{index}"
        checked = " checked" if index == 0 else ""
        extra = f" ({escape(number)})" if number else ""
        options.append(f'<div><input type="radio" id="{ident}" name="company" value="{escape(tenant_id)}"'
                       f' required{checked}> <label for="{ident}">{escape(name)}{extra}</label></div>')
    body = (f"<h1>Select company / Välj företag</h1>{_error(error)}"
            f'<form method="post" action="/account/company">{_hidden(pending_id)}'
            f'<fieldset><legend>Which company should the integration connect to?</legend>{"".join(options)}'
            f'</fieldset><div class="actions"><button class="primary" type="submit">Continue</button></div></form>')
    return _page("Select company", body)


def consent_page(pending_id: str, client_name: str, company: str, username: str,
                 scopes: list[tuple[str, str]]) -> str:
    """`scopes`: (scope, description)."""
    items = "".join(f"<li><code>{escape(s)}</code>: {escape(text)}</li>" for s, text in scopes)
    body = (f"<h1>Allow access? / Tillåt åtkomst?</h1>"
            f"<p><strong>{escape(client_name)}</strong> asks for access to <strong>{escape(company)}</strong> "
            f"as {escape(username)}:</p><ul class=\"scopes\">{items}</ul>"
            f'<form method="post" action="/account/consent">{_hidden(pending_id)}'
            f'<div class="actions"><button class="primary" type="submit" name="decision" value="allow">Allow'
            f'</button><button type="submit" name="decision" value="deny">Deny</button></div></form>')
    return _page("Allow access", body)


def error_page(error: str, description: str) -> str:
    body = (f'<h1>Sorry, there was an error</h1><p class="error" role="alert"><code>{escape(error)}</code></p>'
            f"<p>{escape(description)}</p>"
            f'<p class="note">You were not sent back to the application. Start the connection again from it.</p>')
    return _page("Error", body)


def message_page(title: str, text: str) -> str:
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")


def form_post_page(redirect_uri: str, params: dict[str, str | None]) -> str:
    """response_mode=form_post: a form that posts the response to the client (auto-submitted by script)."""
    fields = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                     for k, v in params.items() if v is not None)
    body = (f'<form method="post" action="{escape(redirect_uri)}" id="response">{fields}'
            f'<noscript><button type="submit">Continue</button></noscript></form>'
            f"<script>document.getElementById('response').submit()</script>")
    return _page("Continue", body)
