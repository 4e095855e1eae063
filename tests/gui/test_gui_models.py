"""Item models: rows change one at a time, sorted inserts stay sorted in both orders."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from annotator.gui.annotate.models import ArticleListModel, SpanListModel
from annotator.model import ArticleRow, Span, Status


def _span(i: int, start: int, label: str, note: str | None = None) -> Span:
    return Span(i, 1, start, start + 5, label, "alice", f"text{i}", note)


def _rows(model: SpanListModel) -> list[Span]:
    return [model.span(r) for r in range(model.rowCount())]


def test_span_list_inserts_and_removes_in_sorted_place(qapp):
    model = SpanListModel()
    rng = random.Random(5)
    spans = [_span(i, rng.randrange(1000), rng.choice("abcd")) for i in range(1, 200)]
    model.set_spans(spans[:50])
    for s in spans[50:]:
        model.add(s)
    assert [s.start for s in _rows(model)] == sorted(s.start for s in spans)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    got = _rows(model)
    assert [(s.label, s.start) for s in got] == sorted(((s.label, s.start) for s in spans), reverse=True)
    for s in spans[:100]:
        model.remove(s.id)
    model.add(_span(500, 3, "z"))
    assert model.span(0).label == "z"  # descending by label: "z" first
    assert model.row_of(500) == 0 and model.rowCount() == 100
    model.sort(3, Qt.SortOrder.AscendingOrder)
    model.add(_span(501, 9, "a", "a note"))
    assert model.span(model.rowCount() - 1).id == 501  # notes after the empty ones
    assert model.data(model.index(model.row_of(501), 3)) == "a note"


def test_article_list_updates_one_row(qapp):
    model = ArticleListModel()
    model.set_rows([ArticleRow(i, f"t{i}", "src", Status.TODO, 0, 100) for i in range(1, 10_001)])
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    row = model.update(5000, span_delta=2)
    assert row.span_count == 2 and changed == [(4999, 4999)]
    model.update(5000, status=Status.DONE, span_delta=-5)
    assert model.row(4999).span_count == 0 and model.row(4999).status is Status.DONE
    assert model.update(99_999, span_delta=1) is None
    assert model.data(model.index(4999, 2)) == "done"
