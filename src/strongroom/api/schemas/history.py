"""A record's history entries, with field-by-field changes (P-D1)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from strongroom.api.schemas.choices import one_of
from strongroom.platform.access.actor import Channel
from strongroom.platform.history.display import field_changes
from strongroom.platform.history.models import AuditEvent


class FieldChangeOut(Schema):
    field: str = Field(..., description="Field name as stored.", examples=["role"])
    label: str = Field(..., examples=["Role"])
    old: str = Field(
        ..., description="Old value as text; '—' for none; '[erased]' once its key is destroyed.",
        examples=["employee"],
    )
    new: str = Field(..., examples=["manager"])


class HistoryEntryOut(Schema):
    id: int = Field(..., examples=[1001])
    sequence: int = Field(..., description="Position in the company's hash chain.")
    event_type: int = Field(..., description="Stable numeric code.", examples=[201])
    event: str = Field(..., examples=["member:role_changed"])
    label: str = Field(..., examples=["Member role changed"])
    occurred_at: datetime
    actor_name: str = Field(..., examples=["Kari Nordmann"])
    actor_email: str = Field(..., examples=["kari@acme.example"])
    support_name: str = Field(
        ..., description="The support operator acting as the actor, if any.", examples=[""]
    )
    channel: str = Field(..., examples=["web"], json_schema_extra=one_of(Channel))
    credential: str = Field(..., description="API key or job, if any.", examples=[""])
    request_id: str = Field(..., examples=["4f1c2a9e0b7d4e21"])
    changes: list[FieldChangeOut]

    @staticmethod
    def resolve_event(obj: AuditEvent) -> str:
        return obj.type.tag

    @staticmethod
    def resolve_label(obj: AuditEvent) -> str:
        return obj.type.label

    @staticmethod
    def resolve_changes(obj: AuditEvent) -> list[dict[str, str]]:
        return [change.__dict__ for change in field_changes(obj)]
