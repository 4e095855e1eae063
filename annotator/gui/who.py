"""Which annotators have work to compare: the human annotators with a span or a status somewhere.

Opening the window registers its annotator's name, so a reviewer who never
tagged anything is an annotator too; comparing against an empty layer would
turn every span into a disagreement. One article-list query per annotator
(no texts), cheap next to loading one article.
"""

from __future__ import annotations

from ..agreement.corpus import human_annotators
from ..model import Status
from ..store import Store

__all__ = ["working_annotators"]


def working_annotators(store: Store) -> list[str]:
    """Human annotators with at least one span or one article not left to do."""
    return [name for name in human_annotators(store)
            if any(row.span_count or row.status is not Status.TODO for row in store.articles(name))]
