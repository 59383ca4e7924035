"""Forms of the expense pages; the actions check the business rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from strongroom.records.expenses.models import Category, ClaimStatus
from strongroom.web.input import InputForm

DATE = forms.DateInput(attrs={"type": "date"})
CATEGORIES = [(value, label) for value, label in Category.choices if value != Category.MILEAGE]


class ClaimForm(InputForm):
    title = forms.CharField(max_length=200, help_text="E.g. “Customer visit, Bergen, March”.")
    bank_account = forms.CharField(
        max_length=64, required=False, label="Bank account for reimbursement",
        help_text="Kept encrypted under your own key.",
    )


class ExpenseLineForm(InputForm):
    date = forms.DateField(widget=DATE)
    category = forms.ChoiceField(choices=CATEGORIES)
    description = forms.CharField(max_length=300)
    amount = forms.DecimalField(help_text="What you paid, VAT included.")
    currency = forms.CharField(max_length=3, min_length=3, help_text="ISO 4217, e.g. NOK.")
    vat_amount = forms.DecimalField(required=False, label="VAT included", initial=0)
    exchange_rate = forms.DecimalField(
        required=False, label="Exchange rate",
        help_text="Only for another currency: claim currency per unit, e.g. 11.52.",
    )
    receipt = forms.FileField(help_text="PDF or picture of the receipt.")


class MileageForm(InputForm):
    date = forms.DateField(widget=DATE, label="Trip date")
    description = forms.CharField(max_length=300, label="Trip",
                                  help_text="From, to and why, e.g. “Oslo-Drammen, client”.")
    distance_km = forms.DecimalField(label="Distance (km)", decimal_places=1)


class DecisionForm(InputForm):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")],
                                 widget=forms.RadioSelect)
    comment = forms.CharField(required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Required when you reject.")


class ReimburseForm(InputForm):
    reimbursed_on = forms.DateField(widget=DATE, label="Paid out on", initial=timezone.localdate)


class ClaimFilterForm(InputForm):
    status = forms.ChoiceField(required=False,
                               choices=[("", "Any status"), *ClaimStatus.choices])
    q = forms.CharField(required=False, max_length=100, label="Search titles")
    mine = forms.BooleanField(required=False, label="Only my claims")


class MileageRateForm(InputForm):
    mileage_rate = forms.DecimalField(label="Mileage rate per km", decimal_places=3,
                                      help_text="In the company's currency; new trips use it.")
