"""The ``@action`` decorator every write goes through, and the registry of actions.

An action is a keyword-only function whose first parameter is ``actor``. The decorator runs it
in its own durable transaction (so the history it records commits with the write, or neither
does) and registers it, so that a test can enumerate every action in the codebase and check
that each records history (P-D1).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

_ACTIONS: dict[str, Callable[..., object]] = {}


def action(fn: Callable[P, R]) -> Callable[P, R]:
    """Make ``fn`` a registered action running in a durable transaction."""
    parameters = list(inspect.signature(fn).parameters.values())
    if not parameters or parameters[0].name != "actor":
        raise TypeError(f"{fn.__qualname__}: an action's first parameter is 'actor'")
    positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    if positional:
        raise TypeError(f"{fn.__qualname__}: parameters {positional} must be keyword-only")
    wrapped = functools.wraps(fn)(transaction.atomic(durable=True)(fn))
    _ACTIONS[f"{fn.__module__}.{fn.__name__}"] = wrapped
    return wrapped


def registered_actions() -> dict[str, Callable[..., object]]:
    """Every action, by dotted name (``module.function``)."""
    return dict(sorted(_ACTIONS.items()))
