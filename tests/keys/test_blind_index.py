"""Exact-match search on encrypted values through keyed blind indexes."""

from __future__ import annotations

from strongroom.platform.keys.fields import blind_index
from tests.conftest import World
from tests.keys.conftest import make_person, stored
from tests.keys.testapp.models import Person


def _find(world: World, company: object, email: str) -> list[Person]:
    index = blind_index(Person, "email_index", company.pk, email)  # type: ignore[attr-defined]
    return list(Person.objects.filter(company=company, email_index=index))


def test_find_a_person_by_email_whatever_the_case(world: World) -> None:
    kari = make_person(world, email="Kari.Nordmann@Example.no")
    make_person(world, name="Ola", email="ola@example.no")
    assert _find(world, world.a.company, "  kari.nordmann@example.NO ") == [kari]
    assert _find(world, world.a.company, "nobody@example.no") == []
    assert _find(world, world.a.company, "") == []


def test_the_index_is_keyed_per_company_and_hides_the_value(world: World) -> None:
    import hashlib

    kari = make_person(world, email="kari@example.no")
    index = stored(kari, "email_index")
    assert len(index) == 64
    assert index != hashlib.sha256(b"kari@example.no").hexdigest()  # keyed, not a bare hash
    assert blind_index(Person, "email_index", world.b.company.pk, "kari@example.no") != index
    assert _find(world, world.b.company, "kari@example.no") == []


def test_the_index_follows_changes_and_empties(world: World) -> None:
    kari = make_person(world, email="kari@example.no")
    kari.email = "kari@new.example"
    kari.save()
    assert _find(world, world.a.company, "kari@example.no") == []
    assert _find(world, world.a.company, "KARI@new.example") == [kari]
    kari.email = ""
    kari.save()
    assert stored(kari, "email_index") == ""
