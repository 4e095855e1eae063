"""The label scheme of a database: add, rename, recolour, re-key, retire, and files.

Spans point at a label's id, so renaming a label carries every span along, and
retiring one hides it from the tag panel without touching anyone's spans. A
scheme file is JSON: ``{"labels": [{"name", "color", "key", "guideline",
"retired"}]}``, in panel order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import connection
from .command_keys import label_key_refusal
from .errors import ChangedElsewhereError
from .files import write_text_atomic
from .model import Label
from .words import plural

if TYPE_CHECKING:
    from .store import Store

__all__ = ["LabelScheme", "SchemeError"]

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLORS = ("#0072B2", "#D55E00", "#F0E442", "#999999", "#882255", "#44AA99")


class SchemeError(ValueError):
    """A change to the scheme that would leave it inconsistent."""


class LabelScheme:
    """The labels of one store; each change is one committed transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids: dict[str, int] = {}

    def forget(self) -> None:
        """Drop cached ids (after a rollback or an outside change)."""
        self._ids.clear()

    def all(self, *, include_retired: bool = False) -> list[Label]:
        """Labels in panel order."""
        sql = "SELECT id, name, color, key, guideline, retired, position FROM labels"
        if not include_retired:
            sql += " WHERE retired = 0"
        rows = self._store.conn.execute(sql + " ORDER BY position, id")
        return [Label(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]

    def get(self, name: str) -> Label:
        """One label by name, retired or not."""
        for label in self.all(include_retired=True):
            if label.name == name:
                return label
        raise SchemeError(f"no label named {name!r}")

    def id_of(self, name: str, *, create: bool = False) -> int:
        """Id of label ``name``; importers may create labels they bring.

        Only imports (``create``) use the cache, which each import starts afresh: an edit always asks
        the file, where another window may have renamed or removed the label since.
        """
        if create and name in self._ids:
            return self._ids[name]
        row = self._store.conn.execute("SELECT id FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise SchemeError(f"no label named {name!r}; add it to the scheme first")
            return self.add(name).id
        self._ids[name] = int(row[0])
        return int(row[0])

    def add(self, name: str, color: str | None = None, key: str = "", guideline: str = "") -> Label:
        """A new label at the end of the panel."""
        name = _check_name(name)
        labels = self.all(include_retired=True)
        if any(lab.name == name for lab in labels):
            raise SchemeError(f"there is already a label named {name!r}")
        color = _check_color(color or _FALLBACK_COLORS[len(labels) % len(_FALLBACK_COLORS)])
        self._check_key(key, None)
        position = max((lab.position for lab in labels), default=-1) + 1
        with self._store.write() as conn:
            cur = conn.execute(
                "INSERT INTO labels (name, color, key, guideline, position) VALUES (?, ?, ?, ?, ?)",
                (name, color, key, guideline, position),
            )
        self._ids[name] = connection.inserted_id(cur)
        return self.get(name)

    def expect(self, name: str, expected: Label | None) -> Label:
        """Label ``name``, refused unless it is still ``expected`` (an undo step's view): same id and values."""
        try:
            label = self.get(name)
        except SchemeError:
            if expected is None:
                raise
            label = None
        if expected is not None and label != expected:
            raise ChangedElsewhereError(
                f"nothing was changed: label {name!r} was changed, renamed or removed"
                " in another window or by another command"
            )
        assert label is not None
        return label

    def rename(self, old: str, new: str, *, expected: Label | None = None) -> Label:
        """Rename; spans follow because they refer to the id."""
        label, new = self.expect(old, expected), _check_name(new)
        if new != old and any(lab.name == new for lab in self.all(include_retired=True)):
            raise SchemeError(f"there is already a label named {new!r}")
        self._update(label.id, name=new)
        self._ids.pop(old, None)
        return self.get(new)

    def update(
        self,
        name: str,
        *,
        color: str | None = None,
        key: str | None = None,
        guideline: str | None = None,
        expected: Label | None = None,
    ) -> Label:
        """Recolour, re-key or re-describe a label.

        With ``expected`` (an undo step's view), refused unless the label still looks like that.
        """
        label = self.expect(name, expected)
        changes: dict[str, Any] = {}
        if color is not None:
            changes["color"] = _check_color(color)
        if key is not None:
            self._check_key(key, label.id)
            changes["key"] = key
        if guideline is not None:
            changes["guideline"] = guideline
        self._update(label.id, **changes)
        return self.get(name)

    def retire(
        self, name: str, retired: bool = True, *, key: str | None = None, expected: Label | None = None
    ) -> Label:
        """Hide a label from the panel (or bring it back, with ``key`` if it had one); spans keep it."""
        label = self.expect(name, expected)
        if retired or key is None:
            key = "" if retired else label.key
        else:
            self._check_key(key, label.id)
        self._update(label.id, retired=int(retired), key=key)
        return self.get(name)

    def delete(self, name: str, *, expected: Label | None = None) -> None:
        """Remove a label that no span uses; a used label can only be retired."""
        label = self.expect(name, expected)
        used = self._store.conn.execute("SELECT count(*) FROM spans WHERE label_id = ?", (label.id,)).fetchone()[0]
        if used:
            raise SchemeError(
                f"label {name!r} is used by {plural(used, 'span')}; retire it instead (spans are never deleted)"
            )
        with self._store.write() as conn:
            conn.execute("DELETE FROM labels WHERE id = ?", (label.id,))
        self._ids.pop(name, None)

    def move(self, name: str, position: int) -> None:
        """Put a label at ``position`` in panel order."""
        names = [lab.name for lab in self.all(include_retired=True)]
        names.remove(self.get(name).name)
        names.insert(position, name)
        with self._store.write() as conn:
            conn.executemany("UPDATE labels SET position = ? WHERE name = ?", list(enumerate(names)))

    def _update(self, label_id: int, **changes: Any) -> None:
        if not changes:
            return
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._store.write() as conn:
            conn.execute(f"UPDATE labels SET {assignments} WHERE id = ?", (*changes.values(), label_id))

    def _check_key(self, key: str, label_id: int | None) -> None:
        if len(key) > 1:
            raise SchemeError(f"a label key is one character, not {key!r}")
        why = label_key_refusal(key)  # a window command's default key: neither would fire
        if why is not None:
            raise SchemeError(why)
        if key and any(lab.key == key and lab.id != label_id for lab in self.all()):
            raise SchemeError(f"key {key!r} is already used by another label")

    # -- files ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The scheme as a file holds it."""
        return {
            "labels": [
                {
                    "name": lab.name,
                    "color": lab.color,
                    "key": lab.key,
                    "guideline": lab.guideline,
                    "retired": lab.retired,
                }
                for lab in self.all(include_retired=True)
            ]
        }

    def save(self, path: str | Path) -> None:
        """Write the scheme to a JSON file."""
        try:
            write_text_atomic(Path(path), json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise SchemeError(f"{path}: cannot be written ({exc.strerror or exc})") from exc

    def load(self, path: str | Path) -> list[Label]:
        """Merge a scheme file in: new labels are added, known ones take its colour, key and guideline.

        A field the file leaves out leaves the label's value as it is.
        """
        try:
            data = json.loads(Path(path).read_text("utf-8-sig"))
        except OSError as exc:
            raise SchemeError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        except ValueError as exc:
            raise SchemeError(f"{path}: not a label scheme file ({exc})") from exc
        except RecursionError as exc:
            raise SchemeError(f"{path}: not a label scheme file (nested too deeply to read)") from exc
        entries = data.get("labels") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise SchemeError(f'{path}: not a label scheme file (expected {{"labels": [...]}})')
        for entry in entries:
            _check_entry(entry, path)
        try:
            with self._store.write():
                for entry in entries:
                    name = _check_name(entry["name"])
                    known = {lab.name for lab in self.all(include_retired=True)}
                    if name not in known:
                        self.add(name, entry.get("color"), "", entry.get("guideline", ""))
                    # Keys are set after all labels exist, so that a file may swap them.
                    if "key" in entry:
                        self._update(self.get(name).id, key="")
                for entry in entries:
                    name = entry["name"].strip()
                    self.update(name, color=entry.get("color"), guideline=entry.get("guideline"))
                    retired = entry.get("retired", self.get(name).retired)
                    self.retire(name, retired)
                    if "key" in entry and not retired:
                        self.update(name, key=entry["key"])
        except SchemeError as exc:
            raise SchemeError(f"{path}: {exc}") from exc
        return self.all(include_retired=True)


def _check_entry(entry: Any, path: str | Path) -> None:
    """One label of a scheme file: a name, and fields of the right kinds."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise SchemeError(f"{path}: every label needs a name: {entry!r}")
    for field in ("color", "key", "guideline"):
        if field in entry and not isinstance(entry[field], str):
            raise SchemeError(f"{path}: label {entry['name']!r}: {field} must be a string, not {entry[field]!r}")
    if "retired" in entry and not isinstance(entry["retired"], bool):
        raise SchemeError(f"{path}: label {entry['name']!r}: retired must be true or false")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or any(ch in name for ch in "\t\n\r"):
        raise SchemeError(f"a label name must be non-empty and on one line, not {name!r}")
    return name


def _check_color(color: str) -> str:
    if not _COLOR.match(color):
        raise SchemeError(f"a colour is written #RRGGBB, not {color!r}")
    return color.upper()
