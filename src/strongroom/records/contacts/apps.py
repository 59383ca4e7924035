from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "strongroom.records.contacts"
    label = "contacts"
    verbose_name = "Contacts"
