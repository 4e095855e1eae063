"""The shared tokenizer and sentence splitter keep offsets exact on messy text."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.tokenize import sentences, tokenize


def test_tokens_of_news_text():
    text = 'The U.S. said: "Kyiv-based troops won\'t stop." Mr. Putin cited 100,000 troops.'
    assert [t.text for t in tokenize(text)] == [
        "The",
        "U.S.",
        "said",
        ":",
        '"',
        "Kyiv-based",
        "troops",
        "won't",
        "stop",
        ".",
        '"',
        "Mr.",
        "Putin",
        "cited",
        "100,000",
        "troops",
        ".",
    ]


def test_emoji_combining_and_rtl_stay_whole():
    text = "👩‍👩‍👧 🇺🇦 e\u0301te שלום עולם"
    assert [t.text for t in tokenize(text)] == ["👩‍👩‍👧", "🇺🇦", "e\u0301te", "שלום", "עולם"]


def test_sentences_respect_abbreviations_and_lines():
    text = 'The U.S. said no. "Really?" he asked.\nNext paragraph'
    assert [text[a:b] for a, b in sentences(text)] == [
        "The U.S. said no.",
        '"Really?"',
        "he asked.",
        "Next paragraph",
    ]


@given(st.text())
def test_offsets_always_slice_to_token_text(text):
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)


# Characters that meet every alternative of the token rule and the places they compete.
_PIECES = st.sampled_from(
    [
        *"ab Z9_.,:'’-\u0301\u0300\n\t\u00a0\u2028\ufe0f\u200d",
        *("U.S.", "Mr.", "Mrs", "3.5", "100,000", "10:30"),
        *("💩", "🇺🇦", "👩\u200d💻", "é", "שלום", "Kyiv-based", "don't", "\r\n", "St.", "etc.", "٣", "²", "👍🏽"),
    ]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_tokens_are_those_of_the_written_rule(text):
    """tokenize finds its tokens by a faster route than the rule as written; the tokens are the same."""
    from annotator.tokenize import _TOKEN

    assert tokenize(text) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def test_tokens_of_the_sample_articles_are_those_of_the_written_rule():
    from pathlib import Path

    from annotator.tokenize import _TOKEN

    folder = Path(__file__).resolve().parent.parent / "sample_articles"
    for path in sorted(folder.iterdir()):
        text = path.read_text("utf-8", errors="replace")
        assert tokenize(text) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)], path.name


@given(st.lists(st.sampled_from([*"ab .!?…\n\t\"'”’)]", "Mr.", "U.S.", "\r\n", " "]), max_size=40).map("".join))
def test_sentence_ends_are_those_of_the_written_rule(text):
    import re

    from annotator.tokenize import _SENTENCE_END

    written = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)|\n""")
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in written.finditer(text)]
