"""Permission-matrix routes of expenses (see tests/matrix.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from strongroom.records.expenses.models import ExpenseClaim
from strongroom.records.expenses.permissions import (
    EXPENSE_REIMBURSE,
    EXPENSE_SETTINGS,
    EXPENSE_SUBMIT,
    EXPENSE_VIEW,
)
from tests.conftest import World
from tests.expenses.factories import approved_claim, draft_claim, receipt, submitted_claim
from tests.matrix import MISSING, OWN, Route

WEB = "/c/acme/expenses/"
MAKERS: dict[str, Callable[..., ExpenseClaim]] = {
    "draft": draft_claim, "submitted": submitted_claim, "approved": approved_claim,
}


def _claim(world: World, selector: str, state: str) -> ExpenseClaim | None:
    if selector == MISSING:
        return None
    return MAKERS[state](world.a if selector == OWN else world.b)


def _web(suffix: str, state: str = "draft") -> Callable[[World, str], str]:
    def path(world: World, selector: str) -> str:
        claim = _claim(world, selector, state)
        return f"{WEB}{claim.pk if claim else uuid.uuid4()}/{suffix}"

    return path


def _line(suffix: str) -> Callable[[World, str], str]:
    def path(world: World, selector: str) -> str:
        claim = _claim(world, selector, "draft")
        if claim is None:
            return f"{WEB}{uuid.uuid4()}/lines/{uuid.uuid4()}/{suffix}"
        return f"{WEB}{claim.pk}/lines/{claim.lines.get().pk}/{suffix}"

    return path


def _mileage(world: World) -> dict[str, Any]:
    return {"date": timezone.localdate().isoformat(), "description": "Oslo-Drammen",
            "distance_km": "42"}


def _expense(world: World) -> dict[str, Any]:
    return {"date": timezone.localdate().isoformat(), "category": "meals",
            "description": "Lunch with the customer", "amount": "120.00", "currency": "NOK",
            "vat_amount": "0", "receipt": receipt()}


def _route(name: str, method: str, path: Any, permission: str, **kw: Any) -> Route:
    kw.setdefault("permitted_role", "employee")
    return Route(f"web:{name}", method, path, permission, **kw)


API = "/api/v1/companies/acme/expense-claims"


def _api(suffix: str, state: str = "draft") -> Callable[[World, str], str]:
    def path(world: World, selector: str) -> str:
        claim = _claim(world, selector, state)
        return f"{API}/{claim.pk if claim else uuid.uuid4()}{suffix}"

    return path


def _api_line(suffix: str) -> Callable[[World, str], str]:
    def path(world: World, selector: str) -> str:
        claim = _claim(world, selector, "draft")
        if claim is None:
            return f"{API}/{uuid.uuid4()}/lines/{uuid.uuid4()}{suffix}"
        return f"{API}/{claim.pk}/lines/{claim.lines.get().pk}{suffix}"

    return path


def _api_route(name: str, method: str, path: Any, permission: str, **kw: Any) -> Route:
    kw.setdefault("permitted_role", "employee")
    return Route(f"api-1.0.0:{name}", method, path, permission, api=True, **kw)


SETTINGS = "/api/v1/companies/acme/expense-settings"
SETTINGS_WEB = "/c/acme/settings/expenses/"
API_ROUTES: list[Route] = [
    _api_route("list_expense_claims", "GET", lambda w, s: API, EXPENSE_VIEW),
    _api_route("get_expense_claim", "GET", _api(""), EXPENSE_VIEW, object_level=True),
    _api_route("expense_claim_history", "GET", _api("/history"), EXPENSE_VIEW,
               object_level=True),
    _api_route("create_expense_claim", "POST", lambda w, s: API, EXPENSE_SUBMIT,
               data=lambda w: {"title": "Trip to Bergen"}),
    _api_route("delete_expense_claim", "DELETE", _api(""), EXPENSE_SUBMIT, object_level=True),
    _api_route("add_expense_line", "POST", _api("/lines"), EXPENSE_SUBMIT, object_level=True,
               data=_expense, multipart=True),
    _api_route("add_mileage_line", "POST", _api("/mileage"), EXPENSE_SUBMIT, object_level=True,
               data=_mileage),
    _api_route("remove_expense_line", "DELETE", _api_line(""), EXPENSE_SUBMIT,
               object_level=True),
    _api_route("get_expense_receipt", "GET", _api_line("/receipt"), EXPENSE_VIEW,
               object_level=True),
    _api_route("submit_expense_claim", "POST", _api("/submit"), EXPENSE_SUBMIT,
               object_level=True),
    _api_route("reimburse_expense_claim", "POST", _api("/reimbursement", "approved"),
               EXPENSE_REIMBURSE, object_level=True, permitted_role="accountant",
               data=lambda w: {"reimbursed_on": timezone.localdate().isoformat()}),
    _api_route("get_expense_settings", "GET", lambda w, s: SETTINGS, EXPENSE_VIEW),
    _api_route("update_expense_settings", "PUT", lambda w, s: SETTINGS, EXPENSE_SETTINGS,
               permitted_role="accountant", data=lambda w: {"mileage_rate": "4.20"}),
]

ROUTES: list[Route] = [*API_ROUTES,
    _route("expenses", "GET", lambda w, s: WEB, EXPENSE_VIEW),
    _route("expense_create", "GET", lambda w, s: WEB + "new/", EXPENSE_SUBMIT),
    _route("expense_create", "POST", lambda w, s: WEB + "new/", EXPENSE_SUBMIT,
           data=lambda w: {"title": "Trip to Bergen"}),
    _route("expense_detail", "GET", _web(""), EXPENSE_VIEW, object_level=True),
    _route("expense_mileage_add", "POST", _web("mileage/"), EXPENSE_SUBMIT, object_level=True,
           data=_mileage),
    _route("expense_line_add", "POST", _web("lines/"), EXPENSE_SUBMIT, object_level=True,
           data=_expense),
    _route("expense_line_remove", "POST", _line("remove/"), EXPENSE_SUBMIT, object_level=True),
    _route("expense_receipt", "GET", _line("receipt/"), EXPENSE_VIEW, object_level=True),
    _route("expense_submit", "POST", _web("submit/"), EXPENSE_SUBMIT, object_level=True),
    _route("expense_decide", "POST", _web("decide/", "submitted"), "approval.decide",
           object_level=True, permitted_role="owner", data=lambda w: {"decision": "approve"}),
    _route("expense_reimburse", "POST", _web("reimburse/", "approved"), EXPENSE_REIMBURSE,
           object_level=True, permitted_role="accountant",
           data=lambda w: {"reimbursed_on": timezone.localdate().isoformat()}),
    _route("expense_delete", "POST", _web("delete/"), EXPENSE_SUBMIT, object_level=True),
    _route("expense_settings", "GET", lambda w, s: SETTINGS_WEB, EXPENSE_SETTINGS,
           permitted_role="accountant"),
    _route("expense_settings", "POST", lambda w, s: SETTINGS_WEB, EXPENSE_SETTINGS,
           permitted_role="accountant", data=lambda w: {"mileage_rate": "4.20"}),
]
