"""Legal holds (P-D3)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from strongroom.api.input import InputSchema

# "" holds the whole company; the others are the record types a hold can name.
HoldTarget = Literal[
    "", "invoices.invoice", "expenses.expenseclaim", "documents.document",
    "contacts.organisation", "contacts.contactperson",
]


class LegalHoldOut(Schema):
    id: uuid.UUID
    record_type: HoldTarget = Field(..., description="Empty: the whole company.")
    record_id: uuid.UUID | None = Field(None, description="The held record; null: company-wide.")
    covers: str = Field(..., examples=["Invoice 2026-00012"])
    reason: str = Field(..., examples=["Tax audit 2027"])
    placed_by_name: str = Field(..., examples=["Ada Admin"])
    placed_at: datetime
    active: bool
    released_by_name: str = Field(..., examples=[""])
    released_at: datetime | None = None
    release_reason: str = Field(..., examples=[""])


class LegalHoldCreate(InputSchema):
    reason: str = Field(..., max_length=500, examples=["Tax audit 2027"])
    record_type: HoldTarget = Field("", description="Empty (the default): the whole company.")
    record_id: uuid.UUID | None = Field(None, description="Required with a record_type.")


class LegalHoldRelease(InputSchema):
    reason: str = Field(..., max_length=500, examples=["The audit is closed."])
