"""Every file the promise and architecture pages name exists, so the maps cannot rot silently.

A path is a code span that starts at the repository root (``tests/``, ``tools/``, ...), with
``…/`` for ``src/strongroom/``, or inside ``src/strongroom/`` (``platform/``, ``records/``, ...).
Spans with placeholders (``<app>``, ``{slug}``) are examples, not paths; ``*`` is a glob that
must match something. Relative Markdown links must lead to a file too.
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
IN_PACKAGE = ("platform/", "identity/", "records/", "support/", "web/", "api/", "project/")
PLACEHOLDER = re.compile(r"[<>{}]|\.\.\.")


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
        "`…/identity/gate.py` `tests/conftest.py` `platform/keys/` `requirements/*.lock` "
        "`tests/<area>/routes.py` `/c/<slug>/audit/` `application/problem+json` `GET /x` "
        "`policy.require`"
    )
    assert named_paths(text) == {
        "src/strongroom/identity/gate.py", "tests/conftest.py",
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
