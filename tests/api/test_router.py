"""The API kit's Router: operations named once, given their CompanyActor, history in one call."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.http import HttpRequest

from strongroom.api import router as kit
from strongroom.api.input import Int64
from strongroom.api.router import Router
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.project.api import api


def operations() -> list[Any]:
    """Every operation of the assembled API with its view function."""
    found = []
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            found.extend(path_view.operations)
    return found


def test_every_operation_is_named_by_its_function() -> None:
    ops = operations()
    assert len(ops) > 100
    for op in ops:
        name = op.view_func.__name__
        assert op.operation_id == name
        assert op.url_name == name


def test_a_restated_name_that_differs_is_refused() -> None:
    router = Router()

    def get_thing(request: HttpRequest) -> None:
        return None

    with pytest.raises(ValueError, match="function's name"):
        router.get("/thing", operation_id="other_name")(get_thing)
    router.get("/thing", operation_id="get_thing")(get_thing)  # the same name is harmless


def test_company_operations_document_the_slug_and_take_the_actor() -> None:
    seen = 0
    for op in operations():
        parameters = inspect.signature(op.view_func).parameters
        if "company_slug" not in op.path:
            assert "company_slug" not in parameters
            continue
        seen += 1
        assert list(parameters)[:2] == ["request", "company_slug"], op.view_func.__name__
        assert kit.ACTOR not in parameters
    assert seen > 90


def test_the_actor_is_resolved_before_the_operation_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[tuple[object, str]] = []
    sentinel = object()

    def fake_company_actor(request: HttpRequest, company_slug: str) -> object:
        resolved.append((request, company_slug))
        return sentinel

    monkeypatch.setattr(kit, "company_actor", fake_company_actor)

    def list_things(request: HttpRequest, actor: CompanyActor, page: int = 1) -> Any:
        return actor, page

    wrapped = kit.with_company_actor(list_things)
    assert list(inspect.signature(wrapped).parameters) == ["request", "company_slug", "page"]
    request = HttpRequest()
    assert wrapped(request, company_slug="acme", page=2) == (sentinel, 2)
    assert resolved == [(request, "acme")]


def test_an_actor_parameter_must_be_company_scoped() -> None:
    def broken(request: HttpRequest, actor: Actor) -> None:
        return None

    with pytest.raises(TypeError, match="CompanyActor"):
        kit.with_company_actor(broken)


def test_operations_without_an_actor_are_left_as_they_are() -> None:
    def get_me(request: HttpRequest) -> None:
        return None

    assert kit.with_company_actor(get_me) is get_me


def test_history_needs_the_records_id_in_its_path() -> None:
    with pytest.raises(ValueError, match="does not end in the record's id"):
        Router().history(
            "/companies/{company_slug}/things", name="thing_history", summary="History",
            lookup=lambda actor, pk: None,  # type: ignore[arg-type,return-value]
            permission="thing.view", id_type=int,
        )


def test_history_operations_take_the_records_id_with_its_type() -> None:
    history = {op.view_func.__name__: op for op in operations() if op.path.endswith("/history")}
    assert len(history) >= 12
    assert all(name.endswith("_history") for name in history)
    tag = inspect.signature(history["tag_history"].view_func).parameters
    assert list(tag) == ["request", "company_slug", "tag_id"]
    assert tag["tag_id"].annotation is Int64


def test_a_listing_refuses_an_actor_without_its_permission_before_it_runs() -> None:
    from strongroom.platform.access.policy import NotFound
    from strongroom.platform.tenancy.models import Company
    from strongroom.records.contacts.permissions import CONTACT_VIEW

    router, ran = Router(), []

    @router.listing("/companies/{company_slug}/things", item=int, permission=CONTACT_VIEW,
                    summary="List things")
    def list_things(request: HttpRequest, actor: CompanyActor) -> list[int]:
        ran.append(actor)
        return [1]

    (operation,) = router.path_operations["/companies/{company_slug}/things"].operations
    # past the query check, the actor and the pages
    guarded = operation.view_func.__wrapped__.__wrapped__.__wrapped__
    company = Company(pk=7, slug="acme")
    stranger = CompanyActor(user=None, company=company)
    with pytest.raises(NotFound):
        guarded(HttpRequest(), actor=stranger)
    assert ran == []
    reader = CompanyActor(user=None, company=company, permissions=frozenset({CONTACT_VIEW}))
    assert guarded(HttpRequest(), actor=reader) == [1]
    assert ran == [reader]
