"""Contacts made through their actions, as the application makes them."""

from __future__ import annotations

import itertools
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.records.contacts import actions
from strongroom.records.contacts.models import ContactPerson, Organisation
from tests.conftest import CompanyWorld

_numbers = itertools.count(1)


def make_organisation(company: CompanyWorld, **fields: Any) -> Organisation:
    n = next(_numbers)
    values = {"name": f"Customer {n} AS", "country": "NO", "city": "Oslo", **fields}
    return actions.create_organisation(actor=company.actor(perms.ADMIN), fields=values)


def make_person(
    company: CompanyWorld, organisation: Organisation | None = None, **fields: Any
) -> ContactPerson:
    n = next(_numbers)
    values = {"name": f"Person {n}", "email": f"person{n}@customer.example", **fields}
    return actions.create_contact_person(
        actor=company.actor(perms.ADMIN),
        organisation=organisation or make_organisation(company),
        fields=values,
    )
