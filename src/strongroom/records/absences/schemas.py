"""API schemas of absences."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64, IsoDate
from strongroom.api.schemas.choices import one_of
from strongroom.records.absences.models import AbsenceStatus, Category

STATUSES = AbsenceStatus.values
SortKey = Literal["start", "-start", "days", "-days", "status", "created", "-created"]


class AbsenceTypeOut(Schema):
    id: uuid.UUID
    name: str = Field(..., examples=["Vacation"])
    category: str = Field(..., examples=["vacation"], json_schema_extra=one_of(Category.values))
    needs_approval: bool = Field(..., examples=[True])
    yearly_entitlement: Decimal | None = Field(None, examples=["25.0"])
    is_active: bool = Field(..., examples=[True])


class AbsenceTypeIn(InputSchema):
    name: str = Field(..., max_length=80, examples=["Welfare leave"])
    category: str = Field(..., examples=["other"], json_schema_extra=one_of(Category.values))
    needs_approval: bool = Field(True, examples=[True])
    yearly_entitlement: Decimal | None = Field(None, examples=["5"])


class AbsenceTypePatch(InputSchema):
    """Only the fields given change."""

    name: str | None = Field(None, max_length=80, examples=["Holiday"])
    category: str | None = Field(
        None, examples=["vacation"], json_schema_extra=one_of(Category.values)
    )
    needs_approval: bool | None = Field(None, examples=[True])
    yearly_entitlement: Decimal | None = Field(None, examples=["30"])
    is_active: bool | None = Field(None, examples=[False])


class MemberRef(Schema):
    membership_id: Int64 = Field(..., examples=[42])
    name: str = Field(..., examples=["Ola Nordmann"])


class AbsenceOut(Schema):
    id: uuid.UUID
    member: MemberRef
    absence_type: AbsenceTypeOut
    start_date: dt.date = Field(..., examples=["2026-07-06"])
    end_date: dt.date = Field(..., examples=["2026-07-17"])
    start_half: bool = Field(..., examples=[False])
    end_half: bool = Field(..., examples=[False])
    days: Decimal = Field(..., examples=["10.0"])
    status: str = Field(..., examples=["pending"], json_schema_extra=one_of(STATUSES))
    note: str = Field(..., examples=["Summer in Lofoten"])
    created_at: dt.datetime

    @staticmethod
    def resolve_member(obj: Any) -> dict[str, Any]:
        return {"membership_id": obj.member_id, "name": obj.member.user.display_name}


class AbsenceIn(InputSchema):
    absence_type_id: uuid.UUID
    start_date: IsoDate = Field(..., examples=["2026-07-06"])
    end_date: IsoDate = Field(..., examples=["2026-07-17"])
    start_half: bool = Field(False, description="The first day from midday.", examples=[False])
    end_half: bool = Field(False, description="The last day until midday.", examples=[False])
    note: str = Field("", max_length=2000, examples=["Summer in Lofoten"])
    membership_id: Int64 | None = Field(
        None, description="Someone else's absence (absence.manage); null: your own.",
        examples=[None],
    )


class AbsencePatch(InputSchema):
    note: str = Field(..., max_length=2000, examples=["Doctor's note handed in"])


class BalanceOut(Schema):
    absence_type: AbsenceTypeOut
    year: Int64 = Field(..., examples=[2026])
    entitlement: Decimal | None = Field(None, examples=["25.0"])
    used: Decimal = Field(..., examples=["10.0"])
    pending: Decimal = Field(..., examples=["2.5"])
    remaining: Decimal | None = Field(None, examples=["12.5"])


class BalancesOut(Schema):
    member: MemberRef
    year: Int64 = Field(..., examples=[2026])
    balances: list[BalanceOut]


class EntitlementIn(InputSchema):
    membership_id: Int64 = Field(..., examples=[42])
    absence_type_id: uuid.UUID
    year: Int64 = Field(..., examples=[2026])
    days: Decimal = Field(..., examples=["27.5"])


class EntitlementOut(Schema):
    membership_id: Int64 = Field(..., examples=[42])
    absence_type_id: uuid.UUID
    year: Int64 = Field(..., examples=[2026])
    days: Decimal = Field(..., examples=["27.5"])

    @staticmethod
    def resolve_membership_id(obj: Any) -> int:
        return int(obj.member_id)


class CalendarEntryOut(Schema):
    member: MemberRef
    start_date: dt.date
    end_date: dt.date
    label: str = Field(..., description="The type, or 'Away' for absences you may not see.",
                       examples=["Vacation"])
    status: str = Field(..., examples=["approved"], json_schema_extra=one_of(STATUSES))
    absence_id: uuid.UUID | None = None
