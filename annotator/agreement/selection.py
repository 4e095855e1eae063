"""Which articles an agreement report compares, for whom, and what it left out and why.

An article *counts* for an annotator who finished it (status done), with spans or without; with
``--all-articles`` (``touched``), for one who has a span on it or any status but todo (in progress,
done, skipped). An annotator it counts for and who has no span there labelled every token "O". An
article is compared when it counts for two or more of the chosen annotators; the others are missing
values there. Nothing is dropped in silence: ``Selection`` lists the articles left out (they count for
fewer than two) and those compared without someone, each with the reason, and counts the articles none
of them has touched. Pure data: ``corpus`` fills it from the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words import plural

__all__ = ["RULES", "Omission", "Selection"]

RULES = {
    "finished": (
        "Articles: an article counts for an annotator who marked it done, with spans or without (one "
        'with no span there labelled every token "O"). It is compared when it counts for two or more '
        "of the annotators; for the others its values are missing. Articles left out, or compared "
        "without someone, are listed with the reason."
    ),
    "touched": (
        "Articles (--all-articles): an article counts for an annotator who has a span on it or any "
        "status but todo (in progress, done or skipped); one who has no span there labelled every "
        'token "O". It is compared when it counts for two or more of the annotators; for the others '
        "its values are missing. Articles left out, or compared without someone, are listed with the "
        "reason."
    ),
}
SHOWN = 20  # omissions listed in the text report; JSON and the window list them all


@dataclass(frozen=True)
class Omission:
    """One article left out, or compared without some annotators, and why."""

    article_id: int
    title: str
    without: tuple[tuple[str, str], ...]  # (annotator, where they stand: "in progress", "todo, 2 spans")
    rule: str  # a key of RULES

    @property
    def reason(self) -> str:
        """``not finished by bob (in progress)``."""
        verb = "not finished by" if self.rule == "finished" else "not started by"
        return f"{verb} {', '.join(f'{name} ({state})' for name, state in self.without)}"

    def describe(self) -> str:
        """``article 12 'Title': not finished by bob (in progress)``."""
        return f"article {self.article_id} {self.title!r}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "without": [name for name, _ in self.without],
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Selection:
    """The articles a report compares and everything it did not, with reasons."""

    rule: str  # a key of RULES
    compared: int
    left_out: tuple[Omission, ...] = ()  # counted for fewer than two annotators
    partial: tuple[Omission, ...] = ()  # compared, but without some annotators
    untouched: int = 0  # articles none of the annotators has a span or a status on
    idle: tuple[str, ...] = ()  # annotators for whom no article counts, left out of the comparison

    @property
    def rule_text(self) -> str:
        """The selection rule in words."""
        return RULES[self.rule]

    def summary(self) -> str:
        """One sentence: how many articles were compared, left out and not touched."""
        parts = [f"{plural(self.compared, 'article')} compared"]
        if self.partial:
            complete = self.compared - len(self.partial)
            parts[0] += (
                f" ({complete:,} by every annotator, which the corpus alpha_U is over;"
                f" {len(self.partial):,} without someone)"
            )
        parts.append(f"{plural(len(self.left_out), 'article')} left out")
        if self.untouched:
            parts.append(f"{plural(self.untouched, 'article')} that none of them has started (not listed)")
        text = "; ".join(parts) + "."
        if self.idle:
            what = "finished" if self.rule == "finished" else "started"
            text += f" Not compared (no article {what}): {', '.join(self.idle)}."
        return text

    def render(self, shown: int | None = SHOWN) -> str:
        """The rule, the summary and the omissions, each list cut at ``shown`` lines."""
        lines = [self.rule_text, self.summary()]
        for title, items in (("Left out", self.left_out), ("Compared without someone", self.partial)):
            if items:
                lines.append(f"{title} ({len(items):,}):")
                lines += [f"  {item.describe()}" for item in items[:shown]]
                if shown is not None and len(items) > shown:
                    lines.append(f"  … and {plural(len(items) - shown, 'more article')} (--format json lists them all)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON: every omission, none cut."""
        return {
            "rule": self.rule,
            "rule_text": self.rule_text,
            "compared": self.compared,
            "left_out": [o.to_dict() for o in self.left_out],
            "compared_without_someone": [o.to_dict() for o in self.partial],
            "not_started_by_anyone": self.untouched,
            "annotators_not_compared": list(self.idle),
        }
