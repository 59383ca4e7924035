"""The platform key scope: confidential data that belongs to no company.

Accounts are platform-level (one person may belong to several companies), so secrets about an
account, such as its authenticator-app secret and recovery-code seed, are encrypted under a
company key of their own: the one of ``PLATFORM_SCOPE``. That id can never be a real company
(company ids start at 1), and the key behaves like any company key: created on first use,
wrapped under the root key, rotated by ``strongroom keys rotate --platform`` (and
``--all-companies`` and the daily job), rewrapped by a root rotation. Its audit entries go to
the platform chain, and terminating a company can never destroy it.
"""

from __future__ import annotations

PLATFORM_SCOPE = 0
PLATFORM_LABEL = "platform"


def is_platform(company_id: int) -> bool:
    """Whether ``company_id`` is the platform scope rather than a company."""
    return company_id == PLATFORM_SCOPE


def audit_company_id(company_id: int) -> int | None:
    """The company an audit entry about this scope's keys belongs to (None: the platform)."""
    return None if is_platform(company_id) else company_id
