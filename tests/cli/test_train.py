"""``textmine train`` on a tiny three-label corpus, and its errors for unusable corpora."""

import json

import pytest
from typer.testing import CliRunner

from tests.classify.fixtures import tiny_path  # noqa: F401  (fixture)
from textmine.classify import load_model, read_meta
from textmine.cli import app

runner = CliRunner()


def test_train_writes_model_and_card(tmp_path, tiny_path):
    corpus = tmp_path / "c.jsonl"
    rows = [json.loads(line) for line in tiny_path.read_text().splitlines()]
    for k, row in enumerate(rows):
        row["split"] = "test" if k % 8 == 0 else "train"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "models" / "mine"
    result = runner.invoke(app, ["train", str(corpus), "--out", str(out), "--folds", "3", "--family", "logreg"])
    assert result.exit_code == 0, result.output
    assert "Cross-validated (3-fold) scores" in result.output
    assert "Held-out test split" in result.output
    meta = read_meta(out)
    assert meta["labels"] == ["attendance", "recording", "sharing"]
    assert meta["corpus"]["passages"] == sum(r["split"] == "train" for r in rows)
    assert meta["evaluations"][0]["split"] == "test"
    card = (out / "README.md").read_text()
    assert "Cross-validated scores" in card and "Held-out evaluation" in card
    assert load_model(out).labels == meta["labels"]


@pytest.mark.parametrize(
    "rows, extra, message",
    [
        pytest.param([], [], "empty corpus", id="empty"),
        pytest.param([{"id": "1", "text": "x", "labels": ["recording"]}], ["--labels", "recording,sharing"],
                     "label 'sharing' has no positive passages", id="no-positives"),
        pytest.param([{"id": "1", "text": "x", "labels": ["recordin"]}], ["--labels", "recording"],
                     ":1: unknown label 'recordin'", id="unknown-label"),
        pytest.param([{"id": "1", "text": "x", "labels": ["recording"]}, {"id": "2", "text": "y", "labels": []}], [],
                     "label 'recording' has 1 positive passages; training needs 3", id="too-few"),
        pytest.param(['{"id": "1", "text": '], [], ":1: not valid JSON", id="malformed"),
    ],
)
def test_train_bad_corpus_one_line_exit_1(tmp_path, rows, extra, message):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    result = runner.invoke(app, ["train", str(corpus), "--out", str(tmp_path / "m"), *extra])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {corpus}")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("option, value, message", [("--jobs", "0", "--jobs must be a number of processes"),
                                                      ("--family", "forest", "--family must be one of")])
def test_train_bad_option_one_line_exit_1(tmp_path, tiny_path, option, value, message):
    result = runner.invoke(app, ["train", str(tiny_path), "--out", str(tmp_path / "m"), option, value])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "m").exists()
