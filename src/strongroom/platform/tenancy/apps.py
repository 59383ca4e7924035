from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "strongroom.platform.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.tenancy import permissions, rules  # noqa: F401  (registration)
        from strongroom.platform.tenancy.models import Company, CustomRole, Membership, Tag

        for model in (Company, CustomRole, Membership, Tag):
            track(model)
