"""Permission-matrix routes of invoices, web and API (see tests/matrix.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from strongroom.records.invoices.permissions import INVOICE_ISSUE, INVOICE_MANAGE, INVOICE_VIEW
from tests.api.routes import PREFIX
from tests.conftest import World
from tests.invoices.factories import draft, issued
from tests.matrix import FOREIGN, MISSING, OWN, Route

ACCOUNTANT = "accountant"
WEB = "/c/acme/invoices/"
API = "/api/v1/companies/acme/invoices"
SETTINGS_API = "/api/v1/companies/acme/invoice-settings"
SETTINGS_WEB = "/c/acme/settings/invoicing/"


def _invoice_id(world: World, selector: str, state: str) -> str:
    if selector == MISSING:
        return str(uuid.uuid4())
    company = world.a if selector == OWN else world.b
    assert selector in (OWN, FOREIGN)
    return str((issued if state == "issued" else draft)(company).pk)


def _web(suffix: str, state: str = "draft") -> Callable[[World, str], str]:
    return lambda w, s: f"{WEB}{_invoice_id(w, s, state)}/{suffix}"


def _api(suffix: str, state: str = "draft") -> Callable[[World, str], str]:
    return lambda w, s: f"{API}/{_invoice_id(w, s, state)}{suffix}"


def _form(world: World) -> dict[str, Any]:
    return {
        "customer_name": "Fjord Shipping AS", "currency": "NOK", "payment_terms_days": "14",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200", "lines-0-description": "Consulting",
        "lines-0-quantity": "2", "lines-0-unit": "hours", "lines-0-unit_price": "1000.00",
        "lines-0-vat_rate": "25",
    }


def _json(world: World) -> dict[str, Any]:
    return {
        "customer_name": "Fjord Shipping AS", "currency": "NOK",
        "lines": [{"description": "Consulting", "quantity": "2", "unit_price": "1000.00",
                   "vat_rate": "25"}],
    }


def _web_route(name: str, method: str, path: Any, permission: str, **kw: Any) -> Route:
    return Route(f"web:{name}", method, path, permission, permitted_role=ACCOUNTANT, **kw)


def _api_route(name: str, method: str, path: Any, permission: str, **kw: Any) -> Route:
    return Route(f"{PREFIX}{name}", method, path, permission, api=True,
                 permitted_role=ACCOUNTANT, **kw)


ROUTES: list[Route] = [
    _web_route("invoices", "GET", lambda w, s: WEB, INVOICE_VIEW),
    _web_route("invoice_create", "GET", lambda w, s: WEB + "new/", INVOICE_MANAGE),
    _web_route("invoice_create", "POST", lambda w, s: WEB + "new/", INVOICE_MANAGE, data=_form),
    _web_route("invoice_detail", "GET", _web(""), INVOICE_VIEW, object_level=True),
    _web_route("invoice_edit", "GET", _web("edit/"), INVOICE_MANAGE, object_level=True),
    _web_route("invoice_edit", "POST", _web("edit/"), INVOICE_MANAGE, object_level=True,
               data=_form),
    _web_route("invoice_delete", "POST", _web("delete/"), INVOICE_MANAGE, object_level=True),
    _web_route("invoice_issue", "POST", _web("issue/"), INVOICE_ISSUE, object_level=True),
    _web_route("invoice_pay", "POST", _web("pay/", "issued"), INVOICE_ISSUE, object_level=True,
               data=lambda w: {"paid_on": _today()}),
    _web_route("invoice_credit", "GET", _web("credit/", "issued"), INVOICE_ISSUE,
               object_level=True),
    _web_route("invoice_credit", "POST", _web("credit/", "issued"), INVOICE_ISSUE,
               object_level=True, data=lambda w: {"notes": "Wrong hours"}),
    _web_route("invoice_print", "GET", _web("print/", "issued"), INVOICE_VIEW, object_level=True),
    _web_route("invoice_pdf", "GET", _web("pdf/", "issued"), INVOICE_VIEW, object_level=True),
    _api_route("list_invoices", "GET", lambda w, s: API, INVOICE_VIEW),
    _api_route("outstanding_invoices", "GET", lambda w, s: API + "/outstanding", INVOICE_VIEW),
    _api_route("get_invoice", "GET", _api(""), INVOICE_VIEW, object_level=True),
    _api_route("invoice_history", "GET", _api("/history"), INVOICE_VIEW, object_level=True),
    _api_route("get_invoice_pdf", "GET", _api("/pdf", "issued"), INVOICE_VIEW,
               object_level=True),
    _api_route("create_invoice", "POST", lambda w, s: API, INVOICE_MANAGE, data=_json),
    _api_route("update_invoice", "PATCH", _api(""), INVOICE_MANAGE, object_level=True,
               data=lambda w: {"customer_reference": "PO 4411"}),
    _api_route("delete_invoice", "DELETE", _api(""), INVOICE_MANAGE, object_level=True),
    _api_route("issue_invoice", "POST", _api("/issue"), INVOICE_ISSUE, object_level=True),
    _api_route("pay_invoice", "POST", _api("/payment", "issued"), INVOICE_ISSUE,
               object_level=True, data=lambda w: {"paid_on": _today()}),
    _api_route("credit_invoice", "POST", _api("/credit-notes", "issued"), INVOICE_ISSUE,
               object_level=True, data=lambda w: {"notes": "Wrong hours"}),
    _api_route("get_invoice_settings", "GET", lambda w, s: SETTINGS_API, INVOICE_VIEW),
    Route(f"{PREFIX}update_invoice_settings", "PATCH", lambda w, s: SETTINGS_API,
          "company.manage", api=True, data=lambda w: {"iban": "NO93 8601 1117 947"}),
    Route("web:invoice_settings", "GET", lambda w, s: SETTINGS_WEB, "company.manage"),
    Route("web:invoice_settings", "POST", lambda w, s: SETTINGS_WEB, "company.manage",
          data=lambda w: {"legal_name": "Acme AS", "payment_terms_days": "30"}),
]


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
