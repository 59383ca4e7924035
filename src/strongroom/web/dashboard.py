"""The dashboard's cards: each records app adds what waits for the person in its area.

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
