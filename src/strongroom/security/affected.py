"""Which companies an incident touched, computed from the access log and the audit history
(P-G3, from P-G4): what a credential, a member or a support operator read or changed within a
time window, per company, as counts and record ids by type. Never names: operators see the
counts, each company its own people (``selectors.company_incidents``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from strongroom.platform.history.models import AccessRead, AuditEvent

# Records that are people: the company's contact persons and its members.
PEOPLE_TYPES = ("contacts.contactperson", "tenancy.membership")


@dataclass(frozen=True)
class Scope:
    """What to trace; the criteria given are combined (all must hold)."""

    credential: str = ""  # as history names it: ``api key sr_live_<id>``
    user_id: int | None = None  # the member (or account) who acted
    operator_id: int | None = None  # the support operator acting as a member
    start: datetime | None = None
    end: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.credential or self.user_id or self.operator_id)

    def entries(self) -> Q:
        """The log entries (reads or audit events) within this scope."""
        query = Q(company__isnull=False)
        if self.credential:  # a key issued under a support grant names the grant after it
            query &= Q(credential=self.credential) | Q(
                credential__startswith=f"{self.credential} ("
            )
        if self.user_id is not None:
            query &= Q(actor_user_id=self.user_id)
        if self.operator_id is not None:
            query &= Q(support_user_id=self.operator_id)
        if self.start is not None:
            query &= Q(occurred_at__gte=self.start)
        if self.end is not None:
            query &= Q(occurred_at__lt=self.end)
        return query


@dataclass
class Impact:
    """What the scope touched in one company."""

    company_id: int
    reads: int = 0
    changes: int = 0
    record_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def records(self) -> int:
        return sum(len(ids) for ids in self.record_ids.values())

    @property
    def people(self) -> int:
        return sum(len(self.record_ids.get(kind, ())) for kind in PEOPLE_TYPES)

    def ids_by_type(self) -> dict[str, list[str]]:
        """The record ids, sorted, for storing."""
        return {
            kind: sorted(ids, key=lambda i: (len(i), i))
            for kind, ids in sorted(self.record_ids.items())
        }


def compute(scope: Scope) -> list[Impact]:
    """Per company (by id), what the scope read or changed."""
    impacts: dict[int, Impact] = {}
    for model, counter in ((AccessRead, "reads"), (AuditEvent, "changes")):
        rows = (
            model.objects.filter(scope.entries())
            .order_by()
            .values("company_id", "object_type", "object_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            impact = impacts.setdefault(row["company_id"], Impact(row["company_id"]))
            setattr(impact, counter, getattr(impact, counter) + row["n"])
            if row["object_type"] != "tenancy.company":  # the company itself is no record
                impact.record_ids[row["object_type"]].add(str(row["object_id"]))
    return [impacts[key] for key in sorted(impacts)]
