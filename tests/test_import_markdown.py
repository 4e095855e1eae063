"""Markdown: markup kept as-is, front matter to meta, titles from front matter or a heading."""

from annotator.importers import import_paths, read_path
from annotator.importers.text import split_front_matter
from annotator.model import ArticleIn


def read_one(path):
    (item,) = read_path(path)
    assert isinstance(item, ArticleIn), item
    return item


def test_markup_is_kept_so_offsets_match_the_file(tmp_path):
    source = "Intro line\n\n# Putin *demands* guarantees\n\nHe said **no**.\n"
    (tmp_path / "a.md").write_text(source, "utf-8")
    article = read_one(tmp_path / "a.md")
    assert article.text == source
    assert article.title == "Putin *demands* guarantees"
    assert article.normalised == ()


def test_front_matter_goes_to_meta_and_out_of_the_text(tmp_path):
    source = (
        "---\n"
        'title: "Putin says West must give guarantees"\n'
        "source: Sky News\n"
        "url: https://example.com/story\n"
        "date: 2021-12-23\n"
        "author: Jane Roe\n"
        "tags:\n"
        "  - nato\n"
        "  - ukraine\n"
        "---\n"
        "# A heading\n\nBody text.\n"
    )
    (tmp_path / "fm.markdown").write_text(source, "utf-8")
    article = read_one(tmp_path / "fm.markdown")
    assert article.text == "# A heading\n\nBody text.\n"
    assert article.title == "Putin says West must give guarantees"
    assert (article.source, article.url, article.published) == (
        "Sky News",
        "https://example.com/story",
        "2021-12-23",
    )
    assert article.meta == {"date": "2021-12-23", "author": "Jane Roe", "tags": ["nato", "ukraine"]}
    assert article.normalised == ("front matter removed",)


def test_a_leading_rule_followed_by_prose_is_not_front_matter(tmp_path):
    source = "---\nThis is just prose between rules, not YAML at all.\n---\nMore.\n"
    (tmp_path / "rule.md").write_text(source, "utf-8")
    article = read_one(tmp_path / "rule.md")
    assert article.text == source
    assert article.meta == {}


def test_front_matter_only_at_the_very_top():
    assert split_front_matter("\n---\ntitle: x\n---\nbody") is None
    assert split_front_matter("---\ntitle: x\n") is None  # never closed
    assert split_front_matter("---\ntitle: x\n...\nbody") == ({"title": "x"}, "body")


def test_crlf_front_matter(store, tmp_path):
    (tmp_path / "w.md").write_bytes(b"---\r\ntitle: Windows\r\n---\r\nBody\r\n")
    import_paths(store, [tmp_path / "w.md"])
    (article_id,) = store.article_ids()
    article = store.article(article_id)
    assert article.text == "Body\n"
    assert article.title == "Windows"
    assert article.normalised == ("crlf -> lf", "front matter removed")


def test_without_heading_the_first_meaningful_line_is_the_title(tmp_path):
    (tmp_path / "n.md").write_text("12.01.2022\n\nRussia *denies* plans to invade\n", "utf-8")
    assert read_one(tmp_path / "n.md").title == "Russia *denies* plans to invade"
