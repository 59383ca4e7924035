"""Built-in and custom roles."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from strongroom.api.input import InputSchema


class BuiltinRoleOut(Schema):
    name: str = Field(..., examples=["manager"])
    description: str = Field(..., examples=["Leads people: sees the team and approves requests."])
    permissions: list[str] = Field(..., examples=[["company.view", "member.view"]])


class CustomRoleOut(Schema):
    id: int = Field(..., examples=[7])
    name: str = Field(..., examples=["Reader"])
    permissions: list[str] = Field(..., examples=[["company.view", "member.view"]])
    created_at: datetime


class RolesOut(Schema):
    builtin: list[BuiltinRoleOut]
    custom: list[CustomRoleOut]


class RoleCreate(InputSchema):
    name: str = Field(..., max_length=80, examples=["Payroll clerk"])
    permissions: list[str] = Field(default_factory=list, examples=[["company.view"]])


class RolePatch(InputSchema):
    """Only the fields given change."""

    name: str | None = Field(None, max_length=80, examples=["Payroll lead"])
    permissions: list[str] | None = Field(None, examples=[["company.view", "member.view"]])
