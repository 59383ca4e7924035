"""Backups (P-F1, P-F3, platform/backups): where they go, the passphrase, retention, drills.

Backups are on by default. Each location is a restic repository: a directory (point it at
another disk or mount) or an S3-compatible store (``s3:https://host/bucket/prefix``). Two
locations are required; in development both default to directories under the data
directory, which protects against mistakes, not against losing the disk.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.secrets import read_secret
from strongroom.project.settings.environment import DATA_DIR, PRODUCTION

STRONGROOM_BACKUP_ENABLED = env.get_bool("BACKUP_ENABLED", True)


def _locations() -> dict[str, str]:
    raw = env.get_list("BACKUP_LOCATIONS", [])
    if not raw:
        if PRODUCTION:
            return {}  # backups then fail closed and `strongroom check --deploy` says why
        return {
            "local": str(DATA_DIR / "backups" / "local"),
            "second": str(DATA_DIR / "backups" / "second"),
        }
    locations: dict[str, str] = {}
    for item in raw:
        name, sep, repository = item.partition("=")
        name, repository = name.strip(), repository.strip()
        if not sep or not name.isidentifier() or not repository:
            raise ImproperlyConfigured(
                f"{env.PREFIX}BACKUP_LOCATIONS: expected name=repository, got {item!r}"
            )
        if name in locations:
            raise ImproperlyConfigured(f"{env.PREFIX}BACKUP_LOCATIONS names {name!r} twice")
        if PRODUCTION and repository.startswith("s3:http://"):
            raise ImproperlyConfigured(f"{env.PREFIX}BACKUP_LOCATIONS: {name} must use https")
        locations[name] = repository
    return locations


# name -> restic repository (a directory, or s3:https://host[:port]/bucket/prefix)
STRONGROOM_BACKUP_LOCATIONS = _locations()

# The passphrase of every backup repository. It is not an application key, and it is never
# stored in the records database. A missing one in production does not stop start-up: backups
# then fail, with an alert, and `strongroom check --deploy` reports it.
STRONGROOM_BACKUP_PASSPHRASE = ""
STRONGROOM_BACKUP_PASSPHRASE_PROBLEM = ""
if PRODUCTION and not (env.get_str("BACKUP_PASSPHRASE") or env.get_str("BACKUP_PASSPHRASE_FILE")):
    STRONGROOM_BACKUP_PASSPHRASE_PROBLEM = (
        f"{env.PREFIX}BACKUP_PASSPHRASE (or {env.PREFIX}BACKUP_PASSPHRASE_FILE) is not set"
    )
else:
    STRONGROOM_BACKUP_PASSPHRASE = read_secret(
        "BACKUP_PASSPHRASE", data_dir=DATA_DIR, production=PRODUCTION, min_length=32
    )

# Credentials for S3-compatible locations, and a CA file for a store with its own CA.
STRONGROOM_BACKUP_S3_ACCESS_KEY_ID = env.get_str("BACKUP_S3_ACCESS_KEY_ID")
STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY = env.get_str("BACKUP_S3_SECRET_ACCESS_KEY")
if not STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY and env.get_str("BACKUP_S3_SECRET_ACCESS_KEY_FILE"):
    STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY = read_secret(
        "BACKUP_S3_SECRET_ACCESS_KEY", data_dir=DATA_DIR, production=PRODUCTION, min_length=16
    )
STRONGROOM_BACKUP_S3_CA_FILE = env.get_str("BACKUP_S3_CA_FILE")

# Retention. Records and files: hourly snapshots for this many hours, then one a day for this
# many days. Key store: this many days only, so that erased subjects and terminated companies
# become unreadable in every older backup once these have expired (P-D6, P-C4).
STRONGROOM_BACKUP_KEEP_HOURLY = env.get_int("BACKUP_KEEP_HOURLY", 48, minimum=1)
STRONGROOM_BACKUP_KEEP_DAILY = env.get_int("BACKUP_KEEP_DAILY", 14, minimum=1)
STRONGROOM_BACKUP_KEYS_KEEP_DAYS = env.get_int("BACKUP_KEYS_KEEP_DAYS", 30, minimum=1)

# The last good backup of a location older than this is an alert.
STRONGROOM_BACKUP_MAX_AGE_MINUTES = env.get_int("BACKUP_MAX_AGE_MINUTES", 120, minimum=5)

# The restic binary (Debian's package by default).
STRONGROOM_RESTIC = env.get_str("RESTIC", "restic")

# PostgreSQL records (docs/backups-postgresql.md): pgBackRest backs up the whole cluster, with
# continuous WAL archiving, to one repository per backup location, in the same order:
# "posix:/var/lib/pgbackrest" or "s3:https://host[:port]/bucket/path". Strongroom runs
# pgBackRest on the database host, as the PostgreSQL OS user, with the backup passphrase as
# the repositories' cipher passphrase.
STRONGROOM_PGBACKREST_REPOSITORIES = env.get_list("PGBACKREST_REPOSITORIES", [])
STRONGROOM_PGBACKREST_STANZA = env.get_str("PGBACKREST_STANZA", "strongroom")
STRONGROOM_PGBACKREST_PG_DATA = env.get_str("PGBACKREST_PG_DATA")
STRONGROOM_PGBACKREST_PG_SOCKET_DIR = env.get_str(
    "PGBACKREST_PG_SOCKET_DIR", "/var/run/postgresql"
)
STRONGROOM_PGBACKREST_OS_USER = env.get_str("PGBACKREST_OS_USER", "postgres")
# Where its configuration, spool (asynchronous archiving), logs and locks live.
STRONGROOM_PGBACKREST_DIR = env.get_path("PGBACKREST_DIR", DATA_DIR / "pgbackrest")
STRONGROOM_PGBACKREST_KEEP_FULL = env.get_int("PGBACKREST_KEEP_FULL", 14, minimum=1)
# A full backup when the last one in a repository is older than this; incremental otherwise.
STRONGROOM_PGBACKREST_FULL_EVERY_HOURS = env.get_int("PGBACKREST_FULL_EVERY_HOURS", 24, minimum=1)
for _repository in STRONGROOM_PGBACKREST_REPOSITORIES:
    if not _repository.startswith(("posix:/", "s3:https://", "s3:http://")):
        raise ImproperlyConfigured(
            f"{env.PREFIX}PGBACKREST_REPOSITORIES: {_repository!r} is neither posix:/path "
            "nor s3:https://host/bucket/path"
        )
