"""Permission-matrix routes of the security app (see tests/matrix.py): a company's own view of
the incidents that affected it. The operator console's pages are tested in
test_ops_incidents.py, the public pages in test_security_txt_and_reports.py."""

from __future__ import annotations

from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.permissions import ACCESS_LOG_VIEW
from strongroom.security.models import AffectedCompany, Incident
from tests.conftest import World
from tests.matrix import MISSING, OWN, Route

MISSING_ID = 999_999


def _incident_id(world: World, selector: str) -> int:
    """An incident that affected company A (own) or only company B (foreign)."""
    if selector == MISSING:
        return MISSING_ID
    company = world.a if selector == OWN else world.b
    incident = Incident.objects.create(
        title="Key leaked", severity="high", category="credential_leak",
        opened_at=timezone.now(), detected_at=timezone.now(), scope_computed_at=timezone.now(),
    )
    member = company.members[perms.EMPLOYEE]
    AffectedCompany.objects.create(
        incident=incident, company=company.company, records=1, people=1, reads=1, changes=0,
        record_ids={"tenancy.membership": [str(member.pk)]}, computed_at=timezone.now(),
    )
    return incident.pk


ROUTES: list[Route] = [
    Route("web:company_incidents", "GET", lambda w, s: f"/c/{w.a.company.slug}/incidents/",
          ACCESS_LOG_VIEW),
    Route(
        "web:company_incident", "GET",
        lambda w, s: f"/c/{w.a.company.slug}/incidents/{_incident_id(w, s)}/", ACCESS_LOG_VIEW,
        object_level=True,
    ),
]
