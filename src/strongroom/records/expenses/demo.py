"""Demo expense claims: every demo member's claims over a year and a half, in every state
(draft, waiting, approved, rejected with a comment, reimbursed), with receipts (small PDFs and
PNGs made here) and mileage trips; made through the actions and decided by the approvers the
demo rules name.

Idempotent: a member who already has claims gets no more. Deterministic: the same seeds give
the same claims relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from dataclasses import replace
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, Channel, member_actor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Membership
from strongroom.records.approvals import selectors as approval_selectors
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.documents.demo import pdf_bytes
from strongroom.records.expenses import actions
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim

CLAIMS_PER_MEMBER = 12
DAYS = 540
PURPOSES = ("Customer visit", "Workshop", "Conference", "Project kick-off", "Training course",
            "Sales meeting", "Office supplies")
PLACES = ("Bergen", "Trondheim", "Stavanger", "Stockholm", "Copenhagen", "Tromsø", "Oslo")
# category, description, amount range, VAT share, currency (NOK unless given)
EXPENSES = (
    ("travel", "Flight", (900, 3200), Decimal("0.107"), "NOK"),
    ("travel", "Train ticket", (300, 1200), Decimal("0.107"), "NOK"),
    ("lodging", "Hotel, one night", (1100, 2100), Decimal("0.107"), "NOK"),
    ("meals", "Dinner with the customer", (600, 2400), Decimal("0.13"), "NOK"),
    ("transport", "Taxi from the airport", (350, 900), Decimal("0.107"), "NOK"),
    ("office", "Printer paper and toner", (250, 1400), Decimal("0.2"), "NOK"),
    ("software", "Design tool subscription", (20, 60), Decimal("0.2"), "EUR"),
    ("training", "Conference ticket", (150, 600), Decimal("0.2"), "EUR"),
    ("meals", "Lunch", (120, 400), Decimal("0.107"), "SEK"),
)
RATES = {"EUR": Decimal("11.52"), "SEK": Decimal("1.02")}
REJECTION = "Please split the private part of this trip into a separate claim."


def png_bytes(seed: int) -> bytes:
    """A small grey-scale PNG (a receipt photo stand-in), built here with zlib alone."""
    width, height = 64, 96
    rows = b"".join(
        b"\x00" + bytes(255 - ((x * 7 + y * 3 + seed) % 9) * (y % 6 == 0) * 20
                        for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _receipt(rng: random.Random, description: str, amount: Decimal) -> SimpleUploadedFile:
    if rng.random() < 0.5:
        return SimpleUploadedFile("receipt.png", png_bytes(rng.randrange(9)), "image/png")
    return SimpleUploadedFile("receipt.pdf", pdf_bytes(f"Receipt: {description}, {amount}"),
                              "application/pdf")


def _as(member: Membership) -> Actor:
    return replace(member_actor(member, channel=Channel.CLI), credential="demo")


def _fill(actor: Actor, claim: ExpenseClaim, rng: random.Random, day: dt.date,
          receipts: bool, mileage: bool) -> None:
    for _ in range(rng.randint(1, 3)):
        category, description, (low, high), share, code = rng.choice(EXPENSES)
        amount = Decimal(rng.randint(low, high))
        actions.add_expense_line(
            actor=actor, claim=claim, date=day, category=category, description=description,
            amount=amount, currency=code, vat_amount=(amount * share).quantize(Decimal(1)),
            exchange_rate=RATES.get(code), receipt=_receipt(rng, description, amount)
            if receipts else None,
        )
    if mileage:
        actions.add_mileage_line(
            actor=actor, claim=claim, date=day, description=f"Office-{rng.choice(PLACES)}",
            distance_km=Decimal(rng.randint(12, 480)),
        )


def _decide(member: Membership, claim: ExpenseClaim, approve: bool, rng: random.Random) -> None:
    """Decide each open step of the claim's approval as one of its approvers."""
    for _ in range(3):
        found = approval_selectors.for_records(_as(member), "expense", [str(claim.pk)])
        approval = found.get(str(claim.pk))
        if approval is None:
            return
        step = approval_selectors.open_step(approval)
        if step is None:
            return
        earlier = {s.decided_by_id for s in approval.steps.all() if s.decided_by_id}
        eligible = [m for m in step.approvers.all() if m.pk not in earlier and m.pk != member.pk]
        if not eligible:
            return
        decide(actor=_as(rng.choice(eligible)), step=step, approve=approve,
               comment="" if approve else REJECTION)


def seed_demo(*, actor: Actor) -> int:
    """Create the demo claims of members who have none; returns how many were added."""
    members = list(tenancy_selectors.members(actor))
    people = [m for m in members if m.role not in (perms.AUDITOR, perms.OWNER)]
    accountant = next((m for m in members if m.role == perms.ACCOUNTANT), None)
    taken = set(ExpenseClaim.objects.filter(company=actor.company)
                .values_list("claimant_id", flat=True).distinct())
    today = timezone.localdate()
    added = 0
    for member in people:
        if member.pk in taken:
            continue
        rng = random.Random(f"demo-expenses-{member.user.email}")  # noqa: S311 - demo data
        drives = "mileage" in member.tags
        for n in range(CLAIMS_PER_MEMBER):
            age = DAYS - n * (DAYS // CLAIMS_PER_MEMBER) - rng.randrange(30)
            day = today - dt.timedelta(days=max(age, 1))
            state = rng.choice(("draft", "submitted", "approved", "rejected")) if n >= 3 else (
                "reimbursed" if rng.random() < 0.85 else "rejected")
            title = f"{rng.choice(PURPOSES)}, {rng.choice(PLACES)}, {day:%B %Y}"
            claimant = _as(member)
            claim = actions.create_claim(actor=claimant, title=title,
                                         bank_account=f"1503.{rng.randint(10, 99)}.{n}2345")
            _fill(claimant, claim, rng, day, receipts=state != "draft" or rng.random() < 0.5,
                  mileage=drives or rng.random() < 0.2)
            added += 1
            if state == "draft":
                continue
            actions.submit_claim(actor=claimant, claim=claim)
            if state == "submitted":
                continue
            _decide(member, claim, approve=state != "rejected", rng=rng)
            claim.refresh_from_db()
            if state == "reimbursed" and claim.status == ClaimStatus.APPROVED and accountant:
                actions.mark_claim_reimbursed(actor=_as(accountant), claim=claim,
                                              reimbursed_on=today)
    return added
