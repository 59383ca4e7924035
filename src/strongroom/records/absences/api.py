"""API operations of absences (mounted by project/api.py)."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema
from ninja.responses import Status

from strongroom.api.input import Int64, IsoDate
from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import requests, types
from strongroom.records.absences.models import Absence, AbsenceType, Entitlement
from strongroom.records.absences.permissions import ABSENCE_VIEW
from strongroom.records.absences.schemas import (
    AbsenceIn,
    AbsenceOut,
    AbsencePatch,
    AbsenceTypeIn,
    AbsenceTypeOut,
    AbsenceTypePatch,
    BalancesOut,
    CalendarEntryOut,
    EntitlementIn,
    EntitlementOut,
    SortKey,
)

router = Router(tags=["Absences"])
BASE = "/companies/{company_slug}"


class AbsenceFilters(Schema):
    membership_id: Int64 | None = Field(None, description="One person's (needs view_all).")
    status: str = Field("", examples=["approved"])
    absence_type_id: uuid.UUID | None = None
    year: Int64 | None = Field(None, ge=2000, le=2100, examples=[2026])
    since: IsoDate | None = Field(None, description="Absences ending on or after.")
    until: IsoDate | None = Field(None, description="Absences starting on or before.")
    sort: SortKey = Field("-start", description="start, days, status, created; '-' descends.")


@router.listing(
    f"{BASE}/absence-types",
    item=AbsenceTypeOut,
    permission=ABSENCE_VIEW,
    summary="List absence types",
)
def list_absence_types(request: HttpRequest, actor: CompanyActor) -> QuerySet[AbsenceType]:
    return selectors.absence_types(actor)


@router.post(f"{BASE}/absence-types/standard", response={200: list[AbsenceTypeOut],
                                                          **WRITE_ERRORS},
             summary="Add the standard absence types",
             description="Vacation (25 days), sick, parental, unpaid and other leave, where "
                         "missing. Returns the types added.")
def add_standard_absence_types(request: HttpRequest, actor: CompanyActor) -> list[AbsenceType]:
    return types.add_standard_absence_types(actor=actor)


@router.get(f"{BASE}/absence-types/{{type_id}}", response={200: AbsenceTypeOut, **READ_ERRORS},
            summary="Get an absence type")
def get_absence_type(request: HttpRequest, actor: CompanyActor, type_id: uuid.UUID) -> AbsenceType:
    return selectors.absence_type(actor, type_id)


@router.post(f"{BASE}/absence-types", response={201: AbsenceTypeOut, **WRITE_ERRORS},
             summary="Add an absence type")
def create_absence_type(
    request: HttpRequest, actor: CompanyActor, payload: AbsenceTypeIn
) -> Status[AbsenceType]:
    return Status(201, types.create_absence_type(actor=actor, **payload.dict()))


@router.patch(f"{BASE}/absence-types/{{type_id}}",
              response={200: AbsenceTypeOut, **WRITE_ERRORS},
              summary="Change an absence type", description="Only the fields given change.")
def update_absence_type(
    request: HttpRequest, actor: CompanyActor, type_id: uuid.UUID, payload: AbsenceTypePatch
) -> AbsenceType:
    current = selectors.absence_type(actor, type_id)
    values: dict[str, Any] = {
        "name": current.name, "category": current.category,
        "needs_approval": current.needs_approval, "is_active": current.is_active,
        "yearly_entitlement": current.yearly_entitlement,
    }
    given = payload.dict(exclude_unset=True)
    values.update({k: v for k, v in given.items() if v is not None or k == "yearly_entitlement"})
    return types.update_absence_type(actor=actor, absence_type=current, **values)


@router.listing(
    f"{BASE}/absences",
    item=AbsenceOut,
    permission=ABSENCE_VIEW,
    summary="List absences",
    description="Your own, or everyone's with absence.view_all. Filter and sort.",
)
def list_absences(
    request: HttpRequest, actor: CompanyActor, filters: Query[AbsenceFilters]
) -> NotedPage[Absence]:
    queryset = selectors.absences(
        actor, member_id=filters.membership_id, status=filters.status,
        type_id=filters.absence_type_id, year=filters.year, since=filters.since,
        until=filters.until, sort=filters.sort,
    )
    # the answer shows each absence's note: a read of the absences that have one (P-G4)
    return NotedPage(queryset, lambda page: note_reads(
        actor, [absence for absence in page if absence.note], purpose="list"
    ))


@router.get(f"{BASE}/absences/{{absence_id}}", response={200: AbsenceOut, **READ_ERRORS},
            summary="Get an absence")
def get_absence(request: HttpRequest, actor: CompanyActor, absence_id: uuid.UUID) -> Absence:
    absence = selectors.absence(actor, absence_id)
    if absence.note:
        note_read(actor, absence, purpose="view")
    return absence


@router.post(f"{BASE}/absences", response={201: AbsenceOut, **WRITE_ERRORS},
             summary="Request an absence",
             description="Overlaps, dates out of order and exceeded balances are 422s with "
                         "field errors. Types needing approval start it at once.")
def create_absence(
    request: HttpRequest, actor: CompanyActor, payload: AbsenceIn
) -> Status[Absence]:
    member = (tenancy_selectors.member(actor, payload.membership_id)
              if payload.membership_id is not None else None)
    absence = requests.request_absence(
        actor=actor, absence_type=selectors.absence_type(actor, payload.absence_type_id),
        start_date=payload.start_date, end_date=payload.end_date,
        start_half=payload.start_half, end_half=payload.end_half, note=payload.note,
        member=member,
    )
    return Status(201, selectors.absence(actor, absence.pk))


@router.patch(f"{BASE}/absences/{{absence_id}}", response={200: AbsenceOut, **WRITE_ERRORS},
              summary="Change an absence's note",
              description="Dates and type are fixed: withdraw or cancel and request again.")
def update_absence(
    request: HttpRequest, actor: CompanyActor, absence_id: uuid.UUID, payload: AbsencePatch
) -> Absence:
    absence = selectors.absence(actor, absence_id)
    requests.change_absence_note(actor=actor, absence=absence, note=payload.note)
    return selectors.absence(actor, absence_id)


@router.post(f"{BASE}/absences/{{absence_id}}/cancel",
             response={200: AbsenceOut, **WRITE_ERRORS},
             summary="Withdraw or cancel an absence",
             description="A pending request is withdrawn; an approved absence is cancelled.")
def cancel_absence(request: HttpRequest, actor: CompanyActor, absence_id: uuid.UUID) -> Absence:
    requests.cancel_absence(actor=actor, absence=selectors.absence(actor, absence_id))
    return selectors.absence(actor, absence_id)


@router.get(f"{BASE}/absence-balances", response={200: BalancesOut, **READ_ERRORS},
            summary="A person's absence balances for a year",
            description="Your own; another's (membership_id) with absence.view_all.")
def get_absence_balances(
    request: HttpRequest, actor: CompanyActor, year: Int64 | None = None,
    membership_id: Int64 | None = None,
) -> dict[str, Any]:
    member = selectors.member_for_balance(actor, membership_id)
    chosen = year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year
    return {
        "member": {"membership_id": member.pk, "name": member.user.display_name},
        "year": chosen,
        "balances": [
            {"absence_type": b.absence_type, "year": b.year, "entitlement": b.entitlement,
             "used": b.used, "pending": b.pending, "remaining": b.remaining}
            for b in selectors.balances(actor, member, chosen)
        ],
    }


@router.put(f"{BASE}/absence-entitlements", response={200: EntitlementOut, **WRITE_ERRORS},
            summary="Set a person's yearly entitlement of a type")
def set_absence_entitlement(
    request: HttpRequest, actor: CompanyActor, payload: EntitlementIn
) -> Entitlement:
    return types.set_entitlement(
        actor=actor, member=tenancy_selectors.member(actor, payload.membership_id),
        absence_type=selectors.absence_type(actor, payload.absence_type_id),
        year=payload.year, days=payload.days,
    )


@router.get(f"{BASE}/absence-calendar", response={200: list[CalendarEntryOut], **READ_ERRORS},
            summary="Who is away in a month",
            description="Pending and approved absences you may see; colleagues' approved "
                        "absences as 'Away'.")
def get_absence_calendar(
    request: HttpRequest, actor: CompanyActor, year: int = Query(..., ge=2000, le=2100),
    month: int = Query(..., ge=1, le=12),
) -> list[dict[str, Any]]:
    policy.require(actor, ABSENCE_VIEW, actor.company)
    return [
        {"member": {"membership_id": e.member.pk, "name": e.member.user.display_name},
         "start_date": e.start_date, "end_date": e.end_date, "label": e.label,
         "status": e.status, "absence_id": e.absence.pk if e.absence else None}
        for e in selectors.calendar(actor, year, month)
    ]


router.history(
    f"{BASE}/absences/{{absence_id}}", name="absence_history", summary="History of an absence",
    lookup=selectors.absence, permission=ABSENCE_VIEW, id_type=uuid.UUID,
)


router.history(
    f"{BASE}/absence-types/{{type_id}}", name="absence_type_history",
    summary="History of an absence type",
    lookup=selectors.absence_type, permission=ABSENCE_VIEW, id_type=uuid.UUID,
)
