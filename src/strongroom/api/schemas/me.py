"""The signed-in user and the companies they may enter."""

from __future__ import annotations

from ninja import Field, Schema


class MyCompany(Schema):
    slug: str = Field(..., examples=["acme"])
    name: str = Field(..., examples=["Acme AS"])
    role: str = Field(..., description="Your role there.", examples=["Admin"])
    via_group: str = Field(
        "", description="The company group granting access, if not a membership.", examples=[""]
    )


class MeOut(Schema):
    email: str = Field(..., examples=["kari@acme.example"])
    full_name: str = Field(..., examples=["Kari Nordmann"])
    is_operator: bool = Field(False, examples=[False])
    companies: list[MyCompany]
