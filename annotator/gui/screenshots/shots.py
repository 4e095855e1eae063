"""The screenshots in the README, re-made by one command; nothing here is used by the running application.

``python -m annotator.gui.screenshots --out docs/`` builds a throw-away database from
the sample articles, tags some passages (nested and overlapping spans
included) through the window's own gestures, and saves ``QWidget.grab()`` of
the annotation window, the review view and the agreement report as
``screenshot-window.png``, ``screenshot-review.png`` and
``screenshot-agreement.png`` (``--only`` one of them, ``--theme dark``).
Without a display it draws on Qt's offscreen platform with a 1920x1200
screen, so the pictures come out the same on any machine with the fonts.
The screenshot tests use the same functions, so the pictures in the docs are
the windows the tests check. ``review`` and ``agreement`` show three
annotators who disagree (:mod:`demo_review`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ...importers import import_paths
from ...model import Status
from ...paths import sample_articles_dir
from ...store import Store
from ..annotate.main_window import MainWindow
from ..common.settings import Settings
from ..common.theme import apply_theme

__all__ = ["DEMO_SPANS", "SHOTS", "demo_window", "fill_store", "main", "save_screenshot"]

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
    target = next(
        (r.id for r in rows if "guarantees against" in r.title or "seek Western" in r.title),
        rows[0].id if rows else None,
    )
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
    from .review_demo import agreement_demo, review_demo

    _main, shown = review_demo(store, settings) if mode == "review" else agreement_demo(store, settings)
    return shown


SHOTS = {"window": "screenshot-window.png", "review": "screenshot-review.png", "agreement": "screenshot-agreement.png"}


def save_screenshot(app: QApplication, mode: str, theme: str, out: Path) -> bool:
    """One screenshot of a fresh demonstration database, saved to ``out``."""
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
        for top in QApplication.topLevelWidgets():
            top.close()
        store.close()
    return ok


def _application(screen_dir: Path) -> QApplication:
    """The application; offscreen on a 1920x1200 screen unless a platform was chosen."""
    if "QT_QPA_PLATFORM" not in os.environ:
        config = screen_dir / "screen.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "demo",
                            "x": 0,
                            "y": 0,
                            "width": 1920,
                            "height": 1200,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def main(argv: list[str] | None = None) -> int:
    """Save the README's screenshots (all, or ``--only`` one) into ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m annotator.gui.screenshots", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs"), help="folder for the PNG files (default: docs)")
    parser.add_argument("--only", choices=list(SHOTS), help="just this screenshot")
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    args = parser.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        app = _application(Path(tmp))
        for mode in [args.only] if args.only else list(SHOTS):
            out = args.out / SHOTS[mode]
            ok = save_screenshot(app, mode, args.theme, out)
            print(f"saved {out}" if ok else f"could not save {out}")
            failed += not ok
    return 1 if failed else 0
