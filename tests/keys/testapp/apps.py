from django.apps import AppConfig


class KeysTestAppConfig(AppConfig):
    name = "tests.keys.testapp"
    label = "keys_testapp"
    verbose_name = "Encrypted records for the key store's tests"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from tests.keys.testapp.models import Person

        track(Person)
