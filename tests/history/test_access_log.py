"""The access log (P-G4): reads are batched per unit of work, chained, and listed to admins."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel
from strongroom.platform.access.policy import NotFound
from strongroom.platform.history import chain, read_log, selectors
from strongroom.platform.history.models import AccessRead, ChainHead
from strongroom.platform.jobs import registry
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.tasks import run_periodic_job
from tests.auth import sign_in
from tests.conftest import World


def _members(world: World) -> list:
    return list(world.a.members.values())


def test_reads_are_written_when_the_unit_of_work_ends(world: World) -> None:
    actor = world.a.actor(perms.ADMIN)
    with read_log.unit_of_work():
        read_log.note_reads(actor, _members(world), purpose="list")
        read_log.note_read(actor, world.a.members[perms.EMPLOYEE])
        read_log.note_read(actor, world.a.members[perms.EMPLOYEE])  # the same read once
        assert not AccessRead.objects.exists()
    reads = list(AccessRead.objects.order_by("sequence"))
    assert len(reads) == len(world.a.members) + 1
    assert [r.sequence for r in reads] == list(range(1, len(reads) + 1))
    assert reads[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(reads))
    head = ChainHead.objects.get(chain_key=f"a:{world.a.company.pk}")
    assert (head.sequence, head.head_hash) == (reads[-1].sequence, reads[-1].entry_hash)
    first = reads[0]
    assert (first.company_id, first.actor_user_id, first.actor_name, first.channel) == (
        world.a.company.pk, world.a.user(perms.ADMIN).pk, "Admin of Acme AS", "web",
    )
    assert first.object_type == "tenancy.membership"
    assert {r.purpose for r in reads} == {"list", "view"}


def test_a_batch_costs_the_same_queries_however_many_reads(world: World) -> None:
    actor = world.a.actor(perms.ADMIN)
    read_log.note_read(actor, world.a.company)  # the chain exists from here on
    counts = []
    for count in (1, len(world.a.members)):
        with read_log.unit_of_work():
            read_log.note_reads(actor, _members(world)[:count])
            with CaptureQueriesContext(connection) as queries:
                assert read_log.flush() == count
        counts.append(len(queries))
    # one transaction: lock the head if it is free, insert every row at once, move the head
    assert counts[0] == counts[1]
    assert counts[0] <= 5


def test_reads_in_two_companies_go_to_two_chains(world: World) -> None:
    with read_log.unit_of_work():
        read_log.note_read(world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE])
        read_log.note_read(world.b.actor(perms.ADMIN), world.b.members[perms.EMPLOYEE])
    assert sorted(AccessRead.objects.values_list("chain_key", "sequence")) == sorted(
        [(f"a:{world.a.company.pk}", 1), (f"a:{world.b.company.pk}", 1)]
    )


def test_a_read_outside_a_unit_of_work_is_written_at_once(world: World) -> None:
    read_log.note_read(world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE])
    assert AccessRead.objects.count() == 1


def test_reads_are_written_even_when_the_work_fails(world: World) -> None:
    def work() -> None:
        with read_log.unit_of_work():
            read_log.note_read(world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        work()
    assert AccessRead.objects.count() == 1


def test_unknown_purpose_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="purpose"):
        read_log.note_read(world.a.actor(perms.ADMIN), world.a.company, purpose="peek")


def test_take_pending_empties_the_batch(world: World) -> None:
    with read_log.unit_of_work():
        read_log.note_read(world.a.actor(perms.ADMIN), world.a.company)
        taken = read_log.take_pending()
        assert [(b.actor.name, b.items) for b in taken] == [
            ("Admin of Acme AS", [("tenancy.company", str(world.a.company.pk), "view")])
        ]
        assert read_log.take_pending() == []
    assert not AccessRead.objects.exists()


def test_a_web_request_logs_its_reads_with_ip_and_request_id(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    member = world.a.members[perms.EMPLOYEE]
    response = client.get(
        f"/c/acme/members/{member.pk}/history/", REMOTE_ADDR="203.0.113.7",
        HTTP_X_REQUEST_ID="req-history-1",
    )
    assert response.status_code == 200
    read = AccessRead.objects.get()
    assert (read.object_type, read.object_id, read.purpose) == (
        "tenancy.membership", str(member.pk), "view",
    )
    assert (read.channel, read.ip, read.request_id) == ("web", "203.0.113.7", "req-history-1")


def test_an_api_request_logs_its_reads(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    member = world.a.members[perms.EMPLOYEE]
    assert client.get(f"/api/v1/companies/acme/members/{member.pk}/history").status_code == 200
    assert AccessRead.objects.get().channel == "api"


def test_a_job_logs_its_reads(world: World) -> None:
    member = world.a.members[perms.EMPLOYEE]

    @registry.periodic(name="test.reader", every=timedelta(hours=1))
    def reader(actor: object) -> None:
        read_log.note_read(world.a.actor(perms.ADMIN), member, purpose="export")

    try:
        run = JobRun.objects.create(job_name="test.reader", scheduled_for=timezone.now())
        run_periodic_job.call(run.pk)
    finally:
        registry.unregister("test.reader")
    assert AccessRead.objects.get().purpose == "export"


# -- the company access log ----------------------------------------------------------------------


def _log_some_reads(world: World) -> None:
    with read_log.unit_of_work():
        read_log.note_read(world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE])
        read_log.note_read(world.a.actor(perms.MANAGER), world.a.company)
        read_log.note_read(world.b.actor(perms.ADMIN), world.b.members[perms.EMPLOYEE])


def test_selector_filters_by_person_type_and_period(world: World) -> None:
    _log_some_reads(world)
    owner = world.a.actor(perms.OWNER)
    assert selectors.access_reads(owner).count() == 2  # company B's read is not listed
    manager = world.a.user(perms.MANAGER)
    assert [r.actor_user_id for r in selectors.access_reads(owner, person=manager.pk)] == [
        manager.pk
    ]
    assert selectors.access_reads(owner, actor_email="ADMIN@acme.test").count() == 1
    assert selectors.access_reads(owner, object_type="tenancy.company").count() == 1
    today = timezone.now().date()
    assert selectors.access_reads(owner, since=today, until=today).count() == 2
    assert selectors.access_reads(owner, until=today - timedelta(days=1)).count() == 0
    assert selectors.access_reads(owner, purpose="export").count() == 0


def test_only_holders_of_the_permission_see_the_log(world: World) -> None:
    _log_some_reads(world)
    assert selectors.access_reads(world.a.actor(perms.AUDITOR)).count() == 2
    assert selectors.access_reads(world.a.actor(perms.MANAGER)).count() == 0
    with pytest.raises(NotFound):
        selectors.record_history(
            world.a.actor(perms.ADMIN), world.b.members[perms.EMPLOYEE], permission="member.view"
        )


def test_access_log_page_filters(world: World) -> None:
    _log_some_reads(world)
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    page = client.get("/c/acme/access-log/", {"object_type": "tenancy.company"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 read" in html
    assert "Manager of Acme AS" in html
    bad = client.get("/c/acme/access-log/", {"since": "2030-01-02", "until": "2030-01-01"})
    assert "before its start" in bad.content.decode()


def test_access_log_api_filters_and_validates(world: World) -> None:
    _log_some_reads(world)
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    manager = world.a.user(perms.MANAGER)
    body = client.get("/api/v1/companies/acme/access-log", {"person": manager.pk}).json()
    assert [item["actor_email"] for item in body["items"]] == ["manager@acme.test"]
    wrong = client.get("/api/v1/companies/acme/access-log", {"purpose": "peek"})
    assert wrong.status_code == 422
    assert "purpose" in wrong.json()["errors"]
    backwards = client.get(
        "/api/v1/companies/acme/access-log", {"since": "2030-01-02", "until": "2030-01-01"}
    )
    assert backwards.status_code == 422


def test_access_log_list_has_a_fixed_query_budget(
    world: World, django_assert_max_num_queries: object
) -> None:
    actor = world.a.actor(perms.ADMIN)
    with read_log.unit_of_work():
        read_log.note_reads(actor, _members(world) * 1)
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get("/api/v1/companies/acme/access-log").status_code == 200
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        assert client.get("/c/acme/access-log/").status_code == 200


def test_support_operator_is_named_beside_the_member(world: World) -> None:
    from dataclasses import replace

    actor = replace(world.a.actor(perms.ADMIN), support_user=world.operator,
                    channel=Channel.SUPPORT)
    read_log.note_read(actor, world.a.company)
    read = AccessRead.objects.get()
    assert (read.support_user_id, read.support_name, read.channel) == (
        world.operator.pk, "Olivia Operator", "support",
    )
