"""Permission-matrix routes of absences (web and API)."""

from __future__ import annotations

import itertools
from typing import Any

from strongroom.platform.access import permissions as perms
from tests.absences.helpers import fresh_week, pending_absence, standard_types
from tests.approvals.routes import MISSING_UUID, _api, _api_obj, _side, _web, _web_obj
from tests.conftest import World
from tests.matrix import Route

API = "api-1.0.0:"
_NAMES = itertools.count()
EMPLOYEE = perms.EMPLOYEE


def _absence_id(world: World, selector: str) -> str:
    side = _side(world, selector)
    return str(pending_absence(side).pk) if side is not None else MISSING_UUID


def _type_id(world: World, selector: str) -> str:
    side = _side(world, selector)
    return str(standard_types(side)["vacation"].pk) if side is not None else MISSING_UUID


def _other_type(world: World) -> str:
    return str(standard_types(world.a)["other"].pk)


def _request_form(world: World) -> dict[str, Any]:
    start, end = fresh_week()
    return {"absence_type": _other_type(world), "start_date": start.isoformat(),
            "end_date": end.isoformat(), "note": "Course"}


def _request_json(world: World) -> dict[str, Any]:
    start, end = fresh_week()
    return {"absence_type_id": _other_type(world), "start_date": start.isoformat(),
            "end_date": end.isoformat(), "end_half": True}


def _type_form(world: World) -> dict[str, Any]:
    return {"name": f"Welfare {next(_NAMES)}", "category": "other", "needs_approval": "on",
            "is_active": "on"}


def _entitlement(world: World) -> dict[str, Any]:
    return {"membership_id": world.a.members[EMPLOYEE].pk,
            "absence_type_id": _type_id(world, "own"), "year": 2031, "days": "27.5"}


ROUTES: list[Route] = [
    Route("web:absences", "GET", _web("absences/"), "absence.view"),
    Route("web:absence_request", "POST", _web("absences/new/"), "absence.request",
          permitted_role=EMPLOYEE, data=_request_form),
    Route("web:absence_calendar", "GET", _web("absences/calendar/"), "absence.view",
          data=lambda w: {"month": "2031-03"}),
    Route("web:absence_balances", "GET", _web("absences/balances/"), "absence.view"),
    Route("web:absence_types", "GET", _web("absences/types/"), "absence.view"),
    Route("web:absence_type_add", "POST", _web("absences/types/add/"), "absence.manage",
          data=_type_form),
    Route("web:absence_types_standard", "POST", _web("absences/types/standard/"),
          "absence.manage"),
    Route("web:absence_type_edit", "POST", _web_obj("absences/types", _type_id),
          "absence.manage", object_level=True,
          data=lambda w: {"name": "Holiday", "category": "vacation",
                          "yearly_entitlement": "30", "is_active": "on"}),
    Route("web:absence_detail", "GET", _web_obj("absences", _absence_id), "absence.view",
          object_level=True),
    Route("web:absence_cancel", "POST", _web_obj("absences", _absence_id, "cancel"),
          "absence.request", object_level=True, permitted_role=EMPLOYEE),
    Route("web:absence_note", "POST", _web_obj("absences", _absence_id, "note"),
          "absence.request", object_level=True, permitted_role=EMPLOYEE,
          data=lambda w: {"note": "Plans changed"}),
    # API
    Route(f"{API}list_absence_types", "GET", _api("absence-types"), "absence.view", api=True),
    Route(f"{API}get_absence_type", "GET", _api_obj("absence-types", _type_id), "absence.view",
          api=True, object_level=True),
    Route(f"{API}create_absence_type", "POST", _api("absence-types"), "absence.manage",
          api=True, data=lambda w: {"name": f"Welfare {next(_NAMES)}", "category": "other"}),
    Route(f"{API}add_standard_absence_types", "POST", _api("absence-types/standard"),
          "absence.manage", api=True),
    Route(f"{API}update_absence_type", "PATCH", _api_obj("absence-types", _type_id),
          "absence.manage", api=True, object_level=True,
          data=lambda w: {"needs_approval": False}),
    Route(f"{API}list_absences", "GET", _api("absences"), "absence.view", api=True,
          data=lambda w: {"year": 2031, "sort": "days"}),
    Route(f"{API}get_absence", "GET", _api_obj("absences", _absence_id), "absence.view",
          api=True, object_level=True),
    Route(f"{API}create_absence", "POST", _api("absences"), "absence.request", api=True,
          permitted_role=EMPLOYEE, data=_request_json),
    Route(f"{API}update_absence", "PATCH", _api_obj("absences", _absence_id), "absence.request",
          api=True, object_level=True, permitted_role=EMPLOYEE,
          data=lambda w: {"note": "Plans changed"}),
    Route(f"{API}cancel_absence", "POST", _api_obj("absences", _absence_id, "/cancel"),
          "absence.request", api=True, object_level=True, permitted_role=EMPLOYEE),
    Route(f"{API}absence_history", "GET", _api_obj("absences", _absence_id, "/history"),
          "absence.view", api=True, object_level=True),
    Route(f"{API}absence_type_history", "GET", _api_obj("absence-types", _type_id, "/history"),
          "absence.view", api=True, object_level=True),
    Route(f"{API}get_absence_balances", "GET", _api("absence-balances"), "absence.view",
          api=True, data=lambda w: {"year": 2031}),
    Route(f"{API}set_absence_entitlement", "PUT", _api("absence-entitlements"),
          "absence.manage", api=True, data=_entitlement),
    Route(f"{API}get_absence_calendar", "GET", _api("absence-calendar"), "absence.view",
          api=True, data=lambda w: {"year": 2031, "month": 3}),
]
