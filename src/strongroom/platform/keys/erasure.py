"""The erasure hook: what happens to a data subject's keys when their records are removed.

Domain actions that remove everything held about a data subject (deleting a contact person,
P-D4) call :func:`subject_erased` inside their transaction, after deleting the records. The
record is gone at once; its earlier values live on, encrypted under the subject's key, in the
history entries and in backups. Crypto-shredding (P-D6) reaches those: destroying the subject's
data keys here makes every remaining copy read as ``ERASED``, while the audit chain, which
hashes ciphertext, still verifies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strongroom.platform.tenancy.actor import Actor


def subject_erased(*, actor: Actor, subject: str, company_id: int) -> None:
    """Called when ``subject`` (e.g. ``"contact:<uuid>"``) of company ``company_id`` no longer
    has any record. Destroys the subject's data keys once envelope encryption is in place; until
    then there is no key to destroy and nothing to do."""
    return None
