"""The sections of the one search box in the page header: each records app adds what the
actor may find in its area.

An app registers a :class:`Section` from its ``AppConfig.ready()``: the permission its area
needs, its selector's matching rows, how a row reads as a hit, and its list page. The search
page asks every section the actor may see, in order; the rows come through the app's selectors
(and so the policy layer), and those shown are noted in the access log as a list page's are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads

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


@dataclass(frozen=True, kw_only=True)
class Section:
    """One area's part of the results: ``rows(actor, query)`` are the matches through the app's
    selector, ``hit(row, slug)`` how one reads, ``list_name`` the list page with the rest."""

    name: str
    title: str
    permission: str
    rows: Callable[[Actor, str], QuerySet[Any]]
    hit: Callable[[Any, str], Hit]
    list_name: str
    order: int = 100
    personal: bool = True  # its rows hold personal data: noted in the access log when shown

    def find(self, actor: Actor, query: str) -> Found | None:
        """What the section shows the actor (None: the actor may not see its area)."""
        if actor.company is None or not policy.allows(actor, self.permission):
            return None
        found = list(self.rows(actor, query)[: SHOWN + 1])
        shown = found[:SHOWN]
        if self.personal:
            note_reads(actor, shown, purpose="list")
        slug = actor.company.slug
        return Found(
            hits=[self.hit(row, slug) for row in shown], more=len(found) > SHOWN,
            more_url=list_url(self.list_name, slug, query),
        )


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
