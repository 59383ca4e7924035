"""Object rules of the tenancy layer, registered with the policy module."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy.models import Membership
from strongroom.platform.tenancy.permissions import MEMBER_MANAGE


def _owners_are_managed_by_owners(actor: Actor, obj: Any) -> bool:
    if isinstance(obj, Membership) and obj.role == perms.OWNER:
        return actor.role == perms.OWNER
    return True


policy.add_object_rule(MEMBER_MANAGE, _owners_are_managed_by_owners)
