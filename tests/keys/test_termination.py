"""Terminating a company (P-C4): every key destroyed, values read erased, members shut out, a
signed certificate that verifies (and fails once altered), the chain intact, others untouched."""

from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import member_actor
from strongroom.platform.history import signing
from strongroom.platform.history.display import field_changes
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent, ChainHead
from strongroom.platform.keys import store
from strongroom.platform.keys.errors import KeyDestroyed
from strongroom.platform.keys.fields import ERASED
from strongroom.platform.keys.models import CompanyKey, DataKeyset, Purpose
from strongroom.platform.lifecycle.certificates import problems
from strongroom.platform.tenancy.models import Company, CompanyStatus, Membership
from strongroom.records.contacts import actions
from strongroom.records.contacts.models import ContactPerson
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_person

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _person(membership: Membership) -> ContactPerson:
    owner = member_actor(membership)
    organisation = actions.create_organisation(
        actor=owner, fields={"name": "Fjordkraft AS", "country": "NO"}
    )
    person = actions.create_contact_person(
        actor=owner, organisation=organisation,
        fields={"name": "Kari Nordmann", "email": "kari@fjord.test"},
    )
    return actions.update_contact_person(
        actor=owner, person=person, fields={"email": "kari.n@fjord.test"}
    )


def _terminate(slug: str, confirm: str | None = None) -> str:
    out = StringIO()
    call_command(
        "company", "terminate", slug, "--confirm", confirm or slug, "--reason",
        "Contract ended", stdout=out, stderr=StringIO(),
    )
    return out.getvalue()


def _offline(path: Path, *trusted: str) -> int:
    sys.path.insert(0, str(TOOLS))
    try:
        import verify_audit_bundle as offline
    finally:
        sys.path.remove(str(TOOLS))
    args = [str(path)] + [arg for key in trusted for arg in ("--trust-key", key)]
    return int(offline.main(args))


def test_termination_destroys_every_key_and_certifies_it(
    fjord: Membership, world: World, tmp_path: Path, capsys: Any
) -> None:
    person = _person(fjord)
    other = make_person(world.a, name="Ola Nordmann")
    subject_key = DataKeyset.objects.get(subject=person.encryption_subject()).key_id

    document = _terminate("fjord")

    company = Company.objects.get(slug="fjord")
    assert company.status == CompanyStatus.TERMINATED
    # every key of the company is a tombstone; its values, history included, read erased
    assert set(CompanyKey.objects.filter(company_id=company.pk).values_list("state", flat=True)) \
        == {CompanyKey.State.DESTROYED}
    assert not DataKeyset.objects.filter(company_id=company.pk, destroyed_at__isnull=True)
    loaded = ContactPerson.objects.get(pk=person.pk)
    assert loaded.name is ERASED
    assert loaded.email is ERASED
    update = AuditEvent.objects.filter(
        object_id=str(person.pk), event_type=AuditEventType.CONTACT_PERSON_UPDATED
    ).get()
    assert [(c.old, c.new) for c in field_changes(update)] == [("[erased]", "[erased]")]
    with pytest.raises(KeyDestroyed):
        store.encryption_key(company.pk, Purpose.COMPANY)
    # another company is untouched
    assert ContactPerson.objects.get(pk=other.pk).name == "Ola Nordmann"
    # the certificate lists the destroyed keys and the final checkpoint of the company chain
    parsed = json.loads(document)
    body = parsed["certificate"]
    assert body["company"] == {"id": company.pk, "slug": "fjord", "name": "Fjord AS"}
    assert body["reason"] == "Contract ended"
    assert f"{subject_key:016x}" in {key["key_id"] for key in body["destroyed_keys"]["data_keys"]}
    assert [key["version"] for key in body["destroyed_keys"]["company_keys"]] == [1]
    head = ChainHead.objects.get(chain_key=f"c:{company.pk}")
    assert {"chain": f"c:{company.pk}", "size": head.sequence, "head": head.head_hash}.items() \
        <= body["final_checkpoints"][0].items()
    assert "Kari" not in document
    # it verifies, here and offline; the stored copy is the printed one
    assert problems(document) == []
    stored = StringIO()
    call_command("company", "certificate", "fjord", stdout=stored)
    assert stored.getvalue() == document
    path = tmp_path / "certificate.json"
    path.write_text(document)
    call_command("company", "verify-certificate", str(path), stdout=StringIO())
    public = signing.encode_public(signing.signing_key().public_key())
    assert _offline(path, public) == 0
    # the audit chain still verifies after termination
    call_command("audit", "verify", "--company", "fjord", "--quiet", stdout=StringIO())
    capsys.readouterr()


def test_an_altered_certificate_fails_verification(fjord: Membership, tmp_path: Path) -> None:
    _person(fjord)
    parsed = json.loads(_terminate("fjord"))
    parsed["certificate"]["destroyed_keys"]["data_keys"].pop()
    altered = json.dumps(parsed)
    assert problems(altered) == [
        "the certificate's signature is not valid under any known audit key"
    ]
    path = tmp_path / "altered.json"
    path.write_text(altered)
    with pytest.raises(CommandError):
        call_command("company", "verify-certificate", str(path), stdout=StringIO())
    public = signing.encode_public(signing.signing_key().public_key())
    assert _offline(path, public) == 1


def test_termination_needs_the_slug_twice_and_happens_once(fjord: Membership) -> None:
    person = _person(fjord)
    with pytest.raises(CommandError, match="slug"):
        _terminate("fjord", confirm="fjrod")
    assert Company.objects.get(slug="fjord").status == CompanyStatus.ACTIVE
    assert ContactPerson.objects.get(pk=person.pk).name == "Kari Nordmann"
    _terminate("fjord")
    with pytest.raises(CommandError, match="terminated already"):
        _terminate("fjord")


def test_members_are_shut_out_and_operators_get_the_certificate(
    fjord: Membership, world: World
) -> None:
    member = Client()
    sign_in(member, fjord.user)
    assert member.get("/c/fjord/").status_code == 200
    assert member.get("/api/v1/companies/fjord/audit-events").status_code == 200
    _terminate("fjord")
    assert member.get("/c/fjord/").status_code == 404
    assert member.get("/api/v1/companies/fjord/audit-events").status_code == 404
    assert member.get("/ops/companies/fjord/certificate/").status_code == 404
    operator = Client()
    sign_in(operator, world.operator)
    response = operator.get("/ops/companies/fjord/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert problems(response.content.decode()) == []
    assert operator.get("/ops/companies/acme/certificate/").status_code == 404
    console = operator.get("/ops/").content.decode()
    assert "Terminated" in console
    assert "/ops/companies/fjord/certificate/" in console
    assert "/ops/companies/acme/certificate/" not in console
    anonymous = Client().get("/ops/companies/fjord/certificate/")
    assert anonymous.status_code == 302


def test_only_operators_terminate(fjord: Membership) -> None:
    from strongroom.platform.access.policy import Forbidden
    from strongroom.platform.lifecycle.actions import terminate_company

    with pytest.raises(Forbidden):
        terminate_company(
            actor=member_actor(fjord), company=fjord.company, reason="x", confirm_slug="fjord"
        )
    assert Company.objects.get(slug="fjord").status == CompanyStatus.ACTIVE
    assert perms.get("platform.companies").scope is perms.Scope.PLATFORM
