"""A hostile or damaged file given to `annotator merge`: refused whole with the file and the row, exit 1.

Each case is a real file the application wrote, then changed behind its back
with plain SQL, and merged with the real command. Nothing stored before may
change (the whole database is compared), the file merged is left byte for
byte as it was, and no traceback is ever printed.
"""

from __future__ import annotations

import pytest
from merge_files import TEXT, cli, dump, folder_state, laptop, tamper

DEEP_META = '\'{"x": ' + "[" * 2000 + "]" * 2000 + "}'"

CASES = {
    "a REAL offset": (
        "UPDATE spans SET start = start + 0.5 WHERE id = 1",
        "spans row 1: start 6.5 is not a whole number",
    ),
    "an unknown status": (
        "UPDATE article_status SET status = 'weird'",
        "article_status row 1: status 'weird' is not one of todo, in progress, done, skipped",
    ),
    "a colour 'red'": (
        "UPDATE labels SET color = 'red' WHERE name = 'threat'",
        "labels row 5: color 'red' is not written #RRGGBB",
    ),
    "a negative offset": ("UPDATE spans SET start = -3 WHERE id = 1", "spans row 1: start -3 is negative"),
    "end before start": (
        'UPDATE spans SET "end" = 2 WHERE id = 1',
        "spans row 1: [6, 2) is not a span inside its article",
    ),
    "a label name with a newline": (
        "UPDATE labels SET name = 'thr' || char(10) || 'eat' WHERE name = 'threat'",
        "labels row 5: name 'thr\\x0aeat' is not a name on one line",
    ),
    "a span text that is not the slice": (
        "UPDATE spans SET text = 'accepted' WHERE id = 1",
        "spans row 1: its text 'accepted' is not the article's 'denied' at [6, 12)",
    ),
    "a changed article text": (
        "UPDATE articles SET text = replace(text, 'denied', 'admits') WHERE id = 1",
        "articles row 1: its sha256 is not the hash of its text",
    ),
    "text that is not UTF-8": (
        "UPDATE articles SET title = CAST(X'C328' AS TEXT) WHERE id = 1",
        "articles row 1: title is not valid UTF-8",
    ),
    "metadata nested 2000 deep": (
        f"UPDATE articles SET meta = {DEEP_META} WHERE id = 1",
        "articles row 1: meta is nested more than 100 levels deep",
    ),
    "metadata that is not JSON": (
        "UPDATE articles SET meta = 'not json' WHERE id = 2",
        "articles row 2: meta is not JSON",
    ),
    "an unknown annotator kind": (
        "UPDATE annotators SET kind = 'robot'",
        "annotators row 1: kind 'robot' is not one of human, gold",
    ),
    "a timestamp that is not one": (
        "UPDATE spans SET updated_at = 'yesterday' WHERE id = 2",
        "spans row 2: updated_at 'yesterday' is not a date and time",
    ),
    "a span of an article not in the file": (
        "UPDATE spans SET article_id = 99 WHERE id = 2",
        "spans row 2: its article 99 is not in the file",
    ),
    "a missing table": ("DROP TABLE article_status", "was not merged: the table 'article_status' is missing"),
    "a missing column": ("ALTER TABLE spans DROP COLUMN note", "the table 'spans' lacks the column(s) note"),
    "a newer schema": (
        "INSERT INTO schema_version VALUES (99, 'the future')",
        "was written by a newer version of annotator (schema 99",
    ),
    "a trigger": (
        "CREATE TRIGGER sneaky AFTER INSERT ON spans BEGIN DELETE FROM labels; END",
        "was not merged: it holds a trigger 'sneaky', which annotator never makes",
    ),
    "a view": ("CREATE VIEW every_span AS SELECT * FROM spans", "it holds a view 'every_span'"),
    "no annotator tables at all": ("DROP TABLE schema_version", "it is not an annotator database"),
}


@pytest.fixture
def here(tmp_path):
    """This reviewer's database, holding bob's work on the same article, and what it holds."""
    db = laptop(tmp_path / "reviewer.db", "bob", words=(("claim", "NATO must stop"),))
    return db, dump(db)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_refused_whole_naming_the_file_and_the_row(tmp_path, here, case):
    sql, message = CASES[case]
    folder = tmp_path / "incoming"
    folder.mkdir()
    other = laptop(folder / "alice.db")
    tamper(other, sql)
    before = folder_state(folder)
    db, stored = here
    proc = cli("--db", db, "merge", other)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert proc.stderr.startswith(f"refused: {other}") and message in proc.stderr, proc.stderr
    assert dump(db) == stored  # nothing stored changed, not even the record of merges
    assert folder_state(folder) == before  # the file merged was only read


def test_bad_rows_are_all_named_up_to_ten_and_counted(tmp_path, here):
    other = laptop(tmp_path / "alice.db")
    tamper(other, "UPDATE spans SET start = start + 0.25; UPDATE article_status SET status = 'weird'")
    with_many = laptop(tmp_path / "carol.db", "carol", words=[("claim", w) for w in TEXT.split()[:14]])
    tamper(with_many, "UPDATE spans SET text = 'x'")
    db, stored = here
    proc = cli("--db", db, "merge", other, with_many)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(
        f"refused: {other} was not merged: 3 rows cannot be trusted (nothing of this file "
        "was kept): spans row 1: start 6.25 is not a whole number; spans row 2:"
    )
    assert lines[1].startswith(f"refused: {with_many} was not merged: 14 rows cannot be trusted")
    assert lines[1].count("spans row ") == 10 and lines[1].endswith("; and 4 more")
    assert dump(db) == stored


def test_a_good_file_after_a_refused_one_is_merged(tmp_path, here):
    bad = laptop(tmp_path / "alice.db")
    tamper(bad, "UPDATE labels SET color = 'red' WHERE name = 'threat'")
    good = laptop(tmp_path / "carol.db", "carol", words=(("denial", "denied"),))
    db, _ = here
    proc = cli("--db", db, "merge", bad, good)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout == f"{good}: 0 articles added, 1 span added, 1 status updated, 0 notes updated, 0 conflicts\n"


def test_a_large_file_is_fine(tmp_path, here):
    from annotator.model import ArticleIn
    from annotator.store import Store

    other = tmp_path / "big.db"
    with Store(other) as big:
        texts = [f"Article {n}: the minister denied the report and demanded an apology." for n in range(300)]
        ids = [i for i, _ in (big.add_article(ArticleIn(text=t, title=t[:12])) for t in texts)]
        with big.write():
            for article_id, text in zip(ids, texts):
                for word in ("denied", "demanded", "report", "apology", "minister"):
                    at = text.index(word)
                    big.add_span(article_id, "dana", "claim", at, at + len(word), text=text)
    db, _ = here
    proc = cli("--db", db, "merge", other)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{other}: 300 articles added, 1,500 spans added")
