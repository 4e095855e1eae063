"""The ``annotator`` command: a thin click layer over the core.

Each command opens the store and calls one core function. With no command
the window opens; the GUI is imported only then, so the CLI stays usable on a
machine without a display.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import DamagedDatabaseError
from ..paths import DB_ENV
from ..store import Store, StoreError
from .agreement_cmd import agreement
from .corpus import import_cmd, labels_group, list_cmd, merge_cmd, stats_cmd
from .export_cmd import export
from .safety import backup_cmd, restore_cmd
from .status_cmd import status_group

__all__ = ["cli", "main"]


class StoreOpener:
    """Opens the chosen database on first use, so that `--help` never touches a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._store: Store | None = None

    def __call__(self, *, create: bool = True) -> Store:
        """The store; ``create=False`` for commands that only read, so a mistyped
        ``--db`` is an error instead of a new empty database."""
        if self._store is None:
            from ..startup import open_store

            if not create and self.path is not None and not self.path.exists():
                raise click.ClickException(
                    f"{self.path}: no such database (`annotator --db {self.path} import FILES` creates one)"
                )
            if not create and self.path is not None and self.path.is_file() and not self.path.stat().st_size:
                raise click.ClickException(  # a command that only reads must not make a database in it
                    f"{self.path}: the file is empty, not a database (`annotator --db {self.path} import "
                    "FILES` makes one in it)"
                )

            try:
                self._store = open_store(self.path)
            except StoreError as exc:
                raise click.ClickException(_with_restore_hint(exc, self.resolved_path())) from exc
        return self._store

    def resolved_path(self) -> Path:
        """The file commands work on, without opening it."""
        from ..paths import default_db_path

        return self.path if self.path is not None else default_db_path()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _with_restore_hint(exc: StoreError, path: Path) -> str:
    from ..backup import how_to_restore

    if isinstance(exc, DamagedDatabaseError):
        return f"{exc}\n{how_to_restore(path)}."
    return str(exc)


def lift_db_option(args: list[str]) -> list[str]:
    """``--db PATH`` (or ``--db=PATH``) written after the command, moved before it, where click looks."""
    lifted: list[str] = []
    rest: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--":  # everything after it is a file name
            rest.extend(args[k:])
            break
        if arg == "--db":
            if k + 1 == len(args):  # else the command's name would be taken for the file
                raise click.UsageError("Option '--db' requires a file name: --db PATH")
            lifted += args[k : k + 2]
            k += 2
            continue
        (lifted if arg.startswith("--db=") else rest).append(arg)
        k += 1
    return lifted + rest


class _Group(click.Group):
    """The top-level group: ``annotator list --db x.db`` works like ``annotator --db x.db list``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, lift_db_option(args))


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=DB_ENV,
    help=f"Database file (default: annotations.db in your data directory; or ${DB_ENV}). "
    "May also follow the command: `annotator list --db FILE`.",
)
@click.option("--annotator", "annotator_name", help="Annotator name for the window (asked on first start).")
@click.version_option(package_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, annotator_name: str | None) -> None:
    """Tag spans of news articles as claim, denial, demand or evidence.

    With no command, opens the annotation window.
    """
    if annotator_name is not None and ctx.invoked_subcommand is not None:
        # Before a command it would be silently ignored (it names who opens the window).
        sub = ctx.invoked_subcommand
        fix = (
            f"`{sub}` would ignore it; write it after the command: annotator {sub} --annotator {annotator_name}"
            if sub in ("import", "list", "export")
            else f"`{sub}` takes none; leave it out"
        )
        raise click.UsageError(f"--annotator before a command names who opens the window, and {fix}")
    opener = StoreOpener(db_path)
    ctx.obj = opener
    ctx.call_on_close(opener.close)
    if ctx.invoked_subcommand is None:
        ctx.exit(_open_window(db_path, annotator_name))


def _open_window(db_path: Path | None, annotator_name: str | None) -> int:
    """The window, or one line on standard error saying why it cannot open here (never Qt's abort)."""
    from ..gui.window_check import fonts_warning, import_problem, window_problem

    problem = window_problem()
    if problem is not None:
        click.echo(problem, err=True)
        return 1
    warning = fonts_warning()
    if warning is not None:
        click.echo(warning, err=True)
    try:
        from ..gui.app import run
    except ImportError as exc:  # a library Qt itself links against, not found
        click.echo(import_problem(exc), err=True)
        return 1
    return run(db_path, annotator_name)


cli.add_command(import_cmd)
cli.add_command(list_cmd)
cli.add_command(stats_cmd)
cli.add_command(labels_group)
cli.add_command(merge_cmd)
cli.add_command(backup_cmd)
cli.add_command(restore_cmd)
cli.add_command(export)
cli.add_command(agreement)
cli.add_command(status_group)


def main() -> None:
    """Console-script entry point."""
    from ..display import PRINT_ERRORS

    for stream in (sys.stdout, sys.stderr):  # text another program stored badly prints as \xNN, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=PRINT_ERRORS)
    try:
        cli.main(prog_name="annotator")
    except KeyboardInterrupt:
        click.echo("interrupted; everything acknowledged so far is saved", err=True)
        sys.exit(130)
