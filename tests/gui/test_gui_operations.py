"""Operations: every edit is written at once, undo and redo write too, failures stay off the stack."""

from __future__ import annotations

import pytest
from gui_helpers import add_samples
from PySide6.QtGui import QUndoCommand

from annotator.gui.annotate import operations
from annotator.gui.annotate.operations import Operations
from annotator.model import Status
from annotator.store import Store


@pytest.fixture
def ops(qapp, file_store):
    add_samples(file_store)
    return Operations(file_store, "alice")


def _text(store, article_id):
    return store.article(article_id).text


def test_add_relabel_note_delete_with_undo_redo_all_persisted(ops, db_path):
    store = ops.store
    changes = []
    ops.spans_changed.connect(changes.append)
    text = _text(store, 1)
    span = ops.add_span(1, text, "claim", 0, 9)
    assert store.span(span.id).text == text[:9]
    ops.relabel(span, "denial")
    ops.set_note(store.span(span.id), "why")
    ops.delete(store.span(span.id))
    assert store.spans(1) == []
    ops.stack.undo()  # delete
    assert store.span(span.id).note == "why"
    ops.stack.undo()  # note
    assert store.span(span.id).note is None
    ops.stack.undo()  # relabel
    assert store.span(span.id).label == "claim"
    ops.stack.undo()  # add
    assert store.spans(1) == []
    for _ in range(4):
        ops.stack.redo()
    assert store.spans(1) == []
    ops.stack.undo()
    with Store(db_path) as other:  # another connection sees it: it is committed
        assert other.span(span.id).label == "denial"
    assert all(c.article_id == 1 for c in changes)
    assert all(ops.stack.command(i).id() == -1 for i in range(ops.stack.count()))  # id() not shadowed
    assert [bool(c.replay) for c in changes][:4] == [False] * 4


def test_a_refused_write_is_reported_and_not_pushed(ops):
    failures = []
    ops.failed.connect(failures.append)
    assert ops.add_span(1, _text(ops.store, 1), "no-such-label", 0, 5) is None
    assert ops.add_span(1, _text(ops.store, 1), "claim", 5, 5) is None
    assert ops.stack.count() == 0 and len(failures) == 2


def test_status_undo(ops):
    assert ops.set_status(2, Status.DONE) is Status.TODO
    assert ops.store.status(2, "alice") is Status.DONE
    ops.stack.undo()
    assert ops.store.status(2, "alice") is Status.TODO


def test_label_scheme_edits_are_undoable(ops):
    ops.add_label("hedge", "#123456", "5", "Softened claims.")
    ops.rename_label("claim", "assertion")
    ops.update_label("denial", color="#000000", key="9")
    ops.retire_label("demand")
    labels = {lab.name: lab for lab in ops.store.labels.all(include_retired=True)}
    assert labels["hedge"].key == "5" and labels["denial"].key == "9" and labels["demand"].retired
    assert "assertion" in labels
    for _ in range(4):
        ops.stack.undo()
    labels = {lab.name: lab for lab in ops.store.labels.all(include_retired=True)}
    assert "hedge" not in labels and "claim" in labels and labels["denial"].key == "2"
    assert not labels["demand"].retired


def test_no_command_has_an_id_attribute():
    # An attribute named `id` shadows QUndoCommand.id() and crashes the next push.
    for name in dir(operations):
        cls = getattr(operations, name)
        if isinstance(cls, type) and issubclass(cls, QUndoCommand) and cls is not QUndoCommand:
            assert "id" not in vars(cls)
    import inspect

    source = inspect.getsource(operations)
    assert "self.id " not in source and "self.id=" not in source


def test_undo_history_is_bounded(ops):
    assert ops.stack.undoLimit() == operations.UNDO_LIMIT
