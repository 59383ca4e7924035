"""API operations of invoices (mounted by project/api.py): list, read, draft, issue, credit, pay
and the PDF."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.responses import Status

from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.downloads import download
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.files.kinds import PDF
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.records.invoices import actions, pdf, selectors
from strongroom.records.invoices.models import Invoice, InvoiceSettings
from strongroom.records.invoices.permissions import INVOICE_VIEW
from strongroom.records.invoices.schemas import (
    CreditNoteIn,
    InvoiceCreate,
    InvoiceFilters,
    InvoiceOut,
    InvoicePatch,
    InvoiceSettingsFields,
    InvoiceSettingsPatch,
    InvoiceSummaryOut,
    OutstandingOut,
    PaymentIn,
)

router = Router(tags=["Invoices"])
INVOICES = "/companies/{company_slug}/invoices"
ONE = INVOICES + "/{invoice_id}"


def _fresh(actor: Any, invoice: Invoice) -> Invoice:
    """The invoice as the API shows it, re-read after a write."""
    invoice = selectors.invoice(actor, invoice.pk)
    note_read(actor, invoice, purpose="view")
    return invoice


@router.listing(
    INVOICES,
    item=InvoiceSummaryOut,
    permission=INVOICE_VIEW,
    summary="List invoices and credit notes",
    description="Filter by status, kind, currency and series year; search number and notes; "
    "sort with `sort` (e.g. `-number`). Lines are in the single-invoice answer.",
)
def list_invoices(
    request: HttpRequest, actor: CompanyActor, filters: Query[InvoiceFilters]
) -> NotedPage[Invoice]:
    queryset = selectors.invoices(actor, **{k: v for k, v in filters.dict().items() if v})
    return NotedPage(queryset, lambda page: note_reads(actor, page, purpose="list"))


@router.get(
    INVOICES + "/outstanding",
    response={200: list[OutstandingOut], **READ_ERRORS},
    summary="Outstanding and overdue totals",
    description="Per currency: what issued invoices less their credit notes still owe, how much "
    "of it is past the due date, and that by age (1-30, 31-60, 61-90, over 90 days). Totals "
    "only: no customer is named, so nothing is noted in the access log.",
)
def outstanding_invoices(
    request: HttpRequest, actor: CompanyActor
) -> list[selectors.Outstanding]:
    policy.require(actor, INVOICE_VIEW, actor.company)  # not found without it, as the list
    return selectors.outstanding(actor)


@router.get(
    ONE,
    response={200: InvoiceOut, **READ_ERRORS},
    summary="Get an invoice or credit note",
    description="With its lines, totals per VAT rate and credit notes.",
)
def get_invoice(request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID) -> Invoice:
    invoice = selectors.invoice(actor, invoice_id)
    note_read(actor, invoice, purpose="view")
    return invoice


router.history(
    ONE, name="invoice_history", summary="History of an invoice or credit note",
    lookup=selectors.invoice, permission=INVOICE_VIEW, id_type=uuid.UUID,
)


@router.get(
    ONE + "/pdf",
    response={200: None, **READ_ERRORS},
    summary="Download an invoice as PDF",
    openapi_extra=download("The invoice as a PDF document.", [PDF]),
)
def get_invoice_pdf(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID
) -> HttpResponse:
    invoice = selectors.invoice(actor, invoice_id)
    note_read(actor, invoice, purpose="download")
    return pdf.response(invoice)


@router.post(
    INVOICES,
    response={201: InvoiceOut, **WRITE_ERRORS},
    summary="Create a draft invoice",
    description="Amounts are decimal strings; errors name the field, e.g. `lines.0.unit_price`.",
)
def create_invoice(
    request: HttpRequest, actor: CompanyActor, payload: InvoiceCreate
) -> Status[Invoice]:
    data = payload.dict(exclude={"lines", "customer_organisation_id"})
    invoice = actions.create_invoice(
        actor=actor, lines=[line.to_input() for line in payload.lines],
        customer_organisation=payload.customer_organisation_id, **data
    )
    return Status(201, _fresh(actor, invoice))


@router.patch(
    ONE,
    response={200: InvoiceOut, **WRITE_ERRORS},
    summary="Change a draft invoice",
    description="Only drafts change (422 otherwise); `lines`, when given, replaces all lines.",
)
def update_invoice(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID, payload: InvoicePatch
) -> Invoice:
    invoice = selectors.invoice(actor, invoice_id)
    fields = payload.dict(exclude_unset=True, exclude={"lines"})
    if "customer_organisation_id" in fields:
        fields["customer_organisation"] = fields.pop("customer_organisation_id")
    lines = None if payload.lines is None else [line.to_input() for line in payload.lines]
    actions.update_invoice(actor=actor, invoice=invoice, lines=lines, **fields)
    return _fresh(actor, invoice)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Delete a draft invoice",
    description="Issued invoices are kept for the statutory period (422).",
)
def delete_invoice(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID
) -> Status[None]:
    invoice = selectors.invoice(actor, invoice_id)
    actions.delete_invoice(actor=actor, invoice=invoice)
    return Status(204, None)


@router.post(
    ONE + "/issue",
    response={200: InvoiceOut, **WRITE_ERRORS},
    summary="Issue a draft",
    description="Gives it the next gap-free number of its series; from then on it is immutable.",
)
def issue_invoice(request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID) -> Invoice:
    invoice = selectors.invoice(actor, invoice_id)
    return _fresh(actor, actions.issue_invoice(actor=actor, invoice=invoice))


@router.post(
    ONE + "/payment",
    response={200: InvoiceOut, **WRITE_ERRORS},
    summary="Record an invoice's payment",
    description="Marks an issued invoice paid on `paid_on` (not before its issue date, not in "
    "the future).",
)
def pay_invoice(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID, payload: PaymentIn
) -> Invoice:
    invoice = selectors.invoice(actor, invoice_id)
    paid = actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=payload.paid_on)
    return _fresh(actor, paid)


@router.post(
    ONE + "/credit-notes",
    response={201: InvoiceOut, **WRITE_ERRORS},
    summary="Make a draft credit note for an issued invoice",
    description="Credits every line unless `lines` is given; at most what remains uncredited. "
    "Issue it with the issue operation.",
)
def credit_invoice(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID, payload: CreditNoteIn
) -> Status[Invoice]:
    invoice = selectors.invoice(actor, invoice_id)
    lines = None if payload.lines is None else [line.to_input() for line in payload.lines]
    note = actions.create_credit_note(actor=actor, invoice=invoice, lines=lines,
                                      notes=payload.notes)
    return Status(201, _fresh(actor, note))


SETTINGS = "/companies/{company_slug}/invoice-settings"


@router.get(
    SETTINGS,
    response={200: InvoiceSettingsFields, **READ_ERRORS},
    summary="Get the company's invoice details",
    description="Legal name, numbers, address, bank account and default payment terms, as "
    "printed on (and copied onto) invoices at issue.",
)
def get_invoice_settings(request: HttpRequest, actor: CompanyActor) -> InvoiceSettings:
    return selectors.invoice_settings(actor)


@router.patch(
    SETTINGS,
    response={200: InvoiceSettingsFields, **WRITE_ERRORS},
    summary="Change the company's invoice details",
    description="Only the fields given change. Needs company.manage. Issued invoices keep "
    "the details they were issued with.",
)
def update_invoice_settings(
    request: HttpRequest, actor: CompanyActor, payload: InvoiceSettingsPatch
) -> InvoiceSettings:
    return actions.set_invoice_settings(actor=actor, **payload.dict(exclude_unset=True))
