"""What ``bench.api`` sends: the same requests to Strongroom and to the bare-Django floor.

A path or body is a template: ``{id}`` and ``{email}`` rotate over the seeded people, ``{org}``
over their organisations and ``{n}`` counts requests (unique per wrk thread). The wrk scripts
(``bench/_wrk.py``) and the in-process statement counts (``bench/_inside.py``,
``bench/floor/seed.py``) fill them in the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLUG = "bench"  # the benchmark company
PEOPLE = 1000
ORGANISATIONS = 50
BROWSERS = 16  # signed-in sessions the page scenarios rotate over


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    body: str = ""
    pages: bool = False  # a web page, with a session cookie instead of the API key


API = f"/api/v1/companies/{SLUG}"
CREATE_BODY = (
    '{"organisation_id": "{org}", "name": "New Person {n}", "email": "new{n}@customer.example",'
    ' "job_title": "Buyer", "phone": "+47 400 00 000"}'
)
UPDATE_BODY = '{"job_title": "Buyer {n}"}'

STRONGROOM: tuple[Scenario, ...] = (
    Scenario("get", "GET", f"{API}/contact-persons/{{id}}"),
    Scenario("list", "GET", f"{API}/contact-persons?page_size=20"),
    Scenario("create", "POST", f"{API}/contact-persons", CREATE_BODY),
    Scenario("update", "PATCH", f"{API}/contact-persons/{{id}}", UPDATE_BODY),
    Scenario("search", "GET", f"{API}/contact-persons?email={{email}}"),
    Scenario("invoices", "GET", f"{API}/invoices?page_size=20"),
    Scenario("contacts page", "GET", f"/c/{SLUG}/contacts/people/", pages=True),
    Scenario("invoices page", "GET", f"/c/{SLUG}/invoices/", pages=True),
    Scenario("dashboard", "GET", f"/c/{SLUG}/", pages=True),
)

FLOOR: tuple[Scenario, ...] = (
    Scenario("get", "GET", "/people/{id}"),
    Scenario("list", "GET", "/people?page_size=20"),
    Scenario("create", "POST", "/people", CREATE_BODY),
    Scenario("update", "PATCH", "/people/{id}", UPDATE_BODY),
    Scenario("search", "GET", "/people?email={email}"),
    Scenario("invoices", "GET", "/invoices?page_size=20"),
)

PLACEHOLDER = re.compile(r"\{(id|email|org|n)\}")


def fill(template: str, n: int, ids: list[str], emails: list[str], orgs: list[str]) -> str:
    """The template for request number ``n`` (as the wrk scripts fill it)."""
    values = {"id": ids[n % len(ids)], "email": emails[n % len(emails)],
              "org": orgs[n % len(orgs)], "n": str(n)}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
