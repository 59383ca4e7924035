from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "strongroom.records.absences"
    label = "absences"
    verbose_name = "Absences"
