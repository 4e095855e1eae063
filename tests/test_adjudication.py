"""Review items and gold decisions over several annotators' spans."""

import pytest

from annotator import adjudication as adj
from annotator.model import ArticleIn, Status

TEXT = "Putin denied plans to invade. 💩 He demanded guarantees from NATO. Troops massed near the border."


@pytest.fixture
def article(store):
    article_id, _ = store.add_article(ArticleIn(text=TEXT, title="t"))

    def tag(who, label, words, end_words=None):
        start = TEXT.index(words)
        end = TEXT.index(end_words) + len(end_words) if end_words else start + len(words)
        return store.add_span(article_id, who, label, start, end)

    tag("alice", "denial", "Putin denied plans to invade")
    tag("bob", "denial", "Putin denied plans to invade")  # agreed
    tag("alice", "demand", "He demanded guarantees from NATO")
    tag("bob", "claim", "He demanded guarantees from NATO")  # label
    tag("alice", "evidence", "Troops massed near the border")
    tag("bob", "evidence", "Troops massed")  # boundaries
    tag("bob", "claim", "💩")  # only bob
    return article_id


def test_items_classify_every_kind_of_disagreement(store, article):
    kinds = [(it.kind, TEXT[it.start : it.end]) for it in adj.items(store, article, ["alice", "bob"])]
    assert kinds == [
        ("agreed", "Putin denied plans to invade"),
        ("only some annotators", "💩"),
        ("label", "He demanded guarantees from NATO"),
        ("boundaries", "Troops massed near the border"),
    ]
    missing = adj.disagreements(store, article, ["alice", "bob"])[0].missing
    assert missing == ("alice",)


def test_decisions_build_a_gold_layer_with_sources(store, article):
    annotators = ["alice", "bob"]
    agreed = adj.accept_agreed(store, article, annotators, decided_by="rev")
    assert [d.gold_span.text for d in agreed] == ["Putin denied plans to invade"]
    only, label, bounds = adj.disagreements(store, article, annotators)
    adj.reject(store, only.spans[0], decided_by="rev")
    demand = next(s for s in label.spans if s.annotator == "alice")
    adj.accept(store, demand)
    bob_short = next(s for s in bounds.spans if s.annotator == "bob")
    adjusted = adj.accept(store, bob_short, end=bob_short.end + len(" near the border"))
    assert adjusted.gold_span.text == "Troops massed near the border"
    gold = store.spans(article, [adj.GOLD])
    assert [s.label for s in gold] == ["denial", "demand", "evidence"]
    actions = [(d["action"], d["source_annotator"]) for d in adj.decisions(store, article)]
    assert actions == [("accept agreed", "alice"), ("reject", "bob"), ("accept", "alice"), ("adjust", "bob")]
    assert all(it.resolved for it in adj.items(store, article, annotators))
    assert store.conn.execute("SELECT kind FROM annotators WHERE name = 'gold'").fetchone()[0] == "gold"


def test_relabel_new_and_undo(store, article):
    span = store.spans(article, ["bob"])[0]
    relabelled = adj.accept(store, span, label="evidence")
    assert relabelled.gold_span.label == "evidence"
    assert adj.decisions(store, article)[0]["action"] == "relabel"
    new = adj.add_gold(store, article, "claim", 0, 5)
    assert new.gold_span.text == "Putin"
    adj.undo_decision(store, new)
    adj.undo_decision(store, relabelled)
    assert store.spans(article, [adj.GOLD]) == []
    assert adj.decisions(store, article) == []


def test_progress_counts_adjudicated_articles(store, article):
    assert adj.progress(store) == (0, 1)
    adj.ensure_gold(store)
    store.set_status(article, adj.GOLD, Status.DONE)
    assert adj.progress(store) == (1, 1)


def test_review_needs_two_annotators(store, article):
    with pytest.raises(ValueError, match="two annotators"):
        adj.items(store, article, ["alice"])


def test_gold_overlap_index_matches_brute_force():
    import random

    from annotator.model import Span

    rng = random.Random(5)
    for _ in range(200):
        gold = []
        for i in range(rng.randint(0, 8)):
            start = rng.randint(0, 50)
            gold.append(Span(i, 1, start, start + rng.randint(1, 10), "claim", "gold", "x"))
        index = adj._GoldIndex(gold)
        for start in range(0, 60):
            end = start + rng.randint(1, 8)
            assert index.overlaps(start, end) == any(g.start < end and start < g.end for g in gold)


def test_annotators_with_work_leave_out_an_idle_reviewer(store, article):
    from annotator.agreement.corpus import human_annotators

    store.annotator_id("reviewer")
    adj.ensure_gold(store)
    assert human_annotators(store) == ["alice", "bob", "reviewer"]
    assert human_annotators(store, with_work=True) == ["alice", "bob"]


def test_rejecting_one_candidate_leaves_the_others_open(store, article):
    bounds = adj.disagreements(store, article, ["alice", "bob"])[2]
    assert bounds.kind == "boundaries"
    adj.reject(store, bounds.spans[0])
    assert not adj.disagreements(store, article, ["alice", "bob"])[2].resolved
    adj.reject(store, bounds.spans[1])
    assert adj.disagreements(store, article, ["alice", "bob"])[2].resolved
