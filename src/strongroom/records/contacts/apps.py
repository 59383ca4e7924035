from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "strongroom.records.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.records.contacts import attachments, permissions, rules  # noqa: F401  (registration)
        from strongroom.records.contacts.models import ContactPerson, Organisation

        track(Organisation)
        track(ContactPerson)
        attachments.register()
