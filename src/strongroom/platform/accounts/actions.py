"""Account writes: members' accounts and operator accounts."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.accounts.models import User
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


def _clean_email(email: str) -> str:
    cleaned = email.strip().lower()
    try:
        validate_email(cleaned)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid e-mail address."}) from None
    return cleaned


def ensure_member_user(
    *, actor: Actor, email: str, full_name: str = "", company_id: int | None = None
) -> User:
    """The account for ``email``, created without a usable password if it does not exist.

    Runs inside the caller's transaction; the caller has checked policy. A new account signs
    in after setting a password through the "forgot password" e-mail. The creation is audited
    in ``company_id`` (default: the actor's company), the company the account is created for.
    """
    cleaned = _clean_email(email)
    user = User.objects.filter(email__iexact=cleaned).first()
    if user is not None:
        if user.is_operator:
            raise ValidationError({"email": "Operator accounts cannot be company members."})
        return user
    user = User.objects.create_user(cleaned, None, full_name=full_name.strip()[:200])
    record(
        actor=actor,
        event=AuditEventType.USER_CREATED,
        obj=user,
        company_id=company_id if company_id is not None else actor.company_id,
        changes={"email": (None, cleaned), "full_name": (None, user.full_name)},
    )
    return user


@action
def create_operator(*, actor: Actor, email: str, password: str, full_name: str = "") -> User:
    """Create a platform operator account (no company access, P-B4)."""
    policy.require(actor, PLATFORM_COMPANIES)
    cleaned = _clean_email(email)
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
