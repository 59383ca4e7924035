"""API throughput against a bare-Django floor (P-H1).

    .venv/bin/python -m bench.api [--quick] [--databases sqlite,postgresql]

For each database, starts Strongroom in production mode (``strongroom serve --workers 4``; on
PostgreSQL with its own Redis) and the floor app of ``bench/floor/`` (gunicorn, 4 sync workers,
the same table shape and database work without any protection), seeds both with 1,000 contact
persons, and runs wrk (2 threads, 16 connections, 5 s warm-up then 20 s) for each scenario of
``bench/_scenarios.py``: get one, list 20, create, update, a search and an invoice list through
the API with an API key, and three web pages with signed-in sessions (Strongroom only).

Reported: requests/s, p50 and p99 latency, statements per request (counted in-process, see
``bench/_statements.py``), the workers' memory, and Strongroom's ratio to the floor. Checked:
no response other than 2xx (wrk's count and each server's own access log), and exactly the
audit and access-log rows that the requests served should have written. A failed check makes
the exit status 1. wrk is installed by ``scripts/bench-deps.sh``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench import _servers, _wrk
from bench._scenarios import FLOOR, STRONGROOM, Scenario
from bench._setup import calibration_line

POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASES = ("sqlite", "postgresql")
TARGETS = {"get": 0.6, "list": 0.6, "create": 0.5, "update": 0.5}  # of the floor's req/s
P99_MS = {"get": 100.0, "create": 100.0, "update": 100.0, "list": 150.0, "contacts page": 150.0,
          "invoices page": 150.0, "dashboard": 150.0}
SQLITE_SHARE, SQLITE_P99_MS = 0.8, 200.0
TIMES = "\u00d7"


@dataclass
class Measured:
    """One scenario against one server: wrk's figures and what the server itself saw."""

    wrk: _wrk.WrkResult
    sent: int  # by wrk, warm-up included
    statuses: dict[int, int]  # from the server's access log, warm-up included
    statements: float
    warmup_errors: int = 0  # non-2xx/3xx answers and socket errors during the warm-up
    rows: dict[str, tuple[float, int]] = field(default_factory=dict)  # expected, written

    @property
    def served(self) -> int:
        return sum(self.statuses.values())

    def problems(self) -> list[str]:
        found = []
        if not self.wrk.requests:
            found.append("no request completed in the run: make it longer (--seconds)")
        if self.wrk.non_2xx_3xx or self.wrk.socket_errors or self.warmup_errors:
            found.append(f"wrk: {self.wrk.non_2xx_3xx} non-2xx/3xx, "
                         f"{self.wrk.socket_errors} socket errors, "
                         f"{self.warmup_errors} of either in the warm-up")
        other = {code: n for code, n in self.statuses.items() if not 200 <= code < 300}
        if other:
            found.append(f"server answered {other}")
        if self.served < self.sent:
            found.append(f"server logged {self.served} responses, wrk counted {self.sent}")
        # A request wrk gave up on at the end of its run (its connection closed) is still
        # served and writes its rows, but its answer cannot be sent and gunicorn logs no line:
        # up to one such request per connection, per run.
        for table, (expected, written) in self.rows.items():
            per_request = expected / self.served if self.served else 0.0
            extra = written - expected
            whole = per_request.is_integer() and (not per_request or extra % per_request == 0)
            if not -1e-6 <= extra <= per_request * 2 * _wrk.CONNECTIONS + 1e-6 or (
                per_request.is_integer() and not whole
            ):
                found.append(f"{table}: {written} rows written, {expected:g} expected")
        return found


def measure(server: _servers.Server, scenario: Scenario, *, warmup: int, seconds: int,
            workdir: Path) -> Measured:
    seeded = server.seeded
    headers = {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1",
               "Content-Type": "application/json"}  # what the TLS proxy adds in production
    if "key" in seeded and not scenario.pages:
        headers["Authorization"] = f"Bearer {seeded['key']}"
    scripts = []
    for run, part in enumerate(("warm-up", "run"), start=1):
        scripts.append(workdir / f"{server.name}-{scenario.name.replace(' ', '-')}-{part}.lua")
        scripts[-1].write_text(_wrk.lua_script(
            scenario, headers=headers, ids=seeded["ids"], emails=seeded["emails"],
            orgs=seeded["orgs"], cookies=seeded.get("cookies", []) if scenario.pages else (),
            base=run * 100_000_000,
        ))
    offset = server.log_size()
    before = server.rows() if server.rows else {}
    warm = _wrk.run(server.url, scripts[0], seconds=warmup)
    main = _wrk.run(server.url, scripts[1], seconds=seconds)
    server.settle()
    statuses = server.statuses_since(offset)
    measured = Measured(
        wrk=main, sent=warm.requests + main.requests, statuses=dict(statuses),
        statements=seeded["statements"][scenario.name],
        warmup_errors=warm.non_2xx_3xx + warm.socket_errors,
    )
    if server.rows:
        after = server.rows()
        per_request = seeded["rows_per_request"][scenario.name]
        measured.rows = {table: (per_request[table] * measured.served,
                                 after[table] - before[table]) for table in after}
    return measured


def run_database(database: str, args: argparse.Namespace) -> tuple[
    dict[str, dict[str, Measured]], dict[str, tuple[float, float]]
]:
    """Every scenario on one database, Strongroom and the floor alternating."""
    root = Path(tempfile.mkdtemp(prefix="strongroom-bench-api-"))
    postgres = args.postgres if database == "postgresql" else None
    servers: list[_servers.Server] = []
    results: dict[str, dict[str, Measured]] = {"Strongroom": {}, "floor": {}}
    memory: dict[str, tuple[float, float]] = {}
    try:
        print(f"# {database}: seeding Strongroom and the floor in {root}", flush=True)
        servers.append(_servers.strongroom(root, postgres=postgres))
        servers.append(_servers.floor(root, postgres=postgres))
        floor_scenarios = {scenario.name: scenario for scenario in FLOOR}
        for scenario in STRONGROOM:
            pairs = [(servers[0], scenario)]
            if scenario.name in floor_scenarios:
                pairs.append((servers[1], floor_scenarios[scenario.name]))
            for server, chosen in pairs:
                measured = measure(server, chosen, warmup=args.warmup, seconds=args.seconds,
                                   workdir=root)
                results[server.name][chosen.name] = measured
                print(f"#   {server.name:10} {chosen.name:14} {measured.wrk.per_second:8.1f}/s "
                      f"p99 {measured.wrk.p99_ms:6.1f} ms {'; '.join(measured.problems())}",
                      flush=True)
        memory = {server.name: _servers.worker_memory(server.process.pid) for server in servers}
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return results, memory


def report(database: str, results: dict[str, dict[str, Measured]],
           memory: dict[str, tuple[float, float]]) -> None:
    own, floor = results["Strongroom"], results["floor"]
    print(f"\n{database}, load {os.getloadavg()[0]:.1f}\n")
    print("| Scenario | Strongroom req/s | p50 | p99 | statements | floor req/s | p50 | p99 "
          "| statements | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, mine in own.items():
        cells = [name, f"{mine.wrk.per_second:,.0f}", f"{mine.wrk.p50_ms:.1f} ms",
                 f"{mine.wrk.p99_ms:.1f} ms", f"{mine.statements:.1f}"]
        if name in floor:
            theirs = floor[name]
            cells += [f"{theirs.wrk.per_second:,.0f}", f"{theirs.wrk.p50_ms:.1f} ms",
                      f"{theirs.wrk.p99_ms:.1f} ms", f"{theirs.statements:.1f}",
                      f"**{mine.wrk.per_second / theirs.wrk.per_second:.2f}{TIMES}**"]
        else:
            cells += ["—"] * 5
        print("| " + " | ".join(cells) + " |")
    for name, (rss, private) in memory.items():
        print(f"\n{name} workers: {rss:.0f} MiB resident, {private:.0f} MiB private each", end="")
    print()
    served = sum(m.served for m in own.values())
    rows = {table: sum(m.rows[table][1] for m in own.values()) for table in ("audit", "reads")}
    rows_wrong = any("rows written" in p for m in own.values() for p in m.problems())
    print(f"Strongroom served {served:,} requests (warm-ups included), wrote {rows['audit']:,} "
          f"audit and {rows['reads']:,} access-log rows, each as expected: "
          f"{'NO' if rows_wrong else 'yes'}")


def targets(all_results: dict[str, dict[str, dict[str, Measured]]]) -> list[tuple[str, bool]]:
    """Each target of the issue with whether this run met it."""
    found: list[tuple[str, bool]] = []
    for database, results in all_results.items():
        own, floor = results["Strongroom"], results["floor"]
        for name, share in TARGETS.items():
            ratio = own[name].wrk.per_second / floor[name].wrk.per_second
            found.append((f"{database} {name}: {ratio:.2f}{TIMES} the floor (≥ {share}{TIMES})",
                          ratio >= share))
        for name, limit in P99_MS.items():
            p99 = own[name].wrk.p99_ms
            found.append((f"{database} {name}: p99 {p99:.0f} ms (≤ {limit:.0f} ms)",
                          bool(own[name].wrk.requests) and p99 <= limit))
    if set(all_results) == set(DATABASES):
        lite, pg = all_results["sqlite"]["Strongroom"], all_results["postgresql"]["Strongroom"]
        for name in TARGETS:
            share = lite[name].wrk.per_second / pg[name].wrk.per_second
            p99 = lite[name].wrk.p99_ms
            found.append((f"SQLite {name}: {share:.2f}{TIMES} PostgreSQL, p99 {p99:.0f} ms "
                          f"(≥ {SQLITE_SHARE}{TIMES}, ≤ {SQLITE_P99_MS:.0f} ms)",
                          share >= SQLITE_SHARE and p99 <= SQLITE_P99_MS))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default=",".join(DATABASES),
                        help="sqlite, postgresql or both (comma-separated)")
    parser.add_argument("--postgres", default=POSTGRES,
                        help="the PostgreSQL server (its databases strongroom_bench_api, "
                        "strongroom_bench_api_keys and strongroom_bench_floor are recreated)")
    parser.add_argument("--seconds", type=int, help="each measured run (default 20)")
    parser.add_argument("--warmup", type=int, help="each warm-up run (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="3 s runs after 1 s warm-ups, unless given: shows that it works")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (3 if args.quick else 20)
    args.warmup = args.warmup or (1 if args.quick else 5)
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    if not set(databases) <= set(DATABASES):
        parser.error(f"--databases: choose from {', '.join(DATABASES)}")
    _wrk.require_wrk()
    print(f"# {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; wrk -t{_wrk.THREADS} "
          f"-c{_wrk.CONNECTIONS}, {args.warmup} s warm-up, {args.seconds} s runs")
    print(calibration_line(), flush=True)
    all_results: dict[str, dict[str, dict[str, Measured]]] = {}
    for database in databases:
        results, memory = run_database(database, args)
        all_results[database] = results
        report(database, results, memory)
    print(calibration_line())
    print("\nTargets:")
    for text, met in targets(all_results):
        print(f"- {text}: {'met' if met else 'not met'}")
    failed = [f"{database} {server} {name}: {problem}"
              for database, results in all_results.items()
              for server, measured in results.items()
              for name, one in measured.items() for problem in one.problems()]
    for line in failed:
        print(f"CHECK FAILED: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
