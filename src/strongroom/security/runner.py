"""One dependency scan from start to register: which packages, which advisory source, and the
outcome recorded (a failed scan is recorded as failed and changes no finding)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.security import scan
from strongroom.security.actions import record_failed_scan, record_scan
from strongroom.security.models import ScanRun


def packages_of(requirements: Path | None) -> tuple[dict[str, str], str]:
    """The packages to scan and how to name them: a requirements file's pins, or this
    environment's distributions."""
    if requirements is not None:
        return scan.pinned(requirements), str(requirements)
    return scan.installed(), "installed environment"


def find(
    packages: dict[str, str], advisory_dir: Path | None
) -> tuple[list[scan.Hit], str]:
    """The hits and the advisory source's name; offline when a directory is given."""
    if advisory_dir is not None:
        return scan.offline(advisory_dir, packages), f"offline:{advisory_dir}"
    return scan.online(packages), "pip-audit"


def configured_advisory_dir() -> Path | None:
    configured = settings.STRONGROOM_SECURITY_ADVISORY_DIR
    return Path(configured) if configured else None


def run_and_record(
    actor: Actor, *, advisory_dir: Path | None, requirements: Path | None = None
) -> tuple[ScanRun, list[scan.Hit]]:
    """Scan and upsert the findings; on failure record the failed run and raise ScanFailed."""
    started = timezone.now()
    source = f"offline:{advisory_dir}" if advisory_dir is not None else "pip-audit"
    target = str(requirements) if requirements is not None else "installed environment"
    try:
        packages, target = packages_of(requirements)
        hits, source = find(packages, advisory_dir)
    except scan.ScanFailed as error:
        record_failed_scan(actor=actor, error=str(error), started_at=started,
                           advisory_source=source, target=target)
        raise
    run = record_scan(actor=actor, hits=hits, started_at=started, advisory_source=source,
                      target=target, packages=len(packages))
    return run, hits
