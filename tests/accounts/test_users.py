"""Accounts: case-insensitive e-mail, operator creation, password rules and hashing."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from strongroom.identity.passwords import MaximumLengthValidator
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, user_actor
from strongroom.platform.access.policy import Forbidden
from strongroom.platform.accounts.actions import create_operator, set_initial_password
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions, selectors
from tests.conftest import World
from tests.factories import UserFactory

GOOD_PASSWORD = "a long and unusual passphrase 42"



# -- e-mail uniqueness -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("second", ["Jane@Example.test", "JANE@EXAMPLE.TEST", "jane@example.test"])
def test_email_is_unique_case_insensitively_in_the_database(second: str) -> None:
    User.objects.create(email="jane@example.test")
    # Bypass the manager's lower-casing: the constraint itself must refuse the duplicate.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email=second)])
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_manager_lowercases_and_natural_key_is_case_insensitive() -> None:
    user = User.objects.create_user("Mixed.Case@Example.TEST", GOOD_PASSWORD)
    assert user.email == "mixed.case@example.test"
    assert User.objects.get_by_natural_key("MIXED.case@example.test") == user
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", GOOD_PASSWORD)


@pytest.mark.django_db
def test_user_never_gets_django_staff_powers() -> None:
    user = UserFactory(is_operator=True)
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert not user.has_perm("accounts.add_user")
    assert not user.has_module_perms("accounts")


# -- create_operator ---------------------------------------------------------------------------


def test_create_operator(platform_actor: Actor) -> None:
    user = create_operator(
        actor=platform_actor, email=" Ops@Platform.TEST ", password=GOOD_PASSWORD, full_name="Otto"
    )
    user.refresh_from_db()
    assert (user.email, user.is_operator, user.full_name) == ("ops@platform.test", True, "Otto")
    assert user.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.type, event.company_id) == (T.OPERATOR_CREATED, None)
    assert GOOD_PASSWORD not in str(event.changes)


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("ops@platform.test", "short1!", "password"),  # too short
        ("ops@platform.test", "password123", "password"),  # common
        ("ops@platform.test", "12345678", "password"),  # common and numeric
        ("ops@platform.test", "ops@platform.test", "password"),  # similar to the e-mail
        ("ops@platform.test", "p" * 257, "password"),  # too long
        ("not-an-email", GOOD_PASSWORD, "email"),
        ("OPERATOR@platform.test", GOOD_PASSWORD, "email"),  # exists (case-insensitive)
        ("owner@acme.test", GOOD_PASSWORD, "email"),  # a member's account
    ],
)
def test_create_operator_refuses(
    world: World, platform_actor: Actor, email: str, password: str, field: str
) -> None:
    users = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        create_operator(actor=platform_actor, email=email, password=password)
    assert field in caught.value.message_dict
    assert User.objects.count() == users
    assert not AuditEvent.objects.exists()


def test_password_messages_are_specific(platform_actor: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        create_operator(actor=platform_actor, email="ops@platform.test", password="password")
    text = " ".join(caught.value.message_dict["password"])
    assert "too common" in text


@pytest.mark.parametrize("role", [perms.OWNER, perms.ADMIN])
def test_members_cannot_create_operators(world: World, role: str) -> None:
    with pytest.raises(Forbidden):
        create_operator(actor=world.a.actor(role), email="ops@x.test", password=GOOD_PASSWORD)
    with pytest.raises(Forbidden):
        set_initial_password(actor=world.a.actor(role), user=world.a.user(perms.EMPLOYEE),
                             password=GOOD_PASSWORD)


def test_operator_actor_may_create_operators(world: World) -> None:
    user = create_operator(actor=user_actor(world.operator), email="op2@x.test",
                           password=GOOD_PASSWORD)
    assert AuditEvent.objects.get().actor_name == "Olivia Operator"
    assert user.is_operator


# -- operators are never members (P-B4) --------------------------------------------------------


def test_operators_cannot_become_members(world: World, platform_actor: Actor) -> None:
    operator = create_operator(actor=platform_actor, email="ops@platform.test",
                               password=GOOD_PASSWORD)
    with pytest.raises(ValidationError):
        actions.add_member(actor=world.a.actor(perms.OWNER), email="OPS@platform.test",
                           role=perms.ADMIN)
    with pytest.raises(ValidationError):
        lifecycle.create_company(actor=platform_actor, slug="opsco", name="Ops", country="NO",
                               region="eu-north", currency="NOK", owner_email=operator.email)
    assert not operator.memberships.exists()
    assert selectors.companies_for_user(operator) == []


# -- passwords ---------------------------------------------------------------------------------


@pytest.mark.real_password_hashing
def test_argon2id_is_the_hasher(db: None) -> None:
    assert django_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = User.objects.create_user("hash@example.test", GOOD_PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(GOOD_PASSWORD)
    assert not user.check_password(GOOD_PASSWORD.upper())


@pytest.mark.real_password_hashing
def test_old_pbkdf2_hash_is_upgraded_on_sign_in(db: None) -> None:
    from django.contrib.auth.hashers import make_password

    user = User.objects.create(
        email="legacy@example.test", password=make_password(GOOD_PASSWORD, hasher="pbkdf2_sha256")
    )
    assert user.password.startswith("pbkdf2_sha256$")
    assert user.check_password(GOOD_PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_set_initial_password(world: World, platform_actor: Actor) -> None:
    target = UserFactory(email="nopass@acme.test")
    target.set_unusable_password()
    target.save()
    set_initial_password(actor=platform_actor, user=target, password=GOOD_PASSWORD)
    target.refresh_from_db()
    assert target.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get()
    assert event.type is T.USER_UPDATED
    assert event.changes == {"password": ["(hidden)", "(changed)"]}
    with pytest.raises(ValidationError):
        set_initial_password(actor=platform_actor, user=target, password="nopass@acme.test")


def test_maximum_length_validator() -> None:
    validator = MaximumLengthValidator()
    validator.validate("x" * 256)
    with pytest.raises(ValidationError, match="at most 256"):
        validator.validate("x" * 257)
    assert "256" in validator.get_help_text()
