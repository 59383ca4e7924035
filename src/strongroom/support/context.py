"""Template context of every page: the running support session, for the banner (P-B5)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from strongroom.support.impersonation import running_session


def support_banner(request: HttpRequest) -> dict[str, Any]:
    """``support_session`` while an operator acts as a member, for the persistent banner."""
    session = running_session(request)
    return {"support_session": session} if session is not None else {}
