"""Which spans an export holds, and which split each article falls in.

Selection is decided once, up front, from ids and hashes only (no article
texts), so that every format streams the same articles in the same order.
The split is by article, never by span, so that no article's text is in two
splits. It is deterministic: articles are ranked by
``sha256(seed, article sha256)`` and cut at the ratios, so the same articles
and seed always give the same split, whatever their ids or import order.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field

from .. import shell
from ..model import Status
from ..store import Store
from .base import ExportError
from .source import article_hashes

__all__ = ["SPLIT_NAMES", "ExportOptions", "Plan", "make_plan", "parse_split"]

SPLIT_NAMES = ("train", "dev", "test")
UNSPLIT = "all"


@dataclass(frozen=True)
class ExportOptions:
    """What to export; empty ``annotators``/``labels`` mean all of them."""

    annotators: tuple[str, ...] = ()
    done_only: bool = False
    labels: tuple[str, ...] = ()
    split: tuple[float, float, float] | None = None  # train, dev, test
    seed: int = 0

    def command_line(
        self, fmt: str, db: str | os.PathLike[str] | None = None, out: str | os.PathLike[str] | None = None
    ) -> str:
        """The CLI call that repeats this export (into ``out``, replacing it), for the dataset card.

        Raises ``ShellQuoteError`` for a name no command line can pass (one holding a NUL).
        """
        words = ["annotator"]
        if db is not None:
            words += ["--db", os.path.abspath(db)]
        words += ["export", "--format", fmt]
        for name in self.annotators:
            words += ["--annotator", name]
        if not self.annotators:
            words.append("--all-annotators")
        for label in self.labels:
            words += ["--label", label]
        if self.done_only:
            words.append("--done-only")
        if self.split:
            words += ["--split", ",".join(f"{r:g}" for r in self.split), "--seed", str(self.seed)]
        tail = ["--out", os.path.abspath(out), "--overwrite"] if out is not None else []
        return shell.join(words + tail) + ("" if out is not None else " --out PATH")


def parse_split(value: str) -> tuple[float, float, float]:
    """``"0.8,0.1,0.1"`` -> train, dev and test ratios that sum to 1."""
    try:
        ratios = tuple(float(part) for part in value.split(","))
    except ValueError:
        raise ExportError(f"--split takes three numbers such as 0.8,0.1,0.1, not {value!r}") from None
    if len(ratios) != 3 or any(r < 0 or not math.isfinite(r) for r in ratios):
        raise ExportError(f"--split takes three ratios (train, dev, test) that are >= 0, not {value!r}")
    if abs(sum(ratios) - 1.0) > 1e-6:
        raise ExportError(f"--split ratios must add up to 1, not {sum(ratios):g} ({value!r})")
    return ratios[0], ratios[1], ratios[2]


@dataclass
class Plan:
    """The resolved selection: names, and article ids per split in id order."""

    annotators: list[str]
    all_annotators: bool
    labels: list[str]  # panel order
    splits: dict[str, list[int]]
    done_by: dict[int, frozenset[str]] | None = None  # with --done-only: who marked each article done
    skipped_articles: int = 0  # not done by any selected annotator
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Articles to export."""
        return sum(len(ids) for ids in self.splits.values())


def make_plan(store: Store, options: ExportOptions) -> Plan:
    """Resolve ``options`` against ``store``; refuse unknown names and empty selections."""
    annotators = _annotators(store, options.annotators)
    labels = _labels(store, options.labels)
    hashes = article_hashes(store)
    done_by = _done_by(store, annotators) if options.done_only else None
    chosen = [(aid, digest) for aid, digest in hashes if done_by is None or aid in done_by]
    if not chosen:
        why = " marked done by the selected annotators" if options.done_only else ""
        raise ExportError(f"no articles{why}: nothing to export")
    plan = Plan(annotators, not options.annotators, labels, _split(chosen, options), done_by, len(hashes) - len(chosen))
    for name, ids in plan.splits.items():
        if not ids:
            plan.notes.append(f"split {name!r} is empty: too few articles ({len(chosen)}) for its ratio")
    plan.splits = {name: ids for name, ids in plan.splits.items() if ids}
    return plan


def _annotators(store: Store, wanted: tuple[str, ...]) -> list[str]:
    known = store.annotators()
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ExportError(f"no annotator named {', '.join(map(repr, unknown))}; known: {', '.join(known) or 'none'}")
    return list(dict.fromkeys(wanted)) if wanted else known


def _labels(store: Store, wanted: tuple[str, ...]) -> list[str]:
    known = [label.name for label in store.labels.all(include_retired=True)]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ExportError(f"no label named {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return [name for name in known if name in wanted] if wanted else known


def _done_by(store: Store, annotators: list[str]) -> dict[int, frozenset[str]]:
    done: dict[int, set[str]] = {}
    for name in annotators:
        for row in store.articles(name, status=Status.DONE):
            done.setdefault(row.id, set()).add(name)
    return {aid: frozenset(names) for aid, names in done.items()}


def _split(chosen: list[tuple[int, str]], options: ExportOptions) -> dict[str, list[int]]:
    if options.split is None:
        return {UNSPLIT: [aid for aid, _ in chosen]}
    ranked = sorted(chosen, key=lambda item: _rank(item[1], options.seed))
    counts = _allocate(len(ranked), options.split)
    splits: dict[str, list[int]] = {}
    pos = 0
    for name, count in zip(SPLIT_NAMES, counts, strict=True):
        splits[name] = sorted(aid for aid, _ in ranked[pos : pos + count])
        pos += count
    return splits


def _rank(digest: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{digest}".encode("ascii")).hexdigest()


def _allocate(n: int, ratios: tuple[float, ...]) -> list[int]:
    """Largest-remainder rounding: counts that add up to ``n`` and follow the ratios."""
    exact = [n * r for r in ratios]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted((i for i in range(len(ratios)) if ratios[i] > 0), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts
