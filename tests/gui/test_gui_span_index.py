"""The open article's span index: overlap queries, lanes, segments; and the document object."""

from __future__ import annotations

import random

from annotator.gui.text.document import OpenArticle, display_text
from annotator.gui.text.span_index import LONG, Mark, SpanIndex, segments
from annotator.model import Article, Span


def brute(marks, lo, hi):
    return sorted((m for m in marks if m.start < hi and m.end > lo), key=lambda m: (m.start, m.end, m.span_id))


def test_overlapping_matches_a_scan_with_long_and_short_spans():
    rng = random.Random(7)
    marks = []
    for i in range(1, 400):
        start = rng.randrange(0, 20000)
        length = rng.choice([rng.randrange(1, 50), rng.randrange(LONG, 3 * LONG)])
        marks.append(Mark(start, start + length, i, rng.choice("abcd")))
    index = SpanIndex(marks)
    for _ in range(300):
        lo = rng.randrange(0, 21000)
        hi = lo + rng.randrange(1, 300)
        got = sorted(index.overlapping(lo, hi), key=lambda m: (m.start, m.end, m.span_id))
        assert got == brute(marks, lo, hi)
    for m in marks[:200]:
        index.remove(m.span_id)
    rest = marks[200:]
    assert sorted(index.overlapping(0, 30000), key=lambda m: (m.start, m.end, m.span_id)) == brute(rest, 0, 30000)


def test_remove_after_building_with_shared_starts():
    marks = [Mark(5, 50, 1, "a"), Mark(5, 9, 2, "b"), Mark(5, 30, 3, "c"), Mark(1, 3, 4, "d")]
    index = SpanIndex(marks)
    for m in marks:
        assert index.remove(m.span_id) == m
        assert all(index.get(x.span_id) is not None for x in index.overlapping(0, 100))
    assert len(index) == 0 and index.overlapping(0, 100) == []


def test_lanes_never_collide_for_overlapping_spans():
    rng = random.Random(3)
    marks = [Mark(s, s + rng.randrange(1, 40), i, "a") for i, s in enumerate(rng.sample(range(500), 120), 1)]
    index = SpanIndex(marks[:60])
    for m in marks[60:]:
        index.add(m)
    for m in marks:
        for other in index.overlapping(m.start, m.end):
            if other.span_id != m.span_id:
                assert index.lanes[other.span_id] != index.lanes[m.span_id]


def test_nested_spans_get_stacked_lanes_and_at_is_innermost_first():
    outer, inner = Mark(0, 100, 1, "claim"), Mark(10, 20, 2, "evidence")
    index = SpanIndex([outer, inner])
    assert index.lanes == {1: 0, 2: 1}
    assert [m.span_id for m in index.at(15)] == [2, 1]
    assert index.at(50) == [outer]
    assert index.at(100) == []


def test_segments_blend_labels_where_spans_overlap():
    marks = [Mark(0, 10, 1, "claim"), Mark(5, 15, 2, "denial"), Mark(6, 8, 3, "claim")]
    assert segments(marks, 0, 20) == [
        (0, 5, ("claim",)),
        (5, 6, ("claim", "denial")),
        (6, 8, ("claim", "claim", "denial")),
        (8, 10, ("claim", "denial")),
        (10, 15, ("denial",)),
    ]
    assert segments(marks, 12, 14) == [(12, 14, ("denial",))]


def test_display_text_keeps_every_utf16_position():
    text = "a\r\nb\rc\ufdd0d"
    shown = display_text(text)
    assert len(shown) == len(text) and "\r" not in shown and "\ufdd0" not in shown
    assert display_text("plain") == "plain"


def _span(i, start, end, label, text, who="alice"):
    return Span(i, 1, start, end, label, who, text[start:end])


def test_open_article_converts_and_counts():
    text = "😀 ab 😀 cd"
    doc = OpenArticle.load(Article(1, "h", "t", text), [_span(1, 2, 4, "claim", text)])
    assert doc.index.get(1).start == 3  # one astral character before it
    assert doc.to_cp(*doc.to_utf16(7, 9)) == (7, 9)
    assert doc.find("alice", "claim", 2, 4).id == 1
    assert doc.find("bob", "claim", 2, 4) is None
    doc.add(_span(2, 7, 9, "denial", text))
    assert doc.counts == {"claim": 1, "denial": 1}
    assert [s.id for s in doc.spans_at(doc.umap.to_utf16(8))] == [2]
    doc.remove(1)
    assert doc.counts["claim"] == 0 and 1 not in doc.index
