"""Audit event types. Codes are stable forever: never renumber, only add."""

from __future__ import annotations

import enum


@enum.unique
class AuditEventType(enum.IntEnum):
    # Companies 100-199
    COMPANY_CREATED = 100
    COMPANY_UPDATED = 101
    # Members 200-299
    MEMBER_ADDED = 200
    MEMBER_ROLE_CHANGED = 201
    MEMBER_REMOVED = 202
    MEMBER_TAGS_CHANGED = 203
    MEMBER_REACTIVATED = 204
    # Custom roles 300-399
    ROLE_CREATED = 300
    ROLE_UPDATED = 301
    ROLE_DELETED = 302
    # Company groups 400-499
    GROUP_CREATED = 400
    GROUP_COMPANY_ADDED = 401
    GROUP_COMPANY_REMOVED = 402
    GROUP_ADMIN_ADDED = 403
    GROUP_ADMIN_REMOVED = 404
    # Accounts 900-999
    USER_CREATED = 900
    OPERATOR_CREATED = 901
    USER_UPDATED = 902
    USER_DEACTIVATED = 903
    USER_REACTIVATED = 904
    SECOND_FACTORS_RESET = 905
    # API keys 910-919
    APIKEY_CREATED = 910
    APIKEY_REVOKED = 911
    # Reserved ranges, one per app, so that codes never collide:
    #   contacts 1000-1099, documents and files 1100-1199, absences 1200-1299,
    #   expenses 1300-1399, invoices 1400-1499, approvals and tag rules 1500-1599,
    #   keys 1600-1699, support access 1700-1799, identity 1800-1899,
    #   history and audit operations 1900-1999.
    # Contacts 1000-1099
    # Documents and files 1100-1199
    # Absences 1200-1299
    # Expenses 1300-1399
    # Invoices 1400-1499
    # Approvals and tag rules 1500-1599
    # Keys 1600-1699
    # Support access 1700-1799
    # Identity 1800-1899
    CODE_CHANNEL_ADDED = 1800
    CODE_CHANNEL_REMOVED = 1801
    SIGNIN_POLICY_UPDATED = 1810
    SSO_PROVIDER_CONFIGURED = 1820
    SSO_PROVIDER_REMOVED = 1821
    SSO_IDENTITY_LINKED = 1822
    # History and audit operations 1900-1999

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @property
    def tag(self) -> str:
        """Namespaced form, e.g. ``member:role_changed``."""
        head, _, tail = self.name.lower().partition("_")
        return f"{head}:{tail}"
