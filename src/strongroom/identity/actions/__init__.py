"""Identity's writes. Each is an ``@action`` recording history in its transaction."""

from strongroom.identity.actions.apikeys import create_api_key, revoke_api_key
from strongroom.identity.actions.policy import update_sign_in_policy

__all__ = [
    "create_api_key",
    "revoke_api_key",
    "update_sign_in_policy",
]
