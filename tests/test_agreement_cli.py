"""Agreement over a real database, through the command line."""

import json

import pytest

from annotator.agreement.corpus import select_articles, store_report
from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run

TEXT = "Putin denied plans to invade Ukraine. 💩 He demanded guarantees from NATO."


def annotate(store, who, pairs, done=True):
    article_id = store.article_ids()[0]
    for label, words in pairs:
        start = TEXT.index(words)
        store.add_span(article_id, who, label, start, start + len(words))
    if done:
        store.set_status(article_id, who, Status.DONE)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "team.db"
    with Store(path) as store:
        store.add_article(ArticleIn(text=TEXT, title="t"))
        store.add_article(ArticleIn(text="Unfinished article text.", title="u"))
        same = [("denial", "Putin denied plans"), ("demand", "He demanded guarantees from NATO")]
        annotate(store, "alice", same)
        annotate(store, "bob", same)
        annotate(store, "carol", [("claim", "Putin denied plans")])
    return path


def test_identical_work_agrees_perfectly(db):
    with Store(db) as store:
        report = store_report(store, ["alice", "bob"])
    corpus = report.to_dict()["corpus"]
    tokens = corpus["tokens"]["overall"]
    assert tokens["krippendorff_alpha"] == tokens["fleiss_kappa"] == tokens["gwet_ac1"] == 1.0
    assert tokens["cohen_kappa"][0]["kappa"] == 1.0
    assert corpus["unitizing"]["overall"]["alpha"] == 1.0
    assert corpus["tokens"]["labels"]["claim"]["fleiss_kappa"] is None  # undefined: nobody used it
    assert report.articles[0].article_id == "1"


def test_an_article_counts_for_each_annotator_who_finished_it(db):
    with Store(db) as store:
        chosen = select_articles(store, ["alice", "bob", "carol"])
        assert chosen.articles == [(1, ["alice", "bob", "carol"])]
        assert chosen.selection.untouched == 1 and not chosen.selection.left_out
        store.set_status(1, "carol", Status.IN_PROGRESS)
        chosen = select_articles(store, ["alice", "bob", "carol"])
        assert chosen.articles == [(1, ["alice", "bob"])] and chosen.selection.idle == ("carol",)
        touched = select_articles(store, ["alice", "bob", "carol"], finished_only=False)
        assert touched.articles == [(1, ["alice", "bob", "carol"])]
        with pytest.raises(ValueError, match="no article has been finished"):
            store_report(store, ["alice", "carol"])


def test_cli_table_and_json(db):
    table = run("--db", db, "agreement", "--annotators", "alice,bob,carol").stdout
    assert "Agreement of alice, bob, carol over 1 article\n" in table
    assert "Fleiss k" in table and "alpha_U" in table and "alice \\ bob" in table
    data = json.loads(run("--db", db, "agreement", "--format", "json").stdout)
    assert data["annotators"] == ["alice", "bob", "carol"]
    assert "method" in data and "INCEpTION" in data["method"]


def test_cli_explains_when_there_is_nothing_to_compare(tmp_path):
    run("--db", tmp_path / "empty.db", "labels", "add", "threat")  # creates the file
    proc = run("--db", tmp_path / "empty.db", "agreement", check=False)
    assert proc.returncode == 1
    assert "two or more annotators" in proc.stderr


def test_labels_option_compares_only_those_labels(db):
    with Store(db) as store:
        report = store_report(store, ["alice", "carol"], ["demand"])
    assert report.to_dict()["labels"] == ["demand"]
    # carol has no demand span, so on demand alone they disagree; claim and denial are left out
    assert report.to_dict()["corpus"]["tokens"]["labels"]["demand"]["krippendorff_alpha"] < 1.0
    proc = run("--db", db, "agreement", "--annotators", "alice,bob", "--labels", "denial,demand")
    assert "Agreement of alice, bob over 1 article\n" in proc.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--labels", "claim,nosuch"], "no label named 'nosuch'; known: claim, denial, demand, evidence"),
        (["--annotators", "alice,zed"], "no annotator named 'zed'; known: alice, bob, carol"),
        (["--annotators", "alice"], "needs two or more annotators; only alice was given"),
    ],
)
def test_cli_names_the_unknown_name(db, args, message):
    proc = run("--db", db, "agreement", *args, check=False)
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_a_negative_worst_is_a_usage_error(db):
    proc = run("--db", db, "agreement", "--worst", "-1", check=False)
    assert proc.returncode == 2 and "-1 is not in the range x>=0" in proc.stderr


def test_a_label_neither_annotator_used_scores_zero_in_the_table_and_the_json(db):
    """As nervaluate's per-entity figures: no span of a label on either side is P = R = F1 = 0, not n/a."""
    text = run("--db", db, "agreement", "--annotators", "alice,bob").stdout
    claim_rows = [line.split() for line in text.splitlines() if line.startswith("claim ") and " / " in line]
    assert claim_rows and all(row[-4:] == ["0.000"] * 4 for row in claim_rows), text
    spans = json.loads(run("--db", db, "agreement", "--annotators", "alice,bob", "--format", "json").stdout)["corpus"][
        "spans"
    ]
    claim = spans["labels"]["claim"]
    assert claim and all(s["f1"] == 0.0 and s["precision"] == 0.0 for pair in claim for s in pair["schemes"].values())
