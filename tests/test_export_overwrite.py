"""``export --overwrite`` replaces only what an earlier export wrote, and never leaves nothing behind.

Each test goes through the command line on a real database file; the kill
tests stop the export at a named fault point (``annotator.faultpoints``) and
SIGKILL it there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import faultpoints
from annotator.exporters.atomic import MARKER, WRITING
from annotator.model import ArticleIn
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (links as their target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            found[rel] = path.read_bytes()
        elif path.is_dir():
            found[rel + "/"] = b""
    return found


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "a.db"
    path.parent.mkdir()
    article = tmp_path / "article.txt"
    article.write_text("Putin denied the report. NATO demanded guarantees.", "utf-8")
    assert cli("--db", path, "import", article, "--annotator", "alice", "-q").returncode == 0
    return path


def export(db: Path, out: Path, fmt: str = "jsonl", *more: str) -> subprocess.CompletedProcess[str]:
    return cli("--db", db, "export", "--format", fmt, "--out", out, "--all-annotators", "-q", *more)


def test_the_marker_lists_every_file_the_export_wrote(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out, "brat", "--split", "0.5,0,0.5").returncode == 0
    listed = json.loads((out / MARKER).read_text("utf-8"))["files"]
    assert listed == sorted(p for p in tree(out) if not p.endswith("/") and p != MARKER)
    assert "README.md" in listed and "annotation.conf" in listed


def test_overwrite_replaces_the_earlier_export_and_nothing_else(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out, "brat").returncode == 0
    proc = export(db, out, "csv", "--overwrite")
    assert proc.returncode == 0, proc.stderr
    assert sorted(tree(out)) == [MARKER, "README.md", "spans.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "db", "out"]  # nothing left beside


def test_overwrite_refuses_a_folder_holding_the_database_being_exported(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    inside = out / "mine.db"
    article = tmp_path / "article.txt"
    assert cli("--db", inside, "import", article, "-q").returncode == 0  # a database kept in the export folder
    assert cli("--db", inside, "backup").returncode == 0
    before = tree(out)
    proc = export(inside, out, "csv", "--overwrite")
    assert proc.returncode == 1
    assert f"{out} holds {inside}, which belongs to the database being exported" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree(out) == before


def test_overwrite_refuses_the_folder_of_the_databases_backups(db, tmp_path):
    backups = db.parent / "backups"
    assert export(db, backups).returncode == 0  # an export made, by mistake, where backups go
    assert cli("--db", db, "backup").returncode == 0
    before = tree(backups)
    assert any(name.endswith(".db") for name in before)
    proc = export(db, backups, "csv", "--overwrite")
    assert proc.returncode == 1 and "belongs to the database being exported" in proc.stderr
    assert tree(backups) == before


def test_overwrite_refuses_files_the_earlier_export_did_not_write(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    (out / "my notes.txt").write_text("precious", "utf-8")
    (out / "figures").mkdir()
    (out / "elsewhere").symlink_to(tmp_path / "db")
    before = tree(out)
    proc = export(db, out, "csv", "--overwrite")
    assert proc.returncode == 1
    assert "holds files the earlier export did not write (elsewhere, figures/, my notes.txt)" in proc.stderr
    assert tree(out) == before
    assert (tmp_path / "db" / "a.db").exists()


def test_a_marker_without_a_file_list_or_with_paths_outside_is_refused(db, tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    assert export(db, out).returncode == 0
    for marker in ({"format": "jsonl"}, {"format": "jsonl", "files": ["../victim.txt", "all.jsonl"]}):
        (out / MARKER).write_text(json.dumps(marker), "utf-8")
        before = tree(out)
        proc = export(db, out, "csv", "--overwrite")
        assert proc.returncode == 1 and "did not record its files" in proc.stderr
        assert tree(out) == before and victim.read_text("utf-8") == "keep me"


def _kill_at(point: str, db: Path, out: Path, fmt: str, *more: str) -> None:
    env = {**os.environ, faultpoints.ENV: f"export-{point}"}
    args = [sys.executable, "-m", "annotator", "--db", str(db), "export", "--format", fmt, "--out", str(out),
            "--all-annotators", "-q", *more]
    with subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stderr.readline() == f"paused at export-{point}\n"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()


def _complete_export(out: Path) -> str:
    """The format of the complete export in ``out``: its marker and every file it lists are there."""
    marker = json.loads((out / MARKER).read_text("utf-8"))
    assert sorted(marker["files"]) == sorted(p for p in tree(out) if not p.endswith("/") and p != MARKER)
    return str(marker["format"])


@pytest.mark.parametrize(("point", "expected"), [("swap", "jsonl"), ("swapped", "csv")])
def test_a_kill_during_the_replacement_leaves_a_complete_export(db, tmp_path, point, expected):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    _kill_at(point, db, out, "csv", "--overwrite")
    assert _complete_export(out) == expected  # the old export before the exchange, the new one after
    proc = export(db, out, "doccano", "--overwrite")  # and the next overwrite still works
    assert proc.returncode == 0, proc.stderr
    assert _complete_export(out) == "doccano"


def test_a_kill_before_publishing_leaves_nothing_under_the_name(db, tmp_path):
    out = tmp_path / "out"
    _kill_at("publish", db, out, "jsonl")
    assert not out.exists()
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert len(leftovers) == 1 and (leftovers[0] / MARKER).is_file()


def test_leftovers_of_killed_exports_go_but_look_alike_folders_stay(db, tmp_path):
    out = tmp_path / "out"
    _kill_at("publish", db, out, "jsonl")
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    mine = tmp_path / ".out.mynotes1.partial"  # the user's, of the same shape, without our marker
    mine.mkdir()
    (mine / "notes.txt").write_text("precious", "utf-8")
    old = time.time() - 7200
    for folder in (leftover, mine):
        os.utime(folder, (old, old))
    assert export(db, out).returncode == 0
    assert not leftover.exists()
    assert (mine / "notes.txt").read_text("utf-8") == "precious"
    assert not (out / WRITING).exists()


@pytest.fixture
def small_disk(tmp_path):
    """A real 4 MB file system (tmpfs), so that a write really fails with 'No space left on device'."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_during_an_overwrite_keeps_the_earlier_export(tmp_path, small_disk):
    db = tmp_path / "big.db"
    with Store(db) as store:
        for n in range(300):
            store.add_article(ArticleIn(text=f"Article {n}. " + "Putin denied the report. " * 200, title=f"a{n}"))
    out = small_disk / "out"
    assert export(db, out, "csv").returncode == 0
    before = tree(out)
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 200_000))
    proc = export(db, out, "jsonl", "--overwrite")  # about 1.5 MB: the disk fills half-way
    assert proc.returncode == 1 and "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert tree(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "out"]
