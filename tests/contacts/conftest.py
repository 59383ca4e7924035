"""Signed-in clients for the contacts tests."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.conftest import World


@pytest.fixture
def manager_client(world: World) -> Client:
    client = Client()
    sign_in(client, world.a.user(perms.MANAGER))
    return client
