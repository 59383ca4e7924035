"""``strongroom keys`` and the scheduled rotation job (P-C3)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from strongroom.platform.access.actor import system_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys import jobs
from strongroom.platform.keys.models import CompanyKey, RootKeyCheck
from strongroom.platform.keys.root import provider
from tests.conftest import World
from tests.keys.conftest import make_person
from tests.keys.rotation_helpers import use_file_keyring
from tests.keys.testapp.models import Person


def _keys(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_status_and_rotate_through_the_command(world: World) -> None:
    use_file_keyring()
    person = make_person(world)
    make_person(world, name="Second")
    text, _ = _keys("status")
    assert "v1    current" in text
    assert "acme (id" in text
    assert "Kari" not in text
    assert "person:" not in text

    out, err = _keys("rotate", "--company", "acme", "--data-keys", "--batch", "1")
    # 2 people; the blind-index key keeps its one version (and is rewrapped)
    assert "key v2 active; 2 data key(s) given a new version, 3 rewrapped" in out
    assert "rewrapped 1 data key version(s) from v1" in err  # progress, batch by batch
    out, _ = _keys("rotate", "--root")
    assert "Root key version 2 is current; 1 company key version(s) rewrapped" in out

    data = json.loads(_keys("status", "--company", "acme", "--json")[0])
    assert [(r["version"], r["state"]) for r in data["root"]] == [(1, "unused"), (2, "current")]
    (acme,) = data["companies"]
    assert [(v["version"], v["state"]) for v in acme["versions"]] == [
        (1, "retired"), (2, "active"),
    ]
    assert acme["next_rotation"] > timezone.now().isoformat()
    assert Person.objects.get(pk=person.pk).name == "Kari Nordmann"
    out, _ = _keys("retire-root", "1")
    assert "removed" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rotate", "--company", "nope"), "No company 'nope'"),
        (("status", "--company", "nope"), "No company 'nope'"),
        (("rotate", "--root", "--data-keys"), "--data-keys goes with"),
        (("retire-root", "7"), "root key version 7 is not in"),
    ],
)
def test_clear_errors(world: World, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _keys(*args)


def test_rotate_needs_a_target(world: World) -> None:
    with pytest.raises(CommandError, match="one of the arguments"):
        _keys("rotate")


def test_generate_root_key_prints_a_usable_key(db: None) -> None:
    from strongroom.platform.keys.keyring import parse

    out, _ = _keys("generate-root-key")
    assert len(parse(f"2:{out.strip()}", source="test")[2]) == 32


def _age(company_id: int, days: int) -> None:
    CompanyKey.objects.filter(company_id=company_id).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_the_job_rotates_company_keys_past_their_period(world: World) -> None:
    make_person(world)
    Person.objects.create(company=world.b.company, name="Bo")
    _age(world.a.company.pk, 91)
    _age(world.b.company.pk, 89)
    summary = jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    assert "1 company key(s) rotated" in summary
    assert CompanyKey.objects.filter(company_id=world.a.company.pk).count() == 2
    assert CompanyKey.objects.filter(company_id=world.b.company.pk).count() == 1
    event = AuditEvent.objects.get(event_type=AuditEventType.KEY_COMPANY_ROTATED)
    assert (event.channel, event.credential) == ("system", jobs.JOB)


def test_an_overdue_root_key_is_rotated_when_the_keyring_is_a_writable_file(
    world: World,
) -> None:
    use_file_keyring()
    make_person(world)
    jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    assert provider().current_version() == 1
    RootKeyCheck.objects.update(created_at=timezone.now() - timedelta(days=366))
    jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    assert provider().current_version() == 2
    assert set(CompanyKey.objects.values_list("root_version", flat=True)) == {2}


def test_an_overdue_root_key_that_cannot_be_rotated_raises_an_alert(world: World) -> None:
    use_file_keyring(inline=True)
    make_person(world)
    jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    assert not AuditEvent.objects.filter(event_type=AuditEventType.KEY_ROOT_ROTATION_OVERDUE)
    RootKeyCheck.objects.update(created_at=timezone.now() - timedelta(days=400))
    jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    alert = AuditEvent.objects.get(event_type=AuditEventType.KEY_ROOT_ROTATION_OVERDUE)
    assert alert.company_id is None
    assert alert.extra["age_days"] == 400
    assert provider().current_version() == 1
