"""Which way a status change goes: an import or merge never takes work back silently.

todo < in progress < done = skipped. A file that says an article is less far
along than this file does (done or skipped back to in progress or todo, in
progress back to todo), or that says skipped where this file says done (or the
reverse), is not applied: this file's status is kept and the summary says so
("kept done here for 1 article"). Only the annotator in the window or the
``status`` command moves a status back or swaps done and skipped.
"""

from __future__ import annotations

from .model import Status
from .words import plural

__all__ = ["kept_summary", "takes_back"]

_RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.DONE: 2, Status.SKIPPED: 2}


def takes_back(here: Status, incoming: Status) -> bool:
    """Whether setting ``incoming`` over ``here`` would undo work (a step back, or done and skipped swapped)."""
    return incoming != here and _RANK[incoming] <= _RANK[here]


def kept_summary(kept: dict[str, int]) -> list[str]:
    """``{"done": 1}`` -> ``["kept done here for 1 article"]``, in status order."""
    return [f"kept {s.value} here for {plural(kept[s.value], 'article')}" for s in Status if kept.get(s.value)]
