"""Undo acts only on the row it made: two windows, and a second process, on one file.

SQLite hands a deleted highest id to the next row unless the table says
AUTOINCREMENT, so an undo step that names a span by id alone could delete or
relabel the span another window has just made. Each test makes that happen
for real and checks that the other window's work survives and that the
person is told why nothing was undone.
"""

from __future__ import annotations

import subprocess
import sys

from gui_helpers import click_at, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from annotator.gui.common.settings import Settings
from annotator.gui.review.operations import ReviewOperations
from annotator.store import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.setFocus()


def _tag_sentence(window, nth: int, key=Qt.Key.Key_1) -> None:
    for _ in range(nth):
        QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, key)


def _only_span(window):
    (span,) = window.doc.spans.values()
    return span


def _in_file(path, article_id=1):
    with Store(path) as fresh:
        return fresh.spans(article_id)


def test_undo_in_one_window_leaves_the_span_another_window_made(qtbot, sample_store, settings, tmp_path):
    a = open_window(qtbot, sample_store, settings)
    _tag_sentence(a, 1)  # A tags the first sentence
    made_by_a = _only_span(a)

    b_store = Store(sample_store.path)
    b = open_window(qtbot, b_store, Settings(tmp_path / "b.ini"))
    doc = b.doc
    click_at(qtbot, b.view, doc.to_utf16(made_by_a.start, made_by_a.end)[0] + 1)
    QTest.keyClick(b.view, Qt.Key.Key_Delete)  # B deletes A's span ...
    assert _in_file(sample_store.path) == []
    _tag_sentence(b, 2, Qt.Key.Key_2)  # ... and tags another: the highest id is free again
    (made_by_b,) = _in_file(sample_store.path)
    assert made_by_b.id != made_by_a.id  # never handed out twice

    _activate(qtbot, a)
    QTest.keyClick(a.view, Qt.Key.Key_Z, CTRL)  # A undoes its tag
    assert _in_file(sample_store.path) == [made_by_b]  # B's span is untouched
    said = a.statusBar().currentMessage()
    assert "not undone" in said and "deleted in another window" in said, said
    assert list(a.doc.spans.values()) == [made_by_b]  # and A now shows the file as it is
    b_store.close()


CHILD = """
import sys
from annotator.store import Store
store = Store(sys.argv[1])
span = store.span(int(sys.argv[2]))
if sys.argv[3] == "replace":
    store.delete_span(span.id)
    print(store.add_span(span.article_id, "bob", "claim", span.start, span.end).id)
else:
    store.relabel_span(span.id, "demand")
    print(span.id)
store.close()
"""


def _second_process(path, span_id: int, what: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(span_id), what], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def _tag_and_relabel(qtbot, window):
    _tag_sentence(window, 1)
    span = _only_span(window)
    click_at(qtbot, window.view, window.doc.to_utf16(span.start, span.end)[0] + 1)
    QTest.keyClick(window.view, Qt.Key.Key_2)  # relabel as denial
    (relabelled,) = _in_file(window.store.path)
    assert relabelled.label == "denial"
    return relabelled


def test_undoing_a_relabel_never_relabels_another_annotators_span(qtbot, window):
    mine = _tag_and_relabel(qtbot, window)
    bobs = _second_process(window.store.path, mine.id, "replace")  # alice's span gone, bob's made
    assert bobs != mine.id
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo the relabel
    (left,) = _in_file(window.store.path)
    assert (left.annotator, left.label, left.id) == ("bob", "claim", bobs)
    assert "not undone" in window.statusBar().currentMessage()


def test_undo_refuses_a_span_changed_elsewhere_and_says_how(qtbot, window):
    mine = _tag_and_relabel(qtbot, window)
    _second_process(window.store.path, mine.id, "relabel")  # another process relabels it to demand
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    (left,) = _in_file(window.store.path)
    assert left.label == "demand"  # the later change stands
    said = window.statusBar().currentMessage()
    assert "changed in another window" in said and "demand" in said, said
    qtbot.waitUntil(lambda: window.ops.stack.count() == 0)  # the history no longer matches the file


def test_undo_of_a_status_does_not_overwrite_a_newer_one(qtbot, window):
    from annotator.model import Status

    window.ops.set_status(window.doc.id, Status.SKIPPED)
    with Store(window.store.path) as other:
        other.set_status(window.doc.id, "alice", Status.DONE)
    window.ops.stack.undo()
    with Store(window.store.path) as fresh:
        assert fresh.status(window.doc.id, "alice") is Status.DONE


def test_review_undo_leaves_a_decision_another_reviewer_took_back(qtbot, sample_store):
    sample_store.add_span(1, "alice", "claim", 0, 10)
    sample_store.add_span(1, "bob", "claim", 0, 10)
    windows = QWidget(), QWidget()  # the two review windows the operations belong to
    for w in windows:
        qtbot.addWidget(w)
    first = ReviewOperations(sample_store, "rita", windows[0])
    other_store = Store(sample_store.path)
    second = ReviewOperations(other_store, "sam", windows[1])
    decision = first.accept(sample_store.spans(1, ["alice"])[0])
    gold = decision.gold_span
    assert second.withdraw(other_store.span(gold.id))  # the other reviewer withdraws it ...
    again = second.accept(other_store.spans(1, ["bob"])[0])  # ... and takes bob's into gold
    refused = []
    first.failed.connect(refused.append)
    first.stack.undo()  # rita's undo must not remove sam's decision or gold span
    with Store(sample_store.path) as fresh:
        assert [s.id for s in fresh.spans(1, ["gold"])] == [again.gold_span.id]
    assert refused and "not undone" in refused[0]
    other_store.close()


def test_undoing_a_label_change_keeps_a_newer_change_from_another_window(qtbot, window):
    window.ops.update_label("claim", color="#112233")
    with Store(window.store.path) as other:
        other.labels.update("claim", color="#445566")
    window.ops.stack.undo()
    with Store(window.store.path) as fresh:
        assert fresh.labels.get("claim").color == "#445566"


def test_undoing_a_tag_that_another_process_had_already_saved_leaves_it(qtbot, window):
    text = window.doc.text
    _second_process_import(window.store.path, text)  # alice's identical span arrives from an import
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)  # the first sentence, then tag it as the import did
    start, _ = window.doc.to_cp(*window.view.selection16())
    assert _in_file(window.store.path)[0].start == start
    QTest.keyClick(window.view, Qt.Key.Key_1)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert len(_in_file(window.store.path)) == 1  # the imported span stays


def _second_process_import(path, text):
    import json

    from annotator.gui.text import selection

    start, end = selection.next_sentence(text, 0, 0)
    start, end = selection.snap(text, start, end) or (start, end)
    record = path.parent / "alice.jsonl"
    record.write_text(json.dumps({"text": text, "label": [[start, end, "claim"]]}) + "\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(path), "import", str(record), "--annotator", "alice"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "1 span" in done.stdout, done.stdout + done.stderr


def test_label_scheme_undos_never_touch_what_another_process_changed(qtbot, window):
    def cli(*args):
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(window.store.path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr

    window.ops.add_label("foo")
    cli("labels", "set", "foo", "--color", "#AA0000", "--guideline", "set by the CLI")
    window.ops.stack.undo()  # would delete foo and the CLI's edits
    with Store(window.store.path) as fresh:
        assert fresh.labels.get("foo").guideline == "set by the CLI"
    qtbot.waitUntil(lambda: window.ops.stack.count() == 0)

    window.ops.rename_label("evidence", "proof")
    cli("labels", "rename", "proof", "source")
    cli("labels", "add", "proof", "--guideline", "the CLI's own new label")
    window.ops.stack.undo()  # would rename the CLI's new proof to evidence
    with Store(window.store.path) as fresh:
        assert fresh.labels.get("proof").guideline == "the CLI's own new label"
        assert "source" in [lab.name for lab in fresh.labels.all()]


def test_undoing_a_retirement_gives_the_key_back(qtbot, window):
    window.ops.retire_label("demand")
    window.ops.stack.undo()
    with Store(window.store.path) as fresh:
        demand = fresh.labels.get("demand")
    assert (demand.retired, demand.key) == (False, "3")


def test_a_label_id_is_never_handed_to_another_label(qtbot, window):
    with Store(window.store.path) as other:
        foo = other.labels.add("foo", key="5")
        other.labels.delete("foo")
        assert other.labels.add("bar").id != foo.id


def test_undoing_accept_all_agreed_is_all_or_nothing(qtbot, sample_store):
    for who in ("alice", "bob"):
        for start in (0, 20, 40):
            sample_store.add_span(1, who, "claim", start, start + 9)
    windows = QWidget(), QWidget()
    for w in windows:
        qtbot.addWidget(w)
    first = ReviewOperations(sample_store, "rita", windows[0])
    other_store = Store(sample_store.path)
    second = ReviewOperations(other_store, "sam", windows[1])
    made = first.accept_agreed(1, ["alice", "bob"])
    assert len(made) == 3
    assert second.withdraw(other_store.span(made[0].gold_span.id))
    refused = []
    first.failed.connect(refused.append)
    first.stack.undo()
    with Store(sample_store.path) as fresh:
        assert len(fresh.spans(1, ["gold"])) == 2  # nothing of the step was undone, as the message says
    assert refused and "nothing was changed" in refused[0]
    other_store.close()
