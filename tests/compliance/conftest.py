"""A seeded installation whose promises hold: two companies built only through actions (so that
`audit verify` finds nothing), contacts with encrypted fields, fresh backups and drills at two
locations, a recent clean dependency scan, and an operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from strongroom.platform.access.actor import member_actor
from strongroom.platform.accounts.models import User
from strongroom.platform.backups.models import BackupRun, DrillRun
from strongroom.platform.tenancy.models import Company
from strongroom.records.contacts import actions as contacts
from strongroom.security.models import ScanRun
from tests.factories import OperatorFactory
from tests.history.conftest import Recorded, build_recorded

LOCATIONS = {"local": "/backups/local", "second": "/backups/second"}


@dataclass
class Seeded:
    ledger: Recorded
    fjord: Recorded
    operator: User

    @property
    def company(self) -> Company:
        return self.ledger.company


def _person(recorded: Recorded, name: str) -> None:
    actor = member_actor(recorded.owner)
    organisation = contacts.create_organisation(
        actor=actor, fields={"name": f"{name} Holding AS", "country": "NO", "city": "Oslo"})
    contacts.create_contact_person(actor=actor, organisation=organisation,
                                   fields={"name": name, "email": "kari@customer.example"})


@pytest.fixture
def seeded(db: None, settings: Any) -> Seeded:
    settings.STRONGROOM_BACKUP_ENABLED = True
    settings.STRONGROOM_BACKUP_LOCATIONS = LOCATIONS
    seeded = Seeded(ledger=build_recorded("ledger"), fjord=build_recorded("fjord"),
                    operator=OperatorFactory(email="operator@platform.test"))
    _person(seeded.ledger, "Kari Nordmann")
    _person(seeded.fjord, "Sven Svensson")
    now = timezone.now()
    for location in LOCATIONS:
        run = BackupRun.objects.create(
            run_id="r1", location=location, started_at=now - timedelta(minutes=10),
            finished_at=now - timedelta(minutes=9), ok=True, verified=True,
        )
        DrillRun.objects.create(
            location=location, backup=run, started_at=now - timedelta(days=1),
            finished_at=now - timedelta(days=1), ok=True, restore_seconds=2.5,
        )
    ScanRun.objects.create(started_at=now - timedelta(days=1), finished_at=now - timedelta(days=1),
                           advisory_source="test", target="test", ok=True, packages=90)
    return seeded
