"""Forms of the second factor: allauth's second-factor forms extended with e-mail and SMS codes,
and turning a code factor on. Forms parse input; actions validate the rules."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.stagekit import stash_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.core.exceptions import ValidationError

from strongroom.identity import security_events
from strongroom.identity.factors import codes, second_factor
from strongroom.identity.security_events import Tag
from strongroom.platform.metrics.registry import second_factor_failed
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.web.input import InputForm

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
        try:
            return str(super().clean_code())  # type: ignore[misc]
        except ValidationError as exc:
            if exc.code == "incorrect_code":  # not a rate limit: counted where it refuses
                second_factor_failed()
            raise

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


class PhoneForm(InputForm):
    phone = forms.CharField(
        max_length=32, label="Mobile number",
        help_text="In international form, e.g. +47 912 34 567.",
    )


class ConfirmCodeForm(InputForm):
    code = forms.CharField(
        max_length=12, label="Code",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
