"""Live checks of a company's life on the platform (P-C4, P-D7, P-E2, P-E3) for the
compliance report: terminated companies, their keys and certificates, the export registries."""

from __future__ import annotations

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import (
    Outcome,
    check,
    failed,
    not_built,
    passed,
    warned,
)
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys.models import CompanyKey, DataKeyset
from strongroom.platform.lifecycle import certificates, exportables, personal
from strongroom.platform.tenancy.models import CompanyStatus, TerminationCertificate
from strongroom.platform.tenancy.selectors import operator_companies


@check("P-C4", "Keys die with the service")
def keys_die(actor: Actor) -> Outcome:
    """Every terminated company has no usable key left and a certificate that verifies."""
    ended = list(operator_companies(actor).filter(status=CompanyStatus.TERMINATED)
                 .values_list("pk", "slug"))
    ids = [pk for pk, _ in ended]
    alive = set(CompanyKey.objects.filter(company_id__in=ids).exclude(
        state=CompanyKey.State.DESTROYED).values_list("company_id", flat=True))
    alive |= set(DataKeyset.objects.filter(company_id__in=ids, destroyed_at__isnull=True)
                 .values_list("company_id", flat=True))
    documents = dict(TerminationCertificate.objects.filter(company_id__in=ids)
                     .values_list("company_id", "document"))
    invalid = [slug for pk, slug in ended
               if pk not in documents or certificates.problems(documents[pk])]
    evidence = {
        "terminated_companies": len(ended),
        "with_live_keys": [slug for pk, slug in ended if pk in alive],
        "without_valid_certificate": invalid,
    }
    if evidence["with_live_keys"] or invalid:
        return failed("a terminated company still has keys or no valid certificate", **evidence)
    return passed("every terminated company's keys are destroyed, with a signed certificate",
                  **evidence)


@check("P-D7", "Service end")
def service_end(actor: Actor) -> Outcome:
    ended = operator_companies(actor).filter(status=CompanyStatus.TERMINATED).count()
    return not_built("removing a terminated company's rows (its keys are destroyed: P-C4)",
                     terminated_companies=ended)


@check("P-E2", "Company export")
def company_export(actor: Actor) -> Outcome:
    missing = exportables.unlisted()
    evidence = {
        "exported_types": len(exportables.exportables()),
        "excluded_types": len(exportables.exclusions()), "undeclared_models": missing,
    }
    if missing:
        return failed("company-owned models neither exported nor excluded", **evidence)
    return warned("partial: a signed, complete export by the operator's command; the owners' "
                  "export in the web and API and the import are not built yet", **evidence)


@check("P-E3", "Export about one person")
def person_export(actor: Actor) -> Outcome:
    """Both kinds of person are declared with their record types, each an exported type."""
    companies = operator_companies(actor).values_list("pk", flat=True)
    exported = AuditEvent.objects.filter(
        company_id__in=companies, event_type=AuditEventType.PERSON_EXPORTED
    ).count()
    declared = {kind: [label for label, _ in personal.described(kind)]
                for kind in personal.KINDS}
    known = {item.label for item in exportables.exportables()}
    evidence = {
        "command": "strongroom company export-person", "person_exports_recorded": exported,
        "record_types": declared,
        "undeclared_kinds": [kind for kind in personal.KINDS if not declared[kind]],
        "unexportable_types": sorted({label for labels in declared.values()
                                      for label in labels} - known),
    }
    if evidence["undeclared_kinds"] or evidence["unexportable_types"]:
        return failed("a kind of person or a record type about one cannot be exported",
                      **evidence)
    return warned("partial: CLI only, no web/API yet", **evidence)
