"""Object rules of absences: a member requests, withdraws and cancels only their own."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.absences.models import Absence
from strongroom.records.absences.permissions import ABSENCE_REQUEST


def _own_absence(actor: Actor, obj: Any) -> bool:
    if not isinstance(obj, Absence):
        return True
    membership = actor.membership
    return membership is not None and obj.member_id == membership.pk


policy.add_object_rule(ABSENCE_REQUEST, _own_absence)
