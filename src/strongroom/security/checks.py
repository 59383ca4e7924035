"""Start-up checks (P-G1): production refuses to start when security.txt would have no contact
or an Expires in the past or more than a year ahead (RFC 9116 section 2.5.5)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils import timezone


def security_txt_problems(today: date) -> list[tuple[str, str]]:
    """What is wrong with the security.txt settings, as (message, code)."""
    problems = []
    if not settings.STRONGROOM_SECURITY_CONTACT.startswith(("mailto:", "https://", "tel:")):
        problems.append((
            "no security contact (STRONGROOM_SECURITY_CONTACT: a mailto:, https: or tel: URI)",
            "001",
        ))
    expires = settings.STRONGROOM_SECURITY_TXT_EXPIRES
    if expires is None or expires <= today:
        problems.append((
            "security.txt has expired or has no date (STRONGROOM_SECURITY_TXT_EXPIRES)", "002"
        ))
    elif expires > today + timedelta(days=365):
        problems.append(("security.txt expires more than a year ahead "
                         "(STRONGROOM_SECURITY_TXT_EXPIRES)", "003"))
    return problems


@register()
def security_txt_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Errors in production only; development has working defaults."""
    if not settings.PRODUCTION:
        return []
    return [
        Error(text, hint="See docs/operations.md, security.txt.", id=f"strongroom.security.E{code}")
        for text, code in security_txt_problems(timezone.localdate())
    ]
