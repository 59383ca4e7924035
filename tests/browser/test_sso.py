"""Single sign-on in Chromium, through the real OpenID Connect provider's own sign-in form
(tests/identity/oidc.py): from Strongroom's sign-in page to the company dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from strongroom.identity.models import SignInPolicy, SsoProvider
from strongroom.platform.access import permissions as perms
from tests.auth import enrol_totp, totp_code
from tests.conftest import World
from tests.identity import oidc as idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(live_server: Any, world: World) -> Iterator[idp.RunningProvider]:
    users = {"emp-1": {"email": "employee@acme.test", "email_verified": True}}
    callback = f"{live_server.url}/accounts/sso/callback/"
    with idp.provider(redirect_uris=[callback], users=users, keys=idp.signing_keys()) as idp_:
        SsoProvider.objects.create(
            company=world.a.company, name="Acme ID", issuer=idp_.issuer,
            client_id="strongroom", client_secret=idp.CLIENT_SECRET,
        )
        yield idp_


def _through_provider(page: Page, base: str, *, mfa: bool) -> None:
    page.goto(f"{base}/accounts/login/?next=/c/acme/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.get_by_label("Company short name").fill("acme")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue with Acme ID").click()
    page.get_by_label("Subject").fill("emp-1")  # the provider's own page
    if mfa:
        page.get_by_label("Used a second factor").check()
    page.get_by_role("button", name="Sign in").click()


def test_sso_then_the_local_code(
    live_server: Any, page: Page, world: World, running: idp.RunningProvider
) -> None:
    secret = enrol_totp(world.a.user(perms.EMPLOYEE))
    _through_provider(page, live_server.url, mfa=False)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")


def test_sso_with_the_providers_mfa_when_the_company_accepts_it(
    live_server: Any, page: Page, world: World, running: idp.RunningProvider
) -> None:
    SignInPolicy.objects.create(company=world.a.company, accept_provider_mfa=True)
    _through_provider(page, live_server.url, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
