"""Severities and the remediation deadlines that go with them (P-G2)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# Days from first seen to the due date.
SLA_DAYS = {Severity.CRITICAL: 15, Severity.HIGH: 30, Severity.MEDIUM: 90, Severity.LOW: 180}
# What blocks a release (the CI gate) unless an accepted, unexpired exception covers it.
BLOCKING = frozenset({Severity.CRITICAL, Severity.HIGH})


def due_date(severity: str, first_seen: datetime) -> datetime:
    """When a finding of ``severity`` first seen at ``first_seen`` must be resolved."""
    return first_seen + timedelta(days=SLA_DAYS[Severity(severity)])
