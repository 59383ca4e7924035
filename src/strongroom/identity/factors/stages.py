"""allauth's sign-in stage for the second factor, extended rather than replaced (P-A1, P-A2).

``SecondFactorStage`` keeps allauth's key, page and rules and adds two things: accounts whose
only factors are e-mail or SMS codes are asked too, and a sign-in through a company's OpenID
Connect provider whose multi-factor claim that company accepts counts as the second factor.
The adapter puts it in place of allauth's stage (``AccountAdapter.get_login_stages``).
"""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage
from allauth.mfa.webauthn.internal.flows import did_use_passwordless_login
from django.http import HttpRequest

from strongroom.identity.factors import second_factor
from strongroom.identity.sso import session as sso_session

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
STAGE = "strongroom.identity.factors.stages.SecondFactorStage"


class SecondFactorStage(AuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        user = self.login.user
        if user is None:
            return False
        if sso_session.accept_provider_mfa(request, user):
            return False
        if not second_factor.has_second_factor(user):
            return False  # the middleware sends the new session to enrol one
        if did_use_passwordless_login(request, user):
            return False
        return second_factor.trusted_since(request, user) is None
