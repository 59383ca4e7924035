"""What operators may know about keys: ids, versions, states and ages, never material or
subjects (P-C3, P-B4). ``strongroom keys status`` and the operator console show it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.keys.models import CompanyKey, DataKeyset, DataKeyVersion, RootKeyCheck
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.scope import PLATFORM_LABEL, is_platform
from strongroom.platform.tenancy.selectors import operator_companies

GONE = (CompanyKey.State.RETIRED, CompanyKey.State.DESTROYED)


def _days(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, (now - since).days)


@dataclass(frozen=True)
class RootVersion:
    version: int
    state: str  # current, decrypt_only (company keys still under it), unused (may be retired)
    first_seen: datetime | None
    age_days: int | None
    company_keys: int
    next_rotation: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class CompanyKeyVersion:
    version: int
    state: str
    root_version: int
    created_at: datetime
    age_days: int
    data_key_versions: int  # data key versions wrapped under it


@dataclass(frozen=True)
class CompanyKeys:
    company_id: int
    slug: str
    versions: list[CompanyKeyVersion]
    data_keys: int  # data keys (one per person, plus the company's own), destroyed excluded
    destroyed_data_keys: int
    oldest_data_key_days: int | None  # age of the oldest current data key version
    next_rotation: datetime | None = None
    overdue: bool = False
    rotating: bool = False  # a decrypt-only version still wraps data keys
    platform: bool = False  # the platform scope (accounts' secrets), not a company


@dataclass(frozen=True)
class KeyStatus:
    provider: str
    root_rotation_days: int
    company_rotation_days: int
    root: list[RootVersion]
    companies: list[CompanyKeys] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def key_status(actor: Actor, *, company_id: int | None = None) -> KeyStatus:
    """Every key class with versions, states and ages (one company's with ``company_id``).
    NotFound without ``platform.view``."""
    policy.require(actor, PLATFORM_VIEW)
    now = timezone.now()
    root_days = settings.STRONGROOM_KEY_ROTATION_ROOT_DAYS
    company_days = settings.STRONGROOM_KEY_ROTATION_COMPANY_DAYS
    return KeyStatus(
        provider=provider().description, root_rotation_days=root_days,
        company_rotation_days=company_days, root=_root(now, root_days),
        companies=_companies(actor, now, company_days, company_id),
    )


def root_versions(actor: Actor) -> list[RootVersion]:
    """The root key's versions alone (cheap: no company key is read). NotFound without
    ``platform.view``."""
    policy.require(actor, PLATFORM_VIEW)
    return _root(timezone.now(), settings.STRONGROOM_KEY_ROTATION_ROOT_DAYS)


def oldest_active_company_key(actor: Actor) -> datetime | None:
    """When the oldest company key still active (the platform scope's included) was made."""
    policy.require(actor, PLATFORM_VIEW)
    active = CompanyKey.objects.filter(state=CompanyKey.State.ACTIVE)
    oldest: datetime | None = active.aggregate(at=Min("created_at"))["at"]
    return oldest


def _root(now: datetime, days: int) -> list[RootVersion]:
    root = provider()
    root.refresh()
    current = root.current_version()
    seen = dict(RootKeyCheck.objects.values_list("version", "created_at"))
    used = dict(
        CompanyKey.objects.exclude(state__in=GONE).values("root_version")
        .annotate(n=Count("id")).values_list("root_version", "n")
    )
    result = []
    for version in sorted(set(root.versions()) | set(used)):
        first_seen = seen.get(version)
        if version == current:
            due = first_seen + timedelta(days=days) if first_seen else None
            result.append(RootVersion(
                version, "current", first_seen, _days(first_seen, now), used.get(version, 0),
                next_rotation=due, overdue=due is not None and due <= now,
            ))
        else:
            state = "decrypt_only" if used.get(version) else "unused"
            if version not in root.versions():
                state = "missing"
            result.append(RootVersion(
                version, state, first_seen, _days(first_seen, now), used.get(version, 0)
            ))
    return result


def _companies(
    actor: Actor, now: datetime, days: int, only: int | None
) -> list[CompanyKeys]:
    slugs = dict(operator_companies(actor).values_list("pk", "slug"))
    keys = CompanyKey.objects.order_by("company_id", "version")
    keysets = DataKeyset.objects.all()
    versions = DataKeyVersion.objects.all()
    if only is not None:
        keys = keys.filter(company_id=only)
        keysets = keysets.filter(company_id=only)
        versions = versions.filter(keyset__company_id=only)
    wrapped = {
        (company, version): n
        for company, version, n in versions.values("keyset__company_id", "company_key_version")
        .annotate(n=Count("id")).values_list("keyset__company_id", "company_key_version", "n")
    }
    live = dict(
        keysets.filter(destroyed_at__isnull=True).values("company_id")
        .annotate(n=Count("key_id")).values_list("company_id", "n")
    )
    destroyed = dict(
        keysets.filter(destroyed_at__isnull=False).values("company_id")
        .annotate(n=Count("key_id")).values_list("company_id", "n")
    )
    newer = DataKeyVersion.objects.filter(
        keyset=OuterRef("keyset"), version__gt=OuterRef("version")
    )
    oldest = dict(
        versions.filter(keyset__destroyed_at__isnull=True).exclude(Exists(newer))
        .values("keyset__company_id").annotate(at=Min("created_at"))
        .values_list("keyset__company_id", "at")
    )
    by_company: dict[int, list[CompanyKey]] = {}
    for row in keys:
        by_company.setdefault(row.company_id, []).append(row)
    result = []
    for company_id, rows in by_company.items():
        active = next((row for row in rows if row.state == CompanyKey.State.ACTIVE), None)
        due = active.created_at + timedelta(days=days) if active else None
        result.append(CompanyKeys(
            company_id=company_id,
            slug=PLATFORM_LABEL if is_platform(company_id) else slugs.get(company_id, ""),
            versions=[
                CompanyKeyVersion(
                    row.version, row.state, row.root_version, row.created_at,
                    _days(row.created_at, now) or 0, wrapped.get((company_id, row.version), 0),
                )
                for row in rows
            ],
            data_keys=live.get(company_id, 0), destroyed_data_keys=destroyed.get(company_id, 0),
            oldest_data_key_days=_days(oldest.get(company_id), now),
            next_rotation=due, overdue=due is not None and due <= now,
            rotating=any(row.state == CompanyKey.State.DECRYPT_ONLY for row in rows),
            platform=is_platform(company_id),
        ))
    return sorted(result, key=lambda item: (not item.platform, item.slug, item.company_id))
