from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "strongroom.records.absences"
    label = "absences"
    verbose_name = "Absences"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables
        from strongroom.records.absences import permissions, rules  # noqa: F401  (registration)
        from strongroom.records.absences.approval import register
        from strongroom.records.absences.models import Absence, AbsenceType, Entitlement

        for model in (AbsenceType, Absence, Entitlement):
            track(model)
        register()
        for model in (AbsenceType, Absence, Entitlement):
            exportables.register(model)
