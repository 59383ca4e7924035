"""Audit log and access log entries and their filters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import model_validator

from strongroom.api.input import Int64, IsoDate
from strongroom.api.schemas.choices import one_of
from strongroom.platform.access.actor import Channel
from strongroom.platform.history.display import audit_changes
from strongroom.platform.history.models import AuditEvent


class AuditEventOut(Schema):
    id: Int64 = Field(..., examples=[1001])
    event_type: Int64 = Field(..., description="Stable numeric code.", examples=[201])
    event: str = Field(..., description="Namespaced name.", examples=["member:role_changed"])
    label: str = Field(..., examples=["Member role changed"])
    occurred_at: datetime
    actor_name: str = Field(..., examples=["Kari Nordmann"])
    actor_email: str = Field(..., examples=["kari@acme.example"])
    support_name: str = Field("", description="Support operator acting as the actor, if any.")
    channel: str = Field(..., examples=["api"], json_schema_extra=one_of(Channel))
    support_email: str = Field(
        "", description="The support operator's e-mail address, if any.", examples=[""]
    )
    credential: str = Field(
        "", description="API key, job or support session, if any.",
        examples=["support session 7"],
    )
    object_type: str = Field(..., examples=["tenancy.membership"])
    object_id: str = Field(..., examples=["42"])
    object_repr: str = Field(..., examples=["Ola Nordmann in Acme AS (Employee)"])
    changes: dict[str, Any] = Field(
        ...,
        description=(
            "Old and new value of each changed field. Encrypted values are not decrypted "
            "here: they read '[encrypted]', or '[erased]' once their key has been destroyed."
        ),
        examples=[{"role": ["Employee", "Accountant"]}],
    )

    @staticmethod
    def resolve_event(obj: AuditEvent) -> str:
        return obj.type.tag

    @staticmethod
    def resolve_changes(obj: AuditEvent) -> dict[str, Any]:
        return audit_changes(obj)

    @staticmethod
    def resolve_label(obj: AuditEvent) -> str:
        return obj.type.label


class AccessReadOut(Schema):
    id: Int64 = Field(..., examples=[5001])
    occurred_at: datetime
    actor_name: str = Field(..., examples=["Kari Nordmann"])
    actor_email: str = Field(..., examples=["kari@acme.example"])
    support_name: str = Field("", description="Support operator acting as the reader, if any.")
    channel: str = Field(..., examples=["web"], json_schema_extra=one_of(Channel))
    credential: str = Field("", examples=["api key sr_live_ab12"])
    ip: str | None = Field(None, examples=["203.0.113.9"])
    request_id: str = Field("", examples=["4f1c2a9e0b7d4e21"])
    object_type: str = Field(..., examples=["contacts.contactperson"])
    object_id: str = Field(..., examples=["3f2a9c1e-5b7d-4e21-9a0b-7c1d2e3f4a5b"])
    purpose: str = Field(..., examples=["view"])


class LogFilters(Schema):
    person: Int64 | None = Field(
        None, description="User id of the person acting (or acted as, in support access)."
    )
    actor_email: str = Field("", description="E-mail of the person acting.", examples=[""])
    object_type: str = Field("", description="Record type.", examples=["tenancy.membership"])
    object_id: str = Field("", description="Record id.", examples=[""])
    since: IsoDate | None = Field(None, description="From this day (inclusive, UTC).")
    until: IsoDate | None = Field(None, description="To this day (inclusive, UTC).")

    @model_validator(mode="after")
    def _period(self) -> LogFilters:
        if self.since and self.until and self.since > self.until:
            raise ValueError("'until' is before 'since'")
        return self


class AuditFilters(LogFilters):
    event_type: Int64 | None = Field(None, description="Event code, e.g. 201.", examples=[201])


class AccessFilters(LogFilters):
    purpose: str = Field("", description="view, list, download or export.", examples=["view"])
