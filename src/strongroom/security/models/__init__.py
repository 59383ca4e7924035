"""The security app's models: the findings register (P-G2), the incident register (P-G3) and
the change log (P-G6)."""

from strongroom.security.models.changes import Change, ChangeKind
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
    "AffectedCompany", "Category", "Change", "ChangeKind", "Finding", "Incident",
    "IncidentStatus", "Notice", "NoticeSending", "ScanRun", "Source", "Status",
]
