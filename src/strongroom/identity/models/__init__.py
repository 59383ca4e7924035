"""Identity's records: API keys, security events, code factors, sign-in policy and SSO."""

from strongroom.identity.models.accounts import ApiKey, ApiKeyManager, SecurityEvent
from strongroom.identity.models.factors import CodeChannel
from strongroom.identity.models.policy import SignInPolicy
from strongroom.identity.models.sso import SsoIdentity, SsoProvider

__all__ = [
    "ApiKey",
    "ApiKeyManager",
    "CodeChannel",
    "SecurityEvent",
    "SignInPolicy",
    "SsoIdentity",
    "SsoProvider",
]
