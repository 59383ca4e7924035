"""Identity's writes. Each is an ``@action`` recording history in its transaction."""

from strongroom.identity.actions.apikeys import create_api_key, revoke_api_key
from strongroom.identity.actions.factors import (
    OPERATORS_USE_STRONG_FACTORS,
    add_code_channel,
    remove_code_channel,
)
from strongroom.identity.actions.policy import update_sign_in_policy
from strongroom.identity.actions.sso import (
    configure_sso_provider,
    link_sso_identity,
    remove_sso_provider,
)

__all__ = [
    "OPERATORS_USE_STRONG_FACTORS",
    "add_code_channel",
    "configure_sso_provider",
    "create_api_key",
    "link_sso_identity",
    "remove_code_channel",
    "remove_sso_provider",
    "revoke_api_key",
    "update_sign_in_policy",
]
