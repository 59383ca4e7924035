from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "strongroom.records.approvals"
    label = "approvals"
    verbose_name = "Approvals"

    def ready(self) -> None:
        from django.db.models import Q

        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.records.approvals import permissions, rules  # noqa: F401  (registration)
        from strongroom.records.approvals.actions import stranded  # noqa: F401  (its job)
        from strongroom.records.approvals.models import ApprovalRequest, ApprovalRule, ApprovalStep
        from strongroom.records.approvals.views import dashboard  # noqa: F401  (its card)

        for model in (ApprovalRule, ApprovalRequest, ApprovalStep):
            track(model)
            exportables.register(model)
        personal.register(
            personal.MEMBER, ApprovalRequest,
            lambda member, found: ApprovalRequest.objects.filter(requester=member).order_by("pk"),
            about="The approvals the member requested.",
        )
        personal.register(
            personal.MEMBER, ApprovalStep,
            lambda member, found: ApprovalStep.objects.filter(
                Q(request__in=[r.pk for r in found.get("approvals.approvalrequest", [])])
                | Q(decided_by=member)
            ).order_by("pk"),
            about="The steps of those approvals (naming who decided them), and the steps the "
                  "member decided.",
        )
