"""Review ▸ Agreement report: figures per label and pair, heat maps, a sortable article table, JSON export."""

from __future__ import annotations

import json
import math

from gui_helpers import open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from annotator.agreement.corpus import store_report
from annotator.gui.agreement.models import fmt
from annotator.gui.screenshots.review_demo import annotate_demo
from annotator.model import Status

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _snapshot(store) -> tuple:
    return (sorted((s.id, s.label, s.start, s.end, s.annotator) for s in store.spans()), store.annotators())


def _click_header(view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, header.height() // 2)
    )


def test_agreement_window_end_to_end(qtbot, sample_store, settings, tmp_path, monkeypatch):
    annotate_demo(sample_store)
    first = sample_store.article_ids()[0]
    sample_store.set_status(first, "carol", Status.IN_PROGRESS)  # carol has not finished the AP article
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    before = _snapshot(sample_store)
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL_SHIFT)
    report_window = window.agreement_window
    assert report_window is not None and report_window.isVisible()
    report = report_window.report
    assert report is not None and report.annotators == ("alice", "bob", "carol")
    # The AP article counts for alice and bob, who finished it: compared without carol, and said so.
    assert len(report.articles) == 5
    assert [o.article_id for o in report.selection.partial] == [first]
    assert report.selection.partial[0].reason.startswith("not finished by carol (in progress")
    assert "without someone" in report_window.summary.text()
    assert report.selection.partial[0].describe() in report_window.method.toPlainText()
    expected = store_report(sample_store, ["alice", "bob", "carol"])
    table = report_window.corpus_model.table
    assert table.rows[0][0] == "(all labels)"
    alpha = report_window.corpus_model.index(0, table.header.index("Kripp. α")).data()
    assert alpha == fmt(expected.corpus.tokens.krippendorff_alpha)
    wanted = {"Fleiss κ", "Gwet AC1", "α_U", "Cohen κ alice/bob", "Cohen κ bob/carol", "F1 strict", "F1 lenient"}
    assert wanted <= set(table.header)
    assert report.method in report_window.method.toPlainText().replace("\n\n", "\n")

    maps = report_window.heatmaps
    assert [(m.first, m.second) for m in maps] == [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    claim = maps[0].names.index("claim")
    count = expected.confusion[("alice", "bob")].counts[claim][claim]
    assert f"{count:,} tokens" in maps[0].tooltip(claim, claim)
    image = maps[0].grab().toImage()
    centre = maps[0].cell_rect(claim, claim).center()
    assert image.pixelColor(centre.x() - 12, centre.y() - 12).blue() > 120  # agreement cells are blue

    # Untick "finished only": all five articles, each with everyone; the article table sorts by any column.
    report_window.finished_only.setChecked(False)
    QTest.mouseClick(report_window.compute_button, Qt.MouseButton.LeftButton)
    assert len(report_window.report.articles) == 5 and not report_window.report.selection.partial
    report_window.tabs.setCurrentIndex(1)
    view, proxy = report_window.article_view, report_window.article_proxy
    column = report_window.article_model.table.header.index("F1 strict")
    _click_header(view, column)
    _click_header(view, column)
    values = [
        report_window.article_model.table.rows[proxy.mapToSource(proxy.index(r, 0)).row()][column]
        for r in range(proxy.rowCount())
    ]
    defined = [v for v in values if not math.isnan(v)]
    assert defined == sorted(defined) or defined == sorted(defined, reverse=True)
    assert sorted(defined) == sorted(
        a.figures.score("f1_strict")
        for a in report_window.report.articles
        if not math.isnan(a.figures.score("f1_strict"))
    )

    # Export the report as JSON.
    out = tmp_path / "agreement.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    QTest.mouseClick(report_window.export_button, Qt.MouseButton.LeftButton)
    data = json.loads(out.read_text("utf-8"))
    assert data["annotators"] == ["alice", "bob", "carol"] and len(data["articles"]) == 5
    assert data == json.loads(json.dumps(report_window.report.to_dict()))

    # Two annotators only; one is not enough and says so.
    report_window.set_chosen(["alice", "bob"])
    assert report_window.compute() and report_window.report.annotators == ("alice", "bob")
    assert len(report_window.heatmaps) == 1
    report_window.set_chosen(["alice"])
    assert not report_window.compute() and "two or more" in report_window.note.text()

    # Double-click the worst article: it opens in the review view.
    report_window.set_chosen(["alice", "bob"])
    report_window.compute()
    index = proxy.index(0, 0)
    article_id = proxy.data(index, Qt.ItemDataRole.UserRole + 2)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    review = window.review_window
    assert review is not None and review.isVisible() and review.article_id == article_id
    assert review.chosen == ["alice", "bob"]  # the annotators of the report
    assert _snapshot(sample_store) == before  # a report changes nothing in the database
    review.close()
    report_window.close()
    window.close()
