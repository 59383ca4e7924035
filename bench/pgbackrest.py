"""pgBackRest backup and restore throughput against pg_basebackup of the same cluster (P-F2).

    .venv/bin/python -m bench.pgbackrest [--mib N]

A throwaway PostgreSQL cluster (the machine's binaries, run as the ``postgres`` OS user, on
127.0.0.1 and a port below 32768) gets ``--mib`` MiB (default 256) of random rows. Side by
side, in the same run:

1. ``pg_basebackup`` to a directory, WAL streamed, fast checkpoint: the plain copy;
2. a full pgBackRest backup to an encrypted posix repository, as Strongroom configures it
   (``platform/backups/pgbackrest.py``: aes-256-cbc, zstd, two processes), and its ``verify``;
3. a pgBackRest restore into a new data directory, against ``cp -a`` of the base backup.

Figures are MB/s of the cluster's size and the ratio to the plain copy. Target: at least half.
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
PASSPHRASE = "bench-pgbackrest-passphrase-0123456789-abcdefghijkl"  # noqa: S105


def _bin(name: str) -> str:
    return sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1]


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - fixed binaries, arguments as a list
        _as_postgres(argv), capture_output=True, text=True, check=False, cwd="/",
        env={"PATH": os.environ["PATH"] + ":/usr/sbin:/sbin", "LC_ALL": "C.UTF-8",
             **(env or {})},
    )
    if done.returncode:
        raise SystemExit(f"{argv[0]} failed: {done.stderr[-1500:]}")
    return time.perf_counter() - started


def _size(path: Path) -> int:
    """Bytes of files under ``path``, the WAL directory aside (how much WAL sits there
    depends on checkpoints, not on the data)."""
    return sum(
        item.stat().st_size for item in path.rglob("*")
        if item.is_file() and "pg_wal" not in item.relative_to(path).parts
    )


def line(label: str, seconds: float, size: int, floor: float | None = None) -> None:
    ratio = f"  {floor / seconds:5.2f}x the plain copy" if floor else ""
    print(f"  {label:<44} {seconds:8.2f} s  {size / seconds / 1e6:8.1f} MB/s{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=256, help="MiB of random rows")
    args = parser.parse_args()
    from strongroom.platform.backups import pgbackrest
    from strongroom.platform.backups.ports import free_port

    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    root = Path(tempfile.mkdtemp(prefix="strongroom-bench-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data, port = root / "data", free_port()
    setup = pgbackrest.Setup(
        stanza="bench", pg_data=data, pg_port=port, pg_socket_dir=root,
        repositories=(pgbackrest.Repository(index=1, kind="posix", path=str(root / "repo"),
                                            cipher_pass=PASSPHRASE),),
        spool_path=root / "spool", log_path=root / "log", lock_path=root / "lock",
        config_path=root / "conf" / "pgbackrest.conf",
    )
    secrets = pgbackrest.secret_environment(setup)
    try:
        _run([_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync"])
        with (data / "postgresql.conf").open("a") as conf:
            for key, value in pgbackrest.postgresql_settings(setup).items():
                conf.write(f"{key} = '{value}'\n")
        pgbackrest.prepare(setup)
        _run([_bin("pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-o",
              f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"], secrets)
        psql = [_bin("psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q", "-c"]
        _run([*psql, "CREATE TABLE filler (id serial, data bytea)"])
        rows = args.mib * 4
        _run([*psql, "CREATE EXTENSION pgcrypto"])
        _run([*psql, "INSERT INTO filler (data) SELECT x.d FROM generate_series(1, "  # noqa: S608
                     f"{rows}) r, LATERAL (SELECT string_agg(gen_random_bytes(1024), ''::bytea) "
                     "AS d FROM generate_series(1, 256) WHERE r > 0) x"])
        _run([*psql, "CHECKPOINT"])
        pgbackrest.stanza_create(setup)
        size = _size(data)
        print(f"Cluster: {size / 1e6:.1f} MB without its WAL")
        plain = _run([_bin("pg_basebackup"), "-D", str(root / "base"), "-h", "127.0.0.1",
                      "-p", str(port), "-U", "postgres", "-X", "stream", "-c", "fast"])
        line("pg_basebackup (the plain copy)", plain, size)
        started = time.perf_counter()
        pgbackrest.backup(setup, repo=1, kind="full")
        backup = time.perf_counter() - started
        line("pgBackRest full backup, encrypted", backup, size, plain)
        started = time.perf_counter()
        pgbackrest.verify(setup, repo=1)
        line("pgBackRest verify", time.perf_counter() - started, size)
        copy_back = _run(["cp", "-a", str(root / "base"), str(root / "copied")])
        line("cp -a of the base backup (plain restore)", copy_back, size)
        started = time.perf_counter()
        pgbackrest.restore(setup, repo=1, target_dir=root / "restored")
        line("pgBackRest restore into a new directory", time.perf_counter() - started, size,
             copy_back)
        print(f"Repository: {_size(root / 'repo') / 1e6:.1f} MB stored")
    finally:
        subprocess.run(  # noqa: S603
            _as_postgres([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, check=False, cwd="/",
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
