"""Inside the benchmark's Strongroom installation (its production environment): seed the company,
sign browsers in, count statements and history rows per request, print it all as JSON.

    STRONGROOM_ENV_FILE=... python -m bench._inside

Everything goes through the actions, as an installation's data does: the company and its owner,
50 organisations, 1,000 contact persons (encrypted, each with its own key), the demo's 200
invoices; an API key for the owner (who has a second factor, as keys require). Each browser is
a member who signs in through the real flow, password then a TOTP code, in Django's test client;
its session cookie is what wrk sends.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import replace
from typing import Any

import django

LETTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REMOTE: dict[str, Any] = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1",
          "HTTP_X_REAL_IP": "127.0.0.1"}


def seed() -> tuple[Any, dict[str, list[str]]]:
    """The company with its records; the owner's actor and the ids the scenarios rotate over."""
    from bench._scenarios import ORGANISATIONS, PEOPLE, SLUG
    from strongroom.platform.access.actor import Channel, cli_actor, member_actor
    from strongroom.platform.lifecycle import actions as lifecycle
    from strongroom.platform.tenancy.models import Membership
    from strongroom.records.contacts import actions as contacts
    from strongroom.records.invoices import demo as invoices_demo

    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug=SLUG, name="Bench AS", country="NO",
        region="eu-north", currency="NOK", owner_email="owner@bench.example",
        owner_name="Bench Owner",
    )
    membership = Membership.objects.select_related("user", "company").get(company=company)
    owner = replace(member_actor(membership, channel=Channel.CLI), credential="bench")
    organisations = [
        contacts.create_organisation(
            actor=owner, fields={"name": f"Customer {n:02d} AS", "country": "NO", "city": "Oslo"}
        )
        for n in range(ORGANISATIONS)
    ]
    people = [
        contacts.create_contact_person(
            actor=owner, organisation=organisations[n % ORGANISATIONS],
            fields={"name": f"Person {n}", "email": f"person{n}@customer.example",
                    "job_title": "Buyer", "phone": "+47 400 00 000"},
        )
        for n in range(PEOPLE)
    ]
    invoices_demo.seed_demo(owner)
    return owner, {"ids": [str(p.pk) for p in people],
                   "emails": [f"person{n}@customer.example" for n in range(PEOPLE)],
                   "orgs": [str(o.pk) for o in organisations]}


def api_key(owner: Any) -> str:
    """A key of the owner's, made by the action, after the owner enrolled a second factor."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from strongroom.identity.apikeys.actions import create_api_key

    TOTP.activate(owner.user, generate_totp_secret())
    return create_api_key(actor=owner, name="bench", expires_in_days=1)[1]


def sign_in_browsers(owner: Any, count: int) -> list[str]:
    """``count`` accountants (they see contacts and invoices), each signed in once through the
    real flow: their session cookies."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
    from django.conf import settings
    from django.test import Client

    from strongroom.platform.access import permissions as perms
    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.accounts.actions import set_initial_password
    from strongroom.platform.tenancy import actions

    cookies = []
    for n in range(count):
        member = actions.add_member(actor=owner, email=f"browser{n}@bench.example",
                                    full_name=f"Browser {n}", role=perms.ACCOUNTANT)
        password = "".join(secrets.choice(LETTERS) for _ in range(20))
        set_initial_password(actor=cli_actor(command="bench"), user=member.user,
                             password=password)
        secret = generate_totp_secret()
        TOTP.activate(member.user, secret)
        client = Client(**REMOTE)
        answer = client.post("/accounts/login/", {"login": member.user.email,
                                                  "password": password})
        assert answer.status_code == 302, answer.status_code
        code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
        answer = client.post("/accounts/2fa/authenticate/", {"code": code})
        if answer.status_code == 302 and answer["Location"] == "/accounts/2fa/trust/":
            answer = client.post("/accounts/2fa/trust/", {"action": "skip"})
        assert answer.status_code == 302, (answer.status_code, answer.content[:300])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session}")
    return cookies


def history_rows(company_id: int) -> dict[str, int]:
    """The company's audit entries and access-log entries so far."""
    from strongroom.platform.history.models import AccessRead, AuditEvent

    return {"audit": AuditEvent.objects.filter(company_id=company_id).count(),
            "reads": AccessRead.objects.filter(company_id=company_id).count()}


def main() -> None:
    django.setup()
    from django.test import Client

    from bench import _statements
    from bench._scenarios import BROWSERS, STRONGROOM
    from strongroom.platform.history.models import AccessRead, AuditEvent

    owner, seeded = seed()
    key = api_key(owner)
    cookies = sign_in_browsers(owner, BROWSERS)
    api_client = Client(**REMOTE, HTTP_AUTHORIZATION=f"Bearer {key}")
    page_client = Client(**REMOTE, HTTP_COOKIE=cookies[0])
    statements: dict[str, float] = {}
    rows: dict[str, dict[str, float]] = {}
    for scenario in STRONGROOM:
        send = _statements.sender(page_client if scenario.pages else api_client,
                                  seeded["ids"], seeded["emails"], seeded["orgs"])
        before = history_rows(owner.company.pk)
        statements[scenario.name] = _statements.count(scenario, send, aliases=("default", "keys"))
        after = history_rows(owner.company.pk)
        requests = _statements.REQUESTS + 1
        rows[scenario.name] = {k: (after[k] - before[k]) / requests for k in after}
    print(json.dumps({
        **seeded, "key": key, "cookies": cookies, "statements": statements,
        "rows_per_request": rows, "company_id": owner.company.pk,
        "tables": {"audit": AuditEvent._meta.db_table, "reads": AccessRead._meta.db_table},
    }))


if __name__ == "__main__":
    main()
