"""API operations of absences (mounted by api/api.py)."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from strongroom.api.actor import company_actor
from strongroom.api.history import (
    HISTORY_DESCRIPTION,
    HISTORY_RESPONSES,
    HistoryPage,
    record_history,
)
from strongroom.api.pagination import NotedPage, PagePagination
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access import policy
from strongroom.platform.history.access import note_read, note_reads
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
    membership_id: int | None = Field(None, description="One person's (needs view_all).")
    status: str = Field("", examples=["approved"])
    absence_type_id: uuid.UUID | None = None
    year: int | None = Field(None, ge=2000, le=2100, examples=[2026])
    since: dt.date | None = Field(None, description="Absences ending on or after.")
    until: dt.date | None = Field(None, description="Absences starting on or before.")
    sort: SortKey = Field("-start", description="start, days, status, created; '-' descends.")


@router.get(f"{BASE}/absence-types", response={200: list[AbsenceTypeOut], **READ_ERRORS},
            operation_id="list_absence_types", url_name="list_absence_types",
            summary="List absence types")
@paginate(PagePagination)
def list_absence_types(request: HttpRequest, company_slug: str) -> QuerySet[AbsenceType]:
    actor = company_actor(request, company_slug)
    policy.require(actor, ABSENCE_VIEW, actor.company)
    return selectors.absence_types(actor)


@router.post(f"{BASE}/absence-types/standard", response={200: list[AbsenceTypeOut],
                                                          **WRITE_ERRORS},
             operation_id="add_standard_absence_types", url_name="add_standard_absence_types",
             summary="Add the standard absence types",
             description="Vacation (25 days), sick, parental, unpaid and other leave, where "
                         "missing. Returns the types added.")
def add_standard_absence_types(request: HttpRequest, company_slug: str) -> list[AbsenceType]:
    return types.add_standard_absence_types(actor=company_actor(request, company_slug))


@router.get(f"{BASE}/absence-types/{{type_id}}", response={200: AbsenceTypeOut, **READ_ERRORS},
            operation_id="get_absence_type", url_name="get_absence_type",
            summary="Get an absence type")
def get_absence_type(request: HttpRequest, company_slug: str, type_id: uuid.UUID) -> AbsenceType:
    return selectors.absence_type(company_actor(request, company_slug), type_id)


@router.post(f"{BASE}/absence-types", response={201: AbsenceTypeOut, **WRITE_ERRORS},
             operation_id="create_absence_type", url_name="create_absence_type",
             summary="Add an absence type")
def create_absence_type(
    request: HttpRequest, company_slug: str, payload: AbsenceTypeIn
) -> Status[AbsenceType]:
    actor = company_actor(request, company_slug)
    return Status(201, types.create_absence_type(actor=actor, **payload.dict()))


@router.patch(f"{BASE}/absence-types/{{type_id}}",
              response={200: AbsenceTypeOut, **WRITE_ERRORS},
              operation_id="update_absence_type", url_name="update_absence_type",
              summary="Change an absence type", description="Only the fields given change.")
def update_absence_type(
    request: HttpRequest, company_slug: str, type_id: uuid.UUID, payload: AbsenceTypePatch
) -> AbsenceType:
    actor = company_actor(request, company_slug)
    current = selectors.absence_type(actor, type_id)
    values: dict[str, Any] = {
        "name": current.name, "category": current.category,
        "needs_approval": current.needs_approval, "is_active": current.is_active,
        "yearly_entitlement": current.yearly_entitlement,
    }
    given = payload.dict(exclude_unset=True)
    values.update({k: v for k, v in given.items() if v is not None or k == "yearly_entitlement"})
    return types.update_absence_type(actor=actor, absence_type=current, **values)


@router.get(f"{BASE}/absences", response={200: list[AbsenceOut], **READ_ERRORS},
            operation_id="list_absences", url_name="list_absences", summary="List absences",
            description="Your own, or everyone's with absence.view_all. Filter and sort.")
@paginate(PagePagination)
def list_absences(
    request: HttpRequest, company_slug: str, filters: Query[AbsenceFilters]
) -> NotedPage[Absence]:
    actor = company_actor(request, company_slug)
    policy.require(actor, ABSENCE_VIEW, actor.company)
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
            operation_id="get_absence", url_name="get_absence", summary="Get an absence")
def get_absence(request: HttpRequest, company_slug: str, absence_id: uuid.UUID) -> Absence:
    actor = company_actor(request, company_slug)
    absence = selectors.absence(actor, absence_id)
    if absence.note:
        note_read(actor, absence, purpose="view")
    return absence


@router.post(f"{BASE}/absences", response={201: AbsenceOut, **WRITE_ERRORS},
             operation_id="create_absence", url_name="create_absence",
             summary="Request an absence",
             description="Overlaps, dates out of order and exceeded balances are 422s with "
                         "field errors. Types needing approval start it at once.")
def create_absence(
    request: HttpRequest, company_slug: str, payload: AbsenceIn
) -> Status[Absence]:
    actor = company_actor(request, company_slug)
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
              operation_id="update_absence", url_name="update_absence",
              summary="Change an absence's note",
              description="Dates and type are fixed: withdraw or cancel and request again.")
def update_absence(
    request: HttpRequest, company_slug: str, absence_id: uuid.UUID, payload: AbsencePatch
) -> Absence:
    actor = company_actor(request, company_slug)
    absence = selectors.absence(actor, absence_id)
    requests.change_absence_note(actor=actor, absence=absence, note=payload.note)
    return selectors.absence(actor, absence_id)


@router.post(f"{BASE}/absences/{{absence_id}}/cancel",
             response={200: AbsenceOut, **WRITE_ERRORS},
             operation_id="cancel_absence", url_name="cancel_absence",
             summary="Withdraw or cancel an absence",
             description="A pending request is withdrawn; an approved absence is cancelled.")
def cancel_absence(request: HttpRequest, company_slug: str, absence_id: uuid.UUID) -> Absence:
    actor = company_actor(request, company_slug)
    requests.cancel_absence(actor=actor, absence=selectors.absence(actor, absence_id))
    return selectors.absence(actor, absence_id)


@router.get(f"{BASE}/absence-balances", response={200: BalancesOut, **READ_ERRORS},
            operation_id="get_absence_balances", url_name="get_absence_balances",
            summary="A person's absence balances for a year",
            description="Your own; another's (membership_id) with absence.view_all.")
def get_absence_balances(
    request: HttpRequest, company_slug: str, year: int | None = None,
    membership_id: int | None = None,
) -> dict[str, Any]:
    actor = company_actor(request, company_slug)
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
            operation_id="set_absence_entitlement", url_name="set_absence_entitlement",
            summary="Set a person's yearly entitlement of a type")
def set_absence_entitlement(
    request: HttpRequest, company_slug: str, payload: EntitlementIn
) -> Entitlement:
    actor = company_actor(request, company_slug)
    return types.set_entitlement(
        actor=actor, member=tenancy_selectors.member(actor, payload.membership_id),
        absence_type=selectors.absence_type(actor, payload.absence_type_id),
        year=payload.year, days=payload.days,
    )


@router.get(f"{BASE}/absence-calendar", response={200: list[CalendarEntryOut], **READ_ERRORS},
            operation_id="get_absence_calendar", url_name="get_absence_calendar",
            summary="Who is away in a month",
            description="Pending and approved absences you may see; colleagues' approved "
                        "absences as 'Away'.")
def get_absence_calendar(
    request: HttpRequest, company_slug: str, year: int = Query(..., ge=2000, le=2100),
    month: int = Query(..., ge=1, le=12),
) -> list[dict[str, Any]]:
    actor = company_actor(request, company_slug)
    return [
        {"member": {"membership_id": e.member.pk, "name": e.member.user.display_name},
         "start_date": e.start_date, "end_date": e.end_date, "label": e.label,
         "status": e.status, "absence_id": e.absence.pk if e.absence else None}
        for e in selectors.calendar(actor, year, month)
    ]


@router.get(f"{BASE}/absences/{{absence_id}}/history", response=HISTORY_RESPONSES,
            operation_id="absence_history", url_name="absence_history",
            summary="History of an absence", description=HISTORY_DESCRIPTION)
@paginate(PagePagination)
def absence_history(
    request: HttpRequest, company_slug: str, absence_id: uuid.UUID
) -> HistoryPage:
    actor = company_actor(request, company_slug)
    return record_history(actor, selectors.absence(actor, absence_id), permission=ABSENCE_VIEW)


@router.get(f"{BASE}/absence-types/{{type_id}}/history", response=HISTORY_RESPONSES,
            operation_id="absence_type_history", url_name="absence_type_history",
            summary="History of an absence type", description=HISTORY_DESCRIPTION)
@paginate(PagePagination)
def absence_type_history(
    request: HttpRequest, company_slug: str, type_id: uuid.UUID
) -> HistoryPage:
    actor = company_actor(request, company_slug)
    return record_history(actor, selectors.absence_type(actor, type_id),
                          permission=ABSENCE_VIEW)
