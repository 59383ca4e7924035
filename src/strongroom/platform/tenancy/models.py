"""Companies and who belongs to them. Every business record belongs to exactly one company."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    "Use 1-50 lower-case letters, digits and hyphens, not starting or ending with a hyphen.",
)


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TERMINATED = "terminated", "Terminated"


class Company(models.Model):
    """A tenant. Its slug appears in every company-scoped URL."""

    slug = models.CharField(max_length=50, unique=True, validators=[SLUG_VALIDATOR])
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code")
    region = models.CharField(max_length=20, help_text="Data-residency region")
    currency = models.CharField(max_length=3, help_text="ISO 4217 code")
    fiscal_year_end_month = models.PositiveSmallIntegerField(default=12)
    fiscal_year_end_day = models.PositiveSmallIntegerField(default=31)
    status = models.CharField(
        max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def company_id(self) -> int:
        """A company belongs to itself; lets the policy layer treat it like any record."""
        return self.pk


class TerminationCertificate(models.Model):
    """The signed statement that a company was terminated and its keys destroyed (P-C4).

    ``document`` is the certificate exactly as issued (JSON, see
    platform/lifecycle/certificates.py); it is never changed, and it names no person the
    company held data about.
    """

    company = models.OneToOneField(
        Company, on_delete=models.PROTECT, related_name="termination_certificate"
    )
    document = models.TextField()
    issued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"termination certificate of {self.company}"


class CustomRole(models.Model):
    """A company-defined role: a name and a set of named permissions (P-B1)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="custom_roles")
    name = models.CharField(max_length=80)
    permissions = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company", "name"], name="tenancy_role_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in a company: a built-in or custom role, and tags used by rules."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20)
    custom_role = models.ForeignKey(
        CustomRole, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    tags = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["company", "user__email"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company", "user"], name="tenancy_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.company} ({self.role_label})"

    @property
    def role_label(self) -> str:
        if self.custom_role_id is not None and self.custom_role is not None:
            return self.custom_role.name
        return self.role.capitalize()


class Tag(models.Model):
    """A tag of the company's catalogue (``team:oslo``, ``lead:oslo``). Members carry only
    defined tags, so a typo cannot silently leave a person out of an approval rule (P-B2)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company", "name"], name="tenancy_tag_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CompanyGroup(models.Model):
    """A set of companies administered together (a group of firms)."""

    slug = models.CharField(max_length=50, unique=True, validators=[SLUG_VALIDATOR])
    name = models.CharField(max_length=200)
    companies = models.ManyToManyField(Company, related_name="groups", blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="administered_groups", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantOwned(models.Model):
    """Base for every business record: it belongs to exactly one company."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class TenantRecord(TenantOwned):
    """Base for business records: a company's row with a UUID primary key.

    The key exists before the first save, so encrypted fields can bind their ciphertext to it
    (platform/keys/fields.py), and it stays unique when a company is exported from one
    installation and imported into another (P-E2).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
