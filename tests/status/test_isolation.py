"""The status package stands alone: it imports no other Strongroom package and nothing of
Django's database layer, so it cannot read company data or need a database to run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "strongroom" / "platform" / "status"
COMMAND = PACKAGE.parents[1] / "project" / "management" / "commands" / "status.py"
MODULES = sorted(PACKAGE.glob("*.py"))


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", [*MODULES, COMMAND], ids=lambda p: p.name)
def test_no_database_and_no_other_strongroom_package(path: Path) -> None:
    assert len(MODULES) >= 7
    found = imports(path)
    assert not [name for name in found if name.startswith(("django.db", "django.contrib"))]
    assert not [
        name for name in found
        if name.startswith("strongroom") and not name.startswith("strongroom.platform.status")
    ]
