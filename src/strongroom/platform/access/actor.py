"""The Actor: who is acting, for which company, through which channel.

Every action and selector takes an Actor. It is built once per request (web or API), per job,
or per CLI command, and carries what history and audit records need: the user, the company, the
effective permissions, the channel, IP, user agent and request id.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Self

from strongroom.platform.access import permissions as perms

if TYPE_CHECKING:
    from strongroom.platform.accounts.models import User
    from strongroom.platform.tenancy.models import Company, CompanyGroup, Membership


class Channel(enum.StrEnum):
    """How a write or read reached the system (recorded with every audit event)."""

    WEB = "web"
    API = "api"
    IMPORT = "import"
    SUPPORT = "support"
    SYSTEM = "system"
    CLI = "cli"


@dataclass(frozen=True, kw_only=True)
class Actor:
    """An authenticated principal acting in at most one company."""

    user: User | None
    company: Company | None = None
    membership: Membership | None = None
    via_group: CompanyGroup | None = None
    role: str = ""
    permissions: frozenset[str] = field(default_factory=frozenset)
    channel: Channel = Channel.WEB
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""
    credential: str = ""
    read_only: bool = False
    platform: bool = False
    # During support access (P-B5): the operator acting as ``user``, recorded beside them.
    support_user: User | None = None

    @property
    def name(self) -> str:
        if self.user is None:
            return f"system ({self.credential})" if self.credential else "system"
        return self.user.display_name

    @property
    def email(self) -> str:
        return self.user.email if self.user is not None else ""

    @property
    def is_operator(self) -> bool:
        return self.user is not None and self.user.is_operator

    @property
    def company_id(self) -> int | None:
        return self.company.pk if self.company is not None else None

    def narrowed_to_reads(self) -> Self:
        """The same actor, able only to read (read-only keys and support grants)."""
        return replace(self, read_only=True, permissions=perms.read_only(self.permissions))

    def with_request(
        self, *, channel: Channel, ip: str | None, user_agent: str, request_id: str
    ) -> Self:
        return replace(
            self, channel=channel, ip=ip, user_agent=user_agent[:400], request_id=request_id
        )


@dataclass(frozen=True, kw_only=True)
class CompanyActor(Actor):
    """An Actor inside one company: what company views and API operations are given."""

    company: Company

    @property
    def company_id(self) -> int:
        return self.company.pk


def member_actor(
    membership: Membership, *, channel: Channel = Channel.WEB, via_group: CompanyGroup | None = None
) -> CompanyActor:
    """An actor for a member acting in their company, with their role's permissions."""
    return CompanyActor(
        user=membership.user,
        company=membership.company,
        membership=membership if membership.pk else None,
        via_group=via_group,
        role=membership.role,
        permissions=permissions_of(membership),
        channel=channel,
    )


def permissions_of(membership: Membership) -> frozenset[str]:
    """Effective permissions of a membership: its built-in or custom role."""
    if not membership.is_active:
        return frozenset()
    if membership.role == perms.CUSTOM:
        if membership.custom_role is None:
            return frozenset()
        granted = frozenset(membership.custom_role.permissions)
        company_perms = {p.name for p in perms.all_permissions(perms.Scope.COMPANY)}
        return granted & company_perms
    return perms.for_builtin_role(membership.role)


def user_actor(user: User, *, channel: Channel = Channel.WEB) -> Actor:
    """An actor with no company: a signed-in user between companies, or an operator."""
    granted = perms.for_operator() if user.is_operator else frozenset()
    return Actor(user=user, permissions=granted, channel=channel, platform=user.is_operator)


def system_actor(*, company: Company | None = None, job: str) -> Actor:
    """The platform itself acting (scheduled jobs). Holds no company permissions."""
    return Actor(user=None, company=company, channel=Channel.SYSTEM, credential=job)


def cli_actor(*, operator: User | None = None, command: str) -> Actor:
    """Whoever runs the server's CLI holds the platform, never company data."""
    return Actor(
        user=operator,
        channel=Channel.CLI,
        credential=command,
        permissions=perms.for_operator(),
        platform=True,
    )
