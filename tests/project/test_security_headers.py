"""The browser-facing headers of every answer: a strict Content-Security-Policy (no inline or
eval'd script), a Permissions-Policy that denies powerful features, and ``Cache-Control:
private, no-store`` on whatever a signed-in session or the API gets, so that neither a browser
cache nor a proxy keeps company or personal data. Pages, downloads, errors and API answers,
under the test settings (development); tests/deploy/test_app_behind_proxy.py checks the same on
a production instance behind the proxy."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from strongroom.identity.models import SsoProvider
from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.documents.factories import make_document
from tests.factories import TEST_PASSWORD, make_api_key
from tests.files import samples
from tests.invoices.factories import issued

pytestmark = pytest.mark.django_db
API = "/api/v1/companies/acme"
MISSING_ID = "00000000-0000-4000-8000-000000000000"
# Script from inline code, from eval, or from anywhere else: none of these may appear.
UNSAFE_SCRIPT = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:",
                 "https:", "blob:"}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid")


def policy(response: Any) -> dict[str, list[str]]:
    """The Content-Security-Policy header, directive by directive."""
    directives: dict[str, list[str]] = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = values
    return directives


def assert_content_policy(response: Any) -> None:
    """The site's policy: its own scripts and styles only, nothing framed, no plug-ins."""
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert not UNSAFE_SCRIPT & set(directives["script-src"] + directives["default-src"])
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def assert_download_policy(response: Any) -> None:
    """A download runs nothing at all, even when opened in the browser."""
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def assert_permissions_policy(response: Any) -> None:
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature
    assert features["publickey-credentials-get"] == "(self)"  # passkeys and security keys
    assert features["publickey-credentials-create"] == "(self)"
    assert set(features.values()) == {"()", "(self)"}


def assert_not_stored(response: Any) -> None:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
    assert "public" not in directives


class _InlineCode(HTMLParser):
    """Collects what a strict policy would refuse in a page: inline scripts (a JSON data block
    is not a script), style elements and attributes, event-handler attributes and
    ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")


def inline_code(response: Any) -> list[str]:
    parser = _InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def assert_page(response: Any, *, signed_in: bool) -> None:
    """An HTML page: the site's policies, nothing inline for them to refuse, and not stored
    when it was made for a signed-in session."""
    assert response["Content-Type"].startswith("text/html")
    assert_content_policy(response)
    assert_permissions_policy(response)
    assert inline_code(response) == []
    if signed_in:
        assert_not_stored(response)


def _signed_in(world: World, role: str = perms.MANAGER) -> Client:
    return sign_in(Client(), world.a.user(role))


def _bearer(world: World, role: str = perms.MANAGER) -> dict[str, str]:
    _, key = make_api_key(world.a.members[role])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# -- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/no-such/"])
def test_public_pages_carry_the_policies(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_page(response, signed_in=False)


def test_the_refused_form_page_has_nothing_inline() -> None:
    """Django's own page for a form without its CSRF token has an inline style: ours has not."""
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()
    assert_page(response, signed_in=False)


def test_signed_in_pages_carry_the_policies_and_are_not_stored(world: World) -> None:
    client = _signed_in(world)
    person = make_person(world.a)
    for path in (
        "/c/acme/", "/c/acme/contacts/people/", f"/c/acme/contacts/people/{person.pk}/",
        "/c/acme/documents/", "/accounts/2fa/", "/c/acme/no-such-page/",
    ):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_page(response, signed_in=True)


def test_a_redirect_for_a_signed_in_session_is_not_stored(world: World) -> None:
    response = _signed_in(world).post(
        "/c/acme/contacts/add/", {"name": "Initech AS", "country": "NO"}
    )
    assert response.status_code == 302
    assert_not_stored(response)
    assert_content_policy(response)


def test_the_authenticator_qr_code_is_allowed_as_an_image(world: World) -> None:
    """The enrolment page shows its QR code as a data: URI image, which img-src allows."""
    client = Client()  # a first sign-in, with no second factor yet: enrolment
    user = world.a.user(perms.EMPLOYEE)
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.content.decode()
    assert_page(response, signed_in=True)


def test_a_file_download_runs_nothing_and_is_not_stored(world: World) -> None:
    document = make_document(world.a)
    response = _signed_in(world).get(f"/c/acme/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert_download_policy(response)
    assert_permissions_policy(response)
    assert_not_stored(response)


def test_an_invoice_pdf_is_not_stored_on_the_web_or_the_api(world: World) -> None:
    invoice = issued(world.a)
    client = _signed_in(world, perms.ACCOUNTANT)
    for path in (f"/c/acme/invoices/{invoice.pk}/pdf/", f"{API}/invoices/{invoice.pk}/pdf"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/pdf"
        assert_not_stored(response)
        assert_content_policy(response)


def test_static_files_keep_their_caching(client: Client) -> None:
    response = client.get("/static/strongroom/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_api_docs_page_has_nothing_inline(client: Client) -> None:
    """Swagger UI from its bundled files; its settings are a JSON data block, not a script."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_page(response, signed_in=False)
    assert 'type="application/json" id="swagger-settings"' in response.content.decode()


def test_single_sign_on_may_lead_only_to_the_companys_own_provider(world: World) -> None:
    """Browsers hold the redirect after the start form to form-action: that one page lets its
    form lead to the provider's origin (unreachable here, so only the issuer's is known)."""
    SsoProvider.objects.create(
        company=world.a.company, name="Acme ID", issuer="https://id.acme.example/realms/acme",
        client_id="strongroom", client_secret="s" * 32,
    )
    start = Client().get("/accounts/sso/acme/")
    assert start.status_code == 200
    assert policy(start)["form-action"] == ["'self'", "https://id.acme.example"]
    assert policy(start)["script-src"] == ["'self'"]
    elsewhere = Client().get("/accounts/sso/")
    assert policy(elsewhere)["form-action"] == ["'self'"]


# -- API answers ------------------------------------------------------------------------------


def assert_api_answer(response: Any) -> None:
    assert_content_policy(response)
    assert_permissions_policy(response)
    assert_not_stored(response)


def test_api_answers_with_an_api_key_are_not_stored(world: World) -> None:
    client, auth = Client(), _bearer(world)
    person = make_person(world.a)
    answers = {
        "list": client.get(f"{API}/contact-persons", **auth),
        "one": client.get(f"{API}/contact-persons/{person.pk}", **auth),
        "create": client.post(
            f"{API}/organisations", {"name": "Initech AS", "country": "NO"},
            content_type="application/json", **auth,
        ),
        "not found": client.get(f"{API}/contact-persons/{MISSING_ID}", **auth),
        "invalid": client.post(
            f"{API}/organisations", {"country": "NO"}, content_type="application/json", **auth
        ),
    }
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "list": 200, "one": 200, "create": 201, "not found": 404, "invalid": 422,
    }
    assert answers["not found"]["Content-Type"] == "application/problem+json"
    for answer in answers.values():
        assert_api_answer(answer)


def test_api_answers_to_a_session_are_not_stored(world: World) -> None:
    client = _signed_in(world)
    organisation = make_organisation(world.a)
    for response in (
        client.get("/api/v1/me"),
        client.get(f"{API}/organisations/{organisation.pk}"),
        client.patch(
            f"{API}/organisations/{organisation.pk}", {"city": "Bergen"},
            content_type="application/json",
        ),
    ):
        assert response.status_code == 200
        assert_api_answer(response)


def test_an_api_file_download_runs_nothing_and_is_not_stored(world: World) -> None:
    client, auth = Client(), _bearer(world)
    uploaded = client.post(
        f"{API}/documents", {"file": samples.upload("minutes.txt", samples.TEXT)}, **auth
    )
    assert uploaded.status_code == 201, uploaded.content
    assert_api_answer(uploaded)
    download = client.get(f"{API}/documents/{uploaded.json()['id']}/content", **auth)
    assert download.status_code == 200
    assert download.getvalue() == samples.TEXT
    assert_download_policy(download)
    assert_permissions_policy(download)
    assert_not_stored(download)


def test_every_api_answer_is_not_stored_even_unauthenticated(client: Client) -> None:
    for response in (
        client.get(f"{API}/contact-persons"),  # 401 problem+json
        client.get("/api/v1/no-such-operation"),
        client.get("/api/v1/openapi.json"),
    ):
        assert_api_answer(response)
