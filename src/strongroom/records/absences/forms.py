"""Forms of absences. They parse input; the actions check the business rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences.models import AbsenceStatus, AbsenceType, Category
from strongroom.records.absences.selectors import SORTS
from strongroom.web.input import InputForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _types(types: Iterable[AbsenceType]) -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in types]


def _members(members: Iterable[Membership]) -> list[tuple[str, str]]:
    return [(str(m.pk), m.user.display_name) for m in members]


class AbsenceForm(InputForm):
    absence_type = forms.ChoiceField(label="Type")
    start_date = forms.DateField(widget=DATE, label="First day")
    start_half = forms.BooleanField(required=False, label="Starting at midday (afternoon only)")
    end_date = forms.DateField(widget=DATE, label="Last day")
    end_half = forms.BooleanField(required=False, label="Ending at midday (morning only)")
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by you and those who manage absences; stored encrypted.",
    )
    member = forms.ChoiceField(required=False, label="For", help_text="Empty: yourself.")

    def __init__(self, *args: Any, types: Iterable[AbsenceType] = (),
                 members: Iterable[Membership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absence_type"].choices = _types(types)  # type: ignore[attr-defined]
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].choices = [("", "Myself"), *_members(members)]  # type: ignore[attr-defined]


class NoteForm(InputForm):
    note = forms.CharField(required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AbsenceFilterForm(InputForm):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"),
                                                        *AbsenceStatus.choices])
    absence_type = forms.ChoiceField(required=False, label="Type")
    member = forms.ChoiceField(required=False, label="Person")
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])

    def __init__(self, *args: Any, types: Iterable[AbsenceType] = (),
                 members: Iterable[Membership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absence_type"].choices = [("", "Any type"), *_types(types)]  # type: ignore[attr-defined]
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].choices = [("", "Everyone"), *_members(members)]  # type: ignore[attr-defined]


class AbsenceTypeForm(InputForm):
    name = forms.CharField(max_length=80)
    category = forms.ChoiceField(choices=Category.choices)
    needs_approval = forms.BooleanField(required=False, initial=True)
    yearly_entitlement = forms.DecimalField(
        required=False, min_value=0, max_value=366, decimal_places=1,
        help_text="Working days a year; empty keeps no balance.",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Offered")


class EntitlementForm(InputForm):
    member = forms.ChoiceField(label="Person")
    absence_type = forms.ChoiceField(label="Type")
    year = forms.IntegerField(min_value=2000, max_value=2100)
    days = forms.DecimalField(min_value=0, max_value=366, decimal_places=1)

    def __init__(self, *args: Any, types: Iterable[AbsenceType] = (),
                 members: Iterable[Membership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absence_type"].choices = _types(  # type: ignore[attr-defined]
            t for t in types if t.yearly_entitlement is not None
        )
        self.fields["member"].choices = _members(members)  # type: ignore[attr-defined]
