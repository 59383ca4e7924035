"""The restic repositories backups are written to: one per location (docs/backups.md).

restic encrypts everything it stores (AES-256 in counter mode, authenticated with
Poly1305-AES) under a master key sealed by the repository passphrase, deduplicates, keeps
snapshots by a retention policy and checks its own integrity. Strongroom drives the ``restic``
binary and never builds a format of its own. Secrets go to restic through its environment,
never its arguments, and never appear in an error or a log line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from strongroom.platform.backups.errors import BackupError

HOST = "strongroom"  # every snapshot's host name, so that a new server finds the old ones
MISSING_REPOSITORY = "Is there a repository at the following location?"
TIMEOUT = 6 * 3600
TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|z|[+-]\d\d:\d\d)$")


@dataclass(frozen=True)
class Snapshot:
    id: str
    short_id: str
    time: datetime
    tags: tuple[str, ...]
    paths: tuple[str, ...]

    @property
    def part(self) -> str:
        """records, keys or files."""
        return next((tag for tag in self.tags if tag in ("records", "keys", "files")), "")

    @property
    def run_id(self) -> str:
        return next((tag[4:] for tag in self.tags if tag.startswith("run:")), "")


@dataclass(frozen=True)
class Location:
    """A named restic repository."""

    name: str
    repository: str

    @property
    def is_s3(self) -> bool:
        return self.repository.startswith("s3:")

    def describe(self) -> str:
        """Where it is, without credentials."""
        return self.repository


def configured_locations() -> list[Location]:
    """Every configured location, in the order given."""
    return [Location(name, repo) for name, repo in settings.STRONGROOM_BACKUP_LOCATIONS.items()]


def location(name: str) -> Location:
    """The configured location ``name``; BackupError if there is none."""
    for candidate in configured_locations():
        if candidate.name == name:
            return candidate
    names = ", ".join(settings.STRONGROOM_BACKUP_LOCATIONS) or "none"
    raise BackupError(f"no backup location {name!r} (configured: {names})")


def _environment(where: Location, passphrase: str = "") -> dict[str, str]:
    passphrase = passphrase or settings.STRONGROOM_BACKUP_PASSPHRASE
    if not passphrase:
        problem = settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM or "no backup passphrase"
        raise BackupError(f"{problem}: no backup is written without encryption")
    cache = Path(settings.DATA_DIR) / "cache" / "restic"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(cache)),
        "RESTIC_PASSWORD": passphrase,
        "RESTIC_CACHE_DIR": str(cache),
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),  # noqa: S108 - restic's own scratch space
    }
    if where.is_s3:
        env["AWS_ACCESS_KEY_ID"] = settings.STRONGROOM_BACKUP_S3_ACCESS_KEY_ID
        env["AWS_SECRET_ACCESS_KEY"] = settings.STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY
    return env


def _command(where: Location, args: Sequence[str]) -> list[str]:
    command = [settings.STRONGROOM_RESTIC, "--repo", where.repository]
    if where.is_s3 and settings.STRONGROOM_BACKUP_S3_CA_FILE:
        command += ["--cacert", settings.STRONGROOM_BACKUP_S3_CA_FILE]
    return [*command, *args]


def run(
    where: Location,
    args: Sequence[str],
    *,
    stdin: bytes | IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    cwd: Path | None = None,
    passphrase: str = "",
) -> bytes:
    """Run restic against ``where`` (with ``passphrase`` instead of the configured one, when
    given); its standard output, or BackupError with its message."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed binary, arguments as a list
            _command(where, args),
            input=stdin if isinstance(stdin, bytes) else None,
            stdin=None if stdin is None or isinstance(stdin, bytes) else stdin,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(where, passphrase),
            cwd=cwd,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            f"restic is not installed ({settings.STRONGROOM_RESTIC}): apt-get install restic"
        ) from None
    except subprocess.TimeoutExpired:
        raise BackupError(f"{where.name}: restic {args[0]} took longer than {TIMEOUT} s") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        detail = " / ".join(line for line in message[-4:] if line.strip()) or "no message"
        raise BackupError(f"{where.name}: restic {args[0]} failed: {detail}")
    return result.stdout or b""


def open_repository(where: Location) -> list[Snapshot]:
    """The repository's snapshots, creating the repository first if there is none yet."""
    try:
        return snapshots(where)
    except BackupError as error:
        if MISSING_REPOSITORY not in str(error) and "does not exist" not in str(error):
            raise
    if not where.is_s3:
        Path(where.repository).parent.mkdir(parents=True, exist_ok=True)
    run(where, ["init"])
    return []


def backup_stream(where: Location, *, data: bytes, filename: str, tags: Sequence[str]) -> str:
    """Store ``data`` as the single file ``filename`` of a new snapshot; its id."""
    out = run(
        where,
        ["backup", "--stdin", "--stdin-filename", filename, "--host", HOST, "--json",
         *_tag_args(tags)],
        stdin=data,
    )
    return _summary(out)["snapshot_id"]


def backup_directory(where: Location, *, directory: Path, tags: Sequence[str]) -> str:
    """Store a directory tree as a new snapshot; its id."""
    out = run(
        where,
        ["backup", str(directory), "--host", HOST, "--json", *_tag_args(tags)],
    )
    return _summary(out)["snapshot_id"]


def snapshots(where: Location) -> list[Snapshot]:
    """Every Strongroom snapshot in the repository, oldest first."""
    raw = json.loads(run(where, ["snapshots", "--json", "--host", HOST]) or b"[]")
    found = [
        Snapshot(
            id=item["id"],
            short_id=item["short_id"],
            time=parse_time(item["time"]),
            tags=tuple(item.get("tags") or ()),
            paths=tuple(item.get("paths") or ()),
        )
        for item in raw or []
    ]
    return sorted(found, key=lambda snapshot: snapshot.time)


def dump(where: Location, snapshot_id: str, filename: str, output: IO[bytes]) -> None:
    """Write one file of a snapshot to ``output``."""
    run(where, ["dump", snapshot_id, filename], stdout=output)


def dump_sha256(where: Location, snapshot_id: str, filename: str) -> str:
    """The SHA-256 of one file of a snapshot, read back from the repository (not kept)."""
    digest = hashlib.sha256()
    process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments as a list
        _command(where, ["dump", snapshot_id, filename]),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment(where),
    )
    output, errors = process.stdout, process.stderr
    if output is None or errors is None:
        raise BackupError("restic dump gave no output")
    for block in iter(lambda: output.read(1 << 20), b""):
        digest.update(block)
    message = errors.read()
    if process.wait() != 0:
        detail = message.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise BackupError(f"{where.name}: restic dump failed: {detail[0]}")
    return digest.hexdigest()


def restore(where: Location, snapshot_id: str, target: Path) -> None:
    """Restore a snapshot's tree under ``target`` (restic recreates the absolute paths)."""
    run(where, ["restore", snapshot_id, "--target", str(target)])


def forget(where: Location, args: Sequence[str]) -> None:
    """Forget snapshots (by policy or id); the data goes at the next prune."""
    run(where, ["forget", *args])


def forget_by_policy(where: Location, policy: Sequence[str]) -> int:
    """Forget snapshots a retention policy does not keep; how many were forgotten."""
    out = run(where, ["forget", "--json", *policy])
    groups = json.loads(out or b"[]") or []
    return sum(len(group.get("remove") or []) for group in groups)


def prune(where: Location) -> None:
    """Remove data no snapshot refers to any more."""
    run(where, ["prune"])


def check(where: Location, *, read_data: bool = False) -> None:
    """The repository's integrity; with ``read_data`` every stored byte is read and checked."""
    run(where, ["check", *(["--read-data"] if read_data else [])])


def parse_time(text: str) -> datetime:
    """restic's RFC 3339 times (nanoseconds, any offset) as an aware datetime in UTC."""
    match = TIME.match(text)
    if match is None:
        raise BackupError(f"restic gave a time it cannot read: {text!r}")
    base, fraction, offset = match.groups()
    offset = "+00:00" if offset in ("Z", "z") else offset
    parsed = datetime.fromisoformat(f"{base}.{(fraction or '0')[:6].ljust(6, '0')}{offset}")
    return parsed.astimezone(UTC)


def change_passphrase(where: Location, *, new: str) -> None:
    """Seal the repository's master key under ``new`` and remove the old passphrase's key."""
    keys = json.loads(run(where, ["key", "list", "--json"]) or b"[]")
    old = [key["id"] for key in keys if key.get("current")]
    with tempfile.NamedTemporaryFile("w", prefix=".restic-", dir=_scratch_dir()) as handle:
        os.chmod(handle.name, 0o600)
        handle.write(new)
        handle.flush()
        run(where, ["key", "add", "--new-password-file", handle.name])
    for key_id in old:
        run(where, ["key", "remove", key_id], passphrase=new)


def _scratch_dir() -> Path:
    path = Path(settings.DATA_DIR) / "cache"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _tag_args(tags: Sequence[str]) -> Iterator[str]:
    for tag in tags:
        yield from ("--tag", tag)


def _summary(output: bytes) -> dict[str, Any]:
    for line in reversed(output.decode(errors="replace").splitlines()):
        if '"message_type":"summary"' in line.replace(" ", ""):
            summary: dict[str, Any] = json.loads(line)
            return summary
    raise BackupError("restic gave no summary of the backup")
