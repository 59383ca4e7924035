"""Scheduled rotation (P-C3): company keys and the root key older than their period.

Company keys older than ``STRONGROOM_KEY_ROTATION_COMPANY_DAYS`` are rotated, and unfinished
rotations finished. A root key older than ``STRONGROOM_KEY_ROTATION_ROOT_DAYS`` is rotated only
when the keyring is a file Strongroom may write; otherwise (environment variable, KMS) the job
records an overdue alert in the platform audit chain every day until an operator acts.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.jobs.registry import periodic
from strongroom.platform.keys import rotation_runs, rotation_steps
from strongroom.platform.keys.models import CompanyKey
from strongroom.platform.keys.permissions import KEYS_ROTATE
from strongroom.platform.keys.root import provider

JOB = "keys.rotate"
log = logging.getLogger(__name__)


def job_actor(actor: Actor) -> Actor:
    """The job's system actor, allowed to rotate keys and nothing else (P-B4)."""
    return replace(actor, platform=True, permissions=frozenset({KEYS_ROTATE}))


@periodic(name=JOB, every=timedelta(days=1))
def rotate_due_keys(actor: Actor) -> str:
    """Rotate company keys and the root key past their rotation period (or alert)."""
    keys_actor = job_actor(actor)
    now = timezone.now()
    notes = []
    root = provider()
    root.refresh()
    current = root.current_version()
    first_seen = rotation_steps.check_row(current).created_at  # the version's age counts from here
    overdue = now - first_seen >= timedelta(
        days=settings.STRONGROOM_KEY_ROTATION_ROOT_DAYS
    )
    if rotation_runs.root_rewrap_pending() or (overdue and root.can_add_versions):
        result = rotation_runs.rotate_root(keys_actor)
        notes.append(f"root v{result.version}, {result.rewrapped} rewrapped")
    elif overdue:
        age = (now - first_seen).days
        rotation_steps.report_root_overdue(actor=keys_actor, version=current, age_days=age)
        log.warning("root key version %s is %s days old: rotate it", current, age)
        notes.append(f"root v{current} overdue ({age} days)")
    horizon = now - timedelta(days=settings.STRONGROOM_KEY_ROTATION_COMPANY_DAYS)
    due = set(
        CompanyKey.objects.filter(state=CompanyKey.State.ACTIVE, created_at__lte=horizon)
        .values_list("company_id", flat=True)
    ) | set(
        CompanyKey.objects.filter(state=CompanyKey.State.DECRYPT_ONLY)
        .values_list("company_id", flat=True)
    )
    for company_id in sorted(due):
        rotation_runs.rotate_company(keys_actor, company_id)
    notes.append(f"{len(due)} company key(s) rotated")
    return "; ".join(notes)
