"""Every action in the codebase records history (P-D1).

Actions register themselves with ``@action`` (platform/history/action.py). Each test area lists,
in ``tests/<area>/action_cases.py``, a ``CASES`` table from action to a builder of keyword
arguments for one valid call. This test imports every action module, fails for an action
without a case, and runs each case: the call must leave at least one new history entry
attributed to its actor and channel, and an entry about a tracked record must carry the
record's state as stored after the write.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import strongroom
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import registered_actions
from strongroom.platform.history.models import AuditEvent
from tests.conftest import World


def _import_action_modules() -> None:
    for module in pkgutil.walk_packages(strongroom.__path__, "strongroom."):
        parts = module.name.split(".")
        if "migrations" in parts:
            continue
        if parts[-1].endswith("actions") or "actions" in parts[:-1]:
            importlib.import_module(module.name)


def _all_cases() -> dict[Callable[..., Any], Callable[[World, Actor], dict[str, Any]]]:
    import tests

    cases: dict[Callable[..., Any], Callable[[World, Actor], dict[str, Any]]] = {}
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".action_cases"):
            cases.update(importlib.import_module(module.name).CASES)
    return cases


_import_action_modules()
ACTIONS = registered_actions()
CASES = _all_cases()


def test_every_action_has_a_case() -> None:
    missing = sorted(name for name, fn in ACTIONS.items() if fn not in CASES)
    assert not missing, f"add these actions to a tests/<area>/action_cases.py: {missing}"


def test_every_case_is_a_registered_action() -> None:
    registered = set(ACTIONS.values())
    strays = sorted(fn.__qualname__ for fn in CASES if fn not in registered)
    assert not strays, f"not decorated with @action: {strays}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_records_history(world: World, platform_actor: Actor, name: str) -> None:
    function = ACTIONS[name]
    build = CASES.get(function)
    if build is None:
        pytest.fail(f"{name} has no case in a tests/<area>/action_cases.py")
    kwargs = build(world, platform_actor)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    function(**kwargs)
    new = list(AuditEvent.objects.exclude(pk__in=before).order_by("chain_key", "sequence"))
    assert new, f"{name} wrote without recording history"
    actor: Actor = kwargs["actor"]
    for event in new:
        assert event.actor_name == actor.name
        assert event.channel == str(actor.channel)
        if actor.company is not None:
            assert event.company_id == actor.company.pk
    for event in new:
        model = _model(event.object_type)
        if model is None or not tracking.is_tracked(model):
            continue
        current = model._default_manager.filter(pk=event.object_id).first()
        latest = AuditEvent.objects.filter(
            object_type=event.object_type, object_id=event.object_id
        ).order_by("-sequence").first()
        assert latest is not None
        if current is None:
            assert latest.state is None, f"{name}: {event.object_type} gone, history says not"
        else:
            assert latest.state == tracking.capture(current), (
                f"{name}: {event.object_type} {event.object_id} differs from its last entry"
            )


def _model(label: str) -> Any:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None
