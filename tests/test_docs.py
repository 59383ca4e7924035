"""Every file the promise and architecture pages name exists, so the maps cannot rot silently.

A path is a code span that starts at the repository root (``tests/``, ``tools/``, ...), with
``…/`` for ``src/strongroom/``, or inside ``src/strongroom/`` (``platform/``, ``records/``, ...).
Spans with placeholders (``<app>``, ``{slug}``) are examples, not paths; ``*`` is a glob that
must match something. Relative Markdown links must lead to a file too. And the other way round:
the architecture page's folder map names every module under ``src/strongroom/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/promises.md", "docs/architecture.md")

CODE_SPAN = re.compile(r"`([^`\s]+)`")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")
FROM_ROOT = ("src/", "tests/", "tools/", "bench/", "docs/", "scripts/", "requirements/", "deploy/")
IN_PACKAGE = (
    "platform/", "identity/", "records/", "support/", "security/", "web/", "api/", "project/"
)
PLACEHOLDER = re.compile(r"[<>{}]|\.\.\.")

# The folder map's rule (docs/architecture.md, "Folder map"): naming a package covers its
# __init__.py, these modules directly in it, and everything inside these packages of it.
SOURCE = ROOT / "src" / "strongroom"
ROOM_MODULES = frozenset({
    "__init__.py", "apps.py", "models.py", "actions.py", "selectors.py", "permissions.py",
    "rules.py", "views.py", "urls.py", "api.py", "schemas.py", "forms.py", "demo.py",
})
ROOM_PACKAGES = frozenset({"models", "actions", "views", "schemas", "templatetags", "migrations"})


def named_paths(text: str) -> set[str]:
    """The repository paths named in code spans, relative to the repository root."""
    found = set()
    for span in CODE_SPAN.findall(text):
        if PLACEHOLDER.search(span):
            continue
        if span.startswith("…/"):
            found.add("src/strongroom/" + span[2:])
        elif span.startswith(FROM_ROOT):
            found.add(span)
        elif span.startswith(IN_PACKAGE):
            found.add("src/strongroom/" + span)
    return found


def missing(path: str) -> bool:
    if "*" in path:
        return not any(ROOT.glob(path))
    return not (ROOT / path).exists()


def test_named_paths_are_recognised() -> None:
    """The extraction itself: what counts as a path and what does not."""
    text = (
        "`…/identity/signin/gate.py` `tests/conftest.py` `platform/keys/` `requirements/*.lock` "
        "`tests/<area>/routes.py` `/c/<slug>/audit/` `application/problem+json` `GET /x` "
        "`policy.require`"
    )
    assert named_paths(text) == {
        "src/strongroom/identity/signin/gate.py", "tests/conftest.py",
        "src/strongroom/platform/keys/", "requirements/*.lock",
    }
    assert missing("src/strongroom/identity/no_such_module.py")
    assert not missing("requirements/*.lock")


@pytest.mark.parametrize("doc", DOCS)
def test_every_named_path_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    paths = named_paths(text)
    assert len(paths) > 10, f"{doc} names almost no paths: is the extraction broken?"
    gone = sorted(path for path in paths if missing(path))
    assert not gone, f"{doc} names paths that do not exist: {gone}"


@pytest.mark.parametrize("doc", DOCS)
def test_relative_links_lead_to_files(doc: str) -> None:
    source = ROOT / doc
    links = [
        link for link in LINK.findall(source.read_text(encoding="utf-8"))
        if "://" not in link and not link.startswith("mailto:")
    ]
    gone = sorted(link for link in links if not (source.parent / link).exists())
    assert not gone, f"{doc} links to files that do not exist: {gone}"


def is_covered(module: Path, named: set[Path]) -> bool:
    """Whether the named paths cover ``module``: by its own path, or as a standard room of a
    named package."""
    if module in named:
        return True
    for package in module.parents:
        if package in named and package.is_dir():
            inner = module.relative_to(package).parts
            if len(inner) == 1 and inner[0] in ROOM_MODULES:
                return True
            if len(inner) > 1 and inner[0] in ROOM_PACKAGES:
                return True
    return False


def test_rooms_are_covered_by_naming_their_package(tmp_path: Path) -> None:
    """The rule itself, on a small tree."""
    app = tmp_path / "app"
    for name in ("__init__.py", "models.py", "extra.py", "actions/topic.py", "sub/models.py"):
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).touch()
    named = {app}
    assert is_covered(app / "__init__.py", named)
    assert is_covered(app / "models.py", named)
    assert is_covered(app / "actions" / "topic.py", named)
    assert not is_covered(app / "extra.py", named)  # not a room: named by its own path
    assert not is_covered(app / "sub" / "models.py", named)  # a room of sub/, which is unnamed
    assert not is_covered(app / "models.py", {tmp_path})  # a room of app/, not of its parent
    assert is_covered(app / "extra.py", {app / "extra.py"})


def test_folder_map_names_every_module() -> None:
    """Every module under src/strongroom/ (migrations aside) is named in docs/architecture.md,
    by its own path or as a standard room of a named package. Read at test time, so a module
    added or moved without its line in the map fails here."""
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    named = {ROOT / path for path in named_paths(text) if "*" not in path}
    modules = sorted(
        path for path in SOURCE.rglob("*.py")
        if "migrations" not in path.relative_to(SOURCE).parts
    )
    assert len(modules) > 100, "no modules found under src/strongroom: is SOURCE wrong?"
    unnamed = [str(path.relative_to(SOURCE)) for path in modules if not is_covered(path, named)]
    assert not unnamed, (
        f"docs/architecture.md's folder map does not name {unnamed}: add a line for each "
        "(see the rule at the top of its Folder map)"
    )
