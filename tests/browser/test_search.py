"""A manager types part of a first name, and a name with a diacritic written wrong, into the
search box of the page header, and finds the people (their names are encrypted at rest)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from strongroom.platform.access import permissions as perms
from tests.auth import enrol_totp, totp_code
from tests.browser.conftest import new_context
from tests.browser.test_sign_in import _code_step, _password_step
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_header_search_finds_people_by_part_of_a_name(
    live_server, browser: Browser, world: World
) -> None:
    organisation = make_organisation(world.a, name="Fjordkraft AS")
    make_person(world.a, organisation, name="Linnea Berg")
    make_person(world.a, organisation, name="Bjørn Ødegård")
    make_person(world.b, name="Linnea Lind")  # another company's
    manager = world.a.user(perms.MANAGER)
    secret = enrol_totp(manager)
    page = new_context(browser, viewport={"width": 1280, "height": 800}).new_page()
    page.set_default_timeout(15000)
    _password_step(page, live_server.url, manager.email)
    _code_step(page, totp_code(secret))
    page.goto(f"{live_server.url}/c/acme/")

    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("linn")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("link", name="Linnea Berg")).to_be_visible()
    expect(people.get_by_role("link")).to_have_count(1)

    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill("Bjorn Ödegard")
    box.press("Enter")
    people = page.get_by_role("region", name="People")
    people.get_by_role("link", name="Bjørn Ødegård").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bjørn Ødegård")
    page.context.close()
