"""Bytes -> stored text: encodings, BOMs, line endings, binary data, and the offset map."""

import codecs

import pytest

from annotator.importers.decode import Refused, decode_bytes, normalise, read_bytes


def test_utf8_is_read_as_is():
    decoded = decode_bytes("Putin said “no” 😀\n".encode())
    assert decoded.text == "Putin said “no” 😀\n"
    assert decoded.encoding == "utf-8"
    assert decoded.steps == ()
    assert decoded.meta == {}
    assert decoded.note("a.txt") is None


def test_bom_and_crlf_are_normalised_and_recorded():
    decoded = decode_bytes(codecs.BOM_UTF8 + b"Title\r\nBody\r\n")
    assert decoded.text == "Title\nBody\n"
    assert decoded.steps == ("bom removed", "crlf -> lf")


def test_lone_cr_becomes_lf():
    decoded = decode_bytes(b"old mac\rline two\r\nthree")
    assert decoded.text == "old mac\nline two\nthree"
    assert decoded.steps == ("crlf -> lf", "cr -> lf")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marked_utf16_and_utf32(encoding):
    data = "Заявление 😀\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    decoded = decode_bytes(data)
    assert decoded.text == "Заявление 😀\n"
    assert "bom removed" in decoded.steps
    assert decoded.encoding in ("utf-16", "utf-32")
    assert decoded.meta == {"encoding": decoded.encoding}


def test_latin1_is_detected_and_noted():
    text = "Le président a déclaré à Moscou que la Russie exige des garanties. Ça suffit."
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.how == "detected"
    assert decoded.meta["encoding"] != "utf-8"
    assert "read as" in decoded.note("f.txt") and decoded.note("f.txt").startswith("f.txt")


def test_cp1252_quotes_are_detected():
    text = "Putin said “we don’t want war” – but demands guarantees… a naïve résumé."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_cyrillic_cp1251_is_detected():
    text = "Президент России заявил, что Москва потребует гарантий от Запада."
    assert decode_bytes(text.encode("cp1251")).text == text


def test_declared_charset_wins_over_detection():
    text = "Президент заявил"
    decoded = decode_bytes(text.encode("koi8-r"), declared="koi8-r")
    assert decoded.text == text
    assert decoded.how == "declared"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary\x00", bytes(range(256)) * 4, b"PK\x03\x04\x14\x00\x00\x00\x08\x00"],
)
def test_binary_is_refused(data):
    with pytest.raises(Refused, match="binary|NUL|encoding"):
        decode_bytes(data)


def test_control_characters_without_nul_are_binary():
    with pytest.raises(Refused, match="binary"):
        decode_bytes(b"\x01\x02\x03\x04\x05 text \x06\x07\x08")


def test_whitespace_only_is_refused():
    with pytest.raises(Refused, match="empty"):
        decode_bytes(b" \r\n\t \n")


def test_read_bytes_checks_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    opened = []
    monkeypatch.setattr(type(path), "open", lambda *a, **k: opened.append(a) or pytest.fail("read"))
    with pytest.raises(Refused, match="too large"):
        read_bytes(path, 100)
    assert opened == []


def test_read_bytes_refuses_empty_and_missing(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(Refused, match="empty"):
        read_bytes(tmp_path / "empty.txt", 100)
    with pytest.raises(Refused, match="no such file"):
        read_bytes(tmp_path / "missing.txt", 100)


class TestOffsetMap:
    """Raw offsets (as a JSON file counts them) -> offsets in the normalised text."""

    def test_identity_without_changes(self):
        norm = normalise("plain\ntext")
        assert [norm.offset(i) for i in range(11)] == list(range(11))

    def test_crlf_shifts_later_offsets(self):
        raw = "ab\r\ncd\r\nef"
        norm = normalise(raw)
        assert norm.text == "ab\ncd\nef"
        # "cd" is raw [4, 6), normalised [3, 5); "ef" raw [8, 10) -> [6, 8)
        assert (norm.offset(4), norm.offset(6)) == (3, 5)
        assert (norm.offset(8), norm.offset(10)) == (6, 8)
        assert norm.text[norm.offset(4) : norm.offset(6)] == "cd"

    def test_offset_between_cr_and_lf_lands_before_lf(self):
        norm = normalise("ab\r\ncd")
        assert norm.offset(3) == 2 and norm.text[2] == "\n"

    def test_bom_shifts_everything(self):
        norm = normalise("\ufeffHello\r\nworld")
        assert norm.text == "Hello\nworld"
        assert norm.steps == ("bom removed", "crlf -> lf")
        assert norm.text[norm.offset(1) : norm.offset(6)] == "Hello"
        assert norm.text[norm.offset(8) : norm.offset(13)] == "world"

    def test_lone_cr_does_not_shift(self):
        norm = normalise("a\rb")
        assert norm.text == "a\nb" and norm.offset(2) == 2

    def test_offset_matches_a_character_by_character_reference(self):
        raw = "\ufeffx\r\ny\rz\r\n\r\nw😀\r"
        kept = [
            not (i == 0 and ch == "\ufeff") and not (ch == "\r" and raw[i + 1 : i + 2] == "\n")
            for i, ch in enumerate(raw)
        ]
        reference = [sum(kept[:i]) for i in range(len(raw) + 1)]
        norm = normalise(raw)
        assert [norm.offset(i) for i in range(len(raw) + 1)] == reference
        assert norm.text == "x\ny\nz\n\nw😀\n"
