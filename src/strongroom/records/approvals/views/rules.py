"""Approval rules: list, add, change, delete."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import registry, selectors
from strongroom.records.approvals.actions import rules as rule_actions
from strongroom.records.approvals.forms import RuleForm
from strongroom.records.approvals.models import ApprovalRule
from strongroom.records.approvals.permissions import RULE_MANAGE, RULE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


def _tag(actor: Actor, value: str) -> Tag | None:
    return tenancy_selectors.tag(actor, int(value)) if value else None


def _values(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"], "kind": data["kind"], "step": data["step"],
        "requester_tag": _tag(actor, data["requester_tag"]),
        "approver_tag": _tag(actor, data["approver_tag"]),
        "approver_role": data["approver_role"], "amount_above": data["amount_above"],
        "is_active": data["is_active"],
    }


@company_view
def rule_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The company's approval rules, by kind and step."""
    policy.require(actor, RULE_VIEW)
    kinds = {item.kind: item.label for item in registry.kinds()}
    rows = [(rule, kinds.get(rule.kind, rule.kind)) for rule in selectors.rules(actor)]
    return render(request, "approvals/rules.html", {"rows": rows})


def _save(request: HttpRequest, actor: CompanyActor, rule: ApprovalRule | None) -> HttpResponse:
    tags = list(tenancy_selectors.tags(actor))
    initial: dict[str, Any] = {"step": 1, "is_active": True}
    if rule is not None:
        initial = {
            "name": rule.name, "kind": rule.kind, "step": rule.step,
            "requester_tag": rule.requester_tag_id or "",
            "approver_tag": rule.approver_tag_id or "",
            "approver_role": rule.approver_role, "amount_above": rule.amount_above,
            "is_active": rule.is_active,
        }
    form = RuleForm(request.POST or None, initial=initial, tags=tags)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            values = _values(actor, form.cleaned_data)
            if rule is None:
                saved = rule_actions.create_rule(actor=actor, **values)
            else:
                saved = rule_actions.update_rule(actor=actor, rule=rule, **values)
            messages.success(request, f"Rule {saved.name} saved. It applies to new requests.")
            return redirect("web:approval_rules", slug=actor.company.slug)
    return render(request, "approvals/rule_form.html", {"form": form, "rule": rule})


@company_view
def rule_add(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Add an approval rule."""
    policy.require(actor, RULE_MANAGE, actor.company)
    return _save(request, actor, None)


@company_view
def rule_edit(request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID) -> HttpResponse:
    """Change an approval rule (pending requests keep their steps)."""
    rule = selectors.rule(actor, rule_id)
    policy.require(actor, RULE_MANAGE, rule)
    return _save(request, actor, rule)


@require_POST
@company_view
def rule_delete(request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID) -> HttpResponse:
    """Delete an approval rule."""
    rule = selectors.rule(actor, rule_id)
    rule_actions.delete_rule(actor=actor, rule=rule)
    messages.success(request, f"Rule {rule.name} deleted.")
    return redirect("web:approval_rules", slug=actor.company.slug)
