"""Writes of support access: grants (by the company) and sessions (by operators)."""

from strongroom.support.actions.grants import grant_support_access, revoke_support_grant
from strongroom.support.actions.sessions import (
    SupportRefused,
    end_support_session,
    record_refused_support_attempt,
    record_support_request,
    request_support_session,
    start_support_session,
)

__all__ = [
    "SupportRefused",
    "end_support_session",
    "grant_support_access",
    "record_refused_support_attempt",
    "record_support_request",
    "request_support_session",
    "revoke_support_grant",
    "start_support_session",
]
