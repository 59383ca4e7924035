"""Members of a company: list, add, change role and tags, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.platform.tenancy import actions, selectors, validation
from strongroom.platform.tenancy.models import CustomRole, Membership
from strongroom.platform.tenancy.permissions import MEMBER_MANAGE, MEMBER_VIEW, ROLE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.forms import MemberAddForm, MemberEditForm, split_tags
from strongroom.web.refusals import refusal_shown


def _custom_roles(actor: Actor) -> list[CustomRole]:
    return list(selectors.custom_roles(actor)) if policy.allows(actor, ROLE_VIEW) else []


def _chosen_custom_role(actor: Actor, role_id: int | None) -> CustomRole | None:
    return selectors.custom_role(actor, role_id) if role_id else None


@company_view
def member_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Everyone in the company, with their role and tags."""
    policy.require(actor, MEMBER_VIEW)
    members = list(selectors.members(actor))
    note_reads(actor, members, purpose="list")  # names and e-mail addresses (P-G4)
    return render(request, "web/members.html", {"members": members})


@company_view
def member_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Add a person (creating their account if needed) with a role and tags."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, MEMBER_MANAGE, company)
    form_options = {
        "custom_roles": _custom_roles(actor),
        "include_owner": actor.role == perms.OWNER,
    }
    if request.method == "POST":
        form = MemberAddForm(request.POST, **form_options)  # type: ignore[arg-type]
        if form.is_valid():
            data = form.cleaned_data
            try:
                with refusal_shown(form=form):
                    membership = actions.add_member(
                        actor=actor,
                        email=data["email"],
                        full_name=data["full_name"],
                        role=data["role"],
                        custom_role=_chosen_custom_role(actor, data.get("custom_role")),
                        tags=split_tags(data["tags"]),
                    )
                    messages.success(request, f"{membership.user.email} is now a member.")
                    return redirect("web:members", slug=company.slug)
            except policy.Forbidden as error:
                form.add_error("role", str(error))
    else:
        form = MemberAddForm(initial={"role": perms.EMPLOYEE}, **form_options)  # type: ignore[arg-type]
    return render(request, "web/member_add.html", {"form": form})


def _save_member(
    actor: Actor, membership: Membership, data: dict[str, object]
) -> list[str]:
    """Apply a role and tags change; returns what changed, for the notice."""
    changed = []
    tags = split_tags(str(data["tags"]))
    validation.defined_tags(membership.company, tags)  # before the role changes: two writes
    custom_role = _chosen_custom_role(actor, data.get("custom_role"))  # type: ignore[arg-type]
    if data["role"] != membership.role or custom_role != membership.custom_role:
        actions.change_member_role(
            actor=actor, membership=membership, role=str(data["role"]), custom_role=custom_role
        )
        changed.append("role")
    if sorted({t.lower() for t in tags}) != sorted(membership.tags):
        actions.set_member_tags(actor=actor, membership=membership, tags=tags)
        changed.append("tags")
    return changed


@company_view
def member_edit(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    """Change a member's role and tags."""
    company = actor.company
    assert company is not None  # noqa: S101
    membership = selectors.member(actor, membership_id)
    policy.require(actor, MEMBER_MANAGE, membership)
    note_read(actor, membership, purpose="view")
    form_options = {
        "custom_roles": _custom_roles(actor),
        "include_owner": perms.OWNER in (actor.role, membership.role),
    }
    if request.method == "POST":
        form = MemberEditForm(request.POST, **form_options)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                with refusal_shown(form=form):
                    changed = _save_member(actor, membership, form.cleaned_data)
                    what = " and ".join(changed) or "nothing"
                    messages.success(request, f"Saved {membership.user.email}: changed {what}.")
                    return redirect("web:members", slug=company.slug)
            except policy.Forbidden as error:
                form.add_error("role", str(error))
    else:
        initial = {
            "role": membership.role,
            "custom_role": membership.custom_role_id,
            "tags": ", ".join(membership.tags),
        }
        form = MemberEditForm(initial=initial, **form_options)  # type: ignore[arg-type]
    return render(request, "web/member_edit.html", {"form": form, "membership": membership})


@require_POST
@company_view
def member_remove(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    """End a membership (the last owner stays)."""
    company = actor.company
    assert company is not None  # noqa: S101
    membership = selectors.member(actor, membership_id)
    with refusal_shown(request):
        actions.remove_member(actor=actor, membership=membership)
        messages.success(request, f"{membership.user.email} is no longer a member.")
        return redirect("web:members", slug=company.slug)
    return redirect("web:member_edit", slug=company.slug, membership_id=membership.pk)
