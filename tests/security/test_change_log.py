"""The change log (P-G6): versions, migrations, security settings by name and planned changes,
with key rotations read from the audit chain; the console page and the CLI."""

from __future__ import annotations

import json
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

import strongroom
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.history.recorder import record
from strongroom.security import actions, changelog
from strongroom.security.actions import changes as change_actions
from strongroom.security.models import Change, ChangeKind
from tests.auth import sign_in
from tests.conftest import World

PATH = "/ops/security/changes/"
SECRET = "pepper-that-must-never-be-logged-0123456789abcdef"


def _kind(kind: str) -> list[Change]:
    return list(Change.objects.filter(kind=kind).order_by("pk"))


@pytest.mark.django_db
def test_a_version_is_recorded_once_per_new_version(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.STRONGROOM_RELEASE_COMMIT = "a" * 40
    changelog.at_start()
    changelog.at_start()  # a second instance of the same version
    assert [(c.version, c.commit) for c in _kind(ChangeKind.VERSION)] == [
        (strongroom.__version__, "a" * 40)]
    monkeypatch.setattr(strongroom, "__version__", "9.9.9")
    changelog.at_start()
    changelog.at_start()
    assert len(_kind(ChangeKind.VERSION)) == 2
    assert _kind(ChangeKind.VERSION)[-1].version == "9.9.9"
    events = AuditEvent.objects.filter(event_type=AuditEventType.CHANGE_VERSION_STARTED)
    assert events.count() == 2


@pytest.mark.django_db
def test_instances_starting_at_once_record_a_version_once(monkeypatch: pytest.MonkeyPatch) -> None:
    actor = changelog.recorder()
    assert actions.record_version(actor=actor) is not None
    # another instance read the log before the first wrote: it follows the same entry
    monkeypatch.setattr(strongroom, "__version__", "2.0.0")
    monkeypatch.setattr(change_actions, "_last", lambda kind: None)
    assert actions.record_version(actor=actor) is None
    assert len(_kind(ChangeKind.VERSION)) == 1


@pytest.mark.django_db
def test_migrations_applied_by_migrate_are_recorded() -> None:
    changelog._applied.clear()  # what creating the test database applied
    app = SimpleNamespace()
    plan = [(SimpleNamespace(app_label="security", name="0003_change_log"), False),
            (SimpleNamespace(app_label="tenancy", name="0009_x"), True)]
    changelog.note_plan(app, using="keys", plan=plan)  # the key store's run: not the records
    changelog.note_plan(app, using="default", plan=plan)
    changelog.after_migrate()
    rows = _kind(ChangeKind.MIGRATION)
    assert [(c.app, c.migration) for c in rows] == [
        ("security", "0003_change_log"), ("tenancy", "0009_x")]
    assert rows[1].summary == "Migration tenancy.0009_x unapplied"
    assert len(_kind(ChangeKind.VERSION)) == 1
    changelog.after_migrate()  # nothing new applied
    assert len(_kind(ChangeKind.MIGRATION)) == 2


@pytest.mark.django_db
def test_a_changed_security_setting_is_recorded_by_name_never_its_value(
    settings: Any,
) -> None:
    actor = changelog.recorder()
    first = actions.record_configuration(actor=actor)
    assert first is not None
    assert first.settings_changed == list(changelog.SECURITY_SETTINGS)
    assert actions.record_configuration(actor=actor) is None  # unchanged
    settings.STRONGROOM_API_KEY_PEPPER = SECRET
    settings.SESSION_COOKIE_AGE = 1234567
    changed = actions.record_configuration(actor=actor)
    assert changed is not None
    assert changed.settings_changed == ["SESSION_COOKIE_AGE", "STRONGROOM_API_KEY_PEPPER"]
    assert actions.record_configuration(actor=actor) is None
    for row in Change.objects.values():
        assert SECRET not in json.dumps(row, default=str)
        assert "1234567" not in json.dumps(row, default=str)
    for entry in AuditEvent.objects.values():
        assert SECRET not in json.dumps(entry, default=str)
    assert AuditEvent.objects.filter(event_type=AuditEventType.CHANGE_CONFIGURATION).count() == 2


@pytest.mark.parametrize("role", [perms.OWNER, perms.ADMIN, "outsider"])
def test_non_operators_get_not_found(world: World, role: str) -> None:
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    client = sign_in(Client(), user)
    assert client.get(PATH).status_code == 404
    posted = client.post(f"{PATH}plan/", {"summary": "x", "note": "y"})
    assert posted.status_code == 404
    assert not Change.objects.exists()


def test_an_operator_plans_a_change_with_its_review_note(world: World) -> None:
    client = sign_in(Client(), world.operator)
    assert "Change log</a>" in client.get("/ops/").content.decode()
    refused = client.post(f"{PATH}plan/", {"summary": "Upgrade PostgreSQL", "note": ""})
    assert refused.status_code == 400
    done = client.post(f"{PATH}plan/", {
        "summary": "Upgrade PostgreSQL to 17",
        "note": "Reviewed by two; the way back is a restore.",
    })
    assert done.status_code == 302
    change = Change.objects.get(kind=ChangeKind.PLANNED)
    assert change.author == world.operator
    assert change.note == "Reviewed by two; the way back is a restore."
    event = AuditEvent.objects.get(event_type=AuditEventType.CHANGE_PLANNED)
    assert event.actor_user_id == world.operator.pk
    page = client.get(PATH).content.decode()
    assert "Upgrade PostgreSQL to 17" in page
    assert "the way back is a restore" in page


def _rotation(world: World) -> None:
    """A root key rotation as the audit chain holds it."""
    with transaction.atomic():
        record(actor=cli_actor(command="keys rotate"),
               event=AuditEventType.KEY_ROOT_VERSION_ADDED, obj=world.operator, company_id=None)


def test_the_page_lists_every_kind_newest_first_within_its_budget(
    world: World, django_assert_max_num_queries: Any, settings: Any
) -> None:
    changelog.at_start()
    _rotation(world)
    actions.plan_change(actor=cli_actor(operator=world.operator, command="t"),
                        summary="Rotate the pepper", note="Reviewed.")
    client = sign_in(Client(), world.operator)
    with django_assert_max_num_queries(8):
        page = client.get(PATH)
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Rotate the pepper") < text.index(f"Version {strongroom.__version__}")
    assert "Root key: a new version added" in text
    rotations = client.get(f"{PATH}?kind=key_rotation").content.decode()
    assert "Root key: a new version added" in rotations
    assert "Rotate the pepper" not in rotations


def test_the_command_exports_the_log_as_json(world: World) -> None:
    changelog.at_start()
    _rotation(world)
    out = StringIO()
    call_command("security", "changes", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {row["kind"] for row in rows} == {"version", "configuration", "key_rotation"}
    out = StringIO()
    call_command("security", "changes", "--kind", "version", stdout=out)
    assert f"Version {strongroom.__version__}" in out.getvalue()
