"""Shared fixtures: a world of two companies with a member of every role, and actors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings as django_settings

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, cli_actor, member_actor
from strongroom.platform.accounts.models import User
from strongroom.platform.keys import cache as key_cache
from strongroom.platform.keys import root as root_key
from strongroom.platform.tenancy.models import Company, CustomRole, Membership, Tag
from tests.factories import (
    CompanyFactory,
    CustomRoleFactory,
    MembershipFactory,
    OperatorFactory,
    UserFactory,
)

WORLD_TAGS = ("lead:oslo", "team:bergen", "team:oslo")


@dataclass
class CompanyWorld:
    """One company with one member per built-in role and a custom role."""

    company: Company
    members: dict[str, Membership] = field(default_factory=dict)
    custom_role: CustomRole | None = None

    def user(self, role: str) -> User:
        return self.members[role].user

    def actor(self, role: str) -> Actor:
        return member_actor(self.members[role])


@dataclass
class World:
    """Company A ("acme") and company B ("globex"), plus an operator."""

    a: CompanyWorld
    b: CompanyWorld
    operator: User


def _company_world(slug: str, name: str) -> CompanyWorld:
    company = CompanyFactory(slug=slug, name=name)
    world = CompanyWorld(company=company)
    for role in perms.BUILTIN_ROLES:
        user = UserFactory(email=f"{role}@{slug}.test", full_name=f"{role.title()} of {name}")
        world.members[role] = MembershipFactory(company=company, user=user, role=role)
    world.custom_role = CustomRoleFactory(company=company, name="Reader")
    for tag in WORLD_TAGS:  # the tag catalogue: members may carry only defined tags
        Tag.objects.create(company=company, name=tag)
    return world


DB_FIXTURES = frozenset({"db", "transactional_db", "live_server"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgresql_only`` run in the PostgreSQL suite alone (without
    STRONGROOM_DATABASE_URL they are deselected, not skipped), and tests marked
    ``sqlite_only`` in the SQLite suite alone: whole installations of their own on the embedded
    default, which would be the same run twice.

    Every database test gets the key store database too (platform/keys): whatever touches
    records may encrypt or decrypt. Markers that name their databases keep them."""
    other = "sqlite_only" if os.environ.get("STRONGROOM_DATABASE_URL", "").strip() else (
        "postgresql_only"
    )
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        dropped = set(deselected)
        items[:] = [item for item in items if item not in dropped]
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = dict(marker.kwargs) if marker is not None else {}
        kwargs.setdefault("databases", "__all__")
        args = marker.args if marker is not None else ()
        item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_access_log_guard() -> Iterator[None]:
    """Tests that commit (``transaction=True``) end with Django emptying every table. SQLite
    does that row by row, which the access log's guard (``history/dbguard.py``) and the
    expense vouchers' (``records/expenses/dbguard.py``) rightly refuse: lift them for the flush
    only. PostgreSQL truncates, which row triggers do not see."""
    from django.core.management.commands import flush
    from django.db import connections

    from strongroom.platform.history import dbguard
    from strongroom.records.expenses import dbguard as voucher_guard

    original = flush.Command.handle

    def handle(self: flush.Command, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or connection.alias != "default":
            return original(self, **options)
        with dbguard.lifted(connection), voucher_guard.lifted(connection):
            return original(self, **options)

    flush.Command.handle = handle  # type: ignore[method-assign]
    yield
    flush.Command.handle = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> Iterator[None]:
    """Each test starts with no unwrapped keys in memory (its key store rows roll back), and
    a test that switched the root keyring (rotation) leaves the original one behind."""
    key_cache.clear()
    keyring = django_settings.STRONGROOM_ROOT_KEYRING
    yield
    if django_settings.STRONGROOM_ROOT_KEYRING is not keyring:
        django_settings.STRONGROOM_ROOT_KEYRING = keyring
        root_key.provider.cache_clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    """MD5 keeps the suite fast; tests about hashing opt in to the production hashers."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return World(
        a=_company_world("acme", "Acme AS"),
        b=_company_world("globex", "Globex AB"),
        operator=OperatorFactory(email="operator@platform.test", full_name="Olivia Operator"),
    )


@pytest.fixture
def platform_actor(db: None) -> Actor:
    return cli_actor(command="test")
