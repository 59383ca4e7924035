"""Eight writers on one company at once: one linear chain, no fork, no gap (P-D2).

On PostgreSQL the lock on the chain's head row serializes appends; on SQLite IMMEDIATE
transactions do. Each writer changes its own member and logs reads, so audit entries and
access-log entries are appended concurrently.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import member_actor
from strongroom.platform.history import checkpoints, read_log
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.history.verify import verify
from strongroom.platform.tenancy import actions
from tests.history.conftest import build_recorded

WRITERS = 8
WRITES = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_linear_verifiable_chain() -> None:
    recorded = build_recorded("busy")
    boss = member_actor(recorded.owner)
    members = [
        actions.add_member(actor=boss, email=f"writer{n}@busy.test", role=perms.EMPLOYEE)
        for n in range(WRITERS)
    ]
    before = AuditEvent.objects.filter(company=recorded.company).count()
    start = threading.Barrier(WRITERS, timeout=30)
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            start.wait()
            for round_ in range(WRITES):
                with read_log.unit_of_work():
                    actions.set_member_tags(
                        actor=boss, membership=members[index], tags=[f"round:{round_}"]
                    )
                    read_log.note_reads(boss, [members[index], recorded.clerk])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    key = f"c:{recorded.company.pk}"
    positions = list(
        AuditEvent.objects.filter(chain_key=key).order_by("sequence").values_list(
            "sequence", flat=True
        )
    )
    assert len(positions) == before + WRITERS * WRITES
    assert positions == list(range(1, len(positions) + 1))
    reads = AccessRead.objects.filter(chain_key=f"a:{recorded.company.pk}")
    assert reads.count() == 2 + WRITERS * WRITES * 2
    checkpoints.checkpoint_company(recorded.company.pk)
    report = verify(company=recorded.company)
    assert report.ok, report.findings
