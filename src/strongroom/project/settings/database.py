"""The two databases: the records (embedded SQLite by default, PostgreSQL by URL) and the key
store, kept apart so that backups of the records never hold usable keys (P-C2)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.settings.environment import DATA_DIR

DATABASE_URL = env.get_str("DATABASE_URL", "sqlite:///strongroom.sqlite3")
DATABASES = {"default": env.parse_database_url(DATABASE_URL, data_dir=DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The key store (platform/keys): a separate SQLite file by default; on PostgreSQL the same
# server with "_keys" appended to the database name, unless STRONGROOM_KEYS_DATABASE_URL says
# otherwise.
KEYS_DATABASE_URL = env.get_str("KEYS_DATABASE_URL")
if KEYS_DATABASE_URL:
    DATABASES["keys"] = env.parse_database_url(
        KEYS_DATABASE_URL,
        data_dir=DATA_DIR,
        variable="KEYS_DATABASE_URL",
        default_file="keys.sqlite3",
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["keys"] = env.parse_database_url("sqlite:///keys.sqlite3", data_dir=DATA_DIR)
else:
    DATABASES["keys"] = {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_keys",
        "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),  # type: ignore[call-overload]
    }
if DATABASES["keys"]["ENGINE"] == "django.db.backends.sqlite3":
    # Destroyed keys are overwritten with zeros in the file, not merely marked free.
    DATABASES["keys"]["OPTIONS"]["init_command"] += "PRAGMA secure_delete=ON;"  # type: ignore[index]
if all(
    DATABASES["keys"].get(part) == DATABASES["default"].get(part)
    for part in ("ENGINE", "NAME", "HOST", "PORT")
):
    raise ImproperlyConfigured(
        "STRONGROOM_KEYS_DATABASE_URL names the records database: the key store must be separate"
    )
DATABASE_ROUTERS = ["strongroom.platform.keys.router.KeyStoreRouter"]
