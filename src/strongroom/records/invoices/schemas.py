"""API schemas of invoices. Amounts are decimal strings with the currency's minor units."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer

from strongroom.api.input import InputSchema, Int64, IsoDate
from strongroom.api.schemas.choices import one_of
from strongroom.platform import money
from strongroom.records.invoices.models import Invoice, InvoiceKind, InvoiceLine, InvoiceStatus
from strongroom.records.invoices.validation import LineInput

if TYPE_CHECKING:
    pass

Sort = Literal[
    "created", "-created", "number", "-number", "issue_date", "-issue_date", "due_date",
    "-due_date", "total", "-total",
]


def _amount(value: Decimal, currency: str) -> str:
    return str(money.quantize(value, currency))


class LineIn(InputSchema):
    description: str = Field(..., max_length=500, examples=["Consulting, March"])
    quantity: Decimal = Field(..., description="More than zero, at most 3 decimals.",
                              examples=["7.5"])
    unit: str = Field("", max_length=20, examples=["hours"])
    unit_price: Decimal = Field(
        ..., description="Not negative; at most the currency's minor units.", examples=["1250.00"]
    )
    vat_rate: Decimal = Field(..., description="Percent, 0 to 100.", examples=["25"])

    def to_input(self) -> LineInput:
        return LineInput(self.description, self.quantity, self.unit_price, self.vat_rate,
                         self.unit)


class LineOut(Schema):
    position: Int64 = Field(..., examples=[1])
    description: str = Field(..., examples=["Consulting, March"])
    quantity: str = Field(..., examples=["7.5"])
    unit: str = Field(..., examples=["hours"])
    unit_price: str = Field(..., examples=["1250.00"])
    vat_rate: str = Field(..., examples=["25"])
    net_amount: str = Field(..., examples=["9375.00"])
    vat_amount: str = Field(..., examples=["2343.75"])

    @staticmethod
    def resolve_quantity(obj: InvoiceLine) -> str:
        return format(obj.quantity.normalize(), "f")

    @staticmethod
    def resolve_vat_rate(obj: InvoiceLine) -> str:
        return format(obj.vat_rate.normalize(), "f")

    @staticmethod
    def resolve_unit_price(obj: InvoiceLine) -> str:
        return _amount(obj.unit_price, obj.invoice.currency)

    @staticmethod
    def resolve_net_amount(obj: InvoiceLine) -> str:
        return _amount(obj.net_amount, obj.invoice.currency)

    @staticmethod
    def resolve_vat_amount(obj: InvoiceLine) -> str:
        return _amount(obj.vat_amount, obj.invoice.currency)


class VatGroupOut(Schema):
    rate: str = Field(..., examples=["25"])
    net: str = Field(..., examples=["9375.00"])
    vat: str = Field(..., examples=["2343.75"])


class CustomerFields(Schema):
    customer_name: str = Field("", max_length=200, examples=["Fjord Shipping AS"],
                               description="Required unless customer_organisation_id is given.")
    customer_address: str = Field("", max_length=1000, examples=["Strandkaien 4\n5013 Bergen"])
    customer_org_number: str = Field("", max_length=50, examples=["987654321"])
    customer_email: str = Field("", max_length=254, examples=["invoices@fjord.example"])
    customer_reference: str = Field("", max_length=200, examples=["PO 4411"])


class InvoiceSummaryOut(CustomerFields):
    id: uuid.UUID
    customer_organisation_id: uuid.UUID | None = Field(
        None, description="The contacts organisation the customer details come from."
    )
    kind: str = Field(..., examples=["invoice"], json_schema_extra=one_of(InvoiceKind.values))
    status: str = Field(
        ..., examples=["issued"], json_schema_extra=one_of(InvoiceStatus.values)
    )
    number: str = Field(..., examples=["2025-00042"], description="Empty while a draft.")
    credited_invoice_id: uuid.UUID | None = Field(None, description="A credit note's invoice.")
    currency: str = Field(..., examples=["NOK"])
    notes: str = Field(..., examples=["Thank you for your business."])
    payment_terms_days: Int64 = Field(..., examples=[14])
    net_total: str = Field(..., examples=["9375.00"])
    vat_total: str = Field(..., examples=["2343.75"])
    gross_total: str = Field(..., examples=["11718.75"])
    credited_total: str = Field(..., examples=["0.00"],
                                description="Sum of issued credit notes against it.")
    issue_date: dt.date | None = Field(None, examples=["2025-03-31"])
    due_date: dt.date | None = Field(None, examples=["2025-04-14"])
    fiscal_year_end: dt.date | None = Field(
        None, examples=["2025-12-31"], description="End of the fiscal year it belongs to."
    )
    issued_at: dt.datetime | None = None
    paid_on: dt.date | None = Field(None, examples=[None])
    overdue: bool = Field(
        ..., examples=[False], description="Issued, neither paid nor wholly credited, and past "
        "its due date (derived from the due date, never stored; `status` stays `issued`)."
    )
    days_overdue: Int64 | None = Field(
        None, examples=[None], description="Days since the due date, when overdue."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_overdue(obj: Invoice) -> bool:
        return bool(getattr(obj, "is_overdue", False))

    @staticmethod
    def resolve_days_overdue(obj: Invoice) -> int | None:
        if not getattr(obj, "is_overdue", False) or obj.due_date is None:
            return None
        return (timezone.localdate() - obj.due_date).days

    @staticmethod
    def resolve_net_total(obj: Invoice) -> str:
        return _amount(obj.net_total, obj.currency)

    @staticmethod
    def resolve_vat_total(obj: Invoice) -> str:
        return _amount(obj.vat_total, obj.currency)

    @staticmethod
    def resolve_gross_total(obj: Invoice) -> str:
        return _amount(obj.gross_total, obj.currency)

    @staticmethod
    def resolve_credited_total(obj: Invoice) -> str:
        return _amount(getattr(obj, "credited_total", None) or Decimal(0), obj.currency)


class InvoiceOut(InvoiceSummaryOut):
    seller_name: str = Field(..., description="The issuer's details, copied at issue.")
    seller_org_number: str
    seller_vat_id: str
    seller_address: str
    seller_bank_account: str
    lines: list[LineOut]
    vat_breakdown: list[VatGroupOut] = Field(..., description="Totals per VAT rate.")
    credit_note_ids: list[uuid.UUID]

    @staticmethod
    def resolve_lines(obj: Invoice) -> list[InvoiceLine]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_vat_breakdown(obj: Invoice) -> list[dict[str, str]]:
        from strongroom.records.invoices.selectors import summary

        return [
            {"rate": format(g.rate.normalize(), "f"), "net": _amount(g.net, obj.currency),
             "vat": _amount(g.vat, obj.currency)}
            for g in summary(obj).totals.by_rate
        ]

    @staticmethod
    def resolve_credit_note_ids(obj: Invoice) -> list[uuid.UUID]:
        return [note.pk for note in obj.credit_notes.all()]


class InvoiceCreate(CustomerFields, InputSchema):
    customer_organisation_id: uuid.UUID | None = Field(
        None, description="A contacts organisation: fills the customer fields not given, and "
        "its details are copied again at issue.")
    currency: str = Field("", examples=["NOK"], description="Default: the company's currency.")
    notes: str = Field("", max_length=2000, examples=["Thank you for your business."])
    payment_terms_days: Int64 | None = Field(
        None, ge=0, le=365, examples=[14], description="Default: the company's invoice terms.")
    lines: list[LineIn] = Field(default_factory=list, max_length=200)


class InvoicePatch(InputSchema):
    """Only the fields given change; ``lines``, when given, replaces all lines."""

    customer_name: str | None = Field(None, max_length=200, examples=["Fjord Shipping ASA"])
    customer_address: str | None = Field(None, max_length=1000)
    customer_org_number: str | None = Field(None, max_length=50)
    customer_email: str | None = Field(None, max_length=254)
    customer_reference: str | None = Field(None, max_length=200)
    customer_organisation_id: uuid.UUID | Literal[""] | None = Field(
        None, description="Link a contacts organisation, or \"\" to unlink it.")
    currency: str | None = Field(None, examples=["EUR"])
    notes: str | None = Field(None, max_length=2000)
    payment_terms_days: Int64 | None = Field(None, ge=0, le=365, examples=[30])
    lines: list[LineIn] | None = Field(None, max_length=200)


class PaymentIn(InputSchema):
    paid_on: IsoDate = Field(..., examples=["2025-04-10"])


class CreditNoteIn(InputSchema):
    notes: str = Field("", max_length=2000, examples=["Two hours were invoiced twice."])
    lines: list[LineIn] | None = Field(
        None, max_length=200, description="What to credit; default: every line of the invoice."
    )


class InvoiceSettingsFields(Schema):
    legal_name: str = Field("", max_length=200, examples=["Acme AS"])
    organisation_number: str = Field("", max_length=40, examples=["923 456 781"])
    vat_id: str = Field("", max_length=40, examples=["NO923456781MVA"])
    address: str = Field("", max_length=1000, examples=["Kirkegata 15\n0153 Oslo"])
    iban: str = Field("", examples=["NO93 8601 1117 947"], description="Checked (ISO 13616).")
    bic: str = Field("", examples=["DNBANOKK"])
    account_number: str = Field("", examples=["8601.11.17947"],
                                description="A domestic account, instead of or beside IBAN.")
    payment_terms_days: Int64 = Field(14, examples=[14], description="Default for new invoices.")


class InvoiceSettingsPatch(InputSchema):
    """Only the fields given change."""

    legal_name: str | None = None
    organisation_number: str | None = None
    vat_id: str | None = None
    address: str | None = None
    iban: str | None = None
    bic: str | None = None
    account_number: str | None = None
    payment_terms_days: Int64 | None = None


class InvoiceFilters(Schema):
    organisation: uuid.UUID | None = Field(None, description="Invoices of this organisation.")
    status: Literal["draft", "issued", "paid", "overdue"] | None = Field(
        None, description="`overdue`: issued, unpaid and past its due date."
    )
    kind: Literal["invoice", "credit_note"] | None = None
    currency: str | None = Field(None, examples=["NOK"])
    year: Int64 | None = Field(None, description="Number series (fiscal) year.", examples=[2025])
    q: str | None = Field(None, description="Search number and notes.", examples=["2025-0004"])
    sort: Sort = Field("-created", description="Field to sort by; '-' first for descending.")


# An amount answered as its exact decimal text ("1250.00"), never a float.
AmountText = Annotated[Decimal, PlainSerializer(str, return_type=str)]


class OutstandingOut(Schema):
    """What customers owe in one currency (issued invoices less their credit notes)."""

    currency: str = Field(..., examples=["NOK"])
    invoices: Int64 = Field(..., examples=[3], description="Issued invoices not yet paid.")
    outstanding: AmountText = Field(..., examples=["31250.00"])
    overdue_invoices: Int64 = Field(..., examples=[1])
    overdue: AmountText = Field(..., examples=["12500.00"], description="Of it, past the due date.")
    overdue_1_30: AmountText = Field(..., examples=["12500.00"], description="1-30 days overdue.")
    overdue_31_60: AmountText = Field(..., examples=["0.00"])
    overdue_61_90: AmountText = Field(..., examples=["0.00"])
    overdue_over_90: AmountText = Field(..., examples=["0.00"])
