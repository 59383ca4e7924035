"""Forms of support access. They parse input; the actions decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from strongroom.platform.tenancy.models import Company, Membership
from strongroom.support.actions.grants import MAX_HOURS, NOTE_MAX
from strongroom.support.actions.sessions import REASON_MAX, REASON_MIN
from strongroom.support.models import GrantScope
from strongroom.web.input import InputForm

DURATIONS = [
    (1, "1 hour"), (4, "4 hours"), (8, "8 hours"), (24, "1 day"), (72, "3 days"),
    (MAX_HOURS, "7 days"),
]


class GrantForm(InputForm):
    """A company admin grants support access."""

    hours = forms.TypedChoiceField(
        label="Duration", choices=DURATIONS, coerce=int, initial=24,
        help_text="Access ends by itself after this time (at most 7 days).",
    )
    scope = forms.ChoiceField(
        choices=GrantScope.choices, initial=GrantScope.READ_ONLY, widget=forms.RadioSelect,
        help_text="Read-only support can look but change nothing.",
    )
    member = forms.TypedChoiceField(
        label="Whose view", coerce=int, required=False, empty_value=None,
        help_text="Support sees and does only what this member could. Leave open to let "
        "support choose any member whose rights you hold yourself.",
    )
    note = forms.CharField(
        max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What support should look at (a ticket number, say).",
    )

    def __init__(self, *args: Any, members: Iterable[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [("", "Any member within my rights")]
        choices += [
            (m.pk, f"{m.user.display_name} <{m.user.email}> · {m.role_label}") for m in members
        ]
        self.fields["member"].choices = choices  # type: ignore[attr-defined]


class StartSessionForm(InputForm):
    """An operator asks to act as a member within a company's grant."""

    company = forms.ChoiceField(help_text="The company that granted support access.")
    member_email = forms.EmailField(
        label="Member's e-mail", help_text="Whose view to take (from the support ticket)."
    )
    reason = forms.CharField(
        min_length=REASON_MIN, max_length=REASON_MAX,
        help_text="Why, or the ticket reference. The member and the company see it.",
    )
    grant = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, companies: Iterable[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [  # type: ignore[attr-defined]
            (c.slug, f"{c.name} ({c.slug})") for c in companies
        ]
