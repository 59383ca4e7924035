"""Shared helpers for the operator commands."""

from __future__ import annotations

import shutil
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from strongroom.platform.lifecycle import export


def validation_error(exc: ValidationError) -> CommandError:
    """A CommandError listing each field's messages, for a clear exit-1 message."""
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    else:
        parts = list(exc.messages)
    return CommandError("; ".join(parts))


def add_export_arguments(parser: ArgumentParser, *, suffix: str) -> None:
    """``--output`` and ``--recipient`` of ``company export`` and ``group export``."""
    parser.add_argument(
        "--output", required=True, help=f"The archive to write, a new local file ({suffix}, "
        f"or {suffix}.age with --recipient).",
    )
    parser.add_argument(
        "--recipient", metavar="AGE_PUBLIC_KEY",
        help="Encrypt the archive to this age X25519 recipient (age1...).",
    )


def check_new_output(output: Path) -> None:
    """Refuse an output that exists or whose directory does not."""
    if output.exists() or output.is_symlink():
        raise CommandError(f"{output} exists; choose a new file.")
    if not output.parent.is_dir():
        raise CommandError(f"{output.parent} is not a directory.")


def write_export(
    build: Callable[[Path], export.Archive], output: Path, recipient: str | None
) -> export.Archive:
    """Build an archive in a private local directory, then encrypt it to ``recipient`` into
    ``output`` or copy it there (a new 0600 file); the directory is removed in every case."""
    try:
        if recipient:
            export.check_recipient(recipient)
    except export.ExportError as exc:
        raise CommandError(str(exc)) from None
    workdir = export.private_directory()
    try:
        archive = build(workdir)
        if recipient:
            export.encrypt_to_recipient(archive.path, recipient, output)
        else:
            export.copy_new(archive.path, output)
    except export.ExportError as exc:
        raise CommandError(str(exc)) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return archive
