"""Demo invoices: a year and a half of invoices to the demo customers, most paid, some open or
overdue, the newest still drafts, and a few credit notes; made through the actions.

Issue dates are spread over the period in number order (``issue_invoice`` takes an earlier
date as long as the series stays in date order); the history records when the demo ran.
Idempotent: each demo invoice carries its project reference in its notes, and one found there
is not made again. Deterministic: the same seeds give the same invoices relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.records.contacts import selectors as contacts
from strongroom.records.invoices import actions
from strongroom.records.invoices.models import Invoice, InvoiceKind
from strongroom.records.invoices.validation import LineInput

INVOICES = 200
DAYS = 540
DRAFTS = 8
CREDIT_EVERY = 40
# description, unit, unit price range (NOK), VAT rate
SERVICES = (
    ("Consulting, senior", "h", (1350, 1650), "25"),
    ("Consulting, junior", "h", (950, 1150), "25"),
    ("Project management", "h", (1200, 1450), "25"),
    ("Workshop facilitation", "day", (9500, 14000), "25"),
    ("Software licence, annual", "pcs", (4800, 12000), "25"),
    ("Course material", "pcs", (250, 600), "25"),
    ("Travel, train tickets", "", (600, 2400), "12"),
    ("Hotel nights", "night", (1200, 1900), "12"),
    ("Lunch meeting", "", (450, 1800), "15"),
    ("Translation of annual report", "", (6000, 18000), "0"),
)


def _line(rng: random.Random) -> LineInput:
    description, unit, (low, high), rate = rng.choice(SERVICES)
    if unit == "h":
        quantity = Decimal(rng.choice((2, 4, 7.5, 12, 16, 22.5, 37.5))).quantize(Decimal("0.1"))
    elif unit in ("day", "night"):
        quantity = Decimal(rng.randint(1, 4))
    else:
        quantity = Decimal(rng.choice((1, 1, 1, 2, 5)))
    price = Decimal(rng.randrange(low, high, 50))
    return LineInput(description, quantity, price, Decimal(rate), unit)


def _credit(actor: Actor, invoice: Invoice, on: dt.date) -> None:
    """Credit the invoice's first line (a partial credit note), issued on ``on``."""
    first = invoice.lines.order_by("position").first()
    assert first is not None  # noqa: S101 - issued invoices have lines
    line = LineInput(first.description, first.quantity, first.unit_price, first.vat_rate,
                     first.unit)
    note = actions.create_credit_note(
        actor=actor, invoice=invoice, lines=[line],
        notes=f"Credits line 1 of invoice {invoice.number}: not delivered as agreed.",
    )
    actions.issue_invoice(actor=actor, invoice=note, issue_date=on)


def seed_demo(actor: CompanyActor) -> int:
    """Set the company's invoice details (once) and create the missing demo invoices.
    Returns how many invoices were created."""
    from strongroom.records.invoices.issuer import settings_for

    if not settings_for(actor.company.pk).legal_name:
        actions.set_invoice_settings(
            actor=actor, legal_name="Nordlys Consulting AS", organisation_number="923 456 781",
            vat_id="NO923456781MVA", address="Kirkegata 15\n0153 Oslo",
            iban="NO9386011117947", bic="DNBANOKK", payment_terms_days=14,
        )
    customers = list(contacts.organisations(actor)[:60])
    if not customers:
        return 0
    made = set(Invoice.objects.filter(company=actor.company, kind=InvoiceKind.INVOICE,
                                      notes__startswith="Project P-")
               .values_list("notes", flat=True))
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS)
    created = 0
    for n in range(INVOICES):
        rng = random.Random(f"demo-invoice-{n}")  # noqa: S311 - demo data, same every run
        notes = f"Project P-{1000 + n}. Thank you for your business."
        if notes in made:
            continue
        customer = customers[int(rng.triangular(0, len(customers) - 1, 0))]
        invoice = actions.create_invoice(
            actor=actor, customer_organisation=customer.pk,
            customer_reference=rng.choice(("", "", "PO 4500" + str(rng.randint(10000, 99999)),
                                           "Att. accounts payable")),
            notes=notes, payment_terms_days=rng.choice((10, 14, 14, 30)),
            lines=[_line(rng) for _ in range(rng.choice((1, 1, 2, 3, 4)))],
        )
        created += 1
        if n >= INVOICES - DRAFTS:
            continue
        issued_on = start + dt.timedelta(days=n * (DAYS - 20) // (INVOICES - DRAFTS))
        invoice = actions.issue_invoice(actor=actor, invoice=invoice, issue_date=issued_on)
        if n % CREDIT_EVERY == 7:
            _credit(actor, invoice, issued_on)
        age = (today - issued_on).days
        if (age > 40 and rng.random() < 0.93) or (age <= 40 and rng.random() < 0.4):
            paid = issued_on + dt.timedelta(days=rng.randint(3, invoice.payment_terms_days + 6))
            actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=min(paid, today))
    return created
