from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "strongroom.identity"
    label = "identity"
    verbose_name = "Identity"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from strongroom.identity.second_factor import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="strongroom.record_enrolment")
