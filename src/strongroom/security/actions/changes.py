"""Writes to the change log (P-G6): a new version, migrations applied and a changed security
configuration (recorded by the platform itself), and a change an operator plans."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.security import changelog
from strongroom.security.models import Change, ChangeKind
from strongroom.security.permissions import SECURITY_CHANGES


def _last(kind: str) -> Change | None:
    return Change.objects.filter(kind=kind).order_by("-pk").first()


def _create_once(change: Change, previous: Change | None) -> bool:
    """Insert ``change`` as the one successor of ``previous``; False if another instance did."""
    change.sequence = f"{change.kind}:after:{previous.pk if previous else 0}"
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        return False
    return True


@action
def record_version(*, actor: Actor) -> Change | None:
    """Record the running version unless it is the last one recorded (once across instances)."""
    policy.require(actor, SECURITY_CHANGES)
    version, commit = changelog.current_version()
    last = _last(ChangeKind.VERSION)
    if last is not None and (last.version, last.commit) == (version, commit):
        return None
    label = f"{version} ({commit[:12]})" if commit else version
    change = Change(kind=ChangeKind.VERSION, recorded_at=timezone.now(), version=version,
                    commit=commit, summary=f"Version {label} started")
    if not _create_once(change, last):
        return None
    record(actor=actor, event=AuditEventType.CHANGE_VERSION_STARTED, obj=change,
           company_id=None, extra={"version": version, "commit": commit})
    return change


@action
def record_migrations(*, actor: Actor, applied: Sequence[tuple[str, str, bool]]) -> list[Change]:
    """Record each migration a ``migrate`` run applied (or unapplied)."""
    policy.require(actor, SECURITY_CHANGES)
    now, version = timezone.now(), changelog.current_version()[0]
    rows = []
    for app, name, backwards in applied:
        verb = "unapplied" if backwards else "applied"
        change = Change.objects.create(
            kind=ChangeKind.MIGRATION, recorded_at=now, app=app[:100], migration=name[:200],
            version=version, summary=f"Migration {app}.{name} {verb}"[:300],
        )
        record(actor=actor, event=AuditEventType.CHANGE_MIGRATION_APPLIED, obj=change,
               company_id=None, extra={"app": app, "migration": name, "backwards": backwards})
        rows.append(change)
    return rows


@action
def record_configuration(*, actor: Actor) -> Change | None:
    """Record the security settings when any differs from the last record: the names of those
    that changed, with salted digests to compare next time; never a value."""
    policy.require(actor, SECURITY_CHANGES)
    last = _last(ChangeKind.CONFIGURATION)
    if last is None:
        changed = list(changelog.SECURITY_SETTINGS)
    else:
        again = changelog.digests(last.salt)
        changed = sorted(name for name, value in again.items()
                         if last.setting_digests.get(name) != value)
        if not changed:
            return None
    salt = secrets.token_hex(16)
    named = changelog.digests(salt)
    summary = ("Security configuration first recorded" if last is None
               else f"Security settings changed: {', '.join(changed)}")
    change = Change(
        kind=ChangeKind.CONFIGURATION, recorded_at=timezone.now(), summary=summary[:300],
        version=changelog.current_version()[0], settings_changed=changed,
        fingerprint=changelog.fingerprint(named), salt=salt, setting_digests=named,
    )
    if not _create_once(change, last):
        return None
    record(actor=actor, event=AuditEventType.CHANGE_CONFIGURATION, obj=change, company_id=None,
           extra={"settings": changed})
    return change


@action
def plan_change(
    *, actor: Actor, summary: str, note: str, planned_for: datetime | None = None
) -> Change:
    """An operator records a planned change with its review note."""
    policy.require(actor, SECURITY_CHANGES)
    problems = {}
    if not summary.strip():
        problems["summary"] = "Say what will change."
    if not note.strip():
        problems["note"] = "Add the review note: who reviewed it, the risk and the way back."
    if problems:
        raise ValidationError(problems)
    change = Change.objects.create(
        kind=ChangeKind.PLANNED, recorded_at=timezone.now(), summary=summary.strip()[:300],
        note=note.strip()[:4000], planned_for=planned_for, author=actor.user,
        version=changelog.current_version()[0],
    )
    record(actor=actor, event=AuditEventType.CHANGE_PLANNED, obj=change, company_id=None,
           extra={"summary": change.summary, "note": change.note})
    return change
