"""Demo documents: company policies and customer papers, some with several versions."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from strongroom.platform.access.actor import Actor
from strongroom.records.contacts import selectors as contacts
from strongroom.records.documents import actions, targets
from strongroom.records.documents.models import Document

if TYPE_CHECKING:
    from strongroom.records.contacts.models import Organisation

COMPANY_DOCUMENTS = (
    "Employee handbook", "Travel and expense policy", "Information security policy",
    "Data processing agreement template", "Board minutes Q1", "Board minutes Q2",
    "Annual budget", "Insurance certificate", "Office lease", "Price list",
)
CUSTOMER_DOCUMENTS = ("Framework agreement", "Statement of work", "Meeting notes",
                      "Purchase order", "Price quote")
CUSTOMERS_WITH_DOCUMENTS = 45


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF showing ``text`` (built here, so the demo needs no PDF library)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 760 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )
    return bytes(out)


def _upload(title: str, version: int, rng: random.Random) -> SimpleUploadedFile:
    if rng.random() < 0.25:
        rows = "\n".join(f"{n},{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}"
                         for n in range(1, 13))
        return SimpleUploadedFile(f"{title}.csv", f"line,amount\n{rows}\n".encode())
    return SimpleUploadedFile(f"{title}.pdf", pdf_bytes(f"{title} (version {version})"))


def _create(actor: Actor, title: str, rng: random.Random, target: Organisation | None) -> None:
    document = actions.create_document(
        actor=actor, upload=_upload(title, 1, rng), title=title,
        target_type=targets.key_of(target) if target is not None else "",
        target_id=target.pk if target is not None else None,
    )
    for version in range(2, rng.choice((1, 1, 1, 2, 3)) + 1):
        actions.add_document_version(
            actor=actor, document=document, upload=_upload(title, version, rng),
            note=rng.choice(("Corrections", "Signed copy", "Updated figures")),
        )


def seed_demo(actor: Actor) -> int:
    """Create the demo documents that are missing (the company's own, and a few for each of
    the first customers). Returns how many were created."""
    existing = set(
        Document.objects.filter(company=actor.company).values_list("title", "target_id")
    )
    created = 0
    for n, title in enumerate(COMPANY_DOCUMENTS):
        if (title, None) not in existing:
            _create(actor, title, random.Random(f"document-{n}"), None)  # noqa: S311
            created += 1
    customers = contacts.organisations(actor)
    for customer in customers[:CUSTOMERS_WITH_DOCUMENTS]:
        rng = random.Random(f"customer-{customer.name}")  # noqa: S311  (demo data)
        for kind in rng.sample(CUSTOMER_DOCUMENTS, rng.randint(2, 4)):
            title = f"{kind}, {customer.name}"
            if (title, customer.pk) not in existing:
                _create(actor, title, rng, customer)
                created += 1
    return created
