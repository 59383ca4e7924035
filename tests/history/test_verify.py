"""``strongroom audit verify``: untouched history verifies; every kind of tampering is found and
named (P-D2)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from strongroom.platform.access.actor import member_actor
from strongroom.platform.history import chain, checkpoints, dbguard, fastchain
from strongroom.platform.history.models import AccessRead, AuditEvent, ChainHead, Checkpoint
from strongroom.platform.history.verify import verify
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.models import Membership
from tests.factories import MembershipFactory
from tests.history.conftest import Recorded, build_recorded


def _problems(recorded: Recorded | None = None) -> list[str]:
    report = verify(company=recorded.company if recorded else None)
    return [str(finding) for finding in report.findings]


def _entries(recorded: Recorded) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(company=recorded.company).order_by("sequence"))


def test_untouched_history_verifies(recorded: Recorded) -> None:
    checkpoints.checkpoint_company(recorded.company.pk)
    report = verify()
    assert report.ok, report.findings
    assert report.entries >= 7
    assert report.checkpoints == 2
    assert report.records >= 4


def test_command_reports_ok_with_counts(
    recorded: Recorded, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit", "checkpoint")
    call_command("audit", "verify", "--company", "ledger")
    out = capsys.readouterr()
    assert "OK: 2 chains" in out.out
    assert "no findings" in out.out
    assert "c:" in out.err  # progress


def test_a_changed_record_is_named(recorded: Recorded, capsys: pytest.CaptureFixture[str]) -> None:
    Membership.objects.filter(pk=recorded.clerk.pk).update(role="owner")
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", "--quiet")
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert (
        f"FINDING ledger: tenancy.membership {recorded.clerk.pk}: stored role differ from its "
        "last history entry" in out
    )


def test_a_changed_old_entry_is_named(recorded: Recorded) -> None:
    first = _entries(recorded)[0]
    AuditEvent.objects.filter(pk=first.pk).update(actor_name="Mallory")
    assert _problems(recorded) == [
        f"ledger: audit chain c:{recorded.company.pk}, entry 1 (id {first.pk}): content does "
        "not match its hash (changed after it was written: actor.name)"
    ]


def test_a_changed_body_is_named(recorded: Recorded) -> None:
    """The stored bytes the hash commits to, rewritten to agree with changed columns."""
    first = _entries(recorded)[0]
    first.actor_name = "Mallory"
    body = chain.canonical_bytes(chain.content_of(first))
    AuditEvent.objects.filter(pk=first.pk).update(actor_name="Mallory", body=body)
    assert _problems(recorded) == [
        f"ledger: audit chain c:{recorded.company.pk}, entry 1 (id {first.pk}): content does "
        "not match its hash (changed after it was written)"
    ]


def test_a_body_that_is_not_json_is_named(recorded: Recorded) -> None:
    """The database cannot compare such a body with the columns; Python does."""
    second = _entries(recorded)[1]
    AuditEvent.objects.filter(pk=second.pk).update(body=b"\xff not json")
    key = f"c:{recorded.company.pk}"
    assert _problems(recorded) == [
        f"ledger: audit chain {key}, entry 2 (id {second.pk}): content does not match its hash "
        "(changed after it was written)",
        f"ledger: audit chain {key}, entry 2 (id {second.pk}): content does not match its hash "
        "(changed after it was written: body)",
    ]


def test_a_changed_state_in_an_entry_is_found_twice(recorded: Recorded) -> None:
    last = _entries(recorded)[-1]
    state = dict(last.state or {})
    state["name"] = "Accountants"
    AuditEvent.objects.filter(pk=last.pk).update(state=state)
    problems = _problems(recorded)
    assert any(f"entry {last.sequence} (id {last.pk}): content does not match" in p
               for p in problems)
    assert any(f"tenancy.customrole {recorded.role.pk}: stored name differ" in p
               for p in problems)


def test_a_deleted_entry_is_named(recorded: Recorded) -> None:
    second = _entries(recorded)[1]
    AuditEvent.objects.filter(pk=second.pk).delete()
    problems = _problems(recorded)
    key = f"c:{recorded.company.pk}"
    assert any(f"audit chain {key}, entry 3" in p and "entries 2 are missing" in p
               for p in problems)
    assert any(f"audit chain {key}, entry 3" in p and "does not link" in p for p in problems)


def test_a_deleted_last_entry_is_caught_by_the_head_and_checkpoint(recorded: Recorded) -> None:
    checkpoints.checkpoint_company(recorded.company.pk)
    last = _entries(recorded)[-1]
    AuditEvent.objects.filter(pk=last.pk).delete()
    ChainHead.objects.filter(chain_key=last.chain_key).update(
        sequence=last.sequence - 1, head_hash=last.prev_hash
    )  # the attacker also moves the head back
    problems = _problems(recorded)
    assert any(f"checkpoint at {last.sequence}" in p and "which is missing" in p
               for p in problems)


def test_reordered_entries_are_named(recorded: Recorded) -> None:
    entries = _entries(recorded)
    second, third = entries[1], entries[2]
    AuditEvent.objects.filter(pk=second.pk).update(sequence=10_000)
    AuditEvent.objects.filter(pk=third.pk).update(sequence=2)
    AuditEvent.objects.filter(pk=second.pk).update(sequence=3)
    problems = _problems(recorded)
    assert any(f"entry 2 (id {third.pk}): does not link" in p for p in problems)
    assert any(f"entry 2 (id {third.pk}): content does not match" in p for p in problems)
    assert any(f"entry 3 (id {second.pk})" in p for p in problems)


def test_a_rewritten_chain_is_caught_by_its_checkpoint(recorded: Recorded) -> None:
    """Whoever rewrites an entry and recomputes every later hash still cannot match the
    signed head."""
    checkpoints.checkpoint_company(recorded.company.pk)
    entries = _entries(recorded)
    entries[0].actor_name = "Mallory"
    prev = chain.GENESIS
    for entry in entries:
        entry.prev_hash = prev
        entry.entry_hash = prev = chain.hash_entry(prev, chain.content_of(entry))
        entry.body = chain.canonical_bytes(chain.content_of(entry))
        AuditEvent.objects.filter(pk=entry.pk).update(
            actor_name=entry.actor_name, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash,
            body=entry.body,
        )
    ChainHead.objects.filter(chain_key=entries[0].chain_key).update(head_hash=prev)
    problems = _problems(recorded)
    assert len(problems) == 1
    assert "is not the entry that was signed (history was rewritten)" in problems[0]


def test_a_replaced_checkpoint_signature_is_named(recorded: Recorded) -> None:
    checkpoint = checkpoints.checkpoint_now(f"c:{recorded.company.pk}")
    assert checkpoint is not None
    forged = base64.b64encode(b"\x01" * 64).decode()
    Checkpoint.objects.filter(pk=checkpoint.pk).update(signature=forged)
    assert _problems(recorded) == [
        f"ledger: audit chain c:{recorded.company.pk}, checkpoint at {checkpoint.size} "
        f"(signed {checkpoint.signed_at:%Y-%m-%d %H:%M:%S} UTC): the signature is not valid "
        "under any known audit key"
    ]


def test_a_changed_access_log_entry_is_named(recorded: Recorded) -> None:
    read = AccessRead.objects.filter(company=recorded.company).order_by("sequence").first()
    assert read is not None
    with dbguard.lifted(connection):  # as whoever owns the database could
        AccessRead.objects.filter(pk=read.pk).update(object_id="42")
    assert _problems(recorded) == [
        f"ledger: access-log chain a:{recorded.company.pk}, entry 1 (id {read.pk}): content "
        "does not match its hash (changed after it was written: object.id)"
    ]


def test_a_record_created_behind_the_applications_back(recorded: Recorded) -> None:
    sneaky = MembershipFactory(company=recorded.company)
    assert _problems(recorded) == [
        f"ledger: tenancy.membership {sneaky.pk}: has no history entry (created behind the "
        "application's back)"
    ]


def test_a_record_deleted_behind_the_applications_back(recorded: Recorded) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM tenancy_membership WHERE id = %s", [recorded.clerk.pk]
        )
    problems = _problems(recorded)
    assert len(problems) == 1
    assert f"tenancy.membership {recorded.clerk.pk}: is gone" in problems[0]
    assert "deleted behind the application's back" in problems[0]


def test_verify_one_company_leaves_the_others_alone(recorded: Recorded) -> None:
    other = build_recorded("other")
    Membership.objects.filter(pk=other.clerk.pk).update(tags=["sneaky"])
    assert _problems(recorded) == []
    assert len(_problems(other)) == 1
    assert len(_problems()) == 1


def test_findings_do_not_depend_on_chunk_boundaries(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chains are read in chunks: intact chunks are passed whole, others entry by entry."""
    checkpoints.checkpoint_company(recorded.company.pk)
    monkeypatch.setattr(fastchain, "CHUNK", 2)
    monkeypatch.setattr(fastchain, "COLUMN_CHUNK", 2)
    assert _problems(recorded) == []
    entries = _entries(recorded)
    assert len(entries) >= 7
    AuditEvent.objects.filter(pk=entries[2].pk).update(actor_name="Mallory")
    AuditEvent.objects.filter(pk=entries[4].pk).delete()
    key = f"c:{recorded.company.pk}"
    problems = _problems(recorded)
    assert f"ledger: audit chain {key}, entry 6 (id {entries[5].pk}): entries 5 are missing" in (
        problems
    )
    assert any(f"entry 6 (id {entries[5].pk}): does not link" in p for p in problems)
    assert (
        f"ledger: audit chain {key}, entry 3 (id {entries[2].pk}): content does not match its "
        "hash (changed after it was written: actor.name)"
    ) in problems
    assert len([p for p in problems if " chain " in p]) == 3, problems


def test_entries_appended_while_verify_runs_are_not_findings(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verification of a live installation: an append committed after the head was read (here:
    as the last chunk has been read) is neither a gap nor a head out of place."""
    chunks = fastchain.chunks

    def appending(key: str, **kwargs: Any) -> Iterator[fastchain.Chunk]:
        yield from chunks(key, **kwargs)
        if key.startswith("c:"):
            actions.create_tag(actor=member_actor(recorded.owner), name="late")

    monkeypatch.setattr(fastchain, "chunks", appending)
    assert _problems(recorded) == []


def test_an_entry_beyond_the_head_is_named(recorded: Recorded) -> None:
    last = _entries(recorded)[-1]
    extra = AuditEvent.objects.get(pk=last.pk)
    extra.pk, extra.sequence, extra.prev_hash = None, last.sequence + 1, last.entry_hash
    extra.body = chain.canonical_bytes(chain.content_of(extra))
    extra.entry_hash = chain.hash_body(extra.prev_hash, extra.body)
    extra.save(force_insert=True)
    assert _problems(recorded) == [
        f"ledger: audit chain c:{recorded.company.pk}, head: the head row names entry "
        f"{last.sequence}, the chain ends at {last.sequence + 1}"
    ]
