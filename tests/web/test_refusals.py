"""web.refusals: an action's ValidationError becomes a message or form errors, nothing else."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from strongroom.web.refusals import apply_errors, refusal_shown


class _Form(forms.Form):
    name = forms.CharField()
    day = forms.IntegerField()


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _shown(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _bound() -> _Form:
    form = _Form({"name": "x", "day": "1"})
    assert form.is_valid()
    return form


def test_a_refusal_becomes_one_error_message() -> None:
    request = _request()
    with refusal_shown(request) as outcome:
        raise ValidationError(["Not now.", "Ask an owner."])
    assert outcome.refused
    assert isinstance(outcome.error, ValidationError)
    assert _shown(request) == [("error", "Not now. Ask an owner.")]


def test_a_refusal_per_field_joins_every_message() -> None:
    request = _request()
    with refusal_shown(request):
        raise ValidationError({"name": "Taken.", "day": "Too late."})
    assert _shown(request) == [("error", "Taken. Too late.")]


def test_code_after_the_block_runs_only_after_a_refusal() -> None:
    def view(refuse: bool) -> str:
        with refusal_shown(_request()):
            if refuse:
                raise ValidationError("No.")
            return "done"
        return "refused"

    assert view(refuse=False) == "done"
    assert view(refuse=True) == "refused"


def test_success_shows_nothing() -> None:
    request = _request()
    with refusal_shown(request) as outcome:
        pass
    assert not outcome.refused
    assert outcome.error is None
    assert _shown(request) == []


@pytest.mark.parametrize("raised", [PermissionDenied("no"), ValueError("bad"), KeyError("k")])
def test_other_exceptions_pass_through(raised: Exception) -> None:
    request = _request()
    with pytest.raises(type(raised)), refusal_shown(request):
        raise raised
    assert _shown(request) == []


def test_a_refusal_goes_on_the_form_fields_or_on_top() -> None:
    form = _bound()
    with refusal_shown(form=form) as outcome:
        raise ValidationError({"name": "Taken.", "colour": "Unknown."})
    assert outcome.refused
    assert form.errors == {"name": ["Taken."], "__all__": ["Unknown."]}


def test_a_refusal_without_fields_goes_on_top_of_the_form() -> None:
    form = _bound()
    with refusal_shown(form=form):
        raise ValidationError("Closed.")
    assert form.non_field_errors() == ["Closed."]


def test_aliases_map_an_actions_names_to_the_forms() -> None:
    form = _bound()
    with refusal_shown(form=form, aliases={"deadline": "day"}):
        raise ValidationError({"deadline": "Too late."})
    assert form.errors == {"day": ["Too late."]}


def test_one_way_of_showing_must_be_chosen() -> None:
    with pytest.raises(TypeError):
        refusal_shown()
    with pytest.raises(TypeError):
        refusal_shown(_request(), form=_bound())


def test_apply_errors_alone() -> None:
    form = _bound()
    apply_errors(form, ValidationError({"day": ["Too late.", "A weekend."]}))
    assert form.errors == {"day": ["Too late.", "A weekend."]}
