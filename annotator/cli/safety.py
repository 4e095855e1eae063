"""Backup and restore commands."""

from __future__ import annotations

from pathlib import Path

import click

from ..backup import DEFAULT_KEEP, backups, newest_sound_backup, passed_over_text, restore_backup, take_backup
from ..errors import StoreError

__all__ = ["backup_cmd", "restore_cmd"]


@click.command("backup")
@click.option(
    "--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True, help="How many backups to keep."
)
@click.pass_obj
def backup_cmd(open_store, keep: int) -> None:
    """Take a backup now (safe while the window is editing the file)."""
    try:
        path = take_backup(open_store(create=False), keep=keep)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backed up to {path}")


@click.command("restore")
@click.argument("backup", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--list", "list_only", is_flag=True, help="List the backups and do nothing.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def restore_cmd(open_store, backup: Path | None, list_only: bool, yes: bool) -> None:
    """Replace the database with a backup (default: the newest that passes the check).

    The current file is kept as a backup first (or set aside if it is damaged),
    so a restore can be undone. Refused while a window or command has the file open.
    """
    db_path = open_store.resolved_path()
    if list_only:
        for path in backups(db_path):
            click.echo(str(path))
        return
    if backup is None:
        backup, passed_over = newest_sound_backup(db_path)
        if passed_over:
            click.echo(passed_over_text(passed_over), err=True)
        if backup is None:
            raise click.ClickException(f"there is no backup of {db_path} that can be restored")
    if not yes:
        click.confirm(f"Replace {db_path} with {backup}?", abort=True)
    try:
        restored = restore_backup(db_path, backup)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(restored.summary(db_path))
