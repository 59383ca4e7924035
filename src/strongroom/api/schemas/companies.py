"""A company's settings and the permission catalogue."""

from __future__ import annotations

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64


class CompanyOut(Schema):
    slug: str = Field(..., examples=["acme"])
    name: str = Field(..., examples=["Acme AS"])
    country: str = Field(..., description="ISO 3166-1 alpha-2.", examples=["NO"])
    region: str = Field(..., description="Data-residency region.", examples=["eu-north"])
    currency: str = Field(..., description="ISO 4217.", examples=["NOK"])
    fiscal_year_end_month: Int64 = Field(..., ge=1, le=12, examples=[12])
    fiscal_year_end_day: Int64 = Field(..., ge=1, le=31, examples=[31])
    your_role: str = Field(..., description="The caller's role here.", examples=["Admin"])


class CompanyPatch(InputSchema):
    """Only the fields given change."""

    name: str | None = Field(None, examples=["Acme Holding AS"])
    country: str | None = Field(None, examples=["SE"])
    region: str | None = Field(None, examples=["eu-north"])
    currency: str | None = Field(None, examples=["SEK"])
    fiscal_year_end_month: Int64 | None = Field(None, examples=[6])
    fiscal_year_end_day: Int64 | None = Field(None, examples=[30])


class PermissionOut(Schema):
    name: str = Field(..., examples=["member.view"])
    label: str = Field(..., examples=["See members and their roles"])
    kind: str = Field(..., description="read or write", examples=["read"])
