"""The agreement command."""

from __future__ import annotations

import json

import click

__all__ = ["agreement"]


@click.command("agreement")
@click.option("--annotators", help="Comma-separated names (default: every annotator but gold).")
@click.option("--labels", help="Comma-separated labels (default: the whole scheme).")
@click.option(
    "--all-articles",
    is_flag=True,
    help="Count an article for each annotator with a span or a status but todo on it, not only done.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--worst", type=click.IntRange(min=0), default=10, show_default=True, help="How many worst articles to list."
)
@click.pass_obj
def agreement(open_store, annotators: str | None, labels: str | None, all_articles: bool, fmt: str, worst: int) -> None:
    """Inter-annotator agreement over the articles two or more of them finished.

    An article counts for each annotator who marked it done (spans or not);
    the report lists what it left out and why. Cohen's kappa per pair,
    Fleiss' kappa, Krippendorff's alpha and Gwet's AC1 on tokens,
    Krippendorff's unitizing alpha on the spans, and span-level precision,
    recall and F1 (strict, exact, partial, type), per label and overall, per
    article and for the corpus.
    """
    from ..agreement import render_text
    from ..agreement.corpus import store_report

    names = [a.strip() for a in annotators.split(",")] if annotators else None
    wanted = [lab.strip() for lab in labels.split(",")] if labels else None
    try:
        report = store_report(open_store(create=False), names, wanted, finished_only=not all_articles)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(report, worst=worst))
