"""Benchmark of the access log's write on the request path (P-G4, P-H1).

    .venv/bin/python -m bench.access_log [--workers 1,4,8] [--flushes 50] [--reads 20]

Each of N processes, with its own database connection, ends ``--flushes`` units of work that
each noted ``--reads`` reads in one company: what N web or API workers serving list pages of
one company at once do. Printed per N: flushes per second over all processes, and the median and
95th percentile time of one flush (the time a response waits for its reads to be durable).
One process gives the uncontended cost; the growth of the median with N is time spent waiting
for other flushes. Afterwards the reads still waiting for the sealer are sealed, timed, and the
company's chains are verified.

Runs on SQLite in a throwaway data directory, or on PostgreSQL when STRONGROOM_DATABASE_URL
points at an empty database.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any

from bench._setup import bench_parser, describe_machine, django_for_bench


def world(reads: int) -> tuple[Any, list[Any]]:
    """A company, its owner's actor and ``reads`` members to read."""
    from strongroom.platform.access import permissions as perms
    from strongroom.platform.access.actor import cli_actor, member_actor
    from strongroom.platform.lifecycle import actions as lifecycle
    from strongroom.platform.tenancy import actions
    from strongroom.platform.tenancy.models import Membership

    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug="reads", name="Reads AS", country="NO",
        region="eu-north", currency="NOK", owner_email="owner@reads.test",
    )
    boss = member_actor(Membership.objects.get(company=company))
    members = [
        actions.add_member(actor=boss, email=f"m{n}@reads.test", role=perms.EMPLOYEE)
        for n in range(reads - 1)
    ]
    return boss, [Membership.objects.get(company=company, user__email="owner@reads.test"),
                  *members]


def bench_flushes(actor: Any, objects: list[Any], workers: int, flushes: int) -> dict[str, float]:
    """Flushes per second and flush times (seconds) with ``workers`` concurrent writers, each a
    process of its own (as the web server's workers are: threads would share one interpreter
    lock and measure it rather than the database)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers, timeout=60)
    results = context.Queue()
    processes = [
        context.Process(target=_flush_in_process, args=(actor, objects, flushes, start, results))
        for _ in range(workers)
    ]
    began = time.perf_counter()
    for process in processes:
        process.start()
    times: list[float] = []
    for _ in processes:
        outcome = results.get(timeout=600)
        if isinstance(outcome, str):
            raise RuntimeError(outcome)
        times += outcome
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    times.sort()
    return {
        "rate": len(times) / elapsed,
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
    }


def _flush_in_process(actor: Any, objects: list[Any], flushes: int, start: Any, results: Any
                      ) -> None:
    from strongroom.platform.history import read_log

    try:
        start.wait()
        times = []
        for _ in range(flushes):
            with read_log.unit_of_work():
                read_log.note_reads(actor, objects, purpose="list")
                began = time.perf_counter()
                read_log.flush()
                times.append(time.perf_counter() - began)
        results.put(times)
    except BaseException as exc:  # reported by the parent
        results.put(f"{type(exc).__name__}: {exc}")


def seal_rest() -> tuple[int, float]:
    """Seal what the flushes left to the sealer; returns (entries sealed, seconds)."""
    from strongroom.platform.history import chain

    seal_all = getattr(chain, "seal_all", None)
    if seal_all is None:  # a version that chains on the request path
        return 0, 0.0
    began = time.perf_counter()
    sealed = seal_all()
    return sealed, time.perf_counter() - began


def main() -> None:
    parser = bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,4,8")
    parser.add_argument("--flushes", type=int, default=50)
    parser.add_argument("--reads", type=int, default=20)
    args = parser.parse_args()
    django_for_bench(reset=args.reset_database)
    describe_machine()
    from strongroom.platform.history.verify import verify
    from strongroom.platform.tenancy.models import Company

    actor, objects = world(args.reads)
    for workers in (int(n) for n in args.workers.split(",")):
        figures = bench_flushes(actor, objects, workers, args.flushes)
        sealed, seconds = seal_rest()
        print(f"{workers} process(es) x {args.flushes} flushes of {args.reads} reads: "
              f"{figures['rate']:7.0f} flushes/s, flush median {figures['median'] * 1e3:6.2f} ms, "
              f"p95 {figures['p95'] * 1e3:6.2f} ms; left to the sealer {sealed} "
              f"({seconds * 1e3:.1f} ms to seal)")
        sys.stdout.flush()
    report = verify(company=Company.objects.get(slug="reads"))
    print(f"verify: {report.entries} entries, {'ok' if report.ok else report.findings[:3]}")


if __name__ == "__main__":
    main()
