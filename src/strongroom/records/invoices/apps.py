from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "strongroom.records.invoices"
    label = "invoices"
    verbose_name = "Invoices"
