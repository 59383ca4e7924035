"""Forms of a company's sign-in settings: its policy and its single sign-on provider. Forms
parse input; actions validate the rules."""

from __future__ import annotations

from django import forms

from strongroom.identity.models.policy import MAX_TRUST_BROWSER_DAYS
from strongroom.web.input import InputForm


class SignInPolicyForm(InputForm):
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


class SsoProviderForm(InputForm):
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
