"""Support grants (a company's consent) and support sessions (an operator acting as a member)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from strongroom.platform.tenancy.models import TenantOwned

__all__ = ["EndReason", "GrantScope", "SupportGrant", "SupportSession"]


class GrantScope(models.TextChoices):
    READ_ONLY = "read_only", "Read-only"
    FULL = "full", "Full (may change records)"


class EndReason(models.TextChoices):
    ENDED = "ended", "Ended by the operator"
    SIGNED_OUT = "signed_out", "Operator signed out"
    REVOKED = "revoked", "Grant revoked"
    EXPIRED = "expired", "Grant expired"
    MEMBER_GONE = "member_gone", "Member or company no longer active"


class SupportGrant(TenantOwned):
    """A company admin's consent: support may act in the company until ``expires_at``."""

    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    scope = models.CharField(max_length=20, choices=GrantScope.choices)
    # Only this member's view may be taken; null: any member within the grantor's own rights.
    member = models.ForeignKey(
        "tenancy.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["company", "-created_at"], name="support_grant_company"),
            models.Index(fields=["expires_at"], name="support_grant_expiry"),
        ]

    def __str__(self) -> str:
        return f"Support grant #{self.pk} ({self.get_scope_display()})"

    @property
    def read_only(self) -> bool:
        return self.scope != GrantScope.FULL

    def is_live(self, at: datetime | None = None) -> bool:
        """Neither revoked nor expired (at ``at``, default now)."""
        moment = at or timezone.now()
        return self.revoked_at is None and self.expires_at > moment

    @property
    def ended_at(self) -> datetime | None:
        """When the grant stopped (or will stop) allowing access."""
        if self.revoked_at is not None:
            return min(self.revoked_at, self.expires_at)
        return self.expires_at


class SupportSession(TenantOwned):
    """An operator acting as ``member`` within ``grant``, for a stated reason."""

    grant = models.ForeignKey(SupportGrant, on_delete=models.PROTECT, related_name="sessions")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["company", "-started_at"], name="support_session_company"),
        ]

    def __str__(self) -> str:
        return f"Support session #{self.pk}"

    @property
    def credential(self) -> str:
        """How history entries made in this session name it (``credential`` of every entry)."""
        return f"support session {self.pk}"

    def is_live(self, at: datetime | None = None) -> bool:
        """Not ended, and its grant still live: checked on every request of the session."""
        return self.ended_at is None and self.grant.is_live(at)

    @property
    def effective_end(self) -> tuple[datetime | None, str]:
        """(when, why) the session ended, or (None, "") while it runs."""
        grant = self.grant
        candidates: list[tuple[datetime, str]] = []
        if self.ended_at is not None:
            candidates.append((self.ended_at, self.get_end_reason_display()))
        if grant.revoked_at is not None:
            candidates.append((grant.revoked_at, EndReason.REVOKED.label))
        if grant.expires_at <= timezone.now():
            candidates.append((grant.expires_at, EndReason.EXPIRED.label))
        if not candidates:
            return None, ""
        return min(candidates, key=lambda pair: pair[0])
