"""Support grants and sessions as the API shows and takes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64
from strongroom.api.schemas.choices import one_of
from strongroom.support.actions.grants import MAX_HOURS, NOTE_MAX
from strongroom.support.models import GrantScope

GRANT_STATES = ("live", "expired", "revoked")  # GrantOut.resolve_status


class GrantIn(InputSchema):
    hours: Int64 = Field(..., ge=1, le=MAX_HOURS, description="How long, at most 7 days (168).")
    scope: str = Field(..., examples=["read_only"], json_schema_extra=one_of(GrantScope.values))
    member_id: Int64 | None = Field(
        None, description="Limit support to this membership's view; null: any member within "
        "the grantor's own rights.",
    )
    note: str = Field("", max_length=NOTE_MAX)


class GrantOut(Schema):
    id: Int64
    scope: str = Field(..., examples=["read_only"], json_schema_extra=one_of(GrantScope.values))
    status: str = Field(..., examples=["live"], json_schema_extra=one_of(GRANT_STATES))
    granted_by: str = Field(..., examples=["kari@nordlys.example"])
    member_id: Int64 | None
    member: str | None = Field(None, examples=["ola@nordlys.example"])
    note: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_status(obj: Any) -> str:
        if obj.revoked_at is not None:
            return "revoked"
        return "live" if obj.is_live() else "expired"

    @staticmethod
    def resolve_granted_by(obj: Any) -> str:
        return str(obj.granted_by.email)

    @staticmethod
    def resolve_member(obj: Any) -> str | None:
        return str(obj.member.user.email) if obj.member is not None else None


class SessionOut(Schema):
    id: Int64
    grant_id: Int64
    operator: str = Field(..., examples=["Olivia Operator <olivia@strongroom.example>"])
    member: str = Field(..., examples=["ola@nordlys.example"])
    reason: str = Field(..., examples=["Ticket 4711: invoice totals look wrong"])
    started_at: datetime
    ended_at: datetime | None = Field(None, description="When it ended (ended, revoked, expired)")
    end_reason: str = Field("", examples=["Grant revoked"])

    @staticmethod
    def resolve_operator(obj: Any) -> str:
        return f"{obj.operator.display_name} <{obj.operator.email}>"

    @staticmethod
    def resolve_member(obj: Any) -> str:
        return str(obj.member.user.email)

    @staticmethod
    def resolve_ended_at(obj: Any) -> datetime | None:
        return obj.effective_end[0]

    @staticmethod
    def resolve_end_reason(obj: Any) -> str:
        return str(obj.effective_end[1])


class SessionEventOut(Schema):
    occurred_at: datetime
    event: str = Field(..., examples=["member:role_changed"])
    actor: str = Field(..., description="The member acted as (or the operator, for start/end)")
    support: str = Field("", description="The operator, for writes made in the session")
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    extra: dict[str, Any] = Field(
        ..., description="For support:request, the method, path and answer status.",
        examples=[{"method": "GET", "path": "/c/acme/members/", "status": 200}],
    )

    @staticmethod
    def resolve_event(obj: Any) -> str:
        return str(obj.type.tag)

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor_email or obj.actor_name)

    @staticmethod
    def resolve_support(obj: Any) -> str:
        return str(obj.support_email)


class SessionReadOut(Schema):
    occurred_at: datetime
    object_type: str = Field(..., examples=["contacts.contactperson"])
    object_id: str
    purpose: str = Field(..., examples=["view"], description="view, list, download or export")


class SessionDetailOut(SessionOut):
    events: list[SessionEventOut]
    reads: list[SessionReadOut] = Field(
        ..., description="Personal data read in the session (the access log), oldest first."
    )
