"""HTML pages: main text via trafilatura, its metadata, and a clear refusal without it."""

import importlib
import sys

from annotator.extras import install_hint
from annotator.importers import import_paths, read_path
from annotator.importers.html import NEEDS_TRAFILATURA
from annotator.model import ArticleIn

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Putin demands guarantees - Daily Planet</title>
<meta property="og:title" content="Putin demands guarantees">
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-12-01T10:00:00Z">
<link rel="canonical" href="https://example.com/putin-guarantees">
<script>var tracking = "do not import me";</script>
<style>body { color: red }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article>
<h1>Putin demands guarantees</h1>
<p>President Vladimir Putin said on Wednesday that Moscow would seek Western guarantees against NATO expansion.</p>
<p>The Kremlin denies any plan to invade Ukraine 😀 and says the West ignores Russia's concerns, שלום.</p>
</article>
<footer>Copyright Daily Planet. All rights reserved. Cookie settings.</footer>
</body></html>
"""

importlib.import_module("trafilatura")


def read_one(path):
    (item,) = read_path(path)
    assert isinstance(item, ArticleIn), item
    return item


def test_main_text_without_menus_or_scripts(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    article = read_one(tmp_path / "page.html")
    assert "President Vladimir Putin said on Wednesday" in article.text
    assert "The Kremlin denies any plan to invade Ukraine 😀" in article.text
    assert "do not import me" not in article.text
    assert "color: red" not in article.text
    assert "World news menu" not in article.text
    # paragraphs stay on their own lines
    assert "\nThe Kremlin denies" in article.text


def test_metadata_fills_the_article(tmp_path):
    (tmp_path / "page.htm").write_text(PAGE, "utf-8")
    article = read_one(tmp_path / "page.htm")
    assert article.title == "Putin demands guarantees"
    assert article.source == "Daily Planet"
    assert article.url == "https://example.com/putin-guarantees"
    assert article.published.startswith("2021-12-01")
    assert article.meta["author"] == "Jane Roe"
    assert any("trafilatura" in step for step in article.normalised)


def test_declared_legacy_charset(store, tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace("😀", "").replace(", שלום", "")
    page = page.replace("Putin said", "Путин заявил")
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    result = import_paths(store, [tmp_path / "ru.html"])
    (article_id,) = store.article_ids()
    assert "Путин заявил" in store.article(article_id).text
    assert store.article(article_id).meta["encoding"] == "cp1251"
    assert "declared" in result.notes[0]


def test_page_without_article_text_is_refused(store, tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>", "utf-8")
    result = import_paths(store, [tmp_path / "empty.html"])
    assert result.refused == [(str(tmp_path / "empty.html"), "no article text found in this HTML page")]
    assert store.count_articles() == 0


def test_without_trafilatura_html_is_refused_and_the_rest_imports(store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    (tmp_path / "plain.txt").write_text("Still imported", "utf-8")
    result = import_paths(store, [tmp_path])
    assert result.refused == [(str(tmp_path / "page.html"), NEEDS_TRAFILATURA)]
    assert "HTML import needs trafilatura: " + install_hint("html") == NEEDS_TRAFILATURA
    assert [o for o, _ in result.imported] == [str(tmp_path / "plain.txt")]
