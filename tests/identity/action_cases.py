"""Calls of identity's actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.identity import account_actions
from strongroom.identity.apikeys import actions as apikey_actions
from strongroom.identity.factors import actions as factor_actions
from strongroom.identity.signin import actions as signin_actions
from strongroom.identity.sso import actions as sso_actions
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, user_actor
from tests.conftest import World
from tests.factories import UserFactory, make_api_key

Build = Callable[[World, Actor], dict[str, Any]]

CASES: dict[Callable[..., Any], Build] = {
    apikey_actions.create_api_key: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "name": "Case key",
    },
    apikey_actions.revoke_api_key: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT),
        "key": make_api_key(w.a.members[perms.ACCOUNTANT])[0],
    },
    account_actions.deactivate_account: lambda w, p: {
        "actor": p, "user": w.a.user(perms.EMPLOYEE),
    },
    account_actions.reactivate_account: lambda w, p: {
        "actor": p, "user": UserFactory(is_active=False),
    },
    account_actions.reset_second_factors: lambda w, p: {
        "actor": p, "user": w.a.user(perms.EMPLOYEE),
    },
}


def _provider(world: World) -> Any:
    from tests.identity.routes import provider_of

    return provider_of(world)


def _code_channel(world: World, kind: str) -> Actor:
    from strongroom.identity.models import CodeChannel

    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=kind, phone="+4791234567" if kind == "sms" else "")
    return user_actor(user)


def _linkable(world: World) -> dict[str, Any]:
    provider = _provider(world)
    return {"actor": world.a.actor(perms.EMPLOYEE), "issuer": provider.issuer, "subject": "abc"}


CASES.update({
    factor_actions.add_code_channel: lambda w, p: {
        "actor": user_actor(w.a.user(perms.EMPLOYEE)), "kind": "sms", "phone": "+47 912 34 567",
    },
    factor_actions.remove_code_channel: lambda w, p: {
        "actor": _code_channel(w, "email"), "kind": "email",
    },
    signin_actions.update_sign_in_policy: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "allow_sms_codes": False, "trust_browser_days": 7,
    },
    sso_actions.configure_sso_provider: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "name": "Acme ID",
        "issuer": "https://login.example.test/tenant/.well-known/openid-configuration",
        "client_id": "strongroom", "client_secret": "client-secret-value",
    },
    sso_actions.remove_sso_provider: lambda w, p: (
        _provider(w) and {"actor": w.a.actor(perms.ADMIN)}
    ),
    sso_actions.link_sso_identity: lambda w, p: _linkable(w),
})


def _plain_totp(world: World, platform: Actor) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    row = Authenticator.objects.create(
        user=world.a.user(perms.EMPLOYEE), type="totp", data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return {"actor": platform, "authenticator_ids": [row.pk]}


CASES[factor_actions.encrypt_mfa_secrets] = _plain_totp
