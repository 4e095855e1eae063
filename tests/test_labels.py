"""The label scheme: defaults, changes that keep spans, and scheme files."""

import json

import pytest

from annotator.labels import SchemeError
from annotator.model import ArticleIn
from annotator.store import Store


def test_default_scheme_has_four_keyed_colour_labels(store):
    labels = store.labels.all()
    assert [(lab.name, lab.key) for lab in labels] == [
        ("claim", "1"),
        ("denial", "2"),
        ("demand", "3"),
        ("evidence", "4"),
    ]
    assert len({lab.color for lab in labels}) == 4
    assert all(lab.guideline for lab in labels)


def _span(store):
    article_id, _ = store.add_article(ArticleIn(text="Moscow denies the report.", title="t"))
    return store.add_span(article_id, "ann", "claim", 7, 13)


def test_rename_carries_spans_along(store):
    span = _span(store)
    store.labels.rename("claim", "assertion")
    assert store.span(span.id).label == "assertion"
    with pytest.raises(SchemeError):
        store.labels.rename("assertion", "denial")


def test_retire_and_delete_never_lose_spans(store):
    span = _span(store)
    store.labels.retire("claim")
    assert "claim" not in [lab.name for lab in store.labels.all()]
    assert store.span(span.id).label == "claim"
    with pytest.raises(SchemeError, match="used by 1 span"):
        store.labels.delete("claim")
    assert store.span(span.id).label == "claim"
    store.labels.retire("claim", False)
    store.labels.delete("demand")
    assert "demand" not in [lab.name for lab in store.labels.all(include_retired=True)]


def test_recolour_rekey_describe_and_reject_clashes(store):
    lab = store.labels.update("claim", color="#123abc", key="c", guideline="A stated fact.")
    assert (lab.color, lab.key, lab.guideline) == ("#123ABC", "c", "A stated fact.")
    with pytest.raises(SchemeError, match="already used"):
        store.labels.update("denial", key="c")
    with pytest.raises(SchemeError, match="#RRGGBB"):
        store.labels.update("denial", color="red")
    added = store.labels.add("threat", key="5")
    assert added.color.startswith("#") and store.labels.all()[-1].name == "threat"


def test_scheme_file_round_trip(store, tmp_path):
    store.labels.update("claim", color="#000000", key="9", guideline="changed")
    store.labels.add("threat", "#AA0000", "5", "Warns of harm.")
    store.labels.retire("evidence")
    path = tmp_path / "scheme.json"
    store.labels.save(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["labels"][0] == {
        "name": "claim",
        "color": "#000000",
        "key": "9",
        "guideline": "changed",
        "retired": False,
    }
    with Store() as other:
        other.labels.load(path)
        assert other.labels.to_dict() == store.labels.to_dict()


def test_scheme_file_may_swap_keys(store, tmp_path):
    data = store.labels.to_dict()
    data["labels"][0]["key"], data["labels"][1]["key"] = "2", "1"
    path = tmp_path / "swapped.json"
    path.write_text(json.dumps(data), "utf-8")
    store.labels.load(path)
    assert [lab.key for lab in store.labels.all()][:2] == ["2", "1"]


def test_bad_scheme_file_is_refused_and_changes_nothing(store, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"labels": [{"name": "ok"}, {"colour": "no name"}]}', "utf-8")
    before = store.labels.to_dict()
    with pytest.raises(SchemeError, match="bad.json"):
        store.labels.load(path)
    assert store.labels.to_dict() == before


def test_scheme_file_leaves_out_fields_it_does_not_give(store, tmp_path):
    store.labels.retire("evidence")
    path = tmp_path / "colours.json"
    path.write_text(
        '{"labels": [{"name": "claim", "color": "#000000"}, {"name": "evidence"}, {"name": "threat", "key": "5"}]}',
        "utf-8",
    )
    store.labels.load(path)
    claim = store.labels.get("claim")
    assert (claim.color, claim.key) == ("#000000", "1")
    assert claim.guideline.startswith("An assertion")
    assert store.labels.get("evidence").retired
    assert store.labels.get("threat").key == "5"


@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"name": "claim"}]', 'expected {"labels": [...]}'),
        ('{"labels": [{"name": "claim", "color": 5}]}', "color must be a string"),
        ('{"labels": [{"name": "claim", "key": 1}]}', "key must be a string"),
        ('{"labels": [{"name": "claim", "retired": "no"}]}', "retired must be true or false"),
        ('{"labels": [{"name": 7}]}', "every label needs a name"),
        ('{"labels": [{"name": "claim", "color": "blue"}]}', "#RRGGBB, not 'blue'"),
    ],
)
def test_bad_scheme_files_name_the_file_and_the_problem(store, tmp_path, content, message):
    path = tmp_path / "scheme.json"
    path.write_text(content, "utf-8")
    before = store.labels.to_dict()
    with pytest.raises(SchemeError, match="scheme.json") as info:
        store.labels.load(path)
    assert message in str(info.value)
    assert store.labels.to_dict() == before


def test_scheme_file_saved_by_windows_notepad_loads(store, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"labels": [{"name": "threat"}]}')
    store.labels.load(path)
    assert store.labels.get("threat").name == "threat"


def test_cli_scheme_files_fail_with_a_message_not_a_traceback(tmp_path):
    from tests.test_cli import run

    db = tmp_path / "x.db"
    run("--db", db, "labels", "add", "threat")  # creates the file
    export = run("--db", db, "labels", "export", tmp_path / "no" / "such" / "folder" / "s.json", check=False)
    assert export.returncode == 1
    assert "s.json: cannot be written (No such file or directory)" in export.stderr
    assert "Traceback" not in export.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [{"name": "claim", "color": 5}]}', "utf-8")
    load = run("--db", db, "labels", "import", bad, check=False)
    assert load.returncode == 1 and "bad.json: label 'claim': color must be a string" in load.stderr
    assert "Traceback" not in load.stderr


def test_a_scheme_file_written_on_a_full_disk_keeps_the_old_one(tmp_path, small_disk):
    from tests.faults import fill_disk
    from tests.test_cli import run

    db, scheme = tmp_path / "s.db", small_disk / "scheme.json"
    run("--db", db, "labels", "add", "threat")
    run("--db", db, "labels", "export", scheme)
    before = scheme.read_bytes()
    run("--db", db, "labels", "add", "warning", "--guideline", "x" * 20000)
    fill_disk(small_disk)
    failed = run("--db", db, "labels", "export", scheme, check=False)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert scheme.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "scheme.json"]
