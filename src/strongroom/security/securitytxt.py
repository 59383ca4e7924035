"""``/.well-known/security.txt`` (RFC 9116) from the settings (P-G1)."""

from __future__ import annotations

from datetime import date

from django.conf import settings


def security_txt(*, report_url: str, canonical_url: str) -> str:
    """The file's text; ``report_url`` is the Policy when none is configured."""
    expires: date | None = settings.STRONGROOM_SECURITY_TXT_EXPIRES
    fields = [
        ("Contact", settings.STRONGROOM_SECURITY_CONTACT),
        ("Contact", report_url),
        ("Expires", f"{expires.isoformat()}T23:59:59Z" if expires else ""),
        ("Policy", settings.STRONGROOM_SECURITY_POLICY_URL or report_url),
        ("Preferred-Languages", ", ".join(settings.STRONGROOM_SECURITY_LANGUAGES)),
        ("Canonical", settings.STRONGROOM_SECURITY_CANONICAL_URL or canonical_url),
    ]
    return "".join(f"{name}: {value}\n" for name, value in fields if value)
