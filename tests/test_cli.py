"""The command line, run the way a user runs it: a real subprocess on real files."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def run(*args, env_extra=None, check=True):
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    env.update(env_extra or {})
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def test_every_command_has_help():
    runner = CliRunner()
    commands = [[]] + [[name] for name in cli.commands]
    commands += [["labels", name] for name in cli.commands["labels"].commands]
    for command in commands:
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output


def test_import_list_stats_on_the_sample_articles(tmp_path):
    db = tmp_path / "corpus.db"
    first = run("--db", db, "import", SAMPLES)
    assert "5 imported, 0 duplicates skipped, 0 refused" in first.stdout
    again = run("--db", db, "import", SAMPLES)
    assert "0 imported, 5 duplicates skipped" in again.stdout
    listed = run("--db", db, "list", "--json").stdout.splitlines()
    rows = [json.loads(line) for line in listed]
    assert len(rows) == 5 and {r["status"] for r in rows} == {None}  # statuses are per annotator
    assert run("--db", db, "list", "--annotator", "ann", check=False).returncode == 1  # nobody of that name
    from annotator.model import Status
    from annotator.store import Store

    with Store(db) as store:
        store.set_status(rows[0]["id"], "ann", Status.DONE)
    mine = [json.loads(line) for line in run("--db", db, "list", "--json", "--annotator", "ann").stdout.splitlines()]
    assert sorted(r["status"] for r in mine) == ["done", "todo", "todo", "todo", "todo"]
    assert any("Moscow Times" in r["title"] or "Putin" in r["title"] for r in rows)
    stats = json.loads(run("--db", db, "stats", "--json").stdout)
    assert stats["articles"] == 5 and stats["spans"] == 0


def test_default_database_is_created_with_the_samples(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    rows = run("list", "--json", env_extra=env).stdout.splitlines()
    assert len(rows) == 5
    assert (tmp_path / "data" / "annotator" / "annotations.db").exists()
    assert len(run("list", env_extra=env).stdout.splitlines()) == 5  # not imported twice


def test_environment_variable_chooses_another_file(tmp_path):
    db = tmp_path / "env.db"
    run("import", SAMPLES, env_extra={"ANNOTATOR_DB": str(db)})
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    conn.close()


def test_refused_files_are_reported_with_exit_code_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Putin said NATO must not expand.", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    proc = run("--db", tmp_path / "x.db", "import", folder, check=False)
    assert proc.returncode == 1
    assert "1 imported" in proc.stdout and "1 refused" in proc.stdout
    assert "empty.txt" in proc.stderr


def test_labels_commands_and_their_errors(tmp_path):
    db = tmp_path / "x.db"
    run("--db", db, "labels", "add", "threat", "--color", "#AA0000", "--key", "5", "--guideline", "Warns of harm.")
    run("--db", db, "labels", "rename", "threat", "warning")
    out = run("--db", db, "labels", "list").stdout
    assert "[5] warning" in out and "#AA0000" in out
    clash = run("--db", db, "labels", "set", "claim", "--key", "5", check=False)
    assert clash.returncode == 1 and "already used" in clash.stderr
    scheme = tmp_path / "scheme.json"
    run("--db", db, "labels", "export", scheme)
    run("--db", tmp_path / "other.db", "labels", "import", scheme)
    assert "[5] warning" in run("--db", tmp_path / "other.db", "labels").stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["list", "--status", "finished"], 2, "Invalid value"),
        (["list", "--status", "done"], 2, "--status needs --annotator NAME"),
        (["import", str(SAMPLES), "--max-mb", "nan"], 2, "a size in megabytes above 0, not nan"),
        (["import", str(SAMPLES), "--max-mb", "-1"], 2, "a size in megabytes above 0, not -1.0"),
        (["backup", "--keep", "0"], 2, "Invalid value for '--keep'"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, code, message):
    proc = run("--db", tmp_path / "x.db", *args, check=False)
    assert proc.returncode == code
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_import_keeps_stdout_for_the_summary(tmp_path):
    proc = run("--db", tmp_path / "x.db", "import", SAMPLES)
    assert proc.stdout == "5 imported, 0 duplicates skipped, 0 refused\n"
    assert "Importing" in proc.stderr  # the progress bar


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_an_unreadable_file_is_refused_like_one_in_a_folder(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("A secret article", "utf-8")
    locked.chmod(0)  # unreadable for real: the command runs without root's right to read anything
    (tmp_path / "fine.txt").write_text("A readable article", "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    proc = subprocess.run(
        [
            "setpriv",
            "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search",
            sys.executable,
            "-m",
            "annotator",
            "--db",
            tmp_path / "x.db",
            "import",
            "-q",
            locked,
            tmp_path / "fine.txt",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert f"refused: {locked}: cannot be read: Permission denied" in proc.stderr
    assert "1 imported, 0 duplicates skipped, 1 refused" in proc.stdout


def test_newer_database_is_refused_with_exit_code_1(tmp_path):
    db = tmp_path / "new.db"
    run("--db", db, "labels", "add", "threat")  # creates the file
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.commit()
    conn.close()
    proc = run("--db", db, "stats", check=False)
    assert proc.returncode == 1
    assert "newer version of annotator" in proc.stderr and "new.db" in proc.stderr


def test_merge_command_reports_and_is_idempotent(tmp_path):
    alice = tmp_path / "alice.db"
    run("--db", alice, "import", SAMPLES)
    from annotator.store import Store

    with Store(alice) as store:
        article_id = store.article_ids()[0]
        store.add_span(article_id, "alice", "claim", 0, 6)
    reviewer = tmp_path / "reviewer.db"
    first = run("--db", reviewer, "merge", alice)
    assert "5 articles added, 1 span added" in first.stdout
    second = run("--db", reviewer, "merge", alice)
    assert "0 articles added, 0 spans added" in second.stdout


def test_read_commands_refuse_a_database_that_does_not_exist(tmp_path):
    for command in (
        ["list"],
        ["stats"],
        ["labels"],
        ["agreement"],
        ["backup"],
        ["export", "--format", "csv", "--out", str(tmp_path / "out"), "--all-annotators"],
    ):
        proc = run("--db", tmp_path / "typo.db", *command, check=False)
        assert proc.returncode == 1, command
        assert "typo.db: no such database" in proc.stderr
    assert not (tmp_path / "typo.db").exists()


def test_a_missing_path_is_refused_and_the_others_still_import(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Putin said NATO must not expand.", "utf-8")
    proc = run("--db", tmp_path / "x.db", "import", tmp_path / "missing.txt", good, check=False)
    assert proc.returncode == 1
    assert "1 imported" in proc.stdout and "missing.txt" in proc.stderr


def test_db_after_the_command_is_taken_as_the_global_option(tmp_path):
    db = tmp_path / "after.db"
    assert "5 imported" in run("import", "--db", db, SAMPLES, "-q").stdout
    assert len(run("list", "--db", db).stdout.splitlines()) == 5
    assert run("stats", f"--db={db}", "--json").stdout == run("--db", db, "stats", "--json").stdout
    assert "[1] claim" in run("labels", "list", "--db", db).stdout
    missing = run("list", "--db", check=False)  # no file name: a usage error, never the window
    assert missing.returncode == 2 and "--db PATH" in missing.stderr


def test_list_for_an_unknown_annotator_exits_1_and_names_the_known_ones(tmp_path):
    db = tmp_path / "team.db"
    run("--db", db, "import", SAMPLES, "-q")
    from annotator.store import Store

    with Store(db) as store:
        store.add_span(store.article_ids()[0], "alice", "claim", 0, 6)
    proc = run("--db", db, "list", "--annotator", "nobody", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "no annotator named 'nobody'" in proc.stderr and "alice" in proc.stderr
    assert len(run("--db", db, "list", "--annotator", "alice").stdout.splitlines()) == 5


def test_counts_of_one_are_singular(tmp_path):
    db = tmp_path / "one.db"
    one = tmp_path / "one.jsonl"
    one.write_text(
        json.dumps({"text": "Putin said NATO must not expand.", "label": [[0, 5, "Claim"]], "annotator": "alice"})
        + "\n",
        "utf-8",
    )
    first = run("--db", db, "import", one, "-q")
    assert "1 imported, 0 duplicates skipped, 0 refused, 1 span\n" in first.stdout
    assert "a label not in the scheme was added to it: 'Claim'" in first.stderr
    again = run("--db", db, "import", one, "-q").stdout
    assert "0 imported, 1 duplicate skipped, 0 refused" in again


def test_annotator_before_a_command_says_where_it_goes(tmp_path):
    db = tmp_path / "x.db"
    run("--db", db, "import", SAMPLES, "-q")
    misplaced = run("--db", db, "--annotator", "alice", "list", check=False)
    assert misplaced.returncode == 2 and misplaced.stdout == ""
    assert "write it after the command: annotator list --annotator alice" in misplaced.stderr
    pointless = run("--db", db, "--annotator", "alice", "stats", check=False)
    assert pointless.returncode == 2 and "`stats` takes none" in pointless.stderr


def test_a_label_key_a_window_command_has_is_refused_naming_the_command(tmp_path):
    """A label on Space (the key that chooses the span at the cursor) made both keys dead in the window."""
    db = tmp_path / "k.db"
    run("--db", db, "labels", "add", "fact", "--key", "f")
    space = run("--db", db, "labels", "set", "claim", "--key", " ", check=False)
    assert space.returncode == 1
    assert "Space is the key of the window command “Choose the span at the cursor”" in space.stderr
    tab = run("--db", db, "labels", "add", "tabbed", "--key", "\t", check=False)
    assert tab.returncode == 1 and "not white space" in tab.stderr
    scheme = tmp_path / "scheme.json"
    scheme.write_text(json.dumps({"labels": [{"name": "claim", "key": " "}]}), "utf-8")
    bad_file = run("--db", db, "labels", "import", scheme, check=False)
    assert bad_file.returncode == 1 and "scheme.json" in bad_file.stderr and "Space" in bad_file.stderr
    assert "[1] claim" in run("--db", db, "labels", "list").stdout  # nothing changed
