"""Regressions found by using the review features on a real X window (QA session on review)."""

from __future__ import annotations

from gui_helpers import add_samples
from PySide6.QtGui import QColor

from annotator.gui.review.window import ReviewWindow
from annotator.model import Status
from annotator.store import Store


def _team(store: Store) -> list[int]:
    """alice and bob tag the opening words of two articles as claims, and disagree on one more."""
    samples = add_samples(store)
    ids = [samples[2], samples[0]]  # the first opens with a title line and blank lines
    for article_id in ids:
        text = store.article(article_id).text
        end = text.index(" ", 40)
        for who in ("alice", "bob"):
            store.add_span(article_id, who, "claim", 0, end)
            store.set_status(article_id, who, Status.DONE)
        at = text.index(" ", 200) + 1
        store.add_span(article_id, "alice", "demand", at, text.index(" ", at + 30))
    return ids


def _count(image, rgb: int) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) & 0xFFFFFF == rgb
    )


def test_spans_are_painted_on_the_first_paint_of_a_freshly_opened_article(qtbot, file_store, settings):
    # Seen on X: opened from the agreement report, the lanes showed the item bars and outlines
    # but no span fills or underlines until something scrolled: the first paint's hit test on a
    # document not laid out yet landed far below the top, so no block was found to paint.
    first, second = _team(file_store)
    review = ReviewWindow(file_store, settings, "rev")
    qtbot.addWidget(review)
    review.resize(1200, 700)
    review.show()
    qtbot.waitExposed(review)
    review.open_article(first)
    review.lanes.scroll_to(review.gold_lane.verticalScrollBar().maximum() // 2)
    qtbot.wait(20)
    review.open_article(second)
    review.open_article(first)  # a second document installed, painted before anything lays it out
    review.lanes.scroll_to(0)
    lane = review.lanes.lanes["alice"]
    fill = lane._fill(("claim",)).rgb() & 0xFFFFFF
    underline = QColor(review._colors["claim"]).rgb() & 0xFFFFFF
    image = lane.viewport().grab().toImage()  # the first paint of this document
    assert _count(image, fill) > 50, "alice's claim at the top of the article is not filled"
    assert _count(image, underline) > 5, "alice's claim is not underlined"
    review.close()


def test_visible_blocks_found_on_a_document_not_laid_out_yet(qtbot, file_store, settings):
    from gui_helpers import open_window

    first, second = _team(file_store)
    file_store.add_span(first, "carol", "claim", 0, 10)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = window.show_review(first, ["alice", "bob"])
    review.resize(420, 600)
    qtbot.wait(20)
    review.lanes.scroll_to(review.gold_lane.verticalScrollBar().maximum() // 2)
    review.open_article(second)
    review.open_article(first)
    review.lanes.scroll_to(0)
    lane = review.lanes.lanes["alice"]
    assert lane._visible_blocks(0, lane.viewport().height()), "nothing to paint at the top of the article"
    review.close()
