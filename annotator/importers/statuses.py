"""Who finished what, as an imported record says it: doccano, Label Studio and our own exports.

- doccano's ``is_confirmed: true``: done, for the record's owner.
- Label Studio: each annotation marks the article for its annotator, done
  when completed and skipped when ``was_cancelled``. Our own Label Studio
  export has no user ids: it names the annotators in ``data.annotators`` (in
  the order of ``annotations``) and gives every exported annotator's status
  in ``data.statuses``, which then counts as given (an annotation of someone
  still in progress is not a finished one; someone who finished without a
  span has an annotation with an empty ``result``, for Label Studio).
- Our JSON Lines export: ``statuses: {annotator: status}``, todo left out.

Owners as for spans: ``owner`` (``--annotator``, or the record's
``annotator``) takes every status. One person given several keeps the
furthest on: done, then skipped, then in progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Status

__all__ = ["Found", "person", "record_statuses", "studio_names", "studio_user"]

_RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.SKIPPED: 2, Status.DONE: 3}
_KNOWN = ", ".join(s.value for s in Status)


@dataclass
class Found:
    """Statuses by annotator; what had no owner (named for a note); entries refused, with the reason."""

    statuses: dict[str, Status] = field(default_factory=dict)
    unowned: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def give(self, who: str | None, status: Status, what: str) -> None:
        if who is None:
            self.unowned.append(what)
        elif status is not Status.TODO and _RANK[status] > _RANK[self.statuses.get(who, Status.TODO)]:
            self.statuses[who] = status


def record_statuses(obj: dict[str, Any], owner: str | None, unowned_to: str | None, *, ours: bool) -> Found:
    """Every status the record gives; ``ours``: it is a line of our JSON Lines export."""
    found = Found()
    if obj.get("is_confirmed") is True:
        found.give(owner or unowned_to, Status.DONE, "is_confirmed")
    if ours:
        for name, status in _status_map(obj.get("statuses"), "statuses", found):
            found.give(owner or name, status, "statuses")
    _studio_statuses(obj, owner, unowned_to, found)
    return found


def _studio_statuses(obj: dict[str, Any], owner: str | None, unowned_to: str | None, found: Found) -> None:
    names = studio_names(obj)
    if names is not None and "statuses" in _data(obj):  # our own Label Studio export: as it gives them
        for name, status in _status_map(_data(obj)["statuses"], "data.statuses", found):
            found.give(owner or name, status, "data.statuses")
        return
    annotations = obj.get("annotations")
    for n, annotation in enumerate(annotations if isinstance(annotations, list) else []):
        if not isinstance(annotation, dict):
            continue
        cancelled = bool(annotation.get("was_cancelled"))
        who = owner or studio_user(annotation.get("completed_by")) or (names[n] if names else None) or unowned_to
        found.give(
            who,
            Status.SKIPPED if cancelled else Status.DONE,
            "a cancelled annotation" if cancelled else "a completed annotation",
        )


def studio_names(obj: dict[str, Any]) -> list[str | None] | None:
    """Per Label Studio annotation, its annotator, if the record is a task of our own export; else None.

    Ours: ``data`` has ``sha256`` and ``annotators``, one name per annotation, and no annotation has a
    ``completed_by`` (once Label Studio has read the tasks and written them out again, its own users
    own the annotations).
    """
    annotations, data = obj.get("annotations", []), _data(obj)
    names = data.get("annotators")
    if not (
        isinstance(annotations, list)
        and isinstance(names, list)
        and len(names) == len(annotations)
        and "sha256" in data
    ):
        return None
    if any(not isinstance(a, dict) or "completed_by" in a for a in annotations):
        return None
    return [person(name) for name in names]


def _data(obj: dict[str, Any]) -> dict[str, Any]:
    data = obj.get("data")
    return data if isinstance(data, dict) else {}


def _status_map(value: Any, key: str, found: Found) -> list[tuple[str, Status]]:
    """``{annotator: status}`` as pairs; what is not such an entry is refused with the reason."""
    if value is None:
        return []
    if not isinstance(value, dict):
        found.refused.append(f"'{key}' must be an object of annotator: status, not {type(value).__name__}")
        return []
    pairs = []
    for name, status in value.items():
        who = person(name)
        if who is None:
            found.refused.append(f"'{key}' names no annotator ({name!r})")
            continue
        try:
            pairs.append((who, Status(status)))
        except (ValueError, TypeError):
            found.refused.append(f"'{key}': the status {status!r} of {name!r} is not one of {_KNOWN}")
    return pairs


def studio_user(value: Any) -> str | None:
    """Label Studio's ``completed_by``: a user id, or an object with an email."""
    if isinstance(value, dict):
        return person(value.get("email")) or (f"label-studio-{value['id']}" if "id" in value else None)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"label-studio-{value}"
    return person(value)


def person(value: Any) -> str | None:
    """An annotator's name as a file gives it (a number counts), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
