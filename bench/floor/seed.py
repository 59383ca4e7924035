"""Create the floor's tables and rows (the same numbers as Strongroom's), count statements per
request, and print the ids, e-mails and counts as JSON for ``bench.api``.

    DJANGO_SETTINGS_MODULE=bench.floor.settings FLOOR_DATABASE_URL=... python -m bench.floor.seed
"""

from __future__ import annotations

import json
import random
from decimal import Decimal

import django
from django.utils import timezone


def seed() -> dict[str, list[str]]:
    from bench._scenarios import ORGANISATIONS, PEOPLE
    from bench.floor.models import ContactPerson, Invoice, Organisation

    rng = random.Random(0)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Customer {n:02d} AS", country="NO", city="Oslo")
        for n in range(ORGANISATIONS)
    )
    people = ContactPerson.objects.bulk_create(
        ContactPerson(organisation=organisations[n % ORGANISATIONS], name=f"Person {n}",
                      email=f"person{n}@customer.example", job_title="Buyer",
                      phone="+47 400 00 000")
        for n in range(PEOPLE)
    )
    today = timezone.localdate()
    Invoice.objects.bulk_create(
        Invoice(customer_organisation=organisations[n % ORGANISATIONS],
                customer_name=f"Customer {n % ORGANISATIONS:02d} AS", status="paid",
                number=f"2025-{n:05d}", currency="NOK", notes=f"Project P-{1000 + n}.",
                net_total=Decimal(rng.randrange(1000, 50000)), vat_total=Decimal(250),
                gross_total=Decimal(1250), issue_date=today, due_date=today)
        for n in range(200)
    )
    return {"ids": [str(p.pk) for p in people], "emails": [p.email for p in people],
            "orgs": [str(o.pk) for o in organisations]}


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench import _statements
    from bench._scenarios import FLOOR

    call_command("migrate", run_syncdb=True, verbosity=0)
    seeded = seed()
    send = _statements.sender(Client(), seeded["ids"], seeded["emails"], seeded["orgs"])
    statements = {s.name: _statements.count(s, send, aliases=("default",)) for s in FLOOR}
    print(json.dumps({**seeded, "statements": statements}))


if __name__ == "__main__":
    main()
