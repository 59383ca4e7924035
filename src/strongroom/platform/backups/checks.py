"""``strongroom check --deploy``: a production installation whose backups would fail (P-F1).

Backups fail closed at run time whatever this says; the check tells an operator before the
first run does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from strongroom.platform.backups.runs import MINIMUM_LOCATIONS


@register(deploy=True)
def backups_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Errors for backups that are off, without two locations, or without a passphrase."""
    problems = []
    if not settings.STRONGROOM_BACKUP_ENABLED:
        problems.append(("backups are turned off (STRONGROOM_BACKUP_ENABLED=false)", "001"))
    if len(settings.STRONGROOM_BACKUP_LOCATIONS) < MINIMUM_LOCATIONS:
        problems.append((
            f"{len(settings.STRONGROOM_BACKUP_LOCATIONS)} backup location(s) configured, "
            f"{MINIMUM_LOCATIONS} needed (STRONGROOM_BACKUP_LOCATIONS)", "002",
        ))
    if settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM:
        problems.append((settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM, "003"))
    return [
        Error(text, hint="See docs/backups.md.", id=f"strongroom.backups.E{code}")
        for text, code in problems
    ]
