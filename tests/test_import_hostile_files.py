"""Hostile things in an imported folder, caused for real and imported with the real command.

File names that are not UTF-8 (Linux allows any bytes), named pipes, devices,
links that lead nowhere or in a circle, a tree nested deeper than Python's
recursion limit, files and folders the user may not read (root's override
dropped with setpriv, since chmod does not stop root), a file removed while
the import runs, and a JSON array of a gigabyte.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.importers import import_paths

CAN_DROP_OVERRIDE = os.geteuid() == 0 and shutil.which("setpriv") is not None


def cli(*args, unprivileged=False):
    """``annotator ARGS`` in a real process; ``unprivileged``: without root's right to read anything."""
    command = [sys.executable, "-m", "annotator", *args]
    if unprivileged:
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    return subprocess.run(command, capture_output=True, env=env, timeout=120)


def origins(db):
    conn = sqlite3.connect(db)
    try:
        return sorted(row[0] for row in conn.execute("SELECT origin FROM articles"))
    finally:
        conn.close()


def test_file_names_that_are_not_utf8_are_imported_and_shown_escaped(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    raw = os.fsencode(folder)
    files = {
        b"a.txt": b"A good first article.",
        b"caf\xe9.txt": b"An article in a Latin-1 named file.",
        b"caf\xe9.jsonl": b'{"text": "A record in a badly named file."}\n',
        b"z.txt": b"The last article.",
        b"line\nbreak.txt": b"A name with a newline in it.",
        b"\x1b[2Jclear.txt": b"A name that clears a terminal.",
        b"bad\xff.bin": b"\x00\x01\x02\x03" * 50,
    }
    for name, data in files.items():
        with open(raw + b"/" + name, "wb") as f:
            f.write(data)
    db = tmp_path / "corpus.db"
    proc = cli("--db", db, "import", folder)
    assert proc.returncode == 1, proc.stderr.decode()  # the binary file is refused; nothing crashed
    assert b"Traceback" not in proc.stderr
    assert proc.stdout.decode("utf-8") == "6 imported, 0 duplicates skipped, 1 refused\n"
    errors = proc.stderr.decode("utf-8")  # strict: every byte printed is UTF-8
    assert f"refused: {folder}/bad\\xff.bin: binary file" in errors
    assert "\x1b" not in errors
    assert origins(db) == sorted(
        [
            f"{folder}/a.txt",
            f"{folder}/caf\\xe9.txt",
            f"{folder}/caf\\xe9.jsonl:1",
            f"{folder}/z.txt",
            f"{folder}/line\\x0abreak.txt",
            f"{folder}/\\x1b[2Jclear.txt",
        ]
    )
    again = cli("--db", db, "import", raw + b"/caf\xe9.txt")  # the name given on the command line, as bytes
    assert again.returncode == 0 and again.stdout == b"0 imported, 1 duplicate skipped, 0 refused\n"


def test_pipes_devices_link_loops_and_a_very_deep_tree_are_refused_or_walked(tmp_path):
    try:
        _pipes_devices_link_loops_and_a_very_deep_tree(tmp_path)
    finally:  # pytest's own clean-up of old temporary folders recurses and would fail on this tree later
        subprocess.run(["rm", "-rf", str(tmp_path / "corpus")], check=True)


def _pipes_devices_link_loops_and_a_very_deep_tree(tmp_path):
    folder = tmp_path / "corpus"
    deep = folder
    folder.mkdir()
    for _ in range(1500):  # deeper than Python's recursion limit (os.makedirs would recurse)
        deep = deep / "d"
        deep.mkdir()
    (deep / "bottom.txt").write_text("An article at the bottom of a deep tree.", "utf-8")
    (folder / "a.txt").write_text("A good article.", "utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink(folder / "loop2", folder / "loop1")
    os.symlink(folder / "loop1", folder / "loop2")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    os.symlink(folder, folder / "d" / "up")  # a link to a folder: not followed, no loop
    db = tmp_path / "corpus.db"
    proc = cli("--db", db, "import", folder)
    errors = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "Traceback" not in errors, errors
    assert proc.stdout.decode() == "2 imported, 0 duplicates skipped, 5 refused\n"
    for name, reason in [
        ("pipe.txt", "not a regular file (a named pipe)"),
        ("zero.txt", "not a regular file (a device)"),
        ("loop1", "cannot be read: Too many levels of symbolic links"),
        ("loop2", "cannot be read: Too many levels of symbolic links"),
        ("dangling.txt", "a link to a file that does not exist"),
    ]:
        assert f"refused: {folder / name}: {reason}\n" in errors
    assert origins(db) == sorted([str(folder / "a.txt"), str(deep / "bottom.txt")])
    direct = cli("--db", db, "import", folder / "pipe.txt")  # named on the command line: refused, never read
    assert direct.returncode == 1 and b"not a regular file (a named pipe)" in direct.stderr


@pytest.mark.skipif(not CAN_DROP_OVERRIDE, reason="needs root and setpriv to deny a read for real")
def test_a_file_and_a_folder_the_user_may_not_read_are_refused(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_text("Never seen.", "utf-8")
    (folder / "fine.txt").write_text("A readable article.", "utf-8")
    (folder / "secret.txt").write_text("A secret article.", "utf-8")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    db = tmp_path / "corpus.db"
    try:
        proc = cli("--db", db, "import", folder, unprivileged=True)
    finally:
        (folder / "locked").chmod(0o755)
    errors = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in errors, errors
    assert f"refused: {folder / 'locked'}: folder cannot be read: Permission denied\n" in errors
    assert f"refused: {folder / 'secret.txt'}: cannot be read: Permission denied\n" in errors
    assert proc.stdout.decode() == "1 imported, 0 duplicates skipped, 2 refused\n"
    assert origins(db) == [str(folder / "fine.txt")]


def test_a_file_removed_while_the_import_runs_is_refused(store, tmp_path):
    for name in ("a.txt", "b.jsonl", "c.txt", "d.txt"):
        (tmp_path / name).write_text('{"text": "a record"}\n' if name.endswith("jsonl") else f"Article {name}", "utf-8")

    def remove_the_next_files(done, total):  # between finding the files and reading them
        if done == 1:
            (tmp_path / "b.jsonl").unlink()
            (tmp_path / "c.txt").unlink()

    result = import_paths(store, [tmp_path], progress=remove_the_next_files)
    assert [o for o, _ in result.imported] == [str(tmp_path / "a.txt"), str(tmp_path / "d.txt")]
    assert result.refused == [(str(tmp_path / "b.jsonl"), "no such file"), (str(tmp_path / "c.txt"), "no such file")]


def test_a_json_array_of_a_gigabyte_is_refused_by_its_size_with_the_way_out(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.write(b'[{"text": "one"},\n')
        f.truncate(1 << 30)  # a real 1 GB file (sparse: no disk is spent)
    db = tmp_path / "corpus.db"
    proc = cli("--db", db, "import", path)
    errors = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in errors
    assert f"refused: {path}: too large: 1,073,741,824 bytes (the limit is 52,428,800); JSON Lines" in errors
    assert origins(db) == []
    assert Path(path).stat().st_size == 1 << 30


def test_annotator_names_with_control_characters_or_bad_bytes_are_refused(tmp_path):
    path = tmp_path / "spans.jsonl"
    path.write_text(
        '{"text": "abc def", "label": [[0, 3, "claim"]]}\n'
        '{"text": "ghi jkl", "label": [[0, 3, "claim"]], "annotator": "bob\\u0007"}\n'
        '{"text": "mno pqr", "label": [[0, 3, "claim"]], "annotator": "carol"}\n',
        "utf-8",
    )
    db = tmp_path / "corpus.db"
    given = cli("--db", db, "import", "-q", path, "--annotator", b"al\xffice")
    assert given.returncode == 2 and b"Traceback" not in given.stderr
    assert "not 'al\\xffice'" in given.stderr.decode()
    proc = cli("--db", db, "import", "-q", path)
    errors = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in errors
    assert f"refused: {path}:2: a span's annotator 'bob\\x07' holds control characters" in errors
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM annotators")] == ["carol"]
    finally:
        conn.close()
