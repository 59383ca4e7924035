"""Steps of accounts' actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


def clean_email(email: str) -> str:
    """``email`` trimmed and lower-cased; ValidationError on ``email`` unless it is valid."""
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
    cleaned = clean_email(email)
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
