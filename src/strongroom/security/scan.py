"""Dependency scans: which installed (or pinned) Python packages an advisory affects.

Offline, from a directory of OSV advisories (air-gapped servers, tests, CI); online, through
``pip-audit`` in its own environment. Either way a scan that could not check every package
against its advisory data raises ``ScanFailed``: it never reports clean (P-G2).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.utils import canonicalize_name

from strongroom.security import osv

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\]+)")
PIP_AUDIT_SECONDS = 300


class ScanFailed(Exception):
    """The scan could not check every package: nothing may be recorded as clean."""


@dataclass(frozen=True)
class Hit:
    """One advisory affecting one package at its installed version."""

    package: str
    version: str
    advisory_id: str
    aliases: tuple[str, ...]
    severity: str
    severity_note: str
    summary: str
    fixed_versions: tuple[str, ...]


OWN_DISTRIBUTION = "strongroom"  # not on PyPI: no advisory source knows it


def installed() -> dict[str, str]:
    """The distributions of the running environment (Strongroom's own left out): canonical
    name -> version."""
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and canonicalize_name(name) != OWN_DISTRIBUTION:
            found[canonicalize_name(name)] = dist.version
    return found


def pinned(path: Path) -> dict[str, str]:
    """The ``name==version`` pins of a requirements or lock file; any requirement that is not
    an exact pin is refused (its version cannot be known)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScanFailed(f"cannot read {path}: {error}") from None
    found: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "--hash", "\\")):
            continue
        if line.startswith("-"):
            raise ScanFailed(f"{path}:{number}: option {line.split()[0]!r} is not supported")
        match = PIN.match(line)
        if match is None:
            raise ScanFailed(f"{path}:{number}: {line!r} is not pinned with ==")
        found[canonicalize_name(match[1])] = match[2]
    return found


def offline(directory: Path, packages: dict[str, str]) -> list[Hit]:
    """Match ``packages`` against the OSV advisories under ``directory``."""
    try:
        advisories = osv.load(directory, packages)
    except osv.AdvisorySourceError as error:
        raise ScanFailed(str(error)) from None
    hits = []
    for advisory in advisories:
        for package, version in packages.items():
            if advisory.affects(package, version):
                hits.append(Hit(
                    package=package, version=version, advisory_id=advisory.id,
                    aliases=advisory.aliases, severity=advisory.severity,
                    severity_note=advisory.severity_note, summary=advisory.summary,
                    fixed_versions=tuple(advisory.fixed_versions(package)),
                ))
    return sorted(hits, key=lambda hit: (hit.package, hit.advisory_id))


def pip_audit_command() -> Path:
    return Path(settings.STRONGROOM_PIP_AUDIT)


def online(packages: dict[str, str], *, extra_args: tuple[str, ...] = ()) -> list[Hit]:
    """Ask ``pip-audit`` (PyPI's advisory service) about ``packages``. Fails when pip-audit is
    missing, errs, answers something unreadable, or skipped any package."""
    command = pip_audit_command()
    if not command.is_file():
        raise ScanFailed(f"pip-audit not found at {command} (scripts/system-deps.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="strongroom-audit-") as tmp:
        pins = Path(tmp) / "requirements.txt"
        pins.write_text("".join(f"{name}=={version}\n" for name, version in packages.items()))
        argv = [str(command), "-r", str(pins), "--no-deps", "--disable-pip", "--format", "json",
                "--progress-spinner", "off", "--cache-dir", str(Path(tmp) / "cache"), *extra_args]
        try:
            done = subprocess.run(  # noqa: S603 (our own argv, no shell)
                argv, capture_output=True, text=True, timeout=PIP_AUDIT_SECONDS, check=False,
                env={**os.environ, "PIP_NO_INPUT": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ScanFailed(f"pip-audit did not run: {error}") from None
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ScanFailed(f"pip-audit failed (exit {done.returncode}): {last[:300]}")
    try:
        report = json.loads(done.stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ScanFailed(
            f"pip-audit gave no report (exit {done.returncode}): {last[:300]}; its advisory "
            "data was not reached, so nothing is known to be clean"
        ) from None
    skipped = [d.get("name", "?") for d in dependencies if d.get("skip_reason")]
    if skipped or len(dependencies) < len(packages):
        reasons = {d.get("skip_reason") for d in dependencies if d.get("skip_reason")}
        raise ScanFailed(
            f"pip-audit skipped {len(skipped) or len(packages) - len(dependencies)} of "
            f"{len(packages)} packages ({'; '.join(sorted(map(str, reasons)))[:300]}): "
            "its advisory data was not reached, so nothing is known to be clean"
        )
    hits = []
    for dependency in dependencies:
        for vuln in dependency.get("vulns") or ():
            hits.append(Hit(
                package=canonicalize_name(dependency["name"]), version=dependency["version"],
                advisory_id=vuln["id"], aliases=tuple(vuln.get("aliases") or ()),
                severity="high", severity_note="no severity from pip-audit: treated as high",
                summary=str(vuln.get("description") or "")[:500],
                fixed_versions=tuple(vuln.get("fix_versions") or ()),
            ))
    return sorted(hits, key=lambda hit: (hit.package, hit.advisory_id))
