"""Approval rule actions: field checks, policy, and tags protected while rules use them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.tenancy import actions as tenancy_actions
from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import selectors
from strongroom.records.approvals.actions import rules
from tests.approvals.conftest import TEST_KIND, Calls
from tests.conftest import World


def _tag(world: World, name: str = "lead:oslo", company: str = "a") -> Tag:
    return Tag.objects.get(company=getattr(world, company).company, name=name)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "holiday"}, "kind"),
        ({"step": 0}, "step"),
        ({"step": 6}, "step"),
        ({"approver_tag": None, "approver_role": ""}, "approver_tag"),
        ({"approver_role": "manager"}, "approver_tag"),  # both a tag and a role
        ({"approver_tag": None, "approver_role": "auditor"}, "approver_role"),
        ({"amount_above": Decimal("-1")}, "amount_above"),
        ({"amount_above": Decimal("1.234")}, "amount_above"),
        ({"amount_above": Decimal("NaN")}, "amount_above"),
    ],
)
def test_rule_fields_are_checked(
    world: World, test_kind: Calls, fields: dict[str, Any], error_field: str
) -> None:
    values: dict[str, Any] = {
        "name": "Oslo", "kind": TEST_KIND, "step": 1, "approver_tag": _tag(world),
        "approver_role": "", "amount_above": None,
    }
    values.update(fields)
    with pytest.raises(ValidationError) as caught:
        rules.create_rule(actor=world.a.actor(perms.ADMIN), **values)
    assert error_field in caught.value.message_dict


def test_create_update_delete(world: World, test_kind: Calls) -> None:
    admin = world.a.actor(perms.ADMIN)
    rule = rules.create_rule(
        actor=admin, name="  Big  claims ", kind=TEST_KIND, step=2,
        approver_role=perms.ACCOUNTANT, amount_above=Decimal("10000"),
    )
    assert (rule.name, rule.approver_label) == ("Big claims", "role accountant")
    rules.update_rule(
        actor=admin, rule=rule, name="Oslo", kind=TEST_KIND, step=1,
        requester_tag=_tag(world, "team:oslo"), approver_tag=_tag(world), approver_role="",
        amount_above=None, is_active=False,
    )
    stored = selectors.rule(world.a.actor(perms.MANAGER), rule.pk)
    assert (stored.approver_label, stored.is_active, stored.amount_above) == (
        "members tagged lead:oslo", False, None
    )
    with pytest.raises(ValidationError) as caught:
        tenancy_actions.delete_tag(actor=admin, tag=_tag(world, "team:oslo"))
    assert "Approval rules use team:oslo" in caught.value.message_dict["name"][0]
    rules.delete_rule(actor=admin, rule=rule)
    assert not selectors.rules(admin).exists()


def test_rule_policy(world: World, test_kind: Calls) -> None:
    with pytest.raises(Forbidden):
        rules.create_rule(actor=world.a.actor(perms.MANAGER), name="x", kind=TEST_KIND,
                          approver_role=perms.MANAGER)
    with pytest.raises(NotFound):  # another company's tag
        rules.create_rule(actor=world.a.actor(perms.ADMIN), name="x", kind=TEST_KIND,
                          approver_tag=_tag(world, company="b"))
    rule = rules.create_rule(actor=world.a.actor(perms.ADMIN), name="x", kind=TEST_KIND,
                             approver_role=perms.MANAGER)
    with pytest.raises(NotFound):
        rules.delete_rule(actor=world.b.actor(perms.ADMIN), rule=rule)
    with pytest.raises(NotFound):  # employees do not see rules
        selectors.rule(world.a.actor(perms.EMPLOYEE), rule.pk)
