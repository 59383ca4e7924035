"""``/ops/compliance/``: the same report for operators only; everyone else gets 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.compliance.conftest import Seeded
from tests.conftest import World
from tests.security.action_cases import make_finding

PATH = "/ops/compliance/"


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(PATH)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [*perms.BUILTIN_ROLES, "outsider"])
def test_company_members_get_not_found(world: World, role: str) -> None:
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    assert sign_in(Client(), user).get(PATH).status_code == 404


def test_operators_see_every_promise_with_its_status(
    seeded: Seeded, django_assert_max_num_queries: Any
) -> None:
    make_finding(severity="high", due_at="2020-01-01T00:00:00Z")
    client = sign_in(Client(), seeded.operator)
    assert "Compliance report</a>" in client.get("/ops/").content.decode()
    # every check runs, audit verify over every chain and record included: about 285 queries
    # on the seeded installation, most of them verify's
    with django_assert_max_num_queries(320):
        page = client.get(PATH).content.decode()
    for promise in ("P-A1", "P-C3", "P-D2", "P-G8", "P-H1"):
        assert f'id="{promise}"' in page
    assert "1 open finding(s) past their due date" in page
    assert "promise(s) fail" in page
    assert "Kari" not in page
