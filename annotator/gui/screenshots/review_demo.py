"""Three demonstration annotators who disagree, for the review and agreement screenshots and tests.

``annotate_demo(store)`` gives alice, bob and carol spans on every sample
article and marks them done: on the AP article by hand (one disagreement of
every kind, and agreed spans), on the others by a seeded rule (sentences with
cue words, each annotator sometimes skipping, relabelling or trimming), so
the corpus figures are neither perfect nor random. ``review_demo`` and
``agreement_demo`` open the real windows on it; ``demo.main`` saves them.
"""

from __future__ import annotations

import random

from PySide6.QtWidgets import QApplication

from ...model import Status
from ...store import Store
from ...tokenize import sentences
from ..agreement.window import AgreementWindow
from ..annotate.main_window import MainWindow
from ..common.settings import Settings
from ..review.window import ReviewWindow

__all__ = ["ANNOTATORS", "AP_SPANS", "agreement_demo", "annotate_demo", "review_demo"]

ANNOTATORS = ("alice", "bob", "carol")

_DIPLOMATS = "Russian diplomats countered them Wednesday by expressing concern about Ukraine’s military buildup"
_GUARANTEES = "strong, reliable and long-term guarantees of its security"
_INSIST = "we will insist on working out specific agreements that would exclude any further NATO moves eastward"
_KREMLIN = "The Kremlin has insisted it has no such intention"
_TROOPS = "Ukraine has amassed about 125,000 troops"

# annotator -> (label, passage[, passage it extends to]) on the AP article
AP_SPANS: dict[str, tuple[tuple[str, ...], ...]] = {
    "alice": (
        ("claim", "Moscow would seek Western guarantees that would preclude any further NATO expansion"),
        ("evidence", _DIPLOMATS),
        ("demand", "Russia will seek “" + _GUARANTEES),
        ("demand", _INSIST),
        ("denial", _KREMLIN),
        ("claim", _TROOPS),
    ),
    "bob": (
        ("claim", "Moscow would seek Western guarantees that would preclude any further NATO expansion"),
        ("claim", _DIPLOMATS),
        ("demand", _GUARANTEES),
        ("demand", _INSIST),
        ("denial", _KREMLIN),
        ("evidence", _TROOPS + " — about half of the size of its military"),
        ("claim", "any attempt to further destabilize Ukraine would be a costly mistake"),
    ),
    "carol": (
        ("claim", "Moscow would seek Western guarantees that would preclude any further NATO expansion"),
        ("evidence", _DIPLOMATS),
        ("demand", "Russia will seek “" + _GUARANTEES),
        ("demand", _INSIST),
        ("denial", _KREMLIN + " and has accused Ukraine and its Western backers of making the claims"),
    ),
}

_CUES = (
    ("deni", "denial"),
    ("no such", "denial"),
    ("not want", "denial"),
    ("must", "demand"),
    ("demand", "demand"),
    ("insist", "demand"),
    ("guarantee", "demand"),
    ("said", "claim"),
    ("says", "claim"),
    ("accused", "claim"),
    ("troops", "evidence"),
    ("000", "evidence"),
)
_LABELS = ("claim", "denial", "demand", "evidence")


def _tag_by_rule(store: Store, article_id: int, text: str, annotator: str, seed: int) -> None:
    """Sentences with a cue word, as one annotator would tag them: mostly alike, sometimes not."""
    rng = random.Random(f"{seed}-{annotator}")
    for start, end in sentences(text):
        sentence = text[start:end].lower()
        label = next((lab for cue, lab in _CUES if cue in sentence), None)
        if label is None or end - start < 20:
            continue
        roll = rng.random()
        if roll < 0.12:
            continue  # missed it
        if roll < 0.24:
            label = rng.choice([lab for lab in _LABELS if lab != label])
        elif roll < 0.36:
            cut = text.find(" ", start + (end - start) // 2)
            end = cut if start < cut < end else end  # only the first half
        while end > start and text[end - 1] in " .\n":
            end -= 1
        store.add_span(article_id, annotator, label, start, end, text=text)


def annotate_demo(store: Store) -> int:
    """Spans of alice, bob and carol on every article, all marked done; the AP article's id."""
    ap = None
    for seed, row in enumerate(store.articles()):
        text = store.article(row.id).text
        if "seek Western guarantees" in text and ap is None:
            ap = row.id
            for annotator, spans in AP_SPANS.items():
                for label, passage in spans:
                    at = text.find(passage)
                    if at >= 0:
                        store.add_span(row.id, annotator, label, at, at + len(passage), text=text)
        else:
            for annotator in ANNOTATORS:
                _tag_by_rule(store, row.id, text, annotator, seed)
        for annotator in ANNOTATORS:
            store.set_status(row.id, annotator, Status.DONE)
    return ap if ap is not None else store.article_ids()[0]


def review_demo(
    store: Store, settings: Settings, annotators: tuple[str, ...] = ("alice", "bob")
) -> tuple[MainWindow, ReviewWindow]:
    """The review view on the AP article, agreed spans and two disagreements already decided."""
    ap = annotate_demo(store)
    main = MainWindow(store, settings, "reviewer")
    main.resize(1300, 800)
    main.open_article(ap)
    review = main.show_review(ap)
    assert review is not None
    review.resize(1480, 860)
    QApplication.processEvents()
    review.set_annotators(list(annotators))
    review.accept_agreed()
    review.set_current(next(k for k, item in enumerate(review.items) if not item.agreed))
    review.choose_candidate(0)
    review.accept()  # the next disagreement comes by itself
    review.choose_candidate(1)
    QApplication.processEvents()
    _scroll_to_first_item(review)
    QApplication.processEvents()
    return main, review


def _scroll_to_first_item(review: ReviewWindow) -> None:
    """The first item's paragraph at the top of the lanes."""
    view, doc = review.gold_lane, review.docs["gold"]
    cursor = view.textCursor()
    cursor.setPosition(doc.to_utf16(review.items[0].start, review.items[0].start)[0])
    cursor.movePosition(cursor.MoveOperation.StartOfBlock)
    top = view.cursorRect(cursor).top() + view.verticalScrollBar().value()
    review.lanes.scroll_to(max(top - 12, 0))


def agreement_demo(store: Store, settings: Settings) -> tuple[MainWindow, AgreementWindow]:
    """The agreement report of alice, bob and carol over the sample articles."""
    annotate_demo(store)
    main = MainWindow(store, settings, "reviewer")
    window = main.show_agreement()
    QApplication.processEvents()
    return main, window
