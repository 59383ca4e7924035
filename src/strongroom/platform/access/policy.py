"""The one place that decides "may this actor do this to that?".

Deny by default. An object outside the actor's company is *not found*, never *forbidden*, so a
member of one company cannot learn that another company's record exists (P-B3). Within the
company, a missing read permission is also "not found"; a missing write permission on a visible
object is "forbidden". Object rules registered by domain apps (tag rules, ownership) narrow a
permission further; they can never widen it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models

from strongroom.platform.access import permissions as perms

if TYPE_CHECKING:
    from strongroom.platform.access.actor import Actor


class NotFound(Exception):
    """The object does not exist or is not the actor's to see. Deliberately indistinct."""

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class Forbidden(PermissionDenied):
    """The actor can see the object but may not do this to it."""


class CompanyScoped(Protocol):
    @property
    def company_id(self) -> int | None: ...


ObjectRule = Callable[["Actor", Any], bool]
_OBJECT_RULES: dict[str, list[ObjectRule]] = {}

M = TypeVar("M", bound=models.Model)


def add_object_rule(permission: str, rule: ObjectRule) -> None:
    """Narrow ``permission`` on individual objects: every rule must return True."""
    _OBJECT_RULES.setdefault(permission, []).append(rule)


def allows(actor: Actor, permission: str, obj: CompanyScoped | None = None) -> bool:
    """True when the actor holds ``permission`` (on ``obj``, if given)."""
    try:
        definition = perms.get(permission)
    except KeyError:
        return False  # an unknown permission is never granted
    if permission not in actor.permissions:
        return False
    if actor.read_only and definition.kind is not perms.Kind.READ:
        return False
    if definition.scope is perms.Scope.PLATFORM:
        return actor.platform and obj is None
    if actor.company is None or actor.platform:
        return False
    if obj is not None and obj.company_id != actor.company.pk:
        return False
    return all(rule(actor, obj) for rule in _OBJECT_RULES.get(permission, ()))


def require(actor: Actor, permission: str, obj: CompanyScoped | None = None) -> None:
    """Raise NotFound or Forbidden unless the actor may do ``permission`` (to ``obj``)."""
    if allows(actor, permission, obj):
        return
    definition = perms.get(permission) if perms.is_known(permission) else None
    if obj is not None and not _can_see(actor, obj, definition):
        raise NotFound()
    if definition is None or definition.kind is perms.Kind.READ:
        raise NotFound()
    raise Forbidden(f"You are not allowed to do this ({permission}).")


def _can_see(actor: Actor, obj: CompanyScoped, definition: perms.Permission | None) -> bool:
    """Whether the actor may know ``obj`` exists: it is in their company, and they hold the
    read permission that goes with the write (any permission, when none is declared)."""
    if actor.company is None or actor.platform or obj.company_id != actor.company.pk:
        return False
    if definition is not None and definition.seen_with:
        return allows(actor, definition.seen_with, obj)
    return bool(actor.permissions)


def restrict(actor: Actor, queryset: models.QuerySet[M], permission: str) -> models.QuerySet[M]:
    """The rows of ``queryset`` the actor may ``permission``: their company's, or none."""
    if not allows(actor, permission):
        return queryset.none()
    return queryset.filter(company_id=actor.company_id)


def get_for_actor(
    actor: Actor, queryset: models.QuerySet[M], permission: str, **lookup: object
) -> M:
    """One object the actor may ``permission``, or NotFound (missing and foreign look alike)."""
    try:
        obj = restrict(actor, queryset, permission).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    require(actor, permission, obj)  # type: ignore[arg-type]
    return obj
