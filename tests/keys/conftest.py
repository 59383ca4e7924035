"""Helpers for the key store's tests: people with encrypted fields, and raw stored values."""

from __future__ import annotations

from typing import Any

import pytest

from strongroom.platform.tenancy.models import Membership
from tests.conftest import World
from tests.keys.testapp.models import Person


def stored(person: Person, field: str) -> Any:
    """The value of ``field`` exactly as the database holds it."""
    return Person.objects.filter(pk=person.pk).values_list(field, flat=True).get()


def make_person(world: World, **values: Any) -> Person:
    defaults = {"name": "Kari Nordmann", "email": "Kari.Nordmann@example.no"}
    return Person.objects.create(company=world.a.company, **{**defaults, **values})


@pytest.fixture
def person(world: World) -> Person:
    return make_person(world, account="NO93 8601 1117 947")


@pytest.fixture
def fjord(db: None) -> Membership:
    """The owner's membership of a company made only through actions, so that
    ``strongroom audit verify --company fjord`` finds nothing to report."""
    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.lifecycle.actions import create_company

    company = create_company(
        actor=cli_actor(command="test"), slug="fjord", name="Fjord AS", country="NO",
        region="eu-north", currency="NOK", owner_email="owner@fjord.test",
    )
    return Membership.objects.get(company=company)
