"""The ``export`` command: a thin click layer over ``annotator.exporters.export``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..exporters import FORMATS, ExportError, ExportOptions, parse_split
from ..exporters import export as export_corpus
from ..store import Store, StoreError

__all__ = ["export"]


def _options(
    annotators: tuple[str, ...],
    all_annotators: bool,
    done_only: bool,
    labels: tuple[str, ...],
    split: str | None,
    seed: int,
) -> ExportOptions:
    if bool(annotators) == all_annotators:
        raise click.UsageError("say whose labels to export: --annotator NAME (repeatable) or --all-annotators")
    try:
        ratios = parse_split(split) if split else None
    except ExportError as exc:
        raise click.BadParameter(str(exc), param_hint="--split") from exc
    return ExportOptions(annotators=annotators, done_only=done_only, labels=labels, split=ratios, seed=seed)


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)), help="Output format.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to create; it holds the files and a README.md dataset card.",
)
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    metavar="NAME",
    help="Export this annotator's spans (repeatable; 'gold' for adjudicated labels).",
)
@click.option("--all-annotators", is_flag=True, help="Export every annotator's spans.")
@click.option("--done-only", is_flag=True, help="Only articles (and spans) the annotators marked done.")
@click.option("--label", "labels", multiple=True, metavar="LABEL", help="Only these labels (repeatable).")
@click.option("--split", metavar="TRAIN,DEV,TEST", help="Split by article, e.g. 0.8,0.1,0.1.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split.")
@click.option("--overwrite", is_flag=True, help="Replace an earlier export in the --out folder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_obj
def export(
    store_opener: Callable[..., Store],
    fmt: str,
    out: Path,
    annotators: tuple[str, ...],
    all_annotators: bool,
    done_only: bool,
    labels: tuple[str, ...],
    split: str | None,
    seed: int,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Export labelled spans as a dataset folder that NLP tools load as it is.

    Formats: jsonl (lossless, re-importable), doccano, spacy (DocBin), conll
    (BIO), brat, hf (Hugging Face datasets + Parquet), label-studio, csv.
    The folder appears only when the export is complete; its README.md says
    what is in it and what the format could not hold.
    """
    options = _options(annotators, all_annotators, done_only, labels, split, seed)
    store = store_opener(create=False)
    stream = sys.stderr if not quiet else _Null()
    with click.progressbar(length=1, label=f"Exporting {fmt}", file=stream) as bar:  # type: ignore[arg-type]

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            report = export_corpus(store, fmt, out, options, overwrite=overwrite, progress=progress)
        except (ExportError, StoreError) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(report.summary())
    if report.kept is not None:
        click.echo(
            f"note: files in {out} changed while the export was written; they were not removed but "
            f"kept in {report.kept}",
            err=True,
        )
    warning = report.gold.warning() if report.gold is not None else None
    if warning:
        click.echo(f"warning: {warning}", err=True)


class _Null:
    """A stream that swallows the progress bar."""

    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass
