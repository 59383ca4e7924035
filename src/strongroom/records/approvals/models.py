"""Approval rules and the approvals they produce (P-B2).

A rule says who approves which requests: requests of one kind (``absence``, ``expense``), from
requesters carrying a tag (or anyone), above an amount (or any), are approved at step N by the
members carrying a tag or holding a role. When a request is submitted, the matching rules are
turned into fixed steps with fixed approvers (:mod:`routing`); later rule changes do not touch it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import Membership, Tag, TenantRecord

MAX_STEPS = 5


class ApprovalRule(TenantRecord):
    """Who approves step ``step`` of matching requests of ``kind``."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=40, help_text="A registered approvable kind.")
    requester_tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Only requests from members carrying this tag; empty: everyone's.",
    )
    amount_above = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="Only requests above this amount (company currency, or days); empty: any.",
    )
    step = models.PositiveSmallIntegerField(default=1)
    approver_tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver_role = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["kind", "step", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def approver_label(self) -> str:
        if self.approver_tag_id is not None and self.approver_tag is not None:
            return f"members tagged {self.approver_tag.name}"
        return f"role {self.approver_role}"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StepStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for an earlier step"
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


class ApprovalRequest(TenantRecord):
    """One record (an absence, an expense claim) going through its approval steps."""

    kind = models.CharField(max_length=40)
    record_id = models.CharField(max_length=64)
    requester = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    current_step = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "kind", "record_id"], name="approvals_request_record"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Approval of {self.kind} {self.record_id[:8]}"


class ApprovalStep(TenantRecord):
    """One step of a request: any one of its approvers decides it."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    approvers = models.ManyToManyField(Membership, related_name="+")
    basis = models.CharField(max_length=300, help_text="Why these approvers: rule or fallback.")
    fallback = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = EncryptedTextField(blank=True)

    class Meta:
        ordering: ClassVar = ["request", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "position"], name="approvals_step_unique"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Approval step {self.position} of {str(self.request_id)[:8]}"

    def encryption_subject(self) -> str:
        """The decision's comment is about the requester's request: their personal data."""
        return f"member:{self.request.requester_id}"
