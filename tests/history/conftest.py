"""A company built only through actions, so that its history is complete: the verifier must
find nothing until a test tampers with the database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor, member_actor
from strongroom.platform.history import read_log
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.models import Company, CustomRole, Membership

TAGS = ("team:oslo", "team:bergen", *(f"round:{n}" for n in range(5)))


@dataclass
class Recorded:
    company: Company
    owner: Membership
    clerk: Membership
    role: CustomRole


def build_recorded(slug: str = "ledger") -> Recorded:
    platform = cli_actor(command="test")
    company = lifecycle.create_company(
        actor=platform, slug=slug, name=f"{slug.title()} AS", country="NO", region="eu-north",
        currency="NOK", owner_email=f"owner@{slug}.test",
    )
    owner = Membership.objects.get(company=company)
    boss = member_actor(owner)
    for tag in TAGS:
        actions.create_tag(actor=boss, name=tag)
    role = actions.create_custom_role(actor=boss, name="Clerks", permissions=["company.view"])
    clerk = actions.add_member(actor=boss, email=f"clerk@{slug}.test", role=perms.EMPLOYEE)
    actions.change_member_role(actor=boss, membership=clerk, role=perms.MANAGER)
    actions.set_member_tags(actor=boss, membership=clerk, tags=["team:oslo"])
    actions.update_custom_role(actor=boss, role=role, permissions=["member.view"])
    with read_log.unit_of_work():
        read_log.note_reads(boss, [owner, clerk], purpose="list")
    return Recorded(company=company, owner=owner, clerk=clerk, role=role)


@pytest.fixture
def recorded(db: None) -> Recorded:
    return build_recorded()
