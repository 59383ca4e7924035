"""The hint on a record that cannot be deleted yet (``{% load retention %}``):
``{% retention_hint invoice as hint %}`` is the legal hold that covers it or the last day the
law keeps it, or empty (P-D3)."""

from __future__ import annotations

from django import template
from django.db import models

from strongroom.platform.retention import guard, rules

register = template.Library()


@register.simple_tag
def retention_hint(record: models.Model) -> str:
    hold = guard.active_hold(record.company_id, record)  # type: ignore[attr-defined]
    if hold is not None:
        return f"Under a legal hold placed on {hold.covers} ({hold.reason}): it cannot be deleted."
    kept = rules.retained_until(record)
    if kept is None or kept[0] < rules.today():
        return ""
    until, reason = kept
    return f"Kept until {until.day} {until:%b %Y} ({reason})."
