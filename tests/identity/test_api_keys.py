"""P-A3: API keys bound to one company, at most their owner's role, shown once, stored as HMACs."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.utils import timezone

from strongroom.identity.apikeys import secrets as apikey_secrets
from strongroom.identity.models import ApiKey
from strongroom.platform.access import permissions as perms
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import MembershipFactory, make_api_key

A = "/api/v1/companies/acme"
B = "/api/v1/companies/globex"


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="198.51.100.23")


def _create_in_web(client: Client, **fields: Any) -> str:
    data = {"name": "Export", "expires_in_days": "90", **fields}
    page = client.post("/c/acme/api-keys/", data).content.decode()
    found = re.search(r'value="(sr_live_[^"]+)"', page)
    assert found is not None, page[-3000:]
    return found.group(1)


def test_a_key_is_shown_once_and_only_its_digest_is_stored(world: World) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    full_key = _create_in_web(client, name="Invoice export")
    assert full_key.startswith("sr_live_")
    assert full_key not in client.get("/c/acme/api-keys/").content.decode()
    key = ApiKey.objects.get()
    secret = full_key[len("sr_live_") + 13:]  # after the 12-character key id and "_"
    stored = json.dumps(list(ApiKey.objects.values().get().values()), default=str)
    events = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)), default=str)
    for text in (stored, events):
        assert full_key not in text
        assert secret not in text
    assert key.digest == apikey_secrets.digest(secret)
    assert (key.expires_at - timezone.now()).days in (89, 90)
    created = AuditEvent.objects.filter(event_type=T.APIKEY_CREATED, company=world.a.company)
    assert created.count() == 1


def test_a_key_works_for_its_company_only(world: World) -> None:
    admin = world.a.members["admin"]
    MembershipFactory(company=world.b.company, user=admin.user, role=perms.ADMIN)
    _, full_key = make_api_key(admin)
    assert bearer(full_key).get(A).status_code == 200
    other = bearer(full_key).get(B)  # the owner is an admin there too, but the key is not
    assert other.status_code == 404
    assert other.content == bearer(full_key).get("/api/v1/companies/nope").content
    me = bearer(full_key).get("/api/v1/me").json()
    assert [company["slug"] for company in me["companies"]] == ["acme"]


def test_a_key_has_at_most_its_owners_role_of_the_moment(world: World) -> None:
    employee = world.a.members["employee"]
    _, full_key = make_api_key(employee)
    patch = json.dumps({"name": "Taken over"})
    assert bearer(full_key).patch(A, patch, content_type="application/json").status_code == 403
    admin = world.a.members["admin"]
    _, admin_key = make_api_key(admin)
    assert bearer(admin_key).get(f"{A}/roles").status_code == 200
    admin.role = perms.EMPLOYEE
    admin.save()
    assert bearer(admin_key).get(f"{A}/roles").status_code == 404
    admin.is_active = False
    admin.save()
    assert bearer(admin_key).get(A).status_code == 404


def test_read_only_keys_cannot_write(world: World) -> None:
    _, full_key = make_api_key(world.a.members["owner"], read_only=True)
    client = bearer(full_key)
    assert client.get(f"{A}/members").status_code == 200
    patch = json.dumps({"name": "Changed"})
    assert client.patch(A, patch, content_type="application/json").status_code == 403
    assert client.delete(f"{A}/members/{world.a.members['employee'].pk}").status_code == 403


@pytest.mark.parametrize("problem", ["expired", "revoked", "wrong secret", "malformed", "operator"])
def test_unusable_keys_get_401(world: World, problem: str) -> None:
    key, full_key = make_api_key(world.a.members["admin"])
    if problem == "expired":
        key.expires_at = timezone.now() - timedelta(seconds=1)
        key.save()
    elif problem == "revoked":
        key.revoked_at = timezone.now()
        key.save()
    elif problem == "wrong secret":
        full_key = full_key[:-4] + ("AAAA" if not full_key.endswith("AAAA") else "BBBB")
    elif problem == "malformed":
        full_key = full_key.replace("sr_live_", "sr_test_")
    else:
        key.user.is_operator = True
        key.user.save()
    response = bearer(full_key).get(A)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_writes_with_a_key_name_the_key_in_the_audit_log(world: World) -> None:
    key, full_key = make_api_key(world.a.members["admin"])
    response = bearer(full_key).patch(
        A, json.dumps({"name": "Acme Holding AS"}), content_type="application/json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type=T.COMPANY_UPDATED)
    assert event.channel == "api"
    assert event.credential == f"api key {key.prefix}"
    assert event.actor_email == "admin@acme.test"
    key.refresh_from_db()
    assert key.last_used_ip == "198.51.100.23"
    assert key.last_used_at is not None


def test_admins_revoke_any_key_and_it_stops_at_once(world: World) -> None:
    key, full_key = make_api_key(world.a.members["employee"])
    assert bearer(full_key).get(A).status_code == 200
    admin = sign_in(Client(), world.a.user("admin"))
    listing = admin.get(f"{A}/api-keys").json()["items"]
    assert [item["prefix"] for item in listing] == [key.prefix]
    assert "digest" not in listing[0]
    assert admin.delete(f"{A}/api-keys/{key.pk}").status_code == 204
    assert bearer(full_key).get(A).status_code == 401
    assert AuditEvent.objects.filter(event_type=T.APIKEY_REVOKED).count() == 1


def test_members_revoke_their_own_keys_but_not_others(world: World) -> None:
    own, _ = make_api_key(world.a.members["employee"])
    other, _ = make_api_key(world.a.members["manager"])
    client = sign_in(Client(), world.a.user("employee"))
    assert client.post(f"/c/acme/api-keys/{own.pk}/revoke/").status_code == 302
    assert client.post(f"/c/acme/api-keys/{other.pk}/revoke/").status_code == 404
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None
    assert other.revoked_at is None


def test_creating_a_key_needs_a_second_factor_from_the_last_15_minutes(world: World) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - 16 * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    response = client.post("/c/acme/api-keys/", {"name": "Late", "expires_in_days": "30"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("days", ["0", "731"])
def test_expiry_is_one_day_to_two_years(world: World, days: str) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    page = client.post("/c/acme/api-keys/", {"name": "x", "expires_in_days": days})
    assert page.status_code == 200
    assert not ApiKey.objects.exists()


def test_a_rotated_pepper_keeps_old_keys_working_and_rehashes_them(
    world: World, settings: Any
) -> None:
    old_pepper = settings.STRONGROOM_API_KEY_PEPPER
    key, full_key = make_api_key(world.a.members["admin"])
    settings.STRONGROOM_API_KEY_PEPPER = "a brand new pepper of sufficient length 0123456789"
    assert bearer(full_key).get(A).status_code == 401  # the old pepper is gone entirely
    settings.STRONGROOM_API_KEY_PEPPER_PREVIOUS = old_pepper
    assert bearer(full_key).get(A).status_code == 200
    key.refresh_from_db()
    assert key.pepper_id == apikey_secrets.pepper_id(settings.STRONGROOM_API_KEY_PEPPER)
    settings.STRONGROOM_API_KEY_PEPPER_PREVIOUS = ""
    assert bearer(full_key).get(A).status_code == 200  # re-hashed: no longer needs the old one

