"""The one guard every delete and erase calls: refused while a legal hold covers the record or
its statutory period runs (P-D3). The refusal is a ``ValidationError`` (a form error on the web,
a 422 ``validation-error`` in the API) that says until when and why.

A hold covers its record and what hangs from it: a hold on an organisation covers its people,
on an expense claim its lines, on any record the documents attached to it; a company-wide
hold covers everything the company has, and its termination.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from strongroom.platform.retention import rules
from strongroom.platform.retention.models import COMPANY_WIDE, LegalHold
from strongroom.platform.tenancy.models import Company


class Retained(ValidationError):
    """A deletion or erasure refused by a legal hold or a retention period."""


def _parent(label: str, attribute: str) -> Callable[[Any], Iterator[tuple[str, Any]]]:
    def parents(record: Any) -> Iterator[tuple[str, Any]]:
        yield label, getattr(record, attribute)

    return parents


def _document_target(document: Any) -> Iterator[tuple[str, Any]]:
    if document.target_type and document.target_id:
        yield document.target_type, document.target_id


# The records that hang from another: a hold on the parent covers them too.
PARENTS: dict[str, Callable[[Any], Iterator[tuple[str, Any]]]] = {
    "contacts.contactperson": _parent("contacts.organisation", "organisation_id"),
    "expenses.expenseline": _parent("expenses.expenseclaim", "claim_id"),
    "documents.document": _document_target,
    "documents.documentversion": _parent("documents.document", "document_id"),
}


def _covering(record: models.Model) -> Q:
    """Every hold that covers ``record``: company-wide, on it, or on a record it hangs from."""
    condition = Q(record_type=COMPANY_WIDE)
    pending: list[tuple[str, Any]] = [(record._meta.label_lower, record.pk)]
    while pending:
        label, pk = pending.pop()
        condition |= Q(record_type=label, record_id=pk)
        parents = PARENTS.get(label)
        if parents is None:
            continue
        if label != record._meta.label_lower:
            model = apps.get_model(label)
            parent_row = model._default_manager.filter(pk=pk).first()
            if parent_row is None:
                continue
            pending.extend(parents(parent_row))
        else:
            pending.extend(parents(record))
    return condition


def active_hold(company_id: int, record: models.Model | None = None) -> LegalHold | None:
    """The oldest active hold covering ``record`` (or, without one, the company-wide hold)."""
    condition = _covering(record) if record is not None else Q(record_type=COMPANY_WIDE)
    return (
        LegalHold.objects.filter(condition, company_id=company_id, released_at__isnull=True)
        .order_by("placed_at")
        .first()
    )


def _held(noun: str, hold: LegalHold) -> Retained:
    return Retained(
        f"This {noun} is under a legal hold placed on {hold.covers} on "
        f"{hold.placed_at:%d %b %Y} ({hold.reason}); it cannot be deleted or erased until the "
        "hold is released."
    )


def ensure_deletable(record: models.Model) -> None:
    """Refuse to delete or erase ``record`` while a legal hold covers it or its statutory
    retention period runs (inside the calling action, before anything is removed)."""
    noun = rules.noun(record)
    hold = active_hold(record.company_id, record)  # type: ignore[attr-defined]
    if hold is not None:
        raise _held(noun, hold)
    kept = rules.retained_until(record)
    if kept is not None and rules.today() <= kept[0]:
        until, reason = kept
        raise Retained(f"This {noun} must be kept until {until.day} {until:%b %Y} ({reason}).")


def ensure_company_not_held(company: Company) -> None:
    """Refuse to terminate ``company`` while a company-wide legal hold is in place."""
    hold = active_hold(company.pk)
    if hold is not None:
        raise _held("company", hold)
