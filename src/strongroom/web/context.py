"""Template context shared by every page: the user's companies and the company navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor

# Short template names for the permissions pages ask about: ``{% if can.member_manage %}``.
CAPABILITIES = {
    "company_view": "company.view",
    "company_manage": "company.manage",
    "member_view": "member.view",
    "member_manage": "member.manage",
    "role_view": "role.view",
    "role_manage": "role.manage",
    "audit_view": "audit.view",
    "access_log_view": "access_log.view",
    "apikey_create": "apikey.create",
    "apikey_view_any": "apikey.view_any",
    "apikey_revoke_any": "apikey.revoke_any",
    "contact_view": "contact.view",
    "contact_manage": "contact.manage",
    "document_view": "document.view",
    "document_manage": "document.manage",
    "document_delete": "document.delete",
    "tag_manage": "tag.manage",
    "legal_hold_manage": "legal_hold.manage",
    "approval_rule_manage": "approval_rule.manage",
    "absence_request": "absence.request",
    "absence_view_all": "absence.view_all",
    "absence_manage": "absence.manage",
}

WORK, ADMINISTRATION = "Work", "Administration"
# (group, label, URL name, permission) of the company navigation, in order: daily work first,
# administration apart.
NAVIGATION = (
    (WORK, "Dashboard", "web:dashboard", "company.view"),
    (WORK, "Approvals", "web:approval_inbox", "approval.view"),
    (WORK, "Contacts", "web:organisations", "contact.view"),
    (WORK, "Documents", "web:documents", "document.view"),
    (WORK, "Absences", "web:absences", "absence.view"),
    (WORK, "Expenses", "web:expenses", "expense.view"),
    (WORK, "Invoices", "web:invoices", "invoice.view"),
    (ADMINISTRATION, "Members", "web:members", "member.view"),
    (ADMINISTRATION, "Roles", "web:roles", "role.view"),
    (ADMINISTRATION, "Tags", "web:tags", "tag.view"),
    (ADMINISTRATION, "Approval rules", "web:approval_rules", "approval_rule.view"),
    (ADMINISTRATION, "Sign-in", "web:sign_in_policy", "signin.view"),
    (ADMINISTRATION, "API keys", "web:api_keys", ""),
    (ADMINISTRATION, "Support access", "web:support_access", "support.view"),
    (ADMINISTRATION, "Legal holds", "web:legal_holds", "legal_hold.view"),
    (ADMINISTRATION, "Audit log", "web:audit", "audit.view"),
    (ADMINISTRATION, "Access log", "web:access_log", "access_log.view"),
    (ADMINISTRATION, "Security", "web:member_security_events", "security.view_members"),
)


def capabilities(actor: Actor) -> dict[str, bool]:
    """What the actor may do, for showing or hiding buttons (the actions decide for real)."""
    return {key: policy.allows(actor, name) for key, name in CAPABILITIES.items()}


def company_navigation(request: HttpRequest, actor: CompanyActor) -> list[dict[str, Any]]:
    """The navigation the actor may follow, in groups (``{"label", "links"}``); the current
    link is marked, and a link with something waiting has its count (``badge``)."""
    from strongroom.web.dashboard import badge_for

    match = request.resolver_match
    current = f"{match.namespace}:{match.url_name}" if match is not None else ""
    groups: dict[str, list[dict[str, Any]]] = {}
    for group, label, name, permission in NAVIGATION:
        if not permission or policy.allows(actor, permission):
            url = reverse(name, kwargs={"slug": actor.company.slug})
            groups.setdefault(group, []).append({
                "label": label, "url": url, "current": current == name,
                "badge": badge_for(request, name, actor),
            })
    return [{"label": group, "links": links} for group, links in groups.items()]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Every page: ``company_choices``; company pages also ``company``, ``can`` and ``nav``."""
    from strongroom.platform.tenancy.selectors import companies_for_user
    from strongroom.web.actor import current_actor

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context: dict[str, Any] = {"company_choices": companies_for_user(user)}
    actor = current_actor(request)
    if actor is not None and actor.company is not None:
        context.update(
            company=actor.company,
            actor=actor,
            can=capabilities(actor),
            nav=company_navigation(request, actor),
        )
    return context
