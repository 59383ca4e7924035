"""Live check of tag rules (P-B2) for the compliance report: counts of rules and requests."""

from __future__ import annotations

from django.db.models import F

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed
from strongroom.records.approvals.models import ApprovalRule, ApprovalStep


@check("P-B2", "Tag rules")
def tag_rules(actor: Actor) -> Outcome:
    """Rules exist per company; no step was decided by the person who requested."""
    own = ApprovalStep.objects.filter(
        decided_by__isnull=False, decided_by=F("request__requester")
    ).count()
    evidence = {"rules": ApprovalRule.objects.count(), "self_approved_steps": own}
    if own:
        return failed(f"{own} approval step(s) decided by their own requester", **evidence)
    return passed("approval rules by tag and role; nobody approved their own request",
                  **evidence)
