"""API keys (P-A3) and security events (P-A7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from strongroom.platform.tenancy.models import Company, TenantOwned

if TYPE_CHECKING:
    from strongroom.platform.accounts.models import User


_NEVER = datetime.max.replace(tzinfo=UTC)


class ApiKeyManager(models.Manager["ApiKey"]):
    def issue(
        self, *, company: Company, user: User, name: str, read_only: bool, lifetime: timedelta,
        issued_by: str = "", support_grant_id: int | None = None, not_after: datetime | None = None,
    ) -> tuple[ApiKey, str]:
        """Store a new key's digest and return (record, full key), expiring after ``lifetime``
        or at ``not_after``, whichever is sooner. No policy, no audit: callers
        are ``identity.apikeys.actions.create_api_key`` (and test factories)."""
        from strongroom.identity.apikeys import secrets as apikey_secrets

        full_key, key_id, secret = apikey_secrets.new_key()
        key = self.create(
            company=company,
            user=user,
            name=name,
            key_id=key_id,
            digest=apikey_secrets.digest(secret),
            pepper_id=apikey_secrets.current_pepper_id(),
            read_only=read_only,
            expires_at=min(timezone.now() + lifetime, not_after or _NEVER),
            issued_by=issued_by,
            support_grant_id=support_grant_id,
        )
        return key, full_key


class ApiKey(TenantOwned):
    """``sr_live_<key_id>_<secret>``: the key id is public (shown in lists, used to look the
    key up); the secret exists only in the caller's hands and as an HMAC with a server pepper."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    key_id = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    pepper_id = models.CharField(max_length=16, help_text="Which pepper made the digest.")
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    # Empty: the member made it; else who issued it for them (``root@host on the command line``).
    issued_by = models.CharField(max_length=200, blank=True)
    # A key issued from the command line lives only within the company's support grant (its
    # consent to operators, P-B4): it stops working when the grant is revoked or expires.
    support_grant = models.ForeignKey(
        "support.SupportGrant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    objects: ClassVar[ApiKeyManager] = ApiKeyManager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} (sr_live_{self.key_id}…)"

    @property
    def prefix(self) -> str:
        """What lists show of the key: enough to recognise it, nothing to use."""
        return f"sr_live_{self.key_id}"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        grant = self.support_grant if self.support_grant_id is not None else None
        return (
            self.revoked_at is None
            and self.expires_at > moment
            and (grant is None or grant.is_live(moment))
        )

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_usable() else "expired"


class SecurityEvent(models.Model):
    """Something that happened to an account's security (P-A7), shown to the account holder and
    to admins of the companies they belong to. Tags are namespaced and stable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    tag = models.CharField(max_length=60)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    device = models.CharField(max_length=16, blank=True, help_text="Fingerprint of the browser.")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-occurred_at", "-id")
        indexes = [models.Index(fields=("user", "-occurred_at"), name="identity_sec_user_recent")]

    def __str__(self) -> str:
        return f"{self.tag} {self.user} {self.occurred_at:%Y-%m-%d %H:%M}"
