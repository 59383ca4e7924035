"""The first draft of the notice to an affected company (P-G3): what happened, when, which of
its records, and what we do, for the operator to edit before sending. It counts records by
type and names no one; the company sees who in its own view."""

from __future__ import annotations

from datetime import datetime

from strongroom.security.affected import PEOPLE_TYPES
from strongroom.security.models import AffectedCompany, Incident

TYPE_NAMES = {
    "contacts.contactperson": "contact persons",
    "tenancy.membership": "members",
}


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "not yet"


def kind_name(object_type: str) -> str:
    """How a notice names a record type: ``contact persons``, ``invoices.invoice records``."""
    return TYPE_NAMES.get(object_type, f"{object_type} records")


def subject(incident: Incident, company_name: str) -> str:
    return f"[Strongroom] Security incident {incident.reference} affecting {company_name}"[:200]


def draft(incident: Incident, affected: AffectedCompany, company_name: str) -> str:
    """The body of the first draft."""
    kinds = sorted(affected.record_ids.items(), key=lambda item: item[0] not in PEOPLE_TYPES)
    data = "\n".join(f"  - {len(ids)} {kind_name(kind)}" for kind, ids in kinds) or "  - none"
    window = ""
    if incident.scope_start or incident.scope_end:
        window = (f" between {_when(incident.scope_start)} and "
                  f"{_when(incident.scope_end) if incident.scope_end else 'containment'}")
    return (
        f"To the owners of {company_name},\n\n"
        "As the processor of your company's records in Strongroom, we inform you without undue "
        f"delay of a security incident (reference {incident.reference}) that concerns data "
        "you control.\n\n"
        f"What happened:\n{incident.nature or incident.summary or incident.title}\n\n"
        f"When: detected {_when(incident.detected_at)}, confirmed "
        f"{_when(incident.confirmed_at)}, contained {_when(incident.contained_at)}.\n\n"
        f"Your data concerned{window}: {affected.reads} read(s) and {affected.changes} "
        f"change(s) of {affected.records} record(s), {affected.people} of them people:\n"
        f"{data}\n"
        "Your owners and administrators see the people concerned by name on the incident's "
        "page in Strongroom (Security incidents).\n\n"
        f"Likely consequences:\n{incident.consequences or 'Being assessed.'}\n\n"
        f"Measures taken or proposed:\n{incident.measures or 'Being decided.'}\n\n"
        "You may have to notify your supervisory authority within 72 hours of becoming aware "
        "of this, and the people concerned if the risk to them is high (GDPR Art. 33 and 34).\n"
        f"Contact: {incident.contact_point or 'reply to this message'}.\n"
    )
