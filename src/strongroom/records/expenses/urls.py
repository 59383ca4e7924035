"""Web pages of expenses, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import URLPattern, path

from strongroom.records.expenses.views import claims, settings, steps

BASE = "c/<slug:slug>/expenses/"
ONE = BASE + "<uuid:claim_id>/"
LINE = ONE + "lines/<uuid:line_id>/"

urlpatterns: list[URLPattern] = [
    path(BASE, claims.claim_list, name="expenses"),
    path(BASE + "new/", claims.claim_create, name="expense_create"),
    path(ONE, claims.claim_detail, name="expense_detail"),
    path(ONE + "lines/", steps.line_add, name="expense_line_add"),
    path(ONE + "mileage/", steps.mileage_add, name="expense_mileage_add"),
    path(LINE + "remove/", steps.line_remove, name="expense_line_remove"),
    path(LINE + "receipt/", steps.receipt, name="expense_receipt"),
    path(ONE + "submit/", steps.claim_submit, name="expense_submit"),
    path(ONE + "decide/", steps.claim_decide, name="expense_decide"),
    path(ONE + "reimburse/", steps.claim_reimburse, name="expense_reimburse"),
    path(ONE + "delete/", steps.claim_delete, name="expense_delete"),
    path("c/<slug:slug>/settings/expenses/", settings.expense_settings,
         name="expense_settings"),
]
