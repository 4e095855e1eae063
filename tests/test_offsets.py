"""Code points <-> UTF-16: the golden case from REFERENCE.md and a property test."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.offsets import Utf16Map, from_utf16, to_utf16, utf16_length


def test_golden_case_poop_emoji():
    text = "💩This is an annotation."
    assert text[12:22] == "annotation"
    assert (to_utf16(text, 12), to_utf16(text, 22)) == (13, 23)
    assert (from_utf16(text, 13), from_utf16(text, 23)) == (12, 22)
    assert text.encode("utf-16-le")[13 * 2 : 23 * 2].decode("utf-16-le") == "annotation"


def test_position_inside_a_surrogate_pair_rounds_down():
    m = Utf16Map("a😀b")
    assert [m.from_utf16(p) for p in range(5)] == [0, 1, 1, 2, 3]


@given(st.text())
def test_round_trip_every_offset(text):
    m = Utf16Map(text)
    assert m.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        pos = m.to_utf16(cp)
        assert m.from_utf16(pos) == cp
        assert text.encode("utf-16-le")[: pos * 2].decode("utf-16-le", "surrogatepass") == text[:cp]
