"""Identity test helpers: the shared cache under test, database table or real Redis."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "strongroom_cache",
}


def redis_url() -> str:
    """``make test`` finds or starts a Redis (scripts/testredis.py); else the local default."""
    return os.environ.get("STRONGROOM_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["database", "redis"])
def shared_cache(request: pytest.FixtureRequest, settings: Any) -> str:
    """Run the test once with each shared cache Strongroom supports."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url(),
                "KEY_PREFIX": f"strongroom-test-{uuid.uuid4().hex}",
            }
        }
    else:
        settings.CACHES = {"default": DATABASE_CACHE}
    return str(request.param)
