"""Object rules of support access, and the one rule on who may be acted as.

A grant never lets support do more than its grantor may: the member whose view is taken must
hold no permission the grantor lacks, and only an owner may open an owner's view.
"""

from __future__ import annotations

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, permissions_of
from strongroom.platform.tenancy.models import Membership
from strongroom.platform.tenancy.selectors import actor_for
from strongroom.support.models import SupportGrant
from strongroom.support.permissions import SUPPORT_MANAGE


def within_rights_of(grantor: Actor, member: Membership) -> bool:
    """Whether ``member``'s rights are all held by ``grantor`` (in the same company)."""
    return (
        member.company_id == grantor.company_id
        and member.is_active
        and member.user.is_active
        and not member.user.is_operator
        and permissions_of(member) <= grantor.permissions
        and (member.role != perms.OWNER or grantor.role == perms.OWNER)
    )


def grant_covers(grant: SupportGrant, member: Membership) -> bool:
    """The grant covers ``member``: its named member, or anyone within the grantor's rights
    (the grantor must still administer support access in the company)."""
    if grant.member_id is not None and grant.member_id != member.pk:
        return False
    try:
        grantor = actor_for(grant.granted_by, grant.company.slug)
    except policy.NotFound:
        return False
    return policy.allows(grantor, SUPPORT_MANAGE) and within_rights_of(grantor, member)


def _not_during_support(actor: Actor, obj: object) -> bool:
    """Grants are the company's own: never changed from inside a support session."""
    return actor.support_user is None


policy.add_object_rule(SUPPORT_MANAGE, _not_during_support)
