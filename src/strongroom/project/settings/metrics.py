"""Monitoring: the bearer token of the Prometheus endpoint ``/metrics`` (platform/metrics) and
the TLS certificate whose expiry it reports. Without a token the endpoint does not exist."""

from __future__ import annotations

from strongroom.project import env
from strongroom.project.secrets import read_optional_secret

STRONGROOM_METRICS_TOKEN = read_optional_secret("METRICS_TOKEN", min_length=32)
STRONGROOM_TLS_CERT_FILE = env.get_str("TLS_CERT_FILE")
