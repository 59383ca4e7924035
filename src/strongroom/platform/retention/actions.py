"""Placing and releasing legal holds (P-D3): owners and admins, with the reason recorded."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.retention.models import COMPANY_WIDE, LegalHold
from strongroom.platform.retention.permissions import LEGAL_HOLD_MANAGE

MAX_REASON = 500
# The record types a hold can name, by model label (company-wide holds cover every type).
HOLDABLE: dict[str, str] = {
    "invoices.invoice": "Invoice",
    "expenses.expenseclaim": "Expense claim",
    "documents.document": "Document",
    "contacts.organisation": "Organisation",
    "contacts.contactperson": "Contact person",
}


def _reason(value: str, field: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationError({field: "State the reason."})
    if len(cleaned) > MAX_REASON:
        raise ValidationError({field: f"At most {MAX_REASON} characters."})
    return cleaned


def _record_label(actor: Actor, record_type: str, record_id: uuid.UUID) -> str:
    """How the hold names its record: by type and id (or the record's own history label),
    never by a personal value. The record must be the actor's company's."""
    if record_type not in HOLDABLE:
        raise ValidationError({"record_type": "Legal holds cannot name this type of record."})
    model = apps.get_model(record_type)
    row = model._default_manager.filter(company=actor.company, pk=record_id).first()
    if row is None:
        raise ValidationError({"record_id": "No such record in this company."})
    label = getattr(row, "history_label", None)
    return label() if callable(label) else f"{HOLDABLE[record_type]} {str(record_id)[:8]}"


@action
def place_legal_hold(
    *, actor: Actor, reason: str, record_type: str = COMPANY_WIDE,
    record_id: uuid.UUID | None = None,
) -> LegalHold:
    """Hold the whole company (no ``record_type``) or one record: nothing it covers can be
    deleted or erased, nor the company terminated under a company-wide hold, until released."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, LEGAL_HOLD_MANAGE, actor.company)
    reason = _reason(reason, "reason")
    label = ""
    if record_type != COMPANY_WIDE:
        if record_id is None:
            raise ValidationError({"record_id": "Name the record to hold."})
        label = _record_label(actor, record_type, record_id)
    elif record_id is not None:
        raise ValidationError({"record_type": "Name the type of the record to hold."})
    hold = LegalHold.objects.create(
        company=actor.company, record_type=record_type, record_id=record_id,
        record_label=label, reason=reason, placed_by_name=actor.name or actor.email,
        placed_at=timezone.now(),
    )
    record(actor=actor, event=AuditEventType.LEGAL_HOLD_PLACED, obj=hold,
           company_id=hold.company_id, extra={"reason": reason, "covers": hold.covers})
    return hold


@action
def release_legal_hold(*, actor: Actor, hold: LegalHold, reason: str) -> LegalHold:
    """Release an active hold; the hold and its history stay."""
    policy.require(actor, LEGAL_HOLD_MANAGE, hold)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.active:
        raise ValidationError({"__all__": "This legal hold is released already."})
    before = capture(hold)
    hold.released_at, hold.released_by_name = timezone.now(), actor.name or actor.email
    hold.release_reason = _reason(reason, "reason")
    hold.save(update_fields=["released_at", "released_by_name", "release_reason"])
    record(actor=actor, event=AuditEventType.LEGAL_HOLD_RELEASED, obj=hold,
           company_id=hold.company_id, before=before,
           extra={"reason": hold.release_reason, "covers": hold.covers})
    return hold
