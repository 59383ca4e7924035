"""The permission matrix: every view and endpoint against every kind of visitor.

Each app's tests declare its routes in ``tests/<area>/routes.py`` as a list ``ROUTES`` of
:class:`Route`. ``tests/test_permission_matrix.py`` runs every route for every persona, and
``tests/test_matrix_coverage.py`` fails when a URL or API operation has no route here.

Personas and what they must get:
- ``anonymous``: web routes redirect to sign-in (302); API routes answer 401.
- ``no_second_factor``: the permitted member, signed in with a password but no second factor:
  web routes redirect to enrolment, API routes answer 403 ``second-factor-required`` (P-A1).
- ``operator``: a platform operator: 404 on every company route (no company data, P-B4).
- ``outsider``: a member of company B using company A's URL: 404, the same as a missing company.
- ``unprivileged``: a member of A whose role lacks the permission: 404 for reads, 403 (or 404
  when the object itself is not visible) for writes.
- ``auditor``: reads succeed; every write is refused with 403.
- ``permitted``: the route succeeds (2xx, or a 302 after a web form post).
- ``foreign_object`` (object routes only): a permitted member of A asking for company B's object
  through A's URL gets the same 404 as for a non-existent id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import World

# Built-in role used for the "permitted" and "unprivileged" personas, per permission.
PERMITTED_ROLE: dict[str, str] = {}
UNPRIVILEGED_ROLE: dict[str, str] = {}


@dataclass(frozen=True)
class Route:
    """One URL (web) or operation (API) and what guards it."""

    name: str  # URL name ("web:members") or API operation id ("api-1.0.0:list_members")
    method: str  # GET, POST, PATCH, PUT, DELETE
    path: Callable[[World, str], str]  # (world, object_selector) -> URL path
    permission: str  # permission guarding the route; "" for routes any member may use
    api: bool = False
    object_level: bool = False  # path takes an object id: test foreign and missing objects
    data: Callable[[World], dict[str, Any]] | None = None
    permitted_role: str = "admin"
    unprivileged_role: str = "employee"
    company_scoped: bool = True
    extra_ok_statuses: tuple[int, ...] = field(default_factory=tuple)
    multipart: bool = False  # an API route that takes multipart/form-data (file uploads)


# Object selectors passed to Route.path.
OWN = "own"  # an object of company A
FOREIGN = "foreign"  # the same kind of object in company B
MISSING = "missing"  # an id that does not exist
