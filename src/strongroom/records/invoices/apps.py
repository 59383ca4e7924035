from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "strongroom.records.invoices"
    label = "invoices"
    verbose_name = "Invoices"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.platform.search import index as search
        from strongroom.records.invoices import permissions, rules  # noqa: F401  (registration)
        from strongroom.records.invoices.models import Invoice, InvoiceLine, InvoiceSettings
        from strongroom.records.invoices.views import dashboard, finds  # noqa: F401  (card, search)

        search.register(Invoice, ("customer_name",), lambda i: [search.text(i.customer_name)])

        track(Invoice)
        track(InvoiceLine)
        track(InvoiceSettings)
        for model in (Invoice, InvoiceLine, InvoiceSettings):
            exportables.register(model)
        personal.register(
            personal.CONTACT, Invoice,
            lambda person, found: Invoice.objects.filter(
                company_id=person.company_id, customer_organisation_id=person.organisation_id,
            ).order_by("pk"),
            about="Invoices to the person's organisation (the customer an invoice links to; "
                  "their lines, the goods sold, are not about the person).",
        )
