"""A person signs in with e-mail and password and lands on their company's dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import World
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_signs_in_and_sees_dashboard(live_server, page: Page, world: World) -> None:
    owner = world.a.user("owner")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
    assert page.url.endswith("/c/acme/")


def test_wrong_password_is_refused(live_server, page: Page, world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(world.a.user("owner").email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("body")).to_contain_text("not correct")
    assert "/accounts/login/" in page.url
