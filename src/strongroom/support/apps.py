from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "strongroom.support"
    label = "support"
    verbose_name = "Support access"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_out

        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables
        from strongroom.support import permissions  # noqa: F401  (registration)
        from strongroom.support.impersonation import end_on_sign_out
        from strongroom.support.models import SupportGrant, SupportSession

        for model in (SupportGrant, SupportSession):
            track(model)
            exportables.exclude(model, reason=(
                "support access by this installation's operators; every grant and session is "
                "in the audit log (audit/bundle.json)"
            ))
        user_logged_out.connect(end_on_sign_out, dispatch_uid="support-end-on-sign-out")
