"""The advisory source of the security tests: ``STRONGROOM_TEST_ADVISORIES`` if set, else the
PyPA snapshot in the repository's sibling folder ``../shared/advisories/pypa`` if present, else
a few hand-written OSV documents in the same layout. Every test passes with either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DJANGO_CRITICAL = """\
id: TEST-2023-1
summary: SQL injection in a query helper
aliases: [CVE-2023-00001]
affected:
- package: {name: django, ecosystem: PyPI, purl: pkg:pypi/django}
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "4.0"
    - fixed: 4.2.1
severity:
- type: CVSS_V3
  score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
"""
DJANGO_UNRATED = """\
id: TEST-2023-2
details: Denial of service in a header parser.
affected:
- package: {name: django, ecosystem: PyPI}
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 4.2.3
  versions: [4.2.0, 4.2.1, 4.2.2]
"""
JINJA2_UNRATED = """\
id: TEST-2019-3
details: Sandbox escape through str.format_map.
affected:
- package: {name: jinja2, ecosystem: PyPI}
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 2.10.1
"""


@pytest.fixture(scope="session")
def advisory_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("STRONGROOM_TEST_ADVISORIES")
    if configured:
        return Path(configured)
    sibling = ROOT.parent / "shared" / "advisories" / "pypa"
    if sibling.is_dir():
        return sibling
    written = tmp_path_factory.mktemp("advisories")
    for package, name, text in (
        ("django", "TEST-2023-1", DJANGO_CRITICAL), ("django", "TEST-2023-2", DJANGO_UNRATED),
        ("jinja2", "TEST-2019-3", JINJA2_UNRATED),
    ):
        folder = written / "vulns" / package
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.yaml").write_text(text)
    return written


@pytest.fixture
def vulnerable_pins(tmp_path: Path) -> Path:
    """A throwaway requirements file with known-vulnerable pins."""
    path = tmp_path / "requirements.txt"
    path.write_text("django==4.2.0 \\\n    --hash=sha256:00\njinja2==2.10\n")
    return path
