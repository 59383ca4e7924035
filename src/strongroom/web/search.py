"""The sections of the one search box in the page header: each records app adds what the
actor may find in its area.

An app registers a :class:`Section` from its ``AppConfig.ready()``; the search page asks every
section, in order, for what matches the query. A section answers None when the actor may not
see its area (its permission, through the app's selectors and the policy layer), reads through
its app's selectors and notes the records it shows in the access log, as a list page does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from strongroom.platform.access.actor import Actor

SHOWN = 10  # hits per section; the section links to its list page for the rest


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Found:
    """What one section found: at most SHOWN hits, and where to see them all."""

    hits: list[Hit]
    more_url: str = ""
    more: bool = False


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    find: Callable[[Actor, str], Found | None]
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def list_url(url_name: str, slug: str, query: str) -> str:
    """The list page ``web:<url_name>`` of the company, searching ``query``."""
    return reverse(f"web:{url_name}", kwargs={"slug": slug}) + "?" + urlencode({"q": query})


def register(section: Section) -> None:
    """Add (or replace, by name) a section."""
    _SECTIONS[section.name] = section


@dataclass
class Results:
    sections: list[tuple[Section, Found]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(found.hits) for _, found in self.sections)


def search(actor: Actor, query: str) -> Results:
    """Every section the actor may see, with what it found for ``query``, in order."""
    results = Results()
    if not query.strip():
        return results
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        found = section.find(actor, query.strip())
        if found is not None:
            results.sections.append((section, found))
    return results
