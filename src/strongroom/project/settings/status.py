"""The status page (P-F5, platform/status): what the prober checks and where it writes.

The prober needs no database: it reads these settings, probes over HTTP(S), keeps its history
in a small SQLite file beside the public directory, and writes static files there that the TLS
proxy serves at ``/status/`` even when the application is down.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.settings.environment import DATA_DIR, PRODUCTION
from strongroom.project.settings.security import ALLOWED_HOSTS

# The public directory (index.html, status.json); the history is <its parent>/history.sqlite3.
STRONGROOM_STATUS_DIR = env.get_path("STATUS_DIR", DATA_DIR / "status" / "public")


def _public_url() -> str:
    """The installation's public address, probed through the proxy: by default https:// and
    the first allowed host in production; none in development (nothing proxies there)."""
    default = ""
    if PRODUCTION and ALLOWED_HOSTS and ALLOWED_HOSTS[0] not in ("*", ""):
        default = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
    url = env.get_str("STATUS_PUBLIC_URL", default).rstrip("/")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"{env.PREFIX}STATUS_PUBLIC_URL must be an http(s) URL, got {url!r}"
            )
        if PRODUCTION and parts.scheme != "https":
            raise ImproperlyConfigured(f"{env.PREFIX}STATUS_PUBLIC_URL must use https")
    return url


STRONGROOM_STATUS_PUBLIC_URL = _public_url()
# A private CA the public certificate is checked against (else the system's trust store).
STRONGROOM_STATUS_CA_FILE = env.get_str("STATUS_CA_FILE")

# The app instances on this host whose /readyz names failing components to a local probe.
STRONGROOM_STATUS_INSTANCES = [
    url.rstrip("/")
    for url in env.get_list("STATUS_INSTANCES", [] if PRODUCTION else ["http://127.0.0.1:8000"])
]
for _instance in STRONGROOM_STATUS_INSTANCES:
    if urlsplit(_instance).scheme not in ("http", "https") or not urlsplit(_instance).hostname:
        raise ImproperlyConfigured(
            f"{env.PREFIX}STATUS_INSTANCES: {_instance!r} is not an http(s) URL"
        )

# Each probe's time limit, and how often the prober runs (the page is stale after 5 intervals).
STRONGROOM_STATUS_TIMEOUT_SECONDS = env.get_int("STATUS_TIMEOUT_SECONDS", 5, minimum=1)
STRONGROOM_STATUS_INTERVAL_SECONDS = env.get_int("STATUS_INTERVAL_SECONDS", 60, minimum=5)
