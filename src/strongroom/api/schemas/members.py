"""Company members: who they are, their role and tags."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterSchema, Schema
from ninja.filter_schema import FilterLookup

from strongroom.api.input import InputSchema, Int64
from strongroom.api.schemas.choices import one_of
from strongroom.platform.access import permissions as perms
from strongroom.platform.tenancy.models import Membership

ROLES = (*perms.BUILTIN_ROLES, perms.CUSTOM)


class MemberOut(Schema):
    id: Int64 = Field(..., examples=[42])
    email: str = Field(..., examples=["kari@acme.example"])
    full_name: str = Field(..., examples=["Kari Nordmann"])
    role: str = Field(..., examples=["custom"], json_schema_extra=one_of(ROLES))
    custom_role_id: Int64 | None = Field(None, examples=[7])
    role_label: str = Field(..., examples=["Reader"])
    tags: list[str] = Field(..., examples=[["team:oslo"]])
    is_active: bool = Field(..., examples=[True])
    created_at: datetime

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.user.full_name


class MemberCreate(InputSchema):
    email: str = Field(..., max_length=254, examples=["ola@acme.example"])
    full_name: str = Field("", max_length=200, examples=["Ola Nordmann"])
    role: str = Field(..., examples=["employee"], json_schema_extra=one_of(ROLES))
    custom_role_id: Int64 | None = Field(
        None, description="With role 'custom': which custom role.", examples=[None]
    )
    tags: list[str] = Field(default_factory=list, examples=[["team:oslo"]])


class MemberPatch(InputSchema):
    """Only the fields given change. A custom_role_id alone implies role 'custom'."""

    role: str | None = Field(None, examples=["accountant"], json_schema_extra=one_of(ROLES))
    custom_role_id: Int64 | None = Field(None, examples=[None])
    tags: list[str] | None = Field(None, examples=[["team:oslo", "lead:oslo"]])


class MemberFilters(FilterSchema):
    role: Annotated[str | None, FilterLookup("role")] = Field(
        None, description="Built-in role name or 'custom'.", examples=["admin"]
    )
    tag: str | None = Field(None, description="Members carrying this tag.", examples=["team:oslo"])
    q: Annotated[
        str | None, FilterLookup(["user__email__icontains", "user__full_name__icontains"])
    ] = Field(None, description="Search e-mail and name.", examples=["kari"])

    def filter_tag(self, value: str | None) -> Q:
        if not value:
            return Q()
        # Tags are normalised and never contain quotes: match the quoted JSON string.
        return Q(tags__icontains=f'"{value.strip().lower()}"')
