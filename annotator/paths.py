"""Where the application's own files live: data directory, samples, resources."""

from __future__ import annotations

from pathlib import Path

import appdirs

__all__ = ["APP_NAME", "DB_ENV", "default_db_path", "resources_dir", "sample_articles_dir"]

APP_NAME = "annotator"
DB_ENV = "ANNOTATOR_DB"
_PACKAGE = Path(__file__).resolve().parent


def default_db_path() -> Path:
    """``annotations.db`` in the user's data directory (``--db`` or ``$ANNOTATOR_DB`` choose another)."""
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False)) / "annotations.db"


def _bundled(name: str) -> Path:
    # A wheel carries the folder inside the package; a source checkout has it beside.
    inside = _PACKAGE / "_data" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def sample_articles_dir() -> Path:
    """The five sample news articles shipped with the application."""
    return _bundled("sample_articles")


def resources_dir() -> Path:
    """Icons, stylesheets and the desktop entry."""
    return _bundled("resources")
