"""History pages of tags and approval rules (P-D1)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.permissions import TAG_VIEW
from strongroom.records.approvals import selectors
from strongroom.records.approvals.permissions import RULE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.views.history import render_history


@company_view
def tag_history(request: HttpRequest, actor: CompanyActor, tag_id: int) -> HttpResponse:
    """Every change to one tag."""
    tag = tenancy_selectors.tag(actor, tag_id)
    return render_history(request, actor, tag, permission=TAG_VIEW, title=f"Tag {tag.name}",
                          back_url=reverse("web:tags", kwargs={"slug": actor.company.slug}))


@company_view
def rule_history(request: HttpRequest, actor: CompanyActor, rule_id: uuid.UUID) -> HttpResponse:
    """Every change to one approval rule."""
    rule = selectors.rule(actor, rule_id)
    return render_history(
        request, actor, rule, permission=RULE_VIEW, title=f"Rule {rule.name}",
        back_url=reverse("web:approval_rules", kwargs={"slug": actor.company.slug}),
    )
