"""Project invariants that a reviewer would otherwise have to remember (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "strongroom"
DOMAIN_PACKAGES = ("identity", "records", "support", "web", "api", "project")
MAX_MODULE_LINES = 400


def python_files(*parts: str) -> list[Path]:
    return sorted(p for p in SRC.joinpath(*parts).rglob("*.py") if "migrations" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", python_files("platform"), ids=lambda p: str(p.relative_to(SRC)))
def test_platform_imports_no_domain_app(path: Path) -> None:
    forbidden = tuple(f"strongroom.{name}" for name in DOMAIN_PACKAGES)
    offending = sorted(m for m in imported_modules(path) if m.startswith(forbidden))
    assert not offending, f"{path.relative_to(SRC)} imports {offending}: arrows point to platform"


def is_view_or_endpoint(path: Path) -> bool:
    """Modules that turn requests into calls: web/, api/, and any app's views and API."""
    parts = path.relative_to(SRC).parts
    return (
        parts[0] in ("web", "api")
        or path.stem.startswith("views")
        or "views" in parts[:-1]
        or path.stem in ("api", "forms")
    )


@pytest.mark.parametrize(
    "path",
    [p for p in python_files() if is_view_or_endpoint(p)],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_views_and_endpoints_use_selectors_and_actions(path: Path) -> None:
    """Reads go through selectors, writes through actions: no model managers in views/API."""
    tree = ast.parse(path.read_text(), filename=str(path))
    uses = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]
    assert not uses, f"{path.relative_to(SRC)} touches a model manager on lines {uses}"


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(SRC)): count
        for path in python_files()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def test_django_admin_is_not_mounted() -> None:
    from django.conf import settings

    assert "django.contrib.admin" not in settings.INSTALLED_APPS
