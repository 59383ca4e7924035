"""The catalogue of named permissions.

Each domain app registers its permissions at import time (in its ``permissions.py``, imported by
its AppConfig.ready). A permission is a read or a write and names the built-in roles that hold
it. Two roles are derived rather than listed: the owner holds every company permission and the
auditor holds every company *read* permission. Platform permissions belong to operators only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    READ = "read"
    WRITE = "write"


class Scope(enum.Enum):
    COMPANY = "company"
    PLATFORM = "platform"


# Built-in company roles, strongest first (P-B1).
OWNER = "owner"
ADMIN = "admin"
MANAGER = "manager"
ACCOUNTANT = "accountant"
EMPLOYEE = "employee"
AUDITOR = "auditor"
CUSTOM = "custom"
BUILTIN_ROLES: tuple[str, ...] = (OWNER, ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE, AUDITOR)
ROLE_DESCRIPTIONS: dict[str, str] = {
    OWNER: "Everything, including managing owners.",
    ADMIN: "Manages the company, its members and roles.",
    MANAGER: "Leads people: sees the team and approves their requests.",
    ACCOUNTANT: "Handles money: invoices, expenses and bookkeeping.",
    EMPLOYEE: "Sees the company and manages their own requests.",
    AUDITOR: "Reads everything, changes nothing.",
}


@dataclass(frozen=True)
class Permission:
    name: str
    label: str
    kind: Kind
    scope: Scope
    roles: frozenset[str]
    seen_with: str = ""  # a write's read permission: without it, the object is "not found"


_REGISTRY: dict[str, Permission] = {}


def register(
    name: str,
    label: str,
    *,
    kind: Kind,
    roles: tuple[str, ...] = (),
    scope: Scope = Scope.COMPANY,
    seen_with: str = "",
) -> Permission:
    """Add a permission to the catalogue. Re-registering the same definition is harmless.

    ``seen_with`` names, for a write, the read permission that makes its objects visible: an
    actor lacking it gets "not found" rather than "forbidden" for that object.
    """
    unknown = set(roles) - set(BUILTIN_ROLES)
    if unknown:
        raise ValueError(f"{name}: unknown roles {sorted(unknown)}")
    if scope is Scope.PLATFORM and roles:
        raise ValueError(f"{name}: platform permissions belong to operators, not company roles")
    if seen_with and (seen_with not in _REGISTRY or _REGISTRY[seen_with].kind is not Kind.READ):
        raise ValueError(f"{name}: seen_with must name a registered read permission")
    permission = Permission(name, label, kind, scope, frozenset(roles), seen_with)
    existing = _REGISTRY.get(name)
    if existing is not None and existing != permission:
        raise ValueError(f"permission {name} registered twice with different definitions")
    _REGISTRY[name] = permission
    return permission


def get(name: str) -> Permission:
    """The registered permission called ``name``; KeyError if there is none."""
    return _REGISTRY[name]


def all_permissions(scope: Scope | None = None) -> list[Permission]:
    """Every registered permission, sorted by name, optionally of one scope."""
    return sorted(
        (p for p in _REGISTRY.values() if scope is None or p.scope is scope),
        key=lambda p: p.name,
    )


def is_known(name: str) -> bool:
    return name in _REGISTRY


def for_builtin_role(role: str) -> frozenset[str]:
    """The company permissions a built-in role holds."""
    company = [p for p in _REGISTRY.values() if p.scope is Scope.COMPANY]
    if role == OWNER:
        return frozenset(p.name for p in company)
    if role == AUDITOR:
        return frozenset(p.name for p in company if p.kind is Kind.READ)
    if role not in BUILTIN_ROLES:
        return frozenset()
    return frozenset(p.name for p in company if role in p.roles)


def for_operator() -> frozenset[str]:
    """The platform permissions every operator holds."""
    return frozenset(p.name for p in _REGISTRY.values() if p.scope is Scope.PLATFORM)


def read_only(names: frozenset[str]) -> frozenset[str]:
    """Narrow a permission set to its reads (auditor role, read-only keys and grants)."""
    return frozenset(n for n in names if n in _REGISTRY and _REGISTRY[n].kind is Kind.READ)


READ = Kind.READ
WRITE = Kind.WRITE
