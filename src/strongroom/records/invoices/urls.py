"""Web pages of invoices, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import URLPattern, path

from strongroom.records.invoices.views import edit, pages, settings

BASE = "c/<slug:slug>/invoices/"
ONE = BASE + "<uuid:invoice_id>/"

urlpatterns: list[URLPattern] = [
    path(BASE, pages.invoice_list, name="invoices"),
    path(BASE + "new/", edit.invoice_create, name="invoice_create"),
    path(ONE, pages.invoice_detail, name="invoice_detail"),
    path(ONE + "edit/", edit.invoice_edit, name="invoice_edit"),
    path(ONE + "delete/", edit.invoice_delete, name="invoice_delete"),
    path(ONE + "issue/", edit.invoice_issue, name="invoice_issue"),
    path(ONE + "pay/", edit.invoice_pay, name="invoice_pay"),
    path(ONE + "credit/", edit.invoice_credit, name="invoice_credit"),
    path(ONE + "print/", pages.invoice_print, name="invoice_print"),
    path(ONE + "pdf/", pages.invoice_pdf, name="invoice_pdf"),
    path("c/<slug:slug>/settings/invoicing/", settings.invoice_settings, name="invoice_settings"),
]
