"""Gap-free, unique numbers under 20 concurrent issue requests (P-D3).

Runs on both databases; on PostgreSQL the counter row lock is what serializes the issues
(without it, two requests read the same last number and one fails on the unique constraint or,
worse, a number is skipped). On SQLite, IMMEDIATE transactions already serialize writers.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.records.invoices import actions
from strongroom.records.invoices.models import Invoice, InvoiceCounter
from tests.auth import sign_in
from tests.factories import CompanyFactory, MembershipFactory
from tests.invoices.factories import line

THREADS = 20


def _run_together(work: list[Any]) -> None:
    start = threading.Barrier(len(work), timeout=30)

    def run(job: Any) -> None:
        try:
            start.wait()
            job()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)


@pytest.mark.usefixtures("issued_rows_removed_after")
def test_twenty_concurrent_issue_requests_get_numbers_one_to_twenty() -> None:
    company = CompanyFactory(slug="race")
    accountant = MembershipFactory(company=company, role=perms.ACCOUNTANT)
    from strongroom.platform.access.actor import member_actor

    actor = member_actor(accountant)
    drafts = [
        actions.create_invoice(actor=actor, customer_name=f"Customer {n}", lines=[line()])
        for n in range(THREADS)
    ]
    clients = [sign_in(Client(), accountant.user) for _ in range(THREADS)]
    statuses: list[int] = []

    def issue(client: Client, invoice: Invoice) -> Any:
        def job() -> None:
            response = client.post(f"/api/v1/companies/race/invoices/{invoice.pk}/issue")
            statuses.append(response.status_code)

        return job

    _run_together([issue(c, d) for c, d in zip(clients, drafts, strict=True)])

    assert statuses == [200] * THREADS
    sequences = sorted(Invoice.objects.filter(company=company).values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    numbers = set(Invoice.objects.filter(company=company).values_list("number", flat=True))
    assert len(numbers) == THREADS
    assert InvoiceCounter.objects.get(company=company).last_sequence == THREADS


@pytest.mark.usefixtures("issued_rows_removed_after")
def test_one_draft_issued_twenty_times_at_once_gets_one_number() -> None:
    company = CompanyFactory(slug="race")
    accountant = MembershipFactory(company=company, role=perms.ACCOUNTANT)
    from strongroom.platform.access.actor import member_actor

    actor = member_actor(accountant)
    invoice = actions.create_invoice(actor=actor, customer_name="Customer", lines=[line()])
    outcomes: list[str] = []

    def issue() -> None:
        try:
            actions.issue_invoice(actor=actor, invoice=invoice)
            outcomes.append("issued")
        except Exception as exc:
            outcomes.append(type(exc).__name__)

    _run_together([issue] * THREADS)

    assert sorted(outcomes) == ["ValidationError"] * (THREADS - 1) + ["issued"]
    invoice.refresh_from_db()
    assert invoice.sequence == 1
    assert InvoiceCounter.objects.get(company=company).last_sequence == 1
