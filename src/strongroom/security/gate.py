"""The release gate (CI): a high or critical finding in the locked dependencies fails the build
unless the reviewed exceptions file covers it with a reason and an expiry still ahead.

The file (``requirements/vulnerability-exceptions.toml``, reviewed like code)::

    [[exception]]
    advisory = "PYSEC-2024-1"      # the advisory id or one of its aliases
    package = "django"
    reason = "Only the admin is affected, which is not installed."
    expires = 2027-03-31           # at most a year ahead; after it the gate fails again
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from packaging.utils import canonicalize_name

from strongroom.security.scan import Hit, ScanFailed
from strongroom.security.sla import BLOCKING

MAX_EXCEPTION_DAYS = 365


@dataclass(frozen=True)
class Exception_:
    advisory: str
    package: str
    reason: str
    expires: date

    def covers(self, hit: Hit) -> bool:
        return canonicalize_name(self.package) == hit.package and (
            self.advisory == hit.advisory_id or self.advisory in hit.aliases
        )


def load_exceptions(path: Path, today: date) -> list[Exception_]:
    """The exceptions of ``path``; a malformed entry, or one expiring more than a year ahead,
    fails the gate (ScanFailed)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ScanFailed(f"cannot read the exceptions file {path}: {error}") from None
    found = []
    for number, entry in enumerate(document.get("exception") or (), 1):
        try:
            item = Exception_(
                advisory=str(entry["advisory"]), package=str(entry["package"]),
                reason=str(entry["reason"]).strip(), expires=entry["expires"],
            )
        except (KeyError, TypeError):
            raise ScanFailed(
                f"{path}: exception {number} needs advisory, package, reason and expires"
            ) from None
        if not isinstance(item.expires, date) or not item.reason:
            raise ScanFailed(f"{path}: exception {number} needs a reason and a date to expire")
        if item.expires > today + timedelta(days=MAX_EXCEPTION_DAYS):
            raise ScanFailed(f"{path}: exception {number} expires more than a year ahead")
        found.append(item)
    return found


@dataclass(frozen=True)
class Verdict:
    blocking: list[Hit]
    excepted: list[tuple[Hit, Exception_]]
    expired: list[tuple[Hit, Exception_]]
    other: list[Hit]

    @property
    def passed(self) -> bool:
        return not self.blocking


def judge(hits: Sequence[Hit], exceptions: Sequence[Exception_], today: date) -> Verdict:
    """Sort the hits: blocking, covered by a live exception, or below the gate's severities."""
    verdict = Verdict([], [], [], [])
    for hit in hits:
        if hit.severity not in BLOCKING:
            verdict.other.append(hit)
            continue
        matching = [item for item in exceptions if item.covers(hit)]
        live = [item for item in matching if item.expires >= today]
        if live:
            verdict.excepted.append((hit, live[0]))
            continue
        if matching:
            verdict.expired.append((hit, matching[0]))
        verdict.blocking.append(hit)
    return verdict
