"""The security actions: the findings register and vulnerability reports."""

from strongroom.security.actions.findings import (
    accept_exception,
    expire_exception,
    record_failed_scan,
    record_scan,
    report_overdue,
    resolve_finding,
    set_owner,
)
from strongroom.security.actions.reports import report_vulnerability

__all__ = [
    "accept_exception", "expire_exception", "record_failed_scan", "record_scan",
    "report_overdue", "report_vulnerability", "resolve_finding", "set_owner",
]
