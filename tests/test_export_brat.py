"""brat standoff, parsed by the format's own rules: every T line's text is txt[s:e] of its fragments."""

from __future__ import annotations

import re

from test_export_corpus import TEXTS, build_corpus

from annotator.exporters import ExportOptions, export
from annotator.exporters.brat import fragments


def _parse_ann(text):
    """T, A and # lines as brat reads them."""
    ts, attrs, notes = {}, {}, {}
    for line in text.splitlines():
        if line.startswith("T"):
            tid, middle, shown = line.split("\t")
            kind, where = middle.split(" ", 1)
            frags = [tuple(map(int, part.split(" "))) for part in where.split(";")]
            ts[tid] = (kind, frags, shown)
        elif line.startswith("A"):
            _, middle = line.split("\t")
            name, target, value = middle.split(" ")
            attrs[target] = (name, value)
        elif line.startswith("#"):
            _, middle, note = line.split("\t")
            notes[middle.split(" ")[1]] = note
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return ts, attrs, notes


def _conf_types(conf):
    section, types = None, set()
    for line in conf.splitlines():
        if line.startswith("["):
            section = line
        elif line.strip() and section == "[entities]":
            types.add(line.strip())
    return types


def test_every_text_bound_annotation_matches_the_text(store, tmp_path):
    ids = build_corpus(store)
    report = export(store, "brat", tmp_path / "out")
    folder = tmp_path / "out" / "all"
    types = _conf_types((tmp_path / "out" / "annotation.conf").read_text("utf-8"))
    assert types == {"claim", "denial", "demand", "evidence"}
    total = 0
    for article_id, original in zip(ids, TEXTS, strict=True):
        txt = (folder / f"{article_id}.txt").read_bytes().decode("utf-8")
        assert txt == original  # untouched, line break and all
        ts, attrs, _ = _parse_ann((folder / f"{article_id}.ann").read_text("utf-8"))
        for tid, (kind, frags, shown) in ts.items():
            assert kind in types
            assert " ".join(txt[s:e] for s, e in frags) == shown
            assert all(s < e and "\n" not in txt[s:e] for s, e in frags)
            assert attrs[tid][0] == "Annotator"
        total += len(ts)
    assert total == report.written == 12


def test_a_span_across_a_line_break_becomes_fragments(store, tmp_path):
    ids = build_corpus(store)
    export(store, "brat", tmp_path / "out")
    ts, attrs, notes = _parse_ann((tmp_path / "out" / "all" / f"{ids[0]}.ann").read_text("utf-8"))
    denial = next(t for t in ts.values() if t[0] == "denial")
    assert denial[2] == "denied the report. NATO dem"
    assert len(denial[1]) == 2
    assert denial[1][0][1] + 1 == denial[1][1][0]  # split exactly at the "\n"
    evidence = next(tid for tid, t in ts.items() if t[0] == "evidence")
    assert notes[evidence] == "nested over claim"  # a note is one line in brat
    assert attrs[evidence] == ("Annotator", "alice")


def test_fragments_skip_empty_lines():
    text = "ab\n\ncd\r\nef"
    assert fragments(text, 0, len(text)) == [(0, 2), (4, 6), (8, 10)]
    assert fragments(text, 2, 4) == []


def test_names_with_spaces_become_one_word_and_are_reported(store, tmp_path):
    ids = build_corpus(store)
    store.labels.add("policy position")
    store.add_span(ids[3], "Mary Jones", "policy position", 0, 10)
    report = export(store, "brat", tmp_path / "out", ExportOptions(annotators=("Mary Jones",)))
    conf = (tmp_path / "out" / "all" / "annotation.conf").read_text("utf-8")
    assert "policy_position" in _conf_types(conf)
    assert re.search(r"^Annotator\tArg:<ENTITY>, Value:Mary_Jones$", conf, re.M)
    ts, attrs, _ = _parse_ann((tmp_path / "out" / "all" / f"{ids[3]}.ann").read_text("utf-8"))
    assert list(attrs.values()) == [("Annotator", "Mary_Jones")]
    assert list(ts.values()) == [("policy_position", [(0, 10)], TEXTS[3][:10])]
    assert any("'policy position' is written as 'policy_position'" in n for n in report.notes)
