from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "strongroom.records.expenses"
    label = "expenses"
    verbose_name = "Expenses"
