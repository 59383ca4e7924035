"""Reads written unsealed and sealed into their chain later (P-G4, P-D2): the bound, the sealer,
the database's guard, and flushes that never wait for each other's head lock."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from strongroom.platform.access.actor import member_actor
from strongroom.platform.history import chain, checkpoints, dbguard, read_log
from strongroom.platform.history.models import AccessRead
from strongroom.platform.history.verify import verify
from strongroom.project.management.commands import worker
from tests.history.conftest import Recorded, build_recorded


def _waiting(recorded: Recorded, count: int, *, age: timedelta) -> list[AccessRead]:
    """``count`` reads inserted unsealed, as a flush that found its chain's head held does,
    written ``age`` ago."""
    actor = member_actor(recorded.owner)
    when = timezone.now() - age
    reads = [
        read_log._entry(actor, ("tenancy.membership", str(recorded.clerk.pk), "view"), when)
        for _ in range(count)
    ]
    return AccessRead.objects.bulk_create(reads)


def _findings(recorded: Recorded) -> list[str]:
    return [str(finding) for finding in verify(company=recorded.company).findings]


def test_a_read_waiting_longer_than_the_bound_fails_verify_until_sealed(
    recorded: Recorded,
) -> None:
    late = _waiting(recorded, 2, age=chain.SEAL_WITHIN + timedelta(seconds=1))
    first = min(read.pk for read in late)
    assert _findings(recorded) == [
        f"ledger: access-log chain a:{recorded.company.pk}, 2 entries from id {first}: not "
        "sealed into the chain 5 s after they were written (is the sealer of `strongroom "
        "worker` running?)"
    ]
    call_command("worker", "--once")  # the worker's sealer, as cron would run it
    assert not AccessRead.objects.filter(sequence__isnull=True).exists()
    assert _findings(recorded) == []


def test_a_read_within_the_bound_is_not_a_finding_and_checkpoints_wait_for_it(
    recorded: Recorded,
) -> None:
    _waiting(recorded, 1, age=timedelta(seconds=1))
    assert _findings(recorded) == []
    unsigned = checkpoints.oldest_unsigned_entry()
    assert unsigned is not None  # a read outside its chain is covered by no checkpoint
    signed = checkpoints.checkpoint_company(recorded.company.pk)  # seals first
    assert not AccessRead.objects.filter(sequence__isnull=True).exists()
    read_chain = chain.read_chain_key_for(recorded.company.pk)
    last = AccessRead.objects.filter(chain_key=read_chain).order_by("-sequence").first()
    assert last is not None
    assert (read_chain, last.sequence, last.entry_hash) in {
        (cp.chain_key, cp.size, cp.head_hash) for cp in signed
    }


def test_the_sealer_keeps_the_insert_order_and_flushes_leave_waiting_reads_to_it(
    recorded: Recorded,
) -> None:
    head = AccessRead.objects.filter(company=recorded.company).order_by("-sequence").first()
    assert head is not None
    assert head.sequence is not None
    waiting = _waiting(recorded, 3, age=timedelta(0))
    with read_log.unit_of_work():  # the head is free: its own read is chained at once
        read_log.note_read(member_actor(recorded.owner), recorded.owner)
    assert AccessRead.objects.filter(sequence__isnull=True).count() == 3
    assert chain.seal_all() == 3
    rows = list(
        AccessRead.objects.filter(sequence__gt=head.sequence, company=recorded.company)
        .order_by("sequence").values_list("pk", "sequence")
    )
    assert [pk for pk, _ in rows[1:]] == [read.pk for read in waiting]
    assert [sequence for _, sequence in rows] == list(range(head.sequence + 1, head.sequence + 5))
    assert _findings(recorded) == []


def test_the_database_allows_sealing_and_nothing_else(recorded: Recorded) -> None:
    (waiting,) = _waiting(recorded, 1, age=timedelta(0))
    sealed = AccessRead.objects.filter(company=recorded.company, sequence=1).get()
    refused = [
        lambda: AccessRead.objects.filter(pk=sealed.pk).update(object_id="42"),  # an edit
        lambda: AccessRead.objects.filter(pk=sealed.pk).update(sequence=99),  # a reorder
        lambda: AccessRead.objects.filter(pk=sealed.pk).update(  # unsealed again
            sequence=None, prev_hash=None, entry_hash=None, body=None
        ),
        lambda: AccessRead.objects.filter(pk=sealed.pk).delete(),
        lambda: AccessRead.objects.filter(pk=waiting.pk).delete(),
        lambda: AccessRead.objects.filter(pk=waiting.pk).update(object_id="42"),
        lambda: AccessRead.objects.filter(pk=waiting.pk).update(  # sealed, and changed
            sequence=99, prev_hash="0" * 64, entry_hash="1" * 64, body=b"{}", purpose="export"
        ),
        lambda: AccessRead.objects.filter(pk=waiting.pk).update(sequence=99),  # half sealed
    ]
    for attempt in refused:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    assert chain.seal_reads(waiting.chain_key) == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # sealed once only
        AccessRead.objects.filter(pk=waiting.pk).update(sequence=100, entry_hash="2" * 64)
    assert _findings(recorded) == []


def test_the_sqlite_guard_names_every_column() -> None:
    columns = {field.column for field in AccessRead._meta.concrete_fields}
    assert columns == set(dbguard.FROZEN_COLUMNS) | set(dbguard.SEAL_COLUMNS)


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_flush_never_waits_for_another_holding_the_head() -> None:
    """One connection holds the company's access-log head (a flush, or the sealer, in the
    middle of its transaction); another flushes meanwhile: it returns without waiting, its
    reads unsealed, and the sealer seals them."""
    recorded = build_recorded("racing")
    key = chain.read_chain_key_for(recorded.company.pk)
    actor = member_actor(recorded.owner)
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                chain.locked_head(key)
                holding.set()
                release.wait(30)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(30)
    flushed: list[int] = []

    def flush() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")  # waiting would fail, not hang
            with read_log.unit_of_work():
                read_log.note_reads(actor, [recorded.owner, recorded.clerk])
                flushed.append(read_log.flush())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    flusher = threading.Thread(target=flush)
    flusher.start()
    flusher.join(20)
    still_holding = holder.is_alive()
    release.set()
    holder.join(30)
    assert not errors, errors
    assert flushed == [2]
    assert still_holding  # the flush was done while the head was held
    assert AccessRead.objects.filter(chain_key=key, sequence__isnull=True).count() == 2
    assert chain.seal_all() == 2  # the worker's sealer
    checkpoints.checkpoint_company(recorded.company.pk)
    assert verify(company=recorded.company).ok


def test_audit_seal_seals_by_hand(recorded: Recorded, capsys: pytest.CaptureFixture[str]) -> None:
    _waiting(recorded, 1, age=timedelta(0))
    call_command("audit", "seal")
    assert "1 access-log entries sealed." in capsys.readouterr().out
    assert not AccessRead.objects.filter(sequence__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_workers_sealer_seals_a_read_within_the_bound() -> None:
    recorded = build_recorded("sealer")
    _waiting(recorded, 1, age=timedelta(0))
    written = time.monotonic()
    stop = threading.Event()
    sealer = threading.Thread(
        target=worker._seal_forever, args=(stop, chain.SEAL_EVERY.total_seconds())
    )
    sealer.start()
    try:
        while AccessRead.objects.filter(sequence__isnull=True).exists():
            assert time.monotonic() - written < chain.SEAL_WITHIN.total_seconds()
            time.sleep(0.05)
    finally:
        stop.set()
        sealer.join(10)
    assert verify(company=recorded.company).ok
