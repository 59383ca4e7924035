"""The security actions: the findings register, vulnerability reports and the incident
register."""

from strongroom.security.actions.findings import (
    accept_exception,
    expire_exception,
    record_failed_scan,
    record_scan,
    report_overdue,
    resolve_finding,
    set_owner,
)
from strongroom.security.actions.incidents import (
    compute_scope,
    open_incident,
    publish_incident,
    record_milestone,
    update_incident,
)
from strongroom.security.actions.notices import edit_notice, send_notice
from strongroom.security.actions.reports import report_vulnerability

__all__ = [
    "accept_exception", "compute_scope", "edit_notice", "expire_exception", "open_incident",
    "publish_incident", "record_failed_scan", "record_milestone", "record_scan",
    "report_overdue", "report_vulnerability", "resolve_finding", "send_notice", "set_owner",
    "update_incident",
]
