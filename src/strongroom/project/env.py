"""Typed parsers for ``STRONGROOM_*`` environment variables.

Every setting is read through one of these helpers so that a malformed value stops start-up
with a message naming the variable, instead of surfacing later as an obscure failure.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "STRONGROOM_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
SESSION_ATTRS = ("any", "read-write", "read-only", "primary", "standby", "prefer-standby")


def _environ() -> Mapping[str, str]:
    return os.environ


def load_env_file(path: Path) -> None:
    """Load ``KEY=VALUE`` lines from ``path`` into the environment (existing values win)."""
    if not path.is_file():
        return
    for lineno, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ImproperlyConfigured(f"{path}:{lineno}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


def get_str(name: str, default: str = "") -> str:
    """The value of ``STRONGROOM_<name>``, stripped; unset and empty both mean ``default``."""
    return _environ().get(PREFIX + name, "").strip() or default


def get_bool(name: str, default: bool) -> bool:
    """A boolean value (1/0, true/false, yes/no, on/off)."""
    raw = get_str(name).lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be a boolean (true/false), got {raw!r}")


def get_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """An integer value, optionally bounded below."""
    raw = get_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be at least {minimum}, got {value}")
    return value


def get_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of non-empty strings."""
    raw = get_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a fixed set of values."""
    raw = get_str(name, default)
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{PREFIX}{name} must be one of {', '.join(choices)}; got {raw!r}")


def get_path(name: str, default: Path) -> Path:
    """A filesystem path, made absolute."""
    raw = get_str(name)
    return Path(raw).expanduser().resolve() if raw else default.resolve()


def parse_database_url(
    url: str, *, data_dir: Path, variable: str = "DATABASE_URL", default_file: str = ""
) -> dict[str, object]:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into DATABASES['x'].

    ``variable`` names the setting in error messages; ``default_file`` is the SQLite file used
    for ``sqlite:///`` (default ``strongroom.sqlite3``).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if raw_path in ("", "/"):
            path = data_dir / (default_file or "strongroom.sqlite3")
        else:
            # sqlite:///relative.db -> "relative.db"; sqlite:////abs/path.db -> "/abs/path.db"
            relative = raw_path[1:] if raw_path.startswith("/") else raw_path
            path = Path(relative) if Path(relative).is_absolute() else data_dir / relative
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"{PREFIX}{variable} names no database: {_redact(url)}")
        userinfo, _, hostlist = parts.netloc.rpartition("@")
        user, _, password = userinfo.partition(":")
        hosts, ports = _hosts_and_ports(hostlist, variable=variable, url=url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(user),
            "PASSWORD": unquote(password),
            "HOST": hosts,
            "PORT": ports,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": _postgres_options(options, variable=variable, url=url),
        }
    raise ImproperlyConfigured(
        f"{PREFIX}{variable} must start with sqlite:// or postgres://; got {_redact(url)}"
    )


def _hosts_and_ports(hostlist: str, *, variable: str, url: str) -> tuple[str, str]:
    """libpq's comma-separated ``host`` and ``port`` from ``h1:p1,h2:p2`` (a multi-host URL:
    libpq tries each in turn). One host keeps its one port or none."""
    hosts: list[str] = []
    ports: list[str] = []
    for entry in hostlist.split(",") if hostlist else []:
        if entry.startswith("["):
            host, _, rest = entry[1:].partition("]")
            port = rest.removeprefix(":")
        else:
            host, _, port = entry.partition(":")
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise ImproperlyConfigured(
                f"{PREFIX}{variable} has an invalid port or host: {_redact(url)}"
            )
        hosts.append(unquote(host))
        ports.append(port)
    if len(hosts) > 1 and not all(ports):
        raise ImproperlyConfigured(
            f"{PREFIX}{variable} lists several hosts: give each its port: {_redact(url)}"
        )
    return ",".join(hosts), ",".join(ports)


def _postgres_options(
    options: Mapping[str, str], *, variable: str, url: str
) -> dict[str, object]:
    """The URL's query as libpq parameters; ``target_session_attrs`` and ``connect_timeout``
    checked, as a typo there would silently connect to a standby or hang."""
    db_options: dict[str, object] = dict(options)
    attrs = options.get("target_session_attrs")
    if attrs is not None and attrs not in SESSION_ATTRS:
        raise ImproperlyConfigured(
            f"{PREFIX}{variable}: target_session_attrs must be one of "
            f"{', '.join(SESSION_ATTRS)}: {_redact(url)}"
        )
    timeout = options.get("connect_timeout")
    if timeout is not None and not (timeout.isdigit() and int(timeout) >= 1):
        raise ImproperlyConfigured(
            f"{PREFIX}{variable}: connect_timeout must be whole seconds (1 or more): "
            f"{_redact(url)}"
        )
    return db_options


def _redact(url: str) -> str:
    """``url`` with any password masked, even when the URL is malformed (no scheme, bad port)."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    scheme, slashes, userinfo = head.rpartition("://")
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{slashes}{user}{':***' if colon else ''}@{tail}"
