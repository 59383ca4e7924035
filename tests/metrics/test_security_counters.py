"""Security monitoring (P-G7): failed sign-ins, wrong second-factor codes and rate-limit
refusals are counted where they happen, for the spike alerts."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from strongroom.identity.factors import codes
from strongroom.project.handlers import too_many_requests
from tests.auth import enrol_totp, totp_code
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.metrics.conftest import scrape, value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("metrics_token")]
FAILURES = "strongroom_second_factor_failures_total"
HITS = "strongroom_rate_limit_hits_total"


def test_a_wrong_second_factor_code_counts_once(world: World) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    client = Client()
    client.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    before = value(scrape(client), FAILURES) or 0
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    refused = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert "Incorrect code" in refused.content.decode()
    assert (value(scrape(client), FAILURES) or 0) - before == 1
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert (value(scrape(client), FAILURES) or 0) - before == 1  # a right code is no failure


def test_failed_sign_ins_and_sign_in_limit_refusals_count(world: World) -> None:
    clerk = world.a.user("employee")
    client = Client()
    found = scrape(client)
    before = value(found, HITS, limit="signin") or 0
    failed = value(found, "strongroom_signin_failures_total") or 0
    answers = [
        client.post("/accounts/login/", {"login": clerk.email, "password": "wrong password 1"})
        for _ in range(7)  # allauth allows 5 failures per account in 5 minutes
    ]
    refused = sum("Too many failed login attempts" in a.content.decode() for a in answers)
    assert refused >= 1
    after = scrape(client)
    assert (value(after, HITS, limit="signin") or 0) - before == refused
    # the attempts the limit let through were wrong passwords
    assert (value(after, "strongroom_signin_failures_total") or 0) - failed == 7 - refused


def test_429_pages_and_code_throttles_count(world: World) -> None:
    client = Client()
    found = scrape(client)
    http, sends = value(found, HITS, limit="http") or 0, value(found, HITS, limit="code_sends") or 0
    assert too_many_requests(RequestFactory().get("/accounts/login/")).status_code == 429
    holder: dict[str, object] = {}
    owner = world.a.user("owner")
    codes.issue(holder, user=owner, kind="email", purpose="sign-in", ip="192.0.2.1")
    with pytest.raises(codes.CodeError, match="Wait"):
        codes.issue(holder, user=owner, kind="email", purpose="sign-in", ip="192.0.2.1")
    found = scrape(client)
    assert (value(found, HITS, limit="http") or 0) - http == 1
    assert (value(found, HITS, limit="code_sends") or 0) - sends == 1
