"""Schema versions: upgrades write a backup first; newer files are refused untouched."""

import hashlib
import sqlite3

import pytest

from annotator import schema
from annotator.model import ArticleIn
from annotator.store import Store, StoreError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_v1_file(path):
    """A database exactly as annotator 0.1 (schema 1) wrote it, with one span."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    schema.migrate(conn, None, migrations=schema.MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO articles (sha256, title, length, imported_at, text)"
        " VALUES ('x', 't', 16, 'then', 'Putin denied it.')"
    )
    conn.execute("INSERT INTO annotators (name, created_at) VALUES ('ann', 'then')")
    conn.execute(
        'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text,'
        " created_at, updated_at) VALUES (1, 1, 2, 6, 12, 'denied', 'then', 'then')"
    )
    conn.close()


def test_new_file_is_at_the_current_version(db_path):
    with Store(db_path) as store:
        assert schema.current_version(store.conn) == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
        assert store.backup_path is None


def test_older_file_is_backed_up_then_upgraded(db_path):
    make_v1_file(db_path)
    with Store(db_path) as store:
        assert schema.current_version(store.conn) == schema.SCHEMA_VERSION
        assert "merge_id" in [row[1] for row in store.conn.execute("PRAGMA table_info(spans)")]
        span = store.spans()[0]
        assert (span.text, span.label, span.annotator) == ("denied", "denial", "ann")
        backup = store.backup_path
    assert backup is not None and backup.exists() and ".v1-backup-" in backup.name
    old = sqlite3.connect(backup)
    assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    assert old.execute("SELECT text FROM spans").fetchone()[0] == "denied"
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old.close()


def test_a_failing_migration_changes_nothing(db_path, monkeypatch):
    make_v1_file(db_path)

    def broken(conn):
        conn.execute("ALTER TABLE spans ADD COLUMN source TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(RuntimeError):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(spans)")]
    assert "source" not in columns and "merge_id" not in columns
    conn.close()


def test_file_from_a_newer_version_is_refused_and_untouched(db_path):
    with Store(db_path) as store:
        store.add_article(ArticleIn(text="kept", title="t"))
        store.conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer version of annotator.*schema 99.*not been changed"):
        Store(db_path)
    assert digest(db_path) == before


def make_v2_file(path):
    """A database as annotator 0.2 (schema 2) wrote it: three spans, the newest deleted, a decision."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    schema.migrate(conn, None, migrations=schema.MIGRATIONS[:2])
    conn.execute(
        "INSERT INTO articles (sha256, title, length, imported_at, text)"
        " VALUES ('x', 't', 16, 'then', 'Putin denied it.')"
    )
    conn.execute("INSERT INTO annotators (name, created_at) VALUES ('ann', 'then')")
    for start, end in ((0, 5), (6, 12), (13, 15)):
        conn.execute(
            'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text, note,'
            " created_at, updated_at) VALUES (1, 1, 2, ?, ?, substr('Putin denied it.', ? + 1, ? - ?),"
            " 'n', 'then', 'then')",
            (start, end, start, end, start),
        )
    conn.execute("INSERT INTO decisions (article_id, action, gold_span_id, decided_at) VALUES (1, 'new', 2, 'then')")
    conn.close()
    return path


def test_v2_file_upgrades_to_ids_that_are_never_reused(db_path):
    make_v2_file(db_path)
    with Store(db_path) as store:
        assert ".v2-backup-" in store.backup_path.name
        assert [(s.id, s.text, s.note) for s in store.spans()] == [
            (1, "Putin", "n"),
            (2, "denied", "n"),
            (3, "it", "n"),
        ]
        assert store.conn.execute("SELECT gold_span_id FROM decisions").fetchone() == (2,)
        for table in ("spans", "decisions"):
            sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            assert "AUTOINCREMENT" in sql
        store.delete_span(3)
        again = store.add_span(1, "ann", "claim", 13, 15)
        assert again.id == 4  # the deleted highest id stays retired
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_v3_file_upgrades_to_remembered_deletions(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    schema.migrate(conn, None, migrations=schema.MIGRATIONS[:3])
    conn.execute(
        "INSERT INTO articles (sha256, title, length, imported_at, text)"
        " VALUES ('x', 't', 16, 'then', 'Putin denied it.')"
    )
    conn.execute("INSERT INTO annotators (name, created_at) VALUES ('ann', 'then')")
    conn.execute(
        'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text, created_at, updated_at)'
        " VALUES (1, 1, 2, 6, 12, 'denied', 'then', 'then')"
    )
    conn.close()
    with Store(db_path) as store:
        assert ".v3-backup-" in store.backup_path.name
        (span,) = store.spans()
        store.delete_span(span.id)  # the delete and its tombstone: one transaction
        assert store.conn.execute('SELECT sha256, start, "end" FROM deleted_spans').fetchall() == [("x", 6, 12)]
        store.restore_span(span)
        assert store.conn.execute("SELECT count(*) FROM deleted_spans").fetchone()[0] == 0
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
