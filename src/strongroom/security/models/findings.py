"""The findings register (P-G2): one row per vulnerability in a package or component of the
installation, whatever found it (a dependency scan, a report), and one row per scan run."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from strongroom.security.sla import Severity


class Source(models.TextChoices):
    DEPENDENCY = "dependency", "Dependency scan"
    REPORT = "report", "Vulnerability report"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted (exception)"
    FIXED = "fixed", "Fixed"


REPORTER_PURPOSE = "security.finding"


class Finding(models.Model):
    """A vulnerability of the installation; the same advisory in the same package of the same
    scanned target is one finding for as long as it is seen."""

    source = models.CharField(max_length=16, choices=Source.choices)
    target = models.CharField(
        max_length=300, blank=True, default="",
        help_text="What a dependency scan found it in: the installed environment or a file.",
    )
    package = models.CharField(max_length=200, help_text="Package or component.")
    installed_version = models.CharField(max_length=100, blank=True)
    advisory_id = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(default=list)
    summary = models.TextField(blank=True)
    fixed_versions = models.JSONField(default=list)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    severity_note = models.CharField(max_length=300, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    due_at = models.DateTimeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(blank=True)
    exception_reason = models.TextField(blank=True)
    exception_expires = models.DateField(null=True, blank=True)
    # A reporter's address, sealed under the platform key (``reporter``): never stored plain.
    reporter_email = models.TextField(blank=True)
    overdue_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("source", "advisory_id", "package", "target"),
                condition=~models.Q(advisory_id=""),
                name="security_finding_one_per_advisory_and_target",
            ),
        )

    def __str__(self) -> str:
        return f"{self.advisory_id or 'finding'} in {self.package}"

    @property
    def reporter(self) -> str:
        """The reporter's e-mail address, opened (empty when the finding was not reported)."""
        from strongroom.platform.keys import platform_values

        if not self.reporter_email:
            return ""
        return platform_values.open_value(
            self.reporter_email, record_type=REPORTER_PURPOSE, field="reporter_email"
        )


class ScanRun(models.Model):
    """One dependency scan: where its advisories came from and what it found, or why not."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    advisory_source = models.CharField(max_length=300)
    target = models.CharField(max_length=300, help_text="The environment or requirements file.")
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    packages = models.PositiveIntegerField(default=0)
    found = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"scan of {self.target} at {self.started_at:%Y-%m-%d %H:%M}"
