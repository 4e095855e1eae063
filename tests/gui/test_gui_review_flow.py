"""Review flow by keys: each decision moves on by itself, and Ctrl+D asks before it closes open work."""

from __future__ import annotations

from gui_helpers import open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_review import ALT, CTRL, _answer, _gold, _key, _open_review, _two_annotators

from annotator import adjudication as adj
from annotator.model import Status


def test_ctrl_d_on_an_untouched_article_asks_and_return_keeps_it_open(qtbot, file_store, settings):
    article_id = _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    disputed = sum(1 for it in review.items if not it.agreed)
    agreed = sum(1 for it in review.items if it.agreed)

    _key(review, Qt.Key.Key_D, CTRL)  # nothing decided, gold empty
    qtbot.waitUntil(lambda: review.confirm_box is not None, timeout=3000)
    box = review.confirm_box
    assert f"{disputed} of {disputed} disagreements are undecided" in box.text()
    assert f"{agreed} agreed spans are not in gold" in box.text()
    assert "0 spans" in box.informativeText()
    assert box.defaultButton().text().replace("&", "") == "Keep reviewing"
    _answer(qtbot, review, Qt.Key.Key_Return)  # the default: nothing happens
    assert file_store.status(article_id, adj.GOLD) is not Status.DONE
    assert review.article_id == article_id and _gold(file_store, article_id) == []
    assert "stays open" in review.statusBar().currentMessage()

    _key(review, Qt.Key.Key_D, CTRL)
    _answer(qtbot, review, Qt.Key.Key_Escape)  # Esc: the same safe answer
    assert file_store.status(article_id, adj.GOLD) is not Status.DONE

    _key(review, Qt.Key.Key_D, CTRL)
    _answer(qtbot, review, Qt.Key.Key_M, ALT)  # "Mark adjudicated", on purpose
    assert file_store.status(article_id, adj.GOLD) is Status.DONE
    assert f"{disputed} disagreements left undecided" in review.statusBar().currentMessage()
    window.close()
    review.close()


def test_one_disagreement_left_is_counted_in_the_singular(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    _key(review, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)  # agreed spans into gold
    while sum(1 for it in review.items if not it.agreed and not it.resolved) > 1:
        _key(review, Qt.Key.Key_1, ALT)
        _key(review, Qt.Key.Key_Return)
    _key(review, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: review.confirm_box is not None, timeout=3000)
    assert review.confirm_box.text() == "On this article 1 of 4 disagreements is undecided."
    _answer(qtbot, review, Qt.Key.Key_Escape)
    window.close()
    review.close()


def test_each_decision_moves_to_the_next_undecided_item(qtbot, file_store, settings):
    article_id = _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    assert review.current_item.kind == "label"  # alice: evidence, bob: claim
    _key(review, Qt.Key.Key_1, ALT)
    _key(review, Qt.Key.Key_Delete)  # reject alice's: bob's is still open here, and chosen
    assert review.current_item.kind == "label" and not review.current_item.resolved
    assert review.chosen_span().annotator == "bob"
    _key(review, Qt.Key.Key_Return)  # accept bob's: one key, and the next item comes
    assert ("claim", review.docs["gold"].text[review.items[1].start : review.items[1].end]) in _gold(
        file_store, article_id
    )
    assert review.current_item.kind == "boundaries"
    assert "Next: item 2 of 4" in review.statusBar().currentMessage()
    _key(review, Qt.Key.Key_2, ALT)
    _key(review, Qt.Key.Key_Return)
    assert review.current_item.kind == "only some annotators"
    _key(review, Qt.Key.Key_Delete)  # its only candidate: rejected without choosing it first
    assert review.current_item.kind == "label and boundaries"
    _key(review, Qt.Key.Key_1, ALT)
    _key(review, Qt.Key.Key_4)  # relabel is a decision too
    assert all(it.resolved for it in review.items if not it.agreed)
    assert "Ctrl+D marks the article adjudicated" in review.statusBar().currentMessage()
    _key(review, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    _key(review, Qt.Key.Key_D, CTRL)  # nothing left open: no question
    assert review.confirm_box is None and file_store.status(article_id, adj.GOLD) is Status.DONE
    window.close()
    review.close()


def test_undo_does_not_move_on(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    _key(review, Qt.Key.Key_1, ALT)
    _key(review, Qt.Key.Key_Return)
    assert review.current_item.kind == "boundaries"
    QTest.keyClick(review.gold_lane, Qt.Key.Key_Z, CTRL)  # the decision goes; the place stays
    assert review.current_item.kind == "boundaries"
    assert not review.items[1].resolved
    window.close()
    review.close()


def test_annotators_are_chosen_from_the_menu_bar_by_keys(qtbot, sample_store, settings):
    from PySide6.QtWidgets import QApplication, QMenu

    from annotator.gui.screenshots.review_demo import annotate_demo

    annotate_demo(sample_store)
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    assert list(review.lanes.lanes) == ["alice", "bob", "carol", "gold"]
    QTest.keyClick(review.gold_lane, Qt.Key.Key_A, ALT)  # the Annotators menu, from the menu bar
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert menu is review.annotator_menu and [a.text() for a in menu.actions()] == ["alice", "bob", "carol"]
    assert menu.activeAction().text() == "alice"  # opened from the keyboard: the first one is active
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):  # carol, off
        QTest.keyClick(menu, key)
    qtbot.waitUntil(lambda: list(review.lanes.lanes) == ["alice", "bob", "gold"], timeout=3000)
    assert review.chosen == ["alice", "bob"] and "alice, bob" in review.annotator_button.text()
    window.close()
    review.close()
