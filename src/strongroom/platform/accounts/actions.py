"""Account writes: operator accounts, and the first password of an account created without one.

Members' accounts are created inside the membership actions, by
:func:`strongroom.platform.accounts.steps.ensure_member_user`.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.accounts.models import User
from strongroom.platform.accounts.steps import clean_email
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


@action
def create_operator(*, actor: Actor, email: str, password: str, full_name: str = "") -> User:
    """Create a platform operator account (no company access, P-B4)."""
    policy.require(actor, PLATFORM_COMPANIES)
    cleaned = clean_email(email)
    if User.objects.filter(email__iexact=cleaned).exists():
        raise ValidationError({"email": f"An account for {cleaned} already exists."})
    candidate = User(email=cleaned, full_name=full_name, is_operator=True)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user = User.objects.create_user(cleaned, password, full_name=full_name, is_operator=True)
    record(
        actor=actor,
        event=AuditEventType.OPERATOR_CREATED,
        obj=user,
        company_id=None,
        changes={"email": (None, cleaned), "is_operator": (None, True)},
    )
    return user


@action
def set_initial_password(*, actor: Actor, user: User, password: str) -> User:
    """Set a password for an account created without one (demo seeding, CLI)."""
    policy.require(actor, PLATFORM_COMPANIES)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        actor=actor,
        event=AuditEventType.USER_UPDATED,
        obj=user,
        company_id=None,
        changes={"password": ("(hidden)", "(changed)")},
    )
    return user
