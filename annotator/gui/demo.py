"""A demonstration window: the sample articles with a few spans, for screenshots.

``python -m annotator.gui.demo OUT.png [light|dark] [window|review|agreement]`` builds a
throw-away database from the sample articles, tags some passages (nested and overlapping spans
included) through the window's own gestures, and saves ``QWidget.grab()`` of it. The
screenshot test uses the same function, so the picture in the docs is the
window the tests check. ``review`` and ``agreement`` show three annotators who
disagree (:mod:`demo_review`) in the review view and the agreement report.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ..importers import import_paths
from ..model import Status
from ..paths import sample_articles_dir
from ..store import Store
from .main_window import MainWindow
from .settings import Settings
from .theme import apply_theme

__all__ = ["DEMO_SPANS", "demo_window", "main"]

# (label, passage) in the AP sample article; nested and overlapping on purpose.
DEMO_SPANS = (
    ("claim", "Moscow would seek Western guarantees that would preclude any further NATO expansion"),
    ("evidence", "Russian diplomats countered them Wednesday by expressing concern about Ukraine’s military buildup"),
    ("demand", "Russia will seek “strong, reliable and long-term guarantees of its security"),
    ("demand", "we will insist on working out specific agreements that would exclude any further NATO moves"),
    ("claim", "exclude any further NATO moves eastward and the deployment of weapons systems that threaten us"),
    ("evidence", "weapons systems"),
    ("denial", "The Kremlin has insisted it has no such intention"),
    ("claim", "Putin’s statement came amid Ukrainian and Western worries about an alleged plan by Moscow"),
)


def fill_store(store: Store) -> None:
    """The sample articles, imported as a user would."""
    import_paths(store, [sample_articles_dir()])


def demo_window(store: Store, settings: Settings, annotator: str = "demo") -> MainWindow:
    """A shown window on ``store`` with :data:`DEMO_SPANS` tagged on the AP article."""
    window = MainWindow(store, settings, annotator)
    window.resize(1360, 820)
    window.show()
    rows = [window.articles.model.row(r) for r in range(window.articles.model.rowCount())]
    target = next((r.id for r in rows if "guarantees against" in r.title or "seek Western" in r.title),
                  rows[0].id if rows else None)
    window.open_article(target)
    doc = window.doc
    if doc is not None:
        for label, passage in DEMO_SPANS:
            at = doc.text.find(passage)
            if at >= 0:
                window.view.select16(*doc.to_utf16(at, at + len(passage)))
                window.apply_label(label)
        nested = next((s for s in doc.spans.values() if s.text == "weapons systems"), None)
        if nested is not None:
            window.ops.set_note(nested, "evidence nested in a claim")
        first = min(doc.spans.values(), key=lambda s: s.start)
        window.choose_span(first.id)
        window.view.verticalScrollBar().setValue(0)
    if len(rows) > 1:
        window.ops.set_status(rows[-1].id, Status.DONE)
    QApplication.processEvents()
    return window


def _shown(store: Store, settings: Settings, mode: str) -> QWidget:
    """The window a mode shows, on a filled store."""
    if mode == "window":
        return demo_window(store, settings)
    from .demo_review import agreement_demo, review_demo

    _main, shown = review_demo(store, settings) if mode == "review" else agreement_demo(store, settings)
    return shown


def main(argv: list[str] | None = None) -> int:
    """Save a screenshot of the demonstration window to the path given."""
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs/screenshot-window.png")
    theme = argv[1] if len(argv) > 1 else "light"
    mode = argv[2] if len(argv) > 2 else "window"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(Path(tmp) / "settings.ini")
        settings.theme = theme
        store = Store(Path(tmp) / "demo.db")
        fill_store(store)
        window = _shown(store, settings, mode)
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        window.close()
        store.close()
    print(f"saved {out}" if ok else f"could not save {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
