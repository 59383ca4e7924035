"""Reads of the tenancy layer. Everything returned is scoped to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, Channel, CompanyActor, member_actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import Company, CompanyGroup, CustomRole, Membership, Tag
from strongroom.platform.tenancy.permissions import MEMBER_VIEW, ROLE_VIEW, TAG_VIEW


@dataclass(frozen=True)
class CompanyChoice:
    """A company a user can switch to, and the role they hold there."""

    company: Company
    role_label: str
    via_group: str = ""


def companies_for_user(user: User) -> list[CompanyChoice]:
    """Every company ``user`` may enter: direct memberships first, then through groups."""
    if user.is_operator or not user.is_active:
        return []
    direct = (
        Membership.objects.filter(user=user, is_active=True, company__status="active")
        .select_related("company", "custom_role")
        .order_by("company__name")
    )
    choices = [CompanyChoice(m.company, m.role_label) for m in direct]
    seen = {choice.company.pk for choice in choices}
    grouped = (
        CompanyGroup.objects.filter(admins=user)
        .prefetch_related("companies")
        .order_by("name")
    )
    for group in grouped:
        for company in group.companies.all():
            if company.pk not in seen and company.status == "active":
                seen.add(company.pk)
                choices.append(CompanyChoice(company, "Admin", via_group=group.name))
    return choices


def actor_for(
    user: User,
    company_slug: str,
    *,
    channel: Channel = Channel.WEB,
    loaded: Membership | None = None,
) -> CompanyActor:
    """The actor for ``user`` inside the company ``company_slug``, or NotFound. ``loaded`` is
    ``user``'s membership read in the same request with its company and custom role (an API
    key's owner's): when it is the active one in ``company_slug`` it saves the lookup."""
    if user.is_operator or not user.is_active:
        raise policy.NotFound()
    if loaded is not None and _is_active_in(loaded, user, company_slug):
        return member_actor(loaded, channel=channel)
    membership = (
        Membership.objects.filter(
            user=user, company__slug=company_slug, is_active=True, company__status="active"
        )
        .select_related("company", "custom_role", "user")
        .first()
    )
    if membership is not None:
        return member_actor(membership, channel=channel)
    group = CompanyGroup.objects.filter(
        admins=user, companies__slug=company_slug, companies__status="active"
    ).first()
    if group is None:
        raise policy.NotFound()
    company = Company.objects.get(slug=company_slug)
    virtual = Membership(company=company, user=user, role=perms.ADMIN)
    return member_actor(virtual, channel=channel, via_group=group)


def _is_active_in(membership: Membership, user: User, company_slug: str) -> bool:
    company = membership.company
    return (
        membership.user_id == user.pk
        and membership.is_active
        and company.slug == company_slug
        and company.status == "active"
    )


def members(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Membership]:
    """The members of the actor's company."""
    queryset = Membership.objects.select_related("user", "custom_role").order_by(
        "user__full_name", "user__email"
    )
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return policy.restrict(actor, queryset, MEMBER_VIEW)


def member(actor: Actor, membership_id: int) -> Membership:
    """One membership of the actor's company (active or not), or NotFound."""
    return policy.get_for_actor(
        actor,
        Membership.objects.select_related("user", "custom_role"),
        MEMBER_VIEW,
        pk=membership_id,
    )


def custom_roles(actor: Actor) -> QuerySet[CustomRole]:
    """The custom roles defined by the actor's company."""
    return policy.restrict(actor, CustomRole.objects.order_by("name"), ROLE_VIEW)


def custom_role(actor: Actor, role_id: int) -> CustomRole:
    """One custom role of the actor's company, or NotFound."""
    return policy.get_for_actor(actor, CustomRole.objects.all(), ROLE_VIEW, pk=role_id)


def tags(actor: Actor) -> QuerySet[Tag]:
    """The actor's company's tag catalogue, by name."""
    return policy.restrict(actor, Tag.objects.order_by("name"), TAG_VIEW)


def tag(actor: Actor, tag_id: int) -> Tag:
    """One tag of the actor's company, or NotFound."""
    return policy.get_for_actor(actor, Tag.objects.all(), TAG_VIEW, pk=tag_id)



def memberships_named(
    actor: Actor, *, user_ids: set[int], membership_ids: set[int]
) -> list[Membership]:
    """The memberships (past ones too) in the actor's company of ``user_ids`` and with
    ``membership_ids``, for noting in the access log whose names a page showed. Needs no
    permission: the page has shown the names already, and the memberships go to the log, never
    to the actor. One query; none when there is nobody to look up."""
    if actor.company_id is None or not (user_ids or membership_ids):
        return []
    named = Q(user_id__in=user_ids) | Q(pk__in=membership_ids)
    return list(
        Membership.objects.filter(named, company_id=actor.company_id).only("pk", "company_id")
    )


# Platform-wide reads for operators: companies as tenants, never their members or records.


def operator_companies(actor: Actor) -> QuerySet[Company]:
    """Every company, for an actor holding ``platform.view``; otherwise none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        return Company.objects.none()
    return Company.objects.order_by("name")


def operator_groups(actor: Actor) -> QuerySet[CompanyGroup]:
    """Every company group with its companies and admins, for ``platform.view``; else none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        return CompanyGroup.objects.none()
    return CompanyGroup.objects.prefetch_related("companies", "admins").order_by("slug")


def operator_group(actor: Actor, slug: str) -> CompanyGroup:
    """One company group by slug, or NotFound."""
    group = operator_groups(actor).filter(slug=slug).first()
    if group is None:
        raise policy.NotFound()
    return group


def operator_company(actor: Actor, slug: str) -> Company:
    """One company by slug (as a tenant), or NotFound."""
    company = operator_companies(actor).filter(slug=slug).first()
    if company is None:
        raise policy.NotFound()
    return company
