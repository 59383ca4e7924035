"""P-A4 under a scripted attack: per IP, per account and installation-wide limits that back off,
with the same answer whether or not the account exists. Run on the database cache and on Redis."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from tests.auth import enrol_totp, second_factor_step, totp_code
from tests.clock import advance_clock, set_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD

TOO_MANY = "Too many failed login attempts"
WRONG = "The email address and/or password you specified are not correct."

pytestmark = pytest.mark.usefixtures("shared_cache")


def _attempt(email: str, password: str, *, ip: str) -> str:
    response = Client(REMOTE_ADDR=ip).post(
        "/accounts/login/", {"login": email, "password": password}
    )
    if response.status_code == 302:
        return "signed-in"
    body = response.content.decode()
    if response.status_code == 429:  # the whole sign-in page, for an address that floods it
        assert response["Retry-After"] == "60"
        return "limited"
    if TOO_MANY in body:
        return "limited"
    assert WRONG in body, body[:2000]
    return "wrong"


def test_one_ip_guessing_many_accounts_is_slowed_down(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = [
        _attempt(f"victim{n}@acme.test", f"guess-{n}", ip="203.0.113.9") for n in range(200)
    ]
    assert results.count("wrong") == 10
    assert results.count("limited") == 190
    # Someone else, elsewhere, is not affected.
    assert _attempt("owner@acme.test", TEST_PASSWORD, ip="198.51.100.7") == "signed-in"
    # Back-off, not lock-out: a minute later the address may try again.
    advance_clock(monkeypatch, 61)
    assert _attempt("victim0@acme.test", "again", ip="203.0.113.9") == "wrong"


def test_many_ips_guessing_one_account_are_slowed_down_then_the_owner_gets_in(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = [
        _attempt("owner@acme.test", f"guess-{n}", ip=f"10.0.{n // 250}.{n % 250 + 1}")
        for n in range(200)
    ]
    assert results.count("wrong") == 5
    assert results.count("limited") == 195
    # While the account's window is full even the right password waits...
    assert _attempt("owner@acme.test", TEST_PASSWORD, ip="198.51.100.7") == "limited"
    # ...and after the back-off the real user signs in.
    advance_clock(monkeypatch, 5 * 60 + 1)
    assert _attempt("owner@acme.test", TEST_PASSWORD, ip="198.51.100.7") == "signed-in"


def test_unknown_and_known_accounts_answer_alike(world: World) -> None:
    known = [_attempt("owner@acme.test", f"x{n}", ip=f"10.1.0.{n + 1}") for n in range(7)]
    unknown = [_attempt("nobody@acme.test", f"x{n}", ip=f"10.2.0.{n + 1}") for n in range(7)]
    assert known == unknown == ["wrong"] * 5 + ["limited"] * 2


def test_installation_wide_ceiling_holds_against_a_spread_attack(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.STRONGROOM_SIGNIN_FAILURES_PER_MINUTE = 20
    # The ceiling counts per clock minute: start the attack early in one so it cannot straddle two.
    start_of_minute = time.time() // 60 * 60
    set_clock(monkeypatch, start_of_minute + 5)
    results = [
        _attempt(f"user{n}@acme.test", "guess", ip=f"10.3.{n // 250}.{n % 250 + 1}")
        for n in range(60)
    ]
    assert results.count("wrong") == 20
    assert results.count("limited") == 40
    advance_clock(monkeypatch, 61)
    assert _attempt("owner@acme.test", TEST_PASSWORD, ip="10.9.9.9") == "signed-in"


def test_second_factor_codes_are_limited_per_account(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    wrong = f"{(int(totp_code(secret)) + 500_000) % 1_000_000:06d}"
    answers = [
        client.post("/accounts/2fa/authenticate/", {"code": wrong}).content.decode()
        for _ in range(6)
    ]
    assert all("Incorrect code" in answer for answer in answers[:5])
    assert TOO_MANY in answers[5]
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert TOO_MANY in right.content.decode()  # even the right code waits out the window
    advance_clock(monkeypatch, 5 * 60 + 1)
    retry = Client(REMOTE_ADDR="192.0.2.44")
    retry.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    response = second_factor_step(retry, totp_code(secret, offset=1))
    assert response.status_code == 302
    assert retry.get("/c/acme/").status_code == 200
