"""Key rotation (P-C3): values stay readable, new values use new versions, old versions retire
only when nothing needs them, and an interrupted rotation finishes on the next run."""

from __future__ import annotations

from typing import Any

import pytest

from strongroom.platform.access.actor import Actor
from strongroom.platform.access.policy import Forbidden
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys import cache, rotation_runs, rotation_steps, store
from strongroom.platform.keys.crypto import token_key
from strongroom.platform.keys.errors import KeyNotFound, RotationRefused
from strongroom.platform.keys.models import CompanyKey, DataKeyset, DataKeyVersion
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.status import key_status
from tests.conftest import World
from tests.keys.conftest import make_person, stored
from tests.keys.rotation_helpers import use_file_keyring
from tests.keys.testapp.models import Person


def _people(world: World) -> list[Person]:
    return [
        make_person(world, name=f"Person {n}", account=f"NO{n}")
        for n in range(3)
    ] + [Person.objects.create(company=world.b.company, name="Bo", email="bo@example.se")]


def _readable(people: list[Person]) -> list[tuple[str, str]]:
    cache.clear()
    return [(p.name, p.account) for p in Person.objects.filter(pk__in=[p.pk for p in people])
            .order_by("name")]


def _key_states(company_id: int) -> dict[int, str]:
    return dict(
        CompanyKey.objects.filter(company_id=company_id).values_list("version", "state")
    )


def test_round_trip_root_and_company_rotation(world: World, platform_actor: Actor) -> None:
    use_file_keyring()
    people = _people(world)
    before = _readable(people)
    tokens = [stored(p, "name") for p in people]
    a, b = world.a.company.pk, world.b.company.pk

    root = rotation_runs.rotate_root(platform_actor, batch=1)
    assert (root.version, root.added, root.rewrapped) == (2, True, 2)
    assert set(CompanyKey.objects.values_list("root_version", flat=True)) == {2}
    assert _readable(people) == before

    for company_id in (a, b):
        result = rotation_runs.rotate_company(platform_actor, company_id, data_keys=True, batch=2)
        assert (result.version, result.started, result.retired) == (2, True, [1])
        assert result.rewrapped > 0
    assert _key_states(a) == {1: "retired", 2: "active"}
    assert CompanyKey.objects.get(company_id=a, version=1).wrapped == b""
    assert _readable(people) == before
    assert [stored(p, "name") for p in people] == tokens  # data was not re-encrypted

    newcomer = make_person(world, name="Newcomer")
    keyset = DataKeyset.objects.get(key_id=token_key(stored(newcomer, "name"))[0])
    assert keyset.versions.get().company_key_version == 2
    people[0].name = "Renamed"
    people[0].save()
    assert token_key(stored(people[0], "name"))[1] == 2  # the subject's new data key version
    assert Person.objects.get(pk=people[0].pk).name == "Renamed"

    status = key_status(platform_actor)
    assert [(v.version, v.state) for v in status.root] == [(1, "unused"), (2, "current")]
    acme = next(c for c in status.companies if c.slug == "acme")
    assert [(v.version, v.state) for v in acme.versions] == [(1, "retired"), (2, "active")]
    assert not acme.rotating
    assert not acme.overdue
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {int(AuditEventType.KEY_ROOT_VERSION_ADDED), int(AuditEventType.KEY_COMPANY_RETIRED),
            int(AuditEventType.KEY_DATA_KEYS_ROTATED)} <= events
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.KEY_COMPANY_ROTATED, company_id=a
    ).exists()

    message = rotation_steps.retire_root_key_version(actor=platform_actor, version=1)
    assert "removed" in message
    assert provider().versions() == [2]
    assert ("Newcomer", "") in _readable([*people, newcomer])


def test_an_interrupted_rewrap_finishes_on_the_next_run(
    world: World, platform_actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _people(world)
    before = _readable(people)
    company_id = world.a.company.pk
    real = rotation_steps.rewrap_data_keys
    calls = {"n": 0}

    def failing(**kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(rotation_steps, "rewrap_data_keys", failing)
    with pytest.raises(RuntimeError):
        rotation_runs.rotate_company(platform_actor, company_id, batch=1)
    assert _key_states(company_id) == {1: "decrypt_only", 2: "active"}
    acme = next(c for c in key_status(platform_actor).companies if c.slug == "acme")
    assert acme.rotating
    assert _readable(people) == before  # half rewrapped, all readable

    monkeypatch.setattr(rotation_steps, "rewrap_data_keys", real)
    again = rotation_runs.rotate_company(platform_actor, company_id, batch=1)
    assert (again.version, again.started, again.retired) == (2, False, [1])
    assert _key_states(company_id) == {1: "retired", 2: "active"}
    assert _readable(people) == before


def test_old_versions_retire_only_when_nothing_is_wrapped_under_them(
    world: World, platform_actor: Actor
) -> None:
    make_person(world)
    use_file_keyring(extra_version=True)
    company_id = world.a.company.pk
    assert CompanyKey.objects.get(company_id=company_id).root_version == 1
    with pytest.raises(RotationRefused, match="still wrapped under root key version 1"):
        rotation_steps.retire_root_key_version(actor=platform_actor, version=1)
    with pytest.raises(RotationRefused, match="current one"):
        rotation_steps.retire_root_key_version(actor=platform_actor, version=2)

    rotation_steps.rotate_company_key(actor=platform_actor, company_id=company_id)
    with pytest.raises(RotationRefused, match="still wrapped under company"):
        rotation_steps.retire_company_key(actor=platform_actor, company_id=company_id, version=1)
    with pytest.raises(RotationRefused, match="not decrypt-only"):
        rotation_steps.retire_company_key(actor=platform_actor, company_id=company_id, version=2)
    assert _key_states(company_id) == {1: "decrypt_only", 2: "active"}


def test_no_data_key_is_wrapped_under_a_retired_company_key(
    world: World, platform_actor: Actor
) -> None:
    make_person(world)
    company_id = world.a.company.pk
    rotation_runs.rotate_company(platform_actor, company_id)
    retired = CompanyKey.objects.get(company_id=company_id, version=1)
    assert retired.state == CompanyKey.State.RETIRED
    assert not DataKeyVersion.objects.filter(
        keyset__company_id=company_id, company_key_version=1
    ).exists()
    keyset = DataKeyset.objects.filter(company_id=company_id).first()
    assert keyset is not None
    with pytest.raises(KeyNotFound):
        store.add_version(keyset, version=9, company_key=retired)
    cache.clear()
    with pytest.raises(KeyNotFound, match="retired"):
        store.company_aead(company_id, 1)


def test_a_second_rotation_while_one_is_unfinished_adds_no_version(
    world: World, platform_actor: Actor
) -> None:
    make_person(world)
    company_id = world.a.company.pk
    first = rotation_steps.rotate_company_key(actor=platform_actor, company_id=company_id)
    second = rotation_steps.rotate_company_key(actor=platform_actor, company_id=company_id)
    assert first is not None
    assert second is not None
    assert first.version == second.version == 2
    assert CompanyKey.objects.filter(company_id=company_id).count() == 2


def test_a_keyring_strongroom_cannot_write_is_refused_clearly(
    world: World, platform_actor: Actor
) -> None:
    use_file_keyring(inline=True)
    with pytest.raises(RotationRefused, match="add a new version"):
        rotation_runs.rotate_root(platform_actor)


def test_a_company_without_keys_is_left_alone(world: World, platform_actor: Actor) -> None:
    result = rotation_runs.rotate_company(platform_actor, world.a.company.pk)
    assert result.version is None
    assert not CompanyKey.objects.exists()


def test_members_may_not_rotate(world: World) -> None:
    make_person(world)
    with pytest.raises(Forbidden):
        rotation_steps.rotate_company_key(
            actor=world.a.actor("owner"), company_id=world.a.company.pk
        )
