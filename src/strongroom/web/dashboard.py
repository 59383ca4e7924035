"""The dashboard's cards and the navigation's badges: each records app adds what waits for the
person in its area.

An app registers a :class:`Card` from its ``AppConfig.ready()``; the dashboard asks every card,
in order, for its context and shows those that answer (a card answers None when the actor may
not see its area, or has nothing there to show). A card reads through its app's selectors and
notes the personal data it shows in the access log, as a list page does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strongroom.platform.access.actor import Actor


@dataclass(frozen=True)
class Card:
    """One dashboard card: its template and what to show in it (None: not shown)."""

    name: str
    template: str
    context: Callable[[Actor], dict[str, Any] | None]
    order: int = 100


_CARDS: dict[str, Card] = {}


def register(card: Card) -> None:
    """Add (or replace, by name) a card."""
    _CARDS[card.name] = card


def cards_for(actor: Actor) -> list[dict[str, Any]]:
    """The cards this actor sees, in order: ``{"template": ..., "card": context}``."""
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.name)):
        context = card.context(actor)
        if context is not None:
            shown.append({"name": card.name, "template": card.template, "card": context})
    return shown


# URL name of a navigation link -> how many things wait there for the actor.
_BADGES: dict[str, Callable[[Actor], int]] = {}


def register_badge(url_name: str, count: Callable[[Actor], int]) -> None:
    """Show ``count(actor)`` on the navigation link to ``url_name`` when it is above zero."""
    _BADGES[url_name] = count


def badge_for(url_name: str, actor: Actor) -> int:
    """The count to show on a navigation link (0: none)."""
    count = _BADGES.get(url_name)
    return count(actor) if count is not None else 0
