"""The ``export`` click command, invoked through a small group as the real CLI wires it."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from test_export_corpus import build_corpus

from annotator.cli.export_cmd import export


@pytest.fixture
def run(store):
    build_corpus(store)

    @click.group()
    @click.pass_context
    def group(ctx: click.Context) -> None:
        ctx.obj = lambda **_: store  # the real CLI passes a StoreOpener: a callable returning the open Store

    group.add_command(export)

    def invoke(*args: str):
        return CliRunner().invoke(group, ["export", *args])

    return invoke


def test_export_through_the_command(run, tmp_path):
    out = tmp_path / "data"
    result = run(
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--annotator",
        "alice",
        "--annotator",
        "gold",
        "--label",
        "claim",
        "--label",
        "denial",
        "--done-only",
        "--split",
        "0.5,0,0.5",
        "--seed",
        "3",
    )
    assert result.exit_code == 0, result.output
    assert "exported 3 articles and 4 spans as jsonl" in result.output
    assert "Exporting jsonl" in result.output  # the progress bar (a label only, off a terminal)
    rows = [
        json.loads(line)
        for name in ("train.jsonl", "test.jsonl")
        for line in (out / name).read_text("utf-8").splitlines()
    ]
    assert len(rows) == 3
    spans = [s for r in rows for s in r["spans"]]
    assert {s["annotator"] for s in spans} == {"alice", "gold"}
    assert {s["label"] for s in spans} == {"claim", "denial"}
    assert (out / "README.md").exists()


def test_every_format_through_the_command(run, tmp_path):
    for fmt in ("jsonl", "doccano", "conll", "brat", "label-studio", "csv", "spacy", "hf"):
        result = run("--format", fmt, "--out", str(tmp_path / fmt), "--all-annotators", "--quiet")
        assert result.exit_code == 0, (fmt, result.output)
        assert (tmp_path / fmt / "README.md").exists()


def test_whose_labels_must_be_said(run, tmp_path):
    result = run("--format", "jsonl", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "--annotator NAME" in result.output and "--all-annotators" in result.output
    result = run("--format", "jsonl", "--out", str(tmp_path / "x"), "--annotator", "bob", "--all-annotators")
    assert result.exit_code == 2


def test_errors_are_one_clear_line(run, tmp_path):
    result = run("--format", "jsonl", "--out", str(tmp_path / "x"), "--annotator", "carol")
    assert result.exit_code == 1
    assert "no annotator named 'carol'" in result.output
    result = run("--format", "jsonl", "--out", str(tmp_path / "x"), "--all-annotators", "--split", "0.9,0.2,0.1")
    assert result.exit_code == 2 and "add up to 1" in result.output
    result = run("--format", "xml", "--out", str(tmp_path / "x"), "--all-annotators")
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_overwrite_is_explicit(run, tmp_path):
    args = ("--format", "csv", "--out", str(tmp_path / "x"), "--all-annotators")
    assert run(*args).exit_code == 0
    second = run(*args)
    assert second.exit_code == 1 and "--overwrite" in second.output
    assert run(*args, "--overwrite").exit_code == 0


def test_help_lists_the_formats(run):
    result = run("--help")
    assert result.exit_code == 0
    for fmt in ("jsonl", "doccano", "spacy", "conll", "brat", "hf", "label-studio", "csv"):
        assert fmt in result.output


def test_an_unwritable_out_is_one_line_without_a_traceback(tmp_path):
    from tests.test_cli import SAMPLES
    from tests.test_cli import run as run_cli

    db = tmp_path / "x.db"
    run_cli("--db", db, "import", SAMPLES)
    (tmp_path / "file.txt").write_text("in the way", "utf-8")
    proc = run_cli(
        "--db",
        db,
        "export",
        "--format",
        "csv",
        "--out",
        tmp_path / "file.txt" / "out",
        "--all-annotators",
        "-q",
        check=False,
    )
    assert proc.returncode == 1
    assert f"file.txt/out: cannot be made, {tmp_path / 'file.txt'} is a file, not a folder" in proc.stderr
    assert "Traceback" not in proc.stderr
