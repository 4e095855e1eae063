"""Edges an adversary found in the store and the CLI: writing over the database, search beyond ASCII,
text another program stored that is not UTF-8."""

from __future__ import annotations

import json
import sqlite3

from annotator.model import ArticleIn
from annotator.store import Store
from tests.test_cli import SAMPLES, run


def test_a_scheme_or_a_report_is_never_written_over_the_database(tmp_path):
    db = tmp_path / "c.db"
    run("--db", db, "import", SAMPLES, "-q")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for target in (db, other):
        refused = run("--db", db, "labels", "export", target, check=False)
        assert refused.returncode == 1 and "is a database" in refused.stderr, refused.stderr
    assert json.loads(run("--db", db, "stats", "--json").stdout)["articles"] == 5


def test_the_agreement_report_is_never_written_over_the_database(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator.gui.agreement.window import AgreementWindow

    db = tmp_path / "c.db"
    with Store(db) as store:
        article_id, _ = store.add_article(ArticleIn(text="Putin denied it. NATO said so.", title="t"))
        for who in ("alice", "bob"):
            store.add_span(article_id, who, "claim", 0, 5)
            store.set_status(article_id, who, "done")
    store = Store(db)
    window = AgreementWindow(store)
    qtbot.addWidget(window)
    window.compute()
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db), ""))
    assert window.export_json() is None
    assert "is a database" in window.note.text()
    store.close()
    with Store(db) as again:
        assert len(again.spans()) == 2


def test_search_finds_words_with_capitals_beyond_ascii(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_article(ArticleIn(text="Macron spoke at the Élysée with Ünal and Øystein.", title="Élysée talks"))
        store.add_article(ArticleIn(text="Nothing here.", title="Other"))
        store.annotator_id("alice")
    for word in ("Élysée", "élysée", "ÉLYSÉE", "ünal", "øystein", "macron"):
        rows = run("--db", db, "list", "--search", word, "--json").stdout.splitlines()
        assert len(rows) == 1, word
    done = run("--db", db, "status", "set", "done", "--annotator", "alice", "--search", "élysée")
    assert done.returncode == 0


def test_text_that_is_not_utf8_never_crashes_a_read(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        article_id, _ = store.add_article(ArticleIn(text="Putin denied it. NATO said so.", title="fine"))
        for who in ("alice", "bob"):
            store.add_span(article_id, who, "claim", 0, 5)
            store.set_status(article_id, who, "done")
        store.conn.execute("UPDATE articles SET title = CAST(x'41EDA08042' AS TEXT)")  # another program did this
    for args in (
        ["list"],
        ["list", "--annotator", "alice"],
        ["status", "list", "--annotator", "alice"],
        ["agreement"],
        ["stats"],
    ):
        done = run("--db", db, *args, check=False)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    listed = run("--db", db, "list").stdout
    assert "A\\xed\\xa0\\x80B" in listed  # shown escaped as file names are, not dropped
