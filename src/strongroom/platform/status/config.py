"""What the prober checks and where it writes, from the settings (or given by a caller)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings

# The page is stale when its last probe is older than this many intervals.
STALE_INTERVALS = 5
HISTORY_FILE = "history.sqlite3"


@dataclass(frozen=True)
class StatusConfig:
    """One prober's configuration."""

    public_dir: Path
    public_url: str = ""
    ca_file: str = ""
    instances: tuple[str, ...] = ()
    timeout: float = 5.0
    interval: int = 60

    @property
    def history_file(self) -> Path:
        """The history, beside (never inside) the directory the proxy serves."""
        return self.public_dir.parent / HISTORY_FILE

    @property
    def stale_after(self) -> int:
        """Seconds after its last probe at which the page is out of date."""
        return STALE_INTERVALS * self.interval


def from_settings(**overrides: Any) -> StatusConfig:
    """The configuration of this installation (``STRONGROOM_STATUS_*``), with ``overrides``."""
    config = StatusConfig(
        public_dir=Path(settings.STRONGROOM_STATUS_DIR),
        public_url=settings.STRONGROOM_STATUS_PUBLIC_URL,
        ca_file=settings.STRONGROOM_STATUS_CA_FILE,
        instances=tuple(settings.STRONGROOM_STATUS_INSTANCES),
        timeout=float(settings.STRONGROOM_STATUS_TIMEOUT_SECONDS),
        interval=settings.STRONGROOM_STATUS_INTERVAL_SECONDS,
    )
    return replace(config, **overrides)
