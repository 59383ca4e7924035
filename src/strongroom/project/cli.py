"""``strongroom``: the one entry point for operators.

It sets up Django with Strongroom's settings, turns configuration errors into a short message
with exit code 2, and runs one of the operator commands below (each has ``--help``).
"""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, str] = {
    "serve": "Run the web application (and a job worker) with gunicorn.",
    "worker": "Run background jobs and the periodic scheduler.",
    "migrate": "Create or upgrade the database schema (records and key store).",
    "demo": "Create the demo company and print its sign-in details.",
    "createoperator": "Create a platform operator account (no company data access).",
    "company": "Create and list companies (company create|list).",
    "group": "Company groups and their administrators (group create|list|add-company|...).",
    "account": "Deactivate, reactivate or reset the second factors of an account.",
    "apikey": "Issue an API key for a member (apikey create --user E --company S).",
    "keys": "Key status and rotation (keys status|rotate|retire-root|generate-root-key|"
            "search-tokens).",
    "audit": "Verify or export the tamper-evident history (audit verify|export|checkpoint).",
    "backup": "Encrypted backups (backup run|list|verify|restore|status).",
    "drill": "Restore drills: restore the latest backups and check them (drill run).",
    "deploy": "Production configuration: HAProxy with TLS, systemd, Prometheus (deploy render).",
    "status": "The public status page: probe, render, operator incidents (status probe|...).",
    "security": "Scans, the release gate, findings, changes (security scan|gate|findings|changes).",
    "compliance": "Every promise's live check and evidence, signed (compliance report).",
    "check": "Run system checks; pass --deploy for production readiness.",
    "collectstatic": "Collect static files into the data directory.",
    "manage": "Run any Django management command (advanced).",
}

USAGE = "usage: strongroom COMMAND [options]   (strongroom COMMAND --help for details)\n"


def _usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [USAGE, "commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run ``strongroom`` with ``argv`` (defaults to the process arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        sys.stdout.write(_usage())
        return 0
    command = args[0]
    if command not in COMMANDS:
        sys.stderr.write(f"strongroom: unknown command {command!r}\n\n{_usage()}")
        return 2
    if command == "manage":
        args = args[1:]
        if not args:
            sys.stderr.write("strongroom manage: name a Django management command\n")
            return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"strongroom: configuration error: {exc}\n")
        return 2
    from strongroom.platform.history import read_log

    runs = [["strongroom", *args]]
    if command == "migrate" and not any(
        a.startswith("--database") or a in ("-h", "--help") for a in args
    ):
        from strongroom.platform.keys.database import ensure_key_store_database

        if ensure_key_store_database():
            sys.stdout.write("Created the key store database.\n")
        runs.append(["strongroom", *args, "--database", "keys"])  # the key store (platform/keys)
        if not any(a in ("--plan", "--check", "--fake") or a.startswith("--prune") for a in args):
            runs.append(["strongroom", "keys", "search-tokens"])  # records from before search
    for argv_run in runs:
        try:
            with read_log.unit_of_work():  # the command's reads are logged together (P-G4)
                execute_from_command_line(argv_run)
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
            if code:
                return code
    if command == "migrate" and len(runs) > 1:
        from strongroom.security.changelog import after_migrate

        after_migrate()  # the change log (P-G6): migrations applied, a new version
    return 0


if __name__ == "__main__":
    sys.exit(main())
