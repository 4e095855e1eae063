"""A database that opens but holds a damaged page: every read the windows make is caught by one handler.

The page is damaged for real: 0xFF written over an overflow page of one article's text (or of a span's
long note) in the file on disk, after a backup was taken. SQLite then says "database disk image is
malformed" only when that page is read, long after the file opened. The questions are answered by
clicking their buttons while they are open.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys

import pytest
from gui_helpers import open_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.backup import take_backup
from annotator.gui import app as app_module
from annotator.gui.common.settings import Settings
from annotator.model import ArticleIn, Status
from annotator.store import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
WORDS = [
    "the",
    "minister",
    "said",
    "officials",
    "denied",
    "every",
    "claim",
    "about",
    "the",
    "evidence",
    "and",
    "demanded",
    "a",
    "full",
    "inquiry",
    "while",
    "critics",
    "argued",
    "that",
    "the",
    "report",
    "was",
    "late",
]
ARTICLES = 20


def article_text(k: int) -> str:
    """About 20 KB of sentences, so that the text runs over several overflow pages; a marker deep inside."""
    rng = random.Random(k)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(220)]
    text = " ".join(sentences)
    at = text.index(" ", 6000)
    return f"{text[:at]} MARK{k:03d}{text[at:]}"


def make_corpus(path, *, reviewers: tuple[str, ...] = (), note_on: int | None = None) -> None:
    """Twenty long articles; spans by ``reviewers`` on each; one backup; closed cleanly (WAL folded in)."""
    with Store(path) as store:
        for k in range(1, ARTICLES + 1):
            store.add_article(ArticleIn(text=article_text(k), title=f"Article {k}"))
        for k in range(1, ARTICLES + 1):
            for n, who in enumerate(reviewers):
                store.add_span(k, who, "claim", 0, 30 + 10 * n)
                store.set_status(k, who, Status.DONE)
        if note_on is not None:
            span = store.add_span(note_on, "alice", "claim", 0, 9)
            store.set_note(span.id, f"NOTEMARK {'a long note ' * 900}")
        take_backup(store, reason="auto")


def damage_page_holding(path, marker: str) -> None:
    """Write 0xFF over the whole page of the file that holds ``marker`` (an overflow page)."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    page = data.index(marker.encode()) // size
    data[page * size : (page + 1) * size] = b"\xff" * size
    path.write_bytes(bytes(data))


def damage_article(path, article_id: int) -> None:
    damage_page_holding(path, f"MARK{article_id:03d}")
    conn = sqlite3.connect(path)  # the damage is real: that text no longer reads, the first one still does
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    finally:
        conn.close()


class Answers:
    """Clicks ``button`` (else OK) in every message box while it is open; keeps what each one said."""

    def __init__(self, button: QMessageBox.StandardButton) -> None:
        self.button = button
        self.said: list[tuple[str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.said.append((box.windowTitle(), box.text()))
            button = box.button(self.button) or box.button(QMessageBox.StandardButton.Ok) or box.defaultButton()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def questions(self) -> list[str]:
        return [text for title, text in self.said if title == "Damaged database"]


@pytest.fixture
def answers(request):
    made: list[Answers] = []

    def start(button):
        made.append(Answers(button))
        return made[-1]

    yield start
    for a in made:
        a.timer.stop()


def _launch(qtbot, db, tmp_path):
    window = app_module.launch(db, "alice", Settings(tmp_path / "s.ini"))
    assert window is not None
    qtbot.addWidget(window)
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key in the article, once the window is back in front (a question may just have closed)."""
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 3000)
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifier)


def test_a_damaged_page_at_launch_offers_the_newest_sound_backup_and_yes_restores_it(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db)
    damage_article(db, 1)  # the article the window opens on
    damaged = db.read_bytes()
    said = answers(YES)
    window = _launch(qtbot, db, tmp_path)  # was: a traceback from MainWindow.__init__ -> open_article
    qtbot.waitUntil(lambda: window.doc is not None, timeout=10000)
    question = said.questions()[0]
    assert f"{db} is damaged: article 1 “Article 1” cannot be read" in question
    assert "database disk image is malformed" in question and "newest sound backup" in question
    assert window.doc.id == 1 and window.doc.text == article_text(1)  # restored, and open where it was
    assert window.articles.model.rowCount() == ARTICLES and not window.pane.notice.isVisible()
    aside = next(p for p in tmp_path.glob("c.db.damaged-*") if not p.name.endswith(("-wal", "-shm")))
    # The damaged pages are kept as they were (only the header's journal mode and change counter differ:
    # the restore folds the journal in under its lock before copying the pages aside).
    kept = aside.read_bytes()
    assert len(kept) == len(damaged) and kept[100:] == damaged[100:]
    assert len(said.questions()) == 1


def test_a_restore_another_process_prevents_is_said_and_not_offered_again(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db)
    damage_article(db, 2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('select count(*) from annotators').fetchone(); print('open', flush=True);"
            " sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        window = _launch(qtbot, db, tmp_path)
        said = answers(YES)
        _key(window, Qt.Key.Key_PageDown, CTRL)
        qtbot.waitUntil(lambda: any("was not restored" in text for _t, text in said.said), timeout=10000)
        assert "open in another annotator window" in next(t for _t, t in said.said if "was not restored" in t)
        assert window.current_id == 2 and window.doc is None  # the same file, read again: still unreadable
        _key(window, Qt.Key.Key_PageDown, CTRL)
        _key(window, Qt.Key.Key_PageUp, CTRL)
        qtbot.waitUntil(window.reads.idle, timeout=10000)  # any offer it was going to make is made
        assert len(said.questions()) == 1  # was: asked again at once, on the file it could not replace
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_declined_the_window_reads_on_names_what_it_cannot_read_and_asks_once(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db)
    damage_article(db, 1)
    said = answers(NO)
    window = _launch(qtbot, db, tmp_path)
    qtbot.waitUntil(lambda: len(said.questions()) == 1, timeout=10000)
    assert window.doc is None and window.current_id == 1
    assert window.pane.title.text() == "Article 1 “Article 1” cannot be read"
    assert window.pane.notice.isVisible() and "c.db is damaged" in window.pane.notice.text()
    assert window.position.text() == "Article 1 of 20"
    _key(window, Qt.Key.Key_PageDown, CTRL)  # steps past it
    assert window.doc.id == 2 and window.doc.text == article_text(2)
    _key(window, Qt.Key.Key_Down, ALT)
    _key(window, Qt.Key.Key_1)
    assert len(window.doc.spans) == 1 and window.saved.text() == "✔ all changes saved"
    _key(window, Qt.Key.Key_PageUp, CTRL)  # back onto it: named again, not asked again
    assert window.doc is None and "article 1 “Article 1” cannot be read" in window.statusBar().currentMessage()
    _key(window, Qt.Key.Key_F5)  # refresh tries it again, and says so
    _key(window, Qt.Key.Key_PageDown, CTRL | SHIFT)  # next unfinished: article 2 (it is in progress)
    assert window.doc.id == 2
    qtbot.waitUntil(window.reads.idle, timeout=10000)  # any offer it was going to make is made
    assert len(said.questions()) == 1 and not list(tmp_path.glob("c.db.damaged-*"))


def test_stepping_onto_a_damaged_later_article_offers_the_backup_there(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db)
    damage_article(db, 4)
    window = _launch(qtbot, db, tmp_path)
    assert window.doc.id == 1
    said = answers(YES)
    for _ in range(3):
        _key(window, Qt.Key.Key_PageDown, CTRL)  # was: an uncaught traceback on the third
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.id == 4, timeout=10000)
    assert "article 4 “Article 4” cannot be read" in said.questions()[0]
    assert window.doc.text == article_text(4) and window.pane.title.text() == "Article 4"


def test_the_filter_refresh_and_return_to_the_window_survive_a_damaged_text(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db)
    damage_article(db, 7)
    window = _launch(qtbot, db, tmp_path)
    said = answers(NO)
    _key(window, Qt.Key.Key_L, CTRL)
    QTest.keyClicks(window.articles.search, "inquiry")  # a full-text search reads every text
    qtbot.waitUntil(lambda: len(said.questions()) == 1, timeout=10000)
    assert "the article list filtered by “inquiry” cannot be read" in said.questions()[0]
    assert window.articles.model.rowCount() == ARTICLES  # the list as it was
    assert window.doc.id == 1
    window.articles.search.clear()
    qtbot.waitUntil(lambda: window.articles.search_text() == "", timeout=3000)
    _key(window, Qt.Key.Key_F5)
    assert window.doc.id == 1 and len(said.questions()) == 1


def test_a_damaged_note_page_makes_that_article_unreadable_and_the_others_not(qtbot, tmp_path, answers):
    db = tmp_path / "c.db"
    make_corpus(db, note_on=3)
    damage_page_holding(db, "NOTEMARK")  # the first overflow page of a span's long note
    window = _launch(qtbot, db, tmp_path)
    said = answers(NO)
    _key(window, Qt.Key.Key_PageDown, CTRL)
    _key(window, Qt.Key.Key_PageDown, CTRL)  # onto article 3: its text reads, its spans do not
    qtbot.waitUntil(lambda: len(said.questions()) == 1, timeout=10000)
    assert window.doc is None and window.pane.title.text() == "Article 3 “Article 3” cannot be read"
    _key(window, Qt.Key.Key_PageDown, CTRL)
    assert window.doc.id == 4 and window.panel.spans.rowCount() == 0


def _review_corpus(tmp_path):
    db = tmp_path / "c.db"
    make_corpus(db, reviewers=("alice", "bob"))
    damage_article(db, 3)
    return db


def test_the_review_window_steps_past_a_damaged_article_and_asks_once(qtbot, tmp_path, answers):
    db = _review_corpus(tmp_path)
    store = Store(db)
    window = open_window(qtbot, store, Settings(tmp_path / "s.ini"), annotator="rev")
    said = answers(NO)
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL)
    review = window.review_window
    qtbot.waitUntil(review.isActiveWindow, timeout=3000)
    assert review.article_id == 1
    for _ in range(2):
        QTest.keyClick(review.gold_lane, Qt.Key.Key_PageDown, CTRL)  # was: a traceback onto article 3
    qtbot.waitUntil(lambda: len(said.questions()) == 1, timeout=10000)
    assert review.article_id is None and "Article 3 “Article 3” cannot be read" in review.title.text()
    assert "article 3 “Article 3” cannot be read" in said.questions()[0]
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=3000)
    QTest.keyClick(review.gold_lane, Qt.Key.Key_PageDown, CTRL)
    assert review.article_id == 4 and review.docs["gold"].text == article_text(4)
    assert len(said.questions()) == 1
    window.close()
    store.close()


def test_the_agreement_report_names_the_damage_instead_of_crashing(qtbot, tmp_path, answers):
    db = _review_corpus(tmp_path)
    store = Store(db)
    window = open_window(qtbot, store, Settings(tmp_path / "s.ini"), annotator="rev")
    said = answers(NO)
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL | SHIFT)  # computes over every article's text
    report = window.agreement_window
    qtbot.waitUntil(lambda: len(said.questions()) == 1, timeout=10000)
    assert report is not None and report.report is None
    assert "c.db is damaged" in report.note.text() and "cannot be read" in report.note.text()
    window.close()
    store.close()
