"""Files that are not quite ours, given as the database or found among backups: another program's SQLite
database, one with a trigger someone added, an empty file, a named pipe, JSON nested past Python's limit."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys

from annotator.model import ArticleIn
from annotator.store import Store
from tests.test_backup_faults import make_db, span_count
from tests.test_cli import run


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_programs_database_is_refused_byte_for_byte_untouched(tmp_path):
    other = tmp_path / "places.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('http://example.org')")
    conn.commit()
    conn.close()
    before = _digest(other)
    for args in (["stats"], ["list"], ["import", "/work/shared/sample_articles", "-q"], ["backup"]):
        refused = run("--db", other, *args, check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, (args, refused.stderr)
        assert "SQLite database of another program" in refused.stderr and "moz_places" in refused.stderr
    assert _digest(other) == before and not (tmp_path / "places.sqlite-wal").exists()


def test_an_empty_file_is_not_made_a_database_by_a_command_that_only_reads(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (["stats"], ["list"], ["agreement"]):
        refused = run("--db", empty, *args, check=False)
        assert refused.returncode == 1 and "the file is empty" in refused.stderr, refused.stderr
    assert empty.stat().st_size == 0
    run("--db", empty, "labels", "add", "threat")  # a command that writes makes one in it, as asked
    assert empty.stat().st_size > 0


def test_a_database_with_a_trigger_someone_added_is_refused_before_it_runs(tmp_path):
    db = tmp_path / "t.db"
    make_db(db, 3)
    sqlite3.connect(db).executescript(
        "CREATE TRIGGER wipe AFTER INSERT ON spans BEGIN DELETE FROM spans WHERE annotator_id != new.annotator_id; END;"
    ).close()
    writer = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom annotator.store import Store\nStore(sys.argv[1]).add_span(1, 'carol', 'claim', 300, 310)",
            str(db),
        ],
        capture_output=True,
        text=True,
    )
    assert writer.returncode == 1 and "trigger 'wipe'" in writer.stderr and "never makes" in writer.stderr
    refused = run("--db", db, "stats", check=False)
    assert refused.returncode == 1 and "DROP TRIGGER" in refused.stderr
    assert span_count(db) == 3  # nobody's spans deleted
    sqlite3.connect(db).execute("DROP TRIGGER wipe").connection.close()
    with Store(db) as store:
        store.add_span(1, "carol", "claim", 300, 310)
    assert span_count(db) == 4


def test_a_backup_holding_a_trigger_is_never_restored(tmp_path):
    db = tmp_path / "t.db"
    make_db(db, 3)
    backup = type(db)(run("--db", db, "backup").stdout.split()[-1])
    sqlite3.connect(backup).executescript("CREATE TRIGGER t AFTER INSERT ON spans BEGIN SELECT 1; END;").close()
    refused = run("--db", db, "restore", "--yes", check=False)
    assert refused.returncode == 1 and "trigger 't'" in refused.stderr
    assert span_count(db) == 3


def test_a_named_pipe_among_the_backups_is_passed_over_never_opened(tmp_path):
    db = tmp_path / "r.db"
    make_db(db, 2)
    good = type(db)(run("--db", db, "backup").stdout.split()[-1])
    os.mkfifo(db.parent / "backups" / "r.db.backup-20991231-000000-000000Z.db")
    restored = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "restore", "--yes"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert restored.returncode == 0 and good.name in restored.stdout, restored.stderr
    assert "not a regular file" in restored.stderr
    made = run("--db", db, "backup").stdout
    assert "backed up to" in made and "20991231" not in made  # a new backup named now, the pipe never read


def test_json_nested_past_pythons_limit_is_refused_by_name(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    db = tmp_path / "l.db"
    refused = run("--db", db, "labels", "import", deep, check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "deep.json: not a label scheme file (nested too deeply" in refused.stderr
    make_db(db, 1)
    out = tmp_path / "exo"
    out.mkdir()
    (out / ".annotator-export.json").write_text("[" * 100_000 + "]" * 100_000)
    export = run(
        "--db", db, "export", "--format", "jsonl", "--out", out, "--all-annotators", "--overwrite", "-q", check=False
    )
    assert export.returncode == 1 and "Traceback" not in export.stderr, export.stderr
    assert (out / ".annotator-export.json").stat().st_size == 200_000  # left alone


def test_a_database_name_that_is_not_utf8_reads_the_same_in_backup_restore_and_merge(tmp_path):
    folder = os.fsencode(tmp_path)
    db = os.fsdecode(folder + b"/caf\xe9.db")
    with Store(db) as store:
        store.add_article(ArticleIn(text="Putin demanded guarantees.", title="t"))
    printed = [
        run("--db", db, *args).stdout + run("--db", db, *args).stderr for args in (["backup"], ["restore", "--yes"])
    ]
    assert all("caf\\xe9.db" in text and "udce9" not in text for text in printed), printed
