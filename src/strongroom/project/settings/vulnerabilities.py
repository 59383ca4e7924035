"""Security operations (P-G1, P-G2): what ``/.well-known/security.txt`` says, and where the
dependency scans find their advisory data and scanner."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.settings.environment import PRODUCTION, SOURCE_DIR

# security.txt (RFC 9116). Production refuses to start without a contact or with an Expires
# in the past or more than a year ahead (security/checks.py); development gets working defaults.
STRONGROOM_SECURITY_CONTACT = env.get_str(
    "SECURITY_CONTACT", "" if PRODUCTION else "mailto:security@localhost"
)
_half_a_year = (datetime.now(UTC).date() + timedelta(days=180)).isoformat()
_expires = env.get_str("SECURITY_TXT_EXPIRES", "" if PRODUCTION else _half_a_year)
try:
    STRONGROOM_SECURITY_TXT_EXPIRES: date | None = (
        date.fromisoformat(_expires) if _expires else None
    )
except ValueError:
    raise ImproperlyConfigured(
        f"{env.PREFIX}SECURITY_TXT_EXPIRES must be a date (YYYY-MM-DD), got {_expires!r}"
    ) from None
STRONGROOM_SECURITY_POLICY_URL = env.get_str("SECURITY_POLICY_URL")  # default: the report page
STRONGROOM_SECURITY_LANGUAGES = env.get_list("SECURITY_LANGUAGES", ["en"])
STRONGROOM_SECURITY_CANONICAL_URL = env.get_str("SECURITY_CANONICAL_URL")  # default: as requested

# Dependency scans: an OSV advisory directory for offline (air-gapped) scans, else pip-audit
# online from its own environment (scripts/system-deps.sh installs it).
STRONGROOM_SECURITY_ADVISORY_DIR = env.get_str("SECURITY_ADVISORY_DIR")
STRONGROOM_PIP_AUDIT = env.get_str(
    "PIP_AUDIT", str(SOURCE_DIR.parents[1] / ".venv-audit" / "bin" / "pip-audit")
)

# The change log (P-G6): the commit of the release, written by the build; never read from git.
STRONGROOM_RELEASE_COMMIT = env.get_str("RELEASE_COMMIT")
