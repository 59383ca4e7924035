from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "strongroom.records.approvals"
    label = "approvals"
    verbose_name = "Approvals"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables
        from strongroom.records.approvals import permissions, rules  # noqa: F401  (registration)
        from strongroom.records.approvals.actions import stranded  # noqa: F401  (its job)
        from strongroom.records.approvals.models import ApprovalRequest, ApprovalRule, ApprovalStep
        from strongroom.records.approvals.views import dashboard  # noqa: F401  (its card)

        for model in (ApprovalRule, ApprovalRequest, ApprovalStep):
            track(model)
            exportables.register(model)
