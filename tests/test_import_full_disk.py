"""An import that fills a real disk says how many articles it imported and kept, and where it stopped."""

from __future__ import annotations

import re
import sqlite3

from merge_files import cli


def _articles(folder, count=1500, size=4000):
    folder.mkdir()
    for n in range(count):
        words = f"Article {n:04d} says the talks went on. " * (size // 40)
        (folder / f"a{n:04d}.txt").write_text(words, "utf-8")
    return folder


def test_import_on_a_full_disk_names_what_was_kept_and_where_it_stopped(small_disk, tmp_path):
    arts = _articles(tmp_path / "arts")
    db = small_disk / "i.db"
    run = cli("--db", db, "import", arts, "-q")
    assert run.returncode == 1
    message = run.stderr
    assert "the last change" not in message and "is full" in message, message
    kept = int(re.search(r"; ([\d,]+) articles? imported before it (?:is|are) kept", message).group(1).replace(",", ""))
    stopped = re.search(r"The import stopped at (\S+): it and what follows were not saved", message).group(1)
    assert "run the same import again" in message
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        origins = [row[0] for row in conn.execute("SELECT origin FROM articles ORDER BY id")]
    finally:
        conn.close()
    assert 0 < kept == len(origins) < 1500  # the batches before the full one are kept, and counted right
    files = sorted(p.name for p in arts.iterdir())
    assert stopped.endswith(files[kept]) and not any(o.endswith(files[kept]) for o in origins)
