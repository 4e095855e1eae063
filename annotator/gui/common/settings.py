"""What the window remembers between runs, in one INI file.

The file sits in the user's config directory (``$XDG_CONFIG_HOME/annotator``
on Linux), found through ``appdirs`` like the database's data directory, and
not through ``QSettings``' own default, which Qt resolves once per process
(tests point each run somewhere else).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import appdirs
from PySide6.QtCore import QByteArray, QSettings

from ...paths import APP_NAME
from .reading_place import ReadingPlace, decode_places, encode_places
from .theme import THEMES

__all__ = ["Settings", "default_settings_path"]

DEFAULT_POINT_SIZE = 13.0
DEFAULT_BACKUP_MINUTES = 10.0


def default_settings_path() -> Path:
    """``annotator.ini`` in the user's config directory."""
    return Path(appdirs.user_config_dir(APP_NAME, appauthor=False)) / "annotator.ini"


class Settings:
    """Typed access to the settings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: object, kind: type) -> object:
        value = self._q.value(key, default)
        try:
            if kind is bool and isinstance(value, str):
                return value.lower() in ("true", "1", "yes")
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    @property
    def annotator(self) -> str:
        return str(self._get("annotator", "", str))

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._q.setValue("annotator", name)

    @property
    def theme(self) -> str:
        theme = str(self._get("view/theme", "system", str))
        return theme if theme in THEMES else "system"

    @theme.setter
    def theme(self, theme: str) -> None:
        self._q.setValue("view/theme", theme)

    @property
    def point_size(self) -> float:
        size = float(self._get("view/point_size", DEFAULT_POINT_SIZE, float))  # type: ignore[arg-type]
        return min(max(size, 6.0), 48.0)

    @point_size.setter
    def point_size(self, size: float) -> None:
        self._q.setValue("view/point_size", float(size))

    @property
    def snap(self) -> bool:
        return bool(self._get("annotate/snap", True, bool))

    @snap.setter
    def snap(self, on: bool) -> None:
        self._q.setValue("annotate/snap", bool(on))

    @property
    def show_all(self) -> bool:
        return bool(self._get("view/show_all_annotators", False, bool))

    @show_all.setter
    def show_all(self, on: bool) -> None:
        self._q.setValue("view/show_all_annotators", bool(on))

    @property
    def label_names(self) -> bool:
        """Whether each span shows its label's name in a tag above it."""
        return bool(self._get("view/label_names", False, bool))

    @label_names.setter
    def label_names(self, on: bool) -> None:
        self._q.setValue("view/label_names", bool(on))

    def keys(self, action: str) -> list[str] | None:
        """The keys the annotator bound to ``action`` (portable text), or ``None`` for its defaults."""
        value = self._q.value(f"keys/{action}")
        if value is None:
            return None
        text = ", ".join(value) if isinstance(value, list) else str(value)  # QSettings splits at commas
        # One chord per key, joined by ", " (a key may be "Ctrl+," itself, never ", ").
        return [k.strip() for k in text.split(", ") if k.strip()] if text != "none" else []

    def set_keys(self, action: str, keys: list[str] | None) -> None:
        """Bind ``keys`` to ``action`` (``[]``: no key at all; ``None``: back to its defaults)."""
        if keys is None:
            self._q.remove(f"keys/{action}")
        else:
            # "none" rather than an empty value, which QSettings would read back as missing.
            self._q.setValue(f"keys/{action}", ", ".join(keys) if keys else "none")

    @property
    def last_database(self) -> Path | None:
        value = str(self._get("database", "", str))
        return Path(value) if value else None

    @last_database.setter
    def last_database(self, path: Path) -> None:
        self._q.setValue("database", str(path))

    def last_article(self, database: Path | None) -> int | None:
        """The article last open on ``database``, to start there next time."""
        value = self._q.value(_article_key(database))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, database: Path | None, article_id: int) -> None:
        self._q.setValue(_article_key(database), int(article_id))

    def places(self, database: Path | None) -> dict[int, ReadingPlace]:
        """Where each recently read article of ``database`` was left (caret, selection, scroll)."""
        return decode_places(str(self._q.value(_article_key(database, "places"), "") or ""))

    def set_places(self, database: Path | None, places: dict[int, ReadingPlace]) -> None:
        self._q.setValue(_article_key(database, "places"), encode_places(places))

    @property
    def backup_minutes(self) -> float:
        """Minutes between rolling backups while editing; 0 turns them off."""
        minutes = float(self._get("safety/backup_minutes", DEFAULT_BACKUP_MINUTES, float))  # type: ignore[arg-type]
        return max(minutes, 0.0)

    @backup_minutes.setter
    def backup_minutes(self, minutes: float) -> None:
        self._q.setValue("safety/backup_minutes", float(minutes))

    def blob(self, key: str) -> QByteArray | None:
        """Window geometry or splitter state saved by Qt."""
        value = self._q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        """Write to disk now."""
        self._q.sync()


def _article_key(database: Path | None, group: str = "last_article") -> str:
    # One entry per database file, named by a hash of its path (paths make poor INI keys).
    where = str(database.resolve()) if database is not None else ":memory:"
    return f"{group}/" + hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]
