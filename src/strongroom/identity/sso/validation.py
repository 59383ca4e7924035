"""Input checks of single sign-on settings; each raises ValidationError with field errors."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from strongroom.identity.models.sso import DISCOVERY_SUFFIX

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def normalise_issuer(value: str) -> str:
    """The issuer URL from an issuer or a discovery URL; https unless on this machine."""
    issuer = value.strip()
    if issuer.endswith(DISCOVERY_SUFFIX):
        issuer = issuer[: -len(DISCOVERY_SUFFIX)]
    issuer = issuer.rstrip("/")
    parts = urlsplit(issuer)
    local = parts.hostname in LOCAL_HOSTS
    if parts.scheme not in ("https", "http") or not parts.hostname or (
        parts.scheme == "http" and not local
    ):
        raise ValidationError(
            {"issuer": "Enter the provider's https issuer or discovery URL."}
        )
    if parts.query or parts.fragment:
        raise ValidationError({"issuer": "The issuer URL has no query or fragment."})
    return issuer
