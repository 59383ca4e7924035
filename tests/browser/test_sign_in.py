"""Signing in through Chromium: first sign-in enrols an authenticator app; later sign-ins need
its code (used once) or a recovery code (used once); a passkey registered with Chromium's
virtual authenticator signs in without a password; a wrong password gets nowhere."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
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
    page.get_by_role("button", name="Sign In", exact=True).click()


def _code_step(page: Page, code: str) -> None:
    """Enter a second-factor code and decline to trust the browser."""
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trust this Browser?")
    page.get_by_role("button", name="Don't Trust").click()


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
    _code_step(page, code)
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    _sign_out(page, live_server.url)
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(code)  # replayed
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("body")).to_contain_text("Incorrect code")
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Acme AS")


def test_recovery_code_signs_in_once(live_server, page: Page, world: World) -> None:
    owner = world.a.user("owner")
    enrol_totp(owner)
    code = RecoveryCodes.activate(owner).get_unused_codes()[0]
    _password_step(page, live_server.url, owner.email)
    _code_step(page, code)
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    _sign_out(page, live_server.url)
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("body")).to_contain_text("Incorrect code")


def test_wrong_password_is_refused(live_server, page: Page, world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(world.a.user("owner").email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("body")).to_contain_text("not correct")
    assert "/accounts/login/" in page.url


def _virtual_authenticator(page: Page) -> None:
    """Chromium's virtual authenticator (DevTools WebAuthn domain): a platform passkey whose
    user verification always succeeds."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_passkey_registration_and_passwordless_sign_in(
    live_server, page: Page, world: World
) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    _virtual_authenticator(page)
    _password_step(page, live_server.url, owner.email)
    _code_step(page, totp_code(secret))
    expect(page).not_to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/?passwordless=1")
    if "reauthenticate" in page.url:  # adding a factor asks to confirm it is you
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add Security Key")
    page.get_by_label("Name").fill("Laptop passkey")
    passwordless = page.get_by_label("Passwordless")
    if passwordless.count():
        passwordless.check()
    page.get_by_role("button", name="Add").click()
    expect(page.locator("body")).to_contain_text("Security key added")
    passkey = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless
    _sign_out(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")


def test_a_trusted_browser_skips_the_code_until_a_credential_changes(
    live_server, page: Page, world: World
) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    _password_step(page, live_server.url, owner.email)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Trust for").click()
    _sign_out(page, live_server.url)
    _password_step(page, live_server.url, owner.email)  # no code asked this time
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    _sign_out(page, live_server.url)
    owner.set_password("a changed long passphrase 5")  # voids every trust cookie
    owner.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("a changed long passphrase 5")
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
