"""Benchmark of search on encrypted fields through keyed n-gram tokens (P-C2, P-H1).

    .venv/bin/python -m bench.search [--people N] [--rounds N] [--reset-database]

``--people`` contact persons (default 10,000) in one company, with names, e-mails and phone
numbers drawn from lists of Nordic first and last names; each query kind is run ``--rounds``
times (default 30) through ``selectors.people(q=...)`` as the list page does (the first 50
matches, their names decrypted), and its p50 and p95 are printed, side by side with two
baselines: the exact blind-index lookup (``selectors.people(name=...)``), and a plain
``icontains`` over an unencrypted column of the same size (organisation names, one per person).
Target: p95 at most 50 ms. Then the storage of the tokens per person.

Runs on SQLite in a throwaway data directory, or on PostgreSQL when STRONGROOM_DATABASE_URL
points at an empty database.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench._setup import bench_parser, describe_machine, django_for_bench

FIRST = ("Linnea", "Bjørn", "Kari", "Ola", "Ingrid", "Åse", "Magnus", "Sigrid", "Håkon", "Eva",
         "Nils", "Astrid", "Jonas", "Maja", "Lars", "Tove", "Erik", "Solveig", "Anders", "Liv",
         "Øystein", "Hanne", "Per", "Ragnhild", "Sander", "Frida", "Knut", "Mette", "Tor", "Elin")
LAST = ("Berg", "Ødegård", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
        "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Haugen", "Bakke", "Lie", "Dahl",
        "Lund", "Solberg", "Strand", "Moen", "Sæther", "Holm", "Aas", "Eide", "Vik", "Brekke",
        "Næss", "Bøe", "Fjeld", "Halvorsen")
# (label, query): how often each matches is printed with it
QUERIES = (
    ("part of a first name", "inne"),
    ("last name, no diacritic", "odegard"),
    ("first + last name", "linnea berg"),
    ("e-mail part", ".berg1"),
    ("phone digits", "4123"),
    ("two-letter prefix", "li"),
    ("no match", "zyxw"),
)


def people(count: int, seed: int = 7) -> tuple[Any, Any]:
    """A company with ``count`` contact persons (written as the actions write them: encrypted
    under their own keys, with their blind indexes and tokens; without history) and as many
    organisations; (actor, company)."""
    from django.db import transaction

    from strongroom.platform.access.actor import cli_actor, member_actor
    from strongroom.platform.lifecycle import actions as lifecycle
    from strongroom.platform.search import index
    from strongroom.platform.tenancy.models import Membership
    from strongroom.records.contacts.models import ContactPerson, Organisation

    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug="bench", name="Bench AS", country="NO",
        region="eu-north", currency="NOK", owner_email="owner@bench.test",
    )
    actor = member_actor(Membership.objects.get(company=company))
    rng = random.Random(seed)
    at = Organisation.objects.create(company=company, name="Customer AS", country="NO")
    plain = []
    with transaction.atomic():
        for n in range(count):
            first, last = (rng.choice(FIRST), rng.choice(LAST)) if n else ("Linnea", "Berg")
            person = ContactPerson(
                company=company, organisation=at, name=f"{first} {last}",
                email=f"{first}.{last}{n}@customer.example".lower(),
                phone=f"+47 {rng.randrange(400, 999)} {rng.randrange(10, 99)} "
                      f"{rng.randrange(100, 999)}",
            )
            person.save(force_insert=True)
            index.index_record(person)
            plain.append(Organisation(company=company, name=f"{first} {last} {n}", country="NO"))
        Organisation.objects.bulk_create(plain, batch_size=1000)
    return actor, company


def _timed(run: Callable[[], int], rounds: int) -> dict[str, float]:
    run()  # warm up (keys into the cache)
    times, found = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50": statistics.median(times) * 1000, "p95": p95 * 1000, "found": found}


def bench_queries(actor: Any, rounds: int) -> dict[str, dict[str, float]]:
    """p50/p95 in ms and matches, per query kind and per baseline."""
    from strongroom.records.contacts import selectors
    from strongroom.records.contacts.models import Organisation

    def page(**lookup: str) -> Callable[[], int]:
        def run() -> int:
            found = list(selectors.people(actor, **lookup)[:50])
            return len([person.name for person in found])
        return run

    results = {label: _timed(page(q=query), rounds) for label, query in QUERIES}
    results["baseline: exact name (blind index)"] = _timed(page(name="Linnea Berg"), rounds)

    def plain() -> int:
        found = Organisation.objects.filter(company_id=actor.company_id, name__icontains="inne")
        return len([org.name for org in found[:50]])

    results["baseline: icontains, plain column"] = _timed(plain, rounds)
    return results


def storage(company_id: int, count: int) -> dict[str, float]:
    """Tokens per person, and bytes per person of the token table and its indexes where the
    database says (PostgreSQL; SQLite built with dbstat), else 0."""
    from django.db import connection

    from strongroom.platform.search.models import SearchToken

    tokens = SearchToken.objects.filter(company_id=company_id).count()  # people only here
    table = SearchToken._meta.db_table
    size = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            size = cursor.fetchone()[0]
        else:
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name = %s OR name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = %s)", [table, table],
                )
                size = cursor.fetchone()[0] or 0
            except Exception:  # SQLite without dbstat
                size = 0
    return {"tokens": tokens / count, "bytes": size / count}


def main() -> None:
    parser = bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    django_for_bench(reset=args.reset_database)
    describe_machine()
    started = time.perf_counter()
    actor, company = people(args.people)
    print(f"# {args.people} people written in {time.perf_counter() - started:.0f} s")
    for label, result in bench_queries(actor, args.rounds).items():
        print(f"{label:38} p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  "
              f"({result['found']:.0f} shown)")
    used = storage(company.pk, args.people)
    print(f"tokens per person: {used['tokens']:.1f}; token table with indexes: "
          f"{used['bytes']:.0f} bytes per person" + ("" if used["bytes"] else " (not measured)"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
