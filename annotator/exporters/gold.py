"""How complete the gold layer is over the articles of an export.

Gold is only what a reviewer decided: an article nobody adjudicated has no
gold spans, or some, and each undecided disagreement is a place where gold
says nothing, which a model trained on it reads as "no span here". So an
export of ``gold`` counts, for its articles that two or more annotators
worked on, those not marked adjudicated (gold's status "done") and the review
items still undecided (``adjudication.disagreements``); the card states
them, and the CLI and the window warn before such a gold ships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..adjudication import GOLD, disagreements
from ..model import Status
from ..store import Store
from ..words import plural

__all__ = ["GoldGaps", "GoldTracker", "to_review", "unadjudicated_warning"]

EXAMPLES = 5


@dataclass
class GoldGaps:
    """What the review has not decided yet, over the exported articles."""

    to_review: int = 0  # exported articles with spans of two or more human annotators
    unadjudicated: int = 0  # of those, not marked adjudicated
    undecided: int = 0  # review items not decided
    undecided_articles: int = 0  # articles holding them
    left_out: int = 0  # articles to review, not adjudicated, left out by --done-only
    examples: list[int] = field(default_factory=list)  # a few unadjudicated article ids

    @property
    def incomplete(self) -> bool:
        """Whether gold is missing anything the review should decide."""
        return bool(self.unadjudicated or self.undecided or self.left_out)

    def warning(self) -> str | None:
        """The CLI's warning: some exported articles are not adjudicated yet."""
        return _warning(self.unadjudicated, self.to_review) if self.unadjudicated else None


def to_review(store: Store) -> tuple[set[int], set[int]]:
    """(articles two or more human annotators put spans on, articles gold marked done)."""
    review = {
        r[0]
        for r in store.conn.execute(
            "SELECT s.article_id FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'human'"
            " GROUP BY s.article_id HAVING count(DISTINCT s.annotator_id) >= 2"
        )
    }
    done = {
        r[0]
        for r in store.conn.execute(
            "SELECT st.article_id FROM article_status st JOIN annotators a ON a.id = st.annotator_id"
            " WHERE a.name = ? AND st.status = ?",
            (GOLD, Status.DONE.value),
        )
    }
    return review, done


def unadjudicated_warning(store: Store, article_ids: Iterable[int]) -> str | None:
    """A sentence for the person exporting gold, if some of ``article_ids`` are not adjudicated yet."""
    review, done = to_review(store)
    chosen = review & set(article_ids)
    missing = len(chosen - done)
    return _warning(missing, len(chosen)) if missing else None


def _warning(missing: int, total: int) -> str:
    were = "is" if missing == 1 else "are"
    return (
        f"{missing:,} of the {plural(total, 'exported article')} that two or more "
        f"annotators worked on {were} not adjudicated yet: their gold spans may be missing or partial "
        "(the dataset card counts them and the undecided review items)"
    )


class GoldTracker:
    """Counts the gaps article by article while the export streams."""

    def __init__(self, store: Store, exported: Iterable[int]) -> None:
        self._store = store
        self._review, self._done = to_review(store)
        self._humans = {r[0]: r[1] for r in store.conn.execute("SELECT id, name FROM annotators WHERE kind = 'human'")}
        exported = set(exported)
        self.gaps = GoldGaps(left_out=len(self._review - exported - self._done))

    def visit(self, article_id: int) -> None:
        """Count one exported article."""
        if article_id not in self._review:
            return
        gaps = self.gaps
        gaps.to_review += 1
        if article_id not in self._done:
            gaps.unadjudicated += 1
            if len(gaps.examples) < EXAMPLES:
                gaps.examples.append(article_id)
        present = [
            self._humans[r[0]]
            for r in self._store.conn.execute(
                "SELECT DISTINCT annotator_id FROM spans WHERE article_id = ? ORDER BY annotator_id", (article_id,)
            )
            if r[0] in self._humans
        ]
        open_items = sum(1 for item in disagreements(self._store, article_id, present) if not item.resolved)
        gaps.undecided += open_items
        gaps.undecided_articles += bool(open_items)
