"""The ``@action`` decorator every write goes through, and the registry of actions.

An action is a keyword-only function whose first parameter is ``actor``. The decorator runs it
in its own durable transaction (so the history it records commits with the write, or neither
does) and registers it, so that a test can enumerate every action in the codebase and check
that each records history (P-D1).

Inside :func:`enclosing_transaction` an action runs as a savepoint of that one transaction
instead, so that what the block keeps beside the write (the answer to an API write retried
under its ``Idempotency-Key``) commits with it; an action inside an action still fails.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

P = ParamSpec("P")
R = TypeVar("R")

_ACTIONS: dict[str, Callable[..., object]] = {}
# The nesting depth of the records database's enclosing_transaction block, when in one
_ENCLOSING: ContextVar[int | None] = ContextVar("strongroom_enclosing_transaction", default=None)


@contextmanager
def enclosing_transaction() -> Iterator[None]:
    """One transaction in which an action called directly inside runs as a savepoint."""
    with transaction.atomic():
        token = _ENCLOSING.set(len(connections[DEFAULT_DB_ALIAS].atomic_blocks))
        try:
            yield
        finally:
            _ENCLOSING.reset(token)


def _enclosed() -> bool:
    depth = _ENCLOSING.get()
    return depth is not None and len(connections[DEFAULT_DB_ALIAS].atomic_blocks) == depth


def action(fn: Callable[P, R]) -> Callable[P, R]:
    """Make ``fn`` a registered action running in a durable transaction."""
    parameters = list(inspect.signature(fn).parameters.values())
    if not parameters or parameters[0].name != "actor":
        raise TypeError(f"{fn.__qualname__}: an action's first parameter is 'actor'")
    positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    if positional:
        raise TypeError(f"{fn.__qualname__}: parameters {positional} must be keyword-only")

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=not _enclosed()):
            return fn(*args, **kwargs)

    _ACTIONS[f"{fn.__module__}.{fn.__name__}"] = wrapped
    return wrapped


def registered_actions() -> dict[str, Callable[..., object]]:
    """Every action, by dotted name (``module.function``)."""
    return dict(sorted(_ACTIONS.items()))
