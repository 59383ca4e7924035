"""The security actions: the findings register, vulnerability reports, the incident register
and the change log."""

from strongroom.security.actions.changes import (
    plan_change,
    record_configuration,
    record_migrations,
    record_version,
)
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
    "plan_change", "publish_incident", "record_configuration", "record_failed_scan",
    "record_migrations", "record_milestone", "record_scan", "record_version", "report_overdue",
    "report_vulnerability", "resolve_finding", "send_notice", "set_owner", "update_incident",
]
