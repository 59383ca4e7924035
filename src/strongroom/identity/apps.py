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

        from strongroom.identity import permissions, second_factor, sessions  # noqa: F401

        authenticator_added.connect(
            second_factor.record_enrolment, dispatch_uid="strongroom.record_enrolment"
        )
        user_logged_in.connect(sessions.mark_signed_in, dispatch_uid="strongroom.signed_in")
        for signal in (authenticator_removed, authenticator_reset):
            signal.connect(sessions.end_other_sessions, dispatch_uid="strongroom.factor_changed")
