"""API operations of expenses (mounted by project/api.py). Approvers decide through the
approvals operations; receipts are uploaded with their line (multipart)."""

import uuid
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.responses import Status
from pydantic import ValidationError as PydanticError

from strongroom.api.router import Router
from strongroom.api.schemas.common import DOWNLOAD_ERRORS, READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.downloads import download
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.files.http import download_response
from strongroom.platform.files.selectors import open_file
from strongroom.platform.history.read_log import note_read
from strongroom.records.expenses import actions, selectors
from strongroom.records.expenses.models import ExpenseClaim
from strongroom.records.expenses.permissions import EXPENSE_SUBMIT, EXPENSE_VIEW
from strongroom.records.expenses.schemas import (
    ClaimCreate,
    ClaimFilters,
    ClaimOut,
    ClaimSummaryOut,
    ExpenseLineIn,
    MileageIn,
    ReimburseIn,
    SettingsIn,
    SettingsOut,
)

router = Router(tags=["Expenses"])
CLAIMS = "/companies/{company_slug}/expense-claims"
ONE = CLAIMS + "/{claim_id}"
LINE = ONE + "/lines/{line_id}"


def _fresh(actor: Any, claim_id: uuid.UUID) -> ExpenseClaim:
    claim = selectors.claim(actor, claim_id)
    note_read(actor, claim, purpose="view")
    return claim


@router.listing(
    CLAIMS,
    item=ClaimSummaryOut,
    permission=EXPENSE_VIEW,
    summary="List expense claims",
    description="One's own claims, those one approves, and (with expense.view_all) all.",
)
def list_expense_claims(
    request: HttpRequest, actor: CompanyActor, filters: Query[ClaimFilters]
) -> QuerySet[ExpenseClaim]:
    return selectors.claims(actor, **{k: v for k, v in filters.dict().items() if v})


@router.get(ONE, response={200: ClaimOut, **READ_ERRORS},
            summary="Get an expense claim with its lines")
def get_expense_claim(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> Any:
    return _fresh(actor, claim_id)


router.history(
    ONE, name="expense_claim_history", summary="History of an expense claim",
    lookup=selectors.claim, permission=EXPENSE_VIEW, id_type=uuid.UUID,
)


@router.post(CLAIMS, response={201: ClaimOut, **WRITE_ERRORS},
             summary="Start an expense claim of one's own")
def create_expense_claim(
    request: HttpRequest, actor: CompanyActor, payload: ClaimCreate
) -> Status[ExpenseClaim]:
    claim = actions.create_claim(actor=actor, title=payload.title,
                                 bank_account=payload.bank_account)
    return Status(201, _fresh(actor, claim.pk))


@router.delete(ONE, response={204: None, **WRITE_ERRORS}, summary="Delete a draft claim")
def delete_expense_claim(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID
) -> Status[None]:
    claim = selectors.claim(actor, claim_id)
    actions.delete_claim(actor=actor, claim=claim)
    return Status(204, None)


LINE_FORM = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object",
    "required": ["date", "category", "description", "amount", "receipt"],
    "properties": {
        **{name: {"type": "string"} for name in ExpenseLineIn.model_fields},
        "receipt": {"type": "string", "format": "binary"},
    },
}}}}}


def _line_input(request: HttpRequest) -> dict[str, Any]:
    """The multipart fields as ExpenseLineIn checks them; field errors as a 422 problem."""
    try:
        fields = ExpenseLineIn.model_validate(request.POST.dict()).model_dump()
    except PydanticError as error:
        raise ValidationError({
            ".".join(str(p) for p in item["loc"]) or "__all__": item["msg"]
            for item in error.errors()
        }) from None
    receipt = request.FILES.get("receipt")
    if receipt is None:
        raise ValidationError({"receipt": "Attach the receipt (field 'receipt')."})
    return {**fields, "receipt": receipt}


@router.post(ONE + "/lines", response={201: ClaimOut, **WRITE_ERRORS},
             summary="Add an expense with its receipt",
             description="multipart/form-data: the line's fields and the `receipt` file.",
             openapi_extra=LINE_FORM)
def add_expense_line(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID
) -> Status[ExpenseClaim]:
    claim = selectors.claim(actor, claim_id)
    policy.require(actor, EXPENSE_SUBMIT, claim)
    actions.add_expense_line(actor=actor, claim=claim, **_line_input(request))
    return Status(201, _fresh(actor, claim.pk))


@router.post(ONE + "/mileage", response={201: ClaimOut, **WRITE_ERRORS},
             summary="Add a mileage trip at the company's rate per km")
def add_mileage_line(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID, payload: MileageIn
) -> Status[ExpenseClaim]:
    claim = selectors.claim(actor, claim_id)
    actions.add_mileage_line(actor=actor, claim=claim, **payload.dict())
    return Status(201, _fresh(actor, claim.pk))


@router.delete(LINE, response={204: None, **WRITE_ERRORS}, summary="Remove a line and its receipt")
def remove_expense_line(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID, line_id: uuid.UUID
) -> Status[None]:
    claim = selectors.claim(actor, claim_id)
    actions.remove_expense_line(actor=actor, line=selectors.line(actor, claim, line_id))
    return Status(204, None)


@router.get(LINE + "/receipt", response={200: None, **DOWNLOAD_ERRORS},
            summary="Download a line's receipt",
            openapi_extra=download("The receipt as uploaded, with its detected media type."))
def get_expense_receipt(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID, line_id: uuid.UUID
) -> HttpResponse:
    claim = selectors.claim(actor, claim_id)
    line = selectors.line(actor, claim, line_id)
    if line.receipt is None:
        raise policy.NotFound()
    streamed = download_response(open_file(actor, line.receipt, permission=EXPENSE_VIEW, on=claim))
    return cast(HttpResponse, streamed)


@router.post(ONE + "/submit", response={200: ClaimOut, **WRITE_ERRORS},
             summary="Submit a claim for approval",
             description="Routed by the company's approval rules; every expense line needs its "
             "receipt.")
def submit_expense_claim(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> Any:
    claim = selectors.claim(actor, claim_id)
    actions.submit_claim(actor=actor, claim=claim)
    return _fresh(actor, claim.pk)


@router.post(ONE + "/reimbursement", response={200: ClaimOut, **WRITE_ERRORS},
             summary="Record the payout of an approved claim")
def reimburse_expense_claim(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID, payload: ReimburseIn
) -> Any:
    claim = selectors.claim(actor, claim_id)
    actions.mark_claim_reimbursed(actor=actor, claim=claim, reimbursed_on=payload.reimbursed_on)
    return _fresh(actor, claim.pk)


@router.get("/companies/{company_slug}/expense-settings", response={200: SettingsOut,
            **READ_ERRORS}, summary="The company's mileage rate")
def get_expense_settings(request: HttpRequest, actor: CompanyActor) -> Any:
    return selectors.expense_settings(actor)


@router.put("/companies/{company_slug}/expense-settings", response={200: SettingsOut,
            **WRITE_ERRORS}, summary="Set the mileage rate per km")
def update_expense_settings(request: HttpRequest, actor: CompanyActor, payload: SettingsIn) -> Any:
    return actions.set_mileage_rate(actor=actor, rate=payload.mileage_rate)
