"""Forms of approvals: tags, rules, decisions and the request filter. They parse input; the
actions check the business rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import registry
from strongroom.records.approvals.actions.rules import APPROVER_ROLES
from strongroom.records.approvals.models import MAX_STEPS, ApprovalStatus
from strongroom.web.input import InputForm


class TagForm(InputForm):
    name = forms.CharField(max_length=100, help_text="name or name:value, e.g. team:oslo.")
    description = forms.CharField(max_length=200, required=False)


class TagEditForm(InputForm):
    description = forms.CharField(max_length=200, required=False)


def _tag_choices(tags: Iterable[Tag], empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(tag.pk), tag.name) for tag in tags)]


class RuleForm(InputForm):
    name = forms.CharField(max_length=120, help_text="e.g. “Oslo absences”.")
    kind = forms.ChoiceField(label="Requests of")
    requester_tag = forms.ChoiceField(required=False, label="From members tagged")
    amount_above = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label="Only above",
        help_text="An amount in the company currency (expenses) or working days (absences).",
    )
    step = forms.TypedChoiceField(
        coerce=int, choices=[(n, f"Step {n}") for n in range(1, MAX_STEPS + 1)], initial=1
    )
    approver_tag = forms.ChoiceField(required=False, label="Approved by members tagged")
    approver_role = forms.ChoiceField(required=False, label="…or by the role")
    is_active = forms.BooleanField(required=False, initial=True, label="Active")

    def __init__(self, *args: Any, tags: Iterable[Tag] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tag_list = list(tags)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (item.kind, item.label) for item in registry.kinds()
        ]
        self.fields["requester_tag"].choices = _tag_choices(tag_list, "Anyone")  # type: ignore[attr-defined]
        self.fields["approver_tag"].choices = _tag_choices(tag_list, "—")  # type: ignore[attr-defined]
        self.fields["approver_role"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((role, role.capitalize()) for role in APPROVER_ROLES)
        ]


class DecisionForm(InputForm):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comment = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you reject.",
    )


class RequestFilterForm(InputForm):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"),
                                                        *ApprovalStatus.choices])
    kind = forms.ChoiceField(required=False)
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", "Any kind"), *((item.kind, item.label) for item in registry.kinds())
        ]
