"""``strongroom audit verify``: is the history complete, unchanged and true to the data? (P-D2)

Three checks, each finding naming the company, the chain or record, and the entry:

1. **Chains.** For every audit and access-log chain: positions run 1, 2, 3... without gaps or
   duplicates; each entry links to its predecessor's hash; each entry's hash, recomputed over
   its stored body, matches; the head row names the last entry; and the columns the
   application reads agree with the body.
2. **Checkpoints.** Each checkpoint's signature is valid under a known audit key, and the entry
   at its size has the head hash it signed (so a chain cut short or rewritten is caught even
   if the rewriter recomputed every hash).
3. **Records.** Every tracked record's stored state equals the state its last history entry
   recorded: a row changed, created or deleted behind the application's back (raw SQL, a
   restored backup of one table) shows as a difference.

Access-log entries are written unsealed and sealed into their chain within
``chain.SEAL_WITHIN``; those still waiting are not part of the chain yet and are left out of
these checks, except that one waiting longer than that is a finding: the sealer is not running,
and an entry outside the chain is protected by no hash.

The chain check hashes each entry's stored body (the bytes its hash committed to), then asks
the database which entries' columns disagree with their body, and confirms each candidate with
the reference encoder (:mod:`fastchain`), so speed never causes a false finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone

from strongroom.platform.history import chain, checkpoints, fastchain, tracking
from strongroom.platform.history.models import AccessRead, AuditEvent, ChainHead, Checkpoint
from strongroom.platform.tenancy.models import Company

Progress = Callable[[str], None]
PROGRESS_EVERY = 100_000


@dataclass(frozen=True)
class Finding:
    """One thing that is not as the application left it."""

    company: str  # slug, or "platform"
    place: str  # "audit chain c:3, entry 17", "tenancy.membership 42"
    problem: str

    def __str__(self) -> str:
        return f"{self.company}: {self.place}: {self.problem}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    chains: int = 0
    entries: int = 0
    checkpoints: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


def verify(*, company: Company | None = None, progress: Progress | None = None) -> Report:
    """Run every check, over one company's chains and records or over the whole installation."""
    report = Report()
    names = dict(Company.objects.values_list("pk", "slug"))
    for key in _chain_keys(company):
        _verify_chain(key, report, names, progress)
    _verify_records(company, report, names, progress)
    return report


def _chain_keys(company: Company | None) -> list[str]:
    if company is not None:
        return [chain.chain_key_for(company.pk), chain.read_chain_key_for(company.pk)]
    keys = set(ChainHead.objects.values_list("chain_key", flat=True))
    keys |= set(AuditEvent.objects.values_list("chain_key", flat=True).distinct())
    keys |= set(AccessRead.objects.values_list("chain_key", flat=True).distinct())
    keys |= set(Checkpoint.objects.values_list("chain_key", flat=True).distinct())
    return sorted(keys)


def company_of(key: str, names: dict[int, str]) -> str:
    """The slug of the company a chain key belongs to ("platform" for none)."""
    tail = key.rsplit(":", 1)[-1]
    if tail.isdigit():
        return names.get(int(tail), f"company #{tail} (no longer exists)")
    return "platform"


def _verify_chain(
    key: str, report: Report, names: dict[int, str], progress: Progress | None
) -> None:
    _verify_links(key, report, names, progress)
    _verify_columns(key, report, names, progress)
    if _kind(key) == "access-log":
        _verify_sealed(key, report, names, timezone.now() - chain.SEAL_WITHIN)


def _verify_sealed(key: str, report: Report, names: dict[int, str], before: datetime) -> None:
    """No entry waits for the sealer longer than ``chain.SEAL_WITHIN``."""
    late = AccessRead.objects.filter(chain_key=key, sequence__isnull=True, occurred_at__lt=before)
    found = late.aggregate(count=models.Count("id"), first=models.Min("id"))
    if found["count"]:
        _finder(key, report, names)(
            f"{found['count']} entries from id {found['first']}",
            f"not sealed into the chain {chain.SEAL_WITHIN.total_seconds():.0f} s after they "
            "were written (is the sealer of `strongroom worker` running?)",
        )


def _finder(key: str, report: Report, names: dict[int, str]) -> Callable[[str, str], None]:
    kind = _kind(key)
    company = company_of(key, names)

    def find(place: str, problem: str) -> None:
        report.findings.append(Finding(company, f"{kind} chain {key}, {place}", problem))

    return find


def _kind(key: str) -> str:
    return "access-log" if key.startswith("a:") else "audit"


def _verify_links(
    key: str, report: Report, names: dict[int, str], progress: Progress | None
) -> None:
    """Positions, links, the hash of every stored body, the head row and the checkpoints."""
    find = _finder(key, report, names)
    access = _kind(key) == "access-log"
    signed = {cp.size: cp for cp in Checkpoint.objects.filter(chain_key=key).order_by("size")}
    # The head before the entries: an entry and its head move commit together, so every entry
    # up to the head is there to be read, and appends made while this runs are left out.
    head = ChainHead.objects.filter(chain_key=key).first()
    hashes_at: dict[int, str] = {}
    expected, prev_hash, count = 1, chain.GENESIS, 0
    through = head.sequence if head is not None else None
    for chunk in fastchain.chunks(key, access=access, through=through):
        if chunk.intact_after(expected - 1, prev_hash):
            first = expected
            last, prev_hash = chunk.last
            expected = last + 1
            hashes_at.update(
                (size, chunk.rows[size - first][3]) for size in signed if first <= size <= last
            )
        else:
            expected, prev_hash = _find_in_chunk(chunk, expected, prev_hash, find, signed,
                                                 hashes_at)
        passed, count = count, count + chunk.size
        if progress is not None and count // PROGRESS_EVERY > passed // PROGRESS_EVERY:
            progress(f"{key}: {count} entries checked")
    report.chains += 1
    report.entries += count
    last = expected - 1
    if head is None:
        if count:
            find("head", "the head row is missing")
    elif (head.sequence, head.head_hash) != (last, prev_hash if count else chain.GENESIS):
        find("head", f"the head row names entry {head.sequence}, the chain ends at {last}")
    elif (beyond := _entries_beyond_head(key, access)) is not None:
        find("head", f"the head row names entry {beyond[0]}, the chain ends at {beyond[1]}")
    for size, checkpoint in signed.items():
        report.checkpoints += 1
        place = f"checkpoint at {size} (signed {checkpoint.signed_at:%Y-%m-%d %H:%M:%S} UTC)"
        if not checkpoints.signature_valid(checkpoint):
            find(place, "the signature is not valid under any known audit key")
        if size not in hashes_at:
            find(place, f"covers entry {size}, which is missing")
        elif hashes_at[size] != checkpoint.head_hash:
            find(place, f"entry {size} is not the entry that was signed (history was rewritten)")
    if progress is not None:
        progress(f"{key}: {count} entries, {len(signed)} checkpoints checked")


def _entries_beyond_head(key: str, access: bool) -> tuple[int, int] | None:
    """``(head position, last position)`` when entries lie past the head (added behind the
    application's back). The last position is read before the head, so an append committed in
    between cannot pass for one."""
    model = AccessRead if access else AuditEvent
    last = model.objects.filter(chain_key=key).aggregate(last=models.Max("sequence"))["last"]
    head = ChainHead.objects.filter(chain_key=key).values_list("sequence", flat=True).first()
    if last is not None and head is not None and last > head:
        return head, last
    return None


def _find_in_chunk(
    chunk: fastchain.Chunk,
    expected: int,
    prev_hash: str,
    find: Callable[[str, str], None],
    signed: dict[int, Checkpoint],
    hashes_at: dict[int, str],
) -> tuple[int, str]:
    """Name what is wrong in a chunk, entry by entry; returns the next position expected and
    the last hash."""
    for entry in chunk.entries():
        sequence = entry.sequence
        if sequence != expected:
            if sequence > expected:
                missing = f"{expected}" if sequence == expected + 1 else (
                    f"{expected}-{sequence - 1}"
                )
                find(f"entry {sequence} (id {entry.pk})", f"entries {missing} are missing")
            else:
                find(f"entry {sequence} (id {entry.pk})", "position is used twice")
            expected = max(expected, sequence)
        if entry.prev_hash != prev_hash:
            find(
                f"entry {sequence} (id {entry.pk})",
                "does not link to the entry before it (removed, inserted or reordered)",
            )
        if entry.computed != entry.entry_hash:
            find(
                f"entry {sequence} (id {entry.pk})",
                "content does not match its hash (changed after it was written)",
            )
        if sequence in signed:
            hashes_at[sequence] = entry.entry_hash
        prev_hash = entry.entry_hash
        expected += 1
    return expected, prev_hash


def _verify_columns(
    key: str, report: Report, names: dict[int, str], progress: Progress | None
) -> None:
    """The columns the application reads hold what each entry's body (and so its hash)
    commits to."""
    find = _finder(key, report, names)
    for pk, sequence, fields in fastchain.column_mismatches(key, access=_kind(key) == "access-log"):
        find(
            f"entry {sequence} (id {pk})",
            f"content does not match its hash (changed after it was written: {', '.join(fields)})",
        )
    if progress is not None:
        progress(f"{key}: columns compared with the stored entries")


def _verify_records(
    company: Company | None, report: Report, names: dict[int, str], progress: Progress | None
) -> None:
    for model in tracking.tracked_models():
        label = model._meta.label_lower
        rows: models.QuerySet[models.Model] = model._base_manager.all()
        events = AuditEvent.objects.filter(object_type=label)
        if company is not None:
            if model is Company:
                rows = rows.filter(pk=company.pk)
            elif any(field.name == "company" for field in model._meta.fields):
                rows = rows.filter(company_id=company.pk)
            else:
                continue  # a platform record type: verified with the whole installation
            events = events.filter(company_id=company.pk)
        last: dict[str, tuple[int, int, str, dict[str, object] | None]] = {}
        for object_id, pk, sequence, key, state in events.order_by("id").values_list(
            "object_id", "id", "sequence", "chain_key", "state"
        ).iterator(chunk_size=5000):
            last[object_id] = (pk, sequence, key, state)
        seen: set[str] = set()
        for obj in rows.order_by("pk").iterator(chunk_size=2000):
            object_id = str(obj.pk)
            seen.add(object_id)
            report.records += 1
            owner = _owner(obj, names)
            entry = last.get(object_id)
            place = f"{label} {object_id}"
            if entry is None:
                report.findings.append(Finding(
                    owner, place, "has no history entry (created behind the application's back)"
                ))
                continue
            where = f"entry {entry[1]} of {entry[2]}"
            if entry[3] is None:
                report.findings.append(Finding(
                    owner, place, f"exists, but its last history entry ({where}) deleted it"
                ))
                continue
            current = tracking.capture(obj)
            if current != entry[3]:
                fields = sorted(
                    key for key in set(current) | set(entry[3])
                    if current.get(key) != entry[3].get(key)
                )
                report.findings.append(Finding(
                    owner, place,
                    f"stored {', '.join(fields)} differ from its last history entry ({where}): "
                    "changed behind the application's back",
                ))
        for object_id, (_, sequence, key, state) in last.items():
            if state is not None and object_id not in seen:
                report.findings.append(Finding(
                    company_of(key, names), f"{label} {object_id}",
                    f"is gone, but its last history entry (entry {sequence} of {key}) did not "
                    "delete it: deleted behind the application's back",
                ))
        if progress is not None:
            progress(f"{label}: {len(seen)} records compared with their history")


def _owner(obj: models.Model, names: dict[int, str]) -> str:
    company_id = obj.pk if isinstance(obj, Company) else getattr(obj, "company_id", None)
    return names.get(company_id, "platform") if company_id is not None else "platform"
