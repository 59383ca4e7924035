"""Absence types a company offers, and members' yearly entitlements."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences.models import AbsenceType, Category, Entitlement
from strongroom.records.absences.permissions import ABSENCE_MANAGE

# name, category, needs approval, yearly entitlement (Norway's statutory 25 working days).
STANDARD_TYPES: tuple[tuple[str, str, bool, Decimal | None], ...] = (
    ("Vacation", Category.VACATION, True, Decimal(25)),
    ("Sick leave", Category.SICK, True, None),
    ("Parental leave", Category.PARENTAL, True, None),
    ("Unpaid leave", Category.UNPAID, True, None),
    ("Other", Category.OTHER, True, None),
)
MAX_DAYS = Decimal(366)


def _days(value: Decimal | str | None, field: str, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: "Give a number of days."})
        return None
    try:
        days = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: "Give a number of days, e.g. 25 or 12.5."}) from None
    if not days.is_finite() or days < 0 or days > MAX_DAYS or days % Decimal("0.5") != 0:
        raise ValidationError({field: "Give 0 to 366 days, in half days."})
    return days


def _check_type(
    actor: Actor, absence_type: AbsenceType, name: str, category: str
) -> tuple[str, str]:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 80:
        raise ValidationError({"name": "A type needs a name of at most 80 characters."})
    if category not in Category.values:
        raise ValidationError(
            {"category": f"Unknown category {category!r}; choose one of "
                         f"{', '.join(Category.values)}."}
        )
    clash = AbsenceType.objects.filter(company=actor.company, name__iexact=cleaned)
    if clash.exclude(pk=absence_type.pk).exists():
        raise ValidationError({"name": f"A type called {cleaned!r} already exists."})
    return cleaned, category


@action
def create_absence_type(
    *,
    actor: Actor,
    name: str,
    category: str,
    needs_approval: bool = True,
    yearly_entitlement: Decimal | None = None,
) -> AbsenceType:
    """Offer a new kind of absence (``yearly_entitlement``: keep a balance of that many days)."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, ABSENCE_MANAGE, actor.company)
    absence_type = AbsenceType(company=actor.company, needs_approval=needs_approval)
    absence_type.name, absence_type.category = _check_type(actor, absence_type, name, category)
    absence_type.yearly_entitlement = _days(yearly_entitlement, "yearly_entitlement",
                                            required=False)
    absence_type.save()
    record(actor=actor, event=AuditEventType.ABSENCE_TYPE_CREATED, obj=absence_type,
           company_id=absence_type.company_id)
    return absence_type


@action
def update_absence_type(
    *,
    actor: Actor,
    absence_type: AbsenceType,
    name: str,
    category: str,
    needs_approval: bool,
    yearly_entitlement: Decimal | None,
    is_active: bool,
) -> AbsenceType:
    """Change a type; absences already requested keep their status and days."""
    policy.require(actor, ABSENCE_MANAGE, absence_type)
    absence_type = AbsenceType.objects.select_for_update().get(pk=absence_type.pk)
    before = capture(absence_type)
    absence_type.name, absence_type.category = _check_type(actor, absence_type, name, category)
    absence_type.yearly_entitlement = _days(yearly_entitlement, "yearly_entitlement",
                                            required=False)
    absence_type.needs_approval, absence_type.is_active = needs_approval, is_active
    absence_type.save()
    record(actor=actor, event=AuditEventType.ABSENCE_TYPE_UPDATED, obj=absence_type,
           company_id=absence_type.company_id, before=before)
    return absence_type


@action
def add_standard_absence_types(*, actor: Actor) -> list[AbsenceType]:
    """Add the standard types (vacation, sick, parental, unpaid, other) the company lacks."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, ABSENCE_MANAGE, actor.company)
    existing = {
        name.casefold()
        for name in AbsenceType.objects.filter(company=actor.company).values_list("name",
                                                                                  flat=True)
    }
    created = []
    for name, category, needs_approval, entitlement in STANDARD_TYPES:
        if name.casefold() in existing:
            continue
        absence_type = AbsenceType.objects.create(
            company=actor.company, name=name, category=category, needs_approval=needs_approval,
            yearly_entitlement=entitlement,
        )
        record(actor=actor, event=AuditEventType.ABSENCE_TYPE_CREATED, obj=absence_type,
               company_id=absence_type.company_id)
        created.append(absence_type)
    return created


@action
def set_entitlement(
    *, actor: Actor, member: Membership, absence_type: AbsenceType, year: int, days: Decimal
) -> Entitlement:
    """Give ``member`` their own entitlement of ``absence_type`` days for ``year``."""
    policy.require(actor, ABSENCE_MANAGE, member)
    if absence_type.company_id != member.company_id:
        raise policy.NotFound()
    if absence_type.yearly_entitlement is None:
        raise ValidationError({"absence_type": f"{absence_type.name} keeps no balance."})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Give a year between 2000 and 2100."})
    cleaned = _days(days, "days", required=True)
    assert cleaned is not None  # noqa: S101
    entitlement = Entitlement.objects.select_for_update().filter(
        member=member, absence_type=absence_type, year=year
    ).first()
    before = capture(entitlement) if entitlement is not None else None
    if entitlement is None:
        entitlement = Entitlement(company_id=member.company_id, member=member,
                                  absence_type=absence_type, year=year)
    entitlement.days = cleaned
    entitlement.save()
    record(actor=actor, event=AuditEventType.ABSENCE_ENTITLEMENT_SET, obj=entitlement,
           company_id=entitlement.company_id, before=before)
    return entitlement
