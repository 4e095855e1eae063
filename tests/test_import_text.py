"""Plain text files: stored text, titles, encodings, and every kind of bad file."""

import codecs
import os

import pytest

from annotator.importers import import_paths, read_path
from annotator.importers.text import guess_title, short_title
from annotator.model import ArticleIn


def only_article(store):
    (article_id,) = store.article_ids()
    return store.article(article_id)


def test_plain_text_is_stored_whole(store, tmp_path):
    text = "Putin demands guarantees\n\nMOSCOW — President Vladimir Putin said on Wednesday...\n"
    path = tmp_path / "a.txt"
    path.write_text(text, "utf-8")
    result = import_paths(store, [path])
    assert result.summary() == "1 imported, 0 duplicates skipped, 0 refused"
    article = only_article(store)
    assert article.text == text
    assert article.title == "Putin demands guarantees"
    assert article.origin == str(path)
    assert article.normalised == ()


def test_title_is_not_removed_from_the_text(store, tmp_path):
    (tmp_path / "a.text").write_text("The title line\nBody.", "utf-8")
    import_paths(store, [tmp_path / "a.text"])
    assert only_article(store).text.startswith("The title line\n")


def test_crlf_and_bom_are_normalised(store, tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Título\r\nCuerpo del artículo.\r\n".encode())
    import_paths(store, [path])
    article = only_article(store)
    assert article.text == "Título\nCuerpo del artículo.\n"
    assert article.normalised == ("bom removed", "crlf -> lf")
    assert article.meta == {}


def test_latin1_file_is_detected_with_a_note(store, tmp_path):
    text = "Le président russe a déclaré à Moscou qu'il exigeait des garanties écrites.\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    result = import_paths(store, [path])
    article = only_article(store)
    assert article.text == text
    assert article.meta["encoding"] != "utf-8"
    assert len(result.notes) == 1
    assert str(path) in result.notes[0] and article.meta["encoding"] in result.notes[0]


def test_cp1252_file_is_detected(store, tmp_path):
    text = "Putin said “we don’t want war” – but the West must give guarantees…\n"
    (tmp_path / "q.txt").write_bytes(text.encode("cp1252"))
    result = import_paths(store, [tmp_path])
    assert only_article(store).text == text
    assert only_article(store).meta == {"encoding": "cp1252"}
    assert "cp1252" in result.notes[0]


def test_emoji_zwj_combining_and_rtl_text_round_trip(store, tmp_path):
    text = (
        "💩This is an annotation.\n"
        "Family: 👨‍👩‍👧‍👦 flag: 🇺🇦\n"
        "Combining: e\u0301 a\u0308 (not NFC-normalised)\n"
        "עברית: הנשיא אמר שלום\n"
        "العربية: قال الرئيس\n"
        "CJK extension B: 𠀀𠀁\n"
    )
    (tmp_path / "u.txt").write_text(text, "utf-8")
    import_paths(store, [tmp_path / "u.txt"])
    article = only_article(store)
    assert article.text == text  # nothing normalised away: offsets stay code points of this text
    assert article.text.index("annotation") == 12
    assert "e\u0301" in article.text


def test_rtl_first_line_is_the_title(store, tmp_path):
    (tmp_path / "he.txt").write_text("הנשיא פוטין דורש ערבויות\n\nגוף הכתבה", "utf-8")
    import_paths(store, [tmp_path / "he.txt"])
    assert only_article(store).title == "הנשיא פוטין דורש ערבויות"


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"  \n\t\r\n  ", "empty"), (b"\x00\x01\x02\x03binary", "binary")],
)
def test_bad_files_are_refused_with_a_reason(store, tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = import_paths(store, [path])
    assert result.imported == []
    ((origin, why),) = result.refused
    assert origin == str(path)
    assert reason in why
    assert store.count_articles() == 0


def test_random_binary_is_refused(store, tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(os.urandom(4096))
    result = import_paths(store, [path])
    assert [o for o, _ in result.refused] == [str(path)]
    assert store.count_articles() == 0


def test_size_limit_is_checked(store, tmp_path):
    (tmp_path / "big.txt").write_text("word " * 100, "utf-8")
    (tmp_path / "small.txt").write_text("small enough", "utf-8")
    result = import_paths(store, [tmp_path], max_bytes=100)
    assert [o for o, _ in result.imported] == [str(tmp_path / "small.txt")]
    ((origin, reason),) = result.refused
    assert origin == str(tmp_path / "big.txt") and "too large" in reason and "100" in reason


def test_unknown_suffix_is_sniffed(store, tmp_path):
    (tmp_path / "notes.log").write_text("A text file with an odd suffix", "utf-8")
    (tmp_path / "README").write_text("No suffix at all, but text", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64))
    result = import_paths(store, [tmp_path])
    assert sorted(o for o, _ in result.imported) == [str(tmp_path / "README"), str(tmp_path / "notes.log")]
    ((origin, reason),) = result.refused
    assert origin == str(tmp_path / "image.png")
    assert "binary" in reason and ".png" in reason


def test_suffix_is_case_insensitive(tmp_path):
    (tmp_path / "A.TXT").write_text("Upper-case suffix", "utf-8")
    (item,) = read_path(tmp_path / "A.TXT")
    assert isinstance(item, ArticleIn) and item.text == "Upper-case suffix"


class TestGuessTitle:
    def test_skips_blank_dates_and_boilerplate(self):
        text = "\n\nMonday. 04.03.2024\nAdvertisement\nSupport The Moscow Times!\nPutin chides NATO\nbody"
        assert guess_title(text) == "Putin chides NATO"

    def test_skips_a_dateline_with_words(self):
        assert guess_title("December 23, 2021\nUpdated 10:30 GMT\nRussia does not want conflict") == (
            "Russia does not want conflict"
        )

    def test_long_line_is_cut_at_a_word(self):
        title = guess_title("word " * 100)
        assert len(title) <= 120 and title.endswith("…") and "wor…" not in title

    def test_falls_back_to_first_line_then_to_fallback(self):
        assert guess_title("2021-12-01\n") == "2021-12-01"
        assert guess_title("", fallback="name") == "name"

    def test_short_title_collapses_whitespace(self):
        assert short_title("  a\t b \n c ") == "a b c"
