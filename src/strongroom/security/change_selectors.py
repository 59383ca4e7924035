"""Reads of the change log (P-G6): operators only (``platform.view``). Key rotations come from
the audit chain, where the rotation records them (``platform/keys``), never copied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.security.models import Change, ChangeKind

ROTATIONS = {
    AuditEventType.KEY_ROOT_VERSION_ADDED: "Root key: a new version added",
    AuditEventType.KEY_COMPANY_ROTATED: "A company key rotated",
    AuditEventType.KEY_DATA_KEYS_ROTATED: "Platform data keys rotated",
}
LIMIT = 500


@dataclass(frozen=True)
class Entry:
    """One line of the change log, stored or read from the audit chain."""

    kind: str
    label: str
    recorded_at: datetime
    summary: str
    version: str = ""
    commit: str = ""
    settings_changed: list[str] = field(default_factory=list)
    note: str = ""
    planned_for: datetime | None = None
    author: str = ""


def _entry(change: Change) -> Entry:
    return Entry(
        kind=change.kind, label=change.get_kind_display(), recorded_at=change.recorded_at,
        summary=change.summary, version=change.version, commit=change.commit,
        settings_changed=list(change.settings_changed), note=change.note,
        planned_for=change.planned_for, author=change.author.email if change.author else "",
    )


def _rotations(since: datetime | None) -> list[Entry]:
    rows = AuditEvent.objects.filter(event_type__in=[int(e) for e in ROTATIONS])
    if since is not None:
        rows = rows.filter(occurred_at__gte=since)
    label = ChangeKind.KEY_ROTATION.label
    return [
        Entry(kind=ChangeKind.KEY_ROTATION, label=str(label), recorded_at=occurred_at,
              summary=ROTATIONS[AuditEventType(event_type)])
        for event_type, occurred_at in rows.order_by("-occurred_at").values_list(
            "event_type", "occurred_at")[:LIMIT]
    ]


def changes(
    actor: Actor, *, kind: str | None = None, since: datetime | None = None
) -> list[Entry]:
    """The change log, newest first (at most 500); ``kind`` narrows it, ``since`` bounds it."""
    policy.require(actor, PLATFORM_VIEW)
    entries: list[Entry] = []
    if kind != ChangeKind.KEY_ROTATION:
        rows = Change.objects.select_related("author")
        rows = rows.filter(kind=kind) if kind else rows
        rows = rows.filter(recorded_at__gte=since) if since is not None else rows
        entries += [_entry(change) for change in rows[:LIMIT]]
    if kind in (None, "", ChangeKind.KEY_ROTATION):
        entries += _rotations(since)
    entries.sort(key=lambda entry: entry.recorded_at, reverse=True)
    return entries[:LIMIT]


def last_version(actor: Actor) -> Change | None:
    policy.require(actor, PLATFORM_VIEW)
    return Change.objects.filter(kind=ChangeKind.VERSION).order_by("-pk").first()
