"""The second-factor pages: allauth's sign-in and re-authentication steps with e-mail and SMS
codes added, and the page where people turn code factors on and off (P-A1)."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.stagekit import stash_login
from allauth.mfa.base.views import AuthenticateView, ReauthenticateView
from allauth.mfa.stages import AuthenticateStage
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from strongroom.identity.factors import actions, codes, second_factor, sms
from strongroom.identity.factors.forms import REAUTH_CODES_KEY, ConfirmCodeForm, PhoneForm
from strongroom.identity.models import CodeChannel
from strongroom.identity.signin import gate, selectors
from strongroom.identity.signin.detour import ENTERING_KEY
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.web.actor import platform_actor
from strongroom.web.refusals import refusal_shown

ENROL_KEY = "strongroom_enrol_code"


def _code_context(user: User, kinds: set[str] | None = None) -> dict[str, Any]:
    channels = [c for c in second_factor.code_channels(user) if kinds is None or c.kind in kinds]
    return {
        "code_channels": channels,
        "code_risks": {c.kind: codes.RISK[CodeChannel.Kind(c.kind)] for c in channels},
        "has_app_factor": second_factor.has_app_factor(user),
    }


def _send(request: HttpRequest, holder: dict[str, Any], user: User, purpose: str) -> bool:
    """Send a code to the channel named in the POST; tell the person what happened."""
    kind = request.POST.get("send_code", "")
    channel = next((c for c in second_factor.code_channels(user) if c.kind == kind), None)
    if channel is None:
        messages.error(request, "Choose one of your code channels.")
        return False
    try:
        destination = codes.issue(
            holder, user=user, kind=channel.kind, phone=channel.phone, purpose=purpose,
            ip=client_ip(request),
        )
    except codes.CodeError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, f"We sent a code to {destination}. It is valid for 10 minutes.")
    return True


@method_decorator(
    login_stage_required(stage=AuthenticateStage.key, redirect_urlname="account_login"),
    name="dispatch",
)
class SecondFactorView(AuthenticateView):
    """allauth's sign-in second-factor step; also sends and accepts e-mail and SMS codes, and
    serves accounts whose only factors are codes."""

    template_name = "identity/authenticate.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.stage = request._login_stage  # type: ignore[attr-defined]
        user = self.stage.login.user
        if user is None or not second_factor.has_second_factor(user):
            return HttpResponseRedirect(reverse("account_login"))
        if request.method == "POST" and "send_code" in request.POST:
            _send(request, self.stage.state, user, "sign-in")
            stash_login(request, self.stage.login)
            return HttpResponseRedirect(request.path)
        self.form = self._build_forms()
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.stage.login.user
        context.update(_code_context(user))
        context["code_pending"] = codes.pending(self.stage.state, user) is not None
        return context


class SecondFactorReauthenticateView(ReauthenticateView):
    """allauth's "confirm it is you" with a second factor, codes included. When a company's
    policy sent the person here, only the code channels that company accepts are offered."""

    template_name = "identity/reauthenticate.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method == "POST" and (
            "send_code" in request.POST
        ):
            if request.POST.get("send_code") in self._kinds():
                holder = dict(request.session.get(REAUTH_CODES_KEY, {}))
                _send(request, holder, request.user, "confirmation")
                request.session[REAUTH_CODES_KEY] = holder
            return HttpResponseRedirect(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def _kinds(self) -> set[str]:
        company_id = self.request.session.get(ENTERING_KEY)
        if not isinstance(company_id, int):
            return {str(kind) for kind in CodeChannel.Kind}
        return gate.allowed_code_kinds(selectors.sign_in_policy_for_company_id(company_id))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(_code_context(user, self._kinds()))
        holder = self.request.session.get(REAUTH_CODES_KEY, {})
        context["code_pending"] = codes.pending(holder, user) is not None
        return context


authenticate = SecondFactorView.as_view()
reauthenticate = SecondFactorReauthenticateView.as_view()


@never_cache
@login_required
@reauthentication_required(app="strongroom.identity", allow_get=True)
def code_factors(request: HttpRequest) -> HttpResponse:
    """Turn e-mail or SMS codes on (after a code sent there is typed back) or off."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    if user.is_operator:
        messages.error(request, actions.OPERATORS_USE_STRONG_FACTORS)
        return redirect("mfa_index")
    holder: dict[str, Any] = dict(request.session.get(ENROL_KEY, {}))
    phone_form, confirm_form = PhoneForm(), ConfirmCodeForm()
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "send_email":
        _issue_enrolment(request, holder, user, CodeChannel.Kind.EMAIL, "")
    elif step == "send_sms":
        phone_form = PhoneForm(request.POST)
        if phone_form.is_valid():
            try:
                number = sms.normalise_number(phone_form.cleaned_data["phone"])
            except ValueError as exc:
                phone_form.add_error("phone", str(exc))
            else:
                _issue_enrolment(request, holder, user, CodeChannel.Kind.SMS, number)
    elif step == "confirm":
        confirm_form = ConfirmCodeForm(request.POST)
        if confirm_form.is_valid() and _confirm(request, holder, user, confirm_form):
            request.session[ENROL_KEY] = holder
            return redirect("identity_codes")
    elif step == "remove":
        try:
            actions.remove_code_channel(
                actor=platform_actor(request), kind=request.POST.get("kind", "")
            )
        except NotFound:
            messages.error(request, "There is no such code channel to remove.")
        else:
            messages.success(request, "Codes of that kind are turned off for your account.")
        return redirect("identity_codes")
    request.session[ENROL_KEY] = holder
    pending = codes.pending(holder, user)
    context = {
        **_code_context(user),
        "risks": codes.RISK,
        "pending": pending,
        "phone_form": phone_form,
        "confirm_form": confirm_form,
    }
    return render(request, "identity/code_factors.html", context)


def _issue_enrolment(
    request: HttpRequest, holder: dict[str, Any], user: User, kind: str, phone: str
) -> None:
    try:
        destination = codes.issue(
            holder, user=user, kind=kind, phone=phone, purpose="set-up", ip=client_ip(request)
        )
    except codes.CodeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"We sent a code to {destination}. Type it below.")


def _confirm(
    request: HttpRequest, holder: dict[str, Any], user: User, form: ConfirmCodeForm
) -> bool:
    try:
        entry = codes.verify(
            holder, user=user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
    except codes.CodeError as exc:
        form.add_error("code", str(exc))
        return False
    if entry is None:
        form.add_error("code", "Incorrect or expired code. Ask for a new one if needed.")
        return False
    with refusal_shown(form=form) as outcome:
        actions.add_code_channel(
            actor=platform_actor(request), kind=entry["kind"], phone=entry["phone"]
        )
    if outcome.refused:
        return False
    # Typing the code back proves possession: this session has used the new factor.
    record_authentication(request, user, "mfa", type=entry["kind"], enrolled=True)
    messages.success(request, f"{CodeChannel.Kind(entry['kind']).label}s are on.")
    return True
