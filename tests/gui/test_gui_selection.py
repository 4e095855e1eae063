"""Selection rules on plain strings (no Qt): snapping, words, sentences, clauses."""

from __future__ import annotations

import pytest

from annotator.gui.text import selection as sel

TEXT = (
    "“In a dialogue with the U.S., we will insist,” Putin said. Mr. Smith — the envoy — denied it (again).\n"
    "\n"
    "💩This is an annotation. It costs $5 billion!"
)


def words(r):
    return None if r is None else TEXT[r[0] : r[1]]


def test_snap_widens_to_words_and_drops_space_and_punctuation():
    i = TEXT.index("dialogue")
    assert words(sel.snap(TEXT, i + 2, i + 12)) == "dialogue with"
    assert words(sel.snap(TEXT, 0, TEXT.index("Putin"))) == "In a dialogue with the U.S., we will insist"
    assert words(sel.snap(TEXT, TEXT.index("U.S."), TEXT.index("U.S.") + 2)) == "U.S."  # initialism kept whole
    assert sel.snap(TEXT, 45, 47) is None  # only punctuation and space
    assert sel.snap(TEXT, 5, 5) is None


def test_snap_keeps_symbols_and_emoji_whole():
    i = TEXT.index("$")
    assert words(sel.snap(TEXT, i, i + 4)) == "$5 billion"
    j = TEXT.index("💩")
    assert words(sel.snap(TEXT, j, j + 3)) == "💩This"


def test_grow_and_shrink_by_a_word_at_either_end():
    i = TEXT.index("a dialogue")
    r = (i, i + len("a dialogue"))
    assert words(sel.grow_end(TEXT, *r)) == "a dialogue with"
    assert words(sel.grow_start(TEXT, *r)) == "In a dialogue"
    assert words(sel.shrink_end(TEXT, *r)) == "a"
    assert words(sel.shrink_start(TEXT, *r)) == "dialogue"
    one = (i, i + 1)
    assert sel.shrink_end(TEXT, *one) == one and sel.shrink_start(TEXT, *one) == one
    # From a bare cursor, growing takes the word at the cursor.
    k = TEXT.index("insist") + 2
    assert words(sel.grow_end(TEXT, k, k)) == "insist"
    # Growing across punctuation skips it: the next *word*.
    j = TEXT.index("insist")
    assert words(sel.grow_end(TEXT, j, j + 6)) == "insist,” Putin"


def test_sentences_next_previous_and_at():
    first = sel.sentence_at(TEXT, 5)
    assert words(first) == "“In a dialogue with the U.S., we will insist,” Putin said."
    second = sel.next_sentence(TEXT, *sel.snap(TEXT, *first))
    assert words(second) == "Mr. Smith — the envoy — denied it (again)."
    third = sel.next_sentence(TEXT, *second)  # across the blank line
    assert words(third) == "💩This is an annotation."
    assert words(sel.previous_sentence(TEXT, *third)) == words(second)
    assert words(sel.previous_sentence(TEXT, *sel.snap(TEXT, *second))) == words(first)
    assert sel.previous_sentence(TEXT, *first) is None
    last = sel.next_sentence(TEXT, *third)
    assert words(last) == "It costs $5 billion!"
    assert sel.next_sentence(TEXT, *last) is None
    assert words(sel.next_sentence(TEXT, 0, 0)) == words(first)  # the cursor at a sentence start


def test_clauses_and_cycling():
    c1 = sel.select_clause(TEXT, 3, 3)
    assert words(sel.snap(TEXT, *c1)) == "In a dialogue with the U.S."
    c2 = sel.select_clause(TEXT, *sel.snap(TEXT, *c1))
    assert words(c2) == "we will insist"
    c3 = sel.select_clause(TEXT, *c2)
    assert words(c3) == "Putin said."
    c4 = sel.select_clause(TEXT, *sel.snap(TEXT, *c3))
    assert words(c4) == "Mr. Smith"  # on into the next sentence
    assert words(sel.clause_at(TEXT, TEXT.index("envoy"))) == "the envoy"
    assert words(sel.clause_at(TEXT, TEXT.index("again"))) == "again"


def test_numbers_with_commas_do_not_split_clauses():
    text = "Officials counted 100,000 troops near the border, the report said."
    assert text[slice(*sel.clause_at(text, 3))] == "Officials counted 100,000 troops near the border"


@pytest.mark.parametrize(
    "fn",
    [
        sel.grow_end,
        sel.grow_start,
        sel.shrink_end,
        sel.shrink_start,
        sel.next_sentence,
        sel.previous_sentence,
        sel.select_clause,
    ],
)
def test_cheap_on_a_huge_text(fn):
    import time

    text = ("Word after word, said the envoy. " * 40 + "\n") * 800  # about 1 MB
    mid = len(text) // 2
    began = time.perf_counter()
    for _ in range(20):
        fn(text, mid, mid + 30)
    assert (time.perf_counter() - began) / 20 < 0.01  # per keystroke, whatever the article's size


def test_empty_and_edge_texts():
    assert sel.sentence_at("", 0) is None
    assert sel.next_sentence("", 0, 0) is None
    assert sel.previous_sentence("", 0, 0) is None
    assert sel.clause_at("   ", 1) is None
    assert sel.grow_end("abc", 3, 3) == (3, 3)
    assert sel.snap("abc", 5, 9) is None


def test_snap_keeps_quotes_and_brackets_balanced():
    text = 'Putin said «NATO» must stop (now) and “never” "again" here.'

    def snapped(a, b):
        start, end = sel.snap(text, text.index(a), text.index(b) + len(b))
        return text[start:end]

    assert snapped("Putin", "NATO") == "Putin said «NATO»"
    assert snapped("NATO", "stop") == "«NATO» must stop"
    assert snapped("stop", "now") == "stop (now)"
    assert snapped("and", "never") == "and “never”"
    assert snapped("and", "again") == 'and “never” "again"'
    assert snapped("never", "here") == '“never” "again" here'
    assert snapped("must", "stop") == "must stop"
