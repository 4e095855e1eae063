"""What the store holds can be hostile: deep metadata, a damaged page, bytes that are not UTF-8.

Every format either writes files its consumer reads, or refuses with one
sentence naming the file (exit 1) and leaves nothing under ``--out``; never a
traceback.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.exporters import FORMATS
from annotator.model import ArticleIn
from annotator.store import Store

DEPTH = 975


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def in_process(*args: object):
    """The real command group in this process (fast for matrices of formats); exit code and output."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def nothing_left(folder: Path, out: Path) -> bool:
    return not out.exists() and not [p for p in folder.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.fixture(scope="module")
def deep_db(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("deep")
    deep = '{"k": ' * DEPTH + '"bottom"' + "}" * DEPTH  # written by hand: json.dumps needs the stack room too
    db = folder / "a.db"
    with Store(db) as store:  # imports refuse such metadata now; a file from before that may hold it
        store.add_article(ArticleIn(text="Putin denied the report.", title="Deep"))
        store.conn.execute("UPDATE articles SET meta = ? WHERE id = 1", ('{"deep": ' + deep + "}",))
        store.add_span(1, "alice", "denial", 6, 12)
    return db, '{"deep": ' + deep + "}"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_metadata_nested_975_levels_deep_exports_in_every_format(deep_db, tmp_path, fmt):
    db, meta_json = deep_db
    out = tmp_path / "out"
    proc = run_cli("--db", db, "export", "--format", fmt, "--out", out, "--all-annotators", "-q")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and (out / "README.md").exists()
    stored = sqlite3.connect(db).execute("SELECT meta FROM articles").fetchone()[0]
    assert stored == meta_json
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # the reader's side: decoding 975 levels needs room on the stack
    try:
        if fmt == "jsonl":
            [line] = (out / "all.jsonl").read_text("utf-8").splitlines()
            assert json.loads(line)["metadata"]["meta"] == json.loads(meta_json)
        elif fmt == "hf":
            import datasets

            row = datasets.load_from_disk(str(out))["train"][0]
            assert row["meta"] == meta_json
    finally:
        sys.setrecursionlimit(limit)


def _damage_a_text_page(db: Path) -> None:
    """Overwrite the start of the overflow page that holds the middle of article 2's text."""
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    page = data.index(b"MARKER-IN-THE-MIDDLE") // size
    data[page * size : page * size + 4] = b"\xff\xff\xff\xff"  # the next-page pointer of the overflow chain
    db.write_bytes(data)


@pytest.fixture
def damaged_db(tmp_path) -> Path:
    db = tmp_path / "db" / "a.db"
    db.parent.mkdir()
    filler = "word " * 4000
    with Store(db) as store:
        store.add_article(ArticleIn(text="First article, fine.", title="one"))
        aid, _ = store.add_article(ArticleIn(text=filler + "MARKER-IN-THE-MIDDLE" + filler, title="two"))
        store.add_span(aid, "alice", "claim", 0, 4)
        store.add_article(ArticleIn(text="Third article, fine.", title="three"))
    _damage_a_text_page(db)
    return db


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_damaged_text_page_is_one_sentence_with_the_way_to_a_backup(damaged_db, tmp_path, fmt):
    out = tmp_path / "out"
    result = in_process("--db", damaged_db, "export", "--format", fmt, "--out", out, "--all-annotators", "-q")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert f"{damaged_db} is damaged" in result.output and "nothing was exported" in result.output
    assert f"`annotator --db {damaged_db} restore`" in result.output
    assert nothing_left(tmp_path, out)


def _damaged_with_backups(tmp_path: Path, count: int) -> Path:
    """A database with ``count`` backups taken through the command, then a damaged page of its own."""
    db = tmp_path / "db" / "a.db"
    db.parent.mkdir()
    filler = "word " * 4000
    with Store(db) as store:
        store.add_article(ArticleIn(text=filler + "MARKER-IN-THE-MIDDLE" + filler, title="two"))
    for _ in range(count):
        assert run_cli("--db", db, "backup").returncode == 0
    _damage_a_text_page(db)
    return db


def _export(db: Path, out: Path):
    return run_cli("--db", db, "export", "--format", "jsonl", "--out", out, "--all-annotators", "-q")


def test_a_damaged_page_through_the_command_names_the_newest_backup(tmp_path):
    db = _damaged_with_backups(tmp_path, 1)
    out = tmp_path / "out"
    proc = _export(db, out)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    newest = sorted((db.parent / "backups").iterdir())[-1].name
    assert f"Restore the newest sound backup ({newest}) with `annotator --db {db} restore`" in proc.stderr
    assert nothing_left(tmp_path, out)
    assert run_cli("--db", db, "restore", "--yes").returncode == 0  # and the way it names works
    assert _export(db, out).returncode == 0


def test_a_damaged_newest_backup_is_passed_over_and_the_sound_one_named(tmp_path):
    db = _damaged_with_backups(tmp_path, 2)
    older, newest = sorted((db.parent / "backups").iterdir())
    _damage_a_text_page(newest)
    out = tmp_path / "out"
    proc = _export(db, out)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        f"Restore the newest sound backup ({older.name}) (newer ones fail the check: {newest.name}: integrity check:"
    ) in proc.stderr
    assert f"with `annotator --db {db} restore`" in proc.stderr
    assert nothing_left(tmp_path, out)
    restored = run_cli("--db", db, "restore", "--yes")  # restore puts back the very backup named
    assert restored.returncode == 0 and older.name in restored.stdout + restored.stderr
    assert _export(db, out).returncode == 0


def test_when_no_backup_is_sound_the_message_says_so(tmp_path):
    db = _damaged_with_backups(tmp_path, 1)
    (only,) = (db.parent / "backups").iterdir()
    _damage_a_text_page(only)
    proc = _export(db, tmp_path / "out")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"Its one backup in {db.parent / 'backups'} fails the check ({only.name}: integrity check:" in proc.stderr
    assert "so it cannot be restored; look for another copy of the file" in proc.stderr
    assert "Restore" not in proc.stderr


# Text another program stored: CESU-8 bytes of a lone surrogate (U+D800), which no UTF-8 file can hold.
LONE_SURROGATE = "CAST(X'41EDA08042' AS TEXT)"
COLUMNS = {
    "article text": ("UPDATE articles SET text = {} WHERE id = 2", "article 2", "text"),
    "title": ("UPDATE articles SET title = {} WHERE id = 2", "article 2", "title"),
    "metadata": ("UPDATE articles SET meta = {} WHERE id = 2", "article 2", "metadata"),
    "note": ("UPDATE spans SET note = {} WHERE article_id = 2", "article 2", "span note"),
    "span text": ("UPDATE spans SET text = {} WHERE article_id = 2", "article 2", "span text"),
    "label name": ("UPDATE labels SET name = {} WHERE name = 'claim'", "a label or annotator", "name"),
    "annotator name": ("UPDATE annotators SET name = {} WHERE name = 'alice'", "a label or annotator", "name"),
}


@pytest.fixture
def surrogate_db(tmp_path) -> Path:
    db = tmp_path / "a.db"
    with Store(db) as store:
        store.add_article(ArticleIn(text="First article.", title="one"))
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report.", title="two"))
        store.add_span(aid, "alice", "claim", 0, 5, note="a note")
    return db


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("column", list(COLUMNS))
def test_a_lone_surrogate_in_stored_text_refuses_the_export_naming_where(surrogate_db, tmp_path, fmt, column):
    sql, where, name = COLUMNS[column]
    with sqlite3.connect(surrogate_db) as conn:
        conn.execute(sql.format(LONE_SURROGATE))
    out = tmp_path / "out"
    result = in_process("--db", surrogate_db, "export", "--format", fmt, "--out", out, "--all-annotators", "-q")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"{where}: its stored {name} is not valid UTF-8" in result.output
    assert nothing_left(tmp_path, out)
