"""Permission-matrix routes of contacts, web and API (see tests/matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.matrix import MISSING, OWN, Route

API = "/api/v1/companies/acme"
PREFIX = "api-1.0.0:"
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def _organisation_id(world: World, selector: str) -> str:
    if selector == MISSING:
        return MISSING_ID
    return str(make_organisation(world.a if selector == OWN else world.b).pk)


def _person_id(world: World, selector: str) -> str:
    if selector == MISSING:
        return MISSING_ID
    return str(make_person(world.a if selector == OWN else world.b).pk)


def _web(suffix: str = "") -> Callable[[World, str], str]:
    return lambda w, s: f"/c/{w.a.company.slug}/contacts/{suffix}"


def _web_org(suffix: str = "") -> Callable[[World, str], str]:
    return lambda w, s: f"/c/{w.a.company.slug}/contacts/{_organisation_id(w, s)}/{suffix}"


def _web_person(suffix: str = "") -> Callable[[World, str], str]:
    return lambda w, s: f"/c/{w.a.company.slug}/contacts/people/{_person_id(w, s)}/{suffix}"


def _organisation_form(world: World) -> dict[str, Any]:
    return {"name": "Initech AS", "country": "NO", "organisation_number": "912345678"}


def _person_form(world: World) -> dict[str, Any]:
    return {"name": "Kari Nordmann", "email": "kari@initech.example", "phone": "+47 912 34 567"}


def _api_person(world: World) -> dict[str, Any]:
    return {"organisation_id": str(make_organisation(world.a).pk), "name": "Ola Nordmann"}


def _api(name: str, method: str, path: Any, permission: str, **kwargs: Any) -> Route:
    return Route(f"{PREFIX}{name}", method, path, permission, api=True, **kwargs)


VIEW, MANAGE = "contact.view", "contact.manage"

ROUTES: list[Route] = [
    Route("web:organisations", "GET", _web(), VIEW),
    Route("web:organisation_add", "GET", _web("add/"), MANAGE),
    Route("web:organisation_add", "POST", _web("add/"), MANAGE, data=_organisation_form),
    Route("web:organisation_detail", "GET", _web_org(), VIEW, object_level=True),
    Route("web:organisation_edit", "GET", _web_org("edit/"), MANAGE, object_level=True),
    Route(
        "web:organisation_edit", "POST", _web_org("edit/"), MANAGE, object_level=True,
        data=_organisation_form,
    ),
    Route("web:organisation_delete", "POST", _web_org("delete/"), MANAGE, object_level=True),
    Route("web:person_add", "GET", _web_org("people/add/"), MANAGE, object_level=True),
    Route(
        "web:person_add", "POST", _web_org("people/add/"), MANAGE, object_level=True,
        data=_person_form,
    ),
    Route("web:people", "GET", _web("people/"), VIEW),
    Route("web:person_detail", "GET", _web_person(), VIEW, object_level=True),
    Route("web:person_edit", "GET", _web_person("edit/"), MANAGE, object_level=True),
    Route(
        "web:person_edit", "POST", _web_person("edit/"), MANAGE, object_level=True,
        data=_person_form,
    ),
    Route("web:person_delete", "POST", _web_person("delete/"), MANAGE, object_level=True),
    _api("list_organisations", "GET", lambda w, s: f"{API}/organisations", VIEW),
    _api(
        "get_organisation", "GET", lambda w, s: f"{API}/organisations/{_organisation_id(w, s)}",
        VIEW, object_level=True,
    ),
    _api(
        "organisation_history", "GET",
        lambda w, s: f"{API}/organisations/{_organisation_id(w, s)}/history", VIEW,
        object_level=True,
    ),
    _api(
        "contact_person_history", "GET",
        lambda w, s: f"{API}/contact-persons/{_person_id(w, s)}/history", VIEW,
        object_level=True,
    ),
    _api(
        "create_organisation", "POST", lambda w, s: f"{API}/organisations", MANAGE,
        data=_organisation_form,
    ),
    _api(
        "update_organisation", "PATCH",
        lambda w, s: f"{API}/organisations/{_organisation_id(w, s)}", MANAGE,
        object_level=True, data=lambda w: {"city": "Bergen"},
    ),
    _api(
        "delete_organisation", "DELETE",
        lambda w, s: f"{API}/organisations/{_organisation_id(w, s)}", MANAGE, object_level=True,
    ),
    _api("list_contact_persons", "GET", lambda w, s: f"{API}/contact-persons", VIEW),
    _api(
        "get_contact_person", "GET", lambda w, s: f"{API}/contact-persons/{_person_id(w, s)}",
        VIEW, object_level=True,
    ),
    _api(
        "create_contact_person", "POST", lambda w, s: f"{API}/contact-persons", MANAGE,
        data=_api_person,
    ),
    _api(
        "update_contact_person", "PATCH",
        lambda w, s: f"{API}/contact-persons/{_person_id(w, s)}", MANAGE, object_level=True,
        data=lambda w: {"job_title": "CEO"},
    ),
    _api(
        "delete_contact_person", "DELETE",
        lambda w, s: f"{API}/contact-persons/{_person_id(w, s)}", MANAGE, object_level=True,
    ),
]
