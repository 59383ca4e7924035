"""Live checks of the key promises (P-C2, P-C3, P-D6) for the compliance report: key ids,
versions, ages and counts only (P-B4), never material."""

from __future__ import annotations

from django.apps import apps
from django.db.models import TextField
from django.db.models.functions import Cast

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed, warned
from strongroom.platform.keys import crypto
from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.keys.models import CompanyKey, DataKeyset
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.status import key_status
from strongroom.platform.tenancy.models import CompanyStatus
from strongroom.platform.tenancy.selectors import operator_companies

SAMPLE_ROWS = 20  # stored values read per encrypted column: a cheap sample, not a scan


def plaintext_sample() -> tuple[int, list[str]]:
    """(values sampled, columns holding a value that is not a ciphertext) over every encrypted
    column, read raw (the field's decryption is bypassed)."""
    sampled, plain = 0, []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, EncryptedTextField):
                continue
            raw = (
                model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                .annotate(raw_value=Cast(field.attname, output_field=TextField()))
                .exclude(raw_value="").values_list("raw_value", flat=True)[:SAMPLE_ROWS]
            )
            values = list(raw)
            sampled += len(values)
            if any(not crypto.is_token(value) for value in values):
                plain.append(f"{model._meta.label_lower}.{field.name}")
    return sampled, plain


@check("P-C2", "At rest")
def at_rest(actor: Actor) -> Outcome:
    """Each live company that holds encrypted data has an active key; sampled encrypted columns
    hold ciphertext only."""
    live = set(operator_companies(actor).filter(status=CompanyStatus.ACTIVE)
               .values_list("pk", flat=True))
    keyed = set(CompanyKey.objects.filter(state=CompanyKey.State.ACTIVE)
                .values_list("company_id", flat=True))
    with_data = set(DataKeyset.objects.filter(destroyed_at__isnull=True)
                    .values_list("company_id", flat=True))
    sampled, plain = plaintext_sample()
    evidence = {
        "root_key_provider": provider().description,
        "live_companies": len(live), "with_active_key": len(live & keyed),
        "holding_data_without_active_key": sorted(live & with_data - keyed),
        "encrypted_values_sampled": sampled, "columns_with_plaintext": plain,
    }
    if plain:
        return failed(f"plain values stored in encrypted columns: {', '.join(plain)}", **evidence)
    if evidence["holding_data_without_active_key"]:
        return failed("companies hold data keys but have no active company key", **evidence)
    return warned("partial: fields and files are encrypted under envelope keys; not every "
                  "personal field is (docs/promises.md)", **evidence)


@check("P-C3", "Key rotation")
def rotation(actor: Actor) -> Outcome:
    """No key past its rotation period (what ``strongroom keys status`` shows)."""
    status = key_status(actor)
    overdue_root = [f"root v{item.version}" for item in status.root if item.overdue]
    overdue = [f"{item.slug or item.company_id}" for item in status.companies if item.overdue]
    current = [item for item in status.root if item.state == "current"]
    ages = [v.age_days for item in status.companies for v in item.versions
            if v.state == CompanyKey.State.ACTIVE]
    evidence = {
        "root_rotation_days": status.root_rotation_days,
        "company_rotation_days": status.company_rotation_days,
        "root_version": current[0].version if current else None,
        "root_age_days": current[0].age_days if current else None,
        "company_keys": len(status.companies), "oldest_company_key_days": max(ages, default=None),
        "overdue": overdue_root + overdue,
    }
    if overdue_root or overdue:
        return failed(f"{len(overdue_root) + len(overdue)} key(s) past their rotation period",
                      **evidence)
    return passed("every key is within its rotation period", **evidence)


@check("P-D6", "Erasure")
def erasure(actor: Actor) -> Outcome:
    subjects = DataKeyset.objects.exclude(subject="")
    evidence = {
        "person_keys": subjects.filter(destroyed_at__isnull=True).count(),
        "person_keys_destroyed": subjects.filter(destroyed_at__isnull=False).count(),
    }
    return warned("partial: deleting a contact person destroys their keys; an erasure request "
                  "for any person with a statement of what is kept is not built yet", **evidence)
