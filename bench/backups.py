"""Backup and restore throughput against a plain copy of the same data (P-F1, P-F3).

    .venv/bin/python -m bench.backups [--mib N]

A throwaway SQLite installation with the demo company is built through the ``strongroom``
command, then its records database is grown by ``--mib`` MiB (default 256) of random bytes in
a table of its own (random, so neither compression nor deduplication flatters the result).
Side by side, in the same run:

1. ``cp`` of the records database and the key store to another directory, then ``sync``: the
   floor;
2. ``strongroom backup run --location local``: the online copy, restic's encryption and
   deduplication, retention and the repository check; then a second run after a small change
   (what the hourly run costs);
3. ``strongroom backup restore`` into a new directory, against ``cp`` of the same files back.

Figures are MB/s (10^6 bytes per second) of database bytes and the ratio to the plain copy.
Target: backup and restore at least half as fast as the plain copy. The restore time of the
demo company alone is measured first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._setup import describe_machine

MIB = 1024 * 1024
PASSPHRASE = "bench-backup-passphrase-0123456789-abcdefghijklmnop"  # noqa: S105


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.env = {
            key: value for key, value in os.environ.items()
            if not key.startswith("STRONGROOM_") and key != "DJANGO_SETTINGS_MODULE"
        } | {
            "DJANGO_SETTINGS_MODULE": "strongroom.project.settings",
            "STRONGROOM_DATA_DIR": str(self.data),
            "STRONGROOM_BACKUP_PASSPHRASE": PASSPHRASE,
            "STRONGROOM_BACKUP_LOCATIONS": f"local={root / 'repo-a'},second={root / 'repo-b'}",
        }

    def run(self, *args: str) -> float:
        """Run ``strongroom ARGS``; its wall time in seconds."""
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - this interpreter, the project's own CLI
            [sys.executable, "-m", "strongroom.project.cli", *args],
            env=self.env, capture_output=True, text=True, check=False,
        )
        if done.returncode:
            sys.exit(f"strongroom {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return time.perf_counter() - started

    def databases(self) -> list[Path]:
        return [self.data / "strongroom.sqlite3", self.data / "keys.sqlite3"]

    def size(self) -> int:
        return sum(path.stat().st_size for path in self.databases())

    def last_run(self) -> str:
        connection = sqlite3.connect(self.data / "strongroom.sqlite3")
        try:
            row = connection.execute(
                "SELECT run_id FROM backups_backuprun WHERE ok ORDER BY started_at DESC"
            ).fetchone()
        finally:
            connection.close()
        return str(row[0])


def plain_copy(sources: list[Path], target: Path) -> float:
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for source in sources:
        shutil.copyfile(source, target / source.name)
    os.sync()
    return time.perf_counter() - started


def grow(records: Path, mib: int) -> None:
    connection = sqlite3.connect(records)
    try:
        connection.execute("CREATE TABLE bench_filler (id INTEGER PRIMARY KEY, data BLOB)")
        for _ in range(mib * 4):
            connection.execute(
                "INSERT INTO bench_filler (data) VALUES (?)", (os.urandom(MIB // 4),)
            )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def line(label: str, seconds: float, size: int, floor: float | None = None) -> None:
    rate = size / seconds / 1e6
    ratio = f"  {floor / seconds:5.2f}x the plain copy" if floor else ""
    print(f"  {label:<44} {seconds:8.2f} s  {rate:8.1f} MB/s{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=256, help="MiB of records to add")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="strongroom-bench-backups-"))
    site = Site(root)
    os.environ.update(site.env)
    import django

    django.setup()
    describe_machine()
    try:
        site.run("migrate", "--no-input")
        site.run("demo")
        demo_size = site.size()
        site.run("backup", "run", "--location", "local")
        demo_restore = site.run(
            "backup", "restore", "--location", "local", "--backup", site.last_run(),
            "--target", str(root / "demo-restored"),
        )
        print(f"Demo company ({demo_size / 1e6:.1f} MB of databases):")
        line("restore of the demo company", demo_restore, demo_size)

        grow(site.data / "strongroom.sqlite3", args.mib)
        size = site.size()
        print(f"Records grown to {size / 1e6:.1f} MB of databases:")
        copy = plain_copy(site.databases(), root / "copy")
        line("plain copy (cp + sync)", copy, size)
        first = site.run("backup", "run", "--location", "local")
        line("backup run, one location (new data)", first, size, copy)
        site.run("audit", "checkpoint")  # a small change, as an hour brings
        again = site.run("backup", "run", "--location", "local")
        line("backup run, one location (little changed)", again, size, copy)
        back = plain_copy([root / "copy" / path.name for path in site.databases()],
                          root / "copy-back")
        line("plain copy back (cp + sync)", back, size)
        restore = site.run(
            "backup", "restore", "--location", "local", "--backup", site.last_run(),
            "--target", str(root / "restored"),
        )
        line("backup restore into a new directory", restore, size, back)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
