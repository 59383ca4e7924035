"""A manager keeps a customer's papers in Chromium: adds the customer and a contact person,
attaches a document, is told why a disguised file is refused, uploads a second version and
downloads the first one again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from strongroom.platform.access import permissions as perms
from tests.auth import enrol_totp, totp_code
from tests.browser.test_sign_in import _code_step, _password_step
from tests.conftest import World
from tests.files import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_papers_with_versions(
    live_server, page: Page, world: World, tmp_path: Path
) -> None:
    base = live_server.url
    manager = world.a.user(perms.MANAGER)
    secret = enrol_totp(manager)
    _password_step(page, base, manager.email)
    _code_step(page, totp_code(secret))

    page.goto(f"{base}/c/acme/")
    page.get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Add organisation").click()
    page.get_by_label("Name").fill("Fjordkraft Consulting AS")
    page.get_by_label("Country").fill("XX")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Unknown country code 'XX'")).to_be_visible()
    page.get_by_label("Country").fill("NO")
    page.get_by_label("Organisation number").fill("987654321")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjordkraft Consulting AS")

    page.get_by_role("link", name="Add contact person").click()
    page.get_by_label("Name").fill("Kari Nordmann")
    page.get_by_label("E-mail").fill("kari@fjordkraft.example")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kari Nordmann")
    page.get_by_role("link", name="Fjordkraft Consulting AS").click()

    disguised = tmp_path / "agreement.pdf"
    disguised.write_bytes(samples.EXECUTABLE)
    page.get_by_role("link", name="Attach a document").click()
    page.get_by_label("File").set_input_files(str(disguised))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("it looks like a Windows executable")).to_be_visible()

    first = tmp_path / "Framework agreement.pdf"
    first.write_bytes(samples.PDF)
    page.get_by_label("File").set_input_files(str(first))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Framework agreement")
    expect(page.get_by_text("Attached to organisation")).to_be_visible()

    second = tmp_path / "Framework agreement signed.pdf"
    second.write_bytes(samples.PDF.replace(b"Count 0", b"Count 0 "))
    page.get_by_label("File").set_input_files(str(second))
    page.get_by_label("What changed").fill("Signed by both parties")
    page.get_by_role("button", name="Upload version").click()
    expect(page.get_by_text("Uploaded version 2.")).to_be_visible()
    expect(page.get_by_role("cell", name="Signed by both parties")).to_be_visible()
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Framework agreement.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Framework agreement.pdf"
    assert Path(download.path()).read_bytes() == samples.PDF

    page.get_by_role("link", name="Fjordkraft Consulting AS").click()
    expect(page.get_by_role("link", name="Framework agreement", exact=True)).to_be_visible()
    page.screenshot(path=str(tmp_path / "organisation.png"), full_page=True)
