"""The public "report a vulnerability" form and the operator console's forms."""

from __future__ import annotations

from django import forms

from strongroom.platform.status.incidents import STATES
from strongroom.security.models import Category
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


# The incident register (P-G3). Moments are UTC, ``YYYY-MM-DD HH:MM``.

SEVERITIES = [("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low")]
MOMENT_HELP = "UTC, YYYY-MM-DD HH:MM."


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class IncidentOpenForm(InputForm):
    title = forms.CharField(max_length=200, help_text="Internal; the status page gets its own.")
    severity = forms.ChoiceField(choices=SEVERITIES)
    category = forms.ChoiceField(choices=Category.choices)
    detected_at = forms.DateTimeField(required=False, help_text=f"Default now. {MOMENT_HELP}")
    summary = _text("Summary")


class IncidentForm(InputForm):
    """The particulars, including those GDPR Art. 33(3) asks for."""

    title = forms.CharField(max_length=200)
    severity = forms.ChoiceField(choices=SEVERITIES)
    category = forms.ChoiceField(choices=Category.choices)
    owner = forms.EmailField(label="Owner (operator's e-mail)", required=False)
    summary = _text("Summary")
    nature = _text("Nature of the breach")
    subject_categories = _text("Categories of data subjects", 2)
    subjects_approx = forms.IntegerField(label="Data subjects (approx.)", required=False,
                                         min_value=0)
    records_approx = forms.IntegerField(label="Records (approx.)", required=False, min_value=0)
    consequences = _text("Likely consequences")
    measures = _text("Measures taken or proposed")
    contact_point = forms.CharField(label="DPO or contact point", max_length=300,
                                    required=False)


class MilestoneForm(InputForm):
    milestone = forms.ChoiceField(choices=[
        ("confirmed", "Confirmed (awareness: the 72-hour clock starts)"),
        ("contained", "Contained"), ("resolved", "Resolved"),
    ])
    at = forms.DateTimeField(required=False, help_text=f"Default now. {MOMENT_HELP}")


class ScopeForm(InputForm):
    """What to trace; the criteria given are combined."""

    api_key = forms.CharField(label="API key", max_length=40, required=False,
                              help_text="Its id or its prefix sr_live_…")
    user = forms.EmailField(label="Member (e-mail)", required=False)
    operator = forms.EmailField(label="Support operator (e-mail)", required=False)
    start = forms.DateTimeField(required=False, help_text=MOMENT_HELP)
    end = forms.DateTimeField(required=False, help_text=MOMENT_HELP)


class NoticeForm(InputForm):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 14}))


class PublishForm(InputForm):
    title = forms.CharField(max_length=200, required=False,
                            help_text="Public. Default: the incident's title.")
    message = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Public: never company data.")
    state = forms.ChoiceField(choices=[(s, s.capitalize()) for s in STATES])


class PlanChangeForm(InputForm):
    summary = forms.CharField(label="Change", max_length=300,
                              help_text="What will change: an upgrade, a setting, a provider.")
    note = forms.CharField(label="Review note", max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Who reviewed it, the risk, and the way back.")
    planned_for = forms.DateTimeField(label="Planned for", required=False,
                                      help_text="YYYY-MM-DD HH:MM, if it is scheduled.")
