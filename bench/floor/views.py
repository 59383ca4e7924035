"""JSON views doing the database work of Strongroom's API operations, and nothing else: a page
(count and 20 rows), one row, an insert, a read and an update, an exact search."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt

from bench.floor.models import ContactPerson, Invoice

PERSON_FIELDS = ("name", "job_title", "email", "phone", "address", "notes")


def _person(person: ContactPerson) -> dict[str, Any]:
    return {"id": str(person.pk), "organisation_id": str(person.organisation_id),
            **{name: getattr(person, name) for name in PERSON_FIELDS},
            "created_at": person.created_at.isoformat(),
            "updated_at": person.updated_at.isoformat()}


def _invoice(invoice: Invoice) -> dict[str, Any]:
    return {"id": str(invoice.pk),
            "customer_organisation_id": str(invoice.customer_organisation_id),
            "customer_name": invoice.customer_name, "kind": invoice.kind,
            "status": invoice.status, "number": invoice.number, "currency": invoice.currency,
            "notes": invoice.notes, "net_total": str(invoice.net_total),
            "vat_total": str(invoice.vat_total), "gross_total": str(invoice.gross_total),
            "issue_date": invoice.issue_date and invoice.issue_date.isoformat(),
            "due_date": invoice.due_date and invoice.due_date.isoformat(),
            "created_at": invoice.created_at.isoformat()}


def _page(request: HttpRequest, queryset: Any, item: Any) -> JsonResponse:
    size = int(request.GET.get("page_size", "50"))
    return JsonResponse({"items": [item(row) for row in queryset[:size]],
                         "count": queryset.count(), "page": 1, "page_size": size})


@csrf_exempt
def people(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data = json.loads(request.body)
        person = ContactPerson.objects.create(
            organisation_id=uuid.UUID(data["organisation_id"]),
            **{name: data.get(name, "") for name in PERSON_FIELDS},
        )
        return JsonResponse(_person(person), status=201)
    found = ContactPerson.objects.all()
    if request.GET.get("email"):
        found = found.filter(email=request.GET["email"])
    return _page(request, found, _person)


@csrf_exempt
def person(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    found = get_object_or_404(ContactPerson, pk=person_id)
    if request.method == "PATCH":
        data = json.loads(request.body)
        for name in PERSON_FIELDS:
            if name in data:
                setattr(found, name, data[name])
        found.save()
    return JsonResponse(_person(found))


def invoices(request: HttpRequest) -> HttpResponse:
    return _page(request, Invoice.objects.all(), _invoice)
