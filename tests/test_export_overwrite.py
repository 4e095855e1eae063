"""``export --overwrite`` replaces only what an earlier export wrote, and never leaves nothing behind.

Each test goes through the command line on a real database file; the kill
tests stop the export at a named fault point (``annotator.faultpoints``) and
SIGKILL it there.
"""

from __future__ import annotations

import hashlib
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
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


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


def test_the_marker_lists_every_file_the_export_wrote_with_its_size_and_hash(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out, "brat", "--split", "0.5,0,0.5").returncode == 0
    marker = json.loads((out / MARKER).read_text("utf-8"))
    listed = marker["files"]
    written = {p: data for p, data in tree(out).items() if not p.endswith("/") and p != MARKER}
    assert listed == sorted(written)
    assert "README.md" in listed and "annotation.conf" in listed
    assert marker["contents"] == {
        p: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for p, data in written.items()
    }


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


def test_overwrite_refuses_files_edited_since_the_export_and_keeps_the_edits(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    with open(out / "all.jsonl", "a", encoding="utf-8") as fh:
        fh.write("MY HAND CORRECTIONS\n")
    with open(out / "README.md", "a", encoding="utf-8") as fh:
        fh.write("notes\n")
    before = tree(out)
    proc = export(db, out, "jsonl", "--overwrite")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        f"{out} holds files changed since the earlier export wrote them (README.md, all.jsonl); it is left "
        "alone: move them away or delete them, or choose another --out"
    ) in proc.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "db", "out"]  # nothing beside
    (out / "all.jsonl").rename(tmp_path / "corrected.jsonl")  # the way out the message names
    (out / "README.md").unlink()
    assert export(db, out, "jsonl", "--overwrite").returncode == 0
    assert (tmp_path / "corrected.jsonl").read_text("utf-8").endswith("MY HAND CORRECTIONS\n")


def test_an_edit_that_keeps_the_size_and_the_time_is_caught_by_the_hash(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out, "csv").returncode == 0
    target = out / "README.md"
    old, data = target.stat(), target.read_bytes()
    assert b"alice" in data
    target.write_bytes(data.replace(b"alice", b"alize"))  # the same length
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the same modification time
    assert target.stat().st_size == old.st_size and target.stat().st_mtime_ns == old.st_mtime_ns
    before = tree(out)
    proc = export(db, out, "csv", "--overwrite")
    assert proc.returncode == 1 and "changed since the earlier export wrote them (README.md)" in proc.stderr
    assert tree(out) == before


def test_a_marker_of_the_previous_version_listing_names_only_is_refused(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    marker = json.loads((out / MARKER).read_text("utf-8"))
    (out / MARKER).write_text(json.dumps({"format": "jsonl", "articles": 1, "files": marker["files"]}), "utf-8")
    before = tree(out)
    proc = export(db, out, "csv", "--overwrite")
    assert proc.returncode == 1
    assert (
        f"{out} was written by an earlier version of annotator that did not record its files' sizes and "
        "checksums, so it cannot be told from your own; it is left alone"
    ) in proc.stderr
    assert tree(out) == before


def _paused_at(point: str, db: Path, out: Path, act, *more: str) -> subprocess.CompletedProcess[str]:
    """Run an export that pauses at ``point``; there ``act()`` runs, then the export goes on."""
    go = out.parent / "go"
    env = {**os.environ, faultpoints.ENV: f"export-{point}", faultpoints.RESUME_ENV: str(go)}
    args = [
        sys.executable,
        "-m",
        "annotator",
        "--db",
        str(db),
        "export",
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--all-annotators",
        "-q",
        *more,
    ]
    with subprocess.Popen(
        args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stderr.readline() == f"paused at export-{point}\n"
            act()
        finally:
            go.touch()
        stdout, stderr = proc.communicate()
    go.unlink()
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def test_an_edit_made_while_the_new_export_is_written_refuses_it(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    proc = _paused_at("sealed", db, out, lambda: _append(out / "all.jsonl", "MY HAND CORRECTIONS\n"), "--overwrite")
    assert proc.returncode == 1 and "changed since the earlier export wrote them (all.jsonl)" in proc.stderr
    assert (out / "all.jsonl").read_text("utf-8").endswith("MY HAND CORRECTIONS\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "db", "out"]  # the new one is gone


def test_an_edit_made_after_the_last_check_is_kept_beside_and_said(db, tmp_path):
    out = tmp_path / "out"
    assert export(db, out).returncode == 0
    proc = _paused_at("swap", db, out, lambda: _append(out / "all.jsonl", "MY HAND CORRECTIONS\n"), "--overwrite")
    assert proc.returncode == 0, proc.stderr
    (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith("out.kept-")]
    assert sorted(tree(kept)) == ["all.jsonl"]  # only the edited file: the rest of the old export went
    assert (kept / "all.jsonl").read_text("utf-8").endswith("MY HAND CORRECTIONS\n")
    assert (
        f"note: files in {out} changed while the export was written; they were not removed but kept in "
        f"{kept}" in proc.stderr
    )
    assert _complete_export(out) == "jsonl" and "MY HAND" not in (out / "all.jsonl").read_text("utf-8")


def _kill_at(point: str, db: Path, out: Path, fmt: str, *more: str) -> None:
    env = {**os.environ, faultpoints.ENV: f"export-{point}"}
    args = [
        sys.executable,
        "-m",
        "annotator",
        "--db",
        str(db),
        "export",
        "--format",
        fmt,
        "--out",
        str(out),
        "--all-annotators",
        "-q",
        *more,
    ]
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
