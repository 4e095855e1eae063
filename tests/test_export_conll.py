"""BIO: seqeval recovers the spans; tokens are annotator.tokenize's; the overlap rule is applied and reported."""

from __future__ import annotations

import importlib

from test_export_corpus import TEXTS, at, build_corpus

from annotator.exporters import ExportOptions, export
from annotator.tokenize import tokenize

seqeval = importlib.import_module("seqeval.metrics.sequence_labeling")


def _articles(path):
    """Per article: its sentences, each a list of (token, tag)."""
    articles, sentence = [], []
    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            articles.append([])
        elif line:
            token, tag = line.rsplit(" ", 1)
            sentence.append((token, tag))
        elif sentence:
            articles[-1].append(sentence)
            sentence = []
    return articles


def _entities(text, sentences):
    """(start, end, label) in code points, as seqeval reads the tags."""
    tokens = tokenize(text)
    flat = [pair for sentence in sentences for pair in sentence]
    assert [t for t, _ in flat] == [t.text for t in tokens]
    # One flat list: seqeval pads a list of sentences with an extra "O" after each.
    tags = [tag for _, tag in flat]
    entities = seqeval.get_entities(tags)
    # No entity straddles a blank line: read sentence by sentence, the same entities come out.
    assert len(seqeval.get_entities([[tag for _, tag in sentence] for sentence in sentences])) == len(entities)
    return {(tokens[s].start, tokens[e].end, label) for label, s, e in entities}


def test_seqeval_recovers_the_spans(store, tmp_path):
    build_corpus(store)
    report = export(store, "conll", tmp_path / "out")
    articles = _articles(tmp_path / "out" / "all.conll")
    found = [_entities(text, sents) for text, sents in zip(TEXTS, articles, strict=True)]
    t0, t1, t2, _, t4 = TEXTS
    # Article 0: the evidence span is longer than the claim nested in it, the denial longer than the demand.
    assert found[0] == {
        (*at(t0, "This is an annotation"), "evidence"),
        (at(t0, "denied")[0], at(t0, "NATO demanded")[1], "denial"),
    }
    assert found[1] == {
        (*at(t1, "قال المتحدث"), "claim"),
        (*at(t1, "لم يدخل المدينة"), "denial"),
        (*at(t1, "de\u0301menti"), "denial"),
    }
    assert found[2] == {
        (*at(t2, "👨‍👩‍👧 Families 👍🏽 demand answers"), "demand"),
        (*at(t2, "officials said"), "claim"),
    }
    assert found[3] == set()
    assert found[4] == {(*at(t4, "the minister claimed 3.5 million jobs were created"), "claim")}
    assert report.written == sum(len(f) for f in found) == 8


def test_drops_and_realignments_are_counted_and_explained(store, tmp_path):
    build_corpus(store)
    report = export(store, "conll", tmp_path / "out")
    assert sum(report.dropped.values()) == 3  # claim in evidence, demand over denial, gold evidence in claim
    assert sum(report.merged.values()) == 1  # alice's and bob's identical claim
    assert sum(report.realigned.values()) == 1  # "NATO dem" moved to "NATO demanded"
    assert report.selected == report.written + 3 + 1
    card = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert "BIO has no overlaps" in card
    assert "moved to the tokens it touches" in card


def test_a_span_across_sentences_keeps_them_in_one_block(store, tmp_path):
    build_corpus(store)
    export(store, "conll", tmp_path / "out", ExportOptions(labels=("denial",)))
    first = _articles(tmp_path / "out" / "all.conll")[0]
    block = [tok for tok, _ in first[1]]
    assert block[:2] == ["Putin", "denied"] and "NATO" in block  # the line break did not split the span
    tags = [tag for _, tag in first[1]]
    assert tags[block.index("NATO")] == "I-denial"


def test_sentences_are_separated_by_blank_lines(store, tmp_path):
    build_corpus(store)
    export(store, "conll", tmp_path / "out", ExportOptions(labels=("claim",)))
    text = (tmp_path / "out" / "all.conll").read_text("utf-8")
    assert text.startswith("-DOCSTART- O\n\n💩 O\nThis O\n")
    assert "annotation B-claim\n. O\n\nPutin O\n" in text
    assert all(len(line.split(" ")) == 2 for line in text.splitlines() if line)
