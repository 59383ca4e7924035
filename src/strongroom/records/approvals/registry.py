"""The record types that plug into the approval engine.

An app registers each of its approvable record types once, from its ``AppConfig.ready()``::

    from strongroom.records.approvals import registry

    registry.register(registry.Approvable(
        kind="expense", label="Expense claim", model=ExpenseClaim,
        amount_unit=registry.AmountUnit.CURRENCY,
        describe=lambda claim: f"{claim.title}: {claim.total} {claim.currency}",
        url=lambda claim: f"/c/{claim.company.slug}/expenses/{claim.pk}/",
        on_approved=mark_claim_approved, on_rejected=mark_claim_rejected,
    ))

The callbacks run inside the transaction of the final decision (:func:`actions.decide`), as
``callback(actor=..., record=..., approval=...)``. They update the record and record its
history with ``history.recorder.record`` (they are helpers, not ``@action`` functions: the
decision's transaction is already open). ``describe`` names the record in the inbox and in
e-mails: a short text with no free-text personal values.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


class AmountUnit(enum.StrEnum):
    """What a request's amount (and a rule's ``amount_above``) counts."""

    NONE = "none"
    CURRENCY = "currency"  # the company's currency
    DAYS = "days"  # working days


Callback = Callable[..., None]


@dataclass(frozen=True, kw_only=True)
class Approvable:
    """One approvable record type and how the engine talks to it."""

    kind: str
    label: str
    model: type[models.Model]
    describe: Callable[[Any], str]
    url: Callable[[Any], str]
    on_approved: Callback
    on_rejected: Callback
    amount_unit: AmountUnit = AmountUnit.NONE
    queryset: Callable[[], models.QuerySet[Any]] | None = None

    def records(self) -> models.QuerySet[Any]:
        """Where the engine looks records of this kind up (add select_related here)."""
        return self.queryset() if self.queryset is not None else self.model._default_manager.all()


_REGISTRY: dict[str, Approvable] = {}


def register(approvable: Approvable) -> Approvable:
    """Plug a record type into the engine; registering the same definition twice is harmless."""
    existing = _REGISTRY.get(approvable.kind)
    if existing is not None and existing.model is not approvable.model:
        raise ValueError(f"approvable kind {approvable.kind!r} registered twice")
    _REGISTRY[approvable.kind] = approvable
    return approvable


def unregister(kind: str) -> None:
    """Take a kind out again (tests)."""
    _REGISTRY.pop(kind, None)


def get(kind: str) -> Approvable:
    """The registered kind; KeyError if there is none."""
    return _REGISTRY[kind]


def kinds() -> list[Approvable]:
    """Every registered kind, by label."""
    return sorted(_REGISTRY.values(), key=lambda item: item.label)


def is_registered(kind: str) -> bool:
    return kind in _REGISTRY


def unit_label(approvable: Approvable, currency: str) -> str:
    """How a threshold of this kind reads: ``NOK``, ``working days`` or empty."""
    if approvable.amount_unit is AmountUnit.CURRENCY:
        return currency
    if approvable.amount_unit is AmountUnit.DAYS:
        return "working days"
    return ""

