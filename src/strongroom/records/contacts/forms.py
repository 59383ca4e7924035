"""Forms of contacts. They parse input; the actions validate and normalise it."""

from __future__ import annotations

from django import forms

from strongroom.records.contacts.selectors import ORGANISATION_SORTS
from strongroom.web.input import InputForm

_TEXTAREA = forms.Textarea(attrs={"rows": 4})


class OrganisationForm(InputForm):
    name = forms.CharField(max_length=200)
    organisation_number = forms.CharField(
        max_length=40, required=False, help_text="The national register number."
    )
    vat_id = forms.CharField(label="VAT id", max_length=40, required=False)
    email = forms.CharField(label="E-mail", max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False)
    website = forms.CharField(max_length=200, required=False)
    address = forms.CharField(max_length=300, required=False)
    postal_code = forms.CharField(max_length=20, required=False)
    city = forms.CharField(max_length=100, required=False)
    country = forms.CharField(
        max_length=2, min_length=2, help_text="Two-letter ISO code, e.g. NO."
    )
    notes = forms.CharField(max_length=5000, required=False, widget=_TEXTAREA)


class PersonForm(InputForm):
    name = forms.CharField(max_length=200)
    job_title = forms.CharField(max_length=100, required=False)
    email = forms.CharField(label="E-mail", max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False)
    address = forms.CharField(max_length=500, required=False, widget=forms.Textarea(
        attrs={"rows": 2}
    ))
    notes = forms.CharField(
        max_length=5000, required=False, widget=_TEXTAREA,
        help_text="Personal data: kept encrypted and erased with the person.",
    )


class OrganisationFilterForm(InputForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
    country = forms.CharField(required=False, max_length=2)
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key.lstrip("-").capitalize() + (" (descending)" if key[0] == "-" else ""))
                 for key in ORGANISATION_SORTS],
    )


class PersonLookupForm(InputForm):
    q = forms.CharField(
        label="Search", required=False, max_length=100,
        help_text="Any part of a name, e-mail or phone number.",
    )
    email = forms.CharField(
        label="E-mail", required=False, max_length=254, help_text="Exact address.",
    )
    name = forms.CharField(required=False, max_length=200, help_text="Exact full name.")
