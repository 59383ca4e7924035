"""API schemas of expenses. Amounts are decimal strings in their currency's minor units."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64, IsoDate
from strongroom.api.schemas.choices import one_of
from strongroom.platform import money
from strongroom.records.expenses.models import Category, ClaimStatus, ExpenseClaim, ExpenseLine

LINE_CATEGORIES = [c for c in Category.values if c != Category.MILEAGE]  # a line with receipt


class ExpenseLineOut(Schema):
    id: uuid.UUID
    position: Int64 = Field(..., examples=[1])
    date: dt.date
    category: str = Field(..., examples=["transport"], json_schema_extra=one_of(Category.values))
    description: str = Field(..., examples=["Taxi from the airport"])
    currency: str = Field(..., examples=["EUR"])
    amount: str = Field(..., examples=["40.00"])
    vat_amount: str = Field(..., examples=["0.00"])
    exchange_rate: str = Field(..., examples=["11.52"])
    claim_amount: str = Field(..., examples=["460.80"])
    distance_km: str | None = Field(None, examples=[None])
    rate_per_km: str | None = Field(None, examples=[None])
    receipt_name: str | None = Field(None, examples=["taxi.pdf"])

    @staticmethod
    def resolve_amount(obj: ExpenseLine) -> str:
        return str(money.quantize(obj.amount, obj.currency))

    @staticmethod
    def resolve_vat_amount(obj: ExpenseLine) -> str:
        return str(money.quantize(obj.vat_amount, obj.currency))

    @staticmethod
    def resolve_exchange_rate(obj: ExpenseLine) -> str:
        return format(obj.exchange_rate.normalize(), "f")

    @staticmethod
    def resolve_claim_amount(obj: ExpenseLine) -> str:
        return str(money.quantize(obj.claim_amount, obj.claim.currency))

    @staticmethod
    def resolve_distance_km(obj: ExpenseLine) -> str | None:
        return None if obj.distance_km is None else format(obj.distance_km, "f")

    @staticmethod
    def resolve_rate_per_km(obj: ExpenseLine) -> str | None:
        return None if obj.rate_per_km is None else format(obj.rate_per_km.normalize(), "f")

    @staticmethod
    def resolve_receipt_name(obj: ExpenseLine) -> str | None:
        return obj.receipt.name if obj.receipt_id and obj.receipt else None


class ClaimSummaryOut(Schema):
    id: uuid.UUID
    title: str = Field(..., examples=["Customer visit, Bergen"])
    claimant_id: Int64 = Field(..., description="Membership id of the claimant.", examples=[42])
    status: str = Field(..., examples=["submitted"], json_schema_extra=one_of(ClaimStatus.values))
    currency: str = Field(..., examples=["NOK"])
    total: str = Field(..., examples=["710.80"])
    vat_total: str = Field(..., examples=["30.00"])
    submitted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    reimbursed_on: dt.date | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_total(obj: ExpenseClaim) -> str:
        return str(money.quantize(obj.total, obj.currency))

    @staticmethod
    def resolve_vat_total(obj: ExpenseClaim) -> str:
        return str(money.quantize(obj.vat_total, obj.currency))


class ClaimOut(ClaimSummaryOut):
    bank_account: str = Field(..., examples=["1234.56.78903"])
    lines: list[ExpenseLineOut]

    @staticmethod
    def resolve_lines(obj: ExpenseClaim) -> list[ExpenseLine]:
        return list(obj.lines.all())


class ClaimCreate(InputSchema):
    title: str = Field(..., max_length=200, examples=["Customer visit, Bergen"])
    bank_account: str = Field("", max_length=64, examples=["1234.56.78903"])


class ExpenseLineIn(InputSchema):
    date: IsoDate = Field(..., examples=["2025-03-14"])
    category: str = Field(..., examples=["transport"], json_schema_extra=one_of(LINE_CATEGORIES))
    description: str = Field(..., max_length=300, examples=["Taxi from the airport"])
    amount: Decimal = Field(..., description="Paid, VAT included.", examples=["250.00"])
    currency: str = Field("", examples=["NOK"], description="Default: the claim's currency.")
    vat_amount: Decimal = Field(Decimal(0), examples=["30.00"])
    exchange_rate: Decimal | None = Field(
        None, examples=[None], description="Claim currency per unit; for another currency."
    )


class MileageIn(InputSchema):
    date: IsoDate = Field(..., examples=["2025-03-14"])
    description: str = Field(..., max_length=300, examples=["Oslo-Drammen, customer meeting"])
    distance_km: Decimal = Field(..., examples=["42.5"])


class ReimburseIn(InputSchema):
    reimbursed_on: IsoDate = Field(..., examples=["2025-03-31"])


class SettingsOut(Schema):
    mileage_rate: str = Field(..., examples=["3.50"], description="Per km, company currency.")

    @staticmethod
    def resolve_mileage_rate(obj: object) -> str:
        return format(obj.mileage_rate.normalize(), "f")  # type: ignore[attr-defined]


class SettingsIn(InputSchema):
    mileage_rate: Decimal = Field(..., examples=["3.50"])


class ClaimFilters(Schema):
    status: Literal["draft", "submitted", "approved", "rejected", "reimbursed"] | None = None
    mine: bool = Field(False, description="Only the caller's own claims.")
    q: str | None = Field(None, description="Search titles.", examples=["Bergen"])
    sort: Literal["created", "-created", "total", "-total", "status", "-status"] = "-created"
