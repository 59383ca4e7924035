"""Whole rotations: chains the steps of ``rotation_steps.py`` in batches, with progress, resumable.

Every step re-reads the key store, so a run that was interrupted (killed, a failed batch) is
finished by running the same command again: ``rotate_root`` rewraps whatever is still under an
old root version before it adds another, and ``rotate_company`` finishes a company rotation
that left a decrypt-only version before it starts a new one. The application keeps serving
throughout: readers take old and new versions alike until the old one is retired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from strongroom.platform.access.actor import Actor
from strongroom.platform.keys import rotation_steps
from strongroom.platform.keys.models import CompanyKey
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.scope import PLATFORM_LABEL, is_platform

Progress = Callable[[str], None]


def _quiet(line: str) -> None:
    return None


@dataclass
class RootRotation:
    version: int  # the current root version afterwards
    added: bool  # whether this run added it
    rewrapped: int  # company keys rewrapped by this run


@dataclass
class CompanyRotation:
    company_id: int
    version: int | None  # the active company key version afterwards (None: no key yet)
    started: bool  # whether this run made the new version (else it resumed or had none)
    data_keys_rotated: int
    rewrapped: int
    retired: list[int]


def root_rewrap_pending() -> int:
    """How many live company keys are wrapped under a root version other than the current."""
    root = provider()
    root.refresh()
    return (
        CompanyKey.objects.exclude(state__in=rotation_steps.GONE)
        .exclude(root_version=root.current_version()).count()
    )


def rotate_root(
    actor: Actor, *, batch: int = rotation_steps.BATCH, progress: Progress = _quiet
) -> RootRotation:
    """Add a root version (unless a previous run's rewrap is unfinished) and rewrap every
    company key under it."""
    root = provider()
    pending = root_rewrap_pending()
    current = root.current_version()
    added = False
    if not pending:
        version = rotation_steps.add_root_key_version(actor=actor, expected_current=current)
        added = version != current
        current = version
        pending = root_rewrap_pending()
        progress(f"root: version {current} {'added' if added else 'is current'}")
    done = 0
    while True:
        count = rotation_steps.rewrap_company_keys(actor=actor, to_version=current, limit=batch)
        if not count:
            break
        done += count
        progress(f"root: rewrapped {done}/{pending} company key versions under v{current}")
    return RootRotation(current, added, done)


def rotate_company(
    actor: Actor, company_id: int, *, data_keys: bool = False, batch: int = rotation_steps.BATCH,
    progress: Progress = _quiet,
) -> CompanyRotation:
    """Rotate one company's key (or finish an unfinished rotation): new version, optionally
    new data key versions, rewrap every data key, retire the old version."""
    label = PLATFORM_LABEL if is_platform(company_id) else f"company {company_id}"
    before = _decrypt_only(company_id)
    active = rotation_steps.rotate_company_key(actor=actor, company_id=company_id)
    if active is None:
        progress(f"{label}: no key yet, nothing to rotate")
        return CompanyRotation(company_id, None, False, 0, 0, [])
    started = not before
    progress(f"{label}: key v{active.version} {'active' if started else 'active (resuming)'}")
    rotated = 0
    if data_keys:
        while count := rotation_steps.rotate_data_keys(
            actor=actor, company_id=company_id, older_than=active.created_at, limit=batch
        ):
            rotated += count
            progress(f"{label}: {rotated} data key(s) given a new version")
    rewrapped = 0
    retired = []
    for old in _decrypt_only(company_id):
        while count := rotation_steps.rewrap_data_keys(
            actor=actor, company_id=company_id, from_version=old, limit=batch
        ):
            rewrapped += count
            progress(f"{label}: rewrapped {rewrapped} data key version(s) from v{old}")
        rotation_steps.retire_company_key(actor=actor, company_id=company_id, version=old)
        retired.append(old)
        progress(f"{label}: key v{old} retired")
    return CompanyRotation(company_id, active.version, started, rotated, rewrapped, retired)


def _decrypt_only(company_id: int) -> list[int]:
    return list(
        CompanyKey.objects.filter(company_id=company_id, state=CompanyKey.State.DECRYPT_ONLY)
        .order_by("version").values_list("version", flat=True)
    )


def companies_with_keys() -> list[int]:
    """Companies with a live key (not destroyed), by id; the platform scope among them once
    it has a key."""
    return sorted(
        set(
            CompanyKey.objects.filter(state=CompanyKey.State.ACTIVE)
            .values_list("company_id", flat=True)
        )
    )
