"""Schema versions: upgrades write a backup first; newer files are refused untouched."""

import hashlib
import sqlite3

import pytest

from annotator import schema
from annotator.model import ArticleIn
from annotator.store import Store, StoreError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _v2_add_span_source(conn):
    conn.execute("ALTER TABLE spans ADD COLUMN source TEXT")


def test_new_file_is_at_the_current_version(db_path):
    with Store(db_path) as store:
        assert schema.current_version(store.conn) == schema.SCHEMA_VERSION
        assert store.backup_path is None


def test_older_file_is_backed_up_then_upgraded(db_path, monkeypatch):
    with Store(db_path) as store:
        article_id, _ = store.add_article(ArticleIn(text="Putin denied it.", title="t"))
        store.add_span(article_id, "ann", "denial", 6, 12)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, _v2_add_span_source])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with Store(db_path) as store:
        assert schema.current_version(store.conn) == schema.SCHEMA_VERSION
        columns = [row[1] for row in store.conn.execute("PRAGMA table_info(spans)")]
        assert "source" in columns
        assert store.spans()[0].text == "denied"
        backup = store.backup_path
    assert backup is not None and backup.exists() and ".v1-backup-" in backup.name
    old = sqlite3.connect(backup)
    assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    assert old.execute("SELECT text FROM spans").fetchone()[0] == "denied"
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old.close()


def test_a_failing_migration_changes_nothing(db_path, monkeypatch):
    with Store(db_path) as store:
        store.add_article(ArticleIn(text="kept", title="t"))

    def broken(conn):
        conn.execute("ALTER TABLE spans ADD COLUMN source TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(RuntimeError):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    assert "source" not in [row[1] for row in conn.execute("PRAGMA table_info(spans)")]
    conn.close()


def test_file_from_a_newer_version_is_refused_and_untouched(db_path):
    with Store(db_path) as store:
        store.add_article(ArticleIn(text="kept", title="t"))
        store.conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer version of annotator.*schema 99.*not been changed"):
        Store(db_path)
    assert digest(db_path) == before
