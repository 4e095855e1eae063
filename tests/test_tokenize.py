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
