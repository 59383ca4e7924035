"""Forms of the invoice pages. They parse input; the actions check the business rules and
their field errors are shown back on these forms (:func:`show_errors`)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.records.invoices.models import InvoiceKind, InvoiceStatus
from strongroom.records.invoices.selectors import OVERDUE, SORTS
from strongroom.records.invoices.validation import LineInput
from strongroom.web.input import InputForm
from strongroom.web.refusals import apply_errors

EXTRA_LINES = 3


class InvoiceForm(InputForm):
    customer_organisation = forms.ChoiceField(
        required=False, label="Customer from contacts",
        help_text="Fills the customer fields you leave empty; its details are copied again "
        "when the invoice is issued.",
    )
    customer_name = forms.CharField(
        max_length=200, required=False, label="Customer",
        help_text="Required unless a customer from contacts is chosen.",
    )
    customer_address = forms.CharField(
        max_length=1000, required=False, label="Address",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    customer_org_number = forms.CharField(
        max_length=50, required=False, label="Organisation number"
    )
    customer_email = forms.EmailField(max_length=254, required=False, label="Customer e-mail")
    customer_reference = forms.CharField(max_length=200, required=False, label="Their reference")
    currency = forms.CharField(
        max_length=3, min_length=3, help_text="ISO 4217 code, e.g. NOK or EUR."
    )
    payment_terms_days = forms.IntegerField(
        min_value=0, max_value=365, initial=14, label="Payment terms (days)"
    )
    notes = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Printed on the invoice.",
    )

    def __init__(
        self, *args: Any, organisations: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer_organisation"].choices = [  # type: ignore[attr-defined]
            ("", "— none: type the customer below —"), *organisations,
        ]


class LineForm(InputForm):
    description = forms.CharField(max_length=500, required=False)
    quantity = forms.DecimalField(required=False, initial=Decimal(1))
    unit = forms.CharField(max_length=20, required=False)
    unit_price = forms.DecimalField(required=False, label="Unit price")
    vat_rate = forms.DecimalField(required=False, initial=Decimal(25), label="VAT %")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and not self.cleaned_data.get("DELETE"):
            for name in ("description", "quantity", "unit_price", "vat_rate"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Required on a line.")
        return data


LineFormSet = forms.formset_factory(LineForm, extra=EXTRA_LINES, can_delete=True, max_num=200)


def line_inputs(formset: Any) -> tuple[list[LineInput], list[int]]:
    """The filled-in, not removed lines, and the index of the form each came from."""
    lines, origins = [], []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not form.has_changed():
            continue
        lines.append(LineInput(
            description=data["description"], quantity=data["quantity"],
            unit_price=data["unit_price"], vat_rate=data["vat_rate"], unit=data["unit"] or "",
        ))
        origins.append(index)
    return lines, origins


def show_errors(
    form: forms.Form, formset: Any, origins: list[int], error: ValidationError
) -> None:
    """Put an action's errors on the header form or on the line they name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    header: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit():
            position = int(parts[1])
            if position < len(origins):
                formset.forms[origins[position]].add_error(parts[2], messages)
                continue
        header[key] = messages
    if header:
        apply_errors(form, ValidationError(header))


class PaymentForm(InputForm):
    paid_on = forms.DateField(
        label="Paid on", widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


class CreditNoteForm(InputForm):
    notes = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the invoice is credited; printed on the credit note.",
    )


class InvoiceFilterForm(InputForm):
    q = forms.CharField(required=False, max_length=100, label="Search",
                        help_text="Number or notes.")
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *InvoiceStatus.choices, (OVERDUE, "Overdue")],
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *InvoiceKind.choices])
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("-created", "Newest first"),
            ("created", "Oldest first"),
            ("-number", "Number, highest first"),
            ("number", "Number, lowest first"),
            ("due_date", "Due date"),
            ("-total", "Largest total"),
        ],
    )

    def filters(self) -> dict[str, Any]:
        """The selector arguments of a valid form (none of an invalid one)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        sort = data["sort"] if data["sort"].lstrip("-") in SORTS else "-created"
        return {"q": data["q"], "status": data["status"], "kind": data["kind"], "sort": sort,
                "organisation": data["organisation"]}


class InvoiceSettingsForm(InputForm):
    legal_name = forms.CharField(max_length=200, required=False, label="Legal name",
                                 help_text="Default: the company's name.")
    organisation_number = forms.CharField(max_length=40, required=False,
                                          label="Organisation number")
    vat_id = forms.CharField(max_length=40, required=False, label="VAT id")
    address = forms.CharField(max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    iban = forms.CharField(max_length=42, required=False, label="IBAN")
    bic = forms.CharField(max_length=11, required=False, label="BIC")
    account_number = forms.CharField(max_length=40, required=False, label="Account number",
                                     help_text="A domestic account, instead of or beside IBAN.")
    payment_terms_days = forms.IntegerField(min_value=0, max_value=365, initial=14,
                                            label="Default payment terms (days)")
