"""``textmine label`` driven by scripted keystrokes: accept, toggle, skip, undo, quit, and resume."""

import json

import pytest
from typer.testing import CliRunner

from textmine.cli import app
from tests.classify.fixtures import tiny_model_dir, tiny_path  # noqa: F401  (fixtures)

runner = CliRunner()

PASSAGES = [
    ("p1", "The notes of the home visit were never written up."),
    ("p2", "The baby was not brought to the clinic three times."),
    ("p3", "The health visitor's worries never reached the social worker."),
    ("p4", "The family moved to a new flat."),
    ("p5", "Nobody recorded why the case was closed."),
]


@pytest.fixture
def unlabelled(tmp_path):
    path = tmp_path / "passages.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in PASSAGES), encoding="utf-8")
    return path


def gold_rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def label(corpus, gold, model, keys, order="file"):
    return runner.invoke(app, ["label", str(corpus), "--out", str(gold), "--model", str(model), "--order", order], input=keys)


def test_label_accept_toggle_skip_undo_quit_then_resume(tmp_path, unlabelled, tiny_model_dir):
    gold = tmp_path / "gold.jsonl"
    # p1: accept the suggestion; p2: clear, toggle 1 (attendance), accept; p3: skip, undo, clear, accept; quit on p4
    result = label(unlabelled, gold, tiny_model_dir, "y" + "n1\n" + "s" + "u" + "ny" + "q")
    assert result.exit_code == 0, result.output
    rows = gold_rows(gold)
    assert [r["id"] for r in rows] == ["p1", "p2", "p3"]
    assert rows[0]["labels"] == rows[0]["suggested"] == ["recording"]
    assert rows[1]["labels"] == ["attendance"]
    assert rows[2]["labels"] == []
    assert "3 answers saved" in result.output
    # restart: p1-p3 are not shown again; p4 accepted with toggles 2 and 3, then p5 undone and answered again
    result = label(unlabelled, gold, tiny_model_dir, "n23y" + "y" + "u" + "n2y")
    assert result.exit_code == 0, result.output
    assert "3 passages already in" in result.output
    rows = gold_rows(gold)
    assert [r["id"] for r in rows] == ["p1", "p2", "p3", "p4", "p5"]
    assert rows[3]["labels"] == ["recording", "sharing"]
    assert rows[4]["labels"] == ["recording"]


def test_label_uncertainty_order_shows_every_passage_once(tmp_path, unlabelled, tiny_model_dir):
    gold = tmp_path / "gold.jsonl"
    result = label(unlabelled, gold, tiny_model_dir, "yyyyy", order="uncertainty")
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in gold_rows(gold)) == [i for i, _ in PASSAGES]


def test_label_keeps_answers_after_partial_line(tmp_path, unlabelled, tiny_model_dir):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p1", "text": "x", "labels": []}) + '\n{"id": "p2", "te', encoding="utf-8")
    result = label(unlabelled, gold, tiny_model_dir, "yq")
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in gold.read_text().splitlines() if line.endswith("}")]
    assert ids == ["p1", "p2"]


def test_label_set_must_match_model(tmp_path, unlabelled, tiny_model_dir):
    result = runner.invoke(app, ["label", str(unlabelled), "--out", str(tmp_path / "g.jsonl"),
                                 "--model", str(tiny_model_dir), "--labels", "a,b"])
    assert result.exit_code == 1
    assert "different label set" in result.stderr
