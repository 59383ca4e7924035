"""API operations of invoices (mounted by api/api.py): list, read, draft, issue, credit, pay
and the PDF."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from strongroom.api.actor import company_actor
from strongroom.api.history import (
    HISTORY_DESCRIPTION,
    HISTORY_RESPONSES,
    HistoryPage,
    record_history,
)
from strongroom.api.pagination import NotedPage, PagePagination
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access import policy
from strongroom.platform.history.access import note_read, note_reads
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
    PaymentIn,
)

router = Router(tags=["Invoices"])
INVOICES = "/companies/{company_slug}/invoices"
ONE = INVOICES + "/{invoice_id}"


def _read(request: HttpRequest, company_slug: str, invoice_id: uuid.UUID) -> tuple[Any, Invoice]:
    actor = company_actor(request, company_slug)
    return actor, selectors.invoice(actor, invoice_id)


def _fresh(actor: Any, invoice: Invoice) -> Invoice:
    """The invoice as the API shows it, re-read after a write."""
    invoice = selectors.invoice(actor, invoice.pk)
    note_read(actor, invoice, purpose="view")
    return invoice


@router.get(
    INVOICES,
    response={200: list[InvoiceSummaryOut], **READ_ERRORS},
    operation_id="list_invoices",
    url_name="list_invoices",
    summary="List invoices and credit notes",
    description="Filter by status, kind, currency and series year; search number and notes; "
    "sort with `sort` (e.g. `-number`). Lines are in the single-invoice answer.",
)
@paginate(PagePagination)
def list_invoices(
    request: HttpRequest, company_slug: str, filters: Query[InvoiceFilters]
) -> NotedPage[Invoice]:
    actor = company_actor(request, company_slug)
    policy.require(actor, INVOICE_VIEW, actor.company)
    queryset = selectors.invoices(actor, **{k: v for k, v in filters.dict().items() if v})
    return NotedPage(queryset, lambda page: note_reads(actor, page, purpose="list"))


@router.get(
    ONE,
    response={200: InvoiceOut, **READ_ERRORS},
    operation_id="get_invoice",
    url_name="get_invoice",
    summary="Get an invoice or credit note",
    description="With its lines, totals per VAT rate and credit notes.",
)
def get_invoice(request: HttpRequest, company_slug: str, invoice_id: uuid.UUID) -> Invoice:
    actor, invoice = _read(request, company_slug, invoice_id)
    note_read(actor, invoice, purpose="view")
    return invoice


@router.get(
    ONE + "/history",
    response=HISTORY_RESPONSES,
    operation_id="invoice_history",
    url_name="invoice_history",
    summary="History of an invoice or credit note",
    description=HISTORY_DESCRIPTION,
)
@paginate(PagePagination)
def invoice_history(
    request: HttpRequest, company_slug: str, invoice_id: uuid.UUID
) -> HistoryPage:
    actor, invoice = _read(request, company_slug, invoice_id)
    return record_history(actor, invoice, permission=INVOICE_VIEW)


@router.get(
    ONE + "/pdf",
    response={200: None, **READ_ERRORS},
    operation_id="get_invoice_pdf",
    url_name="get_invoice_pdf",
    summary="Download an invoice as PDF",
    openapi_extra={"responses": {200: {
        "description": "The invoice as a PDF document.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }}},
)
def get_invoice_pdf(request: HttpRequest, company_slug: str, invoice_id: uuid.UUID) -> HttpResponse:
    actor, invoice = _read(request, company_slug, invoice_id)
    note_read(actor, invoice, purpose="download")
    return pdf.response(invoice)


@router.post(
    INVOICES,
    response={201: InvoiceOut, **WRITE_ERRORS},
    operation_id="create_invoice",
    url_name="create_invoice",
    summary="Create a draft invoice",
    description="Amounts are decimal strings; errors name the field, e.g. `lines.0.unit_price`.",
)
def create_invoice(
    request: HttpRequest, company_slug: str, payload: InvoiceCreate
) -> Status[Invoice]:
    actor = company_actor(request, company_slug)
    data = payload.dict(exclude={"lines", "customer_organisation_id"})
    invoice = actions.create_invoice(
        actor=actor, lines=[line.to_input() for line in payload.lines],
        customer_organisation=payload.customer_organisation_id, **data
    )
    return Status(201, _fresh(actor, invoice))


@router.patch(
    ONE,
    response={200: InvoiceOut, **WRITE_ERRORS},
    operation_id="update_invoice",
    url_name="update_invoice",
    summary="Change a draft invoice",
    description="Only drafts change (422 otherwise); `lines`, when given, replaces all lines.",
)
def update_invoice(
    request: HttpRequest, company_slug: str, invoice_id: uuid.UUID, payload: InvoicePatch
) -> Invoice:
    actor, invoice = _read(request, company_slug, invoice_id)
    fields = payload.dict(exclude_unset=True, exclude={"lines"})
    if "customer_organisation_id" in fields:
        fields["customer_organisation"] = fields.pop("customer_organisation_id")
    lines = None if payload.lines is None else [line.to_input() for line in payload.lines]
    actions.update_invoice(actor=actor, invoice=invoice, lines=lines, **fields)
    return _fresh(actor, invoice)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_invoice",
    url_name="delete_invoice",
    summary="Delete a draft invoice",
    description="Issued invoices are kept for the statutory period (422).",
)
def delete_invoice(request: HttpRequest, company_slug: str, invoice_id: uuid.UUID) -> Status[None]:
    actor, invoice = _read(request, company_slug, invoice_id)
    actions.delete_invoice(actor=actor, invoice=invoice)
    return Status(204, None)


@router.post(
    ONE + "/issue",
    response={200: InvoiceOut, **WRITE_ERRORS},
    operation_id="issue_invoice",
    url_name="issue_invoice",
    summary="Issue a draft",
    description="Gives it the next gap-free number of its series; from then on it is immutable.",
)
def issue_invoice(request: HttpRequest, company_slug: str, invoice_id: uuid.UUID) -> Invoice:
    actor, invoice = _read(request, company_slug, invoice_id)
    return _fresh(actor, actions.issue_invoice(actor=actor, invoice=invoice))


@router.post(
    ONE + "/payment",
    response={200: InvoiceOut, **WRITE_ERRORS},
    operation_id="pay_invoice",
    url_name="pay_invoice",
    summary="Record an invoice's payment",
    description="Marks an issued invoice paid on `paid_on` (not before its issue date, not in "
    "the future).",
)
def pay_invoice(
    request: HttpRequest, company_slug: str, invoice_id: uuid.UUID, payload: PaymentIn
) -> Invoice:
    actor, invoice = _read(request, company_slug, invoice_id)
    paid = actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=payload.paid_on)
    return _fresh(actor, paid)


@router.post(
    ONE + "/credit-notes",
    response={201: InvoiceOut, **WRITE_ERRORS},
    operation_id="credit_invoice",
    url_name="credit_invoice",
    summary="Make a draft credit note for an issued invoice",
    description="Credits every line unless `lines` is given; at most what remains uncredited. "
    "Issue it with the issue operation.",
)
def credit_invoice(
    request: HttpRequest, company_slug: str, invoice_id: uuid.UUID, payload: CreditNoteIn
) -> Status[Invoice]:
    actor, invoice = _read(request, company_slug, invoice_id)
    lines = None if payload.lines is None else [line.to_input() for line in payload.lines]
    note = actions.create_credit_note(actor=actor, invoice=invoice, lines=lines,
                                      notes=payload.notes)
    return Status(201, _fresh(actor, note))


SETTINGS = "/companies/{company_slug}/invoice-settings"


@router.get(
    SETTINGS,
    response={200: InvoiceSettingsFields, **READ_ERRORS},
    operation_id="get_invoice_settings",
    url_name="get_invoice_settings",
    summary="Get the company's invoice details",
    description="Legal name, numbers, address, bank account and default payment terms, as "
    "printed on (and copied onto) invoices at issue.",
)
def get_invoice_settings(request: HttpRequest, company_slug: str) -> InvoiceSettings:
    actor = company_actor(request, company_slug)
    return selectors.invoice_settings(actor)


@router.patch(
    SETTINGS,
    response={200: InvoiceSettingsFields, **WRITE_ERRORS},
    operation_id="update_invoice_settings",
    url_name="update_invoice_settings",
    summary="Change the company's invoice details",
    description="Only the fields given change. Needs company.manage. Issued invoices keep "
    "the details they were issued with.",
)
def update_invoice_settings(
    request: HttpRequest, company_slug: str, payload: InvoiceSettingsPatch
) -> InvoiceSettings:
    actor = company_actor(request, company_slug)
    return actions.set_invoice_settings(actor=actor, **payload.dict(exclude_unset=True))
