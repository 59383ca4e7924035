"""Calls of the search actions for the every-action history test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access.actor import Actor
from strongroom.platform.search import actions
from strongroom.platform.search.models import SearchToken
from tests.conftest import World
from tests.contacts.factories import make_person

Build = Callable[[World, Actor], dict[str, Any]]


def _unindexed(world: World, platform: Actor) -> dict[str, Any]:
    make_person(world.a, name="Linnea Berg")
    SearchToken.objects.all().delete()
    return {"actor": platform, "company": world.a.company}


CASES: dict[Callable[..., Any], Build] = {actions.fill_search_tokens: _unindexed}
