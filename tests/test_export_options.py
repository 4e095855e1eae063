"""Selection and split: whose spans, which articles and labels, and a deterministic split by article."""

from __future__ import annotations

import pytest
from test_export_corpus import TEXTS, build_corpus, documents

from annotator.exporters import ExportError, ExportOptions, parse_split
from annotator.exporters.options import _allocate, make_plan
from annotator.model import ArticleIn
from annotator.store import Store


def test_parse_split():
    assert parse_split("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    assert parse_split("1,0,0") == (1.0, 0.0, 0.0)
    for bad in ("0.8,0.1", "0.5,0.5,0.5", "a,b,c", "-0.1,0.6,0.5", "nan,0,1"):
        with pytest.raises(ExportError):
            parse_split(bad)


def test_allocation_follows_the_ratios_and_adds_up():
    assert _allocate(10, (0.8, 0.1, 0.1)) == [8, 1, 1]
    assert _allocate(3, (0.8, 0.1, 0.1)) == [3, 0, 0]
    assert _allocate(7, (0.5, 0.0, 0.5)) == [4, 0, 3]
    for n in range(50):
        assert sum(_allocate(n, (0.7, 0.2, 0.1))) == n


def _store_with(n: int, order: list[int] | None = None) -> Store:
    store = Store()
    for i in order if order is not None else range(n):
        store.add_article(ArticleIn(text=f"article number {i}", title=str(i)))
    return store


def _split_titles(store: Store, seed: int) -> dict[str, set[str]]:
    plan = make_plan(store, ExportOptions(split=(0.6, 0.2, 0.2), seed=seed))
    return {name: {store.article(i).title for i in ids} for name, ids in plan.splits.items()}


def test_split_is_deterministic_by_content_and_seed():
    a = _store_with(50)
    b = _store_with(50, order=list(reversed(range(50))))  # other ids, same articles
    first = _split_titles(a, seed=7)
    assert first == _split_titles(a, seed=7)
    assert first == _split_titles(b, seed=7)
    assert {k: len(v) for k, v in first.items()} == {"train": 30, "dev": 10, "test": 10}
    assert first != _split_titles(a, seed=8)
    assert set().union(*first.values()) == {str(i) for i in range(50)}


def test_split_ids_are_in_id_order_and_disjoint():
    plan = make_plan(_store_with(20), ExportOptions(split=(0.8, 0.1, 0.1), seed=1))
    seen: set[int] = set()
    for ids in plan.splits.values():
        assert ids == sorted(ids)
        assert not seen & set(ids)
        seen |= set(ids)
    assert seen == set(range(1, 21))


def test_empty_split_is_left_out_and_noted(store):
    build_corpus(store)
    plan = make_plan(store, ExportOptions(split=(0.8, 0.0, 0.2)))
    assert list(plan.splits) == ["train", "test"]
    assert any("'dev' is empty" in note for note in plan.notes)


def test_one_annotator_or_several(store):
    build_corpus(store)
    only_bob = documents(store, ExportOptions(annotators=("bob",)))
    assert {s.annotator for d in only_bob for s in d.spans} == {"bob"}
    both = documents(store, ExportOptions(annotators=("alice", "gold")))
    assert {s.annotator for d in both for s in d.spans} == {"alice", "gold"}
    assert len(both) == len(TEXTS)  # without --done-only every article is exported


def test_gold_is_an_annotator_like_any_other(store):
    build_corpus(store)
    gold = documents(store, ExportOptions(annotators=("gold",), done_only=True))
    assert [d.article.text for d in gold] == [TEXTS[4]]
    assert [s.label for s in gold[0].spans] == ["claim", "evidence"]


def test_done_only_keeps_each_annotators_finished_work(store):
    ids = build_corpus(store)
    docs = {d.article.id: d for d in documents(store, ExportOptions(done_only=True))}
    assert set(docs) == {ids[0], ids[1], ids[4]}
    # bob marked only article 0 done: his claim on article 1 is not exported.
    assert {s.annotator for s in docs[ids[1]].spans} == {"alice"}
    assert {s.annotator for s in docs[ids[0]].spans} == {"alice", "bob"}


def test_label_filter(store):
    build_corpus(store)
    docs = documents(store, ExportOptions(labels=("denial", "demand")))
    assert {s.label for d in docs for s in d.spans} == {"denial", "demand"}


def test_unknown_names_are_refused_with_the_known_ones(store):
    build_corpus(store)
    with pytest.raises(ExportError, match="no annotator named 'carol'; known: alice, bob, gold"):
        make_plan(store, ExportOptions(annotators=("carol",)))
    with pytest.raises(ExportError, match="no label named 'rumour'"):
        make_plan(store, ExportOptions(labels=("rumour",)))
    assert "carol" not in store.annotators()  # asking did not create one


def test_nothing_done_is_refused(store):
    store.add_article(ArticleIn(text="x y", title="x"))
    store.annotator_id("alice")
    with pytest.raises(ExportError, match="nothing to export"):
        make_plan(store, ExportOptions(done_only=True))


def test_command_line_in_the_card():
    opts = ExportOptions(annotators=("alice", "gold"), done_only=True, labels=("claim",), split=(0.8, 0.1, 0.1), seed=3)
    assert opts.command_line("spacy") == (
        "annotator export --format spacy --annotator alice --annotator gold --label claim --done-only "
        "--split 0.8,0.1,0.1 --seed 3 --out PATH"
    )
