"""Request and response bodies of the contacts API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64

# The keys of selectors.ORGANISATION_SORTS and PERSON_SORTS (tests/contacts check they agree).
OrganisationSort = Literal[
    "name", "-name", "city", "-city", "created", "-created", "updated", "-updated"
]
PersonSort = Literal["created", "-created"]


class OrganisationOut(Schema):
    id: uuid.UUID = Field(..., examples=["0b8f5d2e-3c1a-4f7e-9d6b-2a4c8e1f0a3b"])
    name: str = Field(..., examples=["Fjordkraft Consulting AS"])
    organisation_number: str = Field(..., examples=["987654321"])
    vat_id: str = Field(..., examples=["NO987654321MVA"])
    email: str = Field(..., examples=["post@fjordkraft.example"])
    phone: str = Field(..., examples=["+47 22 33 44 55"])
    website: str = Field(..., examples=["https://fjordkraft.example"])
    address: str = Field(..., examples=["Storgata 1"])
    postal_code: str = Field(..., examples=["0155"])
    city: str = Field(..., examples=["Oslo"])
    country: str = Field(..., examples=["NO"])
    notes: str = Field(..., examples=["Framework agreement until 2027."])
    people_count: Int64 | None = Field(None, description="Contact persons (in lists).")
    created_at: datetime
    updated_at: datetime


class OrganisationIn(InputSchema):
    name: str = Field(..., max_length=200, examples=["Fjordkraft Consulting AS"])
    country: str = Field(..., max_length=2, examples=["NO"])
    organisation_number: str = Field("", max_length=40, examples=["987654321"])
    vat_id: str = Field("", max_length=40, examples=["NO987654321MVA"])
    email: str = Field("", max_length=254, examples=["post@fjordkraft.example"])
    phone: str = Field("", max_length=40, examples=["+47 22 33 44 55"])
    website: str = Field("", max_length=200, examples=["https://fjordkraft.example"])
    address: str = Field("", max_length=300, examples=["Storgata 1"])
    postal_code: str = Field("", max_length=20, examples=["0155"])
    city: str = Field("", max_length=100, examples=["Oslo"])
    notes: str = Field("", max_length=5000, examples=[""])


class OrganisationPatch(InputSchema):
    """Only the fields given change."""

    name: str | None = Field(None, max_length=200, examples=["Fjordkraft Consulting ASA"])
    country: str | None = Field(None, max_length=2, examples=["NO"])
    organisation_number: str | None = Field(None, max_length=40, examples=[None])
    vat_id: str | None = Field(None, max_length=40, examples=[None])
    email: str | None = Field(None, max_length=254, examples=[None])
    phone: str | None = Field(None, max_length=40, examples=[None])
    website: str | None = Field(None, max_length=200, examples=[None])
    address: str | None = Field(None, max_length=300, examples=[None])
    postal_code: str | None = Field(None, max_length=20, examples=[None])
    city: str | None = Field(None, max_length=100, examples=["Bergen"])
    notes: str | None = Field(None, max_length=5000, examples=[None])


class OrganisationFilters(Schema):
    q: str = Field("", max_length=100, examples=["fjord"],
                   description="Search name (any part, case and diacritics aside), number, "
                   "VAT id, city and e-mail.")
    country: str = Field("", description="ISO 3166-1 alpha-2 code.", examples=["NO"])
    sort: OrganisationSort = Field(
        "name", description="name, city, created or updated; prefix - for descending.",
        examples=["-updated"],
    )


class ContactPersonOut(Schema):
    id: uuid.UUID = Field(..., examples=["5e0c9a7b-1d2f-4a3b-8c4d-6e7f8a9b0c1d"])
    organisation_id: uuid.UUID
    name: str = Field(..., examples=["Kari Nordmann"])
    job_title: str = Field(..., examples=["CFO"])
    email: str = Field(..., examples=["kari@fjordkraft.example"])
    phone: str = Field(..., examples=["+47 912 34 567"])
    address: str = Field(..., examples=[""])
    notes: str = Field(..., examples=["Prefers e-mail."])
    created_at: datetime
    updated_at: datetime


class ContactPersonIn(InputSchema):
    organisation_id: uuid.UUID
    name: str = Field(..., max_length=200, examples=["Kari Nordmann"])
    job_title: str = Field("", max_length=100, examples=["CFO"])
    email: str = Field("", max_length=254, examples=["kari@fjordkraft.example"])
    phone: str = Field("", max_length=40, examples=["+47 912 34 567"])
    address: str = Field("", max_length=500, examples=[""])
    notes: str = Field("", max_length=5000, examples=["Prefers e-mail."])


class ContactPersonPatch(InputSchema):
    """Only the fields given change; ``organisation_id`` moves the person."""

    organisation_id: uuid.UUID | None = None
    name: str | None = Field(None, max_length=200, examples=[None])
    job_title: str | None = Field(None, max_length=100, examples=["CEO"])
    email: str | None = Field(None, max_length=254, examples=[None])
    phone: str | None = Field(None, max_length=40, examples=[None])
    address: str | None = Field(None, max_length=500, examples=[None])
    notes: str | None = Field(None, max_length=5000, examples=[None])


class ContactPersonFilters(Schema):
    organisation_id: uuid.UUID | None = Field(None, description="People at this organisation.")
    email: str = Field("", description="Exact e-mail address (any case).",
                       examples=["kari@fjordkraft.example"])
    name: str = Field("", description="Exact full name (any case).", examples=["Kari Nordmann"])
    q: str = Field("", max_length=100, examples=["linnea"],
                   description="Every word in any part of the name, e-mail or phone number "
                   "(case and diacritics aside; a word of one or two characters starts a word).")
    sort: PersonSort = Field("-created", description="created or -created.", examples=["-created"])
