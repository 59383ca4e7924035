"""Reads of approvals, scoped to the actor: rules, the inbox, and the requests one is part of."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy.models import Membership
from strongroom.records.approvals import registry
from strongroom.records.approvals.models import (
    ApprovalRequest,
    ApprovalRule,
    ApprovalStatus,
    ApprovalStep,
    StepStatus,
)
from strongroom.records.approvals.permissions import APPROVAL_VIEW, APPROVAL_VIEW_ALL, RULE_VIEW


def records_naming_approver(company_id: int, kind: str, member: Membership) -> QuerySet[Any]:
    """The ids (text) of the ``kind`` records whose approval names ``member`` as an approver:
    for the visibility rules of the apps that register kinds."""
    return ApprovalRequest.objects.filter(
        company_id=company_id, kind=kind, steps__approvers=member
    ).values_list("record_id", flat=True)


def rules(actor: Actor) -> QuerySet[ApprovalRule]:
    """The company's approval rules, by kind, step and name."""
    return policy.restrict(
        actor, ApprovalRule.objects.select_related("requester_tag", "approver_tag"), RULE_VIEW
    )


def rule(actor: Actor, rule_id: uuid.UUID | str) -> ApprovalRule:
    """One approval rule of the actor's company, or NotFound."""
    return policy.get_for_actor(
        actor, ApprovalRule.objects.select_related("requester_tag", "approver_tag"), RULE_VIEW,
        pk=rule_id,
    )


def _steps_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "steps",
        queryset=ApprovalStep.objects.select_related("decided_by__user")
        .prefetch_related(Prefetch("approvers", queryset=Membership.objects.select_related("user")))
        .order_by("position"),
    )


def _party(actor: Actor) -> Q:
    """Requests the actor asked for or is an approver of."""
    membership = actor.membership
    if membership is None or membership.pk is None:
        return Q(pk__in=[])
    return Q(requester=membership) | Q(steps__approvers=membership)


def requests(
    actor: Actor, *, status: str = "", kind: str = "", mine: bool = False
) -> QuerySet[ApprovalRequest]:
    """Approval requests the actor may see: their own and those they approve (admins: all)."""
    queryset = policy.restrict(
        actor,
        ApprovalRequest.objects.select_related("requester__user").prefetch_related(
            _steps_prefetch()
        ),
        APPROVAL_VIEW,
    )
    if mine or not policy.allows(actor, APPROVAL_VIEW_ALL):
        ids = policy.restrict(actor, ApprovalRequest.objects.filter(_party(actor)), APPROVAL_VIEW)
        queryset = queryset.filter(pk__in=ids.values("pk"))
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at", "-id")


def request(actor: Actor, approval_id: uuid.UUID | str) -> ApprovalRequest:
    """One approval request the actor may see, or NotFound."""
    return policy.get_for_actor(actor, requests(actor), APPROVAL_VIEW, pk=approval_id)


def inbox(actor: Actor) -> QuerySet[ApprovalStep]:
    """Open steps the actor can decide, oldest request first."""
    membership = actor.membership
    if membership is None or membership.pk is None:
        return ApprovalStep.objects.none()
    return (
        policy.restrict(actor, ApprovalStep.objects.all(), APPROVAL_VIEW)
        .filter(status=StepStatus.PENDING, approvers=membership,
                request__status=ApprovalStatus.PENDING)
        .exclude(request__requester=membership)
        .exclude(request__steps__decided_by=membership)  # one person, one step of a request
        .select_related("request__requester__user")
        .order_by("request__created_at", "id")
    )


def open_step(approval: ApprovalRequest) -> ApprovalStep | None:
    """The request's open step, from its prefetched steps."""
    return next((s for s in approval.steps.all() if s.status == StepStatus.PENDING), None)


def attach_records(approvals: Iterable[ApprovalRequest]) -> list[ApprovalRequest]:
    """Give each request ``.record`` (or None), ``.description`` and ``.record_url``, with one
    query per kind."""
    items = list(approvals)
    wanted: dict[str, set[str]] = defaultdict(set)
    for approval in items:
        if registry.is_registered(approval.kind):
            wanted[approval.kind].add(approval.record_id)
    found: dict[tuple[str, str], Any] = {}
    for kind, ids in wanted.items():
        for obj in registry.get(kind).records().filter(pk__in=list(ids)):
            found[(kind, str(obj.pk))] = obj
    for approval in items:
        obj = found.get((approval.kind, approval.record_id))
        approvable = registry.get(approval.kind) if registry.is_registered(approval.kind) else None
        approval.record = obj  # type: ignore[attr-defined]
        approval.kind_label = approvable.label if approvable else approval.kind  # type: ignore[attr-defined]
        approval.description = (  # type: ignore[attr-defined]
            approvable.describe(obj) if approvable and obj is not None else ""
        )
        approval.record_url = approvable.url(obj) if approvable and obj is not None else ""  # type: ignore[attr-defined]
    return items


def for_records(actor: Actor, kind: str, record_ids: Iterable[Any]) -> dict[str, ApprovalRequest]:
    """The latest approval request of each record of ``kind`` (for record pages and lists)."""
    ids = [str(pk) for pk in record_ids]
    queryset = (
        policy.restrict(actor, ApprovalRequest.objects.all(), APPROVAL_VIEW)
        .filter(kind=kind, record_id__in=ids)
        .prefetch_related(_steps_prefetch())
        .order_by("created_at")
    )
    return {approval.record_id: approval for approval in queryset}
