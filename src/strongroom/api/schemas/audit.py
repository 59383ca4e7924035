"""Audit log entries and their filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from strongroom.platform.history.models import AuditEvent


class AuditEventOut(Schema):
    id: int = Field(..., examples=[1001])
    event_type: int = Field(..., description="Stable numeric code.", examples=[201])
    event: str = Field(..., description="Namespaced name.", examples=["member:role_changed"])
    label: str = Field(..., examples=["Member role changed"])
    occurred_at: datetime
    actor_name: str = Field(..., examples=["Kari Nordmann"])
    actor_email: str = Field(..., examples=["kari@acme.example"])
    channel: str = Field(..., examples=["api"])
    support_name: str = Field(
        "", description="During support access: the operator acting as the actor above.",
        examples=[""],
    )
    support_email: str = Field("", examples=[""])
    credential: str = Field(
        "", description="The API key or support session used, if any.",
        examples=["support session 7"],
    )
    object_type: str = Field(..., examples=["tenancy.membership"])
    object_id: str = Field(..., examples=["42"])
    object_repr: str = Field(..., examples=["Ola Nordmann in Acme AS (Employee)"])
    changes: dict[str, Any] = Field(..., examples=[{"role": ["Employee", "Accountant"]}])

    @staticmethod
    def resolve_event(obj: AuditEvent) -> str:
        return obj.type.tag

    @staticmethod
    def resolve_label(obj: AuditEvent) -> str:
        return obj.type.label


class AuditFilters(Schema):
    event_type: int | None = Field(None, description="Event code, e.g. 201.", examples=[201])
    actor_email: str = Field("", examples=["kari@acme.example"])
    object_type: str = Field("", examples=["tenancy.membership"])
    since: date | None = Field(None, description="From this day (inclusive).")
    until: date | None = Field(None, description="To this day (inclusive).")
