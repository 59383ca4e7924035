"""The public "report a vulnerability" form."""

from __future__ import annotations

from django import forms

from strongroom.web.input import InputForm


class ReportForm(InputForm):
    email = forms.EmailField(label="Your e-mail address", max_length=254,
                             help_text="We acknowledge your report here and may ask questions.")
    component = forms.CharField(label="Affected part", max_length=200, required=False,
                                help_text="A page, API operation or feature, if you know it.")
    description = forms.CharField(
        label="What you found", max_length=10000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Steps to reproduce and the impact you expect. No personal data of others.",
    )


class AcceptExceptionForm(InputForm):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Why the risk is accepted, and what is done instead.")
    expires = forms.DateField(help_text="YYYY-MM-DD, at most a year ahead; then it is open again.")


class ResolveForm(InputForm):
    resolution = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="How it was fixed (version, change, configuration).")
