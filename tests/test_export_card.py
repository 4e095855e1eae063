"""The dataset card: its command repeats the export (``--db`` kept, any name quoted), and gold's gaps are told."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from annotator import adjudication as adj
from annotator.model import ArticleIn, Status
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def fenced_command(card: str) -> str:
    """The shell block of the card, as markdown-it reads it."""
    blocks = [t for t in MarkdownIt("commonmark").parse(card) if t.type == "fence" and t.info == "sh"]
    assert len(blocks) == 1
    return blocks[0].content.strip("\n")


def data_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in ("README.md", ".annotator-export.json")
    }


def test_the_cards_command_run_by_bash_repeats_the_export_on_the_same_database(tmp_path):
    folder = tmp_path / "it's a $HOME `dir`"
    folder.mkdir()
    db = folder / "my annotations.db"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report. NATO demanded guarantees.", title="t"))
        store.labels.add('it\'s "quoted" $(x)')
        store.add_span(aid, "o'brien -x", 'it\'s "quoted" $(x)', 0, 5)
        store.add_span(aid, "o'brien -x", "denial", 6, 12)
        store.add_span(aid, "bob", "claim", 0, 5)
    other = tmp_path / "other.db"  # the default database of the shell running the command: must not be used
    out = tmp_path / "out put"
    proc = cli(
        "--db",
        db,
        "export",
        "--format",
        "jsonl",
        "--out",
        out,
        "--annotator",
        "o'brien -x",
        "--label",
        'it\'s "quoted" $(x)',
        "--label",
        "denial",
        "--split",
        "0.5,0.25,0.25",
        "--seed",
        "7",
        "-q",
    )
    assert proc.returncode == 0, proc.stderr
    before = data_files(out)
    command = fenced_command((out / "README.md").read_text("utf-8"))
    assert command.startswith("annotator --db ")
    env = {**os.environ, "ANNOTATOR_DB": str(other), "PY": sys.executable, "PYTHONPATH": str(ROOT)}
    script = 'annotator() { "$PY" -m annotator "$@"; }\n' + command + "\n"
    again = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, stdin=subprocess.DEVNULL
    )
    assert again.returncode == 0, again.stderr
    assert data_files(out) == before
    assert not other.exists()


def test_a_name_with_control_characters_is_quoted_so_bash_gives_it_back(tmp_path):
    db = tmp_path / "a.db"
    name = "line\nbreak\ttab\x01\u2028é'"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report.", title="t"))
        store.add_span(aid, name, "denial", 6, 12)
    out = tmp_path / "out"
    assert cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", name, "-q").returncode == 0
    command = fenced_command((out / "README.md").read_text("utf-8"))
    assert "\n" not in command
    script = 'printf "%s\\0" ' + command.removeprefix("annotator ")
    argv = subprocess.run(["bash", "-c", script], capture_output=True, env={"LC_ALL": "C"}).stdout.split(b"\0")
    assert name.encode("utf-8") in argv and str(db).encode() in argv


def _review_corpus(db: Path) -> None:
    """A: reviewed and adjudicated; B: two disagreements, nothing decided; C: one annotator only."""
    with Store(db) as store:
        a, _ = store.add_article(ArticleIn(text="Putin denied the report. NATO demanded guarantees.", title="A"))
        b, _ = store.add_article(ArticleIn(text="Moscow said the strike hit a depot. Kyiv denied it.", title="B"))
        c, _ = store.add_article(ArticleIn(text="Only one annotator read this one.", title="C"))
        for who in ("alice", "bob"):
            store.add_span(a, who, "denial", 6, 12)
        store.add_span(a, "alice", "claim", 25, 37)
        store.add_span(a, "bob", "demand", 25, 37)
        store.add_span(b, "alice", "claim", 0, 11)
        store.add_span(b, "bob", "claim", 0, 35)
        store.add_span(b, "alice", "denial", 41, 47)
        store.add_span(c, "alice", "claim", 0, 4)
        adj.accept_agreed(store, a, ["alice", "bob"])
        claim = next(s for s in store.spans(a, ["alice"]) if s.label == "claim")
        adj.accept(store, claim)
        store.set_status(a, adj.GOLD, Status.DONE)
        assert [it.resolved for it in adj.disagreements(store, b, ["alice", "bob"])] == [False, False]


def test_exporting_gold_with_unadjudicated_articles_warns_and_the_card_counts_the_gaps(tmp_path):
    db = tmp_path / "a.db"
    _review_corpus(db)
    out = tmp_path / "gold"
    proc = cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "gold", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (
        "warning: 1 of the 2 exported articles that two or more annotators worked on is not adjudicated yet"
        in proc.stderr
    )
    card = (out / "README.md").read_text("utf-8")
    gold = card[card.index("## Gold layer") : card.index("## Labels")]
    assert "1 of the 2 articles that two or more annotators worked on is not marked adjudicated" in gold
    assert "2 review items (disagreements between the annotators) are undecided, in 1 article" in gold
    assert "Nothing was dropped" not in card and "the gold layer itself is incomplete" in card


def test_gold_of_adjudicated_articles_only_says_so_and_does_not_warn(tmp_path):
    db = tmp_path / "a.db"
    _review_corpus(db)
    out = tmp_path / "gold"
    proc = cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "gold", "--done-only", "-q")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    card = (out / "README.md").read_text("utf-8")
    assert "1 article not marked adjudicated left out by --done-only" in card
    assert "0 review items" in card  # the adjudicated article has every item decided


def test_an_export_without_gold_has_no_gold_section(tmp_path):
    db = tmp_path / "a.db"
    _review_corpus(db)
    out = tmp_path / "people"
    proc = cli("--db", db, "export", "--format", "jsonl", "--out", out, "--annotator", "alice", "-q")
    assert proc.returncode == 0 and "warning" not in proc.stderr
    assert "## Gold layer" not in (out / "README.md").read_text("utf-8")


def test_hostile_names_keep_the_card_structure(tmp_path):
    """Label, annotator and guideline text with Markdown and control characters, read back by markdown-it."""
    db = tmp_path / "a.db"
    label = "cl|aim *x* `y` <b>&amp;\n## injected"
    who = "al_ice_ [link](http://x) \x01"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report.", title="t"))
        store.conn.execute("UPDATE labels SET name = ?, guideline = ? WHERE name = 'claim'", (label, label))
        store.labels.forget()
        store.add_span(aid, who, label, 0, 5)
    out = tmp_path / "out"
    assert cli("--db", db, "export", "--format", "jsonl", "--out", out, "--all-annotators", "-q").returncode == 0
    card = (out / "README.md").read_text("utf-8")
    html = MarkdownIt("commonmark").enable("table").render(card)
    assert html.count("<h2>") == card.count("\n## ") and "injected</h2>" not in html
    header, *rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert header.count("<th>") == 3 and len(rows) == 6  # label, all, total; 4 labels, spans, articles
    assert all(row.count("<td>") == 3 for row in rows)
    assert "<b>" not in html and "<a href" not in html and "<em>" not in html
    assert "cl|aim *x* `y` &lt;b&gt;&amp;amp;\\n## injected" in html


def test_a_folder_name_that_is_not_utf8_comes_back_byte_for_byte_from_the_cards_command(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report.", title="t"))
        store.add_span(aid, "alice", "denial", 6, 12)
    out = os.fsencode(tmp_path) + b"/caf\xe9-latin1"  # a name made on a Latin-1 system
    proc = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"annotator",
            b"--db",
            os.fsencode(db),
            b"export",
            b"--format",
            b"jsonl",
            b"--out",
            out,
            b"--all-annotators",
            b"-q",
        ],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8", "replace").startswith("exported 1 article and 1 span as jsonl")
    card = (Path(os.fsdecode(out)) / "README.md").read_text("utf-8")
    assert "1 span was selected; 1 was written." in card
    script = 'printf "%s\\0" ' + fenced_command(card).removeprefix("annotator ")
    argv = subprocess.run(["bash", "-c", script], capture_output=True, env={"LC_ALL": "C"}).stdout.split(b"\0")
    assert out in argv
