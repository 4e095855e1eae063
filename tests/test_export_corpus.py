"""A small hard corpus for every export test, and the streaming checks all formats rely on.

Other ``test_export_*`` modules import ``build_corpus`` from here. The texts
hold emoji (non-BMP, ZWJ sequences, flags), combining marks, Arabic
(right-to-left) and a line break inside a span; the spans overlap, nest and
repeat across annotators.
"""

from __future__ import annotations

import pytest

from annotator.exporters import ExportError, ExportOptions, export
from annotator.exporters.corpus import Corpus
from annotator.exporters.options import make_plan
from annotator.exporters.report import ExportReport
from annotator.model import ArticleIn, Status
from annotator.store import Store

TEXTS = [
    "💩This is an annotation. Putin denied the report.\nNATO demanded “security guarantees” 🇺🇦 now.",
    "قال المتحدث إن الجيش لم يدخل المدينة. Le ministre a de\u0301menti l’accusation hier.",
    "👨‍👩‍👧 Families 👍🏽 demand answers from the U.S. government, officials said.",
    "An article nobody has annotated yet.",
    "Gold standard: the minister claimed 3.5 million jobs were created.",
]


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Code-point offsets of the nth occurrence of ``piece``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def build_corpus(store: Store) -> list[int]:
    """Five articles, three annotators (alice, bob, gold); returns article ids."""
    ids = [
        store.add_article(ArticleIn(text=t, title=f"Article {n}", source="test", url=f"https://x/{n}", meta={"n": n}))[
            0
        ]
        for n, t in enumerate(TEXTS)
    ]
    t0, t1, t2, _, t4 = TEXTS
    add = store.add_span
    assert at(t0, "annotation") == (12, 22)  # the golden emoji case of REFERENCE.md
    add(ids[0], "alice", "claim", 12, 22)
    add(ids[0], "alice", "evidence", *at(t0, "This is an annotation"), note="nested\nover\tclaim")
    add(ids[0], "bob", "claim", 12, 22)  # same span from another annotator
    add(ids[0], "bob", "denial", at(t0, "denied")[0], at(t0, "NATO dem")[1])  # crosses the line break, ends mid-word
    add(ids[0], "bob", "demand", *at(t0, "demanded “security guarantees” 🇺🇦"))  # overlaps the denial
    add(ids[1], "alice", "denial", *at(t1, "لم يدخل المدينة"))
    add(ids[1], "alice", "denial", *at(t1, "de\u0301menti"))
    add(ids[1], "bob", "claim", *at(t1, "قال المتحدث"))
    add(ids[2], "alice", "demand", *at(t2, "👨‍👩‍👧 Families 👍🏽 demand answers"))
    add(ids[2], "bob", "claim", *at(t2, "officials said"), note="attribution")
    add(ids[4], "gold", "claim", *at(t4, "the minister claimed 3.5 million jobs were created"))
    add(ids[4], "gold", "evidence", *at(t4, "3.5 million"))
    store.set_status(ids[0], "alice", Status.DONE)
    store.set_status(ids[1], "alice", Status.DONE)
    store.set_status(ids[0], "bob", Status.DONE)
    store.set_status(ids[4], "gold", Status.DONE)
    return ids


def documents(store: Store, options: ExportOptions | None = None) -> list:
    """Every document a format would receive."""
    plan = make_plan(store, options or ExportOptions())
    corpus = Corpus(store, plan, ExportReport("test", None, options, plan.annotators, plan.labels))
    return [doc for split in corpus.splits for doc in corpus.documents(split)]


def test_every_streamed_span_matches_its_text(store):
    build_corpus(store)
    docs = documents(store)
    assert len(docs) == 5
    assert sum(len(d.spans) for d in docs) == 12
    for doc in docs:
        for span in doc.spans:
            assert doc.article.text[span.start : span.end] == span.text


def test_spans_come_in_content_order_independent_of_ids(store):
    build_corpus(store)
    for doc in documents(store):
        keys = [(s.start, s.end, s.label, s.annotator) for s in doc.spans]
        assert keys == sorted(keys)


def test_a_span_that_does_not_match_the_text_stops_the_export(store, tmp_path):
    ids = build_corpus(store)
    store.conn.execute("UPDATE spans SET text = 'tampered' WHERE article_id = ? AND label_id = 1", (ids[2],))
    with pytest.raises(ExportError, match="does not match the text"):
        export(store, "jsonl", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_documents_are_read_one_at_a_time(store):
    build_corpus(store)
    plan = make_plan(store, ExportOptions())
    reads = []
    store.conn.set_trace_callback(
        lambda sql: reads.append(sql) if " text, " in sql and "FROM articles" in sql else None
    )
    corpus = Corpus(store, plan, ExportReport("test", None, ExportOptions(), plan.annotators, plan.labels))
    stream = corpus.documents("all")
    next(stream)
    assert len(reads) == 1  # a generator: nothing is read ahead
    list(stream)
    assert len(reads) == 5
