"""Signing in through Chromium: first sign-in enrols an authenticator app; later sign-ins need
its code (used once) or a recovery code (used once); a wrong password gets nowhere."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import Page, expect

from tests.auth import enrol_totp, totp_code
from tests.conftest import World
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def _sign_out(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()


def test_first_sign_in_enrols_an_authenticator_then_shows_dashboard(
    live_server, page: Page, world: World
) -> None:
    page.goto(f"{live_server.url}/c/acme/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/c/acme/")
    _password_step(page, live_server.url, world.a.user("owner").email)
    # No company page before a second factor: the owner is sent to enrol one.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")


def test_sign_in_needs_the_code_and_a_code_works_once(
    live_server, page: Page, world: World
) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    _password_step(page, live_server.url, owner.email)
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.goto(f"{live_server.url}/c/acme/")  # half signed in: still sent back to the code
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
    code = totp_code(secret)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    _sign_out(page, live_server.url)
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(code)  # replayed
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("body")).to_contain_text("Incorrect code")
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Acme AS")


def test_recovery_code_signs_in_once(live_server, page: Page, world: World) -> None:
    owner = world.a.user("owner")
    enrol_totp(owner)
    code = RecoveryCodes.activate(owner).get_unused_codes()[0]
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    _sign_out(page, live_server.url)
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("body")).to_contain_text("Incorrect code")


def test_wrong_password_is_refused(live_server, page: Page, world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(world.a.user("owner").email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("body")).to_contain_text("not correct")
    assert "/accounts/login/" in page.url
