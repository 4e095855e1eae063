"""Run by test_gui_stress.py in a child process: 300,000 text-cursor calls and signal emissions.

PySide6 6.12.0 on Python 3.11 aborts such a process (``Fatal Python error:
none_dealloc`` / ``bool_dealloc``) after a few tens of thousands of
``QTextCursor.setPosition`` calls or a few hundred thousand signal emissions,
a reference-count bug on ``None``/``True``. A day of annotating makes that
many calls, so the pin on PySide6 is only lifted when this passes.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000


class Emitter(QObject):
    """Signals shaped like the window's: (bool, str) and (object)."""

    saved = Signal(bool, str)
    changed = Signal(object)


def main() -> int:
    app = QApplication([])
    from annotator.gui.text.article_view import ArticleView
    from annotator.gui.text.document import OpenArticle
    from annotator.model import Article

    text = "💩 Moscow denies it, the envoy said. " * 200
    view = ArticleView()
    view.set_article(OpenArticle.load(Article(1, "x", "t", text), []))
    length = view.document().characterCount() - 1
    began = time.perf_counter()
    cursor = QTextCursor(view.document())
    for i in range(CALLS):
        cursor.setPosition(i % length)
        cursor.setPosition((i * 7) % length, QTextCursor.MoveMode.KeepAnchor)
        if i % 1000 == 0:
            view.setTextCursor(cursor)
            cursor.hasSelection()
    seen = [0]

    def on_saved(ok: bool, message: str) -> None:
        seen[0] += ok

    def on_changed(change: object) -> None:
        seen[0] += change is None

    emitter = Emitter()
    emitter.saved.connect(on_saved)
    emitter.changed.connect(on_changed)
    for _ in range(CALLS):
        emitter.saved.emit(True, "")
        emitter.changed.emit(None)
    app.processEvents()
    assert seen[0] == 2 * CALLS, seen
    print(f"{CALLS} cursor calls and {2 * CALLS} emissions in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
