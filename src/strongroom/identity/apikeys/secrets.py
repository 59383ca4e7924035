"""The key format and its keyed digest. HMAC-SHA256 with a server-side pepper, never the key.

Rotating the pepper: set ``STRONGROOM_API_KEY_PEPPER`` to a new value and the old one in
``STRONGROOM_API_KEY_PEPPER_PREVIOUS``. Keys hashed with the previous pepper keep working and
are re-hashed with the new one the next time they are used; once every key has been used or
has expired, drop the previous pepper.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

PREFIX = "sr_live_"
KEY_ID_BYTES = 6  # 12 hex characters
KEY_FORMAT = re.compile(r"^sr_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def new_key() -> tuple[str, str, str]:
    """A fresh key: (the full key to show once, its public id, its secret part)."""
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = secrets.token_urlsafe(32)
    return f"{PREFIX}{key_id}_{secret}", key_id, secret


def parse(key: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key, else None."""
    match = KEY_FORMAT.match(key.strip())
    return (match.group(1), match.group(2)) if match else None


def pepper_id(pepper: str) -> str:
    """A short public fingerprint naming a pepper (not the pepper)."""
    return hashlib.sha256(b"strongroom api key pepper\x00" + pepper.encode()).hexdigest()[:16]


def peppers() -> dict[str, str]:
    """The current pepper and, during a rotation, the previous one, by fingerprint."""
    found = {pepper_id(settings.STRONGROOM_API_KEY_PEPPER): settings.STRONGROOM_API_KEY_PEPPER}
    previous = settings.STRONGROOM_API_KEY_PEPPER_PREVIOUS
    if previous:
        found.setdefault(pepper_id(previous), previous)
    return found


def current_pepper_id() -> str:
    return pepper_id(settings.STRONGROOM_API_KEY_PEPPER)


def digest(secret: str, *, pepper: str | None = None) -> str:
    key = (pepper or settings.STRONGROOM_API_KEY_PEPPER).encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def matches(secret: str, *, stored_digest: str, stored_pepper_id: str) -> bool:
    """Constant-time check of ``secret`` against a stored digest; unknown peppers never match."""
    pepper = peppers().get(stored_pepper_id)
    if pepper is None:
        return False
    return hmac.compare_digest(digest(secret, pepper=pepper), stored_digest)
