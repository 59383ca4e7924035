"""The incident register (P-G3): a security incident with its timeline, the GDPR Art. 33
particulars, the companies it affected (computed from the access log and the audit history, and
kept as computed), and the notice each affected company is sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from strongroom.security.sla import Severity


class Category(models.TextChoices):
    CREDENTIAL_LEAK = "credential_leak", "Credential leak"
    UNAUTHORISED_ACCESS = "unauthorised_access", "Unauthorised access"
    DATA_LOSS = "data_loss", "Data loss"
    AVAILABILITY = "availability", "Availability"
    OTHER = "other", "Other"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Investigating"
    CONFIRMED = "confirmed", "Confirmed"
    CONTAINED = "contained", "Contained"
    RESOLVED = "resolved", "Resolved"


class Incident(models.Model):
    """One incident. The breach clock runs from ``confirmed_at``, when we became aware."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    category = models.CharField(max_length=30, choices=Category.choices)
    status = models.CharField(
        max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField()
    detected_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="Awareness.")
    contained_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # GDPR Art. 33(3)
    nature = models.TextField(blank=True, help_text="The nature of the breach.")
    subject_categories = models.TextField(blank=True, help_text="Categories of data subjects.")
    subjects_approx = models.PositiveIntegerField(null=True, blank=True)
    records_approx = models.PositiveIntegerField(null=True, blank=True)
    consequences = models.TextField(blank=True, help_text="Likely consequences.")
    measures = models.TextField(blank=True, help_text="Measures taken or proposed.")
    contact_point = models.CharField(max_length=300, blank=True, help_text="DPO or contact.")
    # The scope the affected companies were computed from (P-G4's access log and history).
    scope_api_key_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope_credential = models.CharField(max_length=100, blank=True)
    scope_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    scope_operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    scope_start = models.DateTimeField(null=True, blank=True)
    scope_end = models.DateTimeField(null=True, blank=True)
    scope_computed_at = models.DateTimeField(null=True, blank=True)
    status_page_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("-opened_at", "-pk")

    def __str__(self) -> str:
        return f"I-{self.pk}: {self.title}"

    @property
    def reference(self) -> str:
        return f"I-{self.pk}"


class AffectedCompany(models.Model):
    """A company whose records the incident's scope read or changed, as computed: counts and
    the records' ids by type (never names)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    company = models.ForeignKey("tenancy.Company", on_delete=models.PROTECT, related_name="+")
    records = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    reads = models.PositiveIntegerField()
    changes = models.PositiveIntegerField()
    record_ids = models.JSONField(default=dict, help_text="{object type: [ids]}")
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ("company__name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("incident", "company"),
                                    name="security_affected_once"),
        )

    def __str__(self) -> str:
        return f"company {self.company_id} in incident {self.incident_id}"


class Notice(models.Model):
    """The notice to one affected company: a draft the operator edits, then sends."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notices")
    company = models.ForeignKey("tenancy.Company", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ("company__name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("incident", "company"), name="security_notice_once"),
        )

    def __str__(self) -> str:
        return f"notice of incident {self.incident_id} to company {self.company_id}"


class NoticeSending(models.Model):
    """One sending of a notice: who sent it, when, to which addresses (the owners)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="sendings")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_by_name = models.CharField(max_length=200)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ("sent_at", "pk")

    def __str__(self) -> str:
        return f"sending of notice {self.notice_id} at {self.sent_at:%Y-%m-%d %H:%M}"
