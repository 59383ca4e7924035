"""The ``@action`` decorator every write goes through, and the registry of actions.

An action is a keyword-only function whose first parameter is ``actor``. The decorator runs it
in its own durable transaction (so the history it records commits with the write, or neither
does) and registers it, so that a test can enumerate every action in the codebase and check
that each records history (P-D1).

Inside :func:`enclosing_transaction` an action runs as a savepoint of that one transaction
instead, so that what the block keeps beside the write (the answer to an API write retried
under its ``Idempotency-Key``) commits with it; an action inside an action still fails.

The history entries an action records at its own level wait in the action and are chained at
the end of its transaction (:func:`chain.append_all`), so the chain's head is locked only for
the last statements before the commit. On SQLite, writers take turns before their transaction
begins (``write_turns``). Entries recorded inside a nested atomic block are chained
at once (that block could roll back on its own).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from strongroom.platform.history import chain
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.history.write_turns import writer_turn

P = ParamSpec("P")
R = TypeVar("R")

_ACTIONS: dict[str, Callable[..., object]] = {}
# The nesting depth of the records database's enclosing_transaction block, when in one
_ENCLOSING: ContextVar[int | None] = ContextVar("strongroom_enclosing_transaction", default=None)


@dataclass
class _Pending:
    """The entries the running action recorded at its own transaction depth."""

    depth: int
    events: list[AuditEvent] = field(default_factory=list)


_PENDING: ContextVar[_Pending | None] = ContextVar("strongroom_pending_history", default=None)


def _depth() -> int:
    return len(connections[DEFAULT_DB_ALIAS].atomic_blocks)


def pending_history() -> list[AuditEvent] | None:
    """Where an entry recorded now waits to be chained at the action's end: the running
    action's list at the action's own depth, else None (chain it at once)."""
    pending = _PENDING.get()
    return pending.events if pending is not None and _depth() == pending.depth else None


def chain_pending() -> None:
    """Chain the running action's entries now, for code inside it that reads its own chain (a
    checkpoint that must cover them); at the action's own depth only, so a savepoint that rolls
    back cannot take chained entries with it."""
    pending = _PENDING.get()
    if pending is not None and pending.events and _depth() == pending.depth:
        chain.append_all(pending.events)
        pending.events.clear()


@contextmanager
def enclosing_transaction() -> Iterator[None]:
    """One transaction in which an action called directly inside runs as a savepoint."""
    with writer_turn(), transaction.atomic():
        token = _ENCLOSING.set(_depth())
        try:
            yield
        finally:
            _ENCLOSING.reset(token)


def _enclosed() -> bool:
    depth = _ENCLOSING.get()
    return depth is not None and _depth() == depth


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
        with writer_turn(), transaction.atomic(durable=not _enclosed()):
            pending = _Pending(depth=_depth())
            token = _PENDING.set(pending)
            try:
                result = fn(*args, **kwargs)
                if pending.events:  # the chain's head last, just before the commit
                    chain.append_all(pending.events)
            finally:
                _PENDING.reset(token)
            return result

    _ACTIONS[f"{fn.__module__}.{fn.__name__}"] = wrapped
    return wrapped


def registered_actions() -> dict[str, Callable[..., object]]:
    """Every action, by dotted name (``module.function``)."""
    return dict(sorted(_ACTIONS.items()))
