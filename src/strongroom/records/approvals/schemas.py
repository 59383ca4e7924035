"""API schemas of approvals: tags, rules, requests and decisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64
from strongroom.api.schemas.choices import one_of
from strongroom.records.approvals.models import ApprovalStatus, StepStatus


class TagOut(Schema):
    id: Int64 = Field(..., examples=[12])
    name: str = Field(..., examples=["team:oslo"])
    description: str = Field(..., examples=["Works in the Oslo office"])
    created_at: datetime


class TagCreate(InputSchema):
    name: str = Field(..., max_length=100, examples=["team:oslo"])
    description: str = Field("", max_length=200, examples=["Works in the Oslo office"])


class TagPatch(InputSchema):
    description: str = Field(..., max_length=200, examples=["Oslo and Drammen"])


class RuleOut(Schema):
    id: uuid.UUID
    name: str = Field(..., examples=["Oslo absences"])
    kind: str = Field(..., examples=["absence"])
    requester_tag: str | None = Field(None, examples=["team:oslo"])
    amount_above: Decimal | None = Field(None, examples=[None])
    step: Int64 = Field(..., examples=[1])
    approver_tag: str | None = Field(None, examples=["lead:oslo"])
    approver_role: str = Field(..., examples=[""])
    is_active: bool = Field(..., examples=[True])
    created_at: datetime

    @staticmethod
    def resolve_requester_tag(obj: Any) -> str | None:
        return obj.requester_tag.name if obj.requester_tag is not None else None

    @staticmethod
    def resolve_approver_tag(obj: Any) -> str | None:
        return obj.approver_tag.name if obj.approver_tag is not None else None


class RuleIn(InputSchema):
    """Tags are given by name; choose approvers by ``approver_tag`` or ``approver_role``."""

    name: str = Field(..., max_length=120, examples=["Big expenses"])
    kind: str = Field(..., examples=["expense"])
    requester_tag: str | None = Field(None, description="Tag name; null: anyone.",
                                      examples=[None])
    amount_above: Decimal | None = Field(
        None, description="Company currency, or working days for absences; null: any.",
        examples=["10000.00"],
    )
    step: Int64 = Field(1, ge=1, le=5, examples=[2])
    approver_tag: str | None = Field(None, examples=[None])
    approver_role: str = Field("", examples=["accountant"])
    is_active: bool = Field(True, examples=[True])


class RulePatch(InputSchema):
    """Only the fields given change."""

    name: str | None = Field(None, max_length=120, examples=["Big expenses"])
    kind: str | None = Field(None, examples=["expense"])
    requester_tag: str | None = Field(None, examples=["team:oslo"])
    amount_above: Decimal | None = Field(None, examples=["20000.00"])
    step: Int64 | None = Field(None, ge=1, le=5, examples=[2])
    approver_tag: str | None = Field(None, examples=[None])
    approver_role: str | None = Field(None, examples=["accountant"])
    is_active: bool | None = Field(None, examples=[False])


class ApprovalMemberRef(Schema):
    membership_id: Int64 = Field(..., examples=[42])
    name: str = Field(..., examples=["Kari Nilsen"])
    email: str = Field(..., examples=["kari@nordlys.example"])


def person(membership: Any) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {"membership_id": membership.pk, "name": membership.user.display_name,
            "email": membership.user.email}


class StepOut(Schema):
    position: Int64 = Field(..., examples=[1])
    status: str = Field(..., examples=["pending"], json_schema_extra=one_of(StepStatus.values))
    basis: str = Field(..., examples=["Rule: Oslo absences"])
    fallback: bool = Field(..., examples=[False])
    approvers: list[ApprovalMemberRef]
    decided_by: ApprovalMemberRef | None = None
    decided_at: datetime | None = None
    comment: str = Field(..., examples=["Enjoy the trip"])

    @staticmethod
    def resolve_approvers(obj: Any) -> list[dict[str, Any] | None]:
        return [person(member) for member in obj.approvers.all()]

    @staticmethod
    def resolve_decided_by(obj: Any) -> dict[str, Any] | None:
        return person(obj.decided_by)


class ApprovalOut(Schema):
    id: uuid.UUID
    kind: str = Field(..., examples=["absence"])
    kind_label: str = Field(..., examples=["Absence"])
    record_id: str = Field(..., examples=["0b5c7a4e-8a53-4a43-9e1f-5d1f1c2b9a10"])
    description: str = Field(..., examples=["Vacation, 2026-07-06 to 2026-07-17 (10 working days)"])
    requester: ApprovalMemberRef
    amount: Decimal | None = Field(None, examples=["10.0"])
    status: str = Field(
        ..., examples=["pending"], json_schema_extra=one_of(ApprovalStatus.values)
    )
    current_step: Int64 = Field(..., examples=[1])
    created_at: datetime
    decided_at: datetime | None = None
    steps: list[StepOut]

    @staticmethod
    def resolve_requester(obj: Any) -> dict[str, Any] | None:
        return person(obj.requester)

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class DecisionIn(InputSchema):
    approve: bool = Field(..., examples=[False])
    comment: str = Field("", max_length=2000, examples=["Clashes with the audit week."])
