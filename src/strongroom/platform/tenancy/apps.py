from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "strongroom.platform.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"

    def ready(self) -> None:
        from strongroom.platform.tenancy import permissions, rules  # noqa: F401  (registration)
