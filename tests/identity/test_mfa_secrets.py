"""Second-factor secrets at rest (P-A1, P-C2): the TOTP secret and the recovery-code seed are
stored sealed under the platform key, sign-in still works, rotations keep them readable,
plain rows from before are sealed by the job, and a token sealed for another purpose fails."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.core.management import call_command
from django.test import Client

from strongroom.identity import jobs
from strongroom.identity.factors.mfa_adapter import open_secret, seal_secret
from strongroom.platform.access.actor import system_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys import cache, crypto, store
from strongroom.platform.keys.errors import DecryptionFailed
from strongroom.platform.keys.models import CompanyKey, Purpose
from strongroom.platform.keys.scope import PLATFORM_SCOPE
from tests.auth import second_factor_step, totp_code
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.keys.rotation_helpers import use_file_keyring
from tests.keys.test_at_rest import _raw_bytes


def _signs_in(email: str, code: str) -> bool:
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    second_factor_step(client, code)
    return client.get("/c/acme/").status_code == 200


def _enrol_through_the_web(email: str) -> str:
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    found = re.search(r'value="([A-Z2-7]{32})"', page)
    assert found is not None
    secret = found.group(1)
    assert client.post(
        "/accounts/2fa/totp/activate/", {"code": totp_code(secret)}
    ).status_code == 302
    return secret


def _data(user: Any, kind: str) -> dict[str, Any]:
    return dict(Authenticator.objects.get(user=user, type=kind).data)


@pytest.mark.django_db(transaction=True)
def test_enrolment_stores_tokens_never_the_secret_or_the_seed(world: World) -> None:
    owner = world.a.user("owner")
    secret = _enrol_through_the_web(owner.email)
    totp, codes = _data(owner, "totp"), _data(owner, "recovery_codes")
    assert crypto.is_token(totp["secret"])
    assert crypto.is_token(codes["seed"])
    seed = open_secret(codes["seed"])
    assert open_secret(totp["secret"]) == secret
    assert re.fullmatch(r"[0-9a-f]{80}", seed)

    everything = _raw_bytes("default") + _raw_bytes("keys")
    assert owner.email.encode() in everything  # the search sees what is stored in plain text
    for value in (secret, seed):
        assert value.encode() not in everything, "a second-factor secret is stored in plain text"


def test_codes_still_sign_in_after_platform_and_root_rotation(world: World) -> None:
    use_file_keyring()
    owner = world.a.user("owner")
    secret = _enrol_through_the_web(owner.email)
    recovery = RecoveryCodes(Authenticator.objects.get(user=owner, type="recovery_codes"))
    first, second = recovery.get_unused_codes()[:2]
    assert _signs_in(owner.email, first)

    stored = _data(owner, "totp")["secret"]
    call_command("keys", "rotate", "--platform", "--data-keys", stdout=StringIO())
    call_command("keys", "rotate", "--root", stdout=StringIO())
    assert set(CompanyKey.objects.filter(company_id=PLATFORM_SCOPE).values_list(
        "version", "state", "root_version")) == {(1, "retired", 1), (2, "active", 2)}
    cache.clear()

    assert _data(owner, "totp")["secret"] == stored  # rewrapped keys, not re-encrypted values
    assert _signs_in(owner.email, totp_code(secret))
    assert _signs_in(owner.email, second)
    assert not _signs_in(owner.email, first)  # each recovery code works once


def test_plain_rows_from_before_are_sealed_by_the_job_once(world: World) -> None:
    owner, admin = world.a.user("owner"), world.a.user("admin")
    secret = generate_totp_secret()
    seed = RecoveryCodes.generate_seed()
    Authenticator.objects.create(user=owner, type="totp", data={"secret": secret})
    Authenticator.objects.create(
        user=owner, type="recovery_codes", data={"seed": seed, "used_mask": 2}
    )
    Authenticator.objects.create(
        user=admin, type="recovery_codes", data={"migrated_codes": ["12345678", "87654321"]}
    )
    assert _signs_in(owner.email, totp_code(secret))  # plain values are still read

    summary = jobs.encrypt_legacy_mfa_secrets(system_actor(job="identity.encrypt_mfa_secrets"))

    assert summary == "sealed the secrets of 3 authenticator(s)"
    totp, codes = _data(owner, "totp"), _data(owner, "recovery_codes")
    migrated = _data(admin, "recovery_codes")["migrated_codes"]
    assert crypto.is_token(totp["secret"])
    assert open_secret(totp["secret"]) == secret
    assert crypto.is_token(codes["seed"])
    assert open_secret(codes["seed"]) == seed
    assert codes["used_mask"] == 2
    assert [open_secret(code) for code in migrated] == ["12345678", "87654321"]
    events = AuditEvent.objects.filter(event_type=AuditEventType.MFA_SECRETS_ENCRYPTED)
    assert sorted(tuple(e.extra["sealed"]) for e in events) == [
        ("migrated_codes",), ("secret",), ("seed",),
    ]
    assert {e.company_id for e in events} == {None}
    for event in events:
        assert secret not in str(event.extra)
        assert seed not in str(event.extra)
    recovery = RecoveryCodes(Authenticator.objects.get(user=owner, type="recovery_codes"))
    assert _signs_in(owner.email, recovery.get_unused_codes()[0])
    assert _signs_in(owner.email, totp_code(secret, offset=1))

    again = jobs.encrypt_legacy_mfa_secrets(system_actor(job="identity.encrypt_mfa_secrets"))
    assert again == "sealed the secrets of 0 authenticator(s)"
    assert events.count() == 3


def test_a_token_sealed_for_another_purpose_or_company_does_not_open(world: World) -> None:
    token = seal_secret("JBSWY3DPEHPK3PXP")
    assert open_secret(token) == "JBSWY3DPEHPK3PXP"
    key = store.encryption_key(PLATFORM_SCOPE, Purpose.COMPANY)
    other_purpose = crypto.seal_field(
        key.aead, key.key_id, key.version, "JBSWY3DPEHPK3PXP",
        crypto.field_context(PLATFORM_SCOPE, "identity.ssoprovider", "", "secret"),
    )
    company_key = store.encryption_key(world.a.company.pk, Purpose.COMPANY)
    other_company = crypto.seal_field(
        company_key.aead, company_key.key_id, company_key.version, "JBSWY3DPEHPK3PXP",
        crypto.field_context(world.a.company.pk, "mfa.authenticator", "", "secret"),
    )
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for bad in (other_purpose, other_company, tampered):
        with pytest.raises(DecryptionFailed):
            open_secret(bad)
