"""spaCy DocBin: read back with DocBin().from_disk and a blank English vocab."""

from __future__ import annotations

import importlib

from test_export_corpus import TEXTS, build_corpus

from annotator.exporters import ExportOptions, export, spacy_docbin

spacy = importlib.import_module("spacy")
from spacy.tokens import DocBin  # noqa: E402


def _docs(folder):
    nlp = spacy.blank("en")
    docs = []
    for path in sorted(folder.glob("*.spacy")):
        docs += list(DocBin().from_disk(path).get_docs(nlp.vocab))
    return docs


def test_docs_hold_every_span_in_sc_with_text_and_label(store, tmp_path):
    ids = build_corpus(store)
    report = export(store, "spacy", tmp_path / "out")
    docs = _docs(tmp_path / "out" / "all")
    assert [d.text for d in docs] == TEXTS  # the text is untouched
    assert [d.user_data["id"] for d in docs] == ids
    by_id = {d.user_data["id"]: d for d in docs}
    for article_id in ids:
        doc = by_id[article_id]
        wanted = {(s.start, s.end, s.label) for s in store.spans(article_id)}
        got = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
        assert len(got) == len(set(got))
        for start, end, label in wanted:
            # Strict when the boundaries are spaCy's, else expanded: never less than the annotation.
            match = [g for g in got if g[2] == label and g[0] <= start and g[1] >= end]
            assert match, (start, end, label)
        for span in doc.spans["sc"]:
            assert doc.text[span.start_char : span.end_char] == span.text
    # the golden emoji case survives with code-point offsets
    assert ("annotation", "claim") in {(s.text, s.label_) for s in by_id[ids[0]].spans["sc"]}
    assert report.written == 11  # alice's and bob's identical claim is one span
    assert report.merged and not report.dropped


def test_ents_are_set_only_where_spans_do_not_overlap(store, tmp_path):
    ids = build_corpus(store)
    export(store, "spacy", tmp_path / "out")
    by_id = {d.user_data["id"]: d for d in _docs(tmp_path / "out" / "all")}
    assert by_id[ids[0]].ents == ()  # nested and crossing spans: spancat only
    assert [(e.text, e.label_) for e in by_id[ids[1]].ents] == [
        ("قال المتحدث", "claim"),
        ("لم يدخل المدينة", "denial"),
        ("de\u0301menti", "denial"),
    ]
    assert len(by_id[ids[3]].spans["sc"]) == 0


def test_realignment_is_expand_and_is_reported(store, tmp_path):
    ids = build_corpus(store)
    report = export(store, "spacy", tmp_path / "out")
    doc = {d.user_data["id"]: d for d in _docs(tmp_path / "out" / "all")}[ids[0]]
    denial = next(s for s in doc.spans["sc"] if s.label_ == "denial")
    assert denial.text == "denied the report.\nNATO demanded"  # "NATO dem" expanded to the whole token
    [(reason, count)] = report.realigned.items()
    assert "expand" in reason and count == 1
    card = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert "alignment_mode='expand'" in card and "NATO dem" in card


def test_large_splits_are_sharded(store, tmp_path, monkeypatch):
    build_corpus(store)
    monkeypatch.setattr(spacy_docbin, "SHARD_TOKENS", 10)
    export(store, "spacy", tmp_path / "out", ExportOptions(split=(0.6, 0.2, 0.2)))
    shards = sorted(p.name for p in (tmp_path / "out" / "train").glob("*.spacy"))
    assert shards == ["0000.spacy", "0001.spacy", "0002.spacy"]
    total = sum(len(_docs(tmp_path / "out" / name)) for name in ("train", "dev", "test"))
    assert total == 5
