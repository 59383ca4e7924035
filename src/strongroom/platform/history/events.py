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
    ORGANISATION_CREATED = 1000
    ORGANISATION_UPDATED = 1001
    ORGANISATION_DELETED = 1002
    CONTACT_PERSON_CREATED = 1010
    CONTACT_PERSON_UPDATED = 1011
    CONTACT_PERSON_DELETED = 1012
    # Documents and files 1100-1199
    FILE_STORED = 1100
    FILE_DELETED = 1101
    DOCUMENT_CREATED = 1110
    DOCUMENT_UPDATED = 1111
    DOCUMENT_DELETED = 1112
    DOCUMENT_VERSION_ADDED = 1113
    DOCUMENT_VERSION_DELETED = 1114
    # Absences 1200-1299
    ABSENCE_TYPE_CREATED = 1200
    ABSENCE_TYPE_UPDATED = 1201
    ABSENCE_REQUESTED = 1210
    ABSENCE_APPROVED = 1211
    ABSENCE_REJECTED = 1212
    ABSENCE_WITHDRAWN = 1213
    ABSENCE_CANCELLED = 1214
    ABSENCE_NOTE_CHANGED = 1215
    ABSENCE_ENTITLEMENT_SET = 1220
    # Expenses 1300-1399
    # Invoices 1400-1499
    # Approvals and tag rules 1500-1599
    TAG_CREATED = 1500
    TAG_UPDATED = 1501
    TAG_DELETED = 1502
    APPROVAL_RULE_CREATED = 1510
    APPROVAL_RULE_UPDATED = 1511
    APPROVAL_RULE_DELETED = 1512
    APPROVAL_REQUESTED = 1520
    APPROVAL_STEP_PLANNED = 1521
    APPROVAL_STEP_OPENED = 1522
    APPROVAL_STEP_APPROVED = 1523
    APPROVAL_STEP_REJECTED = 1524
    APPROVAL_STEP_CANCELLED = 1525
    APPROVAL_GRANTED = 1526
    APPROVAL_REFUSED = 1527
    APPROVAL_WITHDRAWN = 1528
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
