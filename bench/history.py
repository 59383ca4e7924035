"""Benchmarks of history and tamper evidence (P-D2, P-H1).

    .venv/bin/python -m bench.history [--writes N] [--entries N]

1. Write overhead: ``set_member_tags`` (an action: lock, save, history entry appended to the
   company's hash chain) against the same write without history (lock, save, in the same
   durable transaction). Target: at most 2x.
2. Chain verification: ``audit verify``'s check of a company chain of ``--entries`` realistic
   entries, on one core: positions, links, each stored body hashed (SHA-256), head and
   checkpoints. Target: at least 200,000 entries/s. Also measured: the second pass (the
   database compares every entry's columns with its body), both passes together, and the
   reference path (model instances, ``chain.content_of``) for comparison.

Runs on SQLite in a throwaway data directory, or on PostgreSQL when STRONGROOM_DATABASE_URL
points at an empty database.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any

from bench._setup import bench_parser, describe_machine, django_for_bench


def _world() -> tuple[Any, Any]:
    from strongroom.platform.access import permissions as perms
    from strongroom.platform.access.actor import cli_actor, member_actor
    from strongroom.platform.lifecycle import actions as lifecycle
    from strongroom.platform.tenancy import actions
    from strongroom.platform.tenancy.models import Membership

    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug="bench", name="Bench AS", country="NO",
        region="eu-north", currency="NOK", owner_email="owner@bench.test",
    )
    boss = member_actor(Membership.objects.get(company=company))
    for tag in ("team:a", "team:b"):
        actions.create_tag(actor=boss, name=tag)
    member = actions.add_member(actor=boss, email="member@bench.test", role=perms.EMPLOYEE)
    return boss, member


def bench_writes(writes: int, rounds: int = 10) -> dict[str, float]:
    """Seconds per write with and without history, and their ratio. "Without" is the very
    same action with its ``record()`` call made a no-op: same locks, checks and update. The two
    alternate in ``rounds`` rounds, and the medians are taken, so that a busy machine slows
    both alike."""
    from strongroom.platform.tenancy.actions import members as member_actions

    boss, member = _world()
    recording = member_actions.record
    per_round = max(1, writes // rounds)
    times: dict[str, list[float]] = {"plain": [], "history": []}
    counter = 0

    def run(name: str, record: Any, count: int) -> float:
        nonlocal counter
        member_actions.record = record
        try:
            started = time.perf_counter()
            for _ in range(count):
                counter += 1
                member_actions.set_member_tags(  # alternate, so that every call writes
                    actor=boss, membership=member, tags=["team:a" if counter % 2 else "team:b"]
                )
            return (time.perf_counter() - started) / count
        finally:
            member_actions.record = recording

    def no_record(**kwargs: Any) -> None:
        return None

    run("plain", no_record, 50)  # warm up
    run("history", recording, 50)
    for _ in range(rounds):
        times["plain"].append(run("plain", no_record, per_round))
        times["history"].append(run("history", recording, per_round))
    plain, history = statistics.median(times["plain"]), statistics.median(times["history"])
    ratios = [h / p for p, h in zip(times["plain"], times["history"], strict=True)]
    return {"plain": plain, "history": history, "ratio": statistics.median(ratios)}


def make_chain(entries: int) -> str:
    """Append ``entries`` realistic entries (a membership's state and a field change) to a
    fresh company chain, hashed as the recorder does; returns the chain key."""
    from django.db import connection, transaction
    from django.utils import timezone

    from strongroom.platform.history import chain
    from strongroom.platform.history.models import AuditEvent, ChainHead
    from strongroom.platform.tenancy.models import Company

    company = Company.objects.get(slug="bench")
    key = chain.chain_key_for(company.pk)
    head = ChainHead.objects.get(chain_key=key)
    sequence, prev = head.sequence, head.head_hash
    batch: list[AuditEvent] = []
    now = timezone.now()
    with transaction.atomic():
        for i in range(entries):
            sequence += 1
            state = {
                "company_id": company.pk, "user_id": 1000 + i % 500, "role": "employee",
                "custom_role_id": None, "tags": [f"team:{i % 7}", "lead:oslo"],
                "is_active": True, "created_at": "2026-01-02T03:04:05.123456+00:00",
            }
            event = AuditEvent(
                company_id=company.pk, chain_key=key, sequence=sequence, prev_hash=prev,
                event_type=203, occurred_at=now, actor_user_id=1, actor_name="Kari Nordmann",
                actor_email="kari@bench.test", channel="web", ip="203.0.113.9",
                user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
                request_id=f"{i:032x}", object_type="tenancy.membership",
                object_id=str(1000 + i % 500), object_repr=f"Member {i % 500}",
                changes={"tags": [["team:1"], state["tags"]]}, state=state, extra={},
            )
            event.body = chain.canonical_bytes(chain.content_of(event))
            event.entry_hash = prev = chain.hash_body(prev, event.body)
            batch.append(event)
            if len(batch) == 5000:
                AuditEvent.objects.bulk_create(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        ChainHead.objects.filter(chain_key=key).update(sequence=sequence, head_hash=prev)
    with connection.cursor() as cursor:  # as the database's automatic statistics would
        cursor.execute(f"ANALYZE {AuditEvent._meta.db_table}")
    return key


def bench_verify(key: str) -> dict[str, float]:
    """Entries per second of each pass of the verifier, of the whole chain check, and of the
    reference path (model instances, ``chain.content_of``) for comparison."""
    from strongroom.platform.history import chain, verify
    from strongroom.platform.history.models import AuditEvent

    def best_of(run: Any, rounds: int = 3) -> tuple[int, float, float]:
        count, best, best_cpu = 0, 0.0, 0.0
        for _ in range(rounds):
            started, cpu = time.perf_counter(), time.process_time()
            count = run()
            best = max(best, count / (time.perf_counter() - started))
            best_cpu = max(best_cpu, count / max(time.process_time() - cpu, 1e-9))
        return count, best, best_cpu

    def run_check(check: Any) -> int:
        report = verify.Report()
        check(key, report, {}, None)
        if not report.ok:
            raise SystemExit(f"the chain does not verify: {report.findings[:3]}")
        return AuditEvent.objects.filter(chain_key=key).count()

    def hashes() -> int:
        return run_check(verify._verify_links)

    def columns() -> int:
        return run_check(verify._verify_columns)

    def whole() -> int:
        return run_check(verify._verify_chain)

    count, fast, fast_cpu = best_of(hashes)
    _, column, column_cpu = best_of(columns)
    _, verified, verified_cpu = best_of(whole)
    started = time.perf_counter()
    sample = 0
    for event in AuditEvent.objects.filter(chain_key=key).order_by("sequence")[:20000].iterator():
        assert chain.hash_entry(event.prev_hash, chain.content_of(event)) == event.entry_hash
        sample += 1
    reference = sample / (time.perf_counter() - started)
    return {
        "entries": count, "fast": fast, "fast_cpu": fast_cpu, "columns": column,
        "columns_cpu": column_cpu, "verify": verified, "verify_cpu": verified_cpu,
        "reference": reference,
    }


def main() -> None:
    parser = bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=300_000)
    args = parser.parse_args()
    django_for_bench(reset=args.reset_database)
    describe_machine()
    writes = bench_writes(args.writes)
    print(f"write without history: {writes['plain'] * 1e6:8.0f} µs")
    print(f"write with history:    {writes['history'] * 1e6:8.0f} µs")
    print(f"overhead:              {writes['ratio']:8.2f}x (target <= 2x)")
    key = make_chain(args.entries)
    verified = bench_verify(key)
    print(f"chain verification:    {verified['fast']:8.0f} entries/s over "
          f"{verified['entries']} entries (target >= 200000)")
    print(f"  per second of CPU:   {verified['fast_cpu']:8.0f} entries/s (this process)")
    print(f"columns agree:         {verified['columns']:8.0f} entries/s, "
          f"{verified['columns_cpu']:.0f} per second of this process's CPU (the database "
          "compares)")
    print(f"audit verify (chain):  {verified['verify']:8.0f} entries/s, "
          f"{verified['verify_cpu']:.0f} per second of this process's CPU (both passes, "
          "links, positions, checkpoints)")
    print(f"reference encoder:     {verified['reference']:8.0f} entries/s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
