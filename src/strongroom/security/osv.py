"""Advisories in the OSV format (YAML or JSON files, e.g. the PyPA advisory database) and the
question "does this advisory affect this package at this version?".

Severity rule (docs/operations.md, "Vulnerability management"): a severity the advisory states
itself (``database_specific.severity``, GitHub's ratings) wins; else the highest rating of its
CVSS v3 vectors by the standard base-score formula; an advisory with neither is treated as
**high** and says so: an unknown severity never passes as harmless.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from strongroom.security import cvss

RANKS = ("low", "medium", "high", "critical")
NAMED = {"LOW": "low", "MODERATE": "medium", "MEDIUM": "medium", "HIGH": "high",
         "CRITICAL": "critical"}
SUFFIXES = (".yaml", ".yml", ".json")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AdvisorySourceError(Exception):
    """The advisory source is missing, empty or unreadable: no scan result may be trusted."""


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    severity_note: str
    affected: tuple[dict[str, Any], ...] = field(repr=False)

    def fixed_versions(self, package: str) -> list[str]:
        """The versions that fix this advisory for ``package``, as the advisory lists them."""
        found = []
        for entry in self._entries(package):
            for rng in entry.get("ranges") or ():
                found += [str(ev["fixed"]) for ev in rng.get("events") or () if "fixed" in ev]
        return found

    def affects(self, package: str, version: str) -> bool:
        """Whether ``version`` of ``package`` is affected (listed, or inside an ECOSYSTEM
        range of introduced/fixed/last_affected events)."""
        for entry in self._entries(package):
            if version in {str(v) for v in entry.get("versions") or ()}:
                return True
            try:
                parsed = Version(version)
            except InvalidVersion:
                continue
            for rng in entry.get("ranges") or ():
                if rng.get("type") == "ECOSYSTEM" and _in_range(parsed, rng.get("events") or ()):
                    return True
        return False

    def _entries(self, package: str) -> Iterator[dict[str, Any]]:
        wanted = canonicalize_name(package)
        for entry in self.affected:
            named = entry.get("package") or {}
            if named.get("ecosystem") == "PyPI" and canonicalize_name(
                str(named.get("name", ""))
            ) == wanted:
                yield entry


def _version(text: object) -> Version:
    return Version("0") if str(text) == "0" else Version(str(text))


def _in_range(version: Version, events: Iterable[dict[str, Any]]) -> bool:
    """OSV's evaluation of one range: walk the events in version order."""
    steps = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected"):
            if kind in event:
                try:
                    steps.append((_version(event[kind]), kind))
                except InvalidVersion:
                    continue
    affected = False
    for at, kind in sorted(steps, key=lambda step: step[0]):
        if kind == "introduced" and version >= at:
            affected = True
        elif (kind == "fixed" and version >= at) or (kind == "last_affected" and version > at):
            affected = False
    return affected


def severity_of(document: dict[str, Any]) -> tuple[str, str]:
    """The advisory's severity and how it was decided (see the module's rule)."""
    stated = (document.get("database_specific") or {}).get("severity")
    if isinstance(stated, str) and stated.upper() in NAMED:
        return NAMED[stated.upper()], f"stated by the advisory ({stated})"
    best: tuple[float, str] | None = None
    for entry in document.get("severity") or ():
        if str(entry.get("type", "")).startswith("CVSS_V3"):
            try:
                score = cvss.base_score(str(entry.get("score", "")))
            except ValueError:
                continue
            if best is None or score > best[0]:
                best = (score, str(entry["score"]))
    if best is not None:
        return cvss.rating(best[0]), f"CVSS {best[0]:.1f} ({best[1]})"
    return "high", "no severity in the advisory: treated as high"


def parse(document: dict[str, Any]) -> Advisory:
    severity, note = severity_of(document)
    summary = str(document.get("summary") or document.get("details") or "").strip()
    return Advisory(
        id=str(document["id"]), aliases=tuple(str(a) for a in document.get("aliases") or ()),
        summary=summary[:500], severity=severity, severity_note=note,
        affected=tuple(document.get("affected") or ()),
    )


def load(directory: Path, packages: Iterable[str] | None = None) -> list[Advisory]:
    """Every advisory under ``directory`` (withdrawn ones left out). With ``packages``, a
    folder per package (the PyPA layout, ``vulns/<package>/``) is read only for those packages;
    files elsewhere are always read. Raises AdvisorySourceError when the source is missing,
    holds no advisory, or a file cannot be read."""
    if not directory.is_dir():
        raise AdvisorySourceError(f"advisory directory {directory} does not exist")
    wanted = None if packages is None else {canonicalize_name(p) for p in packages}
    vulns = directory / "vulns"
    advisories: list[Advisory] = []
    files = 0
    for path in sorted(directory.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        files += 1
        if wanted is not None and path.parent.parent == vulns and (
            canonicalize_name(path.parent.name) not in wanted
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            document = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader)  # noqa: S506 (a safe loader)
            if not isinstance(document, dict) or "id" not in document:
                raise ValueError("not an OSV document")
            if document.get("withdrawn"):
                continue
            advisories.append(parse(document))
        except (OSError, ValueError, yaml.YAMLError) as error:
            raise AdvisorySourceError(f"cannot read advisory {path}: {error}") from None
    if files == 0:
        raise AdvisorySourceError(f"advisory directory {directory} holds no advisory")
    return advisories


def higher(first: str, second: str) -> str:
    return first if RANKS.index(first) >= RANKS.index(second) else second
