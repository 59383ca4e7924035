"""Identity's writes. Each is an ``@action`` recording history in its transaction."""

from strongroom.identity.actions.policy import update_sign_in_policy

__all__ = [
    "update_sign_in_policy",
]
