"""The platform key scope: a company key for what belongs to no company (accounts' secrets).

It is created on first use like any company key, rotated by ``keys rotate --platform``,
``--all-companies`` and the daily job, with its audit entries in the platform chain, shown as
"platform" by ``keys status`` and the operator console, and never destroyed by a termination.
"""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from strongroom.platform.access.actor import system_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys import cache, crypto, jobs, store
from strongroom.platform.keys.company_shredding import destroy_company_keys
from strongroom.platform.keys.models import CompanyKey, Purpose
from strongroom.platform.keys.scope import PLATFORM_SCOPE
from tests.auth import sign_in
from tests.conftest import World
from tests.keys.conftest import make_person

CONTEXT = crypto.field_context(PLATFORM_SCOPE, "test.platform", "", "value")


def _seal(text: str) -> str:
    key = store.encryption_key(PLATFORM_SCOPE, Purpose.COMPANY)
    return crypto.seal_field(key.aead, key.key_id, key.version, text, CONTEXT)


def _open(token: str) -> str:
    key_id, version, raw = crypto.decode_field(token)
    key = store.decryption_key(key_id, version, company_id=PLATFORM_SCOPE)
    assert key is not None
    return crypto.open_field(key.aead, raw, CONTEXT)


def _keys(*args: str) -> str:
    out = StringIO()
    call_command("keys", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _platform_versions() -> list[tuple[int, str]]:
    return list(
        CompanyKey.objects.filter(company_id=PLATFORM_SCOPE)
        .order_by("version").values_list("version", "state")
    )


def test_the_platform_key_is_made_on_first_use_and_rotates_into_the_platform_chain(
    world: World,
) -> None:
    token = _seal("platform secret")
    assert _platform_versions() == [(1, CompanyKey.State.ACTIVE)]

    out = _keys("rotate", "--platform", "--data-keys")
    assert "platform: key v2 active; 1 data key(s) given a new version" in out
    assert _platform_versions() == [(1, CompanyKey.State.RETIRED), (2, CompanyKey.State.ACTIVE)]
    events = AuditEvent.objects.filter(event_type__in=[
        AuditEventType.KEY_COMPANY_ROTATED, AuditEventType.KEY_DATA_KEYS_ROTATED,
        AuditEventType.KEY_DATA_KEYS_REWRAPPED, AuditEventType.KEY_COMPANY_RETIRED,
    ])
    assert len(events) == 4
    assert {event.company_id for event in events} == {None}
    cache.clear()
    assert _open(token) == "platform secret"


def test_all_companies_and_the_daily_job_include_the_platform_key(world: World) -> None:
    _seal("platform secret")
    make_person(world)
    out = _keys("rotate", "--all-companies")
    assert "platform: key v2 active" in out
    assert f"company {world.a.company.pk}: key v2 active" in out

    CompanyKey.objects.filter(company_id=PLATFORM_SCOPE).update(
        created_at=timezone.now() - timedelta(days=91)
    )
    jobs.rotate_due_keys(system_actor(job=jobs.JOB))
    assert [v for v, state in _platform_versions() if state == CompanyKey.State.ACTIVE] == [3]


def test_status_and_the_console_name_it_platform(world: World) -> None:
    _seal("platform secret")
    text = _keys("status")
    assert "platform (accounts' second-factor secrets): next rotation" in text
    assert "(unknown)" not in text
    (entry,) = [c for c in json.loads(_keys("status", "--json"))["companies"] if c["platform"]]
    assert (entry["company_id"], entry["slug"]) == (PLATFORM_SCOPE, "platform")
    page = sign_in(Client(), world.operator).get("/ops/keys/").content.decode()
    assert "<strong>platform</strong>" in page


def test_termination_can_never_destroy_it(world: World) -> None:
    token = _seal("platform secret")
    with pytest.raises(ValueError, match="never destroyed"):
        destroy_company_keys(PLATFORM_SCOPE)
    destroy_company_keys(world.a.company.pk)
    assert _platform_versions() == [(1, CompanyKey.State.ACTIVE)]
    cache.clear()
    assert _open(token) == "platform secret"
