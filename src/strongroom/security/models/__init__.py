"""The security app's models: the findings register (P-G2) and the incident register (P-G3)."""

from strongroom.security.models.findings import Finding, ScanRun, Source, Status
from strongroom.security.models.incidents import (
    AffectedCompany,
    Category,
    Incident,
    IncidentStatus,
    Notice,
    NoticeSending,
)

__all__ = [
    "AffectedCompany", "Category", "Finding", "Incident", "IncidentStatus", "Notice",
    "NoticeSending", "ScanRun", "Source", "Status",
]
