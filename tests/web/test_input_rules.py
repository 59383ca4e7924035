"""The web forms follow the API's free-text rule (platform/text.py)."""

from __future__ import annotations

import importlib
from pathlib import Path

from django import forms
from django.test import Client

from strongroom.platform.tenancy.models import Company
from strongroom.records.contacts.forms import OrganisationForm
from strongroom.records.contacts.models import Organisation
from strongroom.web.input import InputForm
from tests.auth import sign_in
from tests.conftest import World

SRC = Path(__file__).resolve().parents[2] / "src"
# Forms built on allauth's that take only a one-time code, compared as typed (like passwords).
CODE_ONLY = {
    "strongroom.identity.factors.forms.CodeAuthenticateForm",
    "strongroom.identity.factors.forms.CodeReauthenticateForm",
}


def _all_forms() -> list[type[forms.Form]]:
    for path in SRC.joinpath("strongroom").rglob("forms.py"):
        importlib.import_module(".".join(path.relative_to(SRC).with_suffix("").parts))
    found, todo = [], list(forms.Form.__subclasses__())
    while todo:
        form = todo.pop()
        todo += form.__subclasses__()
        if form.__module__.startswith("strongroom."):
            found.append(form)
    return found


def test_every_form_of_the_project_cleans_its_text() -> None:
    own = [form for form in _all_forms() if form is not InputForm]
    assert len(own) > 30
    plain = [f"{form.__module__}.{form.__name__}" for form in own
             if not issubclass(form, InputForm)]
    plain = [name for name in plain if name not in CODE_ONLY]
    assert not plain, f"forms outside the free-text rule: {plain}"


def test_a_name_of_only_format_characters_is_empty() -> None:
    form = OrganisationForm({"name": "\u200b\ufeff\u202e", "country": "NO"})
    assert not form.is_valid()
    assert form.errors["name"] == ["This field is required."]
    cleaned = OrganisationForm({"name": "\ufeffFjord\u200b AS", "country": "NO"})
    assert cleaned.is_valid(), cleaned.errors
    assert cleaned.cleaned_data["name"] == "Fjord AS"


def test_the_web_page_refuses_an_invisible_name(world: World) -> None:
    client = Client()
    sign_in(client, world.a.user("admin"))
    refused = client.post("/c/acme/contacts/add/", {"name": "\u200b", "country": "NO"})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    client.post("/c/acme/contacts/add/", {"name": "\ufeffFjord AS\u200e", "country": "NO"})
    company = Company.objects.get(slug="acme")
    assert list(Organisation.objects.filter(company=company).values_list("name", flat=True)) == [
        "Fjord AS"
    ]


def test_passwords_are_left_as_typed() -> None:
    class SecretForm(InputForm):
        secret = forms.CharField(widget=forms.PasswordInput)

    form = SecretForm({"secret": "\u200bs3cret"})
    assert form.is_valid()
    assert form.cleaned_data["secret"] == "\u200bs3cret"
