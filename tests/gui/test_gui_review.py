"""Review ▸ Review article: step through disagreements with keys, decide gold, undo, restart and find it all."""

from __future__ import annotations

from gui_helpers import add_samples, click_at, drag_select, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import adjudication as adj
from annotator.gui.common.settings import Settings
from annotator.gui.review.lanes import KINDS
from annotator.gui.screenshots.review_demo import AP_SPANS
from annotator.model import Status
from annotator.store import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _two_annotators(store: Store) -> int:
    """alice and bob on the AP sample article: agreed spans and one disagreement of every kind."""
    article_id = add_samples(store)[0]
    text = store.article(article_id).text
    assert "seek Western guarantees" in text
    for who in ("alice", "bob"):
        for label, passage in AP_SPANS[who]:
            at = text.index(passage)
            store.add_span(article_id, who, label, at, at + len(passage))
        store.set_status(article_id, who, Status.DONE)
    return article_id


def _open_review(qtbot, window):
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL)
    review = window.review_window
    assert review is not None and review.isVisible()
    qtbot.waitUntil(review.isActiveWindow, timeout=3000)
    review.gold_lane.setFocus()
    return review


def _key(review, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(review.gold_lane, key, modifier)


def _answer(qtbot, review, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the question Ctrl+D asks, as the person at the keyboard would."""
    qtbot.waitUntil(lambda: review.confirm_box is not None and review.confirm_box.isActiveWindow(), timeout=3000)
    box = review.confirm_box
    QTest.keyClick(box, key, modifier)
    qtbot.waitUntil(lambda: review.confirm_box is None and review.isActiveWindow(), timeout=3000)


def _gold(store: Store, article_id: int) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in store.spans(article_id, [adj.GOLD])]


def test_review_decisions_by_keys_survive_a_restart(qtbot, db_path, tmp_path):
    store = Store(db_path)
    article_id = _two_annotators(store)
    text = store.article(article_id).text
    settings_path = tmp_path / "s.ini"
    window = open_window(qtbot, store, Settings(settings_path), annotator="rev")
    review = _open_review(qtbot, window)
    assert list(review.lanes.lanes) == ["alice", "bob", "gold"]  # the reviewer has no lane
    kinds = [it.kind for it in review.items]
    assert kinds == [
        "agreed",
        "label",
        "boundaries",
        "agreed",
        "only some annotators",
        "agreed",
        "label and boundaries",
    ]
    assert review.current == 1  # the first disagreement

    _key(review, Qt.Key.Key_A, CTRL | SHIFT)  # accept all agreed
    assert len(_gold(store, article_id)) == 3
    _key(review, Qt.Key.Key_1, ALT)  # alice's evidence on the diplomats sentence…
    _key(review, Qt.Key.Key_Return)  # …into gold
    assert ("evidence", AP_SPANS["alice"][1][1]) in _gold(store, article_id)

    # The next disagreement comes by itself: boundaries (alice took the opening words in, bob did not).
    assert review.current_item.kind == "boundaries"
    _key(review, Qt.Key.Key_2, ALT)  # bob's shorter span
    bob = review.chosen_span()
    _key(review, Qt.Key.Key_Left, ALT | SHIFT)  # grow its start by a word in the gold lane
    _key(review, Qt.Key.Key_Return)
    adjusted = [s for s in store.spans(article_id, [adj.GOLD]) if s.end == bob.end]
    assert len(adjusted) == 1 and adjusted[0].start < bob.start
    assert adj.decisions(store, article_id)[-1]["action"] == "adjust"

    assert review.current_item.kind == "only some annotators"  # only bob marked "costly mistake": reject it
    _key(review, Qt.Key.Key_Delete)
    assert adj.decisions(store, article_id)[-1]["action"] == "reject"

    assert review.current_item.kind == "label and boundaries"  # alice's range, relabelled evidence
    _key(review, Qt.Key.Key_1, ALT)
    _key(review, Qt.Key.Key_4)
    assert ("evidence", "Ukraine has amassed about 125,000 troops") in _gold(store, article_id)
    _key(review, Qt.Key.Key_Z, CTRL)  # undo takes the decision back…
    assert ("evidence", "Ukraine has amassed about 125,000 troops") not in _gold(store, article_id)
    _key(review, Qt.Key.Key_Z, CTRL | SHIFT)  # …and redo takes it again
    assert ("evidence", "Ukraine has amassed about 125,000 troops") in _gold(store, article_id)
    assert all(it.resolved for it in review.items)
    assert review.current_item.kind == "label and boundaries"  # nothing left to move on to: it stays

    # A gold span nobody marked: select in the gold lane, press a label key.
    doc = review.docs["gold"]
    passage = "an increasing number of violations of a cease-fire"
    at = text.index(passage)
    drag_select(qtbot, review.gold_lane, *doc.to_utf16(at, at + len(passage)))
    _key(review, Qt.Key.Key_1)
    assert ("claim", passage) in _gold(store, article_id)
    # Withdraw it again: click it in the gold lane, Shift+Delete.
    click_at(qtbot, review.gold_lane, doc.to_utf16(at + 5, at + 5)[0])
    _key(review, Qt.Key.Key_Delete, SHIFT)
    assert ("claim", passage) not in _gold(store, article_id)

    _key(review, Qt.Key.Key_D, CTRL)  # adjudicated
    assert store.status(article_id, adj.GOLD) is Status.DONE
    assert adj.progress(store) == (1, 1)
    assert "Adjudicated 1 / 1" in review.progress.text() and "Adjudicated 1 / 1" in window.review_progress.text()
    before = (_gold(store, article_id), [d["action"] for d in adj.decisions(store, article_id)])
    assert len(before[0]) == 6
    window.close()
    review.close()
    store.close()

    store = Store(db_path)
    assert (_gold(store, article_id), [d["action"] for d in adj.decisions(store, article_id)]) == before
    again = open_window(qtbot, store, Settings(settings_path), annotator="rev")
    again.open_article(article_id)
    review = _open_review(qtbot, again)
    assert len(review.docs["gold"].spans) == 6
    assert all(it.resolved for it in review.items)
    assert "Adjudicated 1 / 1" in review.progress.text() and "✓" in review.article_box.currentText()
    again.close()
    review.close()
    store.close()


def test_lanes_scroll_together_and_mark_items(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    review.resize(1200, 500)
    qtbot.wait(20)
    alice, bob, gold = (review.lanes.lanes[n] for n in ("alice", "bob", "gold"))
    assert alice.width() == bob.width() == gold.width()  # same wrapping, so the same lines line up
    alice.verticalScrollBar().setValue(alice.verticalScrollBar().maximum() // 2)
    assert bob.verticalScrollBar().value() == gold.verticalScrollBar().value() == alice.verticalScrollBar().value()
    _key(review, Qt.Key.Key_F8, SHIFT)  # previous wraps round to the last disagreement
    assert review.current_item.kind == "label and boundaries"
    qtbot.wait(20)
    image = bob.viewport().grab().toImage()
    colours = {image.pixel(x, y) & 0xFFFFFF for y in range(0, image.height(), 2) for x in range(0, 30)}
    lb = int(KINDS["label and boundaries"][1][1:], 16)
    assert lb in colours, "the current item's gutter bar is not painted"
    assert review.panel.candidates.count() == 2
    from annotator.gui.common.dialogs import shortcut_rows

    keys = {text: k for _menu, text, k in shortcut_rows(review.menuBar())}
    assert keys["Next disagreement"] == "F8, N" and keys["Gold claim"] == "1, Num+1"
    review.panel.show_agreed.setChecked(True)
    assert review.panel.model.rowCount() == len(review.items)
    table = review.panel.table  # clicking a row makes that item current
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        table.visualRect(review.panel.model.index(0, 1)).center(),
    )
    assert review.current == 0 and review.current_item.kind == "agreed"
    window.close()
    review.close()


def test_review_needs_two_annotators(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    window.review_menu.review.trigger()
    assert window.review_window is None and "Merge" in told[0]


def test_review_demo_renders_text_spans_and_marks(qtbot, file_store, settings):
    from annotator.gui.screenshots.review_demo import review_demo
    from annotator.gui.screenshots.shots import fill_store

    fill_store(file_store)
    main, review = review_demo(file_store, settings)
    qtbot.addWidget(main)
    assert len(review.docs["gold"].spans) >= 4 and review.candidate == 1
    image = review.gold_lane.viewport().grab().toImage()
    pixels = [image.pixel(x, y) & 0xFFFFFF for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)]
    dark = sum(1 for p in pixels if (p >> 16) + ((p >> 8) & 255) + (p & 255) < 240)
    assert dark > 200, "no visible text: are fonts installed?"
    assert int(KINDS["boundaries"][1][1:], 16) in set(pixels), "the current item's bar is missing"
    review.close()


def test_undo_brings_back_the_article_and_next_skips_adjudicated(qtbot, sample_store, settings):
    from annotator.gui.screenshots.review_demo import annotate_demo

    annotate_demo(sample_store)
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    window.open_article(sample_store.article_ids()[0])
    review = _open_review(qtbot, window)
    first = review.article_id
    assert review.chosen == ["alice", "bob", "carol"] and len(review.reviewable) == 5
    _key(review, Qt.Key.Key_A, CTRL | SHIFT)
    made = len(_gold(sample_store, first))
    assert made > 0
    _key(review, Qt.Key.Key_D, CTRL)  # disagreements are left: it asks first
    _answer(qtbot, review, Qt.Key.Key_M, ALT)  # "Mark adjudicated": on to the next article
    second = review.article_id
    assert second != first and "✓" in review.article_box.itemText(review.article_box.findData(first))
    _key(review, Qt.Key.Key_Z, CTRL)  # undo "mark adjudicated": back to the first article
    assert review.article_id == first and sample_store.status(first, adj.GOLD) is not Status.DONE
    _key(review, Qt.Key.Key_Z, CTRL)  # and the accepted agreed spans
    assert _gold(sample_store, first) == []
    _key(review, Qt.Key.Key_PageDown, CTRL)
    assert review.article_id == second
    window.close()
    review.close()
