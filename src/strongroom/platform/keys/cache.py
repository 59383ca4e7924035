"""The in-process cache of unwrapped keys, and the keys that rows just read will need.

Unwrapped keys stay in memory for ``STRONGROOM_KEY_CACHE_SECONDS`` (default 60) and at most
:data:`MAX_ENTRIES` keys per process, least recently used first out. The lifetime bounds how
long another process may still use a key after it was rotated out or destroyed; the process
that destroys a key forgets it at once.

Rows read from the database note the keys their encrypted values name (:func:`note`); the first
decryption that misses the cache then loads all of them in one query, so a page listing fifty
people costs one key-store query, not fifty.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from django.conf import settings

MAX_ENTRIES = 50_000
MAX_PENDING = 2_000


class TTLCache:
    """A thread-safe LRU mapping whose entries expire after the configured lifetime."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key: Hashable) -> Any:
        """The live value for ``key``, or None."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: Any) -> None:
        lifetime = settings.STRONGROOM_KEY_CACHE_SECONDS
        if lifetime <= 0:
            return
        with self._lock:
            self._data[key] = (time.monotonic() + lifetime, value)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._data.pop(key, None)

    def discard_where(self, predicate: Any) -> None:
        """Forget every entry whose key satisfies ``predicate``."""
        with self._lock:
            for key in [key for key in self._data if predicate(key)]:
                del self._data[key]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __contains__(self, key: Hashable) -> bool:
        return self.get(key) is not None


# (key id, version) -> Unwrapped data key, or DESTROYED
data_keys = TTLCache()
# (company id, version) -> AESGCM of that company key version
company_keys = TTLCache()
# (company id, purpose, subject) -> the data key new values are encrypted under
current_keys = TTLCache()

_pending: contextvars.ContextVar[set[tuple[int, int]] | None] = contextvars.ContextVar(
    "strongroom_pending_keys", default=None
)


def note(key_id: int, version: int) -> None:
    """Remember that a row just read holds a value under this key (see module docstring)."""
    ref = (key_id, version)
    if ref in data_keys:
        return
    pending = _pending.get()
    if pending is None:
        pending = set()
        _pending.set(pending)
    if len(pending) >= MAX_PENDING:
        pending.clear()
    pending.add(ref)


def take_pending() -> set[tuple[int, int]]:
    """The noted keys, removed from the note."""
    pending = _pending.get()
    _pending.set(None)
    return pending or set()


def clear() -> None:
    """Forget every key (tests; after a key store restore)."""
    data_keys.clear()
    company_keys.clear()
    current_keys.clear()
    _pending.set(None)
