"""Encrypted fields: plain text in code, ciphertext in the database, decrypted only when read."""

from __future__ import annotations

import pickle

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from strongroom.platform.keys import cache, values
from strongroom.platform.keys.fields import ERASED, stored_value
from strongroom.platform.keys.models import CompanyKey, DataKeyset, DataKeyVersion, Purpose
from tests.conftest import World
from tests.keys.conftest import make_person, stored
from tests.keys.testapp.models import Person


@pytest.fixture
def decryptions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every field decryption, by field name."""
    seen: list[str] = []
    real = values.open_token

    def counting(token: str, **kwargs: object) -> str | None:
        seen.append(str(kwargs["field_name"]))
        return real(token, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(values, "open_token", counting)
    return seen


def test_values_are_stored_as_tokens_and_read_as_plain_text(person: Person) -> None:
    for field in ("name", "email", "account"):
        token = stored(person, field)
        assert token.startswith("sr1.")
        assert "Nordmann" not in token
        assert "8601" not in token
    again = Person.objects.get(pk=person.pk)
    assert again.name == "Kari Nordmann"
    assert again.email == "Kari.Nordmann@example.no"
    assert again.account == "NO93 8601 1117 947"
    assert type(again.name) is str


def test_same_text_encrypts_differently_each_time(world: World) -> None:
    one, two = make_person(world), make_person(world)
    assert stored(one, "name") != stored(two, "name")


def test_decryption_is_lazy_and_happens_once(person: Person, decryptions: list[str]) -> None:
    loaded = Person.objects.get(pk=person.pk)
    assert decryptions == []
    assert loaded.email.endswith("example.no")
    assert loaded.email.endswith("example.no")
    assert decryptions == ["email"]


def test_saving_keeps_unchanged_ciphertexts(person: Person, decryptions: list[str]) -> None:
    before = {field: stored(person, field) for field in ("name", "email", "account")}
    loaded = Person.objects.get(pk=person.pk)
    loaded.kind = "supplier"
    loaded.save()
    assert "name" not in decryptions  # not read, so not decrypted (the e-mail feeds an index)
    loaded.name = "Kari Nordmann"  # the same text, as a form would assign it
    loaded.email = "Ola@example.no"
    loaded.save()
    assert stored(person, "name") == before["name"]
    assert stored(person, "account") == before["account"]
    assert stored(person, "email") != before["email"]
    assert Person.objects.get(pk=person.pk).email == "Ola@example.no"


def test_empty_and_null_values_are_stored_as_they_are(world: World) -> None:
    person = make_person(world, email="", note=None)
    assert stored(person, "email") == ""
    assert stored(person, "note") is None
    assert Person.objects.get(pk=person.pk).note is None


def test_unicode_and_long_text_round_trip(world: World) -> None:
    text = "Ærlig Øystein Åsen — 東京 🚀 " * 400
    person = make_person(world, note=text)
    assert Person.objects.get(pk=person.pk).note == text


def test_queries_cannot_compare_plain_values(person: Person) -> None:
    with pytest.raises(TypeError, match="BlindIndexField"):
        list(Person.objects.filter(email="Kari.Nordmann@example.no"))
    assert Person.objects.filter(note__isnull=True).count() == 1
    assert Person.objects.exclude(email="").count() == 1
    with pytest.raises(TypeError, match="update"), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(name="Somebody")


def test_deferred_fields_load_their_token_and_decrypt(person: Person) -> None:
    loaded = Person.objects.only("kind").get(pk=person.pk)
    assert loaded.name == "Kari Nordmann"
    loaded.kind = "supplier"
    loaded.save()
    assert Person.objects.get(pk=person.pk).name == "Kari Nordmann"


def test_refresh_from_db_reads_the_new_value(person: Person) -> None:
    other = Person.objects.get(pk=person.pk)
    other.name = "Kari Hansen"
    other.save()
    person.refresh_from_db()
    assert person.name == "Kari Hansen"


def test_stored_value_is_the_ciphertext(person: Person) -> None:
    field = Person._meta.get_field("email")
    assert stored_value(person, field) == stored(person, "email")
    fresh = Person(company=person.company, name="Nina", email="nina@example.no")
    token = stored_value(fresh, field)  # sealed now, and saving stores exactly that
    fresh.save()
    assert stored(fresh, "email") == token


def test_pickled_records_carry_no_plain_text(person: Person) -> None:
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.email
    data = pickle.dumps(loaded)
    assert b"Nordmann" not in data
    assert pickle.loads(data).email == "Kari.Nordmann@example.no"  # noqa: S301


def test_a_copied_record_is_encrypted_for_its_new_place(person: Person) -> None:
    import uuid

    copy = Person.objects.get(pk=person.pk)
    copy.pk = uuid.uuid4()
    copy._state.adding = True
    copy.save()
    assert Person.objects.get(pk=copy.pk).name == "Kari Nordmann"
    assert stored(copy, "name") != stored(person, "name")


def test_personal_fields_use_the_subject_key_others_the_company_key(person: Person) -> None:
    subject = DataKeyset.objects.get(purpose=Purpose.SUBJECT, subject=f"person:{person.pk}")
    company = DataKeyset.objects.get(purpose=Purpose.COMPANY, company_id=person.company_id)
    from strongroom.platform.keys.crypto import token_key

    assert token_key(stored(person, "name"))[0] == subject.key_id
    assert token_key(stored(person, "email"))[0] == subject.key_id
    assert token_key(stored(person, "account"))[0] == company.key_id
    kek = CompanyKey.objects.get(company_id=person.company_id)
    assert (kek.version, kek.root_version, kek.state) == (1, 1, CompanyKey.State.ACTIVE)
    for row in DataKeyVersion.objects.filter(keyset__company_id=person.company_id):
        assert row.company_key_version == 1
        assert len(bytes(row.wrapped)) == 12 + 32 + 16  # nonce, key, tag: never a bare key


def test_reading_a_page_of_people_costs_one_key_store_round(world: World) -> None:
    people = [make_person(world, name=f"Person {n}") for n in range(30)]
    cache.clear()
    listed = list(Person.objects.filter(company=world.a.company).order_by("name"))
    with CaptureQueriesContext(connections["keys"]) as queries:
        names = {p.name for p in listed}
    assert names == {p.name for p in people}
    assert len(queries) <= 2  # the data keys, then the company key wrapping them


def test_without_a_cache_every_read_goes_to_the_key_store(
    person: Person, settings: object
) -> None:
    settings.STRONGROOM_KEY_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    cache.clear()
    assert Person.objects.get(pk=person.pk).name == "Kari Nordmann"
    assert Person.objects.get(pk=person.pk).email == "Kari.Nordmann@example.no"


def test_cached_keys_expire(person: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    assert Person.objects.get(pk=person.pk).name
    assert len(cache.data_keys._data) > 0
    later = time.monotonic() + 61
    monkeypatch.setattr(cache.time, "monotonic", lambda: later)
    key = next(iter(cache.data_keys._data))
    assert cache.data_keys.get(key) is None
    assert Person.objects.get(pk=person.pk).name == "Kari Nordmann"


def test_erased_reads_as_erased_and_survives_saving(person: Person) -> None:
    from strongroom.platform.keys.store import destroy_keyset

    destroy_keyset(person.company_id, Purpose.SUBJECT, f"person:{person.pk}")
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.name is ERASED
    assert loaded.email is ERASED
    assert loaded.account == "NO93 8601 1117 947"  # the company key still opens company data
    token = stored(person, "name")
    loaded.name = loaded.name  # a form writing back what it showed
    loaded.kind = "former"
    loaded.save()
    assert stored(person, "name") == token
    assert stored(person, "email_index") == ""  # an erased person cannot be looked up
