"""History entries as people read them: a field-by-field old -> new diff (P-D1).

Entries hold values as stored (``tracking.canonical``), encrypted fields as their ciphertext.
Here they become text: encrypted values are decrypted through ``platform/keys``
(:func:`strongroom.platform.keys.fields.reveal`), or read ``[erased]`` once their key is gone;
other values are shown plainly. Used by the History tab (``history/_history_tab.html``) and the
API's ``.../{id}/history`` endpoints. The company audit log (page and API) shows the same
entries without decrypting anything (:func:`audit_changes`): an encrypted value reads
``[encrypted]``, or ``[erased]`` once its key is gone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models

from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys.errors import KeyStoreError
from strongroom.platform.keys.fields import ERASED, BlindIndexField, EncryptedTextField, reveal
from strongroom.platform.keys.values import token_erased

EMPTY = "—"
UNREADABLE = "[unreadable]"
ENCRYPTED = "[encrypted]"


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, as text."""

    field: str
    label: str
    old: str
    new: str


@cache
def _fields_of(label: str) -> dict[str, models.Field[Any, Any]]:
    """A model's concrete fields by name and attname; empty for an unknown type."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return {}
    by_name: dict[str, models.Field[Any, Any]] = {}
    for field in model._meta.concrete_fields:
        by_name[field.name] = field
        by_name[field.attname] = field
    return by_name


def _derived(field: models.Field[Any, Any] | None) -> bool:
    """Fields a person never sets: blind indexes and automatic timestamps."""
    return isinstance(field, BlindIndexField) or bool(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )


def field_changes(event: AuditEvent) -> list[FieldChange]:
    """The entry's changes as text, in the order recorded; derived fields (blind indexes,
    automatic timestamps) are left out."""
    return _changes(event, _text)


def _changes(
    event: AuditEvent, shown: Callable[[AuditEvent, models.Field[Any, Any] | None, Any], str]
) -> list[FieldChange]:
    """Each recorded field but the derived ones, labelled, its values as ``shown`` gives them."""
    fields = _fields_of(event.object_type)
    changes = []
    for name, pair in (event.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        field = fields.get(name)
        if _derived(field):
            continue
        label = str(field.verbose_name).capitalize() if field is not None else _label(name)
        changes.append(FieldChange(name, label, shown(event, field, old), shown(event, field, new)))
    return changes


def _text(event: AuditEvent, field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(field, EncryptedTextField):
        try:
            return reveal(
                field.model,
                field.name,
                company_id=event.company_id,
                record_id=event.object_id,
                stored=str(value),
            )
        except KeyStoreError:  # altered ciphertext or unknown key: verify names the entry
            return UNREADABLE
    if field is not None and field.many_to_one and field.related_model is not None:
        # another record, named as history names records: its type and the start of its id
        related = field.related_model._meta.verbose_name  # type: ignore[union-attr]
        return f"{str(related).capitalize()} {str(value)[:8]}"
    if field is not None and field.choices and not isinstance(value, list | dict):
        for key, text in field.flatchoices:
            if str(key) == str(value):
                return str(text)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) if value else EMPTY
    return _plain(value)


def audit_changes(event: AuditEvent) -> dict[str, Any]:
    """The entry's changes for the audit log, which never decrypts: values of encrypted fields
    read ``[encrypted]``, or ``[erased]`` once their key is destroyed; others as stored."""
    fields = _fields_of(event.object_type)
    shown: dict[str, Any] = {}
    for name, pair in (event.changes or {}).items():
        field = fields.get(name)
        if isinstance(field, EncryptedTextField) and isinstance(pair, list):
            shown[name] = [_masked(event, value) for value in pair]
        else:
            shown[name] = pair
    return shown


def audit_field_changes(event: AuditEvent) -> list[FieldChange]:
    """The entry's changes for the audit log page, labelled and as words like a History tab's,
    but never decrypted: an encrypted value reads ``[encrypted]`` (or ``[erased]``)."""
    return _changes(event, _undecrypted)


def _undecrypted(event: AuditEvent, field: models.Field[Any, Any] | None, value: Any) -> str:
    if isinstance(field, EncryptedTextField):
        return str(_masked(event, value) or EMPTY)
    return _text(event, field, value)


def _label(name: str) -> str:
    """A field no longer on its model: ``due_date`` -> ``Due date``, ``company_id`` ->
    ``Company``."""
    return name.removesuffix("_id").replace("_", " ").capitalize()


def _masked(event: AuditEvent, value: Any) -> Any:
    if value is None or value == "" or event.company_id is None:
        return value
    try:
        return ERASED if token_erased(str(value), company_id=event.company_id) else ENCRYPTED
    except KeyStoreError:
        return UNREADABLE


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class HistoryRow:
    """One entry of a record's history with its changes as text."""

    event: AuditEvent
    changes: list[FieldChange]


def history_tab(
    actor: Any, obj: models.Model, *, permission: str, limit: int = 200
) -> dict[str, Any]:
    """Template context for ``history/_history_tab.html``: the newest ``limit`` entries of
    ``obj``'s history for an actor who may see it (NotFound otherwise). Showing old values is a
    read of the record, and naming who acted a read of those members: both are noted in the
    access log."""
    from strongroom.platform.history import read_log, selectors

    events = list(selectors.record_history(actor, obj, permission=permission)[: limit + 1])
    read_log.note_read(actor, obj, purpose="view")
    read_log.note_people_named(actor, events[:limit])  # who acted, by name (as the API notes)
    rows = [HistoryRow(event, field_changes(event)) for event in events[:limit]]
    return {"history": rows, "history_truncated": len(events) > limit, "history_object": obj}
