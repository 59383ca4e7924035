"""The verifier's fast encoder writes exactly the reference canonical encoding (P-D2, P-H1)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel
from strongroom.platform.history import fastchain, recorder
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.history.verify import verify
from tests.conftest import World

AWKWARD = [
    "", "plain", "Ærlig Øl Å", "naïve café", "日本語テキスト", "emoji 🔐🧾", "quote \" and \\",
    "control \x01\x1f\x7f", "line\nbreak\ttab\r\x08\x0c", "\u2028\u2029", "\ufeffbom",
    "/slash", "</script>", "\U0010ffff",
]


def _record(world: World, extra: dict[str, object] | None = None, **kwargs: object) -> AuditEvent:
    actor = replace(world.a.actor(perms.ADMIN), **kwargs)  # type: ignore[arg-type]
    extra = extra or {}
    with transaction.atomic():
        return recorder.record(
            actor=actor, event=T.COMPANY_UPDATED, obj=world.a.company,
            company_id=world.a.company.pk,
            changes={text or "empty": (text, [text, None, True, 0, -1]) for text in AWKWARD},
            extra={"nested": {"b": [1, {"z": None, "a": "x"}], "a": AWKWARD},
                   "neg": -(2**63), "max": 2**64 - 1, **extra},
        )


def test_fast_hashes_equal_the_recorded_hashes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record(world)
    _record(world, ip="2001:0db8:0000:0000:0000:0000:0000:0001", user_agent="ÄÖÜ \x01",
            request_id="r" * 64, channel=Channel.API, credential="api key sr_live_ab")
    _record(world, ip="::ffff:192.0.2.1")
    for moment in (datetime(2026, 3, 1, 12, 0, 0, 0, tzinfo=UTC),  # no fraction stored
                   datetime(2026, 3, 1, 12, 0, 0, 100, tzinfo=UTC)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        _record(world, ip=None)
    chunks = list(fastchain.chunks(f"c:{world.a.company.pk}"))
    entries = [entry for chunk in chunks for entry in chunk.entries()]
    assert len(entries) == 5
    for entry in entries:
        assert entry.computed == entry.entry_hash, entry.sequence


def _count_candidates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record which entries the database proposes as disagreeing with their body."""
    proposed: list[int] = []
    confirm = fastchain.column_differences

    def counting(entry: AuditEvent, *, access: bool = False) -> list[str]:
        proposed.append(entry.pk)
        return confirm(entry, access=access)

    monkeypatch.setattr(fastchain, "column_differences", counting)
    return proposed


def test_the_database_renders_the_columns_as_the_body(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Awkward text, nested JSON, IPv6, times with and without a fraction, and random content
    (without NUL, which PostgreSQL text refuses):
    the database's rendering of the columns equals the stored body, so nothing needs a second
    look (and a real difference would be one)."""
    rng = random.Random(20260101)

    def text() -> str:
        return "".join(
            chr(rng.choice([rng.randrange(1, 0x80), rng.randrange(0x80, 0xD800),
                            rng.randrange(0xE000, 0x110000)]))
            for _ in range(rng.randrange(0, 12))
        )

    def value(depth: int = 0) -> object:
        kind = rng.randrange(7 if depth < 3 else 4)
        if kind == 0:
            return text()
        if kind == 1:
            return rng.randrange(-(2**63), 2**63)
        if kind == 2:
            return rng.choice([None, True, False])
        if kind == 3:
            return rng.randrange(-5, 5)
        if kind in (4, 5):
            return {text(): value(depth + 1) for _ in range(rng.randrange(0, 5))}
        return [value(depth + 1) for _ in range(rng.randrange(0, 5))]

    _record(world, ip="2001:0db8:0000:0000:0000:0000:0000:0001", user_agent="ÄÖÜ \x01")
    for moment in (datetime(2026, 3, 1, 12, 0, 0, 0, tzinfo=UTC),
                   datetime(2026, 3, 1, 12, 0, 0, 100, tzinfo=UTC)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        _record(world, ip=None)
    monkeypatch.undo()
    for _ in range(40):
        _record(world, extra={text(): value() for _ in range(4)}, user_agent=text(),
                credential=text(), request_id=text())
    proposed = _count_candidates(monkeypatch)
    assert list(fastchain.column_mismatches(f"c:{world.a.company.pk}")) == []
    assert proposed == []


def test_every_column_is_compared(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to any column of an entry is proposed by the database and confirmed. (An entry
    moved to another chain is missing from its own: test_verify.)"""
    event = _record(world, ip="192.0.2.1")
    changes = {
        "event_type": 1, "occurred_at": "2020-01-01 00:00:00",
        "company_id": None, "actor_user_id": 999_999, "actor_name": "Mallory",
        "actor_email": "m@example.com", "support_user_id": 999_999, "support_name": "S",
        "support_email": "s@example.com", "channel": "api", "credential": "k", "ip": "192.0.2.2",
        "user_agent": "curl", "request_id": "r", "object_type": "x.y", "object_id": "0",
        "object_repr": "other", "changes": "{}", "state": '{"a":1}', "extra": "{}",
    }
    table = AuditEvent._meta.db_table
    for column, tampered in changes.items():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                               [tampered, event.pk])
            found = list(fastchain.column_mismatches(event.chain_key))
            assert [pk for pk, _, _ in found] == [event.pk], column
            transaction.set_rollback(True)


def test_integers_beyond_64_bits_verify(world: World) -> None:
    """Such integers are stored (and compared by the database) without loss: no false
    finding."""
    _record(world, extra={"big": 2**70, "small": -(2**70)})
    report = verify(company=world.a.company)
    assert not [f for f in report.findings if "entry" in f.place], report.findings


def test_json_stored_in_another_form_is_not_a_finding(world: World) -> None:
    """Equivalent JSON text (spaces, other key order) misses the fast path; the reference
    encoder then confirms the entry, so no false finding."""
    event = _record(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE history_auditevent SET extra = %s WHERE id = %s",
            ['{"neg": -9223372036854775808, "max": 18446744073709551615, "nested": '
             '{"b": [1, {"z": null, "a": "x"}], "a": ' + _json_list(AWKWARD) + "}}", event.pk],
        )
    report = verify(company=world.a.company)
    assert not [f for f in report.findings if "entry" in f.place], report.findings


def _json_list(items: list[str]) -> str:
    import json

    return json.dumps(items)  # ASCII escapes, spaces: not the canonical form
