"""Forms of identity: allauth's second-factor forms extended with e-mail and SMS codes, and the
company's sign-in settings. Forms parse input; actions validate the rules."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.stagekit import stash_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.core.exceptions import ValidationError

from strongroom.identity import codes, second_factor, security_events
from strongroom.identity.models.policy import MAX_TRUST_BROWSER_DAYS
from strongroom.identity.security_events import Tag
from strongroom.platform.tenancy.middleware import client_ip

REAUTH_CODES_KEY = "strongroom_reauth_codes"


class _CodeMixin:
    """Accept a pending e-mail or SMS code before allauth's own factors are tried."""

    user: Any
    cleaned_data: dict[str, Any]
    used_code: dict[str, Any] | None = None
    reauthenticated = False

    def _holder(self) -> dict[str, Any]:
        raise NotImplementedError

    def _keep(self, holder: dict[str, Any]) -> None:
        raise NotImplementedError

    def clean_code(self) -> str:
        holder = self._holder()
        waiting = codes.pending(holder, self.user)
        if waiting is not None:
            try:
                entry = codes.verify(
                    holder, user=self.user, code=self.cleaned_data["code"],
                    ip=client_ip(context.request),
                )
            except codes.CodeError as exc:
                raise ValidationError(str(exc)) from None
            self._keep(holder)
            if entry is not None:
                self.used_code = entry
                return str(self.cleaned_data["code"])
            security_events.record(
                self.user, Tag.SECOND_FACTOR_FAILURE, request=context.request,
                type=waiting["kind"],
            )
        return str(super().clean_code())  # type: ignore[misc]

    def save(self) -> None:
        if self.used_code is None:
            super().save()  # type: ignore[misc]
            return
        kind = self.used_code["kind"]
        second_factor.note_code_used(self.user, kind)
        record_authentication(
            context.request, self.user, "mfa", type=kind,
            reauthenticated=True if self.reauthenticated else None,
        )


class CodeAuthenticateForm(_CodeMixin, AuthenticateForm):
    """At sign-in: the pending code lives in allauth's login state (bound to this attempt)."""

    def _holder(self) -> dict[str, Any]:
        return context.request._login_stage.state

    def _keep(self, holder: dict[str, Any]) -> None:
        stage = context.request._login_stage
        stash_login(context.request, stage.login)


class CodeReauthenticateForm(_CodeMixin, ReauthenticateForm):
    """At re-authentication: the pending code lives in this session, for this account."""

    reauthenticated = True

    def _holder(self) -> dict[str, Any]:
        return dict(context.request.session.get(REAUTH_CODES_KEY, {}))

    def _keep(self, holder: dict[str, Any]) -> None:
        context.request.session[REAUTH_CODES_KEY] = holder


class PhoneForm(forms.Form):
    phone = forms.CharField(
        max_length=32, label="Mobile number",
        help_text="In international form, e.g. +47 912 34 567.",
    )


class ConfirmCodeForm(forms.Form):
    code = forms.CharField(
        max_length=12, label="Code",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SignInPolicyForm(forms.Form):
    allow_email_codes = forms.BooleanField(
        required=False, label="Accept e-mail codes as a second factor",
        help_text="Weaker than an app or a passkey: whoever reads the mailbox gets the code.",
    )
    allow_sms_codes = forms.BooleanField(
        required=False, label="Accept text message (SMS) codes as a second factor",
        help_text="Weaker than an app or a passkey: numbers can be hijacked (SIM swap).",
    )
    trust_browser_days = forms.IntegerField(
        min_value=0, max_value=MAX_TRUST_BROWSER_DAYS, label="Trust a browser for (days)",
        help_text="A browser the person chose to trust skips the second factor this long; "
        "0 = always ask. The installation's own limit applies too.",
    )
    require_sso = forms.BooleanField(
        required=False, label="Require single sign-on",
        help_text="Members enter this company only after signing in through its provider.",
    )
    accept_provider_mfa = forms.BooleanField(
        required=False, label="Accept the provider's multi-factor sign-in",
        help_text="When the provider reports a second factor (amr/acr), Strongroom does not "
        "ask for its own here.",
    )


class SsoProviderForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Shown on the sign-in button.")
    issuer = forms.CharField(
        max_length=500, label="Issuer or discovery URL",
        help_text="e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or "
        "https://accounts.google.com",
    )
    client_id = forms.CharField(max_length=255, label="Client id")
    client_secret = forms.CharField(
        max_length=2000, required=False, label="Client secret",
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the stored secret. It is stored encrypted and never "
        "shown again.",
    )
    link_unverified_email = forms.BooleanField(
        required=False, label="Trust the provider's e-mail claim",
        help_text="Link first sign-ins by e-mail even without email_verified (Entra ID).",
    )
    mfa_amr = forms.CharField(
        max_length=200, required=False, label="amr values meaning multi-factor",
    )
    mfa_acr = forms.CharField(
        max_length=200, required=False, label="acr values meaning multi-factor",
    )
