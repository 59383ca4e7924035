"""A ciphertext is bound to its company, record type, record id and field: moved, it fails."""

from __future__ import annotations

import pytest

from strongroom.platform.keys import crypto
from strongroom.platform.keys.errors import DecryptionFailed, KeyNotFound
from strongroom.platform.keys.fields import reveal
from tests.conftest import World
from tests.keys.conftest import make_person, stored
from tests.keys.testapp.models import Person


def _put(person: Person, field: str, token: str) -> None:
    """Write a stored value behind the application's back, as someone with database access."""
    Person.objects.filter(pk=person.pk).update(**{field: token})


def test_swapping_ciphertexts_between_rows_fails_loudly(world: World) -> None:
    kari, ola = make_person(world, name="Kari"), make_person(world, name="Ola")
    kari_token, ola_token = stored(kari, "name"), stored(ola, "name")
    _put(kari, "name", ola_token)
    _put(ola, "name", kari_token)
    for person in (kari, ola):
        with pytest.raises(DecryptionFailed, match="does not belong here"):
            _ = Person.objects.get(pk=person.pk).name


def test_swapping_ciphertexts_between_fields_fails_loudly(world: World) -> None:
    kari = make_person(world, name="Kari", email="kari@example.no")
    _put(kari, "name", stored(kari, "email"))
    loaded = Person.objects.get(pk=kari.pk)
    with pytest.raises(DecryptionFailed):
        _ = loaded.name
    assert loaded.email == "kari@example.no"


def test_a_ciphertext_moved_to_another_company_fails(world: World) -> None:
    kari = make_person(world, name="Kari")
    other = Person.objects.create(company=world.b.company, name="Globex person")
    _put(other, "name", stored(kari, "name"))
    with pytest.raises(DecryptionFailed):
        _ = Person.objects.get(pk=other.pk).name


@pytest.mark.parametrize("position", [5, 20, 40, -3])
def test_an_altered_ciphertext_fails(world: World, position: int) -> None:
    kari = make_person(world, name="Kari Nordmann")
    token = stored(kari, "name")
    flipped = "A" if token[position] != "A" else "B"
    _put(kari, "name", token[:position] + flipped + token[position + 1:])
    with pytest.raises((DecryptionFailed, KeyNotFound)):
        _ = Person.objects.get(pk=kari.pk).name


def test_a_truncated_or_foreign_value_fails(world: World) -> None:
    kari = make_person(world, name="Kari Nordmann")
    _put(kari, "name", stored(kari, "name")[:30])
    with pytest.raises(DecryptionFailed):
        _ = Person.objects.get(pk=kari.pk).name


def test_reveal_opens_history_values_only_in_their_place(world: World) -> None:
    kari = make_person(world, name="Kari Nordmann")
    token = stored(kari, "name")
    place = {"company_id": world.a.company.pk, "record_id": str(kari.pk)}
    assert reveal(Person, "name", stored=token, **place) == "Kari Nordmann"
    with pytest.raises(DecryptionFailed):
        reveal(Person, "email", stored=token, **place)
    with pytest.raises(DecryptionFailed):
        reveal(Person, "name", stored=token, company_id=world.a.company.pk,
               record_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(DecryptionFailed):
        reveal(Person, "name", stored=token, company_id=world.b.company.pk,
               record_id=str(kari.pk))
    assert reveal(Person, "note", stored="", **place) == ""


@pytest.mark.parametrize("damage", ["*", "é", "=", " "])
def test_a_token_with_a_character_outside_base64url_is_malformed(damage: str) -> None:
    """Decoding is strict: nothing is skipped or guessed in a token."""
    token = crypto.FIELD_PREFIX + crypto._b64(bytes(range(44)))
    assert crypto.decode_field(token)[2] == bytes(range(44))
    broken = token[:20] + damage + token[21:]
    with pytest.raises(DecryptionFailed, match="malformed"):
        crypto.decode_field(broken)
