"""Forms of the web shell. They parse input; the actions validate business rules."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.read_log import PURPOSES
from strongroom.platform.tenancy.models import CustomRole, Membership
from strongroom.platform.tenancy.reference import REGIONS
from strongroom.web.input import InputForm

MONTHS = [(n, calendar.month_name[n]) for n in range(1, 13)]


def split_tags(value: str) -> list[str]:
    """``"team:oslo, lead"`` → ``["team:oslo", "lead"]`` (the action normalises them)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def role_choices(*, include_owner: bool, has_custom: bool) -> list[tuple[str, str]]:
    """Built-in roles (owner only for owners) and, when the company has any, "custom"."""
    choices = [
        (role, f"{role.capitalize()}: {perms.ROLE_DESCRIPTIONS[role]}")
        for role in perms.BUILTIN_ROLES
        if include_owner or role != perms.OWNER
    ]
    if has_custom:
        choices.append((perms.CUSTOM, "Custom role (choose below)"))
    return choices


class CompanySettingsForm(InputForm):
    name = forms.CharField(max_length=200)
    country = forms.CharField(
        max_length=2, min_length=2, help_text="Two-letter ISO code, e.g. NO."
    )
    region = forms.ChoiceField(
        choices=list(REGIONS.items()), help_text="Where the company's data is stored."
    )
    currency = forms.CharField(
        max_length=3, min_length=3, help_text="Three-letter ISO code, e.g. NOK."
    )
    fiscal_year_end_month = forms.TypedChoiceField(
        choices=MONTHS, coerce=int, label="Fiscal year ends (month)"
    )
    fiscal_year_end_day = forms.IntegerField(
        min_value=1, max_value=31, label="Fiscal year ends (day)"
    )


class _RoleFields(InputForm):
    role = forms.ChoiceField()
    custom_role = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Custom role"
    )
    tags = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Comma-separated tags defined under Tags, such as team:oslo, lead:oslo.",
    )

    def __init__(
        self,
        *args: Any,
        custom_roles: Iterable[CustomRole] = (),
        include_owner: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        roles = list(custom_roles)
        self.fields["role"].choices = role_choices(  # type: ignore[attr-defined]
            include_owner=include_owner, has_custom=bool(roles)
        )
        self.fields["custom_role"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((role.pk, role.name) for role in roles),
        ]
        if not roles:
            del self.fields["custom_role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") != perms.CUSTOM:
            data["custom_role"] = None
        elif not data.get("custom_role"):
            self.add_error("custom_role", "Choose which custom role.")
        return data


class MemberAddForm(_RoleFields):
    email = forms.EmailField(max_length=254)
    full_name = forms.CharField(max_length=200, required=False, label="Full name")
    field_order = ("email", "full_name", "role", "custom_role", "tags")


class MemberEditForm(_RoleFields):
    pass


class RoleForm(InputForm):
    name = forms.CharField(max_length=80)
    permissions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["permissions"].choices = [  # type: ignore[attr-defined]
            (p.name, p.label) for p in perms.all_permissions(perms.Scope.COMPANY)
        ]


def record_type_choices() -> list[tuple[str, str]]:
    """Every record type of the application by name (``tenancy.membership`` as "Membership");
    a name two areas share says whose it is."""
    from collections import Counter

    from django.apps import apps

    models = [m for m in apps.get_models() if m.__module__.startswith("strongroom.")]
    names = {m: str(m._meta.verbose_name).capitalize() for m in models}
    shared = Counter(names.values())
    return sorted(
        ((m._meta.label_lower, names[m] if shared[names[m]] == 1
          else f"{names[m]} ({m._meta.app_config.verbose_name})") for m in models),
        key=lambda choice: choice[1],
    )


class _LogFilters(InputForm):
    """Filters shared by the audit log and the access log: person, record type, period."""

    person = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Person",
        help_text="A member, as actor (or as the member a support operator acted as).",
    )
    actor_email = forms.EmailField(required=False, label="Person's e-mail")
    object_type = forms.ChoiceField(required=False, label="Record type")
    object_id = forms.CharField(required=False, max_length=64, label="Record id")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, members: Sequence[Membership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            *((m.user_id, f"{m.user.display_name} <{m.user.email}>") for m in members),
        ]
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", "Any record type"), *record_type_choices()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the period is before its start.")
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments for the valid, given filters."""
        data = self.cleaned_data
        return {
            "person": data["person"],
            "actor_email": data["actor_email"] or "",
            "object_type": data["object_type"] or "",
            "object_id": data["object_id"].strip(),
            "since": data["since"],
            "until": data["until"],
        }


class AuditFilterForm(_LogFilters):
    event_type = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any event"), *((int(t), t.label) for t in AuditEventType)],
        label="Event",
    )
    field_order = ("event_type",)

    def filters(self) -> dict[str, Any]:
        event_type = self.cleaned_data["event_type"]
        return {
            **super().filters(),
            "event_type": AuditEventType(event_type) if event_type is not None else None,
        }


class AccessFilterForm(_LogFilters):
    purpose = forms.ChoiceField(
        required=False, label="Purpose",
        choices=[("", "Any purpose"), *((p, p.capitalize()) for p in PURPOSES)],
    )

    def filters(self) -> dict[str, Any]:
        return {**super().filters(), "purpose": self.cleaned_data["purpose"]}


class ApiKeyForm(InputForm):
    name = forms.CharField(
        max_length=100, help_text="What the key is for, e.g. “Invoice export”."
    )
    read_only = forms.BooleanField(
        required=False, label="Read-only", help_text="The key can read but never change data."
    )
    expires_in_days = forms.IntegerField(
        min_value=1, max_value=730, initial=90, label="Expires after (days)",
        help_text="At most two years.",
    )


class LegalHoldForm(InputForm):
    """A legal hold: on the whole company (no record type) or on one record."""

    reason = forms.CharField(max_length=500)
    record_type = forms.ChoiceField(required=False, choices=[
        ("", "The whole company"),
        ("invoices.invoice", "Invoice"),
        ("expenses.expenseclaim", "Expense claim"),
        ("documents.document", "Document"),
        ("contacts.organisation", "Organisation"),
        ("contacts.contactperson", "Contact person"),
    ])
    record_id = forms.UUIDField(required=False, label="Record id")


class LegalHoldReleaseForm(InputForm):
    reason = forms.CharField(max_length=500)


class SearchForm(InputForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
