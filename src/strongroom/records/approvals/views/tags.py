"""The tag catalogue: list, define, describe, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.permissions import TAG_MANAGE, TAG_VIEW
from strongroom.records.approvals.forms import TagEditForm, TagForm
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


@company_view
def tag_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The company's tags."""
    policy.require(actor, TAG_VIEW)
    return render(request, "approvals/tags.html", {"tags": selectors.tags(actor)})


@company_view
def tag_add(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Define a tag."""
    policy.require(actor, TAG_MANAGE, actor.company)
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            tag = actions.create_tag(actor=actor, **form.cleaned_data)
            messages.success(request, f"Tag {tag.name} defined.")
            return redirect("web:tags", slug=actor.company.slug)
    return render(request, "approvals/tag_form.html", {"form": form})


@company_view
def tag_edit(request: HttpRequest, actor: CompanyActor, tag_id: int) -> HttpResponse:
    """Describe a tag."""
    tag = selectors.tag(actor, tag_id)
    policy.require(actor, TAG_MANAGE, tag)
    form = TagEditForm(request.POST or None, initial={"description": tag.description})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            actions.update_tag(actor=actor, tag=tag, **form.cleaned_data)
            messages.success(request, f"Tag {tag.name} saved.")
            return redirect("web:tags", slug=actor.company.slug)
    return render(request, "approvals/tag_form.html", {"form": form, "tag": tag})


@require_POST
@company_view
def tag_delete(request: HttpRequest, actor: CompanyActor, tag_id: int) -> HttpResponse:
    """Delete a tag nobody carries and no rule uses."""
    tag = selectors.tag(actor, tag_id)
    with refusal_shown(request):
        actions.delete_tag(actor=actor, tag=tag)
        messages.success(request, f"Tag {tag.name} deleted.")
        return redirect("web:tags", slug=actor.company.slug)
    return redirect("web:tag_edit", slug=actor.company.slug, tag_id=tag.pk)
