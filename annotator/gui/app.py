"""Starting the window: application object, database, annotator name.

``run`` is what ``annotator`` (no command) calls; ``python -m annotator.gui.app
[--db PATH] [--annotator NAME]`` does the same for development. ``launch``
does everything but the event loop, so tests and benchmarks get a ready
window without blocking.

The database is, in order: the path given, the one opened last (File ▸ Open),
or the default file in the user's data directory. A default database that is
new and empty is filled with the sample articles so a first start has
something to annotate. A damaged database is named in a message, with the
offer to restore its newest backup (see :mod:`recovery`); a file from a newer
version is refused untouched.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ..paths import DB_ENV, default_db_path
from ..startup import open_store
from ..store import Store, StoreError
from .annotate.main_window import MainWindow, app_icon
from .common.dialogs import AnnotatorDialog
from .common.settings import Settings
from .common.theme import apply_theme
from .safekeeping.recovery import recover

__all__ = ["NO_NAME", "application", "database_path", "explain", "launch", "main", "open_database", "run"]


def application() -> QApplication:
    """The one ``QApplication``, created and styled on first call."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("annotator")
        QCoreApplication.setApplicationName("annotator")
        app = QApplication(sys.argv[:1])
        app.setDesktopFileName("annotator")
    assert isinstance(app, QApplication)
    app.setWindowIcon(app_icon())
    return app


def database_path(db_path: Path | None, settings: Settings) -> Path:
    """The file the window opens: the one given, the one opened last, or the default."""
    if db_path is not None:
        return db_path
    last = settings.last_database
    return last if last is not None and last.exists() else default_db_path()


def open_database(db_path: Path | None, settings: Settings) -> Store:
    """Open the chosen database; a fresh default one gets the sample articles."""
    if db_path is None and settings.last_database is not None and settings.last_database.exists():
        db_path = settings.last_database
    return open_store(db_path)


NO_NAME = (
    "The window did not open: it saves every span under your name, and no name was given. "
    "Start annotator again and type your name or initials, or start it with: annotator --annotator NAME"
)


def _annotator(store: Store, settings: Settings, name: str | None) -> str | None:
    name = (name or settings.annotator).strip()
    if not name:
        try:
            known = store.annotators()
        except sqlite3.DatabaseError:  # a damaged page: the window's reads report it and offer a backup
            known = []
        name = AnnotatorDialog.ask(known) or ""
        if not name:  # cancelled: say why nothing opens, rather than vanish
            explain(NO_NAME)
            return None
    settings.annotator = name
    return name


def explain(text: str) -> None:
    """Why the window is not opening: in a message box (started from a menu) and on standard error."""
    print(f"annotator: {text}", file=sys.stderr)
    QMessageBox.information(None, "annotator", text)


def launch(
    db_path: Path | None = None, annotator: str | None = None, settings: Settings | None = None
) -> MainWindow | None:
    """A shown window, or ``None`` if the database could not be opened or no name was given."""
    app = application()
    settings = settings or Settings()
    apply_theme(app, settings.theme)
    try:
        store = open_database(db_path, settings)
    except StoreError as exc:
        path = database_path(db_path, settings)
        restored = recover(path, exc, None)
        if restored is None:
            print(
                f"annotator: the window did not open: {path} could not be opened ({exc}); it was left as it is",
                file=sys.stderr,
            )
            return None
        store = restored
    name = _annotator(store, settings, annotator)
    if name is None:
        store.close()
        return None
    window = MainWindow(store, settings, name)
    window.show()
    return window


def run(db_path: Path | None = None, annotator: str | None = None) -> int:
    """Open the window and run until it is closed; the exit status."""
    app = application()
    window = launch(db_path, annotator)
    if window is None:
        return 1
    try:
        return app.exec()
    finally:
        window.store.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m annotator.gui.app``."""
    parser = argparse.ArgumentParser(prog="python -m annotator.gui.app", description=__doc__.split("\n")[0])
    env = os.environ.get(DB_ENV)
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(env) if env else None,
        help=f"database file, created if missing (default: ${DB_ENV} or the one in your data folder)",
    )
    parser.add_argument("--annotator", help="annotator name (asked on first start otherwise)")
    args = parser.parse_args(argv)
    from .window_check import window_problem

    problem = window_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    return run(args.db, args.annotator)


if __name__ == "__main__":
    sys.exit(main())
