"""Signed checkpoints (P-D2): the periodic job, checkpoints on demand, and key rotation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from strongroom.platform.access.actor import member_actor, system_actor
from strongroom.platform.history import checkpoints, signing
from strongroom.platform.history.models import Checkpoint
from strongroom.platform.history.verify import verify
from strongroom.platform.tenancy import actions
from tests.history.conftest import Recorded

OLD_SECRET = "an old audit signing secret, long enough to be one " * 2
NEW_SECRET = "the new audit signing secret after the rotation, long " * 2


def test_checkpoint_signs_the_head_and_is_not_repeated(recorded: Recorded) -> None:
    key = f"c:{recorded.company.pk}"
    first = checkpoints.checkpoint_now(key)
    assert first is not None
    assert checkpoints.signature_valid(first)
    assert first.key_id == signing.key_id(signing.signing_key().public_key())
    assert checkpoints.checkpoint_now(key) == first  # the head has not moved
    actions.set_member_tags(actor=member_actor(recorded.owner), membership=recorded.clerk,
                            tags=["team:bergen"])
    second = checkpoints.checkpoint_now(key)
    assert second is not None
    assert second.size == first.size + 1


def test_empty_chain_has_no_checkpoint(db: None) -> None:
    assert checkpoints.checkpoint_now("c:999999") is None


def test_checkpoint_company_signs_both_chains(recorded: Recorded) -> None:
    signed = checkpoints.checkpoint_company(recorded.company.pk)
    assert sorted(cp.chain_key for cp in signed) == sorted(
        [f"c:{recorded.company.pk}", f"a:{recorded.company.pk}"]
    )


def test_periodic_job_checkpoints_only_chains_that_moved(recorded: Recorded) -> None:
    actor = system_actor(job="history.checkpoint")
    assert checkpoints.checkpoint_moved_chains(actor) == "2 chain(s) checkpointed"
    assert checkpoints.checkpoint_moved_chains(actor) == "0 chain(s) checkpointed"
    actions.set_member_tags(actor=member_actor(recorded.owner), membership=recorded.clerk,
                            tags=["team:bergen"])
    assert checkpoints.chains_needing_checkpoint() == [f"c:{recorded.company.pk}"]
    assert checkpoints.checkpoint_moved_chains(actor) == "1 chain(s) checkpointed"
    assert Checkpoint.objects.count() == 3


def test_the_job_is_registered() -> None:
    from strongroom.platform.jobs import registry

    job = registry.get("history.checkpoint")
    assert job.every == checkpoints.EVERY


def test_rotation_keeps_old_checkpoints_verifiable(recorded: Recorded) -> None:
    with override_settings(STRONGROOM_AUDIT_SIGNING_KEY=OLD_SECRET):
        old = checkpoints.checkpoint_now(f"c:{recorded.company.pk}")
        old_public = signing.encode_public(signing.signing_key().public_key())
    assert old is not None
    with override_settings(STRONGROOM_AUDIT_SIGNING_KEY=NEW_SECRET):
        findings = [str(f) for f in verify(company=recorded.company).findings]
        assert len(findings) == 1
        assert "not valid under any known audit key" in findings[0]
        with override_settings(STRONGROOM_AUDIT_PUBLIC_KEYS=[old_public]):
            assert verify(company=recorded.company).ok
            access = checkpoints.checkpoint_now(f"a:{recorded.company.pk}")
            assert access is not None
            assert access.key_id == signing.key_id(signing.signing_key().public_key())
            assert access.key_id != old.key_id
            assert verify(company=recorded.company).ok


def test_the_signing_key_is_derived_from_its_own_secret() -> None:
    one = signing.derive_private_key(OLD_SECRET).public_key()
    again = signing.derive_private_key(OLD_SECRET).public_key()
    other = signing.derive_private_key(NEW_SECRET).public_key()
    assert signing.key_id(one) == signing.key_id(again)
    assert signing.key_id(one) != signing.key_id(other)


def test_public_key_command(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "public-key")
    out = capsys.readouterr().out
    public = signing.signing_key().public_key()
    assert f"key id     {signing.key_id(public)}" in out
    assert f"public key {signing.encode_public(public)}" in out
    assert signing.parse_public_keys([signing.encode_public(public)])
