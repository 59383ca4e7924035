"""Roles: the built-in ones described, and the company's custom roles managed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import CustomRole
from strongroom.platform.tenancy.permissions import ROLE_MANAGE, ROLE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.forms import RoleForm
from strongroom.web.refusals import refusal_shown


def permission_groups(checked: list[str] | None = None) -> list[dict[str, Any]]:
    """Company permissions grouped by prefix (``member.view`` → "Member"), for checkboxes."""
    chosen = set(checked or [])
    groups: dict[str, list[dict[str, Any]]] = {}
    for permission in perms.all_permissions(perms.Scope.COMPANY):
        prefix = permission.name.split(".", 1)[0]
        groups.setdefault(prefix, []).append(
            {
                "name": permission.name,
                "label": permission.label,
                "kind": permission.kind.value,
                "checked": permission.name in chosen,
                "id": "perm-" + permission.name.replace(".", "-"),
            }
        )
    return [{"label": prefix.capitalize(), "items": items} for prefix, items in groups.items()]


def _labels(names: list[str]) -> list[str]:
    return [perms.get(name).label if perms.is_known(name) else name for name in sorted(names)]


@company_view
def role_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Custom roles with their permissions, and the built-in roles."""
    policy.require(actor, ROLE_VIEW)
    custom = [
        {"role": role, "labels": _labels(list(role.permissions))}
        for role in selectors.custom_roles(actor)
    ]
    builtin = [
        {"name": role.capitalize(), "description": perms.ROLE_DESCRIPTIONS[role]}
        for role in perms.BUILTIN_ROLES
    ]
    return render(request, "web/roles.html", {"custom_roles": custom, "builtin_roles": builtin})


def _role_form_page(
    request: HttpRequest, form: RoleForm, role: CustomRole | None
) -> HttpResponse:
    checked = form["permissions"].value() or []
    context = {"form": form, "role": role, "groups": permission_groups(list(checked))}
    return render(request, "web/role_form.html", context)


@company_view
def role_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Define a custom role."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, ROLE_MANAGE, company)
    form = RoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            role = actions.create_custom_role(
                actor=actor,
                name=form.cleaned_data["name"],
                permissions=form.cleaned_data["permissions"],
            )
            messages.success(request, f"Role {role.name} created.")
            return redirect("web:roles", slug=company.slug)
    return _role_form_page(request, form, None)


@company_view
def role_edit(request: HttpRequest, actor: Actor, role_id: int) -> HttpResponse:
    """Rename a custom role or change its permissions."""
    company = actor.company
    assert company is not None  # noqa: S101
    role = selectors.custom_role(actor, role_id)
    policy.require(actor, ROLE_MANAGE, role)
    if request.method == "POST":
        form = RoleForm(request.POST)
        if form.is_valid():
            with refusal_shown(form=form):
                role = actions.update_custom_role(
                    actor=actor,
                    role=role,
                    name=form.cleaned_data["name"],
                    permissions=form.cleaned_data["permissions"],
                )
                messages.success(request, f"Role {role.name} saved.")
                return redirect("web:roles", slug=company.slug)
    else:
        form = RoleForm(initial={"name": role.name, "permissions": list(role.permissions)})
    return _role_form_page(request, form, role)


@require_POST
@company_view
def role_delete(request: HttpRequest, actor: Actor, role_id: int) -> HttpResponse:
    """Delete a custom role no active member holds."""
    company = actor.company
    assert company is not None  # noqa: S101
    role = selectors.custom_role(actor, role_id)
    name = role.name
    with refusal_shown(request):
        actions.delete_custom_role(actor=actor, role=role)
        messages.success(request, f"Role {name} deleted.")
        return redirect("web:roles", slug=company.slug)
    return redirect("web:role_edit", slug=company.slug, role_id=role_id)
