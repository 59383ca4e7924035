"""Calls of the key store's actions (rotation, erasure) for the every-action history test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.keys import rotation_steps, subject_erasure
from strongroom.platform.keys.root import provider
from tests.conftest import World
from tests.keys.conftest import make_person
from tests.keys.rotation_helpers import use_file_keyring

Build = Callable[[World, Actor], dict[str, Any]]


def _rotated(world: World, platform: Actor, *, rewrapped: bool = False) -> int:
    """Company A with a person, its key rotated (v1 decrypt-only); its id."""
    make_person(world)
    company_id = world.a.company.pk
    rotation_steps.rotate_company_key(actor=platform, company_id=company_id)
    if rewrapped:
        rotation_steps.rewrap_data_keys(actor=platform, company_id=company_id, from_version=1)
    return company_id


def _root_rotated(world: World, platform: Actor) -> dict[str, Any]:
    make_person(world)
    use_file_keyring(extra_version=True)
    current = provider().current_version()
    rotation_steps.rewrap_company_keys(actor=platform, to_version=current)
    return {"actor": platform, "version": current - 1}


def _root_behind(world: World, platform: Actor) -> dict[str, Any]:
    make_person(world)
    use_file_keyring(extra_version=True)
    return {"actor": platform, "to_version": provider().current_version()}


def _file_keyring(world: World, platform: Actor) -> dict[str, Any]:
    use_file_keyring()
    return {"actor": platform, "expected_current": provider().current_version()}


CASES: dict[Callable[..., Any], Build] = {
    rotation_steps.add_root_key_version: _file_keyring,
    rotation_steps.rewrap_company_keys: _root_behind,
    rotation_steps.retire_root_key_version: _root_rotated,
    rotation_steps.report_root_overdue: lambda w, p: {
        "actor": p, "version": provider().current_version(), "age_days": 400,
    },
    rotation_steps.rotate_company_key: lambda w, p: {
        "actor": p, "company_id": make_person(w).company_id,
    },
    rotation_steps.rotate_data_keys: lambda w, p: {
        "actor": p, "company_id": make_person(w).company_id,
        "older_than": timezone.now() + timedelta(seconds=1),
    },
    rotation_steps.rewrap_data_keys: lambda w, p: {
        "actor": p, "company_id": _rotated(w, p), "from_version": 1,
    },
    rotation_steps.retire_company_key: lambda w, p: {
        "actor": p, "company_id": _rotated(w, p, rewrapped=True), "version": 1,
    },
    subject_erasure.destroy_subject_keys: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "company_id": w.a.company.pk,
        "subject": f"contact:{uuid.uuid4()}", "permission": "contact.manage",
    },
}
