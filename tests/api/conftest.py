"""API test helpers: fast password hashing and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.auth import sign_in
from tests.conftest import World


@pytest.fixture
def admin_client(world: World) -> Client:
    client = Client()
    sign_in(client, world.a.user("admin"))
    return client
