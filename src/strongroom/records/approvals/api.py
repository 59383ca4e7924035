"""API operations of approvals (mounted by project/api.py): tags, rules, requests, decisions."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.responses import Status

from strongroom.api.input import Int64
from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy import actions as tenancy_actions
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Tag
from strongroom.platform.tenancy.permissions import TAG_VIEW
from strongroom.records.approvals import selectors
from strongroom.records.approvals.actions import rules as rule_actions
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.models import ApprovalRequest, ApprovalRule
from strongroom.records.approvals.permissions import APPROVAL_VIEW, RULE_VIEW
from strongroom.records.approvals.schemas import (
    ApprovalOut,
    DecisionIn,
    RuleIn,
    RuleOut,
    RulePatch,
    TagCreate,
    TagOut,
    TagPatch,
)

router = Router(tags=["Approvals"])
BASE = "/companies/{company_slug}"


@router.listing(
    f"{BASE}/tags",
    item=TagOut,
    permission=TAG_VIEW,
    summary="List tags",
    description="The company's tag catalogue, by name. Search with q.",
)
def list_tags(request: HttpRequest, actor: CompanyActor, q: str = "") -> QuerySet[Tag]:
    tags = tenancy_selectors.tags(actor)
    return tags.filter(name__icontains=q.strip().lower()) if q.strip() else tags


@router.get(f"{BASE}/tags/{{tag_id}}", response={200: TagOut, **READ_ERRORS},
            summary="Get a tag")
def get_tag(request: HttpRequest, actor: CompanyActor, tag_id: Int64) -> Tag:
    return tenancy_selectors.tag(actor, tag_id)


@router.post(f"{BASE}/tags", response={201: TagOut, **WRITE_ERRORS},
             summary="Define a tag")
def create_tag(request: HttpRequest, actor: CompanyActor, payload: TagCreate) -> Status[Tag]:
    return Status(201, tenancy_actions.create_tag(actor=actor, name=payload.name,
                                                  description=payload.description))


@router.patch(f"{BASE}/tags/{{tag_id}}", response={200: TagOut, **WRITE_ERRORS},
              summary="Describe a tag")
def update_tag(request: HttpRequest, actor: CompanyActor, tag_id: Int64, payload: TagPatch) -> Tag:
    tag = tenancy_selectors.tag(actor, tag_id)
    return tenancy_actions.update_tag(actor=actor, tag=tag, description=payload.description)


@router.delete(f"{BASE}/tags/{{tag_id}}", response={204: None, **WRITE_ERRORS},
               summary="Delete a tag",
               description="Refused (422) while members carry it or rules use it.")
def delete_tag(request: HttpRequest, actor: CompanyActor, tag_id: Int64) -> Status[None]:
    tenancy_actions.delete_tag(actor=actor, tag=tenancy_selectors.tag(actor, tag_id))
    return Status(204, None)


def _tag(actor: Actor, name: str | None, field: str) -> Tag | None:
    if not name:
        return None
    found = tenancy_selectors.tags(actor).filter(name=name.strip().lower()).first()
    if found is None:
        raise ValidationError({field: f"Unknown tag {name!r}: define it first."})
    return found


@router.listing(
    f"{BASE}/approval-rules",
    item=RuleOut,
    permission=RULE_VIEW,
    summary="List approval rules",
    description="By kind, step and name.",
)
def list_approval_rules(
    request: HttpRequest, actor: CompanyActor, kind: str = ""
) -> QuerySet[ApprovalRule]:
    rules = selectors.rules(actor)
    return rules.filter(kind=kind) if kind else rules


@router.get(f"{BASE}/approval-rules/{{rule_id}}", response={200: RuleOut, **READ_ERRORS},
            summary="Get an approval rule")
def get_approval_rule(
    request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID
) -> ApprovalRule:
    return selectors.rule(actor, rule_id)


@router.post(f"{BASE}/approval-rules", response={201: RuleOut, **WRITE_ERRORS},
             summary="Add an approval rule",
             description="Applies to requests submitted from now on.")
def create_approval_rule(
    request: HttpRequest, actor: CompanyActor, payload: RuleIn
) -> Status[ApprovalRule]:
    values = payload.dict()
    values["requester_tag"] = _tag(actor, payload.requester_tag, "requester_tag")
    values["approver_tag"] = _tag(actor, payload.approver_tag, "approver_tag")
    return Status(201, rule_actions.create_rule(actor=actor, **values))


@router.patch(f"{BASE}/approval-rules/{{rule_id}}", response={200: RuleOut, **WRITE_ERRORS},
              summary="Change an approval rule",
              description="Only the fields given change; pending requests keep their steps.")
def update_approval_rule(
    request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID, payload: RulePatch
) -> ApprovalRule:
    rule = selectors.rule(actor, rule_id)
    given: dict[str, Any] = payload.dict(exclude_unset=True)
    values: dict[str, Any] = {
        "name": rule.name, "kind": rule.kind, "step": rule.step,
        "requester_tag": rule.requester_tag, "approver_tag": rule.approver_tag,
        "approver_role": rule.approver_role, "amount_above": rule.amount_above,
        "is_active": rule.is_active,
    }
    for field in ("requester_tag", "approver_tag"):
        if field in given:
            given[field] = _tag(actor, given[field], field)
    if given.get("approver_role"):
        values["approver_tag"] = None  # a role given replaces the tag, and the other way
    if given.get("approver_tag") is not None:
        values["approver_role"] = ""
    values.update({key: value for key, value in given.items()
                   if value is not None or key in ("requester_tag", "amount_above",
                                                   "approver_tag")})
    return rule_actions.update_rule(actor=actor, rule=rule, **values)


@router.delete(f"{BASE}/approval-rules/{{rule_id}}", response={204: None, **WRITE_ERRORS},
               summary="Delete an approval rule")
def delete_approval_rule(
    request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID
) -> Status[None]:
    rule_actions.delete_rule(actor=actor, rule=selectors.rule(actor, rule_id))
    return Status(204, None)


def _shown(actor: Actor, page: list[ApprovalRequest]) -> None:
    """A page of requests as the answer shows them: with their records, noted."""
    for approval in selectors.attach_records(page):
        _note(actor, approval, purpose="list")


def _note(actor: Actor, approval: ApprovalRequest, *, purpose: str) -> None:
    """The access log of an answer: steps with comments, and the members it names by e-mail
    address (requester, approvers, deciders), all from the prefetched rows."""
    steps = list(approval.steps.all())
    note_reads(actor, [step for step in steps if step.comment], purpose=purpose)
    people = {approval.requester, *(m for step in steps for m in step.approvers.all()),
              *(step.decided_by for step in steps if step.decided_by is not None)}
    note_reads(actor, sorted(people, key=lambda m: m.pk), purpose=purpose)


@router.listing(
    f"{BASE}/approvals",
    item=ApprovalOut,
    permission=APPROVAL_VIEW,
    summary="List approval requests",
    description="The caller's own requests and those they approve (admins: all). "
    "Filter by status and kind; mine=true for only one's own part.",
)
def list_approvals(
    request: HttpRequest, actor: CompanyActor, status: str = "", kind: str = "",
    mine: bool = False,
) -> NotedPage[ApprovalRequest]:
    queryset = selectors.requests(actor, status=status, kind=kind, mine=mine)
    return NotedPage(queryset, lambda page: _shown(actor, page))


@router.listing(
    f"{BASE}/approvals/inbox",
    item=ApprovalOut,
    permission=APPROVAL_VIEW,
    summary="The caller's approval inbox",
    description="Requests whose open step the caller can decide, oldest first.",
)
def approval_inbox(request: HttpRequest, actor: CompanyActor) -> NotedPage[ApprovalRequest]:
    waiting = selectors.inbox(actor).values("request_id")
    queryset = selectors.requests(actor).filter(pk__in=waiting).order_by("created_at", "id")
    return NotedPage(queryset, lambda page: _shown(actor, page))


@router.get(f"{BASE}/approvals/{{approval_id}}", response={200: ApprovalOut, **READ_ERRORS},
            summary="Get an approval request")
def get_approval(
    request: HttpRequest, actor: CompanyActor, approval_id: uuid.UUID
) -> ApprovalRequest:
    approval = selectors.request(actor, approval_id)
    (approval,) = selectors.attach_records([approval])
    _note(actor, approval, purpose="view")
    return approval


@router.post(f"{BASE}/approvals/{{approval_id}}/decision",
             response={200: ApprovalOut, **WRITE_ERRORS},
             summary="Approve or reject the open step",
             description="Only the open step's approvers decide; a rejection needs a comment. "
                         "Nobody approves their own request (403).")
def decide_approval(
    request: HttpRequest, actor: CompanyActor, approval_id: uuid.UUID, payload: DecisionIn
) -> ApprovalRequest:
    approval = selectors.request(actor, approval_id)
    step = selectors.open_step(approval)
    if step is None:
        raise ValidationError({"__all__": "This request is not waiting for a decision."})
    decide(actor=actor, step=step, approve=payload.approve, comment=payload.comment)
    return get_approval(request, actor, approval_id)


router.history(
    f"{BASE}/tags/{{tag_id}}", name="tag_history", summary="History of a tag",
    lookup=tenancy_selectors.tag, permission=TAG_VIEW, id_type=Int64,
)


router.history(
    f"{BASE}/approval-rules/{{rule_id}}", name="approval_rule_history",
    summary="History of an approval rule",
    lookup=selectors.rule, permission=RULE_VIEW, id_type=uuid.UUID,
)


router.history(
    f"{BASE}/approvals/{{approval_id}}", name="approval_history",
    summary="History of an approval request",
    lookup=selectors.request, permission=APPROVAL_VIEW, id_type=uuid.UUID,
)
