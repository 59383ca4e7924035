"""The one list of compliance check modules (P-G8), imported when the project app is ready so
that every promise's check is registered in every process; and the check of the documented API
(P-E1), which this package assembles."""

from __future__ import annotations

import importlib

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, warned

CHECK_MODULES = (
    "strongroom.identity.compliance",
    "strongroom.platform.tenancy.compliance",
    "strongroom.records.approvals.compliance",
    "strongroom.support.compliance",
    "strongroom.security.compliance",
    "strongroom.platform.keys.compliance",
    "strongroom.platform.lifecycle.compliance",
    "strongroom.platform.history.compliance",
    "strongroom.records.invoices.compliance",
    "strongroom.records.contacts.compliance",
    "strongroom.platform.compliance.planned",
    "strongroom.platform.backups.compliance",
    "strongroom.platform.idempotency.compliance",
    "strongroom.platform.metrics.compliance",
    "strongroom.security.compliance_report",
)


def load() -> None:
    """Register every check (each module registers its own with ``@check``)."""
    for name in CHECK_MODULES:
        importlib.import_module(name)


@check("P-E1", "Documented API")
def documented_api(actor: Actor) -> Outcome:
    """The API's operations as its OpenAPI description lists them (counted from the routers:
    building the whole description takes seconds)."""
    from strongroom.project.api import api  # the API imports every app's routes: load it late

    views = [view for _, router in api._routers for view in router.path_operations.values()]
    return warned("partial: some pages are web-only (security events, sessions, creating API "
                  "keys; docs/promises.md)", openapi="/api/v1/openapi.json", paths=len(views),
                  operations=sum(len(view.operations) for view in views))
