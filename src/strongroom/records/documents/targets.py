"""The record types documents can be attached to, registered by the apps that own them.

An app makes its records attachable from its AppConfig.ready()::

    targets.register(
        Organisation, label="Organisation", permission=CONTACT_VIEW,
        visible=lambda actor: selectors.organisations(actor),
        describe=lambda organisation: organisation.name,
        url_name="web:organisation_detail", url_kwarg="organisation_id",
    )

``visible`` is the owning app's own selector: a document attached to a record is visible only
to those who may see both documents and that record, and a record one cannot see cannot be
attached to. ``encryption_subject`` (optional) names whose key encrypts files attached to a
record (a contact person's documents are theirs, and die with their key).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_read

COMPANY = ""  # target_type of documents attached to the company itself


@dataclass(frozen=True)
class TargetType:
    key: str  # the model's label, e.g. "contacts.organisation"
    label: str
    permission: str
    visible: Callable[[Actor], models.QuerySet[Any]]
    describe: Callable[[Any], str]
    url_name: str = ""
    url_kwarg: str = ""
    encryption_subject: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Target:
    """What a document is attached to, for display."""

    type_label: str
    label: str
    url: str = ""


_TYPES: dict[str, TargetType] = {}


def register(
    model: type[models.Model],
    *,
    label: str,
    permission: str,
    visible: Callable[[Actor], models.QuerySet[Any]],
    describe: Callable[[Any], str],
    url_name: str = "",
    url_kwarg: str = "",
    encryption_subject: Callable[[Any], str] | None = None,
) -> None:
    """Let documents be attached to records of ``model`` (see the module docstring)."""
    key = model._meta.label_lower
    _TYPES[key] = TargetType(
        key, label, permission, visible, describe, url_name, url_kwarg, encryption_subject
    )


def types() -> list[TargetType]:
    """Every registered type, by label."""
    return sorted(_TYPES.values(), key=lambda t: t.label)


def key_of(record: models.Model) -> str:
    """The target type of ``record`` (its model's label)."""
    return record._meta.label_lower


def resolve(actor: Actor, target_type: str, target_id: object) -> models.Model | None:
    """The record a new document is to be attached to, or None for the company. A record the
    actor cannot see is refused exactly like a missing one."""
    if not target_type:
        if target_id:
            raise ValidationError({"target_type": "Name the type of the record."})
        return None
    kind = _TYPES.get(target_type)
    if kind is None:
        known = ", ".join(sorted(_TYPES)) or "none"
        raise ValidationError({"target_type": f"Unknown record type; use one of: {known}."})
    try:
        pk = uuid.UUID(str(target_id))
    except ValueError:
        raise ValidationError({"target_id": "No such record."}) from None
    record = None
    if policy.allows(actor, kind.permission):
        record = kind.visible(actor).filter(pk=pk).first()
    if record is None:
        raise ValidationError({"target_id": "No such record."})
    return record


def visible_filter(actor: Actor) -> Q:
    """Documents whose target the actor may see: the company's, and those attached to
    records the owning app's selector shows the actor."""
    condition = Q(target_type=COMPANY)
    for kind in _TYPES.values():
        if policy.allows(actor, kind.permission):
            condition |= Q(target_type=kind.key, target_id__in=kind.visible(actor).values("pk"))
    return condition


def subject_for(record: models.Model | None) -> str:
    """The encryption subject of files attached to ``record`` ("" for the company's key)."""
    if record is None:
        return ""
    kind = _TYPES.get(key_of(record))
    if kind is None or kind.encryption_subject is None:
        return ""
    return kind.encryption_subject(record)


def describe(
    actor: Actor, company_slug: str, pairs: Iterable[tuple[str, uuid.UUID | None]]
) -> dict[tuple[str, uuid.UUID | None], Target]:
    """Labels and links of the given targets: one query per record type, not per document."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for target_type, target_id in pairs:
        if target_type and target_id is not None:
            wanted[target_type].add(target_id)
    found: dict[tuple[str, uuid.UUID | None], Target] = {
        (COMPANY, None): Target("Company", "The company")
    }
    for target_type, ids in wanted.items():
        kind = _TYPES.get(target_type)
        if kind is None or not policy.allows(actor, kind.permission):
            continue
        for record in kind.visible(actor).filter(pk__in=ids):
            url = ""
            if kind.url_name:
                url = reverse(kind.url_name, kwargs={"slug": company_slug,
                                                     kind.url_kwarg: record.pk})
            if kind.encryption_subject is not None:  # a person's record: the read is logged
                note_read(actor, record, purpose="list")
            found[(target_type, record.pk)] = Target(kind.label, kind.describe(record), url)
    return found
