"""Corpus commands: import, list, stats, labels."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click

from ..labels import SchemeError
from ..model import Status
from ..store import StoreError
from ..words import plural

__all__ = ["import_cmd", "labels_group", "list_cmd", "merge_cmd", "stats_cmd"]

_STATUS = click.Choice([s.value for s in Status])


def _positive_mb(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise click.BadParameter(f"a size in megabytes above 0, not {value}")
    return value


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False, readable=False, path_type=Path))
@click.option("--annotator", help="Whose spans the imported files' annotations are (doccano, Label Studio, JSONL).")
@click.option(
    "--max-mb",
    type=float,
    default=50.0,
    show_default=True,
    callback=_positive_mb,
    help="Refuse files larger than this.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_obj
def import_cmd(open_store, paths: tuple[Path, ...], annotator: str | None, max_mb: float, quiet: bool) -> None:
    """Import article files or folders (recursively).

    Plain text, Markdown, HTML, JSON Lines / JSON (doccano, Label Studio and
    our own export). Files that cannot be read are refused with the reason;
    nothing already stored changes. Exit code 1 if any file was refused.
    """
    from ..importers import import_paths

    store = open_store()
    # The progress bar goes to stderr, so that stdout holds only the summary.
    stream = sys.stderr if not quiet else _Null()
    with click.progressbar(length=0, label="Importing", file=stream) as bar:  # type: ignore[arg-type]

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            result = import_paths(
                store, list(paths), annotator=annotator, progress=progress, max_bytes=int(max_mb * 1024 * 1024)
            )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        except ValueError as exc:  # an --annotator name that is not one line of text
            raise click.BadParameter(str(exc), param_hint="--annotator") from exc
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for origin, reason in result.refused:
        click.echo(f"refused: {origin}: {reason}", err=True)
    click.echo(result.summary())
    if result.refused:
        raise SystemExit(1)


@click.command("merge")
@click.argument("others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def merge_cmd(open_store, others: tuple[Path, ...]) -> None:
    """Bring other annotators' database files into this one.

    Articles are matched by their text; missing ones are added. Conflicts (the
    same annotator with different spans here) are reported and this file's
    spans kept; so are differences (an annotator's kind, a label's colour, an
    article's title): what is here is never changed. Adjudicated articles that
    the merge disputes again are reopened and named. The files merged are
    read, never written. A file with a bad row is refused whole and the next
    one merged. Merging a file twice adds nothing. Exit code 1 on conflicts
    or a refused file.
    """
    from ..merge import merge_file

    store = open_store()
    trouble = False
    for other in others:
        try:
            result = merge_file(store, other)
        except StoreError as exc:
            click.echo(f"refused: {exc}", err=True)
            trouble = True
            continue
        for conflict in result.conflicts:
            click.echo(f"conflict: {conflict.describe()}", err=True)
        for difference in result.differences:
            click.echo(f"difference: {difference}", err=True)
        for reopened in result.reopened:
            click.echo(f"reopened: {reopened}", err=True)
        for kept in result.kept_deleted:
            click.echo(f"kept deleted: {kept}", err=True)
        trouble = trouble or bool(result.conflicts)
        click.echo(result.summary())
    if trouble:
        raise SystemExit(1)


class _Null:
    def write(self, _: str) -> None:
        pass

    def flush(self) -> None:
        pass


@click.command("list")
@click.option(
    "--annotator", help="Show this annotator's status and span counts (default: everyone's spans, no status)."
)
@click.option("--status", type=_STATUS, help="Only articles with this status.")
@click.option("--search", default="", help="Only articles whose title or text contains this.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def list_cmd(open_store, annotator: str | None, status: str | None, search: str, as_json: bool) -> None:
    """List articles with status and span counts."""
    if status and not annotator:
        raise click.UsageError("--status needs --annotator NAME: each annotator has their own status")
    store = open_store(create=False)
    if annotator and annotator not in store.annotators():
        known = ", ".join(store.annotators()) or "none yet"
        raise click.ClickException(
            f"{open_store.resolved_path()}: no annotator named {annotator!r} (annotators here: {known})"
        )
    rows = store.articles(annotator, status=Status(status) if status else None, search=search)
    for row in rows:
        # Statuses belong to an annotator: without one there is none to show.
        status = row.status.value if annotator else None
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "id": row.id,
                        "title": row.title,
                        "source": row.source,
                        "status": status,
                        "spans": row.span_count,
                        "length": row.length,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(f"{row.id:>6}  {status or '-':<11}  {row.span_count:>5}  {row.title[:80]}")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def stats_cmd(open_store, as_json: bool) -> None:
    """Counts of articles, spans, labels, annotators and statuses.

    Statuses belong to an annotator: "by annotator and status" counts each
    one's articles per status (todo: not started); "by status" adds them up.
    """
    stats = open_store(create=False).stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    click.echo(f"articles:   {stats['articles']}")
    click.echo(f"spans:      {stats['spans']}")
    click.echo(f"annotators: {stats['annotators']}")
    for title in ("by_label", "by_annotator", "by_status"):
        click.echo(f"{title.replace('_', ' ')}:")
        for name, count in stats[title].items():  # type: ignore[union-attr]
            click.echo(f"  {name:<20} {count}")
    _status_table(stats["by_annotator_status"])  # type: ignore[arg-type]


def _status_table(counts: dict[str, dict[str, int]]) -> None:
    """Annotators down, statuses across."""
    click.echo("by annotator and status:")
    if not counts:
        click.echo("  (no annotators yet)")
        return
    columns = [s.value for s in Status]
    click.echo(f"  {'annotator':<20}" + "".join(f" {c:>11}" for c in columns))
    for name, per in counts.items():
        click.echo(f"  {name:<20}" + "".join(f" {per[c]:>11}" for c in columns))


@click.group("labels", invoke_without_command=True)
@click.pass_context
def labels_group(ctx: click.Context) -> None:
    """Show or change the label scheme (with no subcommand: list it)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(labels_list)


def _scheme_command(fn):
    """Turn scheme errors into clean CLI errors."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (SchemeError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


@labels_group.command("list")
@click.option("--all", "include_retired", is_flag=True, help="Include retired labels.")
@click.pass_obj
def labels_list(open_store, include_retired: bool = False) -> None:
    """List labels: key, name, colour, guideline."""
    for lab in open_store(create=False).labels.all(include_retired=include_retired):
        flag = " (retired)" if lab.retired else ""
        click.echo(f"[{lab.key or ' '}] {lab.name:<12} {lab.color}  {lab.guideline}{flag}")


@labels_group.command("add")
@click.argument("name")
@click.option("--color", help="#RRGGBB")
@click.option("--key", default="", help="One-key shortcut.")
@click.option("--guideline", default="", help="One line telling annotators when to use it.")
@click.pass_obj
@_scheme_command
def labels_add(open_store, name: str, color: str | None, key: str, guideline: str) -> None:
    """Add a label."""
    lab = open_store().labels.add(name, color, key, guideline)
    click.echo(f"added {lab.name}")


@labels_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
@_scheme_command
def labels_rename(open_store, old: str, new: str) -> None:
    """Rename a label; its spans follow."""
    open_store().labels.rename(old, new)
    click.echo(f"renamed {old} to {new}")


@labels_group.command("set")
@click.argument("name")
@click.option("--color", help="#RRGGBB")
@click.option("--key", help="One-key shortcut ('' to clear).")
@click.option("--guideline", help="One line telling annotators when to use it.")
@click.pass_obj
@_scheme_command
def labels_set(open_store, name: str, color: str | None, key: str | None, guideline: str | None) -> None:
    """Recolour, re-key or describe a label."""
    open_store().labels.update(name, color=color, key=key, guideline=guideline)
    click.echo(f"updated {name}")


@labels_group.command("retire")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Bring a retired label back.")
@click.pass_obj
@_scheme_command
def labels_retire(open_store, name: str, undo: bool) -> None:
    """Hide a label from the tag panel; its spans are kept."""
    open_store().labels.retire(name, not undo)
    click.echo(f"{'restored' if undo else 'retired'} {name}")


@labels_group.command("delete")
@click.argument("name")
@click.pass_obj
@_scheme_command
def labels_delete(open_store, name: str) -> None:
    """Delete a label no span uses (a used label can only be retired)."""
    open_store().labels.delete(name)
    click.echo(f"deleted {name}")


@labels_group.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@_scheme_command
def labels_export(open_store, path: Path) -> None:
    """Write the scheme (colours, keys, guidelines) to a JSON file."""
    open_store(create=False).labels.save(path)
    click.echo(f"wrote {path}")


@labels_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
@_scheme_command
def labels_import(open_store, path: Path) -> None:
    """Merge a scheme file into this database's scheme."""
    labels = open_store().labels.load(path)
    click.echo(f"scheme now has {plural(len(labels), 'label')}")
