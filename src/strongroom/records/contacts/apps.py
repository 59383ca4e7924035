from collections.abc import Iterator
from typing import Any

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "strongroom.records.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.keys.subject_erasure import register_subject_kind
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.platform.search import index as search
        from strongroom.records.contacts import attachments, permissions, rules  # noqa: F401  (registration)
        from strongroom.records.contacts.models import ContactPerson, Organisation
        from strongroom.records.contacts.views import finds  # noqa: F401  (search sections)

        track(Organisation)
        track(ContactPerson)
        attachments.register()
        exportables.register(Organisation)
        exportables.register(ContactPerson)
        personal.register_subject(personal.CONTACT, ContactPerson)
        personal.register(personal.CONTACT, ContactPerson, lambda person, found: [person],
                          about="The contact person, every field decrypted.")
        personal.register(
            personal.CONTACT, Organisation,
            lambda person, found: Organisation.objects.filter(pk=person.organisation_id),
            about="The organisation the person is at.",
        )
        register_subject_kind("contact", existing_people)
        search.register(Organisation, ("name",), lambda o: [search.text(o.name)])
        search.register(ContactPerson, ("name", "email", "phone"), person_forms)


def person_forms(person: Any) -> Iterator[str]:
    """A contact person's searchable values, decrypted one by one as a search needs them."""
    from strongroom.platform.search import index as search

    yield search.text(person.name)
    yield search.text(person.email)
    yield from search.phone(person.phone)


def existing_people(company_id: int, ids: list[str]) -> set[str]:
    """Which of these contact person ids still have a record (the erasure sweep asks)."""
    import uuid

    from strongroom.records.contacts.models import ContactPerson

    valid = []
    for ident in ids:
        try:
            valid.append(uuid.UUID(ident))
        except ValueError:
            continue
    found = ContactPerson.objects.filter(company_id=company_id, pk__in=valid)
    return {str(pk) for pk in found.values_list("pk", flat=True)}
