"""Every file an export writes stays valid for its format whatever the names, titles, notes and metadata hold.

The hostile string holds every C0 control character (NUL included), DEL,
``<>&"'``, U+2028, U+2029, U+0085 and U+FEFF. It is written straight into a
real database file (as another program or an old version could), then every
format is exported through the command and read back with its real consumer:
json, csv, xml.etree (``labeling_config.xml``), brat's own line and name rules,
spaCy's ``DocBin``, ``datasets.load_from_disk`` and markdown-it for the card.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from annotator.cli import cli
from annotator.exporters import FORMATS
from annotator.model import ArticleIn
from annotator.store import Store

HOSTILE = "".join(chr(c) for c in range(32)) + "\x7f<>&\"' \u2028\u2029\x85\ufeff"
LABEL = f"cl{HOSTILE}aim"
SPACED = "two words"
WHO = f"al{HOSTILE}ice"
TITLE = f"Title {HOSTILE} end"
NOTE = f"note {HOSTILE} end"
META = {f"key{HOSTILE}": [f"value{HOSTILE}", {"nested": HOSTILE}]}
TEXT = f"Putin denied{HOSTILE}the report. NATO demanded guarantees.\nA second line here."


def _span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "a.db"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text=TEXT, title="t", meta={"plain": 1}))
        store.labels.add(SPACED, guideline=HOSTILE)
        store.add_span(aid, "bob", "claim", *_span("Putin"), note="n")
        store.add_span(aid, "bob", SPACED, *_span("NATO demanded"))
        store.add_span(aid, "bob", "denial", _span("denied")[0], _span("the report")[1])  # across the controls
        store.add_span(aid, "bob", "evidence", _span("guarantees.")[0], _span("second")[1])  # across a line
    with sqlite3.connect(db) as conn:  # what the store's own checks would refuse, written as another program would
        conn.execute("UPDATE labels SET name = ?, guideline = ? WHERE name = 'claim'", (LABEL, HOSTILE))
        conn.execute("UPDATE annotators SET name = ? WHERE name = 'bob'", (WHO,))
        conn.execute("UPDATE articles SET title = ?, meta = ?", (TITLE, json.dumps(META, ensure_ascii=False)))
        conn.execute("UPDATE spans SET note = ? WHERE note = 'n'", (NOTE,))
    return db


@pytest.fixture(scope="module")
def exported(hostile_db, tmp_path_factory):
    """Export every format once; each test reads one."""
    folder = tmp_path_factory.mktemp("exports")

    def get(fmt: str) -> Path:
        out = folder / fmt
        if not out.exists():
            result = CliRunner().invoke(
                cli, ["--db", str(hostile_db), "export", "--format", fmt, "--out", str(out), "--all-annotators", "-q"]
            )
            assert result.exit_code == 0, result.output
        return out

    return get


LABELS = [LABEL, "denial", "demand", "evidence", SPACED]


def _json_lines(path: Path) -> list[dict]:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) == text.count("\n")  # no line end but \n, even for str.splitlines
    return [json.loads(line) for line in text.split("\n") if line]


def test_jsonl_gives_back_every_string(exported):
    [row] = _json_lines(exported("jsonl") / "all.jsonl")
    assert row["text"] == TEXT and row["metadata"]["title"] == TITLE and row["metadata"]["meta"] == META
    assert {s["label"] for s in row["spans"]} == {LABEL, SPACED, "denial", "evidence"}
    assert {s["annotator"] for s in row["spans"]} == {WHO}
    assert NOTE in {s["note"] for s in row["spans"]}
    assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["spans"])


def test_doccano_gives_back_every_string(exported):
    [row] = _json_lines(exported("doccano") / "all.jsonl")
    assert row["title"] == TITLE and row["text"] == TEXT
    assert {label for _, _, label in row["label"]} == {LABEL, SPACED, "denial", "evidence"}


def test_label_studio_config_is_xml_and_names_the_labels_its_tasks_use(exported):
    out = exported("label-studio")
    text = (out / "all.json").read_text("utf-8")
    assert len(text.splitlines()) == text.count("\n")
    [task] = json.loads(text)
    assert task["data"]["title"] == TITLE and task["data"]["text"] == TEXT
    config = ET.parse(out / "labeling_config.xml").getroot()
    values = [label.get("value") for label in config.iter("Label")]
    used = {name for a in task["annotations"] for r in a["result"] for name in r["value"]["labels"]}
    assert used <= set(values) and len(values) == len(LABELS)
    assert SPACED in values and "denial" in values
    card = (out / "README.md").read_text("utf-8")
    assert "is written as" in card  # the label XML cannot hold is renamed, and the card says so


def test_csv_reads_back_with_the_csv_module(exported):
    with open(exported("csv") / "spans.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    undo = {k: v[1:] if v.startswith("'") else v for k, v in rows[0].items()}
    assert {r["title"] for r in rows} == {TITLE} and {r["annotator"] for r in rows} == {WHO}
    assert {r["label"] for r in rows} == {LABEL, SPACED, "denial", "evidence"}
    assert NOTE in {r["note"] for r in rows} and undo["text"] == TEXT[int(undo["start"]) : int(undo["end"])]


_T_LINE = re.compile(r"T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_BRAT_NAME = re.compile(r"[^\W\d][\w\-.]*|[\w][\w\-.]*")


def _brat_conf(text: str) -> tuple[set[str], set[str]]:
    types, values, section = set(), set(), ""
    for line in text.splitlines():
        if line.startswith("["):
            section = line
        elif line and section == "[entities]":
            assert _BRAT_NAME.fullmatch(line), line
            types.add(line)
        elif line and section == "[attributes]":
            _, args = line.split("\t")
            values |= set(args.split("Value:")[1].split("|"))
    return types, values


def test_brat_files_follow_brats_rules(exported):
    out = exported("brat")
    types, people = _brat_conf((out / "annotation.conf").read_text("utf-8"))
    assert len(types) == len(LABELS) and all(_BRAT_NAME.fullmatch(p) for p in people)
    txt = (out / "all" / "1.txt").read_bytes().decode("utf-8")
    assert txt == TEXT
    lines = (out / "all" / "1.ann").read_text("utf-8").splitlines()  # brat reads .ann with str.splitlines
    spans = 0
    for line in lines:
        if line.startswith("T"):
            found = _T_LINE.fullmatch(line)
            assert found, line
            frags = [tuple(map(int, f.split())) for f in found.group(3).split(";")]
            assert found.group(2) in types
            assert " ".join(txt[s:e] for s, e in frags) == found.group(4)
            spans += 1
        elif line.startswith("A"):
            _, middle = line.split("\t")
            name, _, value = middle.split(" ")
            assert name == "Annotator" and value in people
        else:
            assert re.fullmatch(r"#\d+\tAnnotatorNotes T\d+\t[^\t]*", line), line
    assert spans == 4
    card = (out / "README.md").read_text("utf-8")
    assert "label 'two words' is written as 'two_words' (brat names are one word)" in card


def test_conll_lines_are_token_and_tag(exported):
    from seqeval.metrics.sequence_labeling import get_entities

    tags = []
    for line in (exported("conll") / "all.conll").read_text("utf-8").splitlines():
        if not line or line.startswith("-DOCSTART-"):
            continue
        token, tag = line.rsplit(" ", 1)
        assert token and " " not in token and re.fullmatch(r"O|[BI]-[\w\-.]+", tag), line
        tags.append(tag)
    assert {kind for kind, _, _ in get_entities(tags)} >= {"denial"}


def test_spacy_docbin_loads(exported):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    [doc] = list(DocBin().from_disk(exported("spacy") / "all" / "0000.spacy").get_docs(nlp.vocab))
    assert doc.text == TEXT and doc.user_data["title"] == TITLE
    assert {s.label_ for s in doc.spans["sc"]} == {LABEL, SPACED, "denial", "evidence"}


def test_hf_dataset_loads(exported):
    import datasets

    ds = datasets.load_from_disk(str(exported("hf")))["train"]
    assert ds.features["spans"].feature["label"].names == LABELS
    row = ds[0]
    assert row["title"] == TITLE and json.loads(row["meta"]) == META
    assert {s["annotator"] for s in row["spans"]} == {WHO} and NOTE in {s["note"] for s in row["spans"]}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_card_keeps_its_structure(exported, fmt):
    card = (exported(fmt) / "README.md").read_text("utf-8")
    html = MarkdownIt("commonmark").enable("table").render(card)
    assert html.count("<h2>") == len(re.findall(r"^## ", card, re.M)) >= 6
    header, *rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert all(row.count("<td>") == header.count("<th>") for row in rows)
    assert len(rows) == len(LABELS) + 2
    assert not set(card) & (set(HOSTILE) - set("\n<>&\"' "))  # no raw control character left in the card
