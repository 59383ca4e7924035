from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "strongroom.identity"
    label = "identity"
    verbose_name = "Identity"

    def ready(self) -> None:
        from allauth.mfa.signals import (
            authenticator_added,
            authenticator_removed,
            authenticator_reset,
        )
        from django.contrib.auth.signals import user_logged_in

        from strongroom.identity import permissions, sessions  # noqa: F401
        from strongroom.identity.factors import second_factor
        from strongroom.identity.models import ApiKey, SignInPolicy, SsoProvider
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables

        track(SignInPolicy)
        track(SsoProvider)
        exportables.register(SignInPolicy)
        exportables.exclude(ApiKey, reason=(
            "credentials of this installation: only their hashes are kept, which work nowhere "
            "else; issue new keys after an import"
        ))
        exportables.exclude(SsoProvider, reason=(
            "sign-in configuration bound to this installation's addresses, holding a client "
            "secret; configure the provider again after an import"
        ))

        authenticator_added.connect(
            second_factor.record_enrolment, dispatch_uid="strongroom.record_enrolment"
        )
        user_logged_in.connect(sessions.mark_signed_in, dispatch_uid="strongroom.signed_in")
        for signal in (authenticator_removed, authenticator_reset):
            signal.connect(sessions.end_other_sessions, dispatch_uid="strongroom.factor_changed")
        _connect_security_events()


def _connect_security_events() -> None:
    from allauth.account import signals as account
    from allauth.mfa import signals as mfa
    from django.contrib.auth.signals import user_logged_out

    from strongroom.identity import jobs  # noqa: F401  (registers the periodic jobs)
    from strongroom.identity import security_events as events
    from strongroom.identity.factors import second_factor

    for signal, receiver in (
        (account.user_logged_in, second_factor.record_trusted_browser),
        (account.user_logged_in, events.on_logged_in),
        (user_logged_out, events.on_logged_out),
        (account.password_changed, events.on_password_changed),
        (account.password_reset, events.on_password_reset),
        (mfa.authenticator_added, events.on_factor_added),
        (mfa.authenticator_removed, events.on_factor_removed),
        (mfa.authenticator_reset, events.on_factor_reset),
        (mfa.authenticator_used, events.on_factor_used),
        (mfa.authentication_failed, events.on_factor_failed),
    ):
        signal.connect(receiver, dispatch_uid=f"strongroom.security.{receiver.__name__}")
