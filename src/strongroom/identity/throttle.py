"""P-A4: a global ceiling on failed sign-ins, on top of allauth's per-IP and per-account limits.

allauth limits failures per client IP and per account (sliding windows, so they back off rather
than lock out). A distributed attack spreads over both; this counter caps failures across the
whole installation per minute. It lives in the shared cache (Redis, or the database table), so
every process and instance counts together.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def _key(now: float) -> str:
    return f"strongroom:signin-failures:{int(now // WINDOW_SECONDS)}"


def global_failures_exceeded() -> bool:
    """Whether this minute's failed sign-ins have reached the installation-wide ceiling."""
    count = cache.get(_key(time.time())) or 0
    return int(count) >= settings.STRONGROOM_SIGNIN_FAILURES_PER_MINUTE


def count_failure() -> None:
    """Record one failed sign-in in this minute's window."""
    key = _key(time.time())
    if cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
