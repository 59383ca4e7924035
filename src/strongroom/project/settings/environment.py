"""Where Strongroom runs: the optional environment file, development or production, the data
directory and debug mode. Every other settings module reads these first."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env

SOURCE_DIR = Path(__file__).resolve().parents[2]

# Loaded before anything else is read, so that its values reach every settings module.
env_file = env.get_str("ENV_FILE")
if env_file:
    if not Path(env_file).is_file():
        raise ImproperlyConfigured(f"STRONGROOM_ENV_FILE points to a missing file: {env_file}")
    env.load_env_file(Path(env_file))

ENVIRONMENT = env.get_choice("ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = env.get_path("DATA_DIR", Path.cwd() / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.get_bool("DEBUG", False) and not PRODUCTION
