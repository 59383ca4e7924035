"""The tag catalogue: members carry only defined tags (P-B2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import Membership, Tag
from tests.conftest import World


def test_unknown_tags_are_refused_with_a_field_error(world: World) -> None:
    target = world.a.members[perms.EMPLOYEE]
    admin = world.a.actor(perms.ADMIN)
    with pytest.raises(ValidationError) as caught:
        actions.set_member_tags(actor=admin, membership=target, tags=["team:oslo", "team:osl0"])
    assert "team:osl0" in caught.value.message_dict["tags"][0]
    target.refresh_from_db()
    assert target.tags == []
    with pytest.raises(ValidationError) as caught:
        actions.add_member(actor=admin, email="new@acme.test", role="employee", tags=["nope"])
    assert "tags" in caught.value.message_dict
    assert not Membership.objects.filter(user__email="new@acme.test").exists()


def test_tags_of_another_company_are_unknown(world: World) -> None:
    Tag.objects.create(company=world.b.company, name="team:stockholm")
    with pytest.raises(ValidationError):
        actions.set_member_tags(actor=world.a.actor(perms.ADMIN),
                                membership=world.a.members[perms.EMPLOYEE],
                                tags=["team:stockholm"])


def test_define_describe_and_delete_a_tag(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    tag = actions.create_tag(actor=admin, name=" Team:Tromso ", description="  Tromso  office ")
    assert (tag.name, tag.description) == ("team:tromso", "Tromso office")
    with pytest.raises(ValidationError) as caught:
        actions.create_tag(actor=admin, name="team:tromso")
    assert "already exists" in caught.value.message_dict["name"][0]
    actions.update_tag(actor=admin, tag=tag, description="West coast")
    assert selectors.tag(admin, tag.pk).description == "West coast"
    actions.set_member_tags(actor=admin, membership=world.a.members[perms.EMPLOYEE],
                            tags=["team:tromso"])
    with pytest.raises(ValidationError) as caught:
        actions.delete_tag(actor=admin, tag=tag)
    assert "1 member(s)" in caught.value.message_dict["name"][0]
    actions.set_member_tags(actor=admin, membership=world.a.members[perms.EMPLOYEE], tags=[])
    actions.delete_tag(actor=admin, tag=tag)
    assert not Tag.objects.filter(pk=tag.pk).exists()


@pytest.mark.parametrize("name", ["", "bad tag", "team:", ":oslo", "x" * 41])
def test_tag_names_are_checked(world: World, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.create_tag(actor=world.a.actor(perms.ADMIN), name=name)
    assert "name" in caught.value.message_dict


def test_tag_policy(world: World) -> None:
    oslo = Tag.objects.get(company=world.a.company, name="team:oslo")
    with pytest.raises(Forbidden):
        actions.create_tag(actor=world.a.actor(perms.MANAGER), name="team:x")
    with pytest.raises(Forbidden):
        actions.delete_tag(actor=world.a.actor(perms.AUDITOR), tag=oslo)
    with pytest.raises(NotFound):
        actions.update_tag(actor=world.b.actor(perms.ADMIN), tag=oslo, description="x")
    with pytest.raises(NotFound):
        selectors.tag(world.b.actor(perms.ADMIN), oslo.pk)
    assert [t.name for t in selectors.tags(world.a.actor(perms.EMPLOYEE))] == [
        "lead:oslo", "team:bergen", "team:oslo"
    ]


def test_unknown_tags_change_nothing_else_on_the_web_or_api(world: World) -> None:
    import json

    from django.test import Client

    from tests.auth import sign_in

    client = Client()
    sign_in(client, world.a.user(perms.ADMIN))
    member = world.a.members[perms.EMPLOYEE]
    web = client.post(f"/c/acme/members/{member.pk}/", {"role": "manager", "tags": "nope"})
    assert "Unknown tag(s) nope" in web.content.decode()
    api = client.patch(f"/api/v1/companies/acme/members/{member.pk}",
                       json.dumps({"role": "manager", "tags": ["nope"]}),
                       content_type="application/json")
    assert api.status_code == 422
    member.refresh_from_db()
    assert (member.role, member.tags) == (perms.EMPLOYEE, [])
