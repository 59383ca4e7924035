from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "strongroom.records.absences"
    label = "absences"
    verbose_name = "Absences"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.records.absences import permissions, rules  # noqa: F401  (registration)
        from strongroom.records.absences.approval import register
        from strongroom.records.absences.models import Absence, AbsenceType, Entitlement
        from strongroom.records.absences.views import dashboard  # noqa: F401  (its card)

        for model in (AbsenceType, Absence, Entitlement):
            track(model)
        register()
        for model in (AbsenceType, Absence, Entitlement):
            exportables.register(model)
        personal.register(
            personal.MEMBER, Absence,
            lambda member, found: Absence.objects.filter(member=member).order_by("pk"),
            about="The member's absences.",
        )
        personal.register(
            personal.MEMBER, Entitlement,
            lambda member, found: Entitlement.objects.filter(member=member).order_by("pk"),
            about="The member's absence entitlements.",
        )
