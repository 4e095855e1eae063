"""The status commands: mark articles done (or skipped, in progress, todo) for an annotator, and list them.

Agreement counts an article for an annotator who finished it, so finishing must be possible
without the window: ``annotator status set done --annotator alice 3 5 7`` (or ``--search TEXT``,
``--all``). Every change is one transaction; a status already set keeps its time.
"""

from __future__ import annotations

import json
from collections import Counter

import click

from ..model import Status
from ..store import StoreError

__all__ = ["status_group"]


class StatusType(click.ParamType):
    """todo, in progress (also in-progress, in_progress), done or skipped, in any case."""

    name = "status"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Status:
        if isinstance(value, Status):
            return value
        text = str(value).strip().lower().replace("-", " ").replace("_", " ")
        try:
            return Status(" ".join(text.split()))
        except ValueError:
            choices = ", ".join(repr(s.value) for s in Status)
            self.fail(f"{value!r} is not a status; choose one of {choices}", param, ctx)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _check_annotator(store, name: str) -> str:
    """The stored name, or a data error naming the known ones (a typo must not invent an annotator)."""
    known = store.annotators()
    if name.strip() not in known:
        raise click.ClickException(f"no annotator named {name.strip()!r}; known: {', '.join(known) or 'none'}")
    return name.strip()


@click.group("status")
def status_group() -> None:
    """Set or list an annotator's article statuses (todo, in progress, done, skipped)."""


@status_group.command("set")
@click.argument("status", type=StatusType())
@click.argument("article_ids", nargs=-1, type=click.IntRange(min=1), metavar="[ARTICLE_ID]...")
@click.option("--annotator", required=True, help="Whose status it is (each annotator has their own).")
@click.option("--search", help="Also every article whose title or text contains this.")
@click.option("--all", "every", is_flag=True, help="Every article.")
@click.pass_obj
def status_set(
    open_store, status: Status, article_ids: tuple[int, ...], annotator: str, search: str | None, every: bool
) -> None:
    """Set STATUS on articles for an annotator: by id, by --search TEXT, or --all.

    Ids and --search together take both. Unknown ids change nothing (exit 1).
    """
    if every and (article_ids or search):
        raise click.UsageError("--all takes every article: give no ids or --search with it")
    if not (every or article_ids or search):
        raise click.UsageError("name the articles: ids, --search TEXT or --all")
    store = open_store(create=False)
    name = _check_annotator(store, annotator)
    ids = _chosen(store, article_ids, search, every)
    try:
        changed = store.set_statuses(ids, name, status)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    unchanged = len(ids) - changed
    tail = f"; {unchanged:,} {'was' if unchanged == 1 else 'were'} already {status.value}" if unchanged else ""
    click.echo(f"{name}: {_count(len(ids), 'article')} set to {status.value} ({changed:,} changed{tail})")


def _chosen(store, article_ids: tuple[int, ...], search: str | None, every: bool) -> list[int]:
    """Article ids from the arguments, checked; a data error when they name none or unknown ones."""
    known = store.article_ids()
    if every:
        if not known:
            raise click.ClickException("the database has no articles")
        return known
    present = set(known)
    unknown = [i for i in article_ids if i not in present]
    if unknown:
        listed = ", ".join(map(str, unknown[:10])) + (", …" if len(unknown) > 10 else "")
        raise click.ClickException(f"no article with id {listed}; nothing was changed (`annotator list` shows the ids)")
    ids = list(article_ids)
    if search:
        found = [row.id for row in store.articles(search=search)]
        if not found:
            raise click.ClickException(f"no article's title or text contains {search!r}; nothing was changed")
        ids += found
    return list(dict.fromkeys(ids))


@status_group.command("list")
@click.option("--annotator", required=True, help="Whose statuses to show.")
@click.option("--status", "only", type=StatusType(), help="Only articles with this status.")
@click.option("--search", default="", help="Only articles whose title or text contains this.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def status_list(open_store, annotator: str, only: Status | None, search: str, as_json: bool) -> None:
    """List an annotator's status on each article, then the count of each status."""
    store = open_store(create=False)
    name = _check_annotator(store, annotator)
    rows = store.articles(name, status=only, search=search)
    for row in rows:
        if as_json:
            click.echo(
                json.dumps(
                    {"id": row.id, "title": row.title, "status": row.status.value, "spans": row.span_count},
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(f"{row.id:>6}  {row.status.value:<11}  {row.span_count:>5}  {row.title[:80]}")
    if not as_json:
        counts = Counter(row.status for row in rows)
        parts = [f"{counts[s]:,} {s.value}" for s in Status if counts[s]]
        click.echo(f"{name}: {_count(len(rows), 'article')}" + (f" ({', '.join(parts)})" if parts else ""))
