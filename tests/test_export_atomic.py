"""An export appears complete under its name or not at all; existing folders are respected."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from test_export_corpus import build_corpus

from annotator import exporters
from annotator.exporters import FORMATS, ExportError, MissingDependency, export
from annotator.exporters.atomic import MARKER
from annotator.extras import install_hint


def test_export_is_a_folder_with_a_card_and_a_marker(store, tmp_path):
    build_corpus(store)
    export(store, "jsonl", tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [MARKER, "README.md", "all.jsonl"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_a_failing_writer_leaves_nothing(store, tmp_path, monkeypatch):
    build_corpus(store)

    def half_then_fail(corpus, folder):
        (folder / "all.jsonl").write_text("{}\n", "utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setitem(FORMATS, "jsonl", replace(FORMATS["jsonl"], write=half_then_fail))
    with pytest.raises(RuntimeError):
        export(store, "jsonl", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_a_killed_export_leaves_no_file_under_the_final_name(tmp_path):
    db = tmp_path / "a.db"
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(os.path.dirname(__file__))!r})
        from dataclasses import replace
        from test_export_corpus import build_corpus
        from annotator.store import Store
        from annotator.exporters import FORMATS, export, jsonl
        store = Store({str(db)!r})
        build_corpus(store)

        def slow(corpus, folder):
            with open(folder / "all.jsonl", "w") as fh:
                fh.write("partial")
                fh.flush()
                print("writing", flush=True)
                time.sleep(60)

        FORMATS["jsonl"] = replace(FORMATS["jsonl"], write=slow)
        export(store, "jsonl", {str(tmp_path / "out")!r})
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout.readline().strip() == "writing"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
    assert not (tmp_path / "out").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert leftovers and all(name.endswith(".partial") for name in leftovers)


def test_existing_output_needs_overwrite(store, tmp_path):
    build_corpus(store)
    export(store, "jsonl", tmp_path / "out")
    with pytest.raises(ExportError, match="--overwrite"):
        export(store, "jsonl", tmp_path / "out")
    report = export(store, "csv", tmp_path / "out", overwrite=True)
    assert report.format == "csv"
    assert (tmp_path / "out" / "spans.csv").exists()
    assert not (tmp_path / "out" / "all.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_that_is_not_an_export_is_never_replaced(store, tmp_path):
    build_corpus(store)
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious")
    with pytest.raises(ExportError, match="not an earlier annotator export"):
        export(store, "jsonl", mine, overwrite=True)
    assert (mine / "chapter1.tex").read_text() == "precious"
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ExportError):
        export(store, "jsonl", tmp_path / "file.txt", overwrite=True)


@pytest.mark.parametrize(("fmt", "module", "extra"), [("spacy", "spacy", "spacy"), ("hf", "datasets", "hf")])
def test_a_missing_optional_dependency_says_how_to_install_it(store, tmp_path, monkeypatch, fmt, module, extra):
    build_corpus(store)
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    with pytest.raises(MissingDependency) as caught:
        export(store, fmt, tmp_path / "out")
    assert str(caught.value).endswith(install_hint(extra))
    assert not (tmp_path / "out").exists()


def test_every_format_is_registered_once_with_help(store, tmp_path):
    assert list(FORMATS) == ["jsonl", "doccano", "spacy", "conll", "brat", "hf", "label-studio", "csv"]
    for name, exporter in FORMATS.items():
        assert exporter.name == name and exporter.summary and exporter.usage
    with pytest.raises(ExportError, match="no export format 'xml'"):
        exporters.get_format("xml")


def test_the_public_api_is_deliberate():
    assert set(exporters.__all__) == {
        "FORMATS",
        "Document",
        "ExportError",
        "ExportOptions",
        "ExportReport",
        "Exporter",
        "MissingDependency",
        "export",
        "get_format",
        "gold_warning",
        "parse_split",
    }


def test_progress_is_reported_per_article(store, tmp_path):
    build_corpus(store)
    calls = []
    export(store, "hf", tmp_path / "out", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 5) for n in range(1, 6)]


def test_an_unwritable_location_is_an_export_error(store, tmp_path, monkeypatch):
    build_corpus(store)
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export(store, "jsonl", blocker / "deeper" / "out")

    def denied(*args, **kwargs):  # as a folder without write permission does (root is never refused)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("annotator.exporters.atomic.tempfile.mkdtemp", denied)
    with pytest.raises(ExportError, match="out: the export cannot be written there \\(Permission denied\\)"):
        export(store, "jsonl", tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt"]


def test_the_export_folder_is_as_shareable_as_its_files(store, tmp_path):
    build_corpus(store)
    old = os.umask(0o022)
    try:
        export(store, "jsonl", tmp_path / "out")
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755  # mkdtemp's 0700 would lock colleagues out
    assert (tmp_path / "out" / "all.jsonl").stat().st_mode & 0o777 == 0o644
