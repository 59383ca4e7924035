"""The cache: Redis when configured (shared by all instances), else a table in the database."""

from __future__ import annotations

from strongroom.project import env

REDIS_URL = env.get_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get_str("CACHE_PREFIX", "strongroom"),
        }
    }
else:
    # Shared by every process through the database, so single-use codes and rate limits hold
    # across gunicorn workers even without Redis (the table is made by identity's migration).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "strongroom_cache",
        }
    }
