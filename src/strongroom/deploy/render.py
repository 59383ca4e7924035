"""Render the configuration files of an installation from ``templates/``: every file there
(those whose name starts with ``_`` are pieces included by others) becomes a file of the same
relative path in the output directory, through Django's template language without HTML
escaping; Prometheus rule files (their own ``{{ $labels }}`` templates) and the DH group are
copied as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template import Context, Engine

from strongroom.deploy.installation import DeployError, Installation

TEMPLATES = Path(__file__).resolve().parent / "templates"
MISSING = "<<missing value>>"
# Files in templates/prometheus/ that are not rules: Prometheus's own configuration and
# promtool's unit tests of the rules.
NOT_RULES = ("prometheus.yml",)
# Not rendered once per installation: the database tier's templates, rendered once per host
# by deploy/database.py (and Patroni's by the local stack, deploy/stack/postgres.py).
STACK_ONLY = ("patroni/", "database/")


def template_names() -> list[str]:
    """Every file rendered, as a path relative to ``templates/``."""
    return sorted(
        str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*")
        if path.is_file() and not path.name.startswith(("_", ".")) and path.suffix != ".pyc"
        and not str(path.relative_to(TEMPLATES)).startswith(STACK_ONLY)
    )


def verbatim(name: str) -> bool:
    """Whether the file ``name`` (relative to ``templates/``) is copied, not rendered."""
    folder, _, file_name = name.rpartition("/")
    return name == "haproxy/ffdhe2048.pem" or (folder == "prometheus" and file_name in rule_files())


def rule_files() -> list[str]:
    """The Prometheus rule files shipped next to prometheus.yml (``alerts.yml``)."""
    return [
        path.name for path in sorted((TEMPLATES / "prometheus").glob("*.yml"))
        if path.name not in NOT_RULES and "test" not in path.name
    ]


def context(installation: Installation) -> dict[str, Any]:
    """The values the templates use, as text: numbers are never localised (no "63,072,000")
    and rendering needs no Django settings."""
    writable = [installation.data_dir, *installation.write_paths]
    if not installation.status_page_dir.is_relative_to(installation.data_dir):
        writable.append(installation.status_page_dir)
    values: dict[str, Any] = {
        "host": installation.public_host,
        "origin": installation.public_origin,
        "listen_address": installation.listen_address,
        "http_port": installation.http_port,
        "https_port": installation.https_port,
        "ports": [str(port) for port in installation.app_ports],
        "ports_text": ", ".join(str(port) for port in installation.app_ports),
        "workers": installation.workers_per_instance,
        "certificate": installation.certificate,
        "status_dir": installation.status_page_dir,
        "metrics_token": installation.metrics_token,
        "user": installation.user,
        "proxy_user": installation.proxy_user,
        "bin_dir": installation.bin_dir,
        "env_file": installation.env_file,
        "config_dir": installation.config_dir,
        "data_dir": installation.data_dir,
        "write_paths": [str(path) for path in dict.fromkeys(writable)],
        "hsts_seconds": installation.hsts_seconds,
        "scrape_seconds": installation.scrape_seconds,
        "rule_files": rule_files(),
    }
    return {
        key: value if isinstance(value, list) or value is None else str(value)
        for key, value in values.items()
    }


def render_text(installation: Installation, name: str) -> str:
    """One template, rendered."""
    return render_template(name, context(installation))


def render_template(name: str, values: dict[str, Any]) -> str:
    """The template ``name`` rendered with ``values``; every value it uses must be given."""
    engine = Engine(dirs=[str(TEMPLATES)], autoescape=False, string_if_invalid=MISSING)
    text = engine.get_template(name).render(Context(values, autoescape=False, use_l10n=False))
    if MISSING in text:
        raise DeployError(f"template {name} uses a value the renderer does not provide")
    return text


def render(installation: Installation, out_dir: Path) -> list[Path]:
    """Write every configuration file for ``installation`` under ``out_dir``; the paths written.
    Raises :class:`DeployError` when the installation is not valid."""
    installation.check()
    written = []
    for name in template_names():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if verbatim(name):
            target.write_bytes((TEMPLATES / name).read_bytes())
        else:
            target.write_text(render_text(installation, name), encoding="utf-8")
        target.chmod(0o644)
        written.append(target)
    return written
