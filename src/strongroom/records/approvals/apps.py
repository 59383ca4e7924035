from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "strongroom.records.approvals"
    label = "approvals"
    verbose_name = "Approvals"
