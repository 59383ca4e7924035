"""PostgreSQL backups with pgBackRest: the configuration Strongroom renders and the commands it
runs (stanza-create, check, backup, verify, restore), driving the real ``pgbackrest`` binary.

Secrets never reach argv or the configuration file: the repositories' cipher passphrases and
the S3 keys travel in the environment variables pgBackRest reads (``PGBACKREST_REPO<n>_...``),
see :func:`secret_environment`. PostgreSQL's own environment needs them too, because its
``archive_command`` runs ``pgbackrest archive-push``. See docs/backups-postgresql.md.
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

CIPHER_TYPE = "aes-256-cbc"
BackupKind = Literal["full", "diff", "incr"]


class PgBackRestError(Exception):
    """A pgBackRest command failed; the message is pgBackRest's own (never the environment)."""

    def __init__(self, command: str, returncode: int, message: str) -> None:
        super().__init__(f"pgbackrest {command} failed ({returncode}): {message}")
        self.command = command
        self.returncode = returncode
        self.message = message


@dataclass(frozen=True)
class Repository:
    """One pgBackRest repository (``repo<index>``): a local directory or an S3 bucket.

    Always encrypted with aes-256-cbc. ``retention_full`` counts full backups; differential
    and incremental backups expire with the full backup they depend on, and WAL older than
    the oldest kept full backup expires with it (pgBackRest's defaults for the other
    retention options)."""

    index: int
    kind: Literal["posix", "s3"]
    path: str
    cipher_pass: str = field(repr=False)
    retention_full: int = 14
    s3_endpoint: str = ""
    s3_port: int = 443
    s3_bucket: str = ""
    s3_region: str = "us-east-1"
    s3_key: str = field(default="", repr=False)
    s3_key_secret: str = field(default="", repr=False)
    ca_file: str = ""
    verify_tls: bool = True

    def __post_init__(self) -> None:
        if self.index < 1 or self.index > 256:
            raise ValueError("a repository index is between 1 and 256")
        if not self.cipher_pass:
            raise ValueError(f"repo{self.index} has no cipher passphrase (always encrypted)")
        if self.kind == "s3" and not (self.s3_endpoint and self.s3_bucket):
            raise ValueError(f"repo{self.index} is S3 but has no endpoint or bucket")

    @property
    def name(self) -> str:
        return f"repo{self.index}"


@dataclass(frozen=True)
class Setup:
    """Everything pgBackRest needs to know about one PostgreSQL cluster and its repositories.

    ``pg_socket_dir`` is where the server's unix socket lives (pgBackRest connects through
    it); ``pg_host`` is the TCP address used for SQL status queries. ``database`` names what
    the cluster holds, for listings (pgBackRest always backs up the whole cluster)."""

    stanza: str
    pg_data: Path
    pg_port: int
    pg_socket_dir: Path
    repositories: tuple[Repository, ...]
    spool_path: Path
    log_path: Path
    lock_path: Path
    config_path: Path
    pg_user: str = "postgres"
    pg_host: str = "127.0.0.1"
    os_user: str = "postgres"
    database: str = "records"
    process_max: int = 2
    compress_type: str = "zst"
    archive_push_queue_max: str = "4GiB"
    archive_timeout: int = 60
    io_timeout: int = 60
    executable: str = "pgbackrest"

    def __post_init__(self) -> None:
        indexes = [repo.index for repo in self.repositories]
        if not indexes or len(set(indexes)) != len(indexes):
            raise ValueError("a setup needs at least one repository, each index once")

    def repository(self, index: int) -> Repository:
        for repo in self.repositories:
            if repo.index == index:
                return repo
        raise ValueError(f"no repo{index} in this setup")


def _yn(value: bool) -> str:
    return "y" if value else "n"


def render_config(setup: Setup) -> str:
    """pgbackrest.conf for ``setup``, without any secret in it."""
    lines = ["[global]"]
    for repo in sorted(setup.repositories, key=lambda r: r.index):
        prefix = repo.name
        lines += [f"{prefix}-type={repo.kind}", f"{prefix}-path={repo.path}"]
        if repo.kind == "s3":
            lines += [
                f"{prefix}-s3-endpoint={repo.s3_endpoint}",
                f"{prefix}-storage-port={repo.s3_port}",
                f"{prefix}-s3-bucket={repo.s3_bucket}",
                f"{prefix}-s3-region={repo.s3_region}",
                f"{prefix}-s3-uri-style=path",
                f"{prefix}-storage-verify-tls={_yn(repo.verify_tls)}",
            ]
            if repo.ca_file:
                lines.append(f"{prefix}-storage-ca-file={repo.ca_file}")
        lines += [
            f"{prefix}-cipher-type={CIPHER_TYPE}",
            f"{prefix}-retention-full-type=count",
            f"{prefix}-retention-full={repo.retention_full}",
        ]
    lines += [
        f"process-max={setup.process_max}",
        f"compress-type={setup.compress_type}",
        "start-fast=y",
        "archive-async=y",
        f"archive-push-queue-max={setup.archive_push_queue_max}",
        f"archive-timeout={setup.archive_timeout}",
        f"io-timeout={setup.io_timeout}",
        f"spool-path={setup.spool_path}",
        f"log-path={setup.log_path}",
        f"lock-path={setup.lock_path}",
        "log-level-console=warn",
        "log-level-file=info",
        "",
        f"[{setup.stanza}]",
        f"pg1-path={setup.pg_data}",
        f"pg1-port={setup.pg_port}",
        f"pg1-socket-path={setup.pg_socket_dir}",
        f"pg1-user={setup.pg_user}",
        "",
    ]
    return "\n".join(lines)


def archive_command(setup: Setup) -> str:
    """The ``archive_command`` for postgresql.conf (with ``archive_mode = on``)."""
    return (
        f"{setup.executable} --config={setup.config_path} --stanza={setup.stanza} "
        "archive-push %p"
    )


def postgresql_settings(setup: Setup) -> dict[str, str]:
    """The postgresql.conf settings that hand WAL to pgBackRest."""
    return {"archive_mode": "on", "archive_command": archive_command(setup), "wal_level": "replica"}


def secret_environment(setup: Setup) -> dict[str, str]:
    """The secrets, as the environment variables pgBackRest reads: for its commands and for
    the PostgreSQL server whose archive_command pushes WAL."""
    env = {}
    for repo in setup.repositories:
        key = f"PGBACKREST_REPO{repo.index}"
        env[f"{key}_CIPHER_PASS"] = repo.cipher_pass
        if repo.kind == "s3":
            env[f"{key}_S3_KEY"] = repo.s3_key
            env[f"{key}_S3_KEY_SECRET"] = repo.s3_key_secret
    return env


def _owner(setup: Setup) -> tuple[int, int] | None:
    """The OS user's uid and gid when we are root (and must hand files over), else None."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam(setup.os_user)
    return entry.pw_uid, entry.pw_gid


def _own(path: Path, owner: tuple[int, int] | None) -> None:
    if owner is not None:
        os.chown(path, *owner)


def prepare(setup: Setup) -> None:
    """Create the spool, log and lock directories and posix repositories, owned by the OS
    user, and write the configuration file (readable by that user only)."""
    owner = _owner(setup)
    paths = [setup.spool_path, setup.log_path, setup.lock_path, setup.config_path.parent]
    paths += [Path(repo.path) for repo in setup.repositories if repo.kind == "posix"]
    for path in paths:
        path.mkdir(parents=True, exist_ok=True, mode=0o750)
        _own(path, owner)
    setup.config_path.write_text(render_config(setup), encoding="utf-8")
    setup.config_path.chmod(0o640)
    _own(setup.config_path, owner)


def run(
    setup: Setup, command: str, options: Sequence[str] = (), *, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run ``pgbackrest <options> <command>`` as the OS user; raise PgBackRestError on failure."""
    argv = [setup.executable, f"--config={setup.config_path}", f"--stanza={setup.stanza}"]
    argv += [*options, command]
    if _owner(setup) is not None:
        argv = ["runuser", "-u", setup.os_user, "--", *argv]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    env.update(secret_environment(setup))
    try:
        done = subprocess.run(  # noqa: S603 - argv list, no shell, no secret in it
            argv, env=env, capture_output=True, text=True, timeout=timeout, check=False,
            cwd="/",
        )
    except subprocess.TimeoutExpired as exc:
        raise PgBackRestError(command, -1, f"no answer within {timeout} s") from exc
    if done.returncode != 0:
        raise PgBackRestError(command, done.returncode, _error_text(done))
    return done


def _error_text(done: subprocess.CompletedProcess[str]) -> str:
    """pgBackRest's ERROR lines (else the tail of its output)."""
    output = f"{done.stderr}\n{done.stdout}"
    errors = [line.strip() for line in output.splitlines() if "ERROR:" in line]
    return "\n".join(errors) if errors else output.strip()[-2000:]


def stanza_create(setup: Setup) -> None:
    """Create the stanza in every repository (idempotent)."""
    run(setup, "stanza-create")


def check(setup: Setup) -> None:
    """``pgbackrest check``: configuration, connection and a WAL segment archived to every repo."""
    run(setup, "check")


def backup(setup: Setup, *, repo: int, kind: BackupKind = "full") -> None:
    """Back up the cluster to one repository (one command per repository)."""
    setup.repository(repo)
    run(setup, "backup", [f"--repo={repo}", f"--type={kind}"], timeout=3600)


def verify(setup: Setup, *, repo: int) -> str:
    """Verify one repository's backups and WAL archive; raise PgBackRestError on any fault."""
    setup.repository(repo)
    done = run(setup, "verify", [f"--repo={repo}", "--output=text", "--verbose"], timeout=3600)
    report = done.stdout
    faults = [line.strip() for line in report.splitlines() if _is_fault(line)]
    if faults:
        raise PgBackRestError("verify", 0, "\n".join(faults))
    return report


_COUNTER = re.compile(r"(missing|checksum invalid|size invalid|other): (\d+)")
_STATUS = re.compile(r"\bstatus: ([\w ]+)")


def _is_fault(line: str) -> bool:
    """A verify report line that counts a bad file or gives a status other than ok/valid."""
    if any(int(count) for _name, count in _COUNTER.findall(line)):
        return True
    status = _STATUS.search(line)
    return status is not None and status.group(1).strip() not in ("ok", "valid")


def format_target(moment: datetime) -> str:
    """A recovery target time in a form PostgreSQL parses, in UTC, to the microsecond."""
    if moment.tzinfo is None:
        raise ValueError("the recovery target needs a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")


def restore(
    setup: Setup,
    *,
    repo: int,
    target_dir: Path,
    target_time: datetime | None = None,
    backup_label: str | None = None,
    port: int | None = None,
    settings: Mapping[str, str] | None = None,
    force: bool = False,
) -> None:
    """Restore into a new, empty data directory (never the live one), with archiving off.

    With ``target_time`` it is a point-in-time recovery that promotes at the target;
    pgBackRest picks the newest backup that ended before it unless ``backup_label`` says
    which. ``port`` and ``settings`` go into the restored postgresql.auto.conf."""
    setup.repository(repo)
    target = target_dir.resolve()
    if target == setup.pg_data.resolve() or (target / "postmaster.pid").exists():
        raise ValueError(f"refusing to restore over a live data directory: {target}")
    if target.exists() and any(target.iterdir()) and not force:
        raise ValueError(f"the restore target is not empty: {target}")
    owner = _owner(setup)
    if not target.exists():
        target.mkdir(parents=True, mode=0o700)
    target.chmod(0o700)
    _own(target, owner)
    options = [f"--repo={repo}", f"--pg1-path={target}", "--archive-mode=off"]
    if backup_label:
        options.append(f"--set={backup_label}")
    if target_time is not None:
        options += ["--type=time", f"--target={format_target(target_time)}"]
        options.append("--target-action=promote")
    if force:
        options += ["--delta", "--force"]
    run(setup, "restore", options, timeout=3600)
    extra = dict(settings or {})
    if port is not None:
        extra["port"] = str(port)
    if extra:
        auto = target / "postgresql.auto.conf"
        with auto.open("a", encoding="utf-8") as conf:
            for name, value in extra.items():
                conf.write(f"{name} = '{_quote(value)}'\n")
        _own(auto, owner)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "''")
