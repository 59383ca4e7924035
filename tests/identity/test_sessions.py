"""P-A6: idle and absolute time-outs, a sessions page, and credential changes ending others."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from strongroom.identity import sessions
from tests.auth import sign_in
from tests.clock import advance_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD

HOUR = 3600


def _signed_in(client: Client) -> bool:
    return client.get("/c/acme/").status_code == 200


def test_an_idle_session_ends_after_an_hour(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = sign_in(Client(), world.a.user("owner"))
    advance_clock(monkeypatch, HOUR - 120)
    assert _signed_in(client)  # activity at 58 minutes restarts the idle clock
    advance_clock(monkeypatch, 2 * HOUR - 180)
    assert _signed_in(client)
    advance_clock(monkeypatch, 3 * HOUR)
    response = client.get("/c/acme/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"]).content.decode()
    assert "signed out after a period of inactivity" in page
    api = client.get("/api/v1/companies/acme")
    assert api.status_code == 401


def test_an_active_session_still_ends_at_its_absolute_age(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sign_in(Client(), world.a.user("owner"))
    for half_hours in range(1, 24):
        advance_clock(monkeypatch, half_hours * 1800)
        assert _signed_in(client), f"signed out after {half_hours / 2} busy hours"
    advance_clock(monkeypatch, 12 * HOUR + 1)
    assert not _signed_in(client)


def test_a_session_without_clocks_is_ended(world: World) -> None:
    client = sign_in(Client(), world.a.user("owner"))
    session = client.session
    del session[sessions.SIGNED_IN_AT]
    session.save()
    assert not _signed_in(client)


def test_the_sessions_page_lists_sessions_and_ends_the_others(world: World) -> None:
    owner = world.a.user("owner")
    laptop = sign_in(Client(HTTP_USER_AGENT="Laptop browser", REMOTE_ADDR="192.0.2.10"), owner)
    phone = sign_in(Client(HTTP_USER_AGENT="Phone browser", REMOTE_ADDR="192.0.2.20"), owner)
    assert _signed_in(laptop)
    assert _signed_in(phone)
    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Laptop browser" in page
    assert "Last seen" in page
    assert "Phone browser" in page
    assert "192.0.2.20" in page
    laptop.post("/accounts/sessions/", {})
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def test_changing_the_password_ends_the_other_sessions(world: World) -> None:
    owner = world.a.user("owner")
    here = sign_in(Client(), owner)
    there = sign_in(Client(), owner)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": "a new and long passphrase 7",
         "password2": "a new and long passphrase 7"},
    )
    assert response.status_code == 302, response.content
    assert _signed_in(here)
    assert not _signed_in(there)


def test_removing_a_factor_ends_the_other_sessions(world: World) -> None:
    owner = world.a.user("owner")
    here = sign_in(Client(), owner)
    there = sign_in(Client(), owner)
    assert _signed_in(there)
    here.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    response = here.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302, response.content
    assert not Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()
    gone = there.get("/c/acme/")
    assert gone["Location"].startswith("/accounts/login/")


def test_signing_in_gets_a_new_session_id(world: World) -> None:
    """Session fixation: an id planted before sign-in is worthless after it."""
    client = Client()
    client.get("/accounts/login/")
    planted = client.session
    planted["planted"] = True
    planted.save()
    before = planted.session_key
    response = client.post(
        "/accounts/login/", {"login": world.a.user("owner").email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    after = client.cookies["strongroom-session"].value
    assert after
    assert after != before
    assert client.session.get("planted") is True  # the data moved, the id did not
    fixed = Client()
    fixed.cookies["strongroom-session"] = str(before)
    assert "_auth_user_id" not in fixed.session.load()
