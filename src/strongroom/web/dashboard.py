"""The dashboard's cards and the navigation's badges: each records app adds what waits for the
person in its area.

An app registers a :class:`Card` from its ``AppConfig.ready()``; the dashboard asks every card,
in order, for its context and shows those that answer (a card answers None when the actor may
not see its area, or has nothing there to show). A card reads through its app's selectors and
notes the personal data it shows in the access log, as a list page does. A card that counts
what its navigation link's badge counts names that link (``badge``), so the dashboard page counts
it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from strongroom.platform.access.actor import Actor


@dataclass(frozen=True)
class Card:
    """One dashboard card: its template and what to show in it (None: not shown)."""

    name: str
    template: str
    context: Callable[[Actor], dict[str, Any] | None]
    order: int = 100
    # The navigation link whose badge is this card's ``count`` (no card shown: nothing waits).
    badge: str = ""


_CARDS: dict[str, Card] = {}


def register(card: Card) -> None:
    """Add (or replace, by name) a card."""
    _CARDS[card.name] = card


# The request attribute holding the badge counts its cards have already made.
_COUNTED = "strongroom_badge_counts"


def cards_for(request: HttpRequest, actor: Actor) -> list[dict[str, Any]]:
    """The cards this actor sees, in order: ``{"template": ..., "card": context}``; the counts
    of cards that stand for a badge are kept on the request for the navigation."""
    shown = []
    counted: dict[str, int] = {}
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.name)):
        context = card.context(actor)
        if card.badge:
            counted[card.badge] = context["count"] if context is not None else 0
        if context is not None:
            shown.append({"name": card.name, "template": card.template, "card": context})
    setattr(request, _COUNTED, counted)
    return shown


# URL name of a navigation link -> how many things wait there for the actor.
_BADGES: dict[str, Callable[[Actor], int]] = {}


def register_badge(url_name: str, count: Callable[[Actor], int]) -> None:
    """Show ``count(actor)`` on the navigation link to ``url_name`` when it is above zero."""
    _BADGES[url_name] = count


def badge_for(request: HttpRequest, url_name: str, actor: Actor) -> int:
    """The count to show on a navigation link (0: none); a card's count on the same page is
    used as it is."""
    counted: dict[str, int] = getattr(request, _COUNTED, {})
    if url_name in counted:
        return counted[url_name]
    count = _BADGES.get(url_name)
    return count(actor) if count is not None else 0
