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


# -- one-time codes by e-mail and SMS ---------------------------------------------------------
# Counted per account, per client address and installation-wide, in fixed windows of the shared
# cache. A new code never resets the count of wrong ones: the count belongs to the account and
# the address, not to the code. The per-address and global limits on sending stop one client
# from mailing or texting many accounts (and running up an SMS bill).
CODE_FAILURES_ALLOWED = 10
CODE_FAILURES_PER_ADDRESS = 30
CODE_FAILURE_WINDOW_SECONDS = 15 * 60
CODE_RESEND_SECONDS = 30
CODE_SENDS_ALLOWED = 5
CODE_SENDS_PER_ADDRESS = 20
CODE_SEND_WINDOW_SECONDS = 60 * 60
CODE_SENDS_PER_MINUTE = 300  # installation-wide


def _window_key(name: str, subject: object, window: int) -> str:
    return f"strongroom:{name}:{subject}:{int(time.time() // window)}"


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window * 2):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window * 2)
        return 1


def code_failures_exceeded(user_pk: object, ip: str | None) -> bool:
    """Whether the account, or the client address, has entered too many wrong codes lately."""
    account = _window_key("code-failures", user_pk, CODE_FAILURE_WINDOW_SECONDS)
    if _count(account) >= CODE_FAILURES_ALLOWED:
        return True
    address = _window_key("code-failures-ip", ip or "-", CODE_FAILURE_WINDOW_SECONDS)
    return _count(address) >= CODE_FAILURES_PER_ADDRESS


def count_code_failure(user_pk: object, ip: str | None) -> None:
    """One wrong code for the account and the address (also a failed sign-in
    installation-wide)."""
    for key in (
        _window_key("code-failures", user_pk, CODE_FAILURE_WINDOW_SECONDS),
        _window_key("code-failures-ip", ip or "-", CODE_FAILURE_WINDOW_SECONDS),
    ):
        _hit(key, CODE_FAILURE_WINDOW_SECONDS)
    count_failure()


def _seconds_left(window: int) -> int:
    return int(window - time.time() % window) + 1


def code_send_wait(user_pk: object, ip: str | None) -> int:
    """Seconds to wait before another code may be sent to the account from this address
    (0: send now). Taking the answer 0 reserves the send."""
    account = _window_key("code-sends", user_pk, CODE_SEND_WINDOW_SECONDS)
    address = _window_key("code-sends-ip", ip or "-", CODE_SEND_WINDOW_SECONDS)
    everyone = _window_key("code-sends-all", "", 60)
    if _count(account) >= CODE_SENDS_ALLOWED or _count(address) >= CODE_SENDS_PER_ADDRESS:
        return _seconds_left(CODE_SEND_WINDOW_SECONDS)
    if _count(everyone) >= CODE_SENDS_PER_MINUTE:
        return _seconds_left(60)
    if not cache.add(f"strongroom:code-resend:{user_pk}", 1, timeout=CODE_RESEND_SECONDS):
        return CODE_RESEND_SECONDS
    _hit(account, CODE_SEND_WINDOW_SECONDS)
    _hit(address, CODE_SEND_WINDOW_SECONDS)
    _hit(everyone, 60)
    return 0


def claim_once(token: str, seconds: int) -> bool:
    """True the first time ``token`` is claimed in the shared cache, False ever after (within
    ``seconds``): makes a code single-use even across processes racing on one session."""
    return bool(cache.add(f"strongroom:claimed:{token}", 1, timeout=seconds))
