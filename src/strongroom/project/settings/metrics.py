"""Monitoring: the bearer token of the Prometheus endpoint ``/metrics`` (platform/metrics) and
the TLS certificate whose expiry it reports. Without a token the endpoint does not exist."""

from __future__ import annotations

from pathlib import Path

from strongroom.project import env
from strongroom.project.secrets import read_optional_secret

STRONGROOM_METRICS_TOKEN = read_optional_secret("METRICS_TOKEN", min_length=32)
# Where the token is kept, for ``strongroom deploy render`` (Prometheus reads the same file).
STRONGROOM_METRICS_TOKEN_FILE: Path | None = (
    Path(env.get_str("METRICS_TOKEN_FILE")) if env.get_str("METRICS_TOKEN_FILE") else None
)
STRONGROOM_TLS_CERT_FILE = env.get_str("TLS_CERT_FILE")
